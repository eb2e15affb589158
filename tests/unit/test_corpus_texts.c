/*
 * The corpus of texts athletes and guardians send, as they write them
 * on a phone (tests/corpus/texts.tsv), each run through the real path
 * a text takes, reply_text() on a team's database, and checked for what
 * it stored: the self-ratings, check-in, session, guess, illness or
 * opt-out, the kind the message was kept as, the emails it made for the
 * coaches, and a part of the answer.
 *
 * A row is: the reader's language (en, fr, de, es: the athlete's, and
 * so the guardian's), who texts (athlete, guardian), the text ("\n" a
 * line break), the kind the text is kept as (message.kind), what it
 * stores ("-" for nothing) and words the answer holds (may be empty).
 * What is stored is written as describe() writes it, values as the
 * metric writes them with a '.':
 *
 *	technique=7 erg=6:50.0 guess:technique=4 sleep=6 mood=4
 *	rpe=6x75 rpe=7x90pm ill=sick ill=injured:tweaked my back
 *	fwd=1 (emails to coaches) stop guardian-stop
 *
 * Each row starts from the same team, the transaction rolled back:
 * Ben has a coach score waiting on each of the four metrics
 * (technique 1-10, fitness 1-10, erg a 2k time of 5:30-9:00, attitude
 * 1-5); Ellie is a minor, whose guardian Sarah texts from her own
 * number; the club asks mood (1-5, 5 best) beside Hooper's items.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/text/text.h"

#define BEN	"+447700900101"
#define SARAH	"+447700900221"		/* Ellie's guardian */
#define ROWS_MIN	100
#define LANGS		4

static struct db		*db;
static struct metric_set	 ms;
static struct checkin_items	 items;
static struct reply_ctx		 ctx;

static const char fixture[] =
    "INSERT INTO person (id, name, handle, slug, created_at, updated_at)"
    " VALUES (1, 'Ben Fletcher', 'bfletcher', 's1', 1, 1);"
    "INSERT INTO person (id, name, handle, slug, minor, guardian_name,"
    " guardian_phone, created_at, updated_at) VALUES (2, 'Ellie Park',"
    " 'epark', 's2', 1, 'Sarah Park', '" SARAH "', 1, 1);"
    "INSERT INTO person (id, name, handle, slug, role, email, created_at,"
    " updated_at) VALUES (3, 'Maggie Head', 'mhead', 's3', 'head_coach',"
    " 'maggie@example.org', 1, 1);"
    "INSERT INTO phone (e164, person_id) VALUES ('" BEN "', 1);"
    "INSERT INTO phone (e164, person_id) VALUES ('+447700900121', 2);"
    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
    " kind, created_at) VALUES (1, 'technique', 'Technique', 1, 10, 1,"
    " 'scale', 1), (2, 'fitness', 'Fitness', 1, 10, 2, 'scale', 1),"
    " (3, 'erg', '2k erg', 3300, 5400, 3, 'time', 1),"
    " (4, 'attitude', 'Attitude', 1, 5, 4, 'scale', 1);"
    "INSERT INTO rating (athlete_id, metric_id, source, score, comment,"
    " rated_on, created_at) VALUES (1, 1, 'coach', 6, '', '2026-11-01',"
    " 100), (1, 2, 'coach', 7, '', '2026-11-01', 100), (1, 3, 'coach',"
    " 4200, '', '2026-11-01', 100), (1, 4, 'coach', 4, '', '2026-11-01',"
    " 100);"
    "INSERT INTO checkin_item (slug, name, lo, hi, better, every,"
    " created_at) VALUES ('mood', 'Mood', 1, 5, 'high', 'day', 1);";

static int
setup(void **state)
{
	(void)state;
	log_setup("test_corpus_texts", 0, LOGL_SILENT);
	if (db_open(":memory:", &db) == -1 ||
	    sqlite3_exec(db_handle(db), fixture, NULL, NULL, NULL) !=
	    SQLITE_OK || metric_set_load(db, &ms) == -1 ||
	    checkin_items_load(db, &items) == -1)
		return -1;
	ctx.db = db;
	ctx.metrics = &ms;
	ctx.items = &items;
	ctx.country = "GB";
	ctx.forward = 1;
	/* each its own email ([mail] forward_notes = each): what reaches
	 * the coaches is counted here; that it waits for the head coach's
	 * digest otherwise is 09-athlete-texts.t's */
	ctx.each = 1;
	ctx.mails = 1;
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	metric_set_free(&ms);
	db_close(db);
	return words_default("en");
}

/* Appends to out each row of query, its columns joined as fmt says. */
static void
rows(const char *query, const char *fmt, struct buf *out)
{
	sqlite3_stmt	*st;
	const char	*f;
	int		 c;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), query, -1, &st,
	    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (out->len > 0)
			buf_putc(out, ' ');
		for (f = fmt, c = 0; *f != '\0'; f++)
			if (*f == '%')
				buf_puts(out, (const char *)
				    sqlite3_column_text(st, c++));
			else
				buf_putc(out, *f);
	}
	sqlite3_finalize(st);
}

/*
 * What the text just handled stored, written as the corpus writes it:
 * self-ratings (in the metric's own form), guesses, check-ins, club
 * items, sessions, illness, emails to coaches and opt-outs.
 */
static void
describe(struct buf *out)
{
	sqlite3_stmt	*st;
	char		 value[METRIC_VALUE_MAX];
	const char	*was = words_reader("en");	/* a '.' in values */
	size_t		 j;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT "
	    "r.metric_id, r.score, g.score FROM rating r LEFT JOIN guess g "
	    "ON g.rating_id = r.id WHERE r.source = 'self' OR g.score IS NOT "
	    "NULL ORDER BY g.score IS NULL, r.metric_id", -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (j = 0; j < ms.n && ms.v[j].id !=
		    sqlite3_column_int64(st, 0); j++)
			;
		assert_true(j < ms.n);
		if (out->len > 0)
			buf_putc(out, ' ');
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			metric_value_write(&ms.v[j], sqlite3_column_int(st, 2),
			    '.', value, sizeof(value));
			buf_printf(out, "guess:%s=%s", ms.v[j].slug, value);
		} else {
			metric_value_write(&ms.v[j], sqlite3_column_int(st, 1),
			    '.', value, sizeof(value));
			buf_printf(out, "%s=%s", ms.v[j].slug, value);
		}
	}
	sqlite3_finalize(st);
	words_reader(was);
	rows("SELECT substr(coalesce(' sleep=' || sleep, '') || "
	    "coalesce(' stress=' || stress, '') || coalesce(' fatigue=' || "
	    "fatigue, '') || coalesce(' soreness=' || soreness, '') || "
	    "coalesce(' ill=' || illness || CASE note WHEN '' THEN '' ELSE "
	    "':' || note END, ''), 2) FROM wellness WHERE coalesce(sleep, "
	    "stress, fatigue, soreness, illness) IS NOT NULL ORDER BY id",
	    "%", out);
	rows("SELECT i.slug, v.value FROM checkin_value v JOIN checkin_item i "
	    "ON i.id = v.item_id", "%=%", out);
	rows("SELECT rpe, coalesce(minutes, 0), coalesce(slot, '') || "
	    "CASE day WHEN date('now', 'localtime') THEN '' ELSE '@' || "
	    "CASE day WHEN date('now', 'localtime', '-1 day') THEN "
	    "'yesterday' ELSE day END END FROM session_rpe", "rpe=%x%%", out);
	rows("SELECT count(*) FROM message WHERE direction = 'out' AND "
	    "channel = 'email' HAVING count(*) > 0", "fwd=%", out);
	rows("SELECT 'stop' FROM person WHERE opted_out = 1", "%", out);
	rows("SELECT 'guardian-stop' FROM person WHERE guardian_opted_out = 1",
	    "%", out);
	if (out->len == 0)
		buf_puts(out, "-");
}

/* A corpus row's text: "\n" and "\t" written so are those characters. */
static void
unescape(char *s)
{
	char	*d = s;

	for (; *s != '\0'; s++)
		if (s[0] == '\\' && (s[1] == 'n' || s[1] == 't')) {
			*d++ = s[1] == 'n' ? '\n' : '\t';
			s++;
		} else
			*d++ = *s;
	*d = '\0';
}

/*
 * Runs one row (its six fields in f) through reply_text() in a
 * transaction it rolls back; says what differed, returns 1 when
 * nothing did.
 */
static int
run_row(char *f[6], int line)
{
	static int	 sids;
	sqlite3_stmt	*st;
	struct buf	 got = { 0 };
	char		 sid[40], lang[64], *answer = NULL, kind[32] = "";
	int		 stored, ok = 1;

	unescape(f[2]);
	snprintf(lang, sizeof(lang), "UPDATE person SET language = '%s' "
	    "WHERE id IN (1, 2)", f[0]);
	assert_int_equal(sqlite3_exec(db_handle(db), lang, NULL, NULL, NULL),
	    SQLITE_OK);
	snprintf(sid, sizeof(sid), "SM%032d", ++sids);
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(reply_text(&ctx, strcmp(f[1], "guardian") == 0 ?
	    SARAH : BEN, f[2], NULL, sid, &answer, &stored), OUT_OK);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT kind FROM "
	    "message WHERE direction = 'in' ORDER BY id DESC LIMIT 1", -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(kind, sizeof(kind), "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	describe(&got);
	db_rollback(db);
	if (strcmp(kind, f[3]) != 0 || strcmp(got.data, f[4]) != 0 ||
	    strstr(answer, f[5]) == NULL) {
		print_error("texts.tsv:%d: %s '%s': kept as %s, stored '%s', "
		    "answered '%s'; want %s, '%s', '%s'\n", line, f[0], f[2],
		    kind, got.data, answer, f[3], f[4], f[5]);
		ok = 0;
	}
	free(answer);
	buf_free(&got);
	return ok;
}

/*
 * Every row of the corpus stores what it says; the corpus has
 * ROWS_MIN rows at least, in each of the four languages.
 */
static void
test_corpus(void **state)
{
	static const char *const langs[LANGS] = { "en", "fr", "de", "es" };
	char		 path[1024], line[8192], *f[6], *p;
	const char	*dir = getenv("COX_DATADIR");
	FILE		*fp;
	int		 n = 0, no = 0, ok = 1, per[LANGS] = { 0 }, k, i;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/corpus/texts.tsv",
	    dir != NULL ? dir : ".");
	assert_non_null(fp = fopen(path, "r"));
	while (fgets(line, sizeof(line), fp) != NULL) {
		no++;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		for (k = 0, p = line; p != NULL && k < 6; k++) {
			f[k] = p;
			if ((p = strchr(p, '\t')) != NULL)
				*p++ = '\0';
		}
		if (p != NULL || k < 5)
			fail_msg("texts.tsv:%d: not five or six fields", no);
		if (k == 5)
			f[5] = "";	/* no words asked of the answer */
		for (i = 0; i < LANGS && strcmp(f[0], langs[i]) != 0; i++)
			;
		if (i == LANGS)
			fail_msg("texts.tsv:%d: language '%s'", no, f[0]);
		per[i]++;
		n++;
		ok &= run_row(f, no);
	}
	fclose(fp);
	assert_true(ok);
	assert_true(n >= ROWS_MIN);
	for (i = 0; i < LANGS; i++)
		if (per[i] < 10)
			fail_msg("%s: %d rows", langs[i], per[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_corpus, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
