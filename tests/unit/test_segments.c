/*
 * Unit tests for lib/text.c's texts for phones: the segments a text
 * takes (GSM-7 160/153, UCS-2 70/67), the lead every text cox starts
 * opens with ([team] short_name, or the name or words of it), and names
 * as a phone's keyboard writes them, without accents.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/plumbing.h"

static void
test_segments(void **state)
{
	char	 s[400];

	(void)state;
	memset(s, 'a', 160);
	s[160] = '\0';
	assert_int_equal(sms_segments(s), 1);
	s[160] = 'a';
	s[161] = '\0';
	assert_int_equal(sms_segments(s), 2);
	memset(s, 'a', 307);
	s[307] = '\0';
	assert_int_equal(sms_segments(s), 3);	/* 153 + 153 + 1 */
	/* one character outside GSM-7: 70 to a text */
	memset(s, 'a', 69);
	memcpy(s + 69, "\xc5\x82", 3);	/* ł and the NUL */
	assert_int_equal(sms_segments(s), 1);
	memcpy(s + 69, "a\xc5\x82", 4);
	assert_int_equal(sms_segments(s), 2);
}

static void
test_lead(void **state)
{
	const char	*lead;

	(void)state;
	sms_lead_set("Riverside Rowing Club", "RRC");
	assert_string_equal(sms_lead(), "RRC: ");
	sms_lead_set("Riverside Rowing Club", "");
	assert_string_equal(sms_lead(), "");
	sms_lead_set("Łódź Wioślarski", NULL);
	assert_string_equal(sms_lead(), "Łódź Wioślarski: ");
	sms_lead_set(NULL, NULL);
	assert_string_equal(sms_lead(), "");
	sms_lead_set("  ", NULL);
	assert_string_equal(sms_lead(), "");
	/*
	 * A configured short name longer than the lead can hold is cut on
	 * a character, never inside one: 46 two-byte letters are 92 bytes.
	 */
	sms_lead_set("x", "ŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁŁ");
	lead = sms_lead();
	assert_true(utf8_valid(lead, strlen(lead)));
	assert_true(strlen(lead) >= 2 && strcmp(lead + strlen(lead) - 2,
	    ": ") == 0);
}

/*
 * Without a short name, a club's name a little over SMS_SHORT_MAX is
 * kept whole, and a longer one keeps its first word and its last that
 * fit, rather than its first words, which may name any club.
 */
static void
test_lead_from_name(void **state)
{
	static const struct {
		const char	*name, *lead;
	} v[] = {
		{ "Ruderclub Wannsee", "Ruderclub Wannsee: " },
		{ "Ruderclub  Wannsee e.V.", "Ruderclub Wannsee: " },
		{ "Ruderverein Münster von 1882 e.V.",
		    "Ruderverein Münster: " },
		{ "Thames Rowing Club", "Thames Rowing Club: " },
		{ "Riverside Rowing Club", "Riverside Club: " },
		{ "Durham Amateur Rowing Club", "Durham Rowing Club: " },
		{ "Club d'Aviron de Paris", "Club de Paris: " },
		{ "Société Nautique de Genève 1821", "Société de Genève: " },
		{ "Oxford University Boat Club", "Oxford Boat Club: " },
		{ "Ruderclub Wannsee Berlin-Spandau", "Ruderclub Wannsee: " },
		{ "Rudergesellschaft Hammonia-Wiking",
		    "Rudergesellschaft: " },
		{ "Donaudampfschifffahrtsgesellschaft",
		    "Donaudampfschifffahr: " },
		{ "Łódźwioślarskiklubsportowy", "Łódźwioślarskiklubsp: " },
		{ "Club 1882", "Club 1882: " },
		{ "1882", "1882: " },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sms_lead_set(v[i].name, NULL);
		if (strcmp(sms_lead(), v[i].lead) != 0)
			fail_msg("'%s' leads '%s', wanted '%s'", v[i].name,
			    sms_lead(), v[i].lead);
	}
}

static void
test_fold(void **state)
{
	static const struct {
		const char	*in, *out;
	} v[] = {
		{ "José Álvarez", "jose alvarez" },
		{ "ZOË MÜLLER", "zoe muller" },
		{ "Siobhán Ní Bhriain", "siobhan ni bhriain" },
		{ "Björn Ødegård", "bjorn odegard" },
		{ "Ñandú Çelik", "nandu celik" },
		{ "Łukasz Wałęsa", "lukasz walesa" },
		{ "Đorđe Šćepanović", "dorde scepanovic" },
		{ "Weiß Æsa Œil Þór Ĳssel", "weiss aesa oeil thor ijssel" },
		{ "Ÿves İlkay ıŁ", "yves ilkay il" },
		{ "Ελένη 3×4", "Ελένη 3×4" },		/* kept as written */
		{ "a\xc3", "a\xc3" },		/* broken UTF-8 kept */
		{ "\xe9t\xe9", "\xe9t\xe9" },	/* Latin-1 bytes too */
		{ "", "" },
	};
	char	 out[32];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		assert_int_equal(latin_fold(v[i].in, out, sizeof(out)),
		    strlen(v[i].out));
		assert_string_equal(out, v[i].out);
	}
	/* too long for out: cut whole characters, and the length it needs */
	assert_int_equal(latin_fold("Ødegård", out, 4), 7);
	assert_string_equal(out, "ode");
	assert_int_equal(latin_fold("Weiß", out, 5), 5);
	assert_string_equal(out, "wei");
	assert_int_equal(latin_fold("Ødegård", out, 0), 7);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segments),
		cmocka_unit_test(test_lead),
		cmocka_unit_test(test_lead_from_name),
		cmocka_unit_test(test_fold),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
