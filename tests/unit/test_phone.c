/* Unit tests for lib/phone.c: spreadsheet phone numbers to E.164. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/plumbing.h"

static const struct {
	const char	*in, *country, *want;	/* want NULL: refused */
} cases[] = {
	{ "07700 900123", "GB", "+447700900123" },
	{ "07700-900-123", "gb", "+447700900123" },
	{ "+44 (0)7700 900123", "US", "+447700900123" },
	{ "+44 07700 900123", "US", "+447700900123" },
	{ "0044 7700 900123", "GB", "+447700900123" },
	{ "7700 900123", "GB", "+447700900123" },
	{ "(201) 555-0123", "US", "+12015550123" },
	{ "1-201-555-0123", "US", "+12015550123" },
	{ "011 44 7700 900123", "US", "+447700900123" },
	{ "506.234.5678", "CA", "+15062345678" },
	{ "+1 201 555 0123", "GB", "+12015550123" },
	{ "312 345 6789", "IT", "+393123456789" },
	{ "087 123 4567", "IE", "+353871234567" },
	{ "0412 345 678", "AU", "+61412345678" },
	{ "+86 138 0013 8000", "GB", "+8613800138000" },
	{ "\xc2\xa0" "07700\xc2\xa0" "900123", "GB", "+447700900123" },
	/* fifteen countries' mobiles, at home and from abroad */
	{ "222 123 4567", "MX", "+522221234567" },
	{ "+52 1 55 1234 5678", "GB", "+525512345678" },
	{ "8123 4567", "SG", "+6581234567" },
	{ "+65 8123 4567", "US", "+6581234567" },
	{ "010-2345-6789", "KR", "+821023456789" },
	{ "050-234-5678", "IL", "+972502345678" },
	{ "0532 123 45 67", "TR", "+905321234567" },
	{ "011 15-2345-6789", "AR", "+5491123456789" },
	{ "+54 9 11 2345-6789", "GB", "+5491123456789" },
	{ "0712 123456", "KE", "+254712123456" },
	{ "01512 3456789", "DE", "+4915123456789" },
	{ "01522/3456789", "DE", "+4915223456789" },
	{ "06 12 34 56 78", "FR", "+33612345678" },
	{ "612 34 56 78", "ES", "+34612345678" },
	{ "(11) 96123-4567", "BR", "+5511961234567" },
	{ "98765 43210", "IN", "+919876543210" },
	{ "090-1234-5678", "JP", "+819012345678" },
	{ "+61 412 345 678", "JP", "+61412345678" },
	/* Ofcom's drama range, and no further */
	{ "07700 900000", "GB", "+447700900000" },
	{ "07700 900999", "GB", "+447700900999" },
	{ "07700 901000", "GB", NULL },
	{ "07700 90012", "GB", NULL },
	{ "07700 9001", "GB", NULL },		/* too short */
	{ "1 201 555 012", "US", NULL },	/* 9 after the trunk 1 */
	{ "(555) 010-4477", "US", NULL },	/* no area code 555 */
	{ "07700 900123 4", "GB", NULL },	/* too long */
	{ "07700 9OO123", "GB", NULL },		/* letters */
	{ "+0 123 456 789", "GB", NULL },
	{ "", "GB", NULL },
	{ "07700 900123", "XX", NULL },		/* unknown default */
	{ "07700 900123", NULL, NULL },
	{ "+1234567890123456", "GB", NULL },	/* over 15 digits */
	{ "12345678901234567890123456789012345", "GB", NULL },
};

/* Why a number is refused, as the import says it. */
static const struct {
	const char	*in, *country, *why;
} refusals[] = {
	{ "020 7946 0018", "GB", "is not a mobile: a landline cannot "
	    "receive texts" },
	{ "+49 30 123456", "GB", "is not a mobile: a landline cannot "
	    "receive texts" },
	{ "01 23 45 67 89", "FR", "is not a mobile: a landline cannot "
	    "receive texts" },
	{ "07623 123456", "GB", "is a pager's: a pager cannot receive "
	    "texts" },
	{ "07012 345678", "GB", "forwards calls but not texts: give the "
	    "mobile it forwards to" },
	{ "0800 123 4567", "GB", "is a service number (toll-free, premium "
	    "or shared cost), not a phone that receives texts" },
	{ "+1 800 555 0100", "GB", "is a service number (toll-free, premium "
	    "or shared cost), not a phone that receives texts" },
	/* written without '+': where it was read, and how to write one
	 * from elsewhere (a French mobile read in Britain) */
	{ "07700 901000", "GB", "is not a number in use in GB; from another "
	    "country, write it with + and its country code" },
	{ "07700 9001", "gb", "has the wrong number of digits for a number "
	    "in GB; from another country, write it with + and its country "
	    "code" },
	{ "06 12 34 56 79", "GB", "has the wrong number of digits for a "
	    "number in GB; from another country, write it with + and its "
	    "country code" },
	{ "+44 7700 901000", "FR", "is not a number in use in its country" },
	{ "+44 7700 9001", "FR", "has the wrong number of digits" },
	{ "07700 9OO123", "GB", "has characters that are not part of a "
	    "phone number" },
	{ "+0 123 456 789", "GB", "does not start with a country code "
	    "after '+'" },
	{ "+999 123 456 789", "GB", "does not start with a country code "
	    "after '+'" },
	{ "07700 900123", "XX", "has no country code and no known default "
	    "country is set" },
	{ "+1234567890123456", "GB", "is longer than 15 digits" },
};

static void
test_refusals(void **state)
{
	char		 out[PHONE_MAX];
	const char	*why;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		if (phone_normalize(refusals[i].in, refusals[i].country, out,
		    &why) != -1)
			fail_msg("'%s' taken as %s", refusals[i].in, out);
		assert_string_equal(why, refusals[i].why);
	}
}

static void
test_countries(void **state)
{
	(void)state;
	assert_true(phone_country_known("GB"));
	assert_true(phone_country_known("mx"));
	assert_true(phone_country_known("Ke"));
	assert_true(phone_country_known("SG"));
	assert_false(phone_country_known("XX"));
	assert_false(phone_country_known("001"));
	assert_false(phone_country_known("ZZ"));
	assert_false(phone_country_known(""));
	assert_false(phone_country_known(NULL));
}

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
	assert_int_equal(phone_split("07700 900102 / 07700 900103", "GB",
	    &l), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0], "07700 900102");
	assert_string_equal(l.v[1], "07700 900103");
	strlist_free(&l);
	assert_int_equal(phone_split("0770 or 0771\n0772;0773, 0774 | ", "GB",
	    &l), 0);
	assert_int_equal(l.n, 5);
	assert_string_equal(l.v[1], "0771");
	assert_string_equal(l.v[4], "0774");
	strlist_free(&l);
	assert_int_equal(phone_split("  ", "GB", &l), 0);
	assert_int_equal(l.n, 0);
	strlist_free(&l);
}

/*
 * A German writes a number's prefix and the rest with a slash between:
 * one number when the two make one in the team's country, two when
 * they are two (or make none).
 */
static void
test_split_slash(void **state)
{
	static const struct {
		const char	*cell, *country, *want[3];
	} v[] = {
		{ "01522/3456789", "DE", { "01522/3456789" } },
		{ "01522 / 3456789", "de", { "01522/3456789" } },
		{ "+49 1522/3456789", "GB", { "+49 1522/3456789" } },
		{ "030/1234567", "DE", { "030/1234567" } },	/* a landline */
		{ "01522/3456789 / 0160 7654321", "DE", { "01522/3456789",
		    "0160 7654321" } },
		{ "0151 23456789 / 0160 7654321", "DE", { "0151 23456789",
		    "0160 7654321" } },
		/* one digit short on the left: two, and it is refused */
		{ "0151 1234567 / 0160 7654321", "DE", { "0151 1234567",
		    "0160 7654321" } },
		{ "01522/3456789", "GB", { "01522", "3456789" } },
		{ "07700 900102/07700 900103", "GB", { "07700 900102",
		    "07700 900103" } },
		{ "201/555-0123", "US", { "201/555-0123" } },
	};
	struct strlist	 l = { 0 };
	size_t		 i, j;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(phone_split(v[i].cell, v[i].country, &l), 0);
		for (j = 0; j < 3 && v[i].want[j] != NULL; j++) {
			if (j >= l.n)
				fail_msg("'%s' in %s: %zu pieces", v[i].cell,
				    v[i].country, l.n);
			assert_string_equal(l.v[j], v[i].want[j]);
		}
		if (l.n != j)
			fail_msg("'%s' in %s: %zu pieces, wanted %zu",
			    v[i].cell, v[i].country, l.n, j);
		strlist_free(&l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_countries),
		cmocka_unit_test(test_split),
		cmocka_unit_test(test_split_slash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
