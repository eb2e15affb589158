/*
 * The corpus of coach lines (tests/corpus/coach.tsv): what coaches
 * write on a phone, in each shipped language, and what it must store,
 * read through the real path, ratemail_parse_text() and then
 * ratemail_resolve() against a roster and metrics of the test's own,
 * and what the reply says of it (rateanswer.c).  One row a line:
 *
 *	LANG <TAB> COACH <TAB> TEXT <TAB> WANT
 *
 * LANG the team's language (its decimal mark and words); COACH "head"
 * (rates everyone) or "asst" (rates the Juniors alone); TEXT the
 * email's words, "\n" a line break and "\t" a tab; WANT what is stored,
 * "Name slug value" in the email's order, '; ' between, a comment in
 * double quotes after its value (a value as cox writes it, '.' its
 * decimal mark), or "-" for nothing; then " ! WORDS" for each problem,
 * in order, that WORDS are in; then " ~ WORDS" for words the reply's
 * readings (the lines read by a guess) must hold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"

#define HEAD	100		/* the head coach's id */
#define ASST	101		/* an assistant's, of the Juniors */
#define NOW	1795435200	/* 2026-11-23 08:00 UTC */

static struct db	*db;
static struct rm_index	*x;

static int
setup(void **state)
{
	(void)state;
	log_setup("test_coach_corpus", 0, LOGL_SILENT);
	assert_int_equal(db_open(":memory:", &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db),
	    "INSERT INTO squad (id, name) VALUES (1, 'Seniors'), (2, 'Juniors');"
	    "INSERT INTO person (id, role, name, handle, slug, email,"
	    " created_at, updated_at) VALUES"
	    " (100, 'head_coach', 'Alex Carter', 'acarter', 'c0',"
	    "  'alex@example.org', 1, 1),"
	    " (101, 'coach', 'Priya Shah', 'pshah', 'c1', 'priya@example.org',"
	    "  1, 1);"
	    "INSERT INTO person (id, name, handle, slug, created_at, updated_at)"
	    " VALUES (1, 'Ben Fletcher', 'bfletcher', 's1', 1, 1),"
	    " (2, 'Tom Harris', 'tharris', 's2', 1, 1),"
	    " (3, 'Tom Bennett', 'tbennett', 's3', 1, 1),"
	    " (4, 'Oliver Grant', 'ogrant', 's4', 1, 1),"
	    " (5, 'Jane Doe', 'jdoe', 's5', 1, 1),"
	    " (6, 'Poppy Adams', 'padams', 's6', 1, 1),"
	    " (7, 'Zoé Bernard', 'zbernard', 's7', 1, 1),"
	    " (8, 'Léa Martin', 'lmartin', 's8', 1, 1),"
	    " (9, 'Jürgen Müller', 'jmuller', 's9', 1, 1),"
	    " (10, 'Lukas Schmidt', 'lschmidt', 's10', 1, 1),"
	    " (11, 'José Álvarez', 'jalvarez', 's11', 1, 1),"
	    " (12, 'Lucía Fernández', 'lfernandez', 's12', 1, 1),"
	    " (13, 'Dupont, Marie', 'mdupont', 's13', 1, 1),"
	    " (14, 'Ellie Park', 'epark', 's14', 1, 1),"
	    " (15, 'Mia Chen', 'mchen', 's15', 1, 1),"
	    " (16, 'Noah Evans', 'nevans', 's16', 1, 1),"
	    " (17, 'Sean O''Brien', 'sobrien', 's17', 1, 1);"
	    "INSERT INTO membership (person_id, squad_id) SELECT id, 1"
	    " FROM person WHERE id < 14;"
	    "INSERT INTO membership (person_id, squad_id) VALUES (14, 2),"
	    " (15, 2), (16, 2), (17, 1), (101, 2);"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " created_at) VALUES (1, 'technique', 'Technique', 1, 10, 1, 1),"
	    " (2, 'fitness', 'Fitness', 1, 10, 2, 1),"
	    " (4, 'attitude', 'Attitude', 1, 5, 4, 1);"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " kind, created_at) VALUES (3, 'erg', 'Erg 2k', 3300, 5400, 3,"
	    " 'time', 1);"
	    /* what a correction finds: Oliver's erg 6:58.0 of 20 Nov */
	    "INSERT INTO rating (athlete_id, metric_id, source, rater_id, score,"
	    " rated_on, created_at) VALUES (4, 3, 'coach', 100, 4180,"
	    " '2026-11-20', 1);", NULL, NULL, NULL), SQLITE_OK);
	assert_non_null(x = ratemail_index(db));
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ratemail_index_free(x);
	db_close(db);
	words_reader(NULL);
	return words_default("en");
}

/* s with "\n" and "\t" made a line break and a tab, in place. */
static void
unescape(char *s)
{
	char	*w = s;

	for (; *s != '\0'; s++) {
		if (s[0] == '\\' && (s[1] == 'n' || s[1] == 't')) {
			*w++ = s[1] == 'n' ? '\n' : '\t';
			s++;
		} else
			*w++ = *s;
	}
	*w = '\0';
}

/* The roster's name of person id, into name. */
static void
name_of(int64_t id, char *name, size_t size)
{
	sqlite3_stmt	*st;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db),
	    "SELECT name FROM person WHERE id = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(name, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/* What r stored, as WANT writes it (the file's opening comment). */
static void
stored(const struct rm_result *r, struct buf *got)
{
	struct metric	 m = { 0 };
	char		 value[METRIC_VALUE_MAX], name[256];
	size_t		 i;

	for (i = 0; i < r->n; i++) {
		m.kind = r->v[i].kind;
		memcpy(m.unit, r->v[i].unit, sizeof(m.unit));
		metric_value_write(&m, r->v[i].score, '.', value,
		    sizeof(value));
		name_of(r->v[i].athlete, name, sizeof(name));
		buf_printf(got, "%s%s %s %s", i > 0 ? "; " : "", name,
		    r->v[i].slug, value);
		if (r->v[i].comment[0] != '\0')
			buf_printf(got, " \"%s\"", r->v[i].comment);
	}
	if (r->n == 0)
		buf_puts(got, "-");
}

/*
 * Checks one row: text as coach (HEAD or ASST) writes it, in team
 * language lang, against want.  Says what differs, with the row's line
 * number; returns 1 when something does, else 0.
 */
static int
row(unsigned long line, const char *lang, int64_t coach, char *text,
    char *want)
{
	struct rm_parse	 p = { .now = NOW, .month_first = 0 };
	struct rm_result r;
	struct buf	 got = { 0 }, readings = { 0 };
	char		*part, *next, *stored_want;
	size_t		 problem = 0;
	int		 bad = 0;

	assert_int_equal(words_default(lang), 0);
	words_reader(lang);
	p.metrics = ratemail_index_metrics(x);
	unescape(text);
	assert_int_equal(ratemail_parse_text(text, &p), 0);
	assert_int_equal(ratemail_resolve(db, x, "GB", coach, &p, &r), 0);
	stored(&r, &got);
	assert_int_equal(rateanswer_readings(text, &r, &readings), 0);
	buf_puts(&readings, "");
	/* WANT: the stored part, then " ! " and " ~ " parts */
	stored_want = want;
	part = strstr(want, " ! ");
	next = strstr(want, " ~ ");
	if (part == NULL || (next != NULL && next < part))
		part = next;
	if (part != NULL)
		*part = '\0';
	if (strcmp(got.data, stored_want) != 0 && ++bad)
		print_message("coach.tsv:%lu: %s\n stored: %s\n want:   %s\n", line,
		    text, got.data, stored_want);
	while (part != NULL) {
		char	 kind = part[1], *words = part + 3;

		if ((next = strstr(words, " ! ")) == NULL ||
		    (strstr(words, " ~ ") != NULL &&
		    strstr(words, " ~ ") < next))
			next = strstr(words, " ~ ");
		if (next != NULL)
			*next = '\0';
		if (kind == '!' && (problem >= r.errors.n ||
		    strstr(r.errors.v[problem].what, words) == NULL) && ++bad)
			print_message("coach.tsv:%lu: %s\n problem %zu: %s\n want: "
			    "%s\n", line, text, problem, problem < r.errors.n ?
			    r.errors.v[problem].what : "(none)", words);
		if (kind == '!')
			problem++;
		if (kind == '~' && strstr(readings.data, words) == NULL &&
		    ++bad)
			print_message("coach.tsv:%lu: %s\n readings: %s\n want: %s\n",
			    line, text, readings.data, words);
		part = next;
	}
	if (problem != r.errors.n && ++bad)
		print_message("coach.tsv:%lu: %s\n %zu problems, first: %s\n", line,
		    text, r.errors.n, r.errors.n > 0 ? r.errors.v[0].what :
		    "");
	ratemail_result_free(&r);
	ratemail_free(&p);
	buf_free(&got);
	buf_free(&readings);
	return bad;
}

static void
test_corpus(void **state)
{
	struct buf	 file = { 0 };
	char		 path[4096], *line, *nl, *f[4];
	unsigned long	 n = 0, rows = 0, bad = 0;
	int		 i;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/corpus/coach.tsv",
	    install_datadir());
	assert_int_equal(file_read(path, 1 << 20, &file), 0);
	for (line = file.data; line != NULL && *line != '\0'; line = nl) {
		n++;
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (*line == '#' || *line == '\0')
			continue;
		for (i = 0, f[0] = line; i < 3; i++) {
			if ((f[i + 1] = strchr(f[i], '\t')) == NULL)
				fail_msg("coach.tsv:%lu: not 4 fields", n);
			*f[i + 1]++ = '\0';
		}
		bad += row(n, f[0], strcmp(f[1], "asst") == 0 ? ASST : HEAD,
		    f[2], f[3]);
		rows++;
	}
	buf_free(&file);
	if (bad > 0)
		fail_msg("%lu of %lu rows read otherwise", bad, rows);
	/* the corpus only grows */
	assert_true(rows >= 60);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
