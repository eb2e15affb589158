/*
 * Unit tests for wellness_flag() (lib/checkin.c): the latest check-in
 * against the athlete's own baseline item by item, never their sum,
 * and illness, with the reason in words.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../lib/season.h"

#define DAYS	12

/*
 * days check-ins, one a day up to today: each sleep 2, stress 3,
 * fatigue 3, soreness 2, today's as given.
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

/* A night without sleep among better items: flagged by the item. */
static void
test_item(void **state)
{
	struct wellness_set	 ws;
	struct buf		 why = { 0 };
	char			 today[11], label[WORDS_DAY_MAX];

	(void)state;
	day_before(time(NULL), 0, today);
	checkins(&ws, DAYS, 7, 1, 1, 2);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_non_null(why.data);
	assert_non_null(strstr(why.data, "Sleep 7 on "));
	/* the day as a person writes it ("24 Nov"), not as it is kept */
	assert_non_null(strstr(why.data, words_day(today, label)));
	assert_null(strstr(why.data, today));
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

/*
 * A bad day in every item (6 6 6 6, a Hooper sum of 24 that the sum's
 * old rule flagged) says each item against its own usual, never the
 * sum.
 */
static void
test_no_sum(void **state)
{
	struct wellness_set	 ws;
	struct buf		 why = { 0 };

	(void)state;
	checkins(&ws, DAYS, 6, 6, 6, 6);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_null(strstr(why.data, "24"));
	assert_null(strstr(why.data, "wellness"));
	assert_non_null(strstr(why.data, "Sleep 6 on "));
	assert_non_null(strstr(why.data, ", usually 2 (±0) out of 7; Stress 6 "
	    "on "));
	assert_non_null(strstr(why.data, ", usually 3 (±0) out of 7; Fatigue 6 "
	    "on "));
	assert_non_null(strstr(why.data, ", usually 3 (±0) out of 7; Soreness "
	    "6 on "));
	buf_free(&why);
}

/*
 * Each item against its own baseline, worked by hand.  Eight earlier
 * days (each alternating item takes its two values four times each),
 * then today:
 *
 *	item	 earlier  mean  sd   mean + max(2, 1.5 sd)  today  flag
 *	sleep	 4        4.0   0.0  4 + 2    = 6.0         6      yes, at the edge
 *	stress	 4, 5     4.5   0.5  4.5 + 2  = 6.5         6      no
 *	fatigue	 1, 5     3.0   2.0  3 + 3    = 6.0         6      yes, at the edge
 *	soreness 1, 6     3.5   2.5  3.5 + 3.75 = 7.25      7      no
 *
 * (sd the population's: fatigue sqrt((1 + 25) / 2 - 9) = 2.)  Fatigue
 * flags by its 1.5 sd, sleep by its 2 points; soreness's 7, the worst
 * answer, is within its own spread.  Their sum, 25 against a usual 15,
 * would have flagged as one figure; the items name sleep and fatigue.
 * Today's sleep and fatigue a point lower, under their edges: no flag.
 */
static void
test_items_table(void **state)
{
	static const int stress[2] = { 4, 5 }, fatigue[2] = { 1, 5 },
	    soreness[2] = { 1, 6 };
	struct wellness_set	 ws;
	struct buf		 why = { 0 };
	int			 i;

	(void)state;
	checkins(&ws, 9, 6, 6, 6, 7);
	for (i = 0; i < 8; i++) {
		ws.v[i].sleep = 4;
		ws.v[i].stress = stress[i % 2];
		ws.v[i].fatigue = fatigue[i % 2];
		ws.v[i].soreness = soreness[i % 2];
	}
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_non_null(strstr(why.data, "Sleep 6 on "));
	assert_non_null(strstr(why.data, "usually 4 (±0) out of 7"));
	assert_non_null(strstr(why.data, "Fatigue 6 on "));
	assert_non_null(strstr(why.data, "usually 3 (±2) out of 7"));
	assert_null(strstr(why.data, "Stress"));
	assert_null(strstr(why.data, "Soreness"));
	buf_reset(&why);
	ws.v[8].sleep = 5;
	ws.v[8].fatigue = 5;
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 0);
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

/*
 * The club's own items: mood 1-5 (5 best) daily, volume 0-4 (0 best)
 * weekly.  moods[i] is day i's mood (0: no answer), oldest first, the
 * last today; volume, when not -1, answered today.
 */
static struct checkin_items club = {
	.v = {
		{ 1, "mood", "Mood", 1, 5, 1, 0 },
		{ 2, "volume", "Training reduced", 0, 4, 0, 1 },
	},
	.n = 2,
};

static void
answers(struct wellness_set *ws, const int *moods, int days, int volume)
{
	int	 i;

	checkins(ws, days, 2, 3, 3, 2);
	ws->items = &club;
	for (i = 0; i < days; i++) {
		ws->v[i].nanswers = 0;
		if (moods[i] > 0) {
			ws->v[i].answers[0].item = 0;
			ws->v[i].answers[0].value = moods[i];
			ws->v[i].nanswers = 1;
		}
	}
	if (volume >= 0) {
		ws->v[days - 1].answers[ws->v[days - 1].nanswers].item = 1;
		ws->v[days - 1].answers[ws->v[days - 1].nanswers++].value =
		    volume;
	}
}

/*
 * Mood 1 after seven days of 4: badness 4 against a mean of 1 (sd 0),
 * over 1 + max(4/3, 0); flagged, the baseline written as a mood.  With
 * six earlier answers, no baseline yet; a 2 (badness 3, the worst
 * third's edge 8/3) after 3s is not 4/3 worse.
 */
static void
test_club_daily(void **state)
{
	const int	 seven[8] = { 4, 4, 4, 4, 4, 4, 4, 1 };
	const int	 six[8] = { 0, 4, 4, 4, 4, 4, 4, 1 };
	const int	 mild[8] = { 3, 3, 3, 3, 3, 3, 3, 2 };
	struct wellness_set	 ws;
	struct buf		 why = { 0 };

	(void)state;
	answers(&ws, seven, 8, -1);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_non_null(strstr(why.data, "Mood 1 on "));
	assert_non_null(strstr(why.data, "(5 best), usually 4"));
	buf_reset(&why);
	answers(&ws, six, 8, -1);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 0);
	answers(&ws, mild, 8, -1);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 0);
	buf_free(&why);
}

/* A weekly answer in the worse half flags at once; 1 of 0-4 does not. */
static void
test_club_weekly(void **state)
{
	const int	 none[2] = { 0, 0 };
	struct wellness_set	 ws;
	struct buf		 why = { 0 };

	(void)state;
	answers(&ws, none, 2, 2);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 1);
	assert_non_null(strstr(why.data, "Training reduced 2 on "));
	assert_non_null(strstr(why.data, "(0 best)"));
	buf_reset(&why);
	answers(&ws, none, 2, 1);
	assert_int_equal(wellness_flag(&ws, time(NULL), &why), 0);
	buf_free(&why);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_item),
		cmocka_unit_test(test_item_mild),
		cmocka_unit_test(test_item_short),
		cmocka_unit_test(test_no_sum),
		cmocka_unit_test(test_items_table),
		cmocka_unit_test(test_item_last),
		cmocka_unit_test(test_club_daily),
		cmocka_unit_test(test_club_weekly),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
