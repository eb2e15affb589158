/*
 * Unit tests for lib/log.c's gathered lines (log_gather(),
 * log_gathered()): a line gathered is the line log_msg() writes, byte
 * for byte (its head, control bytes made visible), whether standard
 * error is the journal, stamped or neither; nothing is written until
 * the lines are, and then every one of them, in order, however many
 * (written PIPE_BUF bytes at a time) and however long; a line past the
 * log's level is not gathered.  Standard error goes to a scratch file
 * during each test and back after it, so that what cmocka or a
 * sanitizer says of a failure is seen.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/plumbing.h"

static char	 path[] = "/tmp/cox-test-log-XXXXXX";
static int	 saved = -1;	/* the real standard error, during a test */

/*
 * Standard error's file emptied; lines headed as the journal's when
 * journal is 1, stamped with the time when 2, else plain.
 */
static void
stderr_fresh(int journal)
{
	struct stat	 st;
	char		 env[64];

	assert_int_equal(ftruncate(2, 0), 0);
	assert_int_equal(lseek(2, 0, SEEK_SET), 0);
	if (journal == 1) {
		assert_int_equal(fstat(2, &st), 0);
		snprintf(env, sizeof(env), "%llu:%llu",
		    (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino);
		setenv("JOURNAL_STREAM", env, 1);
	} else
		unsetenv("JOURNAL_STREAM");
	log_setup("cox sms", journal == 2, LOGL_INFO);
}

/* What standard error's file holds, in buf (of size bytes). */
static const char *
stderr_read(char *buf, size_t size)
{
	ssize_t	 n;

	fflush(stderr);
	n = pread(2, buf, size - 1, 0);
	assert_true(n >= 0);
	buf[n] = '\0';
	return buf;
}

/* Standard error to the scratch file, for one test. */
static int
setup(void **state)
{
	int	 fd;

	(void)state;
	fflush(stderr);
	if ((saved = dup(2)) == -1 || (fd = open(path, O_RDWR)) == -1)
		return -1;
	if (dup2(fd, 2) == -1) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

/* ...and back. */
static int
teardown(void **state)
{
	(void)state;
	fflush(stderr);
	if (saved == -1 || dup2(saved, 2) == -1)
		return -1;
	close(saved);
	saved = -1;
	return 0;
}

static int
group_setup(void **state)
{
	int	 fd;

	(void)state;
	if ((fd = mkstemp(path)) == -1)
		return -1;
	close(fd);
	return 0;
}

static int
group_teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

/* A gathered line is log_msg()'s, byte for byte, in each head. */
static void
test_same_line(void **state)
{
	struct buf	 lines = { 0 };
	char		 msg[512];
	int		 journal, tries;

	(void)state;
	for (journal = 0; journal <= 2; journal++) {
		/* stamped, the second may turn between the two: tried again */
		for (tries = 0; tries < 3; tries++) {
			stderr_fresh(journal);
			buf_reset(&lines);
			log_msg(LOGL_INFO, "text %d from %s stored (%s)", 7,
			    "+44*****0101", "scores\nforged line");
			stderr_read(msg, sizeof(msg));
			assert_int_equal(log_gather(&lines, LOGL_INFO, "text "
			    "%d from %s stored (%s)", 7, "+44*****0101",
			    "scores\nforged line"), 0);
			if (lines.len == strlen(msg) &&
			    memcmp(lines.data, msg, lines.len) == 0)
				break;
		}
		assert_int_equal(lines.len, strlen(msg));
		assert_memory_equal(lines.data, msg, lines.len);
		/* stamped: "2026-11-29T17:43:49Z ", then as plain */
		if (journal == 2)
			assert_true(strlen(msg) > 21 && msg[4] == '-' &&
			    msg[10] == 'T' && msg[19] == 'Z' && msg[20] == ' ');
		assert_string_equal(msg + (journal == 2 ? 21 : 0),
		    journal == 1 ?
		    "<6>cox sms: text 7 from +44*****0101 stored "
		    "(scores\\x0aforged line)\n" :
		    "cox sms: text 7 from +44*****0101 stored "
		    "(scores\\x0aforged line)\n");
	}
	buf_free(&lines);
}

/*
 * More than PIPE_BUF bytes of lines, and a line longer than PIPE_BUF,
 * are written whole and in order.
 */
static void
test_many_and_long(void **state)
{
	struct buf	 lines = { 0 }, want = { 0 };
	char		*got, tabs[1101];
	size_t		 size;
	int		 i, j;

	(void)state;
	stderr_fresh(1);
	/* each tab written \x09: a line of 4,412 bytes */
	memset(tabs, '\t', sizeof(tabs) - 1);
	tabs[sizeof(tabs) - 1] = '\0';
	for (i = 0; i < 300; i++) {
		if (i == 150) {
			assert_int_equal(log_gather(&lines, LOGL_INFO, "%s",
			    tabs), 0);
			buf_puts(&want, "<6>cox sms: ");
			for (j = 0; j < (int)sizeof(tabs) - 1; j++)
				buf_puts(&want, "\\x09");
			buf_putc(&want, '\n');
			assert_true(want.len - strlen("<6>cox sms: ") >
			    PIPE_BUF);
		}
		assert_int_equal(log_gather(&lines, LOGL_INFO, "text %d", i),
		    0);
		buf_printf(&want, "<6>cox sms: text %d\n", i);
	}
	assert_false(buf_failed(&want));
	assert_true(lines.len > 2 * PIPE_BUF);
	log_gathered(&lines);
	assert_int_equal(lines.len, 0);
	size = want.len + 2;
	assert_non_null(got = malloc(size));
	stderr_read(got, size);
	assert_int_equal(strlen(got), want.len);
	assert_memory_equal(got, want.data, want.len);
	free(got);
	buf_free(&want);
	buf_free(&lines);
}

/*
 * Nothing is written while lines gather; log_gathered() writes them
 * all, in order, and empties the room; a debug line under an info
 * log is left out.
 */
static void
test_written_together(void **state)
{
	struct buf	 lines = { 0 };
	char		 got[1024];

	(void)state;
	stderr_fresh(1);
	assert_int_equal(log_gather(&lines, LOGL_INFO, "text %d stored", 1),
	    0);
	assert_int_equal(log_gather(&lines, LOGL_DEBUG, "not kept"), 0);
	assert_int_equal(log_gather(&lines, LOGL_WARN, "text %d late", 2),
	    0);
	assert_string_equal(stderr_read(got, sizeof(got)), "");
	log_gathered(&lines);
	assert_int_equal(lines.len, 0);
	assert_string_equal(stderr_read(got, sizeof(got)),
	    "<6>cox sms: text 1 stored\n"
	    "<4>cox sms: warning: text 2 late\n");
	/* nothing gathered writes nothing */
	log_gathered(&lines);
	assert_string_equal(stderr_read(got, sizeof(got)),
	    "<6>cox sms: text 1 stored\n"
	    "<4>cox sms: warning: text 2 late\n");
	buf_free(&lines);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_line, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_written_together, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_many_and_long, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
