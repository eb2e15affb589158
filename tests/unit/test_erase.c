/*
 * Unit tests for lib/erase.c's words of others: after erase_rows() of
 * Zoe Novak, each kept message reads as the table says, line for line.
 * What names her goes (her name in any case, with accents or a curly
 * apostrophe, her handle, address, number however spaced, her page,
 * the block of scores her name heads); what names others stays (a
 * handle that begins with hers, an address that ends with hers, a
 * number one digit off, Mei Chen's block under hers, a longer name or
 * handle that begins with hers), and her first or last name alone
 * names her only starting an entry of a message that gave her scores,
 * and only when nobody else's is that word (Zoe Ng's "Zoe" stays); the
 * problems a reply marks "(!)" under a line that names her go with it,
 * those under Mei's stay.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/workspace.h"
#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-erase-XXXXXX";
static struct db *db;

static const char *const roster =
    "INSERT INTO person (id, role, name, handle, email, slug, created_at,"
    " updated_at) VALUES"
    " (1, 'head_coach', 'Alex Carter', 'acarter', 'alex@example.org',"
    "   'slugcoach00000001', 1, 1),"
    " (2, 'athlete', 'Zoé Novák', 'znovak', 'zoe.novak@example.org',"
    "   'SlugZoe0123456789', 1, 1),"
    " (3, 'athlete', 'Mei Chen', 'mchen', 'mei@example.org',"
    "   'slugmei0000000003', 1, 1),"
    " (4, 'athlete', 'Zoe Ng', 'znovak2', 'x.zoe.novak@example.org',"
    "   'slugzng0000000004', 1, 1);"
    "INSERT INTO phone (e164, person_id) VALUES ('+447700900206', 2),"
    " ('+447700900106', 3);"
    "INSERT INTO metric (id, slug, name, created_at) VALUES"
    " (1, 'technique', 'Technique', 1);";

/* A kept message of the coach's, and what it must read after. */
static const struct {
	const char	*body;
	int		 rated;		/* it gave her a score */
	const char	*after;
} cases[] = {
	{ "Zoe Novak: technique 3", 0, "[erased]" },
	{ "ZOE NOVAK took my seat\nsee you", 0, "[erased]\nsee you" },
	{ "Zoé Novák was late", 0, "[erased]" },
	{ "Zoe Novak\xe2\x80\x99s erg", 0, "[erased]" },
	{ "\xc2\xabZoe\xc2\xa0Novak\xc2\xbb :", 0, "[erased]" },
	{ "@znovak: 4 3", 0, "[erased]" },
	{ "@znovak2: 4 3", 0, "@znovak2: 4 3" },
	{ "znovak 4 3", 0, "[erased]" },
	{ "we rowed znovak style", 0, "we rowed znovak style" },
	{ "write to zoe.novak@example.org.", 0, "[erased]" },
	{ "write to x.zoe.novak@example.org", 0,
	  "write to x.zoe.novak@example.org" },
	{ "call 07700 900206 today", 0, "[erased]" },
	{ "call 07700 900207 today", 0, "call 07700 900207 today" },
	{ "her page: https://t.example/a/SlugZoe0123456789/", 0, "[erased]" },
	{ "O&#39;Brien and Zoe Novak&#39;s", 0, "[erased]" },
	{ "Zoe,Novak,3,4", 0, "[erased]" },
	{ "Novak: tech 4", 1, "[erased]" },
	{ "Novak: tech 4", 0, "Novak: tech 4" },
	{ "- Novak 4 3", 1, "[erased]" },
	{ "Zoe Novak:\n  technique 3  keep the hands level\n  fitness 4\n"
	  "Mei Chen: tech 4\n\nthanks", 0,
	  "[erased]\n[erased]\n[erased]\nMei Chen: tech 4\n\nthanks" },
	{ "Zoe Novak:\ntechnique: 3\n@mchen:\ntechnique 4", 0,
	  "[erased]\n[erased]\n@mchen:\ntechnique 4" },
	{ "Zoe Novak: 4\r\nok\r\n", 0, "[erased]\r\nok\r\n" },
	{ "Mei Chen: technique 4", 0, "Mei Chen: technique 4" },
	{ "", 0, "" },
	/* "Zoe" is Zoe Ng's too: a coach must write Zoe Novak's whole name */
	{ "Zoe: tech 4\nZoe Ng: tech 3", 1, "Zoe: tech 4\nZoe Ng: tech 3" },
	{ "znovak rowed well", 0, "znovak rowed well" },
	{ "remind znovak\npause znovak knee\nrelancer znovak\nremind mchen", 0,
	  "[erased]\n[erased]\n[erased]\nremind mchen" },
	{ "we remind znovak often", 0, "we remind znovak often" },
	{ "Well done Zoe Novak\xf0\x9f\x91\x8f", 0, "[erased]" },
	{ "Zoe Novak\xe2\x80\x94great session", 0, "[erased]" },
	{ "Zoe Novak\xef\xbc\x8c tech 4", 0, "[erased]" },
	{ "Zoe Novak-Smith: 4 3", 0, "Zoe Novak-Smith: 4 3" },
	{ "@znovak_jr: 4 3", 0, "@znovak_jr: 4 3" },
	{ "@znovak.2 4 3", 0, "@znovak.2 4 3" },
	{ "Zoe Novak:\ntechnique 4\n\ntech 3 knee still sore\nThanks all", 0,
	  "[erased]\n[erased]\n\n[erased]\nThanks all" },
	{ "Zoe Novak:\ntechnique: 3 - New PB\nPhysio says: no erg\n"
	  "> technique: 2\nmchen 4\ntechnique 4", 0,
	  "[erased]\n[erased]\n[erased]\n[erased]\nmchen 4\ntechnique 4" },
	/* a reply's problems marked under her line quote her words */
	{ "Zoe Novak: 4 4 3 5 7 knee still sore\n(!) '4 4 3 5 7 knee still "
	  "sore' is not 'metric score'\n(!) 7 is outside 1-5\n"
	  "Mei Chen: 9\n(!) 9 is outside 1-5", 0,
	  "[erased]\n[erased]\n[erased]\nMei Chen: 9\n(!) 9 is outside 1-5" },
	{ "> Zoe Novak: 4 4 3 5 7 knee\n> (!) '4 4 3 5 7 knee' is not it", 0,
	  "[erased]\n[erased]" },
	{ "Mei Chen: 9\n(!) 9 is outside 1-5", 0,
	  "Mei Chen: 9\n(!) 9 is outside 1-5" },
};

SCRATCH_GROUP(dir, roster, db)

static void
test_words_of_others(void **state)
{
	sqlite3		*h = db_handle(db);
	sqlite3_stmt	*st;
	char		*sql;
	size_t		 i, texts = 0, changed = 0;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO message "
		    "(id, direction, channel, person_id, peer, body, kind, "
		    "status, created_at) VALUES (?1, 'in', 'email', 1, "
		    "'alex@example.org', ?2, 'ratings', 'stored', 1)", -1,
		    &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)(100 + i));
		sqlite3_bind_text(st, 2, cases[i].body, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_finalize(st);
		if (cases[i].rated) {
			sql = sqlite3_mprintf("INSERT INTO rating (athlete_id, "
			    "metric_id, source, rater_id, score, rated_on, "
			    "created_at, message_id) VALUES (2, 1, 'coach', 1, "
			    "4, '2026-11-01', 1, %d)", (int)(100 + i));
			assert_non_null(sql);
			assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL),
			    SQLITE_OK);
			sqlite3_free(sql);
		}
		changed += strcmp(cases[i].body, cases[i].after) != 0;
	}
	/* the coach's messages changed: his pages are rendered again */
	assert_int_equal(sqlite3_exec(h, "DELETE FROM dirty", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(erase_rows(db, 2, "SlugZoe0123456789", &texts),
	    OUT_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM dirty "
	    "WHERE person_id = 1", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sqlite3_prepare_v2(h, "SELECT body FROM "
		    "message WHERE id = ?", -1, &st, NULL), SQLITE_OK);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)(100 + i));
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (strcmp((const char *)sqlite3_column_text(st, 0),
		    cases[i].after) != 0)
			fail_msg("case %zu: \"%s\" read \"%s\", not \"%s\"", i,
			    cases[i].body, sqlite3_column_text(st, 0),
			    cases[i].after);
		sqlite3_finalize(st);
	}
	assert_int_equal(texts, changed);
	/* nothing left that an erase_named() call could reach */
	assert_int_not_equal(sqlite3_exec(h,
	    "SELECT erase_named('Zoe Novak')", NULL, NULL, NULL), SQLITE_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_of_others),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
