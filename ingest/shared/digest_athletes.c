/*
 * digest_athletes.c - what the coaches' digest (digest.c) says of their
 * athletes: wellness flags and illness, open injury and illness
 * episodes with the command that moves each on, who has not answered
 * and for how long, and the biggest gaps between a coach's score and
 * the athlete's.  The texts that bring those in are text/scores.c's
 * and text/illness.c's; these parts only read what they stored.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shared.h"
#include "../../lib/sql.h"

/* the open episodes of the athletes coach ?1 commands, whenever
 * they opened (?2, the last digest, and ?3, now, are not read),
 * each with when it came to its stage: the digest's */
STMT(STMT_EPISODES_COACH,
    "SELECT p.name, e.kind, e.area, e.stage, e.changed_at, p.handle "
    "FROM episode e JOIN person p ON p.id = e.athlete_id "
    "WHERE e.closed_at IS NULL AND p.active = 1 AND ?2 = ?2 AND "
    "?3 = ?3 AND " CMD_COACHES("p.id")
    " ORDER BY p.name, e.opened_at");
/* the athletes coach ?1 sees (a head coach: all), by name */
STMT(STMT_DIGEST_ATHLETES,
    "SELECT p.id, p.name, p.handle FROM person p WHERE p.active "
    "AND p.role = 'athlete' AND " CMD_COACHES("p.id")
    " ORDER BY p.name COLLATE NOCASE, p.id");
/*
 * Each part of the digest takes ?1 the coach, ?2 the last digest,
 * ?3 now.  Athletes with coach scores of the last 30 days not
 * answered, the oldest for a day or more: name, handle, since when.
 */
STMT(STMT_DIGEST_LATE,
    "SELECT p.name, p.handle, min(r.created_at) FROM rating r "
    "JOIN person p ON p.id = r.athlete_id "
    "JOIN metric mt ON mt.id = r.metric_id "
    "WHERE r.source = 'coach' AND r.created_at >= ?3 - 2592000 "
    "AND r.created_at <= ?3 AND mt.active "
    "AND p.role = 'athlete' AND p.active AND " CMD_COACHES("p.id")
    " AND NOT EXISTS (SELECT 1 FROM rating s "
    "WHERE s.athlete_id = r.athlete_id AND s.metric_id = r.metric_id "
    "AND s.created_at >= r.created_at AND s.source = 'self') "
    "GROUP BY p.id HAVING min(r.created_at) <= ?3 - 86400 "
    "ORDER BY min(r.created_at), p.name COLLATE NOCASE");
/*
 * the three biggest gaps between a self-rating since ?2 of coach
 * ?1's athletes and the coach score it answered, the blind pair
 * (the rating just before it is the coach's): a self-rating made
 * after the athlete saw the coach's is no gap, as on the
 * dashboard; name, handle,
 * metric, the coach's score, the athlete's, the metric's kind and
 * unit; a gap as a share of its metric's range, as the athlete's
 * page ranks them (gap_cmp()): kept times and numbers are tenths,
 * so their raw gaps would crowd out a point of a 1-5 scale
 */
STMT(STMT_DIGEST_GAPS,
    "SELECT p.name, p.handle, mt.slug, c.score, s.score, mt.kind, "
    "mt.unit FROM rating s "
    "JOIN person p ON p.id = s.athlete_id "
    "JOIN metric mt ON mt.id = s.metric_id "
    "JOIN rating c ON c.id = (SELECT c2.id FROM rating c2 "
    "WHERE c2.athlete_id = s.athlete_id AND c2.metric_id = s.metric_id "
    "AND (c2.created_at < s.created_at OR c2.created_at = s.created_at "
    "AND c2.id < s.id) "
    "ORDER BY c2.created_at DESC, c2.id DESC LIMIT 1) "
    "AND c.source = 'coach' "
    "WHERE s.source = 'self' AND s.created_at >= ?2 "
    "AND s.created_at <= ?3 AND p.active "
    "AND " CMD_COACHES("p.id") " AND c.score != s.score "
    "ORDER BY abs(c.score - s.score) * 1.0 / "
    "max(mt.scale_max - mt.scale_min, 1) DESC, s.created_at DESC LIMIT 3");

#define DAY	(24 * 3600)

/* Flags of coach's athletes as of now; returns how many, or -1. */
static int
flags(struct db *db, int64_t coach, time_t now, struct buf *out)
{
	sqlite3_stmt		*st;
	struct wellness_set	 ws = { 0 };
	struct checkin_items	 items;
	struct buf		 why = { 0 };
	char			 since[11];
	int			 n = 0, rc, flag;

	day_before(now, 27, since);
	if (checkin_items_load(db, &items) == -1)
		return -1;
	st = db_query(db, STMT_DIGEST_ATHLETES, "i", coach);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		buf_reset(&why);
		if (wellness_load(db, sqlite3_column_int64(st, 0), since,
		    &ws) == -1 || checkin_answers_load(db,
		    sqlite3_column_int64(st, 0), since, &items, &ws) == -1) {
			wellness_free(&ws);
			rc = OUT_FAILED;
			break;
		}
		flag = wellness_flag(&ws, now, &why);
		if (flag > 0 && !buf_failed(&why)) {
			if (n++ == 0)
				buf_puts(out, words_get(NULL, "mail.digest_flags"));
			words_printf(out, NULL, flag == 2 ?
			    "mail.digest_flag_ill" : "mail.digest_flag",
			    db_text(st, 1), why.data, db_text(st, 2));
		}
		wellness_free(&ws);
	}
	if (st != NULL)
		sqlite3_reset(st);
	buf_free(&why);
	return rc == OUT_FAILED ? -1 : n;
}

/* Who has not answered for a day or more, and how long. */
static void
late_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	long	 days = (long)((now - sqlite3_column_int64(st, 2)) / DAY);

	words_printf(out, NULL, days == 1 ? "mail.digest_late_day" :
	    "mail.digest_late_days", db_text(st, 0), days, db_text(st, 1));
}

/*
 * One of the biggest gaps between a coach's score and the athlete's,
 * both written as a reply writes them: a time "6:19,9", a number
 * "64,1 kg" in the coach's decimal mark, not the tenths kept.  The text
 * it suggests asks the athlete where the difference comes from, with
 * both scores: a question about the gap, never about the person (it may
 * be copied to a minor's guardian).
 */
static void
gap_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	struct metric	 m = { 0 };
	char		 coach[METRIC_VALUE_MAX], self[METRIC_VALUE_MAX];

	if (metric_kind_parse(db_text(st, 5), &m.kind) == -1)
		m.kind = METRIC_SCALE;
	snprintf(m.unit, sizeof(m.unit), "%s", db_text(st, 6));
	metric_value_write(&m, sqlite3_column_int(st, 3), words_decimal(),
	    coach, sizeof(coach));
	metric_value_write(&m, sqlite3_column_int(st, 4), words_decimal(),
	    self, sizeof(self));
	/* the question asked is about the two views, not the athlete */
	words_printf(out, NULL, "mail.digest_gap", db_text(st, 0),
	    db_text(st, 2), coach, self, db_text(st, 1), db_text(st, 2),
	    self, coach);
}

static const struct digest_part digest_flags = { .lines = flags };
DIGEST_PART(digest_flags, 100);

static const struct digest_part digest_late = {
	.stmt = STMT_DIGEST_LATE, .heading = "mail.digest_late",
	.line = late_line
};
DIGEST_PART(digest_late, 300);

static const struct digest_part digest_gaps = {
	.stmt = STMT_DIGEST_GAPS, .heading = "mail.digest_gaps",
	.line = gap_line
};
DIGEST_PART(digest_gaps, 400);

/*
 * An open injury or illness episode (lib/health.c): what, the stage
 * and since when it is at it (as the part says), with the command that
 * moves it to the next stage.
 */
static void
episode_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	static const char *const next[][2] = { { "out", "kw.stage_modified" },
	    { "modified", "kw.stage_full" }, { "full", "kw.stage_cleared" } };
	struct buf	 what = { 0 };
	const char	*stage = db_text(st, 3), *kw = "kw.stage_cleared";
	char		 day[11], date[WORDS_DATE_MAX], name[32], word[32];
	size_t		 i;

	(void)now;
	for (i = 0; i < sizeof(next) / sizeof(next[0]); i++)
		if (strcmp(next[i][0], stage) == 0)
			kw = next[i][1];
	/* a keyword's first alias in the coach's language */
	snprintf(word, sizeof(word), "%s", words_get(NULL, kw));
	word[strcspn(word, " ")] = '\0';
	snprintf(name, sizeof(name), "gen.stage_%s", stage);
	day_string((time_t)sqlite3_column_int64(st, 4), day);
	health_problem_words(db_text(st, 1), db_text(st, 2), &what);
	words_printf(out, NULL, "mail.digest_episode", db_text(st, 0),
	    what.data ? what.data : "", words_get(NULL, name),
	    words_date(day, date), db_text(st, 5), word);
	buf_free(&what);
}

static const struct digest_part digest_episodes = {
	.stmt = STMT_EPISODES_COACH, .heading = "mail.digest_episodes",
	.line = episode_line
};
DIGEST_PART(digest_episodes, 200);
