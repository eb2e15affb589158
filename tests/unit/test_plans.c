/*
 * Unit tests of how SQLite runs cox's statements (each written beside its
 * code with STMT()) at the
 * schema's version: none walks every message of a channel and way to
 * find a few, as the outbox's pass did (0.7 s a pass at a season of
 * 10,000 athletes, where the queued are a handful), and none reads the
 * whole of a table that grows with the season (messages, their
 * statuses, scores, check-ins...), by an index or not, but those meant
 * to (cox status's count, exports, cox prune, erasure of a person);
 * deleting a message, a check of each table that names messages
 * included.  SQLite plans from the schema alone here (cox runs no
 * ANALYZE), so the plans are the ones cox gets.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-plans-XXXXXX";
static struct db *db;

SCRATCH_GROUP(dir, "", db)

/*
 * Calls each(id, detail) for every step of every statement's plan;
 * returns how many statements had a plan (the others call erasure's
 * functions, which exist only while it redacts).
 */
static int
plans(void (*each)(const struct stmt *, const char *))
{
	const struct stmt *id;
	sqlite3_stmt	*st;
	char		 sql[8192];
	size_t		 i;
	int		 n = 0;

	/* erasure's lists, which its statements read */
	assert_non_null(id = stmt_named("STMT_ERASE_MARKS"));
	assert_int_equal(sqlite3_exec(db_handle(db), id->sql, NULL, NULL,
	    NULL), SQLITE_OK);
	assert_non_null(id = stmt_named("STMT_ERASE_RATED"));
	assert_int_equal(sqlite3_exec(db_handle(db), id->sql, NULL, NULL,
	    NULL), SQLITE_OK);
	for (i = 0; (id = stmt_at(i)) != NULL; i++) {
		snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s", id->sql);
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
channel_walk(const struct stmt *id, const char *detail)
{
	if (strstr(detail, "(channel=? AND direction=?)") == NULL ||
	    strstr(detail, "provider_id") != NULL)
		return;
	print_error("walks a channel's messages: %s\n  in: %.200s\n",
	    detail, id->sql);
	walks++;
}

/* No statement finds messages by channel and way alone. */
static void
test_no_channel_walk(void **state)
{
	(void)state;
	walks = 0;
	assert_true(plans(channel_walk) > (int)stmt_count() / 2);
	assert_int_equal(walks, 0);
}

/* The tables that grow with the season, a row a text or more. */
static const char *const seasonal[] = {
	"message", "message_status", "rating", "wellness", "session_rpe",
	"checkin_value", "guess",
};

static int	 reads;		/* steps that read a whole seasonal table */
static int	 reads_meant;	/* ...in the statements meant to */

/* The table named or aliased t in sql, if a seasonal one, else NULL. */
static const char *
table_of(const char *sql, const char *t)
{
	const char	*p;
	size_t		 i, n, tn = strlen(t);

	for (i = 0; i < sizeof(seasonal) / sizeof(seasonal[0]); i++) {
		if (strcmp(t, seasonal[i]) == 0)
			return seasonal[i];
		n = strlen(seasonal[i]);
		for (p = sql; (p = strstr(p, seasonal[i])) != NULL; p += n) {
			if ((p > sql && (isalnum((unsigned char)p[-1]) ||
			    p[-1] == '_')) || p[n] != ' ' ||
			    strncmp(p + n + 1, t, tn) != 0 ||
			    isalnum((unsigned char)p[n + 1 + tn]) ||
			    p[n + 1 + tn] == '_')
				continue;
			return seasonal[i];
		}
	}
	return NULL;
}

/* Whether sql names table as a word (a check of a foreign key, which
 * runs only when one is broken or a parent row goes, names another). */
static int
names(const char *sql, const char *table)
{
	const char	*p;
	size_t		 n = strlen(table);

	for (p = sql; (p = strstr(p, table)) != NULL; p += n)
		if ((p == sql || (!isalnum((unsigned char)p[-1]) &&
		    p[-1] != '_' && p[-1] != '.')) &&
		    !isalnum((unsigned char)p[n]) && p[n] != '_')
			return 1;
	return 0;
}

/* The index idx, if one of a seasonal table's, else NULL. */
static const char *
index_of(const char *idx)
{
	sqlite3_stmt	*st = NULL;
	const char	*table = NULL;
	size_t		 i;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT tbl_name "
	    "FROM sqlite_schema WHERE type = 'index' AND name = ?", -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, idx, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		for (i = 0; i < sizeof(seasonal) / sizeof(seasonal[0]); i++)
			if (strcmp((const char *)sqlite3_column_text(st, 0),
			    seasonal[i]) == 0)
				table = seasonal[i];
	sqlite3_finalize(st);
	return table;
}

/* the statements meant to read a whole table of the season */
static const char *const meant[] = {
	"STMT_STATUS_TRAFFIC",	/* cox status counts the texts */
	"STMT_INBOX_LIST",	/* cox inbox, archived ones too */
	"STMT_EXPORT_RATINGS",	/* cox export: all of it, asked */
	"STMT_EXPORT_WELLNESS",
	"STMT_EXPORT_MESSAGES",
	"STMT_RATING_COUNT",	/* cox demo, once */
	"STMT_RETAIN_RATING",	/* cox prune, what is past keeping */
	"STMT_RETAIN_WELLNESS",
	"STMT_RETAIN_CHECKIN",
	"STMT_RETAIN_SESSION_RPE",
	"STMT_ERASE_MARK_BEFORE",	/* ...and the texts past keeping */
	"STMT_ERASE_RATING_GIVEN",	/* cox roster erase, once */
	"STMT_ERASE_PERSON",	/* (ratings they gave, by rater) */
};

static void
history_read(const struct stmt *id, const char *detail)
{
	const char	*index, *table;
	char		 name[128], idx[128];
	size_t		 i;

	if (sscanf(detail, "SCAN %127s", name) != 1)
		return;
	if ((index = strstr(detail, " INDEX ")) != NULL) {
		if (sscanf(index + 7, "%127s", idx) != 1 ||
		    (table = index_of(idx)) == NULL ||
		    strcmp(idx, "message_inbox") == 0)	/* unarchived notes */
			return;
	} else if ((table = table_of(id->sql, name)) == NULL)
		return;
	/* a foreign key's check of a row added runs only when one is
	 * broken; a parent's, when rows go, runs for each of them */
	if (!names(id->sql, table) &&
	    strncmp(id->sql, "INSERT", 6) == 0)
		return;
	for (i = 0; i < sizeof(meant) / sizeof(meant[0]); i++)
		if (strcmp(id->name, meant[i]) == 0) {
			reads_meant++;
			return;
		}
	print_error("reads all of %s: %s\n  in: %.200s\n", table, detail,
	    id->sql);
	reads++;
}

/* How many steps of statement name's plan have step in their detail. */
static int
plan_steps(const char *name, const char *step)
{
	sqlite3_stmt	*st;
	char		 sql[8192];
	int		 n = 0;

	assert_non_null(stmt_named(name));
	snprintf(sql, sizeof(sql), "EXPLAIN QUERY PLAN %s",
	    stmt_named(name)->sql);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st,
	    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		if (strstr((const char *)sqlite3_column_text(st, 3), step) !=
		    NULL)
			n++;
	sqlite3_finalize(st);
	return n;
}

/*
 * Only the statements meant to read a whole table of the season's read
 * one, through an index or not; and the outbox's pass reads the queue.
 */
static void
test_history_read_on_purpose(void **state)
{
	(void)state;
	reads = reads_meant = 0;
	plans(history_read);
	assert_int_equal(reads, 0);
	assert_true(reads_meant >= 5);	/* the list above is seen */

	assert_int_equal(plan_steps("STMT_OUTBOX_DUE",
	    "SEARCH m USING INDEX message_outbox (status=?"), 1);
}

/*
 * What every text read asks, whether its sender has texts cox could
 * not read, finds those alone (schema v44), not every text of theirs
 * of the last days: 33 us of the 118 a text took on the webhook's
 * database thread at week 52 flat out, when it did.
 */
static void
test_unread_by_its_index(void **state)
{
	(void)state;
	assert_int_equal(plan_steps("STMT_UNREAD_ANY", "SEARCH message USING "
	    "INDEX message_unread (person_id=? AND created_at>?)"), 1);
	assert_int_equal(plan_steps("STMT_UNREAD_SETTLE", "SEARCH message "
	    "USING INDEX message_unread (person_id=? AND created_at>?)"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_channel_walk),
		cmocka_unit_test(test_history_read_on_purpose),
		cmocka_unit_test(test_unread_by_its_index),
	};

	log_setup("test_plans", 0, LOGL_WARN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
