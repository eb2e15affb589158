/*
 * Unit tests for lib/url.c: passwords in URLs found and masked; which
 * URLs reach this machine only (where plain http may go).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/plumbing.h"

static const struct {
	const char	*in, *want;	/* want: as url_masked prints it */
	int		 password;
} cases[] = {
	{ "smtps://coach:hunter2@mail.example.org:465",
	    "smtps://coach:****@mail.example.org:465", 1 },
	{ "imaps://coach%40example.org:s3cr%3At@imap.example.org/INBOX",
	    "imaps://coach%40example.org:****@imap.example.org/INBOX", 1 },
	{ "https://x-access-token:ghp_abc@github.com/club/site.git",
	    "https://x-access-token:****@github.com/club/site.git", 1 },
	{ "https://:onlypass@example.org/", "https://:****@example.org/", 1 },
	{ "https://user:p@ss@example.org/", "https://user:****@example.org/",
	    1 },		/* the last '@' of the authority ends it */
	{ "https://user:@example.org/", "https://user:****@example.org/", 1 },
	{ "imaps://coach@imap.example.org/INBOX",
	    "imaps://coach@imap.example.org/INBOX", 0 },
	{ "smtp://mail.example.org:587", "smtp://mail.example.org:587", 0 },
	{ "https://example.org/a:b@c", "https://example.org/a:b@c", 0 },
	{ "https://example.org?u=a:b@c", "https://example.org?u=a:b@c", 0 },
	{ "ssh://git@example.org:2222/site.git",
	    "ssh://git@example.org:2222/site.git", 0 },
	{ "git@example.org:site.git", "git@example.org:site.git", 0 },
	{ "", "", 0 },
};

static void
test_cases(void **state)
{
	char	 dst[URL_MASKED_MAX];
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_string_equal(url_masked(cases[i].in, dst, sizeof(dst)),
		    cases[i].want);
		assert_int_equal(url_has_password(cases[i].in),
		    cases[i].password);
	}
}

/* Cut to fit, the password is still never there. */
static void
test_short(void **state)
{
	char	 dst[20];

	(void)state;
	assert_string_equal(url_masked("https://u:secretsecret@example.org/",
	    dst, sizeof(dst)), "https://u:****@exam");
	assert_string_equal(url_masked(NULL, dst, sizeof(dst)), "(none)");
	assert_int_equal(url_has_password(NULL), 0);
}

/*
 * This machine is decided on the host libcurl parses: names that only
 * begin like a loopback address, and user names before '@', are not.
 */
static const struct {
	const char	*url;
	int		 loopback;
} hosts[] = {
	{ "http://127.0.0.1:8080/token", 1 },
	{ "http://127.0.0.1/", 1 },
	{ "http://127.45.6.7/token", 1 },
	{ "http://127.255.255.255/", 1 },
	{ "http://127.1:9/", 1 },		/* curl reads it as 127.0.0.1 */
	{ "http://0x7f.1/", 1 },
	{ "http://[::1]:8080/token", 1 },
	{ "http://[0:0:0:0:0:0:0:1]/", 1 },
	{ "http://localhost/token", 1 },
	{ "http://LocalHost:8080/", 1 },
	{ "http://127.attacker.example/token", 0 },
	{ "http://127.0.0.1.nip.io/token", 0 },
	{ "http://127.0.0.1%2eevil.example/", 0 },
	{ "http://127.0.0.1@evil.example/token", 0 },
	{ "http://127.0.0.1:80@evil.example/", 0 },
	{ "http://evil.example#@127.0.0.1/", 0 },
	{ "http://evil.example/?127.0.0.1", 0 },
	{ "http://localhost.evil.example/", 0 },
	{ "http://localhost./", 0 },		/* asked of DNS */
	{ "http://LOCALHOST./", 0 },
	{ "http://foo.localhost/", 0 },
	{ "http://128.0.0.1/", 0 },
	{ "http://126.255.255.255/", 0 },
	{ "http://[::2]/", 0 },
	{ "http://[::ffff:127.0.0.1]/", 0 },
	{ "http://[::]/", 0 },
	{ "http://0.0.0.0/", 0 },
	{ "http://oauth2.example.org/token", 0 },
	{ "127.0.0.1", 0 },			/* not a URL */
	{ "", 0 },
};

static void
test_loopback(void **state)
{
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(hosts) / sizeof(hosts[0]); i++) {
		if (url_loopback(hosts[i].url) != hosts[i].loopback)
			fail_msg("%s: want %d", hosts[i].url,
			    hosts[i].loopback);
	}
	assert_int_equal(url_loopback(NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_loopback),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
