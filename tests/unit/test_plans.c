/*
 * Unit tests of how SQLite runs cox's statements (lib/sql.c) at the
 * schema's version: none walks every message of a channel and way to
 * find a few, as the outbox's pass did (0.7 s a pass at a season of
 * 10,000 athletes, where the queued are a handful), and no statement
 * reads the whole history of messages through one of its indexes but
 * those that are meant to count it.  SQLite plans from the schema alone
 * here (cox runs no ANALYZE), so the plans are the ones cox gets.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/lib.h"
#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-plans-XXXXXX";
static struct db *db;

SCRATCH_GROUP(dir, "", db)

/*
 * Calls each(id, detail) for every step of every statement's plan;
 * returns how many statements had a plan (the others need a table of
 * their own first, as erasure's temporary ones).
 */
static int
plans(void (*each)(enum stmt, const char *))
{
	sqlite3_stmt	*st;
	char		 sql[8192];
	int		 id, n = 0;

	for (id = 0; id < STMT__MAX; id++) {
		if (db_sql(id) == NULL)
			continue;
		snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
		    db_sql(id));
		if (sqlite3_prepare_v2(db_handle(db), sql, -1, &st, NULL) !=
		    SQLITE_OK)
			continue;
		while (sqlite3_step(st) == SQLITE_ROW)
			each(id, (const char *)sqlite3_column_text(st, 3));
		sqlite3_finalize(st);
		n++;
	}
	return n;
}

static int	 walks;

static void
channel_walk(enum stmt id, const char *detail)
{
	if (strstr(detail, "(channel=? AND direction=?)") == NULL ||
	    strstr(detail, "provider_id") != NULL)
		return;
	print_error("walks a channel's messages: %s\n  in: %.200s\n",
	    detail, db_sql(id));
	walks++;
}

/* No statement finds messages by channel and way alone. */
static void
test_no_channel_walk(void **state)
{
	(void)state;
	walks = 0;
	assert_true(plans(channel_walk) > STMT__MAX / 2);
	assert_int_equal(walks, 0);
}

static int	 message_index;	/* a step named an index of message */

static void
history_read(enum stmt id, const char *detail)
{
	sqlite3_stmt	*st;
	const char	*index;
	char		 name[128];
	int		 of_message = 0;

	if (strncmp(detail, "SCAN ", 5) != 0 ||
	    (index = strstr(detail, " INDEX ")) == NULL ||
	    sscanf(index + 7, "%127s", name) != 1)
		return;
	st = NULL;
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT 1 FROM "
	    "sqlite_schema WHERE type = 'index' AND tbl_name = 'message' "
	    "AND name = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	of_message = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!of_message)
		return;
	message_index++;
	switch (id) {
	case STMT_STATUS_TRAFFIC:	/* cox status counts it, on request */
	case STMT_INBOX_TEAM:		/* message_inbox: unarchived notes */
		return;
	default:
		fail_msg("reads every message: %s\n  in: %.160s", detail,
		    db_sql(id));
	}
}

/*
 * Only the statements meant to read all messages read them through an
 * index; and the outbox's pass reads the queue.
 */
static void
test_history_read_on_purpose(void **state)
{
	sqlite3_stmt	*st;
	char		 sql[8192];
	int		 queue = 0;

	(void)state;
	message_index = 0;
	plans(history_read);
	assert_int_equal(message_index, 2);	/* the two above, as meant */

	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
	    db_sql(STMT_OUTBOX_DUE));
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st,
	    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strstr((const char *)sqlite3_column_text(st, 3),
		    "SEARCH m USING INDEX message_outbox (status=?") != NULL)
			queue++;
	sqlite3_finalize(st);
	assert_int_equal(queue, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_channel_walk),
		cmocka_unit_test(test_history_read_on_purpose),
	};

	log_setup("test_plans", 0, LOGL_WARN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
