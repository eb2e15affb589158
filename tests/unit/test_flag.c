/*
 * Unit tests for wellness_flag() (lib/rating.c): the latest check-in
 * against the athlete's own baseline, in its sum and item by item,
 * and illness, with the reason in words.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../lib/lib.h"

#define DAYS	12

/*
 * days check-ins, one a day up to today: each sleep 2, stress 3,
 * fatigue 3, soreness 2 (a sum of 10), today's as given.
 */
static void
checkins(struct wellness_set *ws, int days, int sleep, int stress,
    int fatigue, int soreness)
{
	static struct wellness	 v[DAYS];
	static char		 none[1];
	time_t			 now = time(NULL);
	int			 i;

	memset(v, 0, sizeof(v));
	for (i = 0; i < days; i++) {
		day_before(now, days - 1 - i, v[i].day);
		v[i].sleep = 2;
		v[i].stress = 3;
		v[i].fatigue = 3;
		v[i].soreness = 2;
		v[i].note = none;
	}
	v[days - 1].sleep = sleep;
	v[days - 1].stress = stress;
	v[days - 1].fatigue = fatigue;
	v[days - 1].soreness = soreness;
	ws->v = v;
	ws->n = (size_t)days;
}

/* A night without sleep in an ordinary sum: flagged by the item. */
static void
test_item(void **state)
{
	struct wellness_set	 ws;
	struct buf		 why = { 0 };
	char			 today[11];

	(void)state;
	day_before(time(NULL), 0, today);
	/* 7 + 1 + 1 + 2 = 11, under the sum's threshold of 10 + 3 */
	checkins(&ws, DAYS, 7, 1, 1, 2);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_non_null(why.data);
	assert_non_null(strstr(why.data, "Sleep 7 on "));
	assert_non_null(strstr(why.data, today));
	assert_non_null(strstr(why.data, "usually 2 (±0) out of 7"));
	buf_free(&why);
}

/* A 5 of 7 is not bad enough, whatever the baseline. */
static void
test_item_mild(void **state)
{
	struct wellness_set	 ws;
	struct buf		 why = { 0 };

	(void)state;
	checkins(&ws, DAYS, 5, 2, 2, 2);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 0);
	assert_true(why.data == NULL || why.data[0] == '\0');
	buf_free(&why);
}

/* Fewer than 7 earlier answers: no baseline, no flag. */
static void
test_item_short(void **state)
{
	struct wellness_set	 ws;
	struct buf		 why = { 0 };

	(void)state;
	checkins(&ws, 7, 7, 1, 1, 2);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 0);
	buf_free(&why);
}

/* A bad day in its sum says the sum, items and all. */
static void
test_sum(void **state)
{
	struct wellness_set	 ws;
	struct buf		 why = { 0 };

	(void)state;
	checkins(&ws, DAYS, 6, 6, 6, 6);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_non_null(strstr(why.data, "wellness 24 on "));
	assert_non_null(strstr(why.data, "sleep 6, stress 6, fatigue 6, "
	    "soreness 6"));
	buf_free(&why);
}

/* Soreness alone, the last of the items. */
static void
test_item_last(void **state)
{
	struct wellness_set	 ws;
	struct buf		 why = { 0 };

	(void)state;
	checkins(&ws, DAYS, 2, 1, 1, 6);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_non_null(strstr(why.data, "Soreness 6 on "));
	buf_free(&why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_item),
		cmocka_unit_test(test_item_mild),
		cmocka_unit_test(test_item_short),
		cmocka_unit_test(test_sum),
		cmocka_unit_test(test_item_last),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
