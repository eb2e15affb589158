/*
 * Unit tests for ingest/waiting.c: the still-waiting list kept in
 * memory across a pass is the list read afresh from the database, after
 * every email of a long random run of two coaches' scores (added and
 * corrected, of athletes rated by both, over more athletes than the rows
 * kept hold), and after self scores answer some.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"

#define ATHLETES	30	/* more than the rows kept name */
#define EMAILS		400
#define T0		1800000000	/* the run's first second */

static struct db	*db;

static int
setup(void **state)
{
	struct buf	 sql = { 0 };
	int		 i;

	(void)state;
	log_setup("test_waiting", 0, LOGL_SILENT);
	assert_int_equal(db_open(":memory:", &db), 0);
	buf_puts(&sql, "INSERT INTO person (id, role, name, handle, slug, "
	    "created_at, updated_at) VALUES (1, 'head_coach', 'Head', 'hc', "
	    "'c1', 1, 1), (2, 'coach', 'Other', 'oc', 'c2', 1, 1);"
	    "INSERT INTO metric (id, slug, name, position, created_at) VALUES "
	    "(1, 'technique', 'Technique', 1, 1), (2, 'fitness', 'Fitness', "
	    "2, 1);");
	for (i = 0; i < ATHLETES; i++)
		buf_printf(&sql, "INSERT INTO person (id, name, handle, slug, "
		    "created_at, updated_at) VALUES (%d, 'Rower %d', 'r%d', "
		    "'s%d', 1, 1);", 10 + i, i, i, i);
	/* one athlete no text reaches */
	buf_puts(&sql, "UPDATE person SET opted_out = 1 WHERE id = 12;");
	assert_false(buf_failed(&sql));
	assert_int_equal(sqlite3_exec(db_handle(db), sql.data, NULL, NULL,
	    NULL), SQLITE_OK);
	buf_free(&sql);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	db_close(db);
	return 0;
}

/* The list for email msg from coach at now, kept (*kept) and afresh. */
static void
same_list(struct waiting **kept, int64_t coach, int64_t msg, int64_t now)
{
	struct waiting	*fresh = NULL;
	struct buf	 a = { 0 }, b = { 0 };

	assert_int_equal(waiting_list(kept, db, coach, msg, now, &a), 0);
	assert_int_equal(waiting_list(&fresh, db, coach, msg, now, &b), 0);
	waiting_forget(&fresh);
	buf_puts(&a, "");
	buf_puts(&b, "");
	assert_string_equal(a.data, b.data);
	buf_free(&a);
	buf_free(&b);
}

/* One email: a message, then 1-4 athletes scored by coach, as intake.c does. */
static void
email(struct waiting *kept, int64_t coach, int64_t msg, int64_t now)
{
	struct rating_written w;
	char		 day[11];
	int		 n = 1 + rand() % 4, first = rand() % ATHLETES;
	int64_t		 athlete;

	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO message "
	    "(direction, channel, peer, body, status, created_at) VALUES "
	    "('in', 'email', 'c@example.org', '', 'stored', 0)", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(db_last_id(db), msg);
	while (n-- > 0) {
		/* an email names an athlete once */
		athlete = 10 + (first + 7 * n) % ATHLETES;
		snprintf(day, sizeof(day), "2027-01-%02d", 1 + rand() % 3);
		assert_int_equal(rating_coach(db, athlete, 1 + rand() % 2,
		    coach, 1 + rand() % 5, "", day, now, msg, &w), 0);
		waiting_rated(kept, coach, athlete, &w, now, msg);
	}
}

static void
kept_is_fresh(void **state)
{
	struct waiting	*kept = NULL;
	int64_t		 msg, coach, now;

	(void)state;
	srand(27);
	assert_int_equal(db_begin(db), 0);
	for (msg = 1; msg <= EMAILS; msg++) {
		coach = rand() % 3 == 0 ? 2 : 1;
		now = T0 + msg / 4;	/* some emails share a second */
		email(kept, coach, msg, now);
		same_list(&kept, coach, msg, now);
		if (msg % 50 == 0) {
			/* athletes answer: what a command or a reply forgets */
			assert_int_equal(rating_add(db, 10 + rand() % ATHLETES,
			    1, SOURCE_SELF, 0, 3, "", "2027-01-02", now, 0),
			    0);
			waiting_forget(&kept);
		}
	}
	/* weeks later the oldest scores leave the window */
	same_list(&kept, 1, 0, T0 + 56 * 86400 + EMAILS / 8);
	assert_int_equal(db_commit(db), 0);
	waiting_forget(&kept);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kept_is_fresh),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
