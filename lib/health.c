/*
 * health.c - health problems as the OSTRC-H2 records them, and the
 * injury and illness episodes a coach takes an athlete through, back
 * to full training.
 *
 * The OSTRC-H2 (Clarsen et al. 2014, BJSM 48:754; the H2 as updated
 * by Clarsen et al. 2020, BJSM 54:390) asks each week whether the
 * athlete had any health problem, then four questions for each problem,
 * whose answers score:
 *
 *	Q1 participation	full / full with the problem / reduced /
 *				cannot participate		0  8 17 25
 *	Q2 training volume	none / minor / moderate / major /
 *				cannot participate		0  6 13 19 25
 *	Q3 performance		as Q2				0  6 13 19 25
 *	Q4 symptoms		none / mild / moderate / severe	0  8 17 25
 *
 * The severity is their sum, 0 to 100.  A problem is substantial when
 * it reduced training volume or performance to a moderate extent or
 * more (Q2 or Q3 scoring 13 or more) or stopped the athlete taking part
 * (Q1 "cannot participate"): symptoms alone never make one, however
 * severe.  An athlete answers with the option's digit (1 the first);
 * health_report holds the digits and, once all four are in, the score.
 *
 * An episode is opened by an answer, by a "sick" or "injured" text, or
 * by a coach's email; the coach moves it through out, modified
 * training, full training and cleared.  episode_askable() is the one
 * rule for whether anything may ask the athlete for ratings or
 * check-ins: not while they are out.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plumbing.h"
#include "db.h"
#include "season.h"

/*
 * Health (lib/health.c).  The question athlete ?1 has still to
 * answer: the latest report asked since ?2 not yet said no to nor
 * answered in full.
 */
STMT(STMT_HEALTH_ASK,
    "INSERT INTO health_report (athlete_id, week, asked_at) "
    "VALUES (?, ?, ?)");
STMT(STMT_HEALTH_PENDING,
    "SELECT id, coalesce(problem, ''), area, coalesce(q1, 0), "
    "coalesce(q2, 0), coalesce(q3, 0), coalesce(q4, 0), week, "
    "max(asked_at, coalesce(answered_at, 0)) "
    "FROM health_report WHERE athlete_id = ? AND asked_at >= ? "
    "AND (problem IS NULL OR problem != 'none' AND q4 IS NULL) "
    "ORDER BY asked_at DESC, id DESC LIMIT 1");
STMT(STMT_HEALTH_PROBLEM,
    "UPDATE health_report SET problem = ?, area = ?, answered_at = ? "
    "WHERE id = ?");
STMT(STMT_HEALTH_ANSWER,
    "UPDATE health_report SET "
    "q1 = CASE ?1 WHEN 1 THEN ?2 ELSE q1 END, "
    "q2 = CASE ?1 WHEN 2 THEN ?2 ELSE q2 END, "
    "q3 = CASE ?1 WHEN 3 THEN ?2 ELSE q3 END, "
    "q4 = CASE ?1 WHEN 4 THEN ?2 ELSE q4 END, "
    "answered_at = ?3 WHERE id = ?4");
STMT(STMT_HEALTH_SCORE,
    "UPDATE health_report SET severity = ?, substantial = ? "
    "WHERE id = ?");
STMT(STMT_HEALTH_HAD,
    "SELECT 1 FROM health_report WHERE athlete_id = ? AND week = ? "
    "AND id != ? AND problem IN ('injury', 'illness') LIMIT 1");
STMT(STMT_EPISODE_OUT,
    "SELECT 1 FROM episode WHERE athlete_id = ? AND closed_at IS NULL "
    "AND stage = 'out' LIMIT 1");
STMT(STMT_EPISODE_SAME,
    "SELECT id FROM episode WHERE athlete_id = ? AND kind = ? "
    "AND area = ? AND closed_at IS NULL");
STMT(STMT_EPISODE_INSERT,
    "INSERT INTO episode (athlete_id, kind, area, stage, source, "
    "opened_at, changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)");
/* the latest open episode of athlete ?3 to stage ?1 at ?2 */
STMT(STMT_EPISODE_MOVE,
    "UPDATE episode SET stage = ?1, changed_at = ?2, closed_at = "
    "CASE ?1 WHEN 'cleared' THEN ?2 END WHERE id = (SELECT id FROM "
    "episode WHERE athlete_id = ?3 AND closed_at IS NULL "
    "ORDER BY opened_at DESC, id DESC LIMIT 1)");
STMT_SHARED(STMT_EPISODES_ATHLETE,
    "SELECT kind, area, stage, opened_at, changed_at, closed_at "
    "FROM episode WHERE athlete_id = ? "
    "ORDER BY closed_at IS NOT NULL, opened_at DESC, id DESC");
/* the open episodes of squad ?1's athletes (0: in no squad) */
STMT_SHARED(STMT_EPISODES_SQUAD,
    "SELECT p.name, e.kind, e.area, e.stage, e.opened_at, "
    "e.changed_at, p.handle FROM episode e JOIN person p ON "
    "p.id = e.athlete_id WHERE e.closed_at IS NULL AND p.active = 1 "
    "AND (EXISTS (SELECT 1 FROM membership ms WHERE ms.person_id = "
    "p.id AND ms.squad_id = ?1) OR ?1 = 0 AND NOT EXISTS (SELECT 1 "
    "FROM membership ms WHERE ms.person_id = p.id)) "
    "ORDER BY p.name, e.opened_at");

/* The score of each option of each question, in the published order. */
static const int scores[OSTRC_QUESTIONS][5] = {
	{ 0, 8, 17, 25, -1 },
	{ 0, 6, 13, 19, 25 },
	{ 0, 6, 13, 19, 25 },
	{ 0, 8, 17, 25, -1 },
};

/* How many options question q (1-4) has: 4 or 5; 0 for no question. */
int
ostrc_options(int q)
{
	if (q < 1 || q > OSTRC_QUESTIONS)
		return 0;
	return scores[q - 1][4] == -1 ? 4 : 5;
}

/* The score of option (1 the first) of question q, or -1. */
int
ostrc_score(int q, int option)
{
	if (option < 1 || option > ostrc_options(q))
		return -1;
	return scores[q - 1][option - 1];
}

/*
 * The severity (0-100) and whether the problem is substantial, from
 * the four options answered (a[0] Q1 ... a[3] Q4, 1 the first), into
 * *out.  Returns 0, or -1 when an answer is not an option.
 */
int
ostrc_severity(const int a[OSTRC_QUESTIONS], struct ostrc_result *out)
{
	int	 s[OSTRC_QUESTIONS], q;

	memset(out, 0, sizeof(*out));
	for (q = 0; q < OSTRC_QUESTIONS; q++)
		if ((s[q] = ostrc_score(q + 1, a[q])) == -1)
			return -1;
	out->severity = s[0] + s[1] + s[2] + s[3];
	out->substantial = s[0] == 25 || s[1] >= 13 || s[2] >= 13;
	return 0;
}

/* The body areas a text may name, each with its keyword (kw.area_...). */
static const char *const areas[] = {
	"neck", "shoulder", "ribs", "upper_back", "lower_back", "arm",
	"wrist", "hip", "knee", "leg", "foot",
};

/*
 * The body area the words of text name ("sore lower back", "rib",
 * "knee"), its slug in out (size bytes); "" when none.  The back
 * alone is the lower back, where rowers' back problems are (Wilson et
 * al. 2014, BJSM 48:1534), unless an "upper" comes within two words.
 */
void
health_area_read(const char *text, char *out, size_t size)
{
	char		 w[3][32], kw[32];
	const char	*p = text;
	size_t		 n, i;

	out[0] = '\0';
	memset(w, 0, sizeof(w));
	while (*p != '\0' && out[0] == '\0') {
		p += strspn(p, " \t\r\n,.;:!?-/");
		n = strcspn(p, " \t\r\n,.;:!?-/");
		if (n == 0)
			break;
		memcpy(w[0], w[1], sizeof(w[0]));
		memcpy(w[1], w[2], sizeof(w[1]));
		snprintf(w[2], sizeof(w[2]), "%.*s", (int)n, p);
		p += n;
		if (words_is("kw.area_back", w[2])) {
			n = strspn(p, " \t");
			snprintf(kw, sizeof(kw), "%.*s", (int)strcspn(p + n,
			    " \t\r\n,.;:!?"), p + n);
			snprintf(out, size, "%s", words_is("kw.area_upper",
			    w[0]) || words_is("kw.area_upper", w[1]) ||
			    words_is("kw.area_upper", kw) ? "upper_back" :
			    "lower_back");
			break;
		}
		for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
			snprintf(kw, sizeof(kw), "kw.area_%s", areas[i]);
			if (words_is(kw, w[2])) {
				snprintf(out, size, "%s", areas[i]);
				break;
			}
		}
	}
}

/* Whether word names a body area, or says which part of one ("lower"). */
int
health_area_word(const char *word)
{
	char	 kw[32];
	size_t	 i;

	if (words_is("kw.area_back", word) || words_is("kw.area_upper",
	    word) || words_is("kw.area_lower", word))
		return 1;
	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++) {
		snprintf(kw, sizeof(kw), "kw.area_%s", areas[i]);
		if (words_is(kw, word))
			return 1;
	}
	return 0;
}

/* Whether slug is a body area health_area_read() gives. */
int
health_area_valid(const char *slug)
{
	size_t	 i;

	for (i = 0; i < sizeof(areas) / sizeof(areas[0]); i++)
		if (strcmp(areas[i], slug) == 0)
			return 1;
	return 0;
}

/* The stages, in the order an athlete goes through them. */
static const char *const stages[] = { "out", "modified", "full",
	"cleared" };

/* The stage a coach's word names (kw.stage_...), or NULL. */
const char *
episode_stage_read(const char *word)
{
	char	 kw[32];
	size_t	 i;

	for (i = 0; i < sizeof(stages) / sizeof(stages[0]); i++) {
		snprintf(kw, sizeof(kw), "kw.stage_%s", stages[i]);
		if (words_is(kw, word))
			return stages[i];
	}
	return NULL;
}

/*
 * Whether athlete may be asked for ratings, check-ins or their
 * availability now: 1, 0 while an episode of theirs has them out, or
 * -1 on a database error.  The one place the rule is: a prompt, a
 * reminder and a coach's "remind" all ask it.
 */
int
episode_askable(struct db *db, int64_t athlete)
{
	sqlite3_stmt	*st = db_query(db, STMT_EPISODE_OUT, "i", athlete);
	enum outcome	 rc = db_row(db, st);

	sqlite3_reset(st);
	if (rc == OUT_FAILED)
		return -1;
	return rc == OUT_ROW ? 0 : 1;
}

/*
 * Opens an episode of kind ("injury", "illness") at area ("" for none
 * or an illness) for athlete, at stage, from source ("ostrc", "text",
 * "coach"), unless one of the same kind and area is open: then that
 * one stays as it is.  Returns 1 when opened, 0 when one was open, -1
 * on a database error.
 */
int
episode_open(struct db *db, int64_t athlete, const char *kind,
    const char *area, const char *stage, const char *source, time_t now)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;

	st = db_query(db, STMT_EPISODE_SAME, "itt", athlete, kind, area);
	rc = db_row(db, st);
	sqlite3_reset(st);
	if (rc == OUT_FAILED)
		return -1;
	if (rc == OUT_ROW)
		return 0;
	if (db_exec(db, STMT_EPISODE_INSERT, "itttti", athlete, kind, area,
	    stage, source, (int64_t)now) == -1)
		return -1;
	return 1;
}

/*
 * Moves athlete's latest open episode to stage ("cleared" closes it).
 * Returns 1 when moved, 0 when none is open, -1 on a database error.
 */
int
episode_move(struct db *db, int64_t athlete, const char *stage, time_t now)
{
	if (db_exec(db, STMT_EPISODE_MOVE, "tii", stage, (int64_t)now,
	    athlete) == -1)
		return -1;
	return db_changes(db) > 0;
}

/*
 * The question athlete has still to answer, into *out: the latest
 * report asked within the last week with the gatekeeper question
 * (question 0) or one of the four unanswered.  Returns OUT_ROW when
 * there is one, OUT_OK when none, OUT_FAILED.
 */
enum outcome
health_pending(struct db *db, int64_t athlete, time_t now,
    struct health_question *out)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;
	int		 q;

	memset(out, 0, sizeof(*out));
	st = db_query(db, STMT_HEALTH_PENDING, "ii", athlete,
	    (int64_t)now - HEALTH_ASK_DAYS * 86400);
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc;
	out->id = sqlite3_column_int64(st, 0);
	snprintf(out->week, sizeof(out->week), "%s", db_text(st, 7));
	snprintf(out->problem, sizeof(out->problem), "%s", db_text(st, 1));
	snprintf(out->area, sizeof(out->area), "%s", db_text(st, 2));
	for (q = 1; q <= OSTRC_QUESTIONS; q++)
		out->answers[q - 1] = sqlite3_column_int(st, 2 + q);
	out->asked = (time_t)sqlite3_column_int64(st, 8);
	sqlite3_reset(st);
	for (q = 0; out->problem[0] != '\0' && q < OSTRC_QUESTIONS &&
	    out->answers[q] != 0; q++)
		continue;
	out->question = out->problem[0] == '\0' ? 0 : q + 1;
	return OUT_ROW;
}

/* Asks athlete this week's question: a report of week (YYYY-MM-DD). */
int
health_ask(struct db *db, int64_t athlete, const char *week, time_t now)
{
	return db_exec(db, STMT_HEALTH_ASK, "iti", athlete, week,
	    (int64_t)now);
}

/*
 * The gatekeeper's answer to report id: problem "none", "injury" (at
 * area) or "illness".  Returns 0 or -1.
 */
int
health_problem(struct db *db, int64_t id, const char *problem,
    const char *area, time_t now)
{
	return db_exec(db, STMT_HEALTH_PROBLEM, "ttii", problem, area,
	    (int64_t)now, id);
}

/*
 * Option (1 the first) answers question q of report id, whose answers
 * so far are in *h; with the fourth, the severity is kept with them
 * (*res, when not NULL, gets it).  Returns 0, or -1.
 */
int
health_answer(struct db *db, struct health_question *h, int q, int option,
    time_t now, struct ostrc_result *res)
{
	struct ostrc_result	 r = { 0 };

	h->answers[q - 1] = option;
	if (db_exec(db, STMT_HEALTH_ANSWER, "iiii", (int64_t)q,
	    (int64_t)option, (int64_t)now, h->id) == -1)
		return -1;
	if (q < OSTRC_QUESTIONS)
		return 0;
	if (ostrc_severity(h->answers, &r) == -1)
		return -1;
	if (res != NULL)
		*res = r;
	return db_exec(db, STMT_HEALTH_SCORE, "iii", (int64_t)r.severity,
	    (int64_t)r.substantial, h->id);
}

/*
 * The problem as a coach or athlete reads it, into out: "Lower back
 * injury", "Injury", "Illness".
 */
void
health_problem_words(const char *problem, const char *area, struct buf *out)
{
	char	 name[48];

	if (strcmp(problem, "illness") == 0) {
		buf_puts(out, words_get(NULL, "gen.health_illness"));
		return;
	}
	if (area[0] == '\0') {
		buf_puts(out, words_get(NULL, "gen.health_injury_any"));
		return;
	}
	snprintf(name, sizeof(name), "gen.area_%s", area);
	words_printf(out, NULL, "gen.health_injury", words_get(NULL, name));
}

/*
 * Whether athlete named a problem in week in a report other than id:
 * a "no" after one ends the week, not says it was free of problems.
 * 1, 0, or -1.
 */
int
health_answered(struct db *db, int64_t athlete, const char *week,
    int64_t id)
{
	sqlite3_stmt	*st = db_query(db, STMT_HEALTH_HAD, "iti", athlete,
	    week, id);
	enum outcome	 rc = db_row(db, st);

	sqlite3_reset(st);
	return rc == OUT_FAILED ? -1 : rc == OUT_ROW;
}
