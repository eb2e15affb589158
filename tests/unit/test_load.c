/*
 * Unit tests for lib/load.c: the usual day (an exponentially weighted
 * mean), this week's load and its changes from last week and from the
 * usual week, against values worked by hand, and the days a database's
 * sessions add up to.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/season.h"

#define near(a, b)	assert_true((a) > (b) - 0.005 && (a) < (b) + 0.005)

/*
 * Four weeks worked by hand with a time constant of 7 days, lambda =
 * 2 / (7 + 1) = 0.25, so that every step is exact:
 *
 *	week 1	300   0 300   0 300   0 500	(1,400)
 *	week 2	360   0 420 240   0 580   0	(1,600)
 *	week 3	490   0 570 380   0 720   0	(2,160)
 *	week 4	910 310 720   0 800 590   0	(3,330)
 *
 * Unknown for the first 6 days; at the end of day 7 the plain mean of
 * the first 7, 1,400 / 7 = 200; then 0.25 x load + 0.75 x the day
 * before's:
 *
 *	day  8	0.25 x 360 + 0.75 x 200 = 90 + 150   = 240
 *	day  9	0.25 x   0 + 0.75 x 240 =  0 + 180   = 180
 *	day 10	0.25 x 420 + 0.75 x 180 = 105 + 135  = 240
 *	day 11	0.25 x 240 + 0.75 x 240 = 60 + 180   = 240
 *	day 12	0.25 x   0 + 0.75 x 240 =  0 + 180   = 180
 *	day 13	0.25 x 580 + 0.75 x 180 = 145 + 135  = 280
 *	day 14	0.25 x   0 + 0.75 x 280 =  0 + 210   = 210
 *	day 15	0.25 x 490 + 0.75 x 210 = 122.5 + 157.5 = 280
 *	day 16	0.25 x   0 + 0.75 x 280 =  0 + 210   = 210
 *	day 17	0.25 x 570 + 0.75 x 210 = 142.5 + 157.5 = 300
 *	day 18	0.25 x 380 + 0.75 x 300 = 95 + 225   = 320
 *	day 19	0.25 x   0 + 0.75 x 320 =  0 + 240   = 240
 *	day 20	0.25 x 720 + 0.75 x 240 = 180 + 180  = 360
 *	day 21	0.25 x   0 + 0.75 x 360 =  0 + 270   = 270
 *	day 22	0.25 x 910 + 0.75 x 270 = 227.5 + 202.5 = 430
 *	day 23	0.25 x 310 + 0.75 x 430 = 77.5 + 322.5 = 400
 *	day 24	0.25 x 720 + 0.75 x 400 = 180 + 300  = 480
 *	day 25	0.25 x   0 + 0.75 x 480 =  0 + 360   = 360
 *	day 26	0.25 x 800 + 0.75 x 360 = 200 + 270  = 470
 *	day 27	0.25 x 590 + 0.75 x 470 = 147.5 + 352.5 = 500
 *	day 28	0.25 x   0 + 0.75 x 500 =  0 + 375   = 375
 *
 * so the usual week at the end of week 4 is 7 x 375 = 2,625, and week
 * 4 is 3,330 - 2,160 = 1,170 more than week 3.
 */
static void
test_usual_by_hand(void **state)
{
	static const long	 daily[28] = {
		300, 0, 300, 0, 300, 0, 500,
		360, 0, 420, 240, 0, 580, 0,
		490, 0, 570, 380, 0, 720, 0,
		910, 310, 720, 0, 800, 590, 0,
	};
	static const double	 want[28] = {
		-1, -1, -1, -1, -1, -1, 200,
		240, 180, 240, 240, 180, 280, 210,
		280, 210, 300, 320, 240, 360, 270,
		430, 400, 480, 360, 470, 500, 375,
	};
	double			 usual[28];
	int			 i;

	(void)state;
	load_usual(daily, 28, 7, usual);
	for (i = 0; i < 28; i++)
		if (want[i] < 0)
			assert_true(usual[i] == LOAD_UNKNOWN);
		else
			near(usual[i], want[i]);
	assert_int_equal(load_usual_week(usual[27]), 2625);
	assert_int_equal(load_week_of(daily + 21) - load_week_of(daily + 14),
	    1170);
}

/*
 * This week described, with cox's own time constant, 28 days (lambda
 * = 2 / 29): an athlete whose first session was 34 days ago, four weeks
 * of 1,000, 1,050, 1,100 and 1,650 (4,800 in 28 days), then this week
 * 0, 420, 300, 0, 560, 400, 280 (1,960).  The usual day at the end of
 * last week starts there, at the plain mean 4,800 / 28 = 171.43: the
 * usual week is 7 x 171.43 = 1,200, and this week is 1,960 - 1,200 =
 * 760 above it and 1,960 - 1,650 = 310 above last week.  Through this
 * week, 2/29 x load + 27/29 x the day before's, for the chart's line:
 *
 *	2/29 x   0 + 27/29 x 171.43 = 159.61
 *	2/29 x 420 + 27/29 x 159.61 =  28.97 + 148.60 = 177.56
 *	2/29 x 300 + 27/29 x 177.56 =  20.69 + 165.32 = 186.01
 *	2/29 x   0 + 27/29 x 186.01 = 173.18
 *	2/29 x 560 + 27/29 x 173.18 =  38.62 + 161.24 = 199.86
 *	2/29 x 400 + 27/29 x 199.86 =  27.59 + 186.07 = 213.66
 *	2/29 x 280 + 27/29 x 213.66 =  19.31 + 198.93 = 218.24
 */
static void
test_week(void **state)
{
	static const long	 weeks[4] = { 1000, 1050, 1100, 1650 };
	static const long	 week[7] = { 0, 420, 300, 0, 560, 400, 280 };
	struct load_summary	 s;
	struct load		 l;
	int			 i;

	(void)state;
	memset(&l, 0, sizeof(l));
	/* each earlier week one session, on its fourth day */
	for (i = 0; i < 4; i++)
		l.daily[i * 7 + 3] = weeks[i];
	memcpy(l.daily + 28, week, sizeof(week));
	l.age = 34;
	load_usual(l.daily, LOAD_DAYS, LOAD_TAU, l.usual);
	assert_true(l.usual[26] == LOAD_UNKNOWN);
	near(l.usual[27], 171.43);
	near(l.usual[28], 159.61);
	near(l.usual[34], 218.24);
	load_summarize(&l, &s);
	assert_int_equal(s.week, 1960);
	assert_true(s.last_ok);
	assert_int_equal(s.last, 1650);
	assert_true(s.usual_ok);
	assert_int_equal(s.usual, 1200);
	assert_int_equal(s.week - s.last, 310);
	assert_int_equal(s.week - s.usual, 760);
}

/*
 * Early days: an athlete who began 20 days ago has a last week to
 * compare with but no usual yet; one who began 10 days ago has neither
 * (their "last week" would be three days of it).
 */
static void
test_early(void **state)
{
	struct load_summary	 s;
	struct load		 l;
	int			 i;

	(void)state;
	memset(&l, 0, sizeof(l));
	for (i = LOAD_DAYS - 21; i < LOAD_DAYS; i += 2)
		l.daily[i] = 300;
	for (i = 0; i < LOAD_DAYS; i++)
		l.usual[i] = LOAD_UNKNOWN;
	l.age = 20;
	/* 21 days from the first: short of the 28 a usual starts on */
	load_usual(l.daily + LOAD_DAYS - 21, 21, LOAD_TAU,
	    l.usual + LOAD_DAYS - 21);
	assert_true(l.usual[LOAD_DAYS - 1] == LOAD_UNKNOWN);
	load_summarize(&l, &s);
	assert_int_equal(s.week, 1200);
	assert_true(s.last_ok);
	assert_int_equal(s.last, 900);
	assert_false(s.usual_ok);
	l.age = 10;
	load_summarize(&l, &s);
	assert_false(s.last_ok);
	assert_false(s.usual_ok);
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
	assert_int_equal(l.age, 20);
	assert_true(l.usual[LOAD_DAYS - 1] == LOAD_UNKNOWN);
	/* "rpe 3" today, then its minutes: completed, not a second row */
	day_string(now, s.day);
	s.minutes = 30;
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	assert_true(done);
	/* a session 34 days ago: four full weeks before this one, whose
	 * mean is the usual day at last week's end, (90 + 120) / 28 = 7.5 */
	day_before(now, 34, s.day);
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	assert_int_equal(load_read(db, 1, now, &l), 0);
	assert_int_equal(l.daily[LOAD_DAYS - 1], 720);
	assert_int_equal(l.daily[0], 90);
	assert_int_equal(l.open, 0);
	assert_int_equal(l.age, 34);
	assert_true(l.usual[LOAD_DAYS - 9] == LOAD_UNKNOWN);
	near(l.usual[LOAD_DAYS - 8], 7.5);
	/* a session of over a year ago: the usual starts on the first day
	 * read, LOAD_HISTORY days back, which it is no part of */
	day_before(now, 400, s.day);
	assert_int_equal(session_add(db, 1, &s, 1, 0, &done), 0);
	assert_int_equal(load_read(db, 1, now, &l), 0);
	assert_int_equal(l.age, 400);
	assert_true(l.usual[0] >= 0);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usual_by_hand),
		cmocka_unit_test(test_week),
		cmocka_unit_test(test_early),
		cmocka_unit_test(test_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
