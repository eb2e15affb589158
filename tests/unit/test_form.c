/*
 * Unit tests for ingest/form.c: form bodies, and which signed webhook
 * requests have the shape Twilio gives them (so that a captured one
 * cannot be cut again into another that signs alike).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/text/text.h"

#define SID	"SM0123456789abcdef0123456789abcdef"
#define ACC	"AC00000000000000000000000000000000"
#define OK	"AccountSid=" ACC "&Body=hi&From=%2B447700900101&MessageSid=" SID \
		"&NumMedia=0&To=%2B15005550006"

#define WA	"AccountSid=" ACC "&Body=hi&From=whatsapp%3A%2B447700900101" \
		"&MessageSid=" SID "&To=whatsapp%3A%2B14155238886&WaId=447700900101"

/* 62 letters, for names at Twilio's length and past it */
#define N62 "bcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk"
static const struct {
	const char	*form;
	int		 status;
	const char	*account, *numbers;
	int		 ok;
} cases[] = {
	{ OK, 0, NULL, NULL, 1 },
	{ OK, 0, ACC, "+15005550006", 1 },
	{ OK, 0, NULL, "+441234567890, +15005550006", 1 },
	{ OK, 0, NULL, "+1500555000", 0 },		/* a prefix of To */
	{ OK, 0, "AC11111111111111111111111111111111", NULL, 0 },
	/* MessageSid=SM...&NumMedia=0 signs as MessageSid=SM...NumMedia0 */
	{ "AccountSid=" ACC "&Body=hi&From=%2B447700900101&MessageSid=" SID
	  "NumMedia0&To=%2B15005550006", 0, NULL, NULL, 0 },
	{ "AccountSid=" ACC "&Body=hi&From=%2B447700900101&MessageSid=SM1"
	  "&To=%2B15005550006", 0, NULL, NULL, 0 },
	{ "Body=hi&From=%2B447700900101&MessageSid=" SID
	  "&To=%2B15005550006", 0, NULL, NULL, 0 },	/* no AccountSid */
	{ OK "&Body=again", 0, NULL, NULL, 0 },		/* twice */
	{ "AccountSid=" ACC "&Body=hi&From=447700900101&MessageSid=" SID
	  "&To=%2B15005550006", 0, NULL, NULL, 0 },	/* not E.164 */
	{ OK "&SmsSid=" SID "&NumSegments=1", 0, NULL, NULL, 1 },
	{ OK "&SmsSid=SM0123456789abcdef0123456789abcdee", 0, NULL, NULL, 0 },
	{ "MessageSid=" SID "&MessageStatus=delivered&AccountSid=" ACC, 1,
	  NULL, NULL, 1 },
	{ "MessageSid=" SID "&MessageStatus=delivered&AccountSid=" ACC
	  "&ErrorCode=30003x", 1, NULL, NULL, 0 },
	{ "MessageSid=" SID "&MessageStatus=opened&AccountSid=" ACC, 1,
	  NULL, NULL, 0 },
	{ "MessageSid=" SID "&MessageStatus=sent", 1, NULL, NULL, 0 },
	/* WhatsApp: both addresses whatsapp:, To the team's sender */
	{ WA, 0, NULL, NULL, 1 },
	{ WA, 0, NULL, "+15005550006, whatsapp:+14155238886", 1 },
	{ WA, 0, NULL, "+15005550006, +14155238886", 0 },
	{ "AccountSid=" ACC "&Body=hi&From=whatsapp%3A%2B447700900101"
	  "&MessageSid=" SID "&To=%2B15005550006", 0, NULL, NULL, 0 },
	{ "AccountSid=" ACC "&Body=hi&From=whatsapp%3A447700900101"
	  "&MessageSid=" SID "&To=whatsapp%3A%2B14155238886", 0, NULL, NULL,
	  0 },
	/* a text cut in two that signs as it did: "Body=note Cannot row" */
	{ "AccountSid=" ACC "&Body=note+&Cannot=+row&From=%2B447700900101"
	  "&MessageSid=" SID "&To=%2B15005550006", 0, NULL, NULL, 0 },
	{ "AccountSid=" ACC "&Body=note+&Cannot+row=&From=%2B447700900101"
	  "&MessageSid=" SID "&To=%2B15005550006", 0, NULL, NULL, 0 },
	/* names Twilio never writes: empty, a fragment's (a NUL: form_parse) */
	{ OK "&=x", 0, NULL, NULL, 0 },
	{ OK "&%23rc=3", 0, NULL, NULL, 0 },
	{ OK "&someField=1", 0, NULL, NULL, 0 },
	{ OK "&Media_Url=1", 0, NULL, NULL, 0 },
	{ OK "&MediaUrl0=x", 0, NULL, NULL, 1 },
	{ OK "&A" N62 "=1", 0, NULL, NULL, 1 },		/* 63 letters */
	{ OK "&A" N62 "b=1", 0, NULL, NULL, 0 },		/* 64 */
	/* Twilio's own after Body, and a name Twilio may add elsewhere */
	{ WA "&ButtonText=Yes&ProfileName=Jane+D", 0, NULL, NULL, 1 },
	{ OK "&SomeNewField=1", 0, NULL, NULL, 1 },
};

static void
test_shapes(void **state)
{
	struct form_param	 p[32];
	char			 body[512];
	const char		*why;
	size_t			 i;
	int			 n;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(body, sizeof(body), "%s", cases[i].form);
		n = form_parse(body, p, 32);
		assert_true(n > 0);
		why = form_twilio_shaped(p, n, cases[i].status,
		    cases[i].account, cases[i].numbers);
		if ((why == NULL) != cases[i].ok)
			fail_msg("case %zu: %s", i, why ? why : "accepted");
	}
}

static void
test_parse(void **state)
{
	struct form_param	 p[4];
	char			 body[] = "a=1&b=x+y%26z&c&a=2&d=";

	(void)state;
	assert_int_equal(form_parse(body, p, 4), -1);	/* five pairs */
	snprintf(body, sizeof(body), "b=x+y%%26z&c");
	assert_int_equal(form_parse(body, p, 4), 2);
	assert_string_equal(p[0].value, "x y&z");
	assert_string_equal(form_get(p, 2, "c"), "");
	assert_null(form_get(p, 2, "a"));
	/* a NUL in a value or a name, which a C string would cut short */
	snprintf(body, sizeof(body), "Body=hi%%00there&b=1");
	assert_int_equal(form_parse(body, p, 4), -1);
	snprintf(body, sizeof(body), "a=1&Bo%%00dy=x");
	assert_int_equal(form_parse(body, p, 4), -1);
	snprintf(body, sizeof(body), "Body=100%%25&b=%%0A");
	assert_int_equal(form_parse(body, p, 4), 2);
	assert_string_equal(p[0].value, "100%");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shapes),
		cmocka_unit_test(test_parse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
