/* Unit tests for lib/config.c: cox.conf, environment, secret files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-config-XXXXXX";

static const char *
write_file(const char *name, const char *text)
{
	static char	 path[256];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(file_write_atomic(path, text, strlen(text), 0600), 0);
	return path;
}

static void
test_sections_and_comments(void **state)
{
	struct config	*c;
	long		 n;

	(void)state;
	c = config_load(write_file("a.conf", "# comment\n; also\n"
	    "top = 1\n[team]\nname = \"Club  \"\n  default_country=GB  \r\n"
	    "[site]\nbranch = main\nretries = 7\n"));
	assert_non_null(c);
	assert_string_equal(config_get(c, "", "top"), "1");
	assert_string_equal(config_get(c, "team", "name"), "Club  ");
	assert_string_equal(config_get(c, "team", "default_country"), "GB");
	assert_null(config_get(c, "team", "branch"));
	assert_int_equal(config_long(c, "site", "retries", 3, 0, 10, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(config_long(c, "site", "missing", 3, 0, 10, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(config_long(c, "site", "retries", 3, 0, 5, &n), -1);
	config_free(c);
}

static void
test_bad_lines(void **state)
{
	(void)state;
	assert_null(config_load(write_file("b.conf", "[team]\nname\n")));
	assert_null(config_load(write_file("c.conf", "[Team]\n")));
	assert_null(config_load(write_file("d.conf", "[t]\na = 1\na = 2\n")));
	assert_null(config_load(write_file("e.conf", "a = \xff\n")));
	assert_null(config_load("/nonexistent/cox.conf"));
}

static void
test_environment_wins(void **state)
{
	struct config	*c;

	(void)state;
	c = config_load(write_file("f.conf", "[team]\ndefault_country = GB\n"));
	assert_non_null(c);
	setenv("COX_TEAM_DEFAULT_COUNTRY", "US", 1);
	assert_string_equal(config_get(c, "team", "default_country"), "US");
	unsetenv("COX_TEAM_DEFAULT_COUNTRY");
	assert_string_equal(config_get(c, "team", "default_country"), "GB");
	config_free(c);
}

static void
test_require(void **state)
{
	struct config	*c;
	const char	*v;

	(void)state;
	c = config_load(write_file("g.conf", "[team]\nname =\n"));
	assert_non_null(c);
	/* an empty value counts as missing */
	assert_int_equal(config_require(c, "team", "name", "a name", &v), -1);
	assert_int_equal(config_require(c, "team", "site_id", "x", &v), -1);
	config_free(c);
}

static void
test_secrets(void **state)
{
	struct config	*c;
	char		 text[512], *secret;

	(void)state;
	snprintf(text, sizeof(text), "[sms]\nauth_token_file = %s/token\n"
	    "[mail]\npassword = inline-is-refused\n", dir);
	write_file("token", "s3cret\n");
	c = config_load(write_file("h.conf", text));
	assert_non_null(c);
	assert_int_equal(config_secret(c, "sms", "auth_token", &secret), 0);
	assert_string_equal(secret, "s3cret");
	free(secret);
	setenv("COX_SMS_AUTH_TOKEN", "from-env", 1);
	assert_int_equal(config_secret(c, "sms", "auth_token", &secret), 0);
	assert_string_equal(secret, "from-env");
	free(secret);
	unsetenv("COX_SMS_AUTH_TOKEN");
	assert_int_equal(config_secret(c, "mail", "password", &secret), -1);
	assert_null(secret);
	assert_int_equal(config_secret(c, "imap", "password", &secret), -1);
	write_file("token", "\n");
	assert_int_equal(config_secret(c, "sms", "auth_token", &secret), -1);
	config_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections_and_comments),
		cmocka_unit_test(test_bad_lines),
		cmocka_unit_test(test_environment_wins),
		cmocka_unit_test(test_require),
		cmocka_unit_test(test_secrets),
	};
	int	 rc;

	log_setup("test_config", 0, LOGL_SILENT);	/* errors are expected here */
	assert_non_null(mkdtemp(dir));
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	(void)scratch_remove(dir);
	return rc;
}
