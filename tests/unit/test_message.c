/*
 * Unit tests for lib/message.c: the rule of who a text or an email
 * reaches is the same in C (message_reach(), which the dashboard and
 * message_queue() ask) and in SQL (the view person_reach, which the
 * confirmation's waiting list and the outbox read), for everyone of a
 * roster made to hold each case; and message_queue() queues exactly
 * those the rule lets through.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/people.h"
#include "scratch.h"

static char	 dir[] = "/tmp/cox-test-message-XXXXXX";
static struct db *db;

/* Everyone of the fixture: one of each state, and some of several. */
static const char *const roster =
    "INSERT INTO person (id, name, handle, email, slug, opted_out, blocked,"
    " active, created_at, updated_at) VALUES"
    " (1, 'Yes Both', 'yb', 'yb@example.org', 's1', 0, 0, 1, 1, 1),"
    " (2, 'No Email', 'ne', NULL, 's2', 0, 0, 1, 1, 1),"
    " (3, 'No Number', 'nn', 'nn@example.org', 's3', 0, 0, 1, 1, 1),"
    " (4, 'Opted Out', 'oo', 'oo@example.org', 's4', 1, 0, 1, 1, 1),"
    " (5, 'Blocked', 'bl', 'bl@example.org', 's5', 0, 1, 1, 1, 1),"
    " (6, 'Removed', 're', 're@example.org', 's6', 0, 0, 0, 1, 1),"
    " (7, 'Blocked Opted', 'bo', NULL, 's7', 1, 1, 1, 1, 1),"
    " (8, 'Removed Opted', 'ro', NULL, 's8', 1, 0, 0, 1, 1),"
    " (9, 'Nothing', 'no', NULL, 's9', 0, 0, 1, 1, 1),"
    " (10, 'Opted No Number', 'on', NULL, 's10', 1, 0, 1, 1, 1);"
    "INSERT INTO phone (e164, person_id) VALUES ('+447700900001', 1),"
    " ('+447700900002', 2), ('+447700900004', 4), ('+447700900005', 5),"
    " ('+447700900006', 6), ('+447700900007', 7), ('+447700900008', 8);";

SCRATCH_GROUP(dir, roster, db)

/* What the view says of person id on channel c. */
static enum reach
view_reach(int64_t id, enum channel c)
{
	sqlite3_stmt	*st;
	enum reach	 r;
	char		 sql[128];

	snprintf(sql, sizeof(sql), "SELECT %s FROM person_reach WHERE "
	    "person_id = %lld", channel_name(c), (long long)id);
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	r = message_reach_parse((const char *)sqlite3_column_text(st, 0));
	assert_string_equal(sqlite3_column_text(st, 0), message_reach_name(r));
	sqlite3_finalize(st);
	return r;
}

/* C and SQL agree on everyone, on every channel, and on these. */
static void
test_view_agrees(void **state)
{
	static const enum reach want[][CHANNEL__MAX] = {
		[1] = { REACH_YES, REACH_YES },
		[2] = { REACH_YES, REACH_NO_EMAIL },
		[3] = { REACH_NO_NUMBER, REACH_YES },
		[4] = { REACH_OPTED_OUT, REACH_OPTED_OUT },
		[5] = { REACH_BLOCKED, REACH_BLOCKED },
		[6] = { REACH_REMOVED, REACH_REMOVED },
		[7] = { REACH_BLOCKED, REACH_BLOCKED },
		[8] = { REACH_REMOVED, REACH_REMOVED },
		[9] = { REACH_NO_NUMBER, REACH_NO_EMAIL },
		[10] = { REACH_OPTED_OUT, REACH_OPTED_OUT },
	};
	struct person	 p;
	int64_t		 id;
	int		 c;

	(void)state;
	for (id = 1; id <= 10; id++) {
		assert_int_equal(person_load(db, id, &p), 0);
		for (c = 0; c < CHANNEL__MAX; c++) {
			assert_int_equal(message_reach(&p, c), want[id][c]);
			assert_int_equal(view_reach(id, c), want[id][c]);
		}
		person_clear(&p);
	}
}

/*
 * message_queue() queues a text for those the rule lets through, to
 * their first number, and says why not of the others; the outbox,
 * when the text is due, reads the same from the view.
 */
static void
test_queue_follows(void **state)
{
	struct message	 m = { .channel = CHANNEL_SMS, .body = "hello",
	    .kind = "broadcast" };
	struct person	 p;
	sqlite3_stmt	*st;
	enum reach	 got;
	int64_t		 id;
	char		 to[16];
	int		 yes = 0, n = 0;

	(void)state;
	for (id = 1; id <= 10; id++) {
		m.person = id;
		assert_int_equal(message_queue(db, &m, &got), OUT_OK);
		assert_int_equal(person_load(db, id, &p), 0);
		assert_int_equal(got, message_reach(&p, CHANNEL_SMS));
		person_clear(&p);
		yes += got == REACH_YES;
	}
	assert_int_equal(yes, 2);	/* Yes Both, No Email */
	st = db_query(db, stmt_named("STMT_OUTBOX_DUE"), "ti", "sms",
	    (int64_t)time(NULL) + 60);
	while (db_row(db, st) == OUT_ROW) {
		n++;
		snprintf(to, sizeof(to), "+44770090000%lld",
		    (long long)sqlite3_column_int64(st, 6));
		assert_string_equal(sqlite3_column_text(st, 1), to);
		assert_string_equal(sqlite3_column_text(st, 5), "yes");
	}
	assert_int_equal(n, yes);
	/* one opts out before it is sent: the outbox reads it so */
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE person SET "
	    "opted_out = 1 WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
	st = db_query(db, stmt_named("STMT_OUTBOX_DUE"), "ti", "sms",
	    (int64_t)time(NULL) + 60);
	while (db_row(db, st) == OUT_ROW)
		assert_string_equal(sqlite3_column_text(st, 5),
		    sqlite3_column_int64(st, 6) == 2 ? "opted out" : "yes");
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE person SET "
	    "opted_out = 0 WHERE id = 2", NULL, NULL, NULL), SQLITE_OK);
}

/* A peer given stands for the person's own address, nothing else. */
static void
test_queue_peer(void **state)
{
	struct message	 m = { .channel = CHANNEL_EMAIL, .peer =
	    "coach@example.org", .body = "x", .kind = "reply" };
	enum reach	 got;

	(void)state;
	m.person = 2;	/* no email on the roster */
	assert_int_equal(message_queue(db, &m, &got), OUT_OK);
	assert_int_equal(got, REACH_YES);
	m.person = 7;	/* blocked */
	assert_int_equal(message_queue(db, &m, &got), OUT_OK);
	assert_int_equal(got, REACH_BLOCKED);
	m.person = 0;	/* on no roster */
	assert_int_equal(message_queue(db, &m, &got), OUT_OK);
	assert_int_equal(got, REACH_YES);
	m.peer = NULL;
	assert_int_equal(message_queue(db, &m, &got), OUT_OK);
	assert_int_equal(got, REACH_NO_EMAIL);
}

/* The 24-hour window: open after their message, closed by 63016. */
static void
test_window(void **state)
{
	(void)state;
	assert_false(message_window_open(0, 0, 1000));
	assert_true(message_window_open(1000, 0, 1000));
	assert_true(message_window_open(1000, 0, 1000 + WHATSAPP_WINDOW - 1));
	assert_false(message_window_open(1000, 0, 1000 + WHATSAPP_WINDOW));
	assert_false(message_window_open(1000, 1500, 2000));
	assert_true(message_window_open(2000, 1500, 2500));
}

/* Which way a text goes, for each channel and state. */
static void
test_route(void **state)
{
	static const struct {
		const char	*channel;
		int		 on, tmpl;
		int64_t		 blocked, last_in;
		enum route	 want;
		int		 why;	/* a reason is given */
	} cases[] = {
		{ NULL, 1, 1, 0, 90000, ROUTE_SMS, 0 },
		{ "sms", 1, 1, 0, 90000, ROUTE_SMS, 0 },
		{ "whatsapp", 1, 0, 0, 90000, ROUTE_WHATSAPP, 0 },
		{ "whatsapp", 1, 1, 0, 1, ROUTE_TEMPLATE, 0 },
		{ "whatsapp", 1, 0, 0, 1, ROUTE_NONE, 1 },
		{ "whatsapp", 0, 1, 0, 90000, ROUTE_NONE, 1 },
		{ "whatsapp", 1, 1, 5, 90000, ROUTE_NONE, 1 },
		{ "both", 1, 0, 0, 90000, ROUTE_WHATSAPP, 0 },
		{ "both", 1, 1, 0, 0, ROUTE_TEMPLATE, 0 },
		{ "both", 1, 0, 0, 0, ROUTE_SMS, 1 },
		{ "both", 1, 1, 5, 90000, ROUTE_SMS, 1 },
		{ "both", 0, 1, 0, 90000, ROUTE_SMS, 1 },
	};
	struct route_facts	 f = { .now = 100000 };
	const char		*why;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		f.channel = cases[i].channel;
		f.whatsapp_on = cases[i].on;
		f.has_template = cases[i].tmpl;
		f.blocked_at = cases[i].blocked;
		f.last_in = cases[i].last_in;
		if (message_route(&f, &why) != cases[i].want ||
		    (why != NULL) != cases[i].why)
			fail_msg("case %zu: %s", i, why ? why : "no reason");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_agrees),
		cmocka_unit_test(test_queue_follows),
		cmocka_unit_test(test_queue_peer),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_route),
	};

	log_setup("test_message", 0, LOGL_SILENT);
	return cmocka_run_group_tests(tests, setup, teardown);
}
