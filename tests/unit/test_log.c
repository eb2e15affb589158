/*
 * Unit tests for lib/log.c's gathered lines (log_gather(),
 * log_gathered()): a line gathered is the line log_msg() writes, byte
 * for byte (its head, control bytes made visible), whether standard
 * error is the journal or not; nothing is written until the lines are,
 * and then all of them at once; a line past the log's level is not
 * gathered.  Standard error goes to a scratch file here.
 */
#include <sys/stat.h>

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

/* Standard error into a new scratch file, the journal's when journal. */
static void
stderr_fresh(int journal)
{
	struct stat	 st;
	char		 env[64];

	assert_int_equal(ftruncate(2, 0), 0);
	assert_int_equal(lseek(2, 0, SEEK_SET), 0);
	if (journal) {
		assert_int_equal(fstat(2, &st), 0);
		snprintf(env, sizeof(env), "%llu:%llu",
		    (unsigned long long)st.st_dev,
		    (unsigned long long)st.st_ino);
		setenv("JOURNAL_STREAM", env, 1);
	} else
		unsetenv("JOURNAL_STREAM");
	log_setup("cox sms", 0, LOGL_INFO);
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

static int
setup(void **state)
{
	int	 fd;

	(void)state;
	if ((fd = mkstemp(path)) == -1 || dup2(fd, 2) == -1)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

/* A gathered line is log_msg()'s, byte for byte, in either head. */
static void
test_same_line(void **state)
{
	struct buf	 lines = { 0 };
	char		 msg[512];
	int		 journal;

	(void)state;
	for (journal = 0; journal <= 1; journal++) {
		stderr_fresh(journal);
		log_msg(LOGL_INFO, "text %d from %s stored (%s)", 7,
		    "+44*****0101", "scores\nforged line");
		stderr_read(msg, sizeof(msg));
		assert_int_equal(log_gather(&lines, LOGL_INFO, "text %d from "
		    "%s stored (%s)", 7, "+44*****0101",
		    "scores\nforged line"), 0);
		assert_int_equal(lines.len, strlen(msg));
		assert_memory_equal(lines.data, msg, lines.len);
		assert_string_equal(msg, journal ?
		    "<6>cox sms: text 7 from +44*****0101 stored "
		    "(scores\\x0aforged line)\n" :
		    "cox sms: text 7 from +44*****0101 stored "
		    "(scores\\x0aforged line)\n");
		buf_reset(&lines);
	}
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
		cmocka_unit_test(test_same_line),
		cmocka_unit_test(test_written_together),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
