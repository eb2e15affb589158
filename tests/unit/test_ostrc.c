/*
 * Unit tests for the OSTRC-H2 scoring (lib/health.c): the severity of
 * a set of answers and whether the problem is substantial, against a
 * table worked by hand from the published scores (Clarsen et al. 2014,
 * BJSM 48:754): Q1 0/8/17/25, Q2 and Q3 0/6/13/19/25, Q4 0/8/17/25,
 * the severity their sum, substantial when Q2 or Q3 score 13 or more or
 * Q1 is "cannot participate".  And the body areas a text names.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/season.h"

/* Options answered (1 the first), and what they come to, by hand. */
static const struct {
	int	 a[OSTRC_QUESTIONS];
	int	 severity;
	int	 substantial;
	const char *why;
} table[] = {
	{ { 1, 1, 1, 1 }, 0, 0, "no problem at all" },
	{ { 2, 2, 1, 1 }, 8 + 6, 0, "Q2 a little (6): not substantial" },
	{ { 2, 3, 1, 1 }, 8 + 13, 1, "Q2 moderately (13): substantial" },
	{ { 2, 1, 3, 1 }, 8 + 13, 1, "Q3 moderately (13): substantial" },
	{ { 2, 1, 2, 1 }, 8 + 6, 0, "Q3 a little (6): not substantial" },
	{ { 4, 1, 1, 1 }, 25, 1, "Q1 cannot participate, the rest 0" },
	{ { 3, 1, 1, 1 }, 17, 0, "Q1 reduced alone: not substantial" },
	{ { 1, 1, 1, 4 }, 25, 0, "severe symptoms alone: never" },
	{ { 2, 2, 2, 4 }, 8 + 6 + 6 + 25, 0, "symptoms and minor effects" },
	{ { 3, 4, 2, 3 }, 17 + 19 + 6 + 17, 1, "Q2 a lot (19)" },
	{ { 4, 5, 5, 4 }, 100, 1, "the worst: 100" },
	{ { 2, 3, 3, 2 }, 8 + 13 + 13 + 8, 1, "both moderate" },
};

static void
test_table(void **state)
{
	struct ostrc_result	 r;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		assert_int_equal(ostrc_severity(table[i].a, &r), 0);
		if (r.severity != table[i].severity ||
		    r.substantial != table[i].substantial)
			fail_msg("%s: severity %d substantial %d, not %d %d",
			    table[i].why, r.severity, r.substantial,
			    table[i].severity, table[i].substantial);
	}
}

/* Each question's scores, and that no other option is one. */
static void
test_scores(void **state)
{
	static const int q1[] = { 0, 8, 17, 25 }, q2[] = { 0, 6, 13, 19, 25 };
	struct ostrc_result	 r;
	const int		 bad1[] = { 5, 1, 1, 1 }, bad2[] = { 1, 6, 1, 1 },
				 zero[] = { 0, 1, 1, 1 }, bad4[] = { 1, 1, 1, 5 };
	int			 i;

	(void)state;
	for (i = 0; i < 4; i++) {
		assert_int_equal(ostrc_score(1, i + 1), q1[i]);
		assert_int_equal(ostrc_score(4, i + 1), q1[i]);
	}
	for (i = 0; i < 5; i++) {
		assert_int_equal(ostrc_score(2, i + 1), q2[i]);
		assert_int_equal(ostrc_score(3, i + 1), q2[i]);
	}
	assert_int_equal(ostrc_options(1), 4);
	assert_int_equal(ostrc_options(2), 5);
	assert_int_equal(ostrc_options(3), 5);
	assert_int_equal(ostrc_options(4), 4);
	assert_int_equal(ostrc_options(5), 0);
	assert_int_equal(ostrc_severity(bad1, &r), -1);
	assert_int_equal(ostrc_severity(bad2, &r), -1);
	assert_int_equal(ostrc_severity(zero, &r), -1);
	assert_int_equal(ostrc_severity(bad4, &r), -1);
}

/* The body areas of texts, the lower back and the ribs among them. */
static void
test_areas(void **state)
{
	static const struct {
		const char	*text, *area;
	} v[] = {
		{ "injury knee", "knee" },
		{ "sore lower back", "lower_back" },
		{ "back", "lower_back" },
		{ "upper back pain", "upper_back" },
		{ "rib", "ribs" },
		{ "my ribs hurt", "ribs" },
		{ "mal au bas du dos", "lower_back" },
		{ "haut du dos", "upper_back" },
		{ "Rücken", "lower_back" },
		{ "espalda alta", "upper_back" },
		{ "ill", "" },
		{ "cold", "" },
	};
	char	 area[HEALTH_AREA_MAX];
	size_t	 i;

	(void)state;
	assert_int_equal(words_ready(), OUT_OK);
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		health_area_read(v[i].text, area, sizeof(area));
		if (strcmp(area, v[i].area) != 0)
			fail_msg("'%s': '%s', not '%s'", v[i].text, area,
			    v[i].area);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_areas),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
