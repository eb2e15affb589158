/*
 * Unit tests for lib/pcache.c: a commit after a b-tree swapped two
 * pages through the locking page's number no longer has SQLite's cache
 * look at every page it holds, and a truncate that has pages to drop
 * still drops them: a page swapped through that number and never
 * given back, pages past a limit.  Through a database, the commits
 * after swaps are all spared, a rolled back growth is not, and the
 * database reads back whole.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scratch.h"

extern size_t	 db_pcache_truncates;	/* lib/pcache.c, built for the tests */
extern size_t	 db_pcache_spared;
extern size_t	 db_pcache_swaps;

static char	 dir[] = "/tmp/cox-test-pcache-XXXXXX";
static struct db *db;
static sqlite3_pcache_methods2 methods;	/* as SQLite has them */

/* the number a swap goes through at 4 KiB (btree.c, balance_nonroot()) */
#define SWAP	(0x40000000u / 4096 + 1)

static int
setup(void **state)
{
	(void)state;
	db_setup();	/* as cox.c does, before any connection */
	if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &methods) != SQLITE_OK)
		return -1;
	return scratch_open(dir, "", &db);
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_close(dir, db);
}

/* Page key of c, made when create, with its header cleared. */
static sqlite3_pcache_page *
page(sqlite3_pcache *c, unsigned key, int create)
{
	sqlite3_pcache_page	*pg = methods.xFetch(c, key, create);

	if (pg != NULL && create)
		memset(pg->pExtra, 0, 8);
	return pg;
}

/*
 * The methods as SQLite calls them: a swap through the locking page's
 * number, given back, spares the next truncate; one not given back
 * does not, nor does a limit under the highest page; what a truncate
 * passed on drops is gone, and what it was spared is all there.
 */
static void
test_methods(void **state)
{
	sqlite3_pcache		*c;
	sqlite3_pcache_page	*pg[11];
	size_t			 spared, passed;
	unsigned		 k;

	(void)state;
	assert_non_null(c = methods.xCreate(4096, 8, 1));
	methods.xCachesize(c, 100);
	for (k = 1; k <= 10; k++)
		assert_non_null(pg[k] = page(c, k, 2));

	/* balance_nonroot()'s swap of pages 3 and 5 */
	methods.xRekey(c, pg[3], 3, SWAP);
	methods.xRekey(c, pg[5], 5, 3);
	methods.xRekey(c, pg[3], SWAP, 5);
	spared = db_pcache_spared;
	passed = db_pcache_truncates;
	methods.xTruncate(c, 11);	/* a commit: nothing past page 10 */
	assert_int_equal(db_pcache_spared, spared + 1);
	assert_int_equal(db_pcache_truncates, passed);
	for (k = 1; k <= 10; k++)
		assert_non_null(page(c, k, 0));
	assert_null(page(c, SWAP, 0));

	/* a limit under the highest page: passed on, and they go */
	methods.xUnpin(c, pg[9], 0);
	methods.xUnpin(c, pg[10], 0);
	methods.xTruncate(c, 9);
	assert_int_equal(db_pcache_truncates, passed + 1);
	assert_null(page(c, 9, 0));
	assert_null(page(c, 10, 0));
	assert_non_null(page(c, 8, 0));

	/* a page left at the swap's number: passed on, and it goes */
	methods.xRekey(c, pg[2], 2, SWAP);
	methods.xUnpin(c, pg[2], 0);
	methods.xTruncate(c, 9);
	assert_int_equal(db_pcache_truncates, passed + 2);
	assert_null(page(c, SWAP, 0));
	assert_non_null(page(c, 1, 0));

	/* and after it, the next commit is spared again */
	methods.xTruncate(c, 9);
	assert_int_equal(db_pcache_spared, spared + 2);
	methods.xDestroy(c);
}

/* Adds rows random keys of size bytes to r in one transaction, or rolls it back. */
static void
add(sqlite3 *h, int rows, int size, int keep)
{
	sqlite3_stmt	*st;
	int		 i;

	assert_int_equal(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO r VALUES "
	    "(randomblob(40), zeroblob(?))", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < rows; i++) {
		sqlite3_bind_int(st, 1, size);
		assert_int_equal(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(h, keep ? "COMMIT" : "ROLLBACK", NULL,
	    NULL, NULL), SQLITE_OK);
}

/*
 * Through a database: random keys into an index split its leaves and
 * swap pages through the locking page's number, yet no commit's
 * truncate is passed on; a transaction that grew the file and was
 * rolled back has its truncate passed on; and the database is whole.
 * (The counts are of the caches of files: a statement's scratch
 * tables have caches of their own.)
 */
static void
test_database(void **state)
{
	sqlite3		*h = db_handle(db);
	sqlite3_stmt	*st;
	size_t		 spared, passed, swaps;
	int		 i;

	(void)state;
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE r (k BLOB, v BLOB); "
	    "CREATE INDEX r_k ON r(k);", NULL, NULL, NULL), SQLITE_OK);
	spared = __atomic_load_n(&db_pcache_spared, __ATOMIC_RELAXED);
	passed = __atomic_load_n(&db_pcache_truncates, __ATOMIC_RELAXED);
	swaps = __atomic_load_n(&db_pcache_swaps, __ATOMIC_RELAXED);
	for (i = 0; i < 300; i++)
		add(h, 20, 200, 1);
	assert_true(db_pcache_swaps > swaps);	/* the case at hand came */
	assert_int_equal(db_pcache_truncates, passed);
	assert_true(db_pcache_spared >= spared + 300);

	/* grown and rolled back: the pages past the file's end go */
	add(h, 2000, 900, 0);
	assert_true(db_pcache_truncates > passed);

	assert_int_equal(sqlite3_prepare_v2(h, "SELECT (SELECT count(*) "
	    "FROM r), (SELECT count(*) FROM r INDEXED BY r_k WHERE k IS "
	    "NOT NULL), (SELECT group_concat(integrity_check) FROM "
	    "pragma_integrity_check)", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 6000);
	assert_int_equal(sqlite3_column_int(st, 1), 6000);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "ok");
	sqlite3_finalize(st);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_methods),
		cmocka_unit_test(test_database),
	};

	log_setup("test_pcache", 0, LOGL_WARN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
