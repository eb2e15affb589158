/* Unit tests for ingest/ratemail.c: the coach's rating format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/ingest.h"

static void
test_design_example(void **state)
{
	struct rm_parse	 p = { 0 };

	(void)state;
	assert_int_equal(ratemail_parse_text(
	    "Hi all, ratings below.\n"
	    "date: 2026-11-20\n"
	    "\n"
	    "Jane Doe:\n"
	    "  technique 4  Catch timing is improving; keep the hands level.\n"
	    "  fitness 3/5\n"
	    "@jsmith:\n"
	    "  technique 2  Rushing the slide.\n"
	    "  erg score: 7 - New PB\n"
	    "\n"
	    "Thanks, see you Saturday\n"
	    "\n"
	    "@jsmith:\n"
	    "\n"
	    "  rhythm 3\n", &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_string_equal(p.date, "2026-11-20");
	assert_int_equal(p.n, 5);	/* the sign-off is not a rating */
	assert_string_equal(p.v[4].athlete, "@jsmith");
	assert_string_equal(p.v[0].athlete, "Jane Doe");
	assert_string_equal(p.v[0].metric, "technique");
	assert_int_equal(p.v[0].score, 4);
	assert_string_equal(p.v[0].comment,
	    "Catch timing is improving; keep the hands level.");
	assert_int_equal(p.v[0].line, 5);
	assert_int_equal(p.v[1].max, 5);
	assert_string_equal(p.v[2].athlete, "@jsmith");
	assert_string_equal(p.v[3].metric, "erg score");
	assert_int_equal(p.v[3].score, 7);
	assert_string_equal(p.v[3].comment, "New PB");
	ratemail_free(&p);
}

static void
test_errors_have_lines(void **state)
{
	struct rm_parse	 p = { 0 };

	(void)state;
	assert_int_equal(ratemail_parse_text(
	    "date: 20/11/2026\n"
	    "technique 4\n"
	    "Jane Doe:\n"
	    "  technique four\n", &p), 0);
	assert_int_equal(p.errors.n, 3);
	assert_non_null(strstr(p.errors.v[0], "line 1: write the date"));
	assert_non_null(strstr(p.errors.v[1], "line 2: 'technique 4' comes "
	    "before any athlete"));
	assert_non_null(strstr(p.errors.v[2], "line 4: expected 'metric score"));
	ratemail_free(&p);
}

static void
test_strip(void **state)
{
	char	 text[] =
	    "Jane Doe:\n"
	    "> technique 1 quoted\n"
	    "  technique 4\n"
	    "-- \n"
	    "Coach Alex\n"
	    "fitness 2\n";
	char	 reply[] =
	    "Jane Doe:\n fitness 3\n"
	    "On Tue, 18 Nov 2026 at 09:00, Alex <a@example.org> wrote:\n"
	    "> Jane Doe:\n> fitness 1\n";
	char	 outlook[] = "Jane Doe:\n fitness 3\n\n"
	    "-----Original Message-----\nFrom: x\nJane Doe:\n fitness 1\n";
	struct rm_parse	 p = { 0 };

	(void)state;
	ratemail_strip(text);
	assert_int_equal(ratemail_parse_text(text, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].score, 4);
	assert_int_equal(p.v[0].line, 3);	/* line numbers kept */
	ratemail_free(&p);
	ratemail_strip(reply);
	assert_int_equal(ratemail_parse_text(reply, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].score, 3);
	ratemail_free(&p);
	ratemail_strip(outlook);
	assert_int_equal(ratemail_parse_text(outlook, &p), 0);
	assert_int_equal(p.n, 1);
	ratemail_free(&p);
}

/*
 * Replies written below the quote (Thunderbird, Apple Mail, mutt) and
 * between quoted lines are read; the attribution, wrapped or not, and
 * the quotes are not.
 */
static void
test_strip_bottom_and_interleaved(void **state)
{
	char	 bottom[] =
	    "On Tue, 18 Nov 2026 at 09:00, Alex Carter\r\n"
	    "<head.coach@example.org> wrote:\r\n"
	    "> Jane Doe:\r\n> fitness 1\r\n"
	    "\r\n"
	    "Jane Doe:\r\n  fitness 3 Better pacing\r\n"
	    "-- \r\nAlex\r\nJane Doe:\r\n fitness 2\r\n";
	char	 between[] =
	    "On 18/11/2026 09:00, Alex wrote:\n"
	    "> How did the squad do?\n"
	    "Jane Doe:\n  technique 4\n"
	    "> And the erg?\n"
	    "@jsmith:\n  technique 2\n";
	struct rm_parse	 p = { 0 };

	(void)state;
	ratemail_strip(bottom);
	assert_int_equal(ratemail_parse_text(bottom, &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].score, 3);
	assert_int_equal(p.v[0].line, 7);	/* line numbers kept */
	assert_string_equal(p.v[0].comment, "Better pacing");
	ratemail_free(&p);
	ratemail_strip(between);
	assert_int_equal(ratemail_parse_text(between, &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0].athlete, "Jane Doe");
	assert_string_equal(p.v[1].athlete, "@jsmith");
	ratemail_free(&p);
}

static void
test_csv_long_and_wide(void **state)
{
	const char	 lng[] = "Athlete,Metric,Score,Comment\r\n"
	    "Jane Doe,technique,4,\"Good, level hands\"\r\n"
	    "Jane Doe,fitness,x,\r\n";
	const char	 wide[] = ";technique;fitness\nJane Doe;4;3\n@jsmith;2;\n"
	    "Extra Cells;1;2;3;4;5\n";
	struct rm_parse	 p = { 0 };

	(void)state;
	assert_int_equal(ratemail_parse_csv(lng, sizeof(lng) - 1, &p), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].comment, "Good, level hands");
	assert_int_equal(p.errors.n, 1);
	assert_non_null(strstr(p.errors.v[0], "attachment line 3: 'x' is not "
	    "a score for fitness"));
	ratemail_free(&p);
	assert_int_equal(ratemail_parse_csv(wide, sizeof(wide) - 1, &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_int_equal(p.n, 5);	/* cells past the header are ignored */
	assert_string_equal(p.v[1].metric, "fitness");
	assert_int_equal(p.v[1].score, 3);
	assert_string_equal(p.v[2].athlete, "@jsmith");
	ratemail_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_errors_have_lines),
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_strip_bottom_and_interleaved),
		cmocka_unit_test(test_csv_long_and_wide),
	};

	log_setup("test_ratemail", 0, LOGL_SILENT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
