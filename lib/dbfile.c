/*
 * dbfile.c - cox.db as a file rather than a connection's statements:
 * what a file is before it is opened (db_peek()), a consistent copy of
 * it (db_copy_to()), its check (db_quick_check()), and leaving nothing
 * deleted in its bytes (db_scrub()).  The connections are db.c's.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "plumbing.h"
#include "db.h"

/*
 * Leaves nothing deleted in the database's files: with whole, the
 * database rewritten without its free pages (VACUUM, through memory:
 * temp_store), which also drops what was deleted before secure_delete
 * was set (db_pragmas()); then the log copied in and cut to nothing (a
 * TRUNCATE checkpoint), so that no older page of it is left in the
 * -wal file.  That waits for the busy timeout for a reader or a writer
 * of another process (cox sms serve between two batches).  Returns 0,
 * 1 when the log could not be emptied (it keeps what it held until the
 * checkpoints of those writers go past it), 2 when the database was
 * not rewritten because another held it for all that time (a long cox
 * build), or -1 (said: VACUUM needs room for a second copy of the
 * database in memory and in the log).
 * Only the files' own bytes are meant: what the file system freed when
 * the log was cut or the database shrank is its to overwrite.
 */
int
db_scrub(struct db *db, int whole)
{
	struct timespec	 nap, start, now;
	int		 rc, vacuumed = 1, log = -1, copied = -1;

	if (whole && db_simple(db, "VACUUM;") == -1) {
		/* another writing all along: the log is theirs as well, and
		 * waiting for it again would only wait the timeout again */
		if ((sqlite3_extended_errcode(db_handle(db)) & 0xff) == SQLITE_BUSY)
			return 2;
		vacuumed = -1;
	}
	/* emptied all the same: a failed VACUUM leaves the log at its
	 * largest, and the older pages in it.  Another's checkpoint under
	 * way makes this one busy at once, the busy timeout unasked: it is
	 * tried again, for five seconds at most. */
	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		rc = sqlite3_wal_checkpoint_v2(db_handle(db), NULL,
		    SQLITE_CHECKPOINT_TRUNCATE, &log, &copied);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if ((rc & 0xff) != SQLITE_BUSY || now.tv_sec - start.tv_sec >= 5)
			break;
		nap.tv_sec = 0;
		nap.tv_nsec = 100 * 1000 * 1000;
		(void)nanosleep(&nap, NULL);
	}
	if (rc != SQLITE_OK && (rc & 0xff) != SQLITE_BUSY) {
		log_error("database: emptying the log: %s",
		    sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	if (vacuumed == -1)
		return -1;
	return rc != SQLITE_OK || log > 0 ? 1 : 0;
}

/*
 * What the database at path is, read without changing it (no migration,
 * no WAL mode set): its schema version into *schema (0 for a new or
 * empty file), and the cox that last opened it (meta cox_version) into
 * cox, "" when none said (cox 0.1.0 and before).  Returns 0, or -1
 * (logged) when it cannot be read.
 */
int
db_peek(const char *path, int *schema, char *cox, size_t size)
{
	sqlite3		*h = NULL;
	sqlite3_stmt	*st = NULL;
	char		 os[96];
	int		 rc = -1;

	*schema = 0;
	cox[0] = '\0';
	/* the busy timeout every connection has: a writer may be busy */
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, db_vfs()) !=
	    SQLITE_OK || sqlite3_busy_timeout(h, 10000) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st,
	    NULL) != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW)
		goto out;
	*schema = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	rc = 0;
	/* meta is there from schema 1 on; the row from cox 0.2.0 on */
	if (*schema >= 1 && sqlite3_prepare_v2(h, "SELECT value FROM meta "
	    "WHERE key = 'cox_version'", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		snprintf(cox, size, "%s", (const char *)sqlite3_column_text(st,
		    0));
out:
	/* said as db_open() says it: what the system refused, too */
	if (rc == -1)
		log_error("%s: %s%s", path, h ? sqlite3_errmsg(h) :
		    "cannot open", db_oserr(h, os, sizeof(os)));
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/*
 * A consistent copy of the database at path in the file dst, which the
 * caller made empty (its mode is the copy's), by VACUUM INTO while
 * others may go on writing: what was committed when it began, WAL
 * included, as one file that opens on its own.  Returns 0, or -1
 * (logged).
 */
int
db_copy_to(const char *path, const char *dst)
{
	sqlite3		*h = NULL;
	sqlite3_stmt	*st = NULL;
	int		 rc = -1;

	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK && sqlite3_busy_timeout(h, 10000) == SQLITE_OK &&
	    sqlite3_prepare_v2(h, "VACUUM INTO ?", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_bind_text(st, 1, dst, -1, SQLITE_STATIC) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_DONE)
		rc = 0;
	else
		log_error("%s: a copy into %s failed: %s", path, dst,
		    h ? sqlite3_errmsg(h) : "cannot open");
	sqlite3_finalize(st);
	sqlite3_close(h);
	return rc;
}

/*
 * PRAGMA quick_check: 0 when the database says ok, else -1 with what
 * it found (the first few problems) logged.
 */
int
db_quick_check(struct db *db)
{
	sqlite3_stmt	*st = NULL;
	int		 rc = -1, n = 0;

	if (sqlite3_prepare_v2(db_handle(db), "PRAGMA quick_check(5)", -1, &st, NULL)
	    != SQLITE_OK) {
		log_error("cox.db: %s", sqlite3_errmsg(db_handle(db)));
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		if (n++ == 0 && t != NULL && !strcmp(t, "ok"))
			rc = 0;
		else
			log_error("cox.db is damaged: %s", t ? t : "?");
	}
	sqlite3_finalize(st);
	return n == 0 ? -1 : rc;
}
