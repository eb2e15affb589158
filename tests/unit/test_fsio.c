/*
 * Unit tests for lib/fsio.c's file_create(): a file made under its own
 * name, its folder made on the way, one already there left as it was,
 * and a write that fails leaving nothing behind.
 */
#include <sys/resource.h>
#include <sys/stat.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../lib/lib.h"

static char	 dir[] = "/tmp/cox-test-fsio-XXXXXX";

static void
test_create(void **state)
{
	struct buf	 b = { 0 };
	char		 path[256];
	struct stat	 st;

	(void)state;
	snprintf(path, sizeof(path), "%s/a/b/piece.bin", dir);
	/* its folders missing: made only when asked to */
	assert_int_equal(file_create(path, "first", 5, 0644, 0), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(file_create(path, "first", 5, 0644, FILE_MKDIRS), 0);
	assert_int_equal(file_read(path, 100, &b), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "first", 5);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	/* there already: EEXIST, and what it holds is kept */
	assert_int_equal(file_create(path, "second", 6, 0644, FILE_MKDIRS),
	    -1);
	assert_int_equal(errno, EEXIST);
	buf_free(&b);
	assert_int_equal(file_read(path, 100, &b), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "first", 5);
	buf_free(&b);
}

/* A disk that fills while the bytes go in: no short file keeps the name. */
static void
test_create_fails(void **state)
{
	struct rlimit	 was, small = { 4096, 4096 };
	char		 path[256], *big;
	struct stat	 st;

	(void)state;
	snprintf(path, sizeof(path), "%s/full.bin", dir);
	assert_non_null(big = calloc(1, 65536));
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	signal(SIGXFSZ, SIG_IGN);	/* the write fails with EFBIG instead */
	small.rlim_max = was.rlim_max;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
	assert_int_equal(file_create(path, big, 65536, 0644, 0), -1);
	assert_int_equal(errno, EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	assert_int_equal(stat(path, &st), -1);
	assert_int_equal(errno, ENOENT);
	free(big);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_create),
		cmocka_unit_test(test_create_fails),
	};
	char	 cmd[128];
	int	 rc;

	log_setup("test_fsio", 0, LOGL_SILENT);
	assert_non_null(mkdtemp(dir));
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		rc = 1;
	return rc;
}
