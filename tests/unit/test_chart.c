/*
 * Unit tests for gen/chart.c: day numbers, dates' labels (words_day()),
 * a score of 0 drawn as a score, a time axis that names its years and
 * axes that group thousands as the reader's language does.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../gen/gen.h"

/* Every day from 1600 to 2400 numbers as timegm() counts it. */
static void
test_day_number_every_day(void **state)
{
	struct tm	 tm;
	char		 day[32];
	time_t		 t;
	long		 want;

	(void)state;
	for (t = -11676096000; t < 13569465600; t += 86400) {
		gmtime_r(&t, &tm);
		snprintf(day, sizeof(day), "%04d-%02d-%02d", tm.tm_year + 1900,
		    tm.tm_mon + 1, tm.tm_mday);
		want = (long)(t / 86400);
		if (chart_day_number(day) != want)
			fail_msg("%s: %ld, want %ld", day,
			    chart_day_number(day), want);
	}
}

static void
test_day_number_refuses(void **state)
{
	static const char *const bad[] = { "", "2026", "2026-11", "2026-1-05",
	    " 2026-11-05", "2026/11/05", "2026-13-01", "2026-00-10",
	    "2026-11-00", "2026-11-32", "20x6-11-05", "today" };
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (chart_day_number(bad[i]) != -1)
			fail_msg("'%s' took for a date", bad[i]);
	/* SQLite's datetime() begins with the date */
	assert_int_equal(chart_day_number("2026-11-05 07:30:00"),
	    chart_day_number("2026-11-05"));
}

static void
test_day_label(void **state)
{
	char	 out[16];

	(void)state;
	words_day("2026-11-05", out);
	assert_string_equal(out, "5 Nov");
	words_day("2024-02-29", out);
	assert_string_equal(out, "29 Feb");
	words_day("2026-01-31", out);
	assert_string_equal(out, "31 Jan");
	words_day("2026-13-01", out);
	assert_string_equal(out, "2026-13-01");
	words_day("not a date at all, and long", out);
	assert_string_equal(out, "not a date at a");
}

/* How many times needle is in haystack. */
static int
count(const char *haystack, const char *needle)
{
	int	 n = 0;

	while ((haystack = strstr(haystack, needle)) != NULL) {
		n++;
		haystack += strlen(needle);
	}
	return n;
}

/*
 * On a scale from 0 a score of 0 is a score: its dot is drawn, in the
 * history and in the coach-vs-self chart; a side without a score is
 * not.
 */
static void
test_zero_is_a_score(void **state)
{
	struct metric		 m = { .slug = "effort", .name = "Effort",
				    .scale_min = 0, .scale_max = 10,
				    .kind = METRIC_SCALE };
	struct chart_point	 pt[2] = {
		{ 0, 3, "2026-10-01" }, { 5, CHART_NONE, "2026-11-08" } };
	struct chart_pair	 p = { "Effort", 0, 10, 0, 4 };
	struct buf		 out = { 0 };

	(void)state;
	assert_int_equal(chart_history(&out, pt, 2, &m, "Effort",
	    "2026-11-20", "effort"), 0);
	/* coach 0 and 5, self 3; the coach's line joins 0 to 5 */
	assert_int_equal(count(out.data, "<circle"), 3);
	assert_int_equal(count(out.data, "coach-line"), 1);
	assert_int_equal(count(out.data, "self-line"), 0);
	buf_reset(&out);
	assert_int_equal(chart_pairs(&out, &p, 1), 0);
	assert_int_equal(count(out.data, "<circle"), 2);
	assert_int_equal(count(out.data, "class=\"gap\""), 1);
	buf_free(&out);
}

/*
 * A history's time axis names the year of its dates when they are not
 * all of one year, and only then.
 */
static void
test_axis_years(void **state)
{
	struct metric		 m = { .slug = "fitness", .name = "Fitness",
				    .scale_min = 1, .scale_max = 5,
				    .kind = METRIC_SCALE };
	struct chart_point	 pt[3] = {
		{ 2, 3, "2025-11-26" }, { 3, 3, "2026-05-27" },
		{ 4, 4, "2026-11-18" } };
	struct buf		 out = { 0 };

	(void)state;
	assert_int_equal(chart_history(&out, pt, 3, &m, "Fitness",
	    "2026-11-20", "fitness"), 0);
	assert_non_null(strstr(out.data, ">26 Nov 2025</text>"));
	assert_non_null(strstr(out.data, ">18 Nov 2026</text>"));
	buf_reset(&out);
	assert_int_equal(chart_history(&out, pt + 1, 2, &m, "Fitness",
	    "2026-11-20", "fitness"), 0);
	assert_non_null(strstr(out.data, ">27 May</text>"));
	assert_non_null(strstr(out.data, ">18 Nov</text>"));
	assert_null(strstr(out.data, "2026</text>"));
	buf_free(&out);
}

/*
 * An axis writes its thousands as the reader's language groups them:
 * the highest day's load, the top of a number's scale and the values
 * by its dots.
 */
static void
test_axis_thousands(void **state)
{
	static const struct {
		const char	*lang, *load, *top, *dot;
	} v[] = {
		{ "en", ">12,500</text>", ">20,000</text>", ">12,500.5</text>" },
		{ "fr", ">12\xe2\x80\xaf" "500</text>", ">20\xe2\x80\xaf" "000</text>",
		    ">12\xe2\x80\xaf" "500,5</text>" },
		{ "de", ">12.500</text>", ">20.000</text>", ">12.500,5</text>" },
		{ "es", ">12.500</text>", ">20.000</text>", ">12.500,5</text>" },
	};
	struct metric		 m = { .slug = "distance", .name = "Distance",
				    .scale_min = 0, .scale_max = 200000,
				    .kind = METRIC_NUMBER, .unit = "m" };
	struct chart_point	 pt[2] = {
		{ 125005, CHART_NONE, "2026-10-01" },
		{ 90000, 95000, "2026-11-08" } };
	struct buf		 out = { 0 };
	long			 daily[28] = { 0 };
	double			 usual[28];
	const char		*was;
	size_t			 i;

	(void)state;
	for (i = 0; i < 28; i++)
		usual[i] = -1;	/* not known: no line */
	daily[27] = 12500;
	daily[20] = 800;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		was = words_reader(v[i].lang);
		assert_int_equal(chart_load(&out, daily, usual, "2026-10-12",
		    "2026-11-08"), 0);
		if (strstr(out.data, v[i].load) == NULL)
			fail_msg("%s: no %s in the load chart", v[i].lang,
			    v[i].load);
		buf_reset(&out);
		assert_int_equal(chart_history(&out, pt, 2, &m, "Distance",
		    "2026-11-20", "distance"), 0);
		if (strstr(out.data, v[i].top) == NULL ||
		    strstr(out.data, v[i].dot) == NULL)
			fail_msg("%s: no %s or %s in the history", v[i].lang,
			    v[i].top, v[i].dot);
		buf_reset(&out);
		words_reader(was);
	}
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_number_every_day),
		cmocka_unit_test(test_day_number_refuses),
		cmocka_unit_test(test_day_label),
		cmocka_unit_test(test_zero_is_a_score),
		cmocka_unit_test(test_axis_years),
		cmocka_unit_test(test_axis_thousands),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
