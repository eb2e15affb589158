/*
 * Unit tests for lib/roster.c's cells: birth dates as spreadsheets of
 * other countries export them, read in the team's order of day and
 * month, and refused, saying which form to use, where that order
 * cannot tell.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/people.h"

static void
test_day_order(void **state)
{
	(void)state;
	assert_int_equal(roster_day_order("DE", "de"), DAY_FIRST);
	assert_int_equal(roster_day_order("fr", "fr"), DAY_FIRST);
	assert_int_equal(roster_day_order("GB", "en"), DAY_FIRST);
	assert_int_equal(roster_day_order("US", "en"), MONTH_FIRST);
	assert_int_equal(roster_day_order("us", "es"), MONTH_FIRST);
	assert_int_equal(roster_day_order("PH", "en"), MONTH_FIRST);
	assert_int_equal(roster_day_order("CA", "en"), DAY_OR_MONTH);
	assert_int_equal(roster_day_order("CA", "fr"), DAY_FIRST);
	assert_int_equal(roster_day_order(NULL, "en"), DAY_OR_MONTH);
}

static void
test_birth_date(void **state)
{
	static const struct {
		const char	*in;
		enum day_order	 order;
		int		 taken;
		const char	*want;	/* the day, or how why starts */
	} v[] = {
		{ "2011-04-30", DAY_FIRST, 1, "2011-04-30" },
		{ "2011-04-30", MONTH_FIRST, 1, "2011-04-30" },
		{ "1958-12-01", DAY_OR_MONTH, 1, "1958-12-01" },
		/* a German or French sheet: day first, '.' or '/' */
		{ "30.04.2011", DAY_FIRST, 1, "2011-04-30" },
		{ "30/04/2011", DAY_FIRST, 1, "2011-04-30" },
		{ "01.02.2011", DAY_FIRST, 1, "2011-02-01" },
		{ "1/2/2011", DAY_FIRST, 1, "2011-02-01" },
		{ "01-02-2011", DAY_FIRST, 1, "2011-02-01" },
		{ "29.02.2012", DAY_FIRST, 1, "2012-02-29" },
		/* a US sheet: month first with '/'; dots are no order */
		{ "04/30/2011", MONTH_FIRST, 1, "2011-04-30" },
		{ "02/01/2011", MONTH_FIRST, 1, "2011-02-01" },
		{ "30.04.2011", MONTH_FIRST, 1, "2011-04-30" },
		{ "01.02.2011", MONTH_FIRST, 0,
		    "may be read day first or month first: write it "
		    "YYYY-MM-DD" },
		/* Canada: what reads one way only, or the same both */
		{ "30/04/2011", DAY_OR_MONTH, 1, "2011-04-30" },
		{ "04/30/2011", DAY_OR_MONTH, 1, "2011-04-30" },
		{ "05/05/2011", DAY_OR_MONTH, 1, "2011-05-05" },
		{ "01/02/2011", DAY_OR_MONTH, 0,
		    "may be read day first or month first: write it "
		    "YYYY-MM-DD" },
		/* the other order is never taken unsaid */
		{ "04/30/2011", DAY_FIRST, 0,
		    "has the month first, where the team's country writes "
		    "the day first: write it YYYY-MM-DD or DD.MM.YYYY" },
		{ "30/04/2011", MONTH_FIRST, 0,
		    "has the day first, where the team's country writes "
		    "the month first: write it YYYY-MM-DD or MM/DD/YYYY" },
		{ "30.04.11", DAY_FIRST, 0, "has a year of two digits: "
		    "write it YYYY-MM-DD or DD.MM.YYYY" },
		{ "31.04.2011", DAY_FIRST, 0, "is not a day: write it "
		    "YYYY-MM-DD or DD.MM.YYYY" },
		{ "29.02.2011", DAY_FIRST, 0, "is not a day" },
		{ "30.04.1850", DAY_FIRST, 0, "is not a day" },
		{ "30.04/2011", DAY_FIRST, 0, "is not a day" },
		{ "30.04.2011.", DAY_FIRST, 0, "is not a day" },
		{ "300.04.2011", DAY_FIRST, 0, "is not a day" },
		{ "30 04 2011", DAY_FIRST, 0, "is not a day" },
		{ ".04.2011", DAY_FIRST, 0, "is not a day" },
		{ "30..2011", DAY_FIRST, 0, "is not a day" },
		{ "30", DAY_FIRST, 0, "is not a day" },
		{ "", DAY_OR_MONTH, 0, "is not a day: write it "
		    "YYYY-MM-DD" },
		{ "April 30, 2011", MONTH_FIRST, 0, "is not a day" },
	};
	char	 why[DAY_WHY_MAX], *out;
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		out = NULL;
		why[0] = '\0';
		if (roster_birth_date(v[i].in, v[i].order, &out, why) == 0) {
			if (!v[i].taken)
				fail_msg("'%s' (order %d) taken as %s",
				    v[i].in, v[i].order, out);
			assert_string_equal(out, v[i].want);
		} else {
			if (v[i].taken)
				fail_msg("'%s' (order %d) refused: %s",
				    v[i].in, v[i].order, why);
			if (strncmp(why, v[i].want, strlen(v[i].want)) != 0)
				fail_msg("'%s': why '%s', wanted '%s'",
				    v[i].in, why, v[i].want);
			assert_null(out);
		}
		free(out);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_order),
		cmocka_unit_test(test_birth_date),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
