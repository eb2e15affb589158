/*
 * Unit tests for lib/sheet.c: the rating sheet names the metrics once in
 * the team's order and lists exactly the athletes a coach may rate (a
 * head coach everyone, a coach their squads, nobody removed), handles
 * for names that are the same; and a mailto: link carries any subject
 * and body whole, line breaks as CRLF, the address readable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/scores.h"
#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-sheet-XXXXXX";
static struct db *db;

static const char *const team =
    "INSERT INTO person (id, name, handle, role, slug, active, created_at,"
    " updated_at) VALUES"
    " (1, 'Head', 'head', 'head_coach', 's1', 1, 1, 1),"
    " (2, 'Assistant', 'asst', 'coach', 's2', 1, 1, 1),"
    " (3, 'Jane Doe', 'jdoe', 'athlete', 's3', 1, 1, 1),"
    " (4, 'ann Lee', 'alee', 'athlete', 's4', 1, 1, 1),"
    " (5, 'Sam Roe', 'sroe', 'athlete', 's5', 1, 1, 1),"
    " (6, 'Sam Roe', 'sroe2', 'athlete', 's6', 1, 1, 1),"
    " (7, 'Gone Away', 'gone', 'athlete', 's7', 0, 1, 1);"
    "INSERT INTO squad (id, name, slug) VALUES (1, 'Men', 'm'),"
    " (2, 'Women', 'w');"
    "INSERT INTO membership (person_id, squad_id) VALUES (2, 2), (3, 2),"
    " (4, 2), (7, 2), (5, 1), (6, 1);"
    "INSERT INTO metric (slug, name, position, created_at) VALUES"
    " ('fitness', 'Fitness', 2, 1), ('technique', 'Technique', 1, 1);";

static int
setup(void **state)
{
	(void)state;
	return scratch_open(dir, team, &db);
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_close(dir, db);
}

static void
sheet(int64_t squad, int64_t coach, int n, const char *want)
{
	struct buf	 b = { 0 };

	assert_int_equal(sheet_text(db, squad, coach, &b), n);
	assert_string_equal(b.data, want);
	buf_free(&b);
}

static void
test_sheet_whom(void **state)
{
	(void)state;
	sheet(0, 1, 4, "order: technique fitness\n"
	    "ann Lee: _ _\nJane Doe: _ _\n@sroe: _ _\n@sroe2: _ _\n");
	sheet(0, 2, 2, "order: technique fitness\n"
	    "ann Lee: _ _\nJane Doe: _ _\n");
	sheet(1, 2, 0, "order: technique fitness\n");
	sheet(1, 1, 2, "order: technique fitness\n@sroe: _ _\n@sroe2: _ _\n");
	sheet(2, 0, 2, "order: technique fitness\n"
	    "ann Lee: _ _\nJane Doe: _ _\n");
}

static void
test_mailto(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	assert_int_equal(mailto_url(&b, "coach+x@club.example", "Senior Men",
	    "remind @jdoe\nsend Men: 7am & 8am? 100%"), 0);
	assert_string_equal(b.data, "mailto:coach%2Bx@club.example"
	    "?subject=Senior%20Men&body=remind%20%40jdoe%0D%0Asend%20Men%3A"
	    "%207am%20%26%208am%3F%20100%25");
	buf_reset(&b);
	assert_int_equal(mailto_url(&b, "a@b.example", NULL, "x"), 0);
	assert_string_equal(b.data, "mailto:a@b.example?body=x");
	buf_reset(&b);
	assert_int_equal(mailto_url(&b, "a@b.example", "s", NULL), 0);
	assert_string_equal(b.data, "mailto:a@b.example?subject=s");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sheet_whom),
		cmocka_unit_test(test_mailto),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
