/*
 * Unit tests for lib/schema.c: a database made at every earlier schema
 * version, with data in it, opens and migrates to the newest version
 * without losing the data, and the result is the same schema as a new
 * database's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-migrate-XXXXXX";

/* Data written at version v, when the tables for it exist. */
static void
seed(struct db *db, int v)
{
	char	*err = NULL;

	if (v < 1)
		return;
	if (sqlite3_exec(db_handle(db),
	    "INSERT INTO person (name, handle, slug, created_at, updated_at) "
	    "VALUES ('Kept Person', 'kept', 'slug-kept', 1, 1);"
	    "INSERT INTO metric (slug, name, created_at) "
	    "VALUES ('technique', 'Technique', 1);", NULL, NULL,
	    &err) != SQLITE_OK)
		fail_msg("seed at v%d: %s", v, err);
}

/* The schema's text, in a stable order, for comparing two databases. */
static char *
schema_of(struct db *db)
{
	struct buf	 b = { 0 };
	sqlite3_stmt	*st;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT sql FROM "
	    "sqlite_schema WHERE sql IS NOT NULL ORDER BY name", -1, &st,
	    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&b, "%s;\n", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return buf_steal(&b);
}

static int
count(struct db *db, const char *sql)
{
	sqlite3_stmt	*st;
	int		 n = -1;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st,
	    NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void
test_every_version(void **state)
{
	struct db	*db;
	char		 path[256], *fresh, *migrated;
	int		 v;

	(void)state;
	snprintf(path, sizeof(path), "%s/fresh.db", dir);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(db_version(db), db_schema_version);
	fresh = schema_of(db);
	db_close(db);
	assert_true(db_schema_version >= 1);

	for (v = 0; v < db_schema_version; v++) {
		snprintf(path, sizeof(path), "%s/v%d.db", dir, v);
		assert_int_equal(db_open_at(path, v, &db), 0);
		assert_int_equal(db_version(db), v);
		seed(db, v);
		db_close(db);

		assert_int_equal(db_open(path, &db), 0);
		assert_int_equal(db_version(db), db_schema_version);
		migrated = schema_of(db);
		assert_string_equal(migrated, fresh);
		free(migrated);
		if (v >= 1)
			assert_int_equal(count(db, "SELECT count(*) FROM "
			    "person WHERE handle = 'kept'"), 1);
		assert_int_equal(count(db, "SELECT count(*) FROM "
		    "pragma_foreign_key_check"), 0);
		assert_int_equal(count(db, "SELECT count(*) FROM "
		    "pragma_integrity_check WHERE integrity_check != 'ok'"), 0);
		db_close(db);
	}
	free(fresh);
}

static void
test_newer_refused(void **state)
{
	struct db	*db;
	char		 path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/future.db", dir);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db), "PRAGMA user_version = "
	    "9999;", NULL, NULL, NULL), SQLITE_OK);
	db_close(db);
	assert_int_equal(db_open(path, &db), -1);
	assert_null(db);
}

static void
test_pragmas(void **state)
{
	struct db	*db;
	char		 path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/pragmas.db", dir);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(count(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(count(db, "PRAGMA synchronous"), 2);	/* FULL */
	assert_int_equal(count(db, "SELECT journal_mode = 'wal' FROM "
	    "pragma_journal_mode"), 1);
	/* foreign keys are enforced */
	assert_int_not_equal(sqlite3_exec(db_handle(db), "INSERT INTO phone "
	    "(e164, person_id) VALUES ('+1', 12345)", NULL, NULL, NULL),
	    SQLITE_OK);
	db_close(db);
}

/* The answer kept for the text of MessageSid sid: want, or NULL for none. */
static void
expect_answer(struct db *db, const char *sid, const char *want)
{
	sqlite3_stmt	*st;

	st = db_query(db, stmt_named("STMT_REPLY_BY_SID"), "t", sid);
	assert_int_equal(db_row(db, st), OUT_ROW);
	if (want == NULL)
		assert_int_equal(sqlite3_column_type(st, 0), SQLITE_NULL);
	else
		assert_string_equal(db_text(st, 0), want);
	sqlite3_reset(st);
}

/*
 * A text answered before schema 28 kept its answer under "reply:" and
 * its MessageSid; once migrated, Twilio's retry of that text gets the
 * same answer, as one of a text answered since (in a row of its own
 * until schema 33, on the text's row after).
 */
static void
test_reply_kept(void **state)
{
	struct db	*db;
	char		 path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/reply.db", dir);
	assert_int_equal(db_open_at(path, 27, &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db),
	    "INSERT INTO message (direction, channel, peer, body, kind, "
	    "provider_id, status, created_at) VALUES ('in', 'sms', '+1', "
	    "'tech 4', 'ratings', 'SMold', 'stored', 1), ('out', 'sms', '+1', "
	    "'Saved technique 4.', 'twiml', 'reply:SMold', 'sent', 1), "
	    "('in', 'sms', '+1', 'tech 5', 'ratings', 'SMother', 'stored', 2), "
	    "('out', 'sms', '+1', 'Saved technique 5.', 'twiml', "
	    "'reply:SMother', 'sent', 2);", NULL, NULL, NULL), SQLITE_OK);
	db_close(db);
	assert_int_equal(db_open(path, &db), 0);
	expect_answer(db, "SMold", "Saved technique 4.");
	expect_answer(db, "SMother", "Saved technique 5.");
	assert_int_equal(count(db, "SELECT count(*) FROM message WHERE "
	    "provider_id LIKE 'reply:%'"), 0);
	/* since schema 33, on the text's own row; none kept: no row */
	assert_int_equal(sqlite3_exec(db_handle(db),
	    "INSERT INTO message (direction, channel, peer, body, kind, "
	    "provider_id, status, created_at, answer) VALUES ('in', 'sms', "
	    "'+1', 'tech 3', 'scores', 'SMnew', 'stored', 3, 'Saved "
	    "technique 3.'), ('in', 'sms', '+1', 'tech 2', 'scores', "
	    "'SMnone', 'stored', 4, NULL);", NULL, NULL, NULL), SQLITE_OK);
	expect_answer(db, "SMnew", "Saved technique 3.");
	expect_answer(db, "SMnone", NULL);
	db_close(db);
}

/*
 * A guardian on the roster before schema 36 gets copies after it, and
 * once they text STOP, the view says their copies stop (guardian) while
 * the athlete's own texts do not (sms): message_reach_guardian() and
 * message_reach() in SQL.
 */
static void
test_guardian_reach(void **state)
{
	struct db	*db;
	char		 path[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/guardian.db", dir);
	assert_int_equal(db_open_at(path, 34, &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db),
	    "INSERT INTO person (id, name, handle, slug, created_at, "
	    "updated_at, guardian_phone, minor) VALUES (1, 'Minor', 'minor', "
	    "'slug-minor', 1, 1, '+447700900150', 1), (2, 'Alone', 'alone', "
	    "'slug-alone', 1, 1, NULL, 1);"
	    "INSERT INTO phone (e164, person_id) VALUES ('+447700900101', 1);",
	    NULL, NULL, NULL), SQLITE_OK);
	db_close(db);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM person_reach WHERE "
	    "person_id = 1 AND guardian = 'yes' AND sms = 'yes'"), 1);
	assert_int_equal(count(db, "SELECT count(*) FROM person_reach WHERE "
	    "person_id = 2 AND guardian = 'no number'"), 1);
	assert_int_equal(db_exec(db, stmt_named("STMT_GUARDIAN_OPTOUT"),
	    "dit", 1, (int64_t)2, "+447700900150"), 0);
	assert_int_equal(count(db, "SELECT count(*) FROM person_reach WHERE "
	    "person_id = 1 AND guardian = 'opted out' AND sms = 'yes'"), 1);
	/* another guardian's number: no STOP of theirs */
	assert_int_equal(db_exec(db, stmt_named("STMT_PERSON_SET_GUARDIAN"),
	    "ttttdi", "New", "+447700900152", NULL, NULL, 1, (int64_t)1), 0);
	assert_int_equal(count(db, "SELECT guardian_opted_out FROM person "
	    "WHERE id = 1"), 0);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_version),
		cmocka_unit_test(test_newer_refused),
		cmocka_unit_test(test_reply_kept),
		cmocka_unit_test(test_guardian_reach),
		cmocka_unit_test(test_pragmas),
	};
	int	 rc;

	log_setup("test_migrate", 0, LOGL_SILENT);	/* errors are expected here */
	assert_non_null(mkdtemp(dir));
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	(void)scratch_remove(dir);
	return rc;
}
