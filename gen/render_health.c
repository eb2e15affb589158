/*
 * render_health.c - health on the pages (lib/health.c): on a squad's
 * part, the OSTRC-H2 week by week (of those who answered, how many had
 * a problem, how many a substantial one) and the open injury and
 * illness episodes with their stage (its sections: part_health,
 * part_episodes); on an athlete's page, their own episodes and
 * answers.  A part is sealed to the squad's coaches and the head
 * coaches, a page to its athlete and their coaches, so health goes
 * nowhere else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/* an athlete's own answers since ?2, for their page */
STMT(STMT_HEALTH_ATHLETE,
    "SELECT week, problem, area, severity, substantial "
    "FROM health_report WHERE athlete_id = ?1 AND week >= ?2 "
    "AND problem IN ('injury', 'illness') ORDER BY week DESC, id");
/*
 * A squad's weeks since ?2 (squad ?1; 0: the people in no
 * squad): who answered, who had a problem, who a substantial one.
 */
STMT(STMT_HEALTH_PREVALENCE,
    "SELECT h.week, count(DISTINCT h.athlete_id), "
    "count(DISTINCT CASE WHEN h.problem != 'none' THEN h.athlete_id "
    "END), count(DISTINCT CASE WHEN h.substantial = 1 THEN "
    "h.athlete_id END) FROM health_report h JOIN person p ON "
    "p.id = h.athlete_id WHERE h.problem IS NOT NULL AND "
    "h.week >= ?2 AND p.active = 1 AND (EXISTS (SELECT 1 FROM "
    "membership ms WHERE ms.person_id = p.id AND ms.squad_id = ?1) "
    "OR ?1 = 0 AND NOT EXISTS (SELECT 1 FROM membership ms WHERE "
    "ms.person_id = p.id)) GROUP BY h.week ORDER BY h.week DESC");

#define HEALTH_WEEKS	8	/* weeks of prevalence a part shows */
#define HEALTH_DAYS	365	/* an athlete's answers their page shows */

/* The problem of kind at area as people read it ("Knee injury"). */
static json_t *
problem(const char *kind, const char *area)
{
	struct buf	 b = { 0 };
	json_t		*v;

	health_problem_words(kind, area, &b);
	v = json_string(b.data ? b.data : "");
	buf_free(&b);
	return v;
}

/* The stage as people read it ("modified training"). */
static json_t *
stage(const char *s)
{
	static const char *const names[][2] = { { "out", "gen.stage_out" },
	    { "modified", "gen.stage_modified" }, { "full", "gen.stage_full" },
	    { "cleared", "gen.stage_cleared" } };
	size_t	 i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i][0], s) == 0)
			return json_string(words_get(NULL, names[i][1]));
	return json_string(s);
}

/*
 * The link that moves an episode at stage on to the next ("stage @jdoe
 * full", its words in the coach's language, as the digest writes it)
 * and that stage's name, into o as next_href and next: a coach on a
 * phone taps rather than types the command.  Nothing past full.
 */
static void
next_stage(const struct render_ctx *r, const char *handle, const char *s,
    json_t *o)
{
	static const char *const next[][3] = {
	    { "out", "kw.stage_modified", "gen.stage_modified" },
	    { "modified", "kw.stage_full", "gen.stage_full" },
	    { "full", "kw.stage_cleared", "gen.stage_cleared" } };
	char	 word[32];
	size_t	 i;
	json_t	*href;

	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++)
		if (strcmp(next[i][0], s) == 0)
			break;
	if (i == sizeof(next) / sizeof(next[0]))
		return;
	/* a keyword's first alias, as the command reads it */
	snprintf(word, sizeof(word), "%s", words_get(NULL, next[i][1]));
	word[strcspn(word, " ")] = '\0';
	if ((href = render_action(r, "gen.cmd_stage", handle, word)) == NULL)
		return;
	json_object_set_new(o, "next_href", href);
	json_object_set_new(o, "next", json_string(words_get(NULL,
	    next[i][2])));
}

/* A Unix time's day in words ("3 Nov 2026"). */
static json_t *
date_of(int64_t t)
{
	char	 day[11], date[WORDS_DATE_MAX];

	day_string((time_t)t, day);
	return json_string(words_date(day, date));
}

/* "3 of 8 (38%)": n of all, the share rounded. */
static json_t *
share(int n, int all)
{
	struct buf	 b = { 0 };
	json_t		*v;

	words_printf(&b, NULL, "gen.health_share", n, all,
	    all > 0 ? (200 * n + all) / (2 * all) : 0);
	v = json_string(b.data ? b.data : "");
	buf_free(&b);
	return v;
}

/*
 * The part's OSTRC-H2 weeks into ctx's health (its squad's, or with
 * squad 0 the people's in no squad): a row a week, newest first, each
 * by the day it was asked ("24 Nov", narrow on a phone), with its day
 * as ISO 8601 for the <time> that keeps the date on one line.  0 or -1.
 */
static int
health_render(const struct part *p, json_t *ctx)
{
	const struct render_ctx	*r = p->r;
	sqlite3_stmt		*st;
	json_t			*weeks = json_array();
	char			 since[11], day[WORDS_DAY_MAX];
	int			 rc, all;

	day_string(r->now - HEALTH_WEEKS * 7 * 86400, since);
	st = db_query(r->db, STMT_HEALTH_PREVALENCE, "it", p->squad, since);
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		all = sqlite3_column_int(st, 1);
		json_array_append_new(weeks, json_pack("{s:s, s:s, s:i, s:o, "
		    "s:o}", "week", words_day(db_text(st, 0), day), "day",
		    db_text(st, 0), "answered", all,
		    "any", share(sqlite3_column_int(st, 2), all),
		    "substantial", share(sqlite3_column_int(st, 3), all)));
	}
	if (rc == OUT_FAILED) {
		json_decref(weeks);
		return -1;
	}
	json_object_set_new(ctx, "health", weeks);
	return 0;
}

/*
 * The part's open episodes into ctx's episodes, each since the day it
 * reached its stage, written as the weeks' days are (a stage held over
 * a year is rare, and its <time> carries the year), with the link that
 * moves it on.  0 or -1.
 */
static int
episodes_render(const struct part *p, json_t *ctx)
{
	const struct render_ctx	*r = p->r;
	sqlite3_stmt		*st;
	json_t			*eps = json_array(), *ep;
	char			 changed[11], day[WORDS_DAY_MAX];
	int			 rc;

	st = db_query(r->db, STMT_EPISODES_SQUAD, "i", p->squad);
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		day_string((time_t)sqlite3_column_int64(st, 5), changed);
		ep = json_pack("{s:s, s:o, s:o, s:b, s:s, s:s}", "name",
		    db_text(st, 0), "problem", problem(db_text(st, 1),
		    db_text(st, 2)), "stage", stage(db_text(st, 3)), "out",
		    strcmp(db_text(st, 3), "out") == 0, "since",
		    words_day(changed, day), "day", changed);
		if (ep == NULL)
			continue;
		next_stage(r, db_text(st, 6), db_text(st, 3), ep);
		json_array_append_new(eps, ep);
	}
	if (rc == OUT_FAILED) {
		json_decref(eps);
		return -1;
	}
	json_object_set_new(ctx, "episodes", eps);
	return 0;
}

static const struct part_section part_episodes = { "episodes",
    PART_SQUAD | PART_TEAM | PART_HAS, NULL, episodes_render };
PART_SECTION(part_episodes, 600);
static const struct part_section part_health = { "health",
    PART_SQUAD | PART_TEAM | PART_HAS, NULL, health_render };
PART_SECTION(part_health, 900);

/*
 * Athlete's own episodes (open first) and the problems they reported
 * in the last year into ctx: health_episodes, health_weeks, has_health.
 * 0 or -1.
 */
int
render_health_athlete(const struct render_ctx *r, int64_t athlete,
    json_t *ctx)
{
	sqlite3_stmt	*st;
	json_t		*eps = json_array(), *weeks = json_array();
	char		 since[11], date[WORDS_DATE_MAX];
	int		 rc;

	st = db_query(r->db, STMT_EPISODES_ATHLETE, "i", athlete);
	while ((rc = db_row(r->db, st)) == OUT_ROW)
		json_array_append_new(eps, json_pack("{s:o, s:o, s:o}",
		    "problem", problem(db_text(st, 0), db_text(st, 1)),
		    "stage", stage(db_text(st, 2)), "since",
		    date_of(sqlite3_column_int64(st, 4))));
	if (rc == OUT_FAILED)
		goto fail;
	day_string(r->now - HEALTH_DAYS * 86400, since);
	st = db_query(r->db, STMT_HEALTH_ATHLETE, "it", athlete, since);
	while ((rc = db_row(r->db, st)) == OUT_ROW)
		json_array_append_new(weeks, json_pack("{s:s, s:o, s:o*, s:b}",
		    "week", words_date(db_text(st, 0), date), "problem",
		    problem(db_text(st, 1), db_text(st, 2)), "severity",
		    sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL :
		    json_integer(sqlite3_column_int(st, 3)), "substantial",
		    sqlite3_column_int(st, 4) == 1));
	if (rc == OUT_FAILED)
		goto fail;
	json_object_set_new(ctx, "has_health", json_boolean(
	    json_array_size(eps) > 0 || json_array_size(weeks) > 0));
	json_object_set_new(ctx, "health_episodes", eps);
	json_object_set_new(ctx, "health_weeks", weeks);
	return 0;
fail:
	json_decref(eps);
	json_decref(weeks);
	return -1;
}
