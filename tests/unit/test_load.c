/*
 * Unit tests for lib/load.c: weekly load, monotony, strain and the
 * four-week comparison against values worked by hand, and the days a
 * database's sessions add up to.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/lib.h"

/*
 * A fortnight with rest days, the last week of a season's 35 days:
 * the week before 300 a day, twice with a rest day (1,500), this week
 * 630, 0, 450, 300, 0, 720, 240 (2,340).  By hand, this week: mean
 * 2340 / 7 = 334.29; squared differences from it 87,447.0 + 111,746.9
 * + 13,389.8 + 1,175.5 + 111,746.9 + 148,775.5 + 8,889.8 = 483,171.4,
 * over 7 = 69,024.5, SD 262.73; monotony 334.29 / 262.73 = 1.272;
 * strain 2,340 x 1.272 = 2,977.4.  The week before: mean 214.29, SD
 * sqrt((5 x 85.71^2 + 2 x 214.29^2) / 7) = 135.53, monotony 1.581.
 */
static void
fortnight(long daily[LOAD_DAYS], const long *weeks_before)
{
	static const long	 before[7] = { 300, 300, 0, 300, 300, 300, 0 };
	static const long	 week[7] = { 630, 0, 450, 300, 0, 720, 240 };
	int			 i, w;

	memset(daily, 0, LOAD_DAYS * sizeof(*daily));
	/* three earlier weeks of one session each, as weeks_before says */
	for (w = 0; w < 3; w++)
		daily[w * 7 + 3] = weeks_before[w];
	for (i = 0; i < 7; i++) {
		daily[21 + i] = before[i];
		daily[28 + i] = week[i];
	}
}

static void
test_week(void **state)
{
	static const long	 earlier[3] = { 2000, 2100, 2320 };
	struct load_summary	 s;
	long			 daily[LOAD_DAYS];

	(void)state;
	fortnight(daily, earlier);
	load_summarize(daily, 1, &s);
	assert_int_equal(s.last.load, 2340);
	assert_true(s.last.monotony_ok);
	assert_true(s.last.monotony > 1.2723 && s.last.monotony < 1.2725);
	assert_true(s.last.strain > 2977.3 && s.last.strain < 2977.5);
	/* (2000 + 2100 + 2320 + 1500) / 4 = 1,980; 2,340 is 18% above */
	assert_true(s.before > 1979.99 && s.before < 1980.01);
	assert_int_equal(s.percent, 18);
	assert_false(s.caution);
}

/* Over 1.5 times the four weeks before: a caution, if they are all there. */
static void
test_caution(void **state)
{
	static const long	 earlier[3] = { 1000, 1000, 1000 };
	struct load_summary	 s;
	long			 daily[LOAD_DAYS];

	(void)state;
	fortnight(daily, earlier);
	/* (1000 x 3 + 1500) / 4 = 1,125; x 1.5 = 1,687.5 < 2,340 */
	load_summarize(daily, 1, &s);
	assert_int_equal(s.percent, 108);
	assert_true(s.caution);
	load_summarize(daily, 0, &s);
	assert_int_equal(s.percent, 0);
	assert_false(s.caution);
	assert_int_equal(s.last.load, 2340);
}

/* The same load every day, or none: monotony undefined, no strain. */
static void
test_flat(void **state)
{
	struct load_summary	 s;
	long			 daily[LOAD_DAYS];
	int			 i;

	(void)state;
	for (i = 0; i < LOAD_DAYS; i++)
		daily[i] = 300;
	load_summarize(daily, 1, &s);
	assert_int_equal(s.last.load, 2100);
	assert_false(s.last.monotony_ok);
	assert_true(s.last.strain == 0);
	assert_int_equal(s.percent, 0);
	memset(daily, 0, sizeof(daily));
	load_summarize(daily, 1, &s);
	assert_false(s.last.monotony_ok);
	assert_false(s.caution);
	/* the week before alone, worked above: 1,500, monotony 1.581 */
	fortnight(daily, (const long[3]){ 0, 0, 0 });
	memmove(daily + 28, daily + 21, 7 * sizeof(*daily));
	load_summarize(daily, 0, &s);
	assert_int_equal(s.last.load, 1500);
	assert_true(s.last.monotony > 1.5810 && s.last.monotony < 1.5812);
	assert_true(s.last.strain > 2371.6 && s.last.strain < 2371.8);
}

/* Sessions in a database: summed per day, minutes unsaid counted apart. */
static void
test_read(void **state)
{
	struct session	 s = { .rpe = 7, .minutes = 90 };
	struct load	 l;
	struct db	*db;
	time_t		 now = time(NULL);
	int		 done;

	(void)state;
	log_setup("test_load", 0, LOGL_SILENT);
	assert_int_equal(db_open(":memory:", &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO person (id, "
	    "name, handle, slug, created_at, updated_at) VALUES (1, 'Ann Lee', "
	    "'alee', 's1', 1, 1);", NULL, NULL, NULL), SQLITE_OK);
	day_string(now, s.day);
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	s.rpe = 3;
	s.minutes = 0;
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	assert_false(done);
	day_before(now, 20, s.day);
	s.minutes = 40;
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	assert_int_equal(load_read(db, 1, now, &l), 0);
	assert_int_equal(l.daily[LOAD_DAYS - 1], 630);
	assert_int_equal(l.daily[LOAD_DAYS - 21], 120);
	assert_int_equal(l.sessions, 3);
	assert_int_equal(l.open, 1);
	assert_false(l.full);
	/* "rpe 3" today, then its minutes: completed, not a second row */
	day_string(now, s.day);
	s.minutes = 30;
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	assert_true(done);
	/* a session 34 days ago: four full weeks before this one */
	day_before(now, 34, s.day);
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	assert_int_equal(load_read(db, 1, now, &l), 0);
	assert_int_equal(l.daily[LOAD_DAYS - 1], 720);
	assert_int_equal(l.daily[0], 90);
	assert_int_equal(l.open, 0);
	assert_true(l.full);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_week),
		cmocka_unit_test(test_caution),
		cmocka_unit_test(test_flat),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
