/* Unit tests for lib/csv.c: dialects that spreadsheets export. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/plumbing.h"

/* Reads all of s; records are joined as "a|b|c" lines in out. */
static int
read_all(const char *s, size_t len, char *out, size_t size, char *delim)
{
	struct csv_reader	*r = csv_open(s, len);
	struct csv_record	*rec;
	size_t			 i, n = 0;
	int			 rc;

	assert_non_null(r);
	out[0] = '\0';
	while ((rc = csv_read(r, &rec)) == 1) {
		for (i = 0; i < rec->nfields; i++)
			n += (size_t)snprintf(out + n, size - n, "%s%s",
			    i ? "|" : "", rec->fields[i]);
		n += (size_t)snprintf(out + n, size - n, "@%lu\n", rec->line);
	}
	if (delim != NULL)
		*delim = csv_delimiter(r);
	csv_close(r);
	return rc;
}

static void
test_plain(void **state)
{
	char	 out[256], d;

	(void)state;
	assert_int_equal(read_all("a,b,c\n1,2,3\n", 12, out, sizeof(out),
	    &d), 0);
	assert_string_equal(out, "a|b|c@1\n1|2|3@2\n");
	assert_int_equal(d, ',');
}

static void
test_libreoffice(void **state)
{
	const char	 s[] = "\xef\xbb\xbfName;Phone\r\nJane;07700 900101\r\n"
	    "\"Doe; John\";\"1\"\"2\"\r\n";
	char		 out[256], d;

	(void)state;
	assert_int_equal(read_all(s, sizeof(s) - 1, out, sizeof(out), &d), 0);
	assert_int_equal(d, ';');
	assert_string_equal(out, "Name|Phone@1\nJane|07700 900101@2\n"
	    "Doe; John|1\"2@3\n");
}

static void
test_quoted_newline(void **state)
{
	const char	 s[] = "n,notes\r\n\"A, B\",\"line one\r\nline \"\"two\"\"\"\r\n"
	    "c,d";
	char		 out[256];

	(void)state;
	assert_int_equal(read_all(s, sizeof(s) - 1, out, sizeof(out), NULL), 0);
	/* the third record starts on line 4: line numbers count breaks
	 * inside quotes */
	assert_string_equal(out, "n|notes@1\nA, B|line one\nline \"two\"@2\n"
	    "c|d@4\n");
}

static void
test_empty_fields_and_cr(void **state)
{
	char	 out[256];

	(void)state;
	assert_int_equal(read_all("a,,\r,b", 6, out, sizeof(out), NULL), 0);
	assert_string_equal(out, "a||@1\n|b@2\n");
}

static void
test_tab_delimiter(void **state)
{
	char	 out[256], d;

	(void)state;
	assert_int_equal(read_all("a\tb\tc,d\n", 8, out, sizeof(out), &d), 0);
	assert_int_equal(d, '\t');
	assert_string_equal(out, "a|b|c,d@1\n");
}

static void
test_unterminated(void **state)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	const char		 s[] = "a,b\n\"open,c\nd\n";

	(void)state;
	r = csv_open(s, sizeof(s) - 1);
	assert_int_equal(csv_read(r, &rec), 1);
	assert_int_equal(csv_read(r, &rec), -1);
	assert_non_null(strstr(csv_error(r), "line 2"));
	csv_close(r);
}

static void
test_nul_byte(void **state)
{
	struct csv_reader	*r;
	struct csv_record	*rec;

	(void)state;
	r = csv_open("a,b\0c\n", 6);
	assert_int_equal(csv_read(r, &rec), -1);
	assert_non_null(strstr(csv_error(r), "NUL"));
	csv_close(r);
}

static void
test_too_many_fields(void **state)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	char			 s[CSV_MAX_FIELDS * 2 + 8];

	(void)state;
	memset(s, ',', sizeof(s));
	r = csv_open(s, sizeof(s));
	assert_int_equal(csv_read(r, &rec), -1);
	csv_close(r);
}

static void
test_text_after_quote_kept(void **state)
{
	char	 out[64];

	(void)state;
	assert_int_equal(read_all("\"ab\"c,d", 7, out, sizeof(out), NULL), 0);
	assert_string_equal(out, "abc|d@1\n");
}

/* csv_put(): RFC 4180 quoting, and formulas kept as text. */
static void
test_put(void **state)
{
	static const struct {
		const char	*in;
		int		 text;
		const char	*want;
	} cases[] = {
		{ "plain", 1, "plain," },
		{ "", 1, "," },
		{ "a,b", 1, "\"a,b\"," },
		{ "say \"hi\"", 1, "\"say \"\"hi\"\"\"," },
		{ "two\nlines", 1, "\"two\nlines\"," },
		{ " edge", 1, "\" edge\"," },
		{ "=1+1", 1, "'=1+1," },
		{ "+44 7700", 1, "'+44 7700," },
		{ "-2", 1, "'-2," },
		{ "-2", 0, "-2," },
		{ "@SUM(A1)", 1, "'@SUM(A1)," },
		{ "=HYPERLINK(\"x\",\"y\")", 1,
		  "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"," },
	};
	struct buf	 b = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		buf_reset(&b);
		assert_int_equal(csv_put(&b, cases[i].in, cases[i].text, 0), 0);
		assert_string_equal(b.data, cases[i].want);
	}
	buf_reset(&b);
	csv_put(&b, "last", 1, 1);
	assert_string_equal(b.data, "last\r\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_put),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_libreoffice),
		cmocka_unit_test(test_quoted_newline),
		cmocka_unit_test(test_empty_fields_and_cr),
		cmocka_unit_test(test_tab_delimiter),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_too_many_fields),
		cmocka_unit_test(test_text_after_quote_kept),
	};

	log_setup("test_csv", 0, LOGL_ERROR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
