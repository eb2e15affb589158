/*
 * Unit tests for lib/words.c: the catalogue's file format, fallbacks to
 * English, and translations that would hand printf the wrong arguments.
 * The catalogue is read from a data folder made here ($COX_DATADIR).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-words-XXXXXX";

static void
write_words(const char *lang, const char *text)
{
	char	 path[256];

	snprintf(path, sizeof(path), "%s/lib/words/%s.txt", dir, lang);
	assert_int_equal(file_replace(path, text, strlen(text), 0644,
	    FILE_MKDIRS), 0);
}

static void
test_format(void **state)
{
	(void)state;
	assert_int_equal(words_ready(), OUT_OK);
	assert_string_equal(words_get("en", "a.plain"), "Hello there");
	assert_string_equal(words_get(NULL, "a.joined"),
	    "one line, and its continuation");
	/* each line trimmed (a carriage return too), each continuation
	   moved down over the break before it */
	assert_string_equal(words_get(NULL, "a.three"),
	    "first, second, third \"quoted\"");
	assert_string_equal(words_get(NULL, "a.after"), "still itself");
	assert_string_equal(words_get(NULL, "a.quoted"), " (kept) ");
	assert_string_equal(words_get(NULL, "a.escaped"), "two\nlines \\ one");
	assert_string_equal(words_get(NULL, "a.equals"), "x = y");
	/* a missing entry is named, never NULL */
	assert_null(words_find(NULL, "no.such"));
	assert_string_equal(words_get(NULL, "no.such"), "no.such");
}

static void
test_languages(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	assert_true(words_has("fr"));
	assert_false(words_has("de"));
	assert_string_equal(words_get("fr", "a.plain"), "Bonjour");
	/* what French lacks, English says */
	assert_string_equal(words_get("fr", "a.joined"),
	    "one line, and its continuation");
	/* "%d" where English has "%s": refused, English used */
	assert_int_equal(words_printf(&b, "fr", "a.count", "3", 4L), 0);
	assert_string_equal(b.data, "3 of 4");
	buf_free(&b);
	assert_int_equal(words_default("fr"), 0);
	assert_string_equal(words_get(NULL, "a.plain"), "Bonjour");
	assert_int_equal(words_default("de"), -1);
	assert_string_equal(words_get(NULL, "a.plain"), "Bonjour");
	assert_int_equal(words_default("en"), 0);
}

static void
test_keywords(void **state)
{
	(void)state;
	assert_true(words_is("kw.stop", "STOP"));
	assert_true(words_is("kw.stop", "quit"));
	assert_true(words_is("kw.stop", "arret"));	/* French, from anyone */
	assert_true(words_is("kw.stop", "ARRÊT"));	/* capitals of any Latin letter */
	assert_true(words_is("kw.stop", "Arrêt"));
	assert_false(words_is("kw.stop", "arrê"));
	assert_false(words_is("kw.stop", "ARRÈT"));	/* another letter, not its case */
	assert_false(words_is("kw.stop", "qui"));
	assert_false(words_is("kw.stop", "quits"));
	assert_false(words_is("kw.stop", ""));
	assert_false(words_is("kw.none", "stop"));
}

static void
test_conversions(void **state)
{
	char	 out[64];

	(void)state;
	assert_int_equal(words_conversions("%s of %ld, %zu%% done", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "s ld zu ");
	assert_int_equal(words_conversions("%-8.3s", out, sizeof(out)), 0);
	assert_string_equal(out, "s ");
	assert_int_equal(words_conversions("none", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(words_conversions("trailing %", out, sizeof(out)), -1);
}

/*
 * A look-up is kept by the address of the name asked: the same address
 * holding another name, or asked in another language, is not the entry
 * found before.
 */
static void
test_found_again(void **state)
{
	char	 name[32];

	(void)state;
	strcpy(name, "a.plain");
	assert_string_equal(words_get("en", name), "Hello there");
	strcpy(name, "a.quoted");
	assert_string_equal(words_get("en", name), " (kept) ");
	strcpy(name, "a.plain");
	assert_string_equal(words_get("fr", name), "Bonjour");
	assert_string_equal(words_get("en", name), "Hello there");
	assert_string_equal(words_get("fr", name), "Bonjour");
	strcpy(name, "no.such");
	assert_null(words_find("en", name));
}

/*
 * A count picks the form its language's rule names (CLDR's cardinal
 * rules): English's "one" is 1 only, French's is 0 and 1; a language
 * without a form says its "other", one without the entry English's.
 */
static void
test_plural(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	assert_int_equal(words_printf_n(&b, "en", "a.stored", 1, 1), 0);
	assert_int_equal(words_printf_n(&b, "en", "a.stored", 0, 0), 0);
	assert_int_equal(words_printf_n(&b, "en", "a.stored", 2, 2), 0);
	assert_string_equal(b.data, "1 score|0 scores|2 scores|");
	buf_free(&b);
	assert_int_equal(words_printf_n(&b, "fr", "a.stored", 0, 0), 0);
	assert_int_equal(words_printf_n(&b, "fr", "a.stored", 1, 1), 0);
	assert_int_equal(words_printf_n(&b, "fr", "a.stored", 2, 2), 0);
	assert_string_equal(b.data, "0 note|1 note|2 notes|");
	buf_free(&b);
	/* French has no "one" of a.seen: its "other"; no a.left: English's */
	assert_string_equal(words_plural("fr", "a.seen", 1), "vus %d");
	assert_string_equal(words_plural("fr", "a.left", 1), "%d left");
	assert_string_equal(words_plural("fr", "a.left", 5), "%d lefts");
	/* no such plural: named, as words_get() does */
	assert_string_equal(words_plural("en", "no.such", 2), "no.such");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_languages),
		cmocka_unit_test(test_keywords),
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_found_again),
		cmocka_unit_test(test_plural),
	};
	int	 rc;

	log_setup("test_words", 0, LOGL_SILENT);	/* errors are expected */
	assert_non_null(mkdtemp(dir));
	write_words("en", "# test\n"
	    "a.plain = Hello there\n"
	    "a.joined = one line,\n"
	    "\tand its continuation\n"
	    "a.three = first,\r\n"
	    "    second,   \n"
	    "\t\t third \"quoted\"  \n"
	    "a.after = still itself\n"
	    "a.quoted = \" (kept) \"\n"
	    "a.escaped = two\\nlines \\\\ one\n"
	    "a.equals = x = y\n"
	    "a.count = %s of %ld\n"
	    "a.stored.one = %d score|\n"
	    "a.stored.other = %d scores|\n"
	    "a.seen.one = seen %d\n"
	    "a.seen.other = seen %d\n"
	    "a.left.one = %d left\n"
	    "a.left.other = %d lefts\n"
	    "kw.stop = stop quit\n");
	write_words("fr", "a.plain = Bonjour\n"
	    "a.count = %s sur %d\n"
	    "a.stored.one = %d note|\n"
	    "a.stored.other = %d notes|\n"
	    "a.seen.other = vus %d\n"
	    "kw.stop = arret arrêt\n");
	setenv("COX_DATADIR", dir, 1);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	(void)scratch_remove(dir);
	return rc;
}
