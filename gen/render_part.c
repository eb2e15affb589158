/*
 * render_part.c - the plaintext of a part of the dashboard: a squad's,
 * for its coaches and the head coaches, or the team's, for the head
 * coaches alone (who is in no squad, unknown senders, the squads'
 * parts to open).  One template and one function make both: the rows
 * its members left (render_row.c), what came in and went out, and the
 * rating rounds added up.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

#define INBOX_ROWS	50
#define OUTBOX_ROWS	50

/* The fragments part of squad's members, or (squad 0) of no squad's. */
static json_t *
fragments(struct db *db, const char *part, int64_t squad)
{
	struct buf	 b = { 0 };
	sqlite3_stmt	*st = squad != 0 ?
	    db_query(db, STMT_FRAGMENT_SQUAD, "ti", part, squad) :
	    db_query(db, STMT_FRAGMENT_TEAM, "t", part);
	int		 rc;

	while ((rc = db_row(db, st)) == OUT_ROW)
		buf_add(&b, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	return render_json_buf(&b);
}

/* The latest notes and unparsed texts of squad's members, or (squad
 * 0) of people in no squad, or (squad -1) of numbers nobody has. */
static json_t *
inbox(const struct render_ctx *r, int64_t squad)
{
	sqlite3_stmt	*st;
	json_t		*a = json_array();
	char		 day[11];
	int		 rc;

	if (squad > 0)
		st = db_query(r->db, STMT_INBOX_SQUAD, "ii", squad,
		    (int64_t)INBOX_ROWS);
	else
		st = db_query(r->db, squad == 0 ? STMT_INBOX_TEAM :
		    STMT_INBOX_UNKNOWN, "i", (int64_t)INBOX_ROWS);
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		day_string((time_t)sqlite3_column_int64(st, 0), day);
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s, s:I, "
		    "s:s}", "date", day, "name", db_text(st, 1), "kind",
		    db_text(st, 2), "text", db_text(st, 3), "id",
		    (json_int_t)sqlite3_column_int64(st, 4), "handle",
		    db_text(st, 5)));
	}
	if (rc == -1) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* What to do about a message that failed, in words; NULL if unknown. */
static const char *
failure_hint(const char *channel, const char *code)
{
	if (strcmp(channel, "email") == 0)
		return words_get(NULL, "gen.hint_email");
	return phone_error_hint(code);
}

/*
 * What went out to squad's athletes (squad 0: to the coaches, people in
 * no squad and unknown numbers), newest first: the last OUTBOX_ROWS, or
 * with failed what failed since since, with the provider's code and what
 * to do.
 */
static json_t *
outbox(const struct render_ctx *r, int64_t squad, int failed, time_t since)
{
	sqlite3_stmt	*st;
	json_t		*a = json_array(), *o;
	const char	*code;
	char		 day[11], num[16];
	int		 rc;

	if (squad != 0)
		st = db_query(r->db, STMT_OUTBOX_SQUAD, "iiii", squad,
		    (int64_t)failed, (int64_t)since, (int64_t)OUTBOX_ROWS);
	else
		st = db_query(r->db, STMT_OUTBOX_TEAM, "iii", (int64_t)failed,
		    (int64_t)since, (int64_t)OUTBOX_ROWS);
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		day_string((time_t)sqlite3_column_int64(st, 0), day);
		code = phone_error_code(*db_text(st, 5) ? db_text(st, 5) :
		    db_text(st, 4), num, sizeof(num));
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}",
		    "date", day, "name", db_text(st, 1), "kind",
		    db_text(st, 2), "status", db_text(st, 3), "error",
		    db_text(st, 4), "text", db_text(st, 6), "what",
		    db_text(st, 7), "failed", strcmp(db_text(st, 3),
		    "failed") == 0 || strcmp(db_text(st, 3), "undelivered")
		    == 0);
		if (*code != '\0')
			json_object_set_new(o, "code", json_string(code));
		if (json_is_true(json_object_get(o, "failed")) &&
		    failure_hint(db_text(st, 2), code) != NULL)
			json_object_set_new(o, "hint", json_string(
			    failure_hint(db_text(st, 2), code)));
		json_array_append_new(a, o);
	}
	if (rc == -1) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* One rating round of a squad, added up from its members' rounds. */
struct round {
	char	 day[11];
	int	 rated, answered;
};

static int
round_cmp(const void *a, const void *b)
{
	return strcmp(((const struct round *)b)->day,
	    ((const struct round *)a)->day);	/* newest first */
}

/*
 * The squad's rating rounds of the last weeks, newest first: how many
 * athletes the coaches rated that day and how many have answered, from
 * the "rounds" fragments ("YYYY-MM-DD 0|1" lines) of its members.
 */
static json_t *
rounds(const struct render_ctx *r, json_t *lines)
{
	struct round	 v[64];
	const char	*p = json_string_value(lines);
	char		 oldest[11], day[11];
	json_t		*a;
	size_t		 i, n = 0;
	int		 done, len;

	if (p == NULL)
		return NULL;
	day_before(r->now, ROUND_DAYS, oldest);
	while (sscanf(p, "%10s %d\n%n", day, &done, &len) == 2) {
		p += len;
		if (strlen(day) != 10 || strcmp(day, oldest) < 0)
			continue;
		for (i = 0; i < n && strcmp(v[i].day, day) != 0; i++)
			continue;
		if (i == n) {
			if (n == sizeof(v) / sizeof(v[0]))
				continue;
			memcpy(v[n].day, day, sizeof(day));
			v[n].rated = v[n].answered = 0;
			n++;
		}
		v[i].rated++;
		v[i].answered += done != 0;
	}
	qsort(v, n, sizeof(v[0]), round_cmp);
	a = json_array();
	for (i = 0; i < n && i < 6; i++)
		json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:i}",
		    "date", v[i].day, "rated", v[i].rated, "answered",
		    v[i].answered, "waiting", v[i].rated - v[i].answered));
	return a;
}

/*
 * One part of the dashboard: squad's (named name), or with squad 0 the
 * head coaches' part: who is in no squad, unknown senders, and parts,
 * the squads' parts to open from it.  Only what its readers may see.
 */
int
render_dashboard(const struct render_ctx *r, const char *root, int64_t squad,
    const char *name, json_t *parts, struct buf *out)
{
	static const char *const lists[] = { "outbox", "failed", "inbox",
	    "unknown", "rounds" };

	json_t	*ctx, *metrics = json_array(), *lines;
	char	 has[16];
	size_t	 i;
	int	 rc;

	for (i = 0; i < r->nmetrics; i++)
		json_array_append_new(metrics, json_pack("{s:s, s:s}", "name",
		    r->metrics[i].name, "slug", r->metrics[i].slug));
	lines = fragments(r->db, "rounds", squad);
	ctx = json_pack("{s:s, s:s, s:s, s:o, s:o*, s:o*, s:o*, s:o*, s:o*, "
	    "s:o*, s:o*, s:o*}", "team", r->team, "root", root, "squad", name,
	    "metrics", metrics, "rows", fragments(r->db, "row", squad),
	    "roster", fragments(r->db, "roster", squad),
	    "pending", fragments(r->db, "pending", squad),
	    "flags", fragments(r->db, "flag", squad),
	    "inbox", inbox(r, squad),
	    "outbox", outbox(r, squad, 0, 0),
	    "failed", outbox(r, squad, 1, r->now - 30 * 86400),
	    "rounds", rounds(r, lines));
	json_decref(lines);
	if (ctx == NULL)
		return -1;
	if (squad == 0 && json_object_set_new(ctx, "unknown",
	    inbox(r, -1)) == -1) {
		json_decref(ctx);
		return -1;
	}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		snprintf(has, sizeof(has), "has_%s", lists[i]);
		json_object_set_new(ctx, has, json_boolean(
		    json_array_size(json_object_get(ctx, lists[i])) > 0));
	}
	json_object_set_new(ctx, "team_part", json_boolean(squad == 0));
	if (parts != NULL)
		json_object_set(ctx, "parts", parts);
	rc = tmpl_render(r->tmpl, "coach.html", ctx, out);
	json_decref(ctx);
	return rc;
}
