/* Unit tests for lib/phone.c: spreadsheet phone numbers to E.164. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/lib.h"

static const struct {
	const char	*in, *country, *want;	/* want NULL: refused */
} cases[] = {
	{ "07700 900123", "GB", "+447700900123" },
	{ "07700-900-123", "gb", "+447700900123" },
	{ "+44 (0)7700 900123", "US", "+447700900123" },
	{ "+44 07700 900123", "US", "+447700900123" },
	{ "0044 7700 900123", "GB", "+447700900123" },
	{ "7700 900123", "GB", "+447700900123" },
	{ "(555) 010-4477", "US", "+15550104477" },
	{ "1-555-010-4477", "US", "+15550104477" },
	{ "555.010.4477", "CA", "+15550104477" },
	{ "+1 555 010 4477", "GB", "+15550104477" },
	{ "06 1234 5678", "IT", "+390612345678" },
	{ "087 123 4567", "IE", "+353871234567" },
	{ "0412 345 678", "AU", "+61412345678" },
	{ "+86 138 0013 8000", "GB", "+8613800138000" },
	{ "\xc2\xa0" "07700\xc2\xa0" "900123", "GB", "+447700900123" },
	{ "07700 90012", "GB", "+44770090012" },	/* 9 digits exist */
	{ "07700 9001", "GB", NULL },		/* too short */
	{ "1 555 010 447", "US", NULL },	/* 9 after the trunk 1 */
	{ "07700 900123 4", "GB", NULL },	/* too long */
	{ "07700 9OO123", "GB", NULL },		/* letters */
	{ "+0 123 456 789", "GB", NULL },
	{ "", "GB", NULL },
	{ "07700 900123", "XX", NULL },		/* unknown default */
	{ "+1234567890123456", "GB", NULL },	/* over 15 digits */
	{ "12345678901234567890123456789012345", "GB", NULL },
};

static void
test_cases(void **state)
{
	char		 out[PHONE_MAX];
	const char	*why;
	size_t		 i;
	int		 rc;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		rc = phone_normalize(cases[i].in, cases[i].country, out, &why);
		if (cases[i].want == NULL) {
			if (rc != -1)
				fail_msg("'%s' in %s gave %s, wanted refusal",
				    cases[i].in, cases[i].country, out);
			assert_non_null(why);
		} else {
			if (rc != 0)
				fail_msg("'%s' in %s refused: %s", cases[i].in,
				    cases[i].country, why);
			assert_string_equal(out, cases[i].want);
		}
	}
}

static void
test_split(void **state)
{
	struct strlist	 l = { 0 };

	(void)state;
	assert_int_equal(phone_split("07700 900102 / 07700 900103", &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "07700 900102");
	assert_string_equal(l.v[1], "07700 900103");
	strlist_free(&l);
	assert_int_equal(phone_split("0770 or 0771\n0772;0773, 0774 | ", &l), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[1], "0771");
	assert_string_equal(l.v[4], "0774");
	strlist_free(&l);
	assert_int_equal(phone_split("  ", &l), 0);
	assert_int_equal(l.n, 0);
	strlist_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
