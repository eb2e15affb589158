/*
 * Unit tests for ingest/twilio_sig.c with the vectors of Twilio's own
 * SDK tests: the documented example, repeated keys, the port variants
 * the SDKs accept, and the JSON body with bodySHA256.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/text/text.h"

#define TOKEN	"12345"
#define URL	"https://mycompany.com/myapp.php?foo=1&bar=2"

static const struct form_param params[] = {
	{ "CallSid", "CA1234567890ABCDE" },
	{ "Digits", "1234" },
	{ "From", "+14158675309" },
	{ "To", "+18005551212" },
	{ "Caller", "+14158675309" },
};
#define NP	(sizeof(params) / sizeof(params[0]))

static void
test_documented_example(void **state)
{
	char	 sig[29];

	(void)state;
	assert_int_equal(twilio_signature(TOKEN, URL, params, NP, sig), 0);
	assert_string_equal(sig, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
	assert_true(twilio_valid(TOKEN, URL, params, NP,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8=", NULL));
	assert_false(twilio_valid(TOKEN, URL, params, NP,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B9=", NULL));
	assert_false(twilio_valid("54321", URL, params, NP,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8=", NULL));
	assert_false(twilio_valid(TOKEN, URL, params, NP - 1,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8=", NULL));
	assert_false(twilio_valid(TOKEN, URL, params, NP, "", NULL));
}

static void
test_repeated_keys(void **state)
{
	const struct form_param dup[] = {
		{ "Sid", "CA123" }, { "SidAccount", "AC123" },
		{ "Digits", "5678" }, { "Digits", "1234" },
	};

	(void)state;
	assert_true(twilio_valid(TOKEN, URL, dup, 4,
	    "IK+Dwps556ElfBT0I3Rgjkr1wJU=", NULL));
}

/* A name and value that repeat are signed once, as the SDKs do. */
static void
test_repeated_values(void **state)
{
	const struct form_param dup[] = {
		{ "Digits", "5678" }, { "Sid", "CA123" },
		{ "Digits", "1234" }, { "Digits", "1234" },
	};

	(void)state;
	assert_true(twilio_valid(TOKEN, URL, dup, 4,
	    "PsvQvU7GsapX+M0BLFymKCdJYR8=", NULL));
	assert_true(twilio_valid(TOKEN, URL, dup + 1, 3,	/* no 5678 */
	    "PsvQvU7GsapX+M0BLFymKCdJYR8=", NULL) == 0);
}

/*
 * Twilio's HTTP authentication puts user:password@ in the webhook URL:
 * the port variants keep it, and the port is the host's.
 */
static void
test_credentials_in_url(void **state)
{
	(void)state;
	assert_true(twilio_valid(TOKEN,
	    "https://user:pass@mycompany.com/myapp.php?foo=1&bar=2", params,
	    NP, "ZQFR1PTIZXF2MXB8ZnKCvnnA+rI=", NULL));	/* :443 signed */
	assert_true(twilio_valid(TOKEN,
	    "https://user:pass@mycompany.com:443/myapp.php?foo=1&bar=2",
	    params, NP, "CukzLTc1tT5dXEDIHm/tKBanW10=", NULL));
	assert_true(twilio_valid(TOKEN, "https://[::1]:8443/x", params, NP,
	    "vxe4TtYokdJkfxDwcHbNlOeKrvs=", NULL));
	assert_true(twilio_valid(TOKEN, "https://[::1]/x", params, NP,
	    "vxe4TtYokdJkfxDwcHbNlOeKrvs=", NULL));
}

static void
test_port_variants(void **state)
{
	(void)state;
	/* a port in the URL: the signature without it is accepted */
	assert_true(twilio_valid(TOKEN,
	    "https://mycompany.com:1234/myapp.php?foo=1&bar=2", params, NP,
	    "RSOYDt4T1cUTdK1PDd93/VVr8B8=", NULL));
	/* http with a port: the signature with it */
	assert_true(twilio_valid(TOKEN,
	    "http://mycompany.com:1234/myapp.php?foo=1&bar=2", params, NP,
	    "Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", NULL));
	/* no port: the signature with the default port added */
	assert_true(twilio_valid(TOKEN, URL, params, NP,
	    "kvajT1Ptam85bY51eRf/AJRuM3w=", NULL));
	assert_true(twilio_valid(TOKEN,
	    "http://mycompany.com/myapp.php?foo=1&bar=2", params, NP,
	    "0ZXoZLH/DfblKGATFgpif+LLRf4=", NULL));
}

static void
test_json_body(void **state)
{
	const char	 body[] = "{\"property\": \"value\", \"boolean\": true}";
	struct strlist	 tried = { 0 };

	(void)state;
	assert_true(twilio_valid_body(TOKEN, URL "&bodySHA256="
	    "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620",
	    body, strlen(body), "a9nBmqA0ju/hNViExpshrM61xv4=", NULL));
	/* the same signature with a different body is refused */
	assert_false(twilio_valid_body(TOKEN, URL "&bodySHA256="
	    "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620",
	    "{}", 2, "a9nBmqA0ju/hNViExpshrM61xv4=", &tried));
	assert_non_null(strstr(tried.v[0], "bodySHA256 in the URL is not"));
	strlist_free(&tried);
	assert_false(twilio_valid_body(TOKEN, URL, body, strlen(body),
	    "a9nBmqA0ju/hNViExpshrM61xv4=", NULL));
}

static void
test_unicode_and_empty_values(void **state)
{
	const struct form_param p[] = {
		{ "Body", "Caf\xc3\xa9 \xf0\x9f\x9a\xa3" }, { "Empty", "" },
	};
	char	 sig[29];

	(void)state;
	/* signed over the UTF-8 bytes; an empty value still counts */
	assert_int_equal(twilio_signature(TOKEN, URL, p, 2, sig), 0);
	assert_true(twilio_valid(TOKEN, URL, p, 2, sig, NULL));
	assert_false(twilio_valid(TOKEN, URL, p, 1, sig, NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_documented_example),
		cmocka_unit_test(test_repeated_keys),
		cmocka_unit_test(test_repeated_values),
		cmocka_unit_test(test_credentials_in_url),
		cmocka_unit_test(test_port_variants),
		cmocka_unit_test(test_json_body),
		cmocka_unit_test(test_unicode_and_empty_values),
	};

	log_setup("test_twilio_sig", 0, LOGL_SILENT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
