/*
 * Unit tests for the blind rule (lib/rating.c): every ordering of coach
 * (C) and self (S) ratings of one athlete and metric, and who may see
 * each rating; the coach score a text answers is the same read from the
 * whole history (ratings_load) and from the latest ratings alone
 * (ratings_latest, what the webhook reads).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/scores.h"

static const struct {
	const char	*seq;		/* ratings in time order */
	const char	*paired;	/* 1 where paired */
	const char	*athlete;	/* 1 where the athlete sees it */
	const char	*coach;		/* 1 where a coach sees it */
} cases[] = {
	{ "C",		"0",		"0",		"1" },
	{ "S",		"0",		"1",		"0" },
	{ "CS",		"11",		"11",		"11" },
	{ "SC",		"00",		"10",		"01" },
	{ "CC",		"00",		"00",		"11" },
	{ "CCS",	"111",		"111",		"111" },
	{ "CSS",	"110",		"111",		"110" },
	{ "CSC",	"110",		"110",		"111" },
	{ "CSCS",	"1111",		"1111",		"1111" },
	{ "SCS",	"011",		"111",		"011" },
	{ "CSSCS",	"11011",	"11111",	"11011" },
};

static struct db	*db;
static int64_t		 athlete, metric;

static int
setup(void **state)
{
	(void)state;
	log_setup("test_blind", 0, LOGL_ERROR);
	assert_int_equal(db_open(":memory:", &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db),
	    "INSERT INTO person (name, handle, slug, created_at, updated_at) "
	    "VALUES ('A', 'a', 's', 1, 1);"
	    "INSERT INTO metric (slug, name, created_at) "
	    "VALUES ('technique', 'Technique', 1);", NULL, NULL, NULL),
	    SQLITE_OK);
	athlete = 1;
	metric = 1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_close(db);
	return 0;
}

/* Whether both loads find the same rating waiting for the athlete. */
static void
pending_agree(const char *seq)
{
	struct metric_set	 ms;
	struct rating_set	 all, latest;
	const struct rating	*p1[2], *p2[2];

	assert_int_equal(metric_set_load(db, &ms), 0);
	assert_int_equal(ms.n, 1);
	assert_int_equal(ratings_load(db, athlete, &all), 0);
	assert_int_equal(ratings_latest(db, athlete, &ms, NULL, &latest), 0);
	assert_true(latest.n <= 1);
	ratings_pending(&all, &ms, p1);
	ratings_pending(&latest, &ms, p2);
	if ((p1[0] == NULL) != (p2[0] == NULL) ||
	    (p1[0] != NULL && p1[0]->id != p2[0]->id))
		fail_msg("%s: the history waits on %lld, the latest on %lld",
		    seq, p1[0] ? (long long)p1[0]->id : 0LL,
		    p2[0] ? (long long)p2[0]->id : 0LL);
	ratings_free(&all);
	ratings_free(&latest);
	metric_set_free(&ms);
}

static void
test_table(void **state)
{
	struct rating_set	 rs;
	size_t			 i, j;
	char			 got[3][16];

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sqlite3_exec(db_handle(db), "DELETE FROM "
		    "rating", NULL, NULL, NULL), SQLITE_OK);
		for (j = 0; cases[i].seq[j] != '\0'; j++)
			assert_int_equal(rating_add(db, athlete, metric,
			    cases[i].seq[j] == 'C' ? SOURCE_COACH :
			    SOURCE_SELF, 0, 3, "", "2026-11-01",
			    (int64_t)(100 + j), 0), 0);
		assert_int_equal(ratings_load(db, athlete, &rs), 0);
		assert_int_equal(rs.n, strlen(cases[i].seq));
		for (j = 0; j < rs.n; j++) {
			got[0][j] = rs.v[j].paired ? '1' : '0';
			got[1][j] = rating_visible(&rs.v[j], ROLE_ATHLETE) ?
			    '1' : '0';
			got[2][j] = rating_visible(&rs.v[j], ROLE_COACH) ?
			    '1' : '0';
		}
		got[0][j] = got[1][j] = got[2][j] = '\0';
		if (strcmp(got[0], cases[i].paired) != 0 ||
		    strcmp(got[1], cases[i].athlete) != 0 ||
		    strcmp(got[2], cases[i].coach) != 0)
			fail_msg("%s: paired %s athlete %s coach %s, wanted "
			    "%s %s %s", cases[i].seq, got[0], got[1], got[2],
			    cases[i].paired, cases[i].athlete,
			    cases[i].coach);
		ratings_free(&rs);
		pending_agree(cases[i].seq);
	}
}

/*
 * The round a new self-rating comes after (rating_round(), what the
 * webhook answers a score with): the latest coach rating and the first
 * self-rating after it, or none while that rating waits.  Each rating
 * of a case scores its place in the sequence, 1 the first.
 */
static void
test_round(void **state)
{
	size_t	 i, j, n, c;
	int	 coach, self, rc, want;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sqlite3_exec(db_handle(db), "DELETE FROM "
		    "rating", NULL, NULL, NULL), SQLITE_OK);
		n = strlen(cases[i].seq);
		for (j = 0, c = n; j < n; j++) {
			assert_int_equal(rating_add(db, athlete, metric,
			    cases[i].seq[j] == 'C' ? SOURCE_COACH :
			    SOURCE_SELF, 0, (int)j + 1, "", "2026-11-01",
			    (int64_t)(100 + j), 0), 0);
			if (cases[i].seq[j] == 'C')
				c = j;
		}
		want = c + 1 < n;
		coach = self = 0;
		rc = rating_round(db, athlete, metric, &coach, &self);
		if (rc != want || (want && (coach != (int)c + 1 ||
		    self != (int)c + 2)))
			fail_msg("%s: round %d (coach %d, self %d), wanted %d",
			    cases[i].seq, rc, coach, self, want);
	}
}

static void
test_same_second_uses_order(void **state)
{
	struct rating_set	 rs;

	(void)state;
	/* a reply in the same second still counts as after */
	assert_int_equal(sqlite3_exec(db_handle(db), "DELETE FROM rating",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(rating_add(db, athlete, metric, SOURCE_COACH, 0, 4,
	    "", "2026-11-01", 500, 0), 0);
	assert_int_equal(rating_add(db, athlete, metric, SOURCE_SELF, 0, 2,
	    "", "2026-11-01", 500, 0), 0);
	assert_int_equal(ratings_load(db, athlete, &rs), 0);
	assert_true(rs.v[0].paired && rs.v[1].paired);
	ratings_free(&rs);
}

/*
 * A text that scores one metric reads that metric's latest rating and
 * no other's, and finds the same one waiting as a read of them all.
 */
static void
test_only_metrics_scored(void **state)
{
	struct metric_set	 ms;
	struct rating_set	 all, some;
	const struct rating	*p1[3], *p2[3];
	const char		 only[3] = { 0, 1, 0 };
	size_t			 k;

	(void)state;
	assert_int_equal(sqlite3_exec(db_handle(db), "DELETE FROM rating;"
	    "INSERT INTO metric (slug, name, created_at) "
	    "VALUES ('fitness', 'Fitness', 1);", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(metric_set_load(db, &ms), 0);
	assert_int_equal(ms.n, 2);
	for (k = 0; k < ms.n; k++)
		assert_int_equal(rating_add(db, athlete, ms.v[k].id,
		    SOURCE_COACH, 0, 4, "", "2026-11-01", 600, 0), 0);
	assert_int_equal(ratings_latest(db, athlete, &ms, NULL, &all), 0);
	assert_int_equal(ratings_latest(db, athlete, &ms, only, &some), 0);
	assert_int_equal(all.n, 2);
	assert_int_equal(some.n, 1);
	assert_int_equal(some.v[0].metric_id, ms.v[1].id);
	ratings_pending(&all, &ms, p1);
	ratings_pending(&some, &ms, p2);
	assert_non_null(p1[0]);
	assert_null(p2[0]);		/* not read, so not waiting */
	assert_non_null(p2[1]);
	assert_int_equal(p1[1]->id, p2[1]->id);
	ratings_free(&all);
	ratings_free(&some);
	metric_set_free(&ms);
	assert_int_equal(sqlite3_exec(db_handle(db), "DELETE FROM rating;"
	    "DELETE FROM metric WHERE slug = 'fitness';", NULL, NULL, NULL),
	    SQLITE_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_round),
		cmocka_unit_test(test_same_second_uses_order),
		cmocka_unit_test(test_only_metrics_scored),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
