/*
 * db.c - connections to the one SQLite file: opening (WAL, foreign
 * keys, busy timeout, migrations), transactions, the statements files
 * write with STMT(), each prepared once per connection, and the
 * write-ahead log's syncs and copies.  The file as a whole (peeked at,
 * copied, checked, scrubbed) is dbfile.c's.
 *
 * Every connection commits with synchronous = FULL: COMMIT returns once
 * the write-ahead log is on disk.  A daemon that must not wait on the
 * disk in its database thread asks for db_sync_apart() instead: its
 * commits then only write the log, and another thread makes them
 * durable with db_log_sync() before anyone is told they are stored
 * (why that is enough is said above db_sync_apart()), and its log is
 * copied into the database by a third, db_log_checkpoint(), not by its
 * commits.
 *
 * Bind formats for db_query() and db_exec(), one letter per "?":
 *   t  const char *   text, NULL binds NULL
 *   i  int64_t        integer
 *   d  int            integer
 *   b  const void *, size_t   blob
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plumbing.h"
#include "db.h"
#include "scores.h"

STMT(STMT_SAVEPOINT, "SAVEPOINT part");
STMT(STMT_RELEASE, "RELEASE part");
STMT(STMT_ROLLBACK_TO, "ROLLBACK TO part");
STMT(STMT_DATA_VERSION, "PRAGMA data_version");

struct db {
	sqlite3		*h;
	sqlite3_stmt	**stmt;		/* by stmt_at()'s place, or NULL */
	int		 in_tx;
	int		 log;		/* the -wal file, read-only, or -1 */
	int		 log_pages;	/* in the log: its commits' hook */
	int		 log_seen;	/* the hook's last, on db's thread */
	unsigned	 log_gen;	/* times the log started over */
	uint64_t	 log_copied;	/* log_gen << 32 | its pages, at the
					   last copy's end */
	unsigned	 synced_gen;	/* the checkpointer's: the log and */
	int		 synced;	/* its frames copied at its last sync */
	int		 log_restart;	/* db_log_restart() is due */
	int		 log_step;	/* log_step(): the pages between copies */
	int		 page_size;	/* the database's, once synced apart */
	struct db	*checkpointer;	/* db_log_checkpoint()'s, or NULL */
};

static int	log_grew(void *, sqlite3 *, const char *, int);
static void	log_step(struct db *);

/*
 * The least the log grows by before the checkpointer copies it in
 * again (31 MiB); tests reach it, and the log's restarts, with a few
 * hundred texts.  A copy writes each page once, however many commits
 * wrote it since the last: a batch of texts rewrites the same
 * interior pages, the tables' last leaves and the dirty list, and
 * the copies that followed every batch once the log passed 1,000
 * pages wrote those again and again: the checkpointer took 2.2 s of
 * a processor in ten seconds of texts flat out at a season's week 1,
 * 1.4 s with these; with them and db_log_checkpoint()'s sync, the
 * webhook answered 13 to 20 % more texts a second at week 1 and 12 %
 * more at week 52 (medians of three interleaved runs).
 */
#ifndef DB_LOG_PAGES
#ifdef COX_TESTING
#define DB_LOG_PAGES	32
#else
#define DB_LOG_PAGES	8000
#endif
#endif
/*
 * A database of more than DB_LOG_SHARE times that many pages has its
 * log copied in each time it has grown by a DB_LOG_SHARE'th of it
 * (log_step()).  A copy writes its pages in the order of the file, and
 * with a database of a season of 10,000 athletes (1.7 GB) the pages of
 * a copy of 31 MiB lay some 300 KB apart: the disk took them at 0.8 ms
 * a write, with the log's syncs waiting in the same queue.  In thirty
 * seconds flat out there, the webhook answered 274,456 texts; with
 * copies of 16,000 pages, 312,575; of 32,000, 329,034 and 342,235; of
 * 64,000, 350,418, with a log of 1.1 GB.  A sixteenth there is 27,000
 * pages: 342,890 and 339,092 texts against 286,469 and 275,197 in two
 * interleaved pairs, and in ten seconds 114,673, 126,772 and 119,826
 * against 88,764, 100,802 and 113,243; the log reached 450-560 MiB.
 * The p99 flat out was 40-42 ms against 33-34 over thirty seconds
 * (8-25 against 21-37 over ten): what a restart copies on db's thread
 * is a larger quarter.
 * An eighth, once a text's MessageSid was in no index (schema v34):
 * at week 52 of that season (1.3 GB), in eight interleaved pairs of
 * ten seconds flat out, 4 to 11 % more texts in seven (median 6.2 %)
 * and 6 % fewer in one; the log reached some 720 MiB where 400, and
 * the p99 flat out was 6.0-7.3 ms against 8.0-17.4.  A club's
 * database, under 250 MiB, keeps DB_LOG_PAGES.
 */
#define DB_LOG_SHARE	8
/* The log's length past which it is made to start over: four steps. */
#define DB_LOG_RESTART(step)	(4 * (step))

/*
 * The system's words for what SQLite's last failure on h met, as
 * " (No space left on device)", into buf, when it says what the disk
 * is: SQLite's own ("disk I/O error") do not say that it is full or
 * mounted read-only.  Its other errors are left out, since the last
 * one is often of a probe beside the failure (a missing -wal).  ""
 * when there is nothing to add.
 */
const char *
db_oserr(sqlite3 *h, char *buf, size_t size)
{
	int	 e = h != NULL ? sqlite3_system_errno(h) : 0;

	buf[0] = '\0';
	if (e == ENOSPC || e == EDQUOT || e == EROFS || e == EIO)
		snprintf(buf, size, " (%s)", strerror(e));
	return buf;
}

/*
 * A writer's settings.  Its page cache is 16 MiB, not SQLite's 2: a
 * text touches the phone, message and rating indexes at random places,
 * and with 2 MiB a text read eight or nine pages back from the kernel
 * at a season's start, three with 16 (256 MiB measured slower over a
 * season's database in the bench's ten-second runs: its memory is new
 * to the process page by page).  Readers keep SQLite's default.
 *
 * What a writer deletes is overwritten with zeros (secure_delete), in
 * its page and, when a page empties, the whole page: a person erased
 * or a check-in past [privacy] keep_months leaves no bytes behind in
 * free space, for a backup (which copies every page) or a copy of
 * cox.db to show.  Debian's SQLite is built with it on; this keeps it so with
 * a library built without.  Deleting is rare beside inserting here.
 */
static int
db_pragmas(sqlite3 *h)
{
	char	*err = NULL, os[96];

	if (sqlite3_busy_timeout(h, 10000) != SQLITE_OK ||
	    sqlite3_exec(h, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL;"
	    "PRAGMA temp_store = MEMORY;"
	    "PRAGMA foreign_keys = ON;"
	    "PRAGMA secure_delete = ON;"
	    "PRAGMA cache_size = -16384;", NULL, NULL, &err) != SQLITE_OK ||
	    erg_sql_register(h) == -1) {
		log_error("database: %s%s", err ? err : sqlite3_errmsg(h),
		    db_oserr(h, os, sizeof(os)));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/*
 * Before the process's first connection: SQLite keeps a count of the
 * memory it holds, under one mutex for the whole process, taken at
 * every allocation of every connection's; nothing here reads the
 * count.  Without it, cox sms serve answered 7 % more texts a second
 * at a season's week 52 (medians of nine interleaved runs, seven of
 * the nine pairs faster).  And the page cache of pcache.c.
 */
void
db_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	(void)db_pcache_setup();	/* else SQLite's own: slower, as good */
}

/*
 * Opens (creating if needed) the database at path and migrates it to
 * version; db_open() is db_open_at() with the newest version.
 */
int
db_open_at(const char *path, int version, struct db **out)
{
	struct db	*db;
	char		 os[96];

	*out = NULL;
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	db->log = -1;
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, db_vfs()) != SQLITE_OK) {
		log_error("%s: %s%s", path, db->h ? sqlite3_errmsg(db->h) :
		    "cannot open", db_oserr(db->h, os, sizeof(os)));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	if (db_pragmas(db->h) == -1 || schema_migrate(db->h, version) == -1)
		goto fail;
	*out = db;
	return 0;
fail:
	db_close(db);
	return -1;
}

int
db_open(const char *path, struct db **out)
{
	return db_open_at(path, db_schema_version, out);
}

/*
 * Another connection to the database of db: what it sees is what was
 * committed when its own first read began.  It never migrates (db is
 * at the newest version already), so it can be opened while db holds
 * a transaction.  Read-only unless write.
 */
static int
db_open_another(struct db *db, int write, struct db **out)
{
	const char	*path = sqlite3_db_filename(db->h, "main");
	struct db	*r;

	*out = NULL;
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	r->log = -1;
	if (path == NULL || sqlite3_open_v2(path, &r->h, (write ?
	    SQLITE_OPEN_READWRITE : SQLITE_OPEN_READONLY) |
	    SQLITE_OPEN_NOMUTEX, write ? db_vfs() : NULL) != SQLITE_OK) {
		log_error("%s: %s", path ? path : "database", r->h ?
		    sqlite3_errmsg(r->h) : "cannot open");
		db_close(r);
		return -1;
	}
	sqlite3_extended_result_codes(r->h, 1);
	if (write ? db_pragmas(r->h) == -1 : sqlite3_busy_timeout(r->h,
	    10000) != SQLITE_OK || db_simple(r, "PRAGMA temp_store = "
	    "MEMORY;") == -1 || erg_sql_register(r->h) == -1) {
		db_close(r);
		return -1;
	}
	*out = r;
	return 0;
}

int
db_open_reader(struct db *db, struct db **out)
{
	return db_open_another(db, 0, out);
}

/* For writing while db keeps a read snapshot open (cox build). */
int
db_open_writer(struct db *db, struct db **out)
{
	return db_open_another(db, 1, out);
}

void
db_close(struct db *db)
{
	size_t	 i;

	if (db == NULL)
		return;
	for (i = 0; db->stmt != NULL && i < stmt_count(); i++)
		sqlite3_finalize(db->stmt[i]);
	free(db->stmt);
	sqlite3_close(db->h);
	if (db->log != -1)
		close(db->log);
	db_close(db->checkpointer);
	free(db);
}

/*
 * From now on db's commits do not wait for the disk: synchronous =
 * NORMAL, under which a COMMIT in WAL mode appends its pages and the
 * commit frame to the -wal file without syncing it.  Such a commit
 * survives a crash of the process (the kernel holds what was written)
 * but not a power loss, until the log is synced: SQLite's own
 * documentation of PRAGMA synchronous says that in WAL mode NORMAL
 * keeps the database consistent and loses only durability, and FULL
 * differs from NORMAL only by syncing the log at every commit.  So a
 * commit is as durable as under FULL once db_log_sync() has returned
 * after it: fdatasync() of the -wal file syncs every byte written to it
 * before the call, whichever descriptor wrote them (on Linux it acts
 * on the file, not on the descriptor), and after a power loss SQLite's
 * recovery replays the log up to its last commit frame whose checksums
 * hold.  What NORMAL still syncs itself keeps the log
 * sound around that: the log's header whenever it starts over, the log
 * before a checkpoint copies it into the database and the database
 * after, so frames are only overwritten once they are in a synced
 * database file.
 *
 * The log is opened read-only here, once: SQLite keeps the same file
 * (truncated, never replaced) for as long as db is open.  Without WAL
 * (a file system that cannot share memory) commits stay FULL and
 * db_log_sync() has nothing to do.  Returns 0, or -1 (said).
 */
int
db_sync_apart(struct db *db)
{
	sqlite3_stmt	*st = NULL;
	const char	*wal;
	int		 rc = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA journal_mode;", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		log_error("database: %s", sqlite3_errmsg(db->h));
		goto out;
	}
	rc = 0;
	if (strcmp((const char *)sqlite3_column_text(st, 0), "wal") != 0)
		goto out;	/* every commit synced, as before */
	wal = sqlite3_filename_wal(sqlite3_db_filename(db->h, "main"));
	if ((db->log = open(wal, O_RDONLY | O_CLOEXEC)) == -1) {
		log_error("%s: %s", wal, strerror(errno));
		rc = -1;
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db->h, "PRAGMA page_size;", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		db->page_size = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if ((rc = db_simple(db, "PRAGMA synchronous = NORMAL;")) == -1 ||
	    (rc = db_open_writer(db, &db->checkpointer)) == -1) {
		close(db->log);
		db->log = -1;
		goto out;
	}
	log_step(db);
	/* in place of the checkpoints its commits would make */
	sqlite3_wal_hook(db->h, log_grew, db);
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Notes the log's size after each commit (a hook of SQLite's), and when
 * it is shorter than after the last, that the log started over: SQLite
 * starts it over itself at a commit that finds all of it copied in.
 */
static int
log_grew(void *arg, sqlite3 *h, const char *name, int pages)
{
	struct db	*db = arg;

	(void)h;
	(void)name;
	if (pages < db->log_seen)
		__atomic_add_fetch(&db->log_gen, 1, __ATOMIC_RELAXED);
	db->log_seen = pages;
	__atomic_store_n(&db->log_pages, pages, __ATOMIC_RELAXED);
	return SQLITE_OK;
}

/* The database file the checkpointer copies db's log into, or NULL. */
static sqlite3_file *
copied_into(struct db *db)
{
	sqlite3_file	*file = NULL;

	if (sqlite3_file_control(db->checkpointer->h, "main",
	    SQLITE_FCNTL_FILE_POINTER, &file) != SQLITE_OK || file == NULL ||
	    file->pMethods == NULL)
		return NULL;
	return file;
}

/*
 * Sets the pages db's log grows by between two copies (db_log_full()):
 * DB_LOG_PAGES, or a DB_LOG_SHARE'th of the database file when that is
 * more.  From the file as the checkpointer's connection finds it, at
 * the start and after each copy; DB_LOG_PAGES when its size cannot be
 * read.
 */
static void
log_step(struct db *db)
{
	sqlite3_file	*file = copied_into(db);
	sqlite3_int64	 size, step = DB_LOG_PAGES;

	if (db->page_size > 0 && file != NULL &&
	    file->pMethods->xFileSize(file, &size) == SQLITE_OK &&
	    size / db->page_size / DB_LOG_SHARE > step)
		step = size / db->page_size / DB_LOG_SHARE;
	if (step > INT_MAX / DB_LOG_RESTART(1))
		step = INT_MAX / DB_LOG_RESTART(1);
	__atomic_store_n(&db->log_step, (int)step, __ATOMIC_RELAXED);
}

/*
 * Whether db's log, its commits not copying it into the database (see
 * db_sync_apart()), is due to be copied in: it grew by a step
 * (log_step()) since the last copy ended (from its start, when it
 * started over since), or it is long enough to start over and
 * something of it is left to copy, so that what the restart copies
 * itself is little.
 * Read on other threads than db's: figures a commit late only make a
 * copy a commit early or late.
 */
int
db_log_full(struct db *db)
{
	uint64_t	 mark;
	int		 step, pages, copied;

	if (db->checkpointer == NULL)
		return 0;
	step = __atomic_load_n(&db->log_step, __ATOMIC_RELAXED);
	pages = __atomic_load_n(&db->log_pages, __ATOMIC_RELAXED);
	mark = __atomic_load_n(&db->log_copied, __ATOMIC_RELAXED);
	copied = (unsigned)(mark >> 32) == __atomic_load_n(&db->log_gen,
	    __ATOMIC_RELAXED) ? (int)(mark & 0x7fffffff) : 0;
	if (copied > pages)	/* started over unseen: a tiny log */
		copied = 0;
	return pages - copied >= step ||
	    (pages >= DB_LOG_RESTART(step) && pages > copied);
}

/*
 * Copies db's log into the database on a connection of its own, while
 * db goes on committing: a checkpoint that does not wait for anyone
 * (SQLite's PASSIVE), which syncs the log before.  A checkpoint made
 * by db's commits stopped them for as long as it took: 10 to 100 ms
 * with a season's database.
 *
 * Then the database file is synced here.  SQLite syncs it only after
 * a copy that reached the log's end, which a copy never does while
 * commits go on, so the pages every copy wrote waited in the kernel
 * for the restart's sync on db's thread: 20 to 53 ms of it each time
 * at a season's week 52, a tenth of its work flat out.  Synced here,
 * off that thread and a copy at a time, the restart syncs only the
 * little it copies itself.  A sync sooner than SQLite's own changes
 * nothing it relies on, and its own still come where they did.
 *
 * When the log is four steps long or more (DB_LOG_RESTART) and this
 * copy left at most a quarter of it behind, the next db_log_restart() on
 * db's own thread makes it start over, and until it has tried this
 * copies nothing (it would hold it off).  Safe to call from another
 * thread than db's.  Returns 0, or -1 (said): the log then grows until
 * the next.
 */
int
db_log_checkpoint(struct db *db)
{
	sqlite3_file	*file;
	unsigned	 gen;
	int		 rc, pages = 0, copied = 0;

	/*
	 * A restart due is db's to make, and would find this one's lock.
	 * Asked for once more than the log grew (the syncer asks after
	 * each batch while it is due), this copies what came meanwhile:
	 * checking db_log_full() again here left more for the restart to
	 * copy on db's thread, and the p99 of texts flat out at week 52
	 * went from 17-21 ms to 23-26.
	 */
	if (db->checkpointer == NULL ||
	    __atomic_load_n(&db->log_restart, __ATOMIC_ACQUIRE))
		return 0;
	gen = __atomic_load_n(&db->log_gen, __ATOMIC_RELAXED);
	rc = sqlite3_wal_checkpoint_v2(db->checkpointer->h, NULL,
	    SQLITE_CHECKPOINT_PASSIVE, &pages, &copied);
	if ((rc & 0xff) == SQLITE_BUSY)
		return 0;	/* another's checkpoint: the next time */
	if (rc != SQLITE_OK) {
		log_error("database: copying the log in: %s",
		    sqlite3_errmsg(db->checkpointer->h));
		return -1;
	}
	__atomic_store_n(&db->log_copied, (uint64_t)gen << 32 |
	    (unsigned)pages, __ATOMIC_RELAXED);
	/* copied counts from the log's start and only grows in one log:
	 * synced only what is new, a smaller figure is a new log */
	if (copied > 0 && (gen != db->synced_gen || copied != db->synced)) {
		if ((file = copied_into(db)) == NULL ||
		    file->pMethods->xSync(file, SQLITE_SYNC_NORMAL |
		    SQLITE_SYNC_DATAONLY) != SQLITE_OK) {
			log_error("database: syncing what the log copied in");
			return -1;
		}
		db->synced_gen = gen;
		db->synced = copied;
	}
	log_step(db);
	if (pages >= DB_LOG_RESTART(__atomic_load_n(&db->log_step,
	    __ATOMIC_RELAXED)) && pages - copied <= pages / 4)
		__atomic_store_n(&db->log_restart, 1, __ATOMIC_RELAXED);
	return 0;
}

/*
 * The log starts over only at a commit that finds all of it copied in,
 * and under a steady stream of commits there is always one more by the
 * time a passive checkpoint ends: the log grew for as long as the
 * stream lasted (1.5 GB in 8 s of texts flat out), each commit
 * appending to new blocks the file system had to find and zero.  So,
 * between two of db's transactions and on db's thread, once the
 * checkpointer has left little of a long log behind, this copies that
 * little (SQLite's RESTART, which also syncs the database after, as
 * NORMAL keeps the log sound around a restart: see db_sync_apart();
 * little again, the copies having synced theirs) and the next commit
 * writes over the log from its start.  It waits for nobody: a
 * checkpoint under way or a reader still in the log and it leaves it
 * for the next time (SQLite's busy handler would sleep db's thread in
 * steps of up to 100 ms).
 * Returns 0, or -1 (said).
 */
int
db_log_restart(struct db *db)
{
	int	 rc;

	if (!__atomic_load_n(&db->log_restart, __ATOMIC_RELAXED))
		return 0;
	rc = sqlite3_busy_timeout(db->h, 0);
	if (rc == SQLITE_OK)
		rc = sqlite3_wal_checkpoint_v2(db->h, NULL,
		    SQLITE_CHECKPOINT_RESTART, NULL, NULL);
	if (rc == SQLITE_OK) {	/* the next commit writes from its start */
		__atomic_add_fetch(&db->log_gen, 1, __ATOMIC_RELAXED);
		db->log_seen = 0;
		__atomic_store_n(&db->log_pages, 0, __ATOMIC_RELAXED);
	}
	/* tried: a reader in the log, and the next passive copy says when
	 * to try again (after the counts above, for the checkpointer) */
	__atomic_store_n(&db->log_restart, 0, __ATOMIC_RELEASE);
	if (sqlite3_busy_timeout(db->h, 10000) != SQLITE_OK ||
	    (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY)) {
		log_error("database: starting the log over: %s",
		    sqlite3_errmsg(db->h));
		return -1;
	}
	return 0;
}

/*
 * Makes every commit of db so far durable (see db_sync_apart()).  Safe
 * to call from another thread than the one using db: it only reads the
 * descriptor, which is set before that thread starts.  Returns 0, or
 * -1 (said): the commits may then be lost with the power.
 */
int
db_log_sync(struct db *db)
{
	if (db->log == -1)
		return 0;
	while (fdatasync(db->log) == -1)
		if (errno != EINTR) {
			log_error("database: syncing the log: %s",
			    strerror(errno));
			return -1;
		}
	return 0;
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

int
db_version(struct db *db)
{
	sqlite3_stmt	*st;
	int		 v = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version;", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* sql run on db as it is, said when it fails; 0 or -1. */
int
db_simple(struct db *db, const char *sql)
{
	char	*err = NULL;

	if (sqlite3_exec(db->h, sql, NULL, NULL, &err) != SQLITE_OK) {
		log_error("database: %s: %s", sql, err ? err :
		    sqlite3_errmsg(db->h));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

/* Write transactions take the lock up front, so they never deadlock. */
int
db_begin(struct db *db)
{
	if (db_simple(db, "BEGIN IMMEDIATE;") == -1)
		return -1;
	db->in_tx = 1;
	return 0;
}

/* A read transaction: one consistent view, no lock taken per statement. */
int
db_read(struct db *db)
{
	if (db_simple(db, "BEGIN DEFERRED;") == -1)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	if (db_simple(db, "COMMIT;") == -1) {
		db_rollback(db);
		return -1;
	}
	db->in_tx = 0;
	return 0;
}

void
db_rollback(struct db *db)
{
	if (db->in_tx)
		sqlite3_exec(db->h, "ROLLBACK;", NULL, NULL, NULL);
	db->in_tx = 0;
}

/* One level of savepoint inside a transaction, for all-or-nothing parts. */
int
db_savepoint(struct db *db)
{
	/*
	 * Some errors (a full disk, I/O) roll the whole transaction back;
	 * a savepoint then would start a new one and RELEASE commit it.
	 */
	if (db->in_tx && sqlite3_get_autocommit(db->h)) {
		log_error("database: the transaction was rolled back");
		return -1;
	}
	return db_exec(db, STMT_SAVEPOINT, "");
}

int
db_release(struct db *db)
{
	return db_exec(db, STMT_RELEASE, "");
}

void
db_rollback_savepoint(struct db *db)
{
	if (db_exec(db, STMT_ROLLBACK_TO, "") == 0)
		db_exec(db, STMT_RELEASE, "");
}

static int
db_bind(struct db *db, sqlite3_stmt *st, const char *fmt, va_list ap)
{
	const char	*t;
	const void	*blob;
	size_t		 len;
	int		 i, rc = SQLITE_OK;

	if ((int)strlen(fmt) != sqlite3_bind_parameter_count(st)) {
		log_error("database: %zu values for %d parameters in: %s",
		    strlen(fmt), sqlite3_bind_parameter_count(st),
		    sqlite3_sql(st));
		return -1;
	}
	for (i = 1; *fmt != '\0' && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 't':
			t = va_arg(ap, const char *);
			rc = t == NULL ? sqlite3_bind_null(st, i) :
			    sqlite3_bind_text(st, i, t, -1, SQLITE_TRANSIENT);
			break;
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 'b':
			blob = va_arg(ap, const void *);
			len = va_arg(ap, size_t);
			rc = sqlite3_bind_blob64(st, i, blob, len,
			    SQLITE_TRANSIENT);
			break;
		default:
			log_error("db_bind: bad format '%c'", *fmt);
			return -1;
		}
	}
	if (rc != SQLITE_OK) {
		log_error("database: bind %d: %s", i - 1,
		    sqlite3_errmsg(db->h));
		return -1;
	}
	return 0;
}

/*
 * A statement made at run time, not one written with STMT(): prepared
 * now and bound as db_query() binds; the caller steps and finalizes
 * it.  NULL, said, on an error.
 */
sqlite3_stmt *
db_prepare(struct db *db, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt	*st = NULL;
	va_list		 ap;
	int		 rc;

	if (sqlite3_prepare_v2(db->h, sql, -1, &st, NULL) != SQLITE_OK) {
		log_error("database: %s in: %.200s", sqlite3_errmsg(db->h),
		    sql);
		sqlite3_finalize(st);
		return NULL;
	}
	va_start(ap, fmt);
	rc = db_bind(db, st, fmt, ap);
	va_end(ap);
	if (rc == -1) {
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

static sqlite3_stmt *
db_vquery(struct db *db, const struct stmt *s, const char *fmt, va_list ap)
{
	sqlite3_stmt	*st;
	size_t		 i = stmt_index(s);

	if (i >= stmt_count()) {
		log_error("database: %s is not a listed statement", s->name);
		return NULL;
	}
	if (db->stmt == NULL &&
	    (db->stmt = calloc(stmt_count(), sizeof(*db->stmt))) == NULL) {
		log_error("database: out of memory");
		return NULL;
	}
	if ((st = db->stmt[i]) == NULL) {
		if (sqlite3_prepare_v3(db->h, s->sql, -1,
		    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
			log_error("database: prepare %s: %s", s->name,
			    sqlite3_errmsg(db->h));
			return NULL;
		}
		db->stmt[i] = st;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (db_bind(db, st, fmt, ap) == -1)
		return NULL;
	return st;
}

/* Returns the statement ready to step with db_row(), or NULL. */
sqlite3_stmt *
db_query(struct db *db, const struct stmt *id, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;

	va_start(ap, fmt);
	st = db_vquery(db, id, fmt, ap);
	va_end(ap);
	return st;
}

/*
 * OUT_ROW with a row to read, OUT_OK when done (the statement is reset),
 * OUT_FAILED on an error (logged).
 */
enum outcome
db_row(struct db *db, sqlite3_stmt *st)
{
	int	 rc;

	if (st == NULL)
		return OUT_FAILED;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return OUT_ROW;
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return OUT_OK;
	log_error("database: %s", sqlite3_errmsg(db->h));
	return OUT_FAILED;
}

/* Runs a statement that returns no rows. */
int
db_exec(struct db *db, const struct stmt *id, const char *fmt, ...)
{
	sqlite3_stmt	*st;
	va_list		 ap;
	int		 rc;

	va_start(ap, fmt);
	st = db_vquery(db, id, fmt, ap);
	va_end(ap);
	while ((rc = db_row(db, st)) == OUT_ROW)
		continue;
	return rc;
}

/*
 * The first column of every row of st, as ids (the caller frees *out;
 * NULL after an error), read before anything is done with them so the
 * statement can be reused by what follows.
 */
int
db_ids(struct db *db, sqlite3_stmt *st, int64_t **out, size_t *n)
{
	int64_t	*more;
	int	 rc;

	*out = NULL;
	*n = 0;
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((more = reallocarray(*out, *n + 1, sizeof(**out))) == NULL) {
			sqlite3_reset(st);
			log_error("out of memory");
			rc = -1;
			break;
		}
		*out = more;
		(*out)[(*n)++] = sqlite3_column_int64(st, 0);
	}
	if (rc == OUT_FAILED) {		/* nothing half read to free */
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}

int64_t
db_last_id(struct db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

int
db_changes(struct db *db)
{
	return sqlite3_changes(db->h);
}

/*
 * PRAGMA data_version into *v: it changes when another connection has
 * committed since the last call, so what was read from the database
 * and kept can be kept again while it stays.  0 or -1.
 */
int
db_data_version(struct db *db, int64_t *v)
{
	sqlite3_stmt	*st = db_query(db, STMT_DATA_VERSION, "");

	if (db_row(db, st) != OUT_ROW)
		return -1;
	*v = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return 0;
}

/* Column text, "" for NULL, so callers need no NULL checks. */
const char *
db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? (const char *)t : "";
}
