/*
 * Unit tests for lib/vfs.c: the frames of a commit reach the
 * write-ahead log in one write, not two a frame, a write that fails
 * fails the commit, and what is written is what SQLite wrote: the
 * database reads back whole through SQLite's own layer.  And for the
 * log of a database whose commits are synced apart (lib/db.c,
 * db_sync_apart()): the checkpointer copies it in each time it has
 * grown by DB_LOG_PAGES (an eighth of a larger database), not after
 * every commit once it is that long,
 * and each copy leaves the database file synced, even one that a
 * reader kept from reaching the log's end (SQLite syncs only after a
 * copy that did).
 */
#include <sys/resource.h>
#include <sys/stat.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scratch.h"

#define COMMITS	200
#define LOG_PAGES	32	/* lib/db.c's DB_LOG_PAGES, built for tests */

extern size_t	 db_vfs_log_writes;	/* lib/vfs.c, built for the tests */
extern size_t	 db_vfs_db_syncs;
extern size_t	 db_vfs_sent_on;

static char	 dir[] = "/tmp/cox-test-vfs-XXXXXX";

static long long
size_of(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

static void
exec_ok(sqlite3 *h, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(h, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
}

static long long
one(sqlite3 *h, const char *sql)
{
	sqlite3_stmt	*st;
	long long	 v;

	assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Checks the database h reads is whole, and closes h. */
static void
closed_whole(sqlite3 *h)
{
	assert_int_equal(one(h, "SELECT count(*) FROM pragma_integrity_check "
	    "WHERE integrity_check != 'ok'"), 0);
	sqlite3_close(h);
}

/*
 * Commits of a few pages each, as the webhook's are, at the webhook's
 * durability (the log synced apart) and at every other connection's
 * (FULL): one write a commit, give or take the log's header.
 */
static void
frames_in_one_write(int apart)
{
	char		 path[256], wal[300], sql[160];
	struct db	*db;
	sqlite3		*h;
	long long	 before, frames;
	size_t		 writes;
	int		 i;

	snprintf(path, sizeof(path), "%s/%s.db", dir, apart ? "apart" :
	    "full");
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_non_null(db_vfs());
	assert_int_equal(db_open(path, &db), 0);
	if (apart)
		assert_int_equal(db_sync_apart(db), 0);
	h = db_handle(db);
	exec_ok(h, "PRAGMA wal_autocheckpoint = 0;"
	    "CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT UNIQUE, v BLOB);"
	    "PRAGMA wal_checkpoint(TRUNCATE);");
	before = size_of(wal);
	writes = __atomic_load_n(&db_vfs_log_writes, __ATOMIC_RELAXED);
	for (i = 0; i < COMMITS; i++) {
		/* a row in the table and one in its index, far apart */
		snprintf(sql, sizeof(sql), "INSERT INTO t (k, v) VALUES "
		    "('%08x', zeroblob(%d));", (unsigned)(i * 2654435761u),
		    300 + i % 7);
		exec_ok(h, sql);
	}
	writes = __atomic_load_n(&db_vfs_log_writes, __ATOMIC_RELAXED) -
	    writes;
	frames = (size_of(wal) - (before > 0 ? before : 32)) / (24 + 4096);
	assert_true(frames >= 2 * COMMITS);
	/* the log's header, once it starts; without the layer, 2 frames */
	if (writes > COMMITS + 2)
		fail_msg("%zu writes for %d commits of %lld frames", writes,
		    COMMITS, frames);
	db_close(db);

	/* read back through SQLite's own layer, the log replayed */
	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(one(h, "SELECT count(*) FROM t"), COMMITS);
	assert_int_equal(one(h, "SELECT sum(length(v)) FROM t"),
	    one(h, "SELECT sum(300 + (id - 1) % 7) FROM t"));
	closed_whole(h);
}

static void
test_frames_full(void **state)
{
	(void)state;
	frames_in_one_write(0);
}

static void
test_frames_apart(void **state)
{
	(void)state;
	frames_in_one_write(1);
}

/* A reader on SQLite's own layer sees each commit as it is made. */
static void
test_reader_sees_commits(void **state)
{
	char		 path[256];
	struct db	*db;
	sqlite3		*r;
	int		 i;

	(void)state;
	snprintf(path, sizeof(path), "%s/reader.db", dir);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(db_sync_apart(db), 0);
	exec_ok(db_handle(db), "CREATE TABLE t (id INTEGER PRIMARY KEY, v)");
	assert_int_equal(sqlite3_open_v2(path, &r, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	for (i = 1; i <= 50; i++) {
		exec_ok(db_handle(db), "INSERT INTO t (v) VALUES "
		    "(randomblob(3000))");
		assert_int_equal(one(r, "SELECT count(*) FROM t"), i);
	}
	sqlite3_close(r);
	db_close(db);
}

/* Copies file from to to, as it is on disk now. */
static void
copy_file(const char *from, const char *to)
{
	FILE	*in, *out;
	char	 b[8192];
	size_t	 n;

	assert_non_null(in = fopen(from, "rb"));
	assert_non_null(out = fopen(to, "wb"));
	while ((n = fread(b, 1, sizeof(b), in)) > 0)
		assert_int_equal(fwrite(b, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/*
 * A commit larger than the cache spills frames, and one whose spilled
 * pages change again rewrites the checksums of the frames after them,
 * headers alone, the commit frame's last: when the commit returns
 * (synced apart, as the webhook's), the files as a crash would leave
 * them hold it whole.
 */
static void
test_rewritten_on_disk(void **state)
{
	char		 path[256], copy[256], from[300], to[300];
	struct db	*db;
	sqlite3		*h;

	(void)state;
	snprintf(path, sizeof(path), "%s/spill.db", dir);
	snprintf(copy, sizeof(copy), "%s/crashed.db", dir);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(db_sync_apart(db), 0);
	exec_ok(db_handle(db), "PRAGMA cache_size = 8;"
	    "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB);"
	    "BEGIN;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 400) INSERT INTO t (v) SELECT randomblob(1000) FROM n;"
	    "UPDATE t SET v = zeroblob(1000) WHERE id <= 3;"
	    "INSERT INTO t (v) VALUES (zeroblob(1000));"
	    "COMMIT;");
	/* the database and its log as they are, the connection open */
	copy_file(path, copy);
	snprintf(from, sizeof(from), "%s-wal", path);
	snprintf(to, sizeof(to), "%s-wal", copy);
	copy_file(from, to);
	assert_int_equal(sqlite3_open_v2(copy, &h, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	assert_int_equal(one(h, "SELECT count(*) FROM t"), 401);
	assert_int_equal(one(h, "SELECT count(*) FROM t WHERE "
	    "v = zeroblob(1000)"), 4);
	sqlite3_close(h);
	db_close(db);
}

/*
 * A commit whose frames do not fit on the disk (here a file size limit)
 * fails, and leaves the database as it was: the gathered write's error
 * is the commit's, not lost to a later call.
 */
static void
test_full_fails_commit(void **state)
{
	char		 path[256], wal[300];
	struct db	*db;
	sqlite3		*h;
	struct rlimit	 was, lim;
	void		(*xfsz)(int);
	int		 rc;

	(void)state;
	snprintf(path, sizeof(path), "%s/nospace.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(db_sync_apart(db), 0);
	h = db_handle(db);
	exec_ok(h, "PRAGMA wal_autocheckpoint = 0;"
	    "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB);"
	    "INSERT INTO t (v) VALUES (randomblob(100));");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &was), 0);
	lim = was;
	lim.rlim_cur = (rlim_t)size_of(wal) + 3 * (24 + 4096);
	xfsz = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = sqlite3_exec(h, "INSERT INTO t (v) VALUES (randomblob(60000));",
	    NULL, NULL, NULL);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &was), 0);
	signal(SIGXFSZ, xfsz);
	if (rc == SQLITE_OK)
		fail_msg("a commit past the disk's end returned OK");
	exec_ok(h, "INSERT INTO t (v) VALUES (randomblob(200));");
	assert_int_equal(one(h, "SELECT count(*) FROM t"), 2);
	assert_int_equal(one(h, "SELECT sum(length(v)) FROM t"), 300);
	db_close(db);

	assert_int_equal(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	assert_int_equal(one(h, "SELECT sum(length(v)) FROM t"), 300);
	closed_whole(h);
}

/* Two connections to a database whose first has frames spilled. */
struct spill {
	char		 path[256];
	char		 wal[300];	/* its log */
	struct db	*db;		/* the one with a transaction open */
	struct db	*other;
	struct rlimit	 was;		/* the file size limit before */
	void		(*xfsz)(int);	/* and SIGXFSZ's handler */
};

/*
 * Opens sp's two connections to database name, and has the first spill
 * frames of a transaction it leaves open; then the disk is full (a file
 * size limit at the log's size) until unfull().
 */
static void
spilled(struct spill *sp, const char *name)
{
	struct rlimit	 lim;

	snprintf(sp->path, sizeof(sp->path), "%s/%s.db", dir, name);
	snprintf(sp->wal, sizeof(sp->wal), "%s-wal", sp->path);
	assert_int_equal(db_open(sp->path, &sp->db), 0);
	assert_int_equal(db_open(sp->path, &sp->other), 0);
	exec_ok(db_handle(sp->db), "PRAGMA wal_autocheckpoint = 0;"
	    "PRAGMA cache_size = 8;"
	    "CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB);"
	    "BEGIN;"
	    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 300) INSERT INTO t (v) SELECT randomblob(1000) FROM n;");
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &sp->was), 0);
	lim = sp->was;
	lim.rlim_cur = (rlim_t)size_of(sp->wal);
	sp->xfsz = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
}

/* Lifts spilled()'s limit. */
static void
unfull(const struct spill *sp)
{
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &sp->was), 0);
	signal(SIGXFSZ, sp->xfsz);
}

/*
 * spilled(), then the transaction rolled back while the disk is full
 * (what is held cannot be written), then the limit lifted; returns the
 * first connection.
 */
static sqlite3 *
rolled_back(struct spill *sp, const char *name)
{
	sqlite3		*h;

	spilled(sp, name);
	h = db_handle(sp->db);
	(void)sqlite3_exec(h, "ROLLBACK;", NULL, NULL, NULL);
	unfull(sp);
	return h;
}

/* Closes sp's connections and opens its database read-only. */
static sqlite3 *
reopened(struct spill *sp)
{
	sqlite3		*h;

	db_close(sp->other);
	db_close(sp->db);
	assert_int_equal(sqlite3_open_v2(sp->path, &h, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	return h;
}

/*
 * Frames a large transaction spilled before its commit, held here, are
 * written when another connection of the thread reads, and that write
 * fails (the disk full meanwhile): the error is that reader's, but the
 * transaction whose frames are missing must not commit, and what is on
 * disk stays whole.
 */
static void
test_spill_fails_commit(void **state)
{
	struct spill	 sp;
	sqlite3		*h;
	long long	 held;
	int		 rc;

	(void)state;
	spilled(&sp, "spilled");
	held = size_of(sp.wal);
	/* the disk full: what is held cannot be written */
	(void)sqlite3_exec(db_handle(sp.other), "SELECT count(*) FROM "
	    "sqlite_schema;", NULL, NULL, NULL);
	unfull(&sp);
	assert_int_equal(size_of(sp.wal), held);
	h = db_handle(sp.db);
	rc = sqlite3_exec(h, "COMMIT;", NULL, NULL, NULL);
	if (rc != SQLITE_OK)
		(void)sqlite3_exec(h, "ROLLBACK;", NULL, NULL, NULL);
	h = reopened(&sp);
	/* committed, it is all there; else none of it */
	assert_int_equal(one(h, "SELECT count(*) FROM t"), rc == SQLITE_OK ?
	    300 : 0);
	closed_whole(h);
}

/*
 * The same frames held when the transaction is rolled back, the disk
 * full: the write locks are let go all the same, and another writer
 * gets on at once; the failed write was the rolled-back transaction's,
 * so the next one of the same connection commits.
 */
static void
test_spill_rollback_unlocks(void **state)
{
	struct spill	 sp;
	sqlite3		*h;

	(void)state;
	h = rolled_back(&sp, "rolledback");
	exec_ok(h, "INSERT INTO t (v) VALUES (1);");
	assert_int_equal(sqlite3_busy_timeout(db_handle(sp.other), 0),
	    SQLITE_OK);
	exec_ok(db_handle(sp.other), "INSERT INTO t (v) VALUES (2);");
	exec_ok(h, "INSERT INTO t (v) VALUES (3);");
	h = reopened(&sp);
	assert_int_equal(one(h, "SELECT count(*) FROM t"), 3);
	closed_whole(h);
}

/*
 * The same, but another connection commits more than the rolled-back
 * transaction had written before the first writes again: the failed
 * write was of a transaction that is over, and the first's next commit
 * is not failed for it.
 */
static void
test_spill_rollback_other(void **state)
{
	struct spill	 sp;
	sqlite3		*h;

	(void)state;
	h = rolled_back(&sp, "overtaken");
	exec_ok(db_handle(sp.other), "WITH RECURSIVE n(i) AS (SELECT 1 "
	    "UNION ALL SELECT i + 1 FROM n WHERE i < 600) INSERT INTO t (v) "
	    "SELECT randomblob(1000) FROM n;");
	exec_ok(h, "INSERT INTO t (v) VALUES (1);");
	h = reopened(&sp);
	assert_int_equal(one(h, "SELECT count(*) FROM t"), 601);
	closed_whole(h);
}

/*
 * A transaction whose spilled frames could not be written reads them
 * back: it is told the write's error, not given what the log holds
 * there; its rollback leaves the database whole.
 */
static void
test_spill_read_back(void **state)
{
	struct spill	 sp;
	sqlite3		*h;
	int		 rc;

	(void)state;
	spilled(&sp, "readback");
	(void)sqlite3_exec(db_handle(sp.other), "SELECT count(*) FROM "
	    "sqlite_schema;", NULL, NULL, NULL);
	unfull(&sp);
	h = db_handle(sp.db);
	/* room for every page, so that reading spills nothing */
	exec_ok(h, "PRAGMA cache_size = 1000;");
	rc = sqlite3_exec(h, "SELECT sum(length(v)) FROM t;", NULL, NULL,
	    NULL);
	assert_int_not_equal(rc, SQLITE_OK);
	/* the failed write's (past the file size limit), not a short read
	 * (whatever the log held there, from a log written before, would
	 * have been read as the page) */
	assert_int_equal(sqlite3_extended_errcode(h), SQLITE_IOERR_WRITE);
	(void)sqlite3_exec(h, "ROLLBACK;", NULL, NULL, NULL);
	h = reopened(&sp);
	assert_int_equal(one(h, "SELECT count(*) FROM t"), 0);
	closed_whole(h);
}

/*
 * The frames in path's log: mxFrame of the header in its shared memory
 * (SQLite's WalIndexHdr, bytes 16-19 in the machine's order), which
 * counts from 0 again when the log starts over as its file does not.
 */
static long long
frames(const char *path)
{
	char		 shm[300];
	uint32_t	 n = 0;
	FILE		*f;

	snprintf(shm, sizeof(shm), "%s-shm", path);
	if ((f = fopen(shm, "rb")) == NULL)
		fail_msg("%s: cannot open", shm);
	if (fseek(f, 16, SEEK_SET) != 0 || fread(&n, sizeof(n), 1, f) != 1)
		fail_msg("%s: cannot read", shm);
	fclose(f);
	return n;
}

/* db, synced apart, with a table of rows a page each. */
static struct db *
opened(const char *name, char *path, size_t size)
{
	struct db	*db;

	snprintf(path, size, "%s/%s.db", dir, name);
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(db_sync_apart(db), 0);
	/* the schema's pages copied in: the log starts over, as the next
	 * commit tells db */
	exec_ok(db_handle(db), "CREATE TABLE t (id INTEGER PRIMARY KEY, v);"
	    "PRAGMA wal_checkpoint(TRUNCATE);"
	    "INSERT INTO t (v) VALUES (randomblob(3000));");
	assert_true(frames(path) < LOG_PAGES);
	return db;
}

/* Commits n rows, a page each, in one transaction. */
static void
commit_rows(struct db *db, int n)
{
	int	 i;

	exec_ok(db_handle(db), "BEGIN");
	for (i = 0; i < n; i++)
		exec_ok(db_handle(db), "INSERT INTO t (v) VALUES "
		    "(randomblob(3000))");
	exec_ok(db_handle(db), "COMMIT");
}

/* Commits rows until db's log is due to be copied in; how many. */
static int
until_full(struct db *db)
{
	int	 n;

	for (n = 0; n < 10 * LOG_PAGES && !db_log_full(db); n++)
		exec_ok(db_handle(db), "INSERT INTO t (v) VALUES "
		    "(randomblob(3000))");
	if (!db_log_full(db))
		fail_msg("the log is not due after %d commits", n);
	return n;
}

static void
test_copied_by_growth(void **state)
{
	char		 path[256];
	struct db	*db;
	long long	 copied;

	(void)state;
	db = opened("growth", path, sizeof(path));
	until_full(db);
	copied = frames(path);
	assert_true(copied >= LOG_PAGES);
	assert_int_equal(db_log_checkpoint(db), 0);
	/* the log is as long as before, but nothing new is in it */
	assert_false(db_log_full(db));
	/* all of it copied: SQLite starts it over at the next commit */
	exec_ok(db_handle(db), "INSERT INTO t (v) VALUES (randomblob(3000))");
	assert_true(frames(path) < LOG_PAGES);
	assert_false(db_log_full(db));
	/* a commit that takes the new log past where the copy ended: due,
	 * counted from the log's new start, not from that end */
	commit_rows(db, LOG_PAGES + 8);
	assert_true(frames(path) > copied);
	if (!db_log_full(db))
		fail_msg("not due at %lld frames of a new log", frames(path));
	db_close(db);
}

static void
test_copy_syncs_database(void **state)
{
	char		 path[256];
	struct db	*db;
	sqlite3		*r;
	sqlite3_stmt	*st;
	size_t		 syncs;
	int		 i;

	(void)state;
	db = opened("synced", path, sizeof(path));
	until_full(db);
	/* a reader whose snapshot holds the copy back from the log's end */
	assert_int_equal(sqlite3_open_v2(path, &r, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	exec_ok(r, "BEGIN");
	assert_int_equal(sqlite3_prepare_v2(r, "SELECT count(*) FROM t", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	sqlite3_finalize(st);
	for (i = 0; i < 10; i++)
		exec_ok(db_handle(db), "INSERT INTO t (v) VALUES "
		    "(randomblob(3000))");
	syncs = __atomic_load_n(&db_vfs_db_syncs, __ATOMIC_RELAXED);
	assert_int_equal(db_log_checkpoint(db), 0);
	if (__atomic_load_n(&db_vfs_db_syncs, __ATOMIC_RELAXED) == syncs)
		fail_msg("the copy left the database file unsynced");
	exec_ok(r, "COMMIT");
	sqlite3_close(r);
	db_close(db);
}

/*
 * A copy's writes to the database file go on to the disk as it goes,
 * every 16 pages, and what reaches the file is what was committed.
 */
static void
test_copy_sent_on(void **state)
{
	char		 path[256], alone[256];
	struct db	*db;
	sqlite3		*h;
	sqlite3_stmt	*st;
	size_t		 sent;
	int		 n;

	(void)state;
	db = opened("sent", path, sizeof(path));
	exec_ok(db_handle(db), "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM k WHERE i < 64) "
	    "INSERT INTO t (v) SELECT randomblob(3000) FROM k");
	n = until_full(db) + 65;	/* and opened()'s row */
	sent = __atomic_load_n(&db_vfs_sent_on, __ATOMIC_RELAXED);
	assert_int_equal(db_log_checkpoint(db), 0);
	/* a page a row: some 70 pages copied, sent on by 16 */
	if (__atomic_load_n(&db_vfs_sent_on, __ATOMIC_RELAXED) - sent < 3)
		fail_msg("%d pages copied, %zu sent on by 16", n,
		    __atomic_load_n(&db_vfs_sent_on, __ATOMIC_RELAXED) - sent);
	/* the file alone, without its log, has every row */
	snprintf(alone, sizeof(alone), "%s/sent-alone.db", dir);
	copy_file(path, alone);
	db_close(db);
	assert_int_equal(sqlite3_open_v2(alone, &h, SQLITE_OPEN_READWRITE,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*), "
	    "(SELECT integrity_check FROM pragma_integrity_check) FROM t", -1,
	    &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), n);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "ok");
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/*
 * A database of more than 8 times LOG_PAGES pages (lib/db.c's
 * DB_LOG_SHARE) has its log copied in each time it has grown by an
 * eighth of it: with some 1,100 pages, not at 40 frames but at 137
 * or more.  The step is read from the file, at the start and after
 * each copy.
 */
static void
test_step_by_size(void **state)
{
	char		 path[256];
	struct db	*db;

	(void)state;
	db = opened("step", path, sizeof(path));
	exec_ok(db_handle(db), "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL "
	    "SELECT i + 1 FROM k WHERE i < 1100) "
	    "INSERT INTO t (v) SELECT randomblob(3000) FROM k;"
	    "PRAGMA wal_checkpoint(TRUNCATE);");
	/* a row a page: pages of 4 KiB, or the test means nothing */
	assert_int_equal(one(db_handle(db), "PRAGMA page_size"), 4096);
	assert_true(size_of(path) >= 1100 * 4096);
	assert_int_equal(db_log_checkpoint(db), 0);	/* reads the size */
	commit_rows(db, LOG_PAGES + 8);
	if (db_log_full(db))
		fail_msg("due at %lld frames, a file of %lld bytes", frames(path),
		    size_of(path));
	until_full(db);
	assert_true(frames(path) >= 1100 / 8);
	db_close(db);

	/* reopened: the step is the file's from the start */
	assert_int_equal(db_open(path, &db), 0);
	assert_int_equal(db_sync_apart(db), 0);
	exec_ok(db_handle(db), "PRAGMA wal_checkpoint(TRUNCATE);");
	commit_rows(db, LOG_PAGES + 8);
	assert_false(db_log_full(db));
	db_close(db);
}

static int
setup(void **state)
{
	(void)state;
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	(void)state;
	return scratch_remove(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_frames_full),
		cmocka_unit_test(test_frames_apart),
		cmocka_unit_test(test_reader_sees_commits),
		cmocka_unit_test(test_rewritten_on_disk),
		cmocka_unit_test(test_full_fails_commit),
		cmocka_unit_test(test_spill_fails_commit),
		cmocka_unit_test(test_spill_rollback_unlocks),
		cmocka_unit_test(test_spill_rollback_other),
		cmocka_unit_test(test_spill_read_back),
		cmocka_unit_test(test_copied_by_growth),
		cmocka_unit_test(test_copy_syncs_database),
		cmocka_unit_test(test_copy_sent_on),
		cmocka_unit_test(test_step_by_size),
	};

	log_setup("test_vfs", 0, LOGL_WARN);
	return cmocka_run_group_tests(tests, setup, teardown);
}
