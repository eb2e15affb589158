/*
 * vfs.c - SQLite's own file layer with two changes: the frames a commit
 * appends to the write-ahead log reach the file in one system call, and
 * a database's own writes go on to the disk as they are made (below).
 *
 * SQLite appends a frame to the -wal file as two writes at adjacent
 * offsets, its 24-byte header and then its page (wal.c's
 * walWriteOneFrame()), so a commit of n pages makes 2n pwrite() calls.
 * A batch of texts stored by the webhook dirties some sixty pages, and
 * on a machine where a system call is dear those writes were a fifth
 * of the database thread's time.  Here the frames are gathered, in the
 * order and at the offsets SQLite writes them, while each follows the
 * last; the commit frame (the one whose header carries the database's
 * size, bytes 4-7, not zero) writes them all at once and returns that
 * write's error, which is the commit's, as SQLite expects.  Anything
 * else asked of the file first (a read, a sync, its size, a lock, a
 * write elsewhere, closing it) writes what is gathered before it is
 * done, so what is on disk at every call SQLite makes is what it would
 * have been.  A run is at most what the default layer writes in one
 * call, 128 KiB; a longer commit writes a run each time it is full.
 * Every other file, and every other call, goes to the
 * default layer unchanged.
 *
 * Not every header is followed by its page: a commit that rewrites the
 * checksums of frames it had to spill reads each frame and writes its
 * header alone, the last one followed by nothing more on the log.  A
 * header written where the file was just read is such a rewrite and is
 * written at once, so that its error is the write's.  Frames spilled
 * from a large transaction before its commit are gathered too, and
 * written by the next call this thread makes on any file, which may
 * be another connection's, or one whose error SQLite does not heed (an
 * unlock, the barrier of the shared memory): a failed write is kept on
 * its log and given to the log's next write or sync, which the commit
 * always makes, and to a read of the frames it failed to write, so a
 * transaction whose spilled frames are not on disk can neither commit
 * nor read them back.  The error ends with its transaction, when the
 * write lock is let go (the log is paired with its database's file,
 * which takes that lock), or when SQLite writes new frames over the
 * failed ones (a rollback to a savepoint before them); only the
 * latter in SQLite's exclusive locking mode, which takes no lock in
 * shared memory and which cox does not use.  What lets go of a lock is
 * done all the same.  So nothing is in memory when a commit returns,
 * nor when a reader may trust its frames: the log's index is published
 * after the commit frame.  A file's frames are held by the thread that
 * wrote them, which is the one that uses the connection.
 *
 * The other change: what is written to a database's own file (in WAL
 * mode, the log's copies) starts on its way to the disk every
 * WRITEBACK_PAGES pages (sync_file_range(), which does not wait for
 * the disk), rather than all at the sync after the copy.  Written at
 * once, a copy's thousands of pages at random places filled the disk's
 * queue, and each commit's sync of the log waited behind them: at a
 * season's week 52 flat out, the webhook answered more texts a second
 * with this in each of seven interleaved pairs of ten-second runs, by
 * 3-14 % (median 6 %), its p99 8.8-11.6 ms where 16.8-18.9 (week 1:
 * within the spread).  Which pages reach the disk, and the syncs
 * SQLite asks for, are unchanged.  A copy on the database's own thread
 * (the log's restart) sends on its few pages too; sync_file_range()
 * can wait there for room in the disk's queue, as a write can.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"

#define FRAME_HEADER	24		/* WAL_FRAME_HDRSIZE in SQLite */
#define PAGE_MAX	65536		/* SQLite's largest page */
#define WAL_WRITE_LOCK	0		/* the shared memory's write lock */
#define RUN_MAX		0x1ffff		/* the most the default layer writes
					   at once (os_unix.c's
					   seekAndWriteFd()) */
#define WRITEBACK_PAGES	16		/* a database's writes, sent on */

struct gfile {
	sqlite3_file	 base;		/* io, below */
	sqlite3_io_methods io;		/* ours, of the real one's version */
	sqlite3_file	*real;		/* the default layer's file, after us */
	int		 log;		/* a -wal file */
	sqlite3_int64	 read_at;	/* where the last call read, if one */
	int		 read_last;
	unsigned char	*run;		/* frames that follow each other */
	size_t		 len;		/* of run, while holding */
	size_t		 cap;
	size_t		 hdr;		/* where in run the last header is */
	int		 open;		/* ... and its page is still to come */
	sqlite3_int64	 at;		/* where run goes in the file */
	int		 err;		/* a write of run that failed: told
					   to the log's next write, sync or
					   read of it, until its transaction
					   ends (above) */
	sqlite3_int64	 err_at;	/* ...and where that run was to go */
	sqlite3_filename name;		/* a database's, as SQLite gave it */
	struct gfile	*pair;		/* a database's log, a log's database */
	struct gfile	*next;		/* the databases open: opened */
	int		 fd;		/* a database's descriptor, or -1 */
	int		 unsent;	/* writes since the last sent on */
	sqlite3_int64	 from, to;	/* ...and the bytes they span */
};

static sqlite3_vfs	*real_vfs;
static sqlite3_vfs	 gather_vfs;
static sqlite3_io_methods gather_io;
static pthread_once_t	 once = PTHREAD_ONCE_INIT;
static int		 registered;
static struct gfile	*opened;	/* the databases open, to pair a log */
static pthread_mutex_t	 opened_lock = PTHREAD_MUTEX_INITIALIZER;

static int	put(struct gfile *, const void *, int, sqlite3_int64);

/* The file whose frames this thread holds, or NULL. */
static __thread struct gfile *holding;

#ifdef COX_TESTING
size_t		 db_vfs_log_writes;	/* writes that reached a log */
size_t		 db_vfs_db_syncs;	/* syncs of a database's file */
size_t		 db_vfs_sent_on;	/* a database's writes sent on */
#endif

/*
 * Writes the thread's gathered frames: a file (this one or another) is
 * asked for something else, or a commit is complete.  An error is also
 * kept for the log's next write or sync (failed()).
 */
static int
release(void)
{
	struct gfile	*h = holding;
	int		 rc;

	if (h == NULL)
		return SQLITE_OK;
	holding = NULL;
	if ((rc = put(h, h->run, (int)h->len, h->at)) != SQLITE_OK) {
		h->err = rc;
		h->err_at = h->at;
	}
	return rc;
}

/*
 * The error of a write of g's frames that failed since g's last write
 * or sync, which g's caller is now told of; SQLITE_OK if none.
 */
static int
failed(struct gfile *g)
{
	int	 rc = g->err;

	g->err = SQLITE_OK;
	return rc;
}

/*
 * A database's file and its log's know each other, so that the write
 * lock, taken and let go on the database's shared memory, can end
 * what the log keeps of a failed write (g_shm_lock()).  SQLite names a
 * log by its database's name (sqlite3_filename_database()), the very
 * string it opened the database with.
 */
static void
pair(struct gfile *g, sqlite3_filename name, int flags)
{
	struct gfile	*d;

	pthread_mutex_lock(&opened_lock);
	if (flags & SQLITE_OPEN_MAIN_DB) {
		g->name = name;
		g->next = opened;
		opened = g;
	} else if (g->log) {
		name = sqlite3_filename_database(name);
		for (d = opened; d != NULL && d->name != name; d = d->next)
			continue;
		if (d != NULL && d->pair == NULL) {
			d->pair = g;
			g->pair = d;
		}
	}
	pthread_mutex_unlock(&opened_lock);
}

static void
unpair(struct gfile *g)
{
	struct gfile	**pp;

	pthread_mutex_lock(&opened_lock);
	if (g->pair != NULL)
		g->pair->pair = NULL;
	g->pair = NULL;
	for (pp = &opened; *pp != NULL; pp = &(*pp)->next)
		if (*pp == g) {
			*pp = g->next;
			break;
		}
	pthread_mutex_unlock(&opened_lock);
}

static int
g_close(sqlite3_file *f)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release(), rc2 = failed(g), rc3;

	rc3 = g->real->pMethods->xClose(g->real);
	free(g->run);
	g->run = NULL;
	unpair(g);
	return rc != SQLITE_OK ? rc : rc2 != SQLITE_OK ? rc2 : rc3;
}

static int
g_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	g->read_last = 1;
	g->read_at = off;
	/* a frame of the failed run, which is not on disk */
	if (rc == SQLITE_OK && g->err != SQLITE_OK && off >= g->err_at)
		rc = g->err;
	return rc != SQLITE_OK ? rc :
	    g->real->pMethods->xRead(g->real, p, n, off);
}

/* The default layer's write; counted for the tests. */
static int
put(struct gfile *g, const void *p, int n, sqlite3_int64 off)
{
#ifdef COX_TESTING
	if (g->log)
		__atomic_add_fetch(&db_vfs_log_writes, 1, __ATOMIC_RELAXED);
#endif
	return g->real->pMethods->xWrite(g->real, p, n, off);
}

/* Adds n bytes to g's run; -1 when it has no room for them. */
static int
gather(struct gfile *g, const void *p, size_t n)
{
	unsigned char	*grown;
	size_t		 cap;

	if (g->len + n > RUN_MAX)
		return -1;
	if (g->len + n > g->cap) {
		cap = g->cap ? g->cap : 16 * 1024;
		while (cap < g->len + n)
			cap *= 2;
		if ((grown = realloc(g->run, cap)) == NULL)
			return -1;
		g->run = grown;
		g->cap = cap;
	}
	memcpy(g->run + g->len, p, n);
	g->len += n;
	return 0;
}

/* Whether the header at h is a commit frame's: the database's size. */
static int
commits(const unsigned char *h)
{
	return (h[4] | h[5] | h[6] | h[7]) != 0;
}

/*
 * A database's writes, every WRITEBACK_PAGES, to the disk's queue; a
 * copy writes in the order of the pages, so the span holds little
 * else.  An error is the sync's to find, as it would have been.
 */
static void
send_on(struct gfile *g, sqlite3_int64 off, int n)
{
	if (g->unsent == 0 || off < g->from)
		g->from = off;
	if (g->unsent == 0 || off + n > g->to)
		g->to = off + n;
	if (++g->unsent < WRITEBACK_PAGES)
		return;
	g->unsent = 0;
	/*
	 * Refused (EBADF, EINVAL...), the file is written as before.  An
	 * error writing the pages is the sync's to tell: Linux keeps it
	 * for the file's next fdatasync(), which a write started here,
	 * not waited for, does not take (SYNC_FILE_RANGE_WAIT_AFTER
	 * would, and must not be added without telling it on).
	 */
	if (sync_file_range(g->fd, g->from, g->to - g->from,
	    SYNC_FILE_RANGE_WRITE) == -1) {
		g->fd = -1;
		return;
	}
#ifdef COX_TESTING
	__atomic_add_fetch(&db_vfs_sent_on, 1, __ATOMIC_RELAXED);
#endif
}

static int
g_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc, rewrite = g->read_last && g->read_at == off;

	g->read_last = 0;
	/*
	 * A new frame (or the log's header) where the failed run was to
	 * go, or before: SQLite is writing over the frames the error was
	 * for, so they were rolled back (the transaction, or to a
	 * savepoint before them) and the error is not this write's.  A
	 * transaction that still has them writes its next frames after
	 * them, and over them only a page or a rewritten header.
	 */
	if (g->err != SQLITE_OK && !rewrite && off <= g->err_at &&
	    (n == FRAME_HEADER || off == 0))
		g->err = SQLITE_OK;
	if ((rc = failed(g)) != SQLITE_OK)
		return rc;
	if (holding == g && off == g->at + (sqlite3_int64)g->len) {
		/* the page after the run's last header */
		if (g->open && n > 0 && n <= PAGE_MAX &&
		    gather(g, p, (size_t)n) == 0) {
			g->open = 0;
			if (!commits(g->run + g->hdr))
				return SQLITE_OK;
			rc = release();
			return rc != SQLITE_OK ? failed(g) : rc;
		}
		/* the next frame's header */
		if (!g->open && n == FRAME_HEADER && !rewrite &&
		    gather(g, p, FRAME_HEADER) == 0) {
			g->hdr = g->len - FRAME_HEADER;
			g->open = 1;
			return SQLITE_OK;
		}
	}
	if ((rc = release()) != SQLITE_OK) {
		g->err = SQLITE_OK;	/* told now, if it was g's */
		return rc;
	}
	if (g->log && n == FRAME_HEADER && !rewrite) {
		g->len = 0;
		if (gather(g, p, FRAME_HEADER) == 0) {
			g->at = off;
			g->hdr = 0;
			g->open = 1;
			holding = g;
			return SQLITE_OK;
		}
	}
	if ((rc = put(g, p, n, off)) == SQLITE_OK && g->fd != -1)
		send_on(g, off, n);
	return rc;
}

static int
g_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	return rc != SQLITE_OK ? rc :
	    g->real->pMethods->xTruncate(g->real, size);
}

static int
g_sync(sqlite3_file *f, int flags)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release(), rc2 = failed(g);

	if (rc != SQLITE_OK || rc2 != SQLITE_OK)
		return rc != SQLITE_OK ? rc : rc2;
#ifdef COX_TESTING
	if (g->name != NULL)	/* pair(): a database's, not a log's */
		__atomic_add_fetch(&db_vfs_db_syncs, 1, __ATOMIC_RELAXED);
#endif
	g->unsent = 0;		/* the sync sends what is left */
	return g->real->pMethods->xSync(g->real, flags);
}

static int
g_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	return rc != SQLITE_OK ? rc :
	    g->real->pMethods->xFileSize(g->real, size);
}

static int
g_lock(sqlite3_file *f, int level)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	return rc != SQLITE_OK ? rc : g->real->pMethods->xLock(g->real, level);
}

/*
 * What lets go of a lock is done even when the frames held could not
 * be written (their error is kept, failed()): SQLite heeds no error of
 * an unlock, and a lock kept would stop every writer after.
 */
static int
g_unlock(sqlite3_file *f, int level)
{
	struct gfile	*g = (struct gfile *)f;

	(void)release();
	return g->real->pMethods->xUnlock(g->real, level);
}

static int
g_reserved(sqlite3_file *f, int *out)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	return rc != SQLITE_OK ? rc :
	    g->real->pMethods->xCheckReservedLock(g->real, out);
}

static int
g_control(sqlite3_file *f, int op, void *arg)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	return rc != SQLITE_OK ? rc :
	    g->real->pMethods->xFileControl(g->real, op, arg);
}

static int
g_sector(sqlite3_file *f)
{
	struct gfile	*g = (struct gfile *)f;

	return g->real->pMethods->xSectorSize(g->real);
}

static int
g_device(sqlite3_file *f)
{
	struct gfile	*g = (struct gfile *)f;

	return g->real->pMethods->xDeviceCharacteristics(g->real);
}

static int
g_shm_map(sqlite3_file *f, int region, int size, int extend,
    void volatile **p)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	return rc != SQLITE_OK ? rc : g->real->pMethods->xShmMap(g->real,
	    region, size, extend, p);
}

static int
g_shm_lock(sqlite3_file *f, int offset, int n, int flags)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	/* the write lock let go: whatever transaction the log's failed
	 * run was for is over, committed it was not (its commit would
	 * have been told) */
	if ((flags & SQLITE_SHM_UNLOCK) && (flags & SQLITE_SHM_EXCLUSIVE) &&
	    offset == WAL_WRITE_LOCK && g->pair != NULL)
		g->pair->err = SQLITE_OK;
	if (rc != SQLITE_OK && !(flags & SQLITE_SHM_UNLOCK))
		return rc;
	return g->real->pMethods->xShmLock(g->real, offset, n, flags);
}

static void
g_shm_barrier(sqlite3_file *f)
{
	struct gfile	*g = (struct gfile *)f;

	(void)release();
	g->real->pMethods->xShmBarrier(g->real);
}

static int
g_shm_unmap(sqlite3_file *f, int delete)
{
	struct gfile	*g = (struct gfile *)f;

	(void)release();
	return g->real->pMethods->xShmUnmap(g->real, delete);
}

static int
g_fetch(sqlite3_file *f, sqlite3_int64 off, int n, void **p)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc = release();

	return rc != SQLITE_OK ? rc :
	    g->real->pMethods->xFetch(g->real, off, n, p);
}

static int
g_unfetch(sqlite3_file *f, sqlite3_int64 off, void *p)
{
	struct gfile	*g = (struct gfile *)f;

	return g->real->pMethods->xUnfetch(g->real, off, p);
}

/*
 * The descriptor of the default layer's file f, opened at path, or -1.
 * SQLite has no call that gives it: it is the int after three pointers
 * at the head of os_unix.c's unixFile (so since 2010), taken only from
 * the "unix" layers and where fstat() finds path's file; else f is
 * written as it always was.
 */
static int
real_fd(sqlite3_file *f, const char *path)
{
	struct stat	 a, b;
	int		 fd;

	if (strncmp(real_vfs->zName, "unix", 4) != 0)
		return -1;
	memcpy(&fd, (const char *)f + 3 * sizeof(void *), sizeof(fd));
	if (fd < 0 || fstat(fd, &a) == -1 || stat(path, &b) == -1 ||
	    a.st_dev != b.st_dev || a.st_ino != b.st_ino)
		return -1;
	return fd;
}

static int
g_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *f, int flags,
    int *out)
{
	struct gfile	*g = (struct gfile *)f;
	int		 rc;

	(void)vfs;
	memset(g, 0, sizeof(*g));
	g->real = (sqlite3_file *)(g + 1);
	g->log = (flags & SQLITE_OPEN_WAL) != 0;
	g->fd = -1;
	rc = real_vfs->xOpen(real_vfs, name, g->real, flags, out);
	/* SQLite closes what has methods, even when opening failed; it
	 * calls what the version has, which is the real file's */
	if (g->real->pMethods == NULL)
		return rc;
	g->io = gather_io;
	g->io.iVersion = g->real->pMethods->iVersion < 3 ?
	    g->real->pMethods->iVersion : 3;
	g->base.pMethods = &g->io;
	if (rc == SQLITE_OK && name != NULL)
		pair(g, name, flags);
	if (rc == SQLITE_OK && name != NULL && (flags & SQLITE_OPEN_MAIN_DB))
		g->fd = real_fd(g->real, name);
	return rc;
}

/* The rest of the layer is the default one's, asked as itself. */
static int
g_delete(sqlite3_vfs *vfs, const char *name, int dirsync)
{
	(void)vfs;
	return real_vfs->xDelete(real_vfs, name, dirsync);
}

static int
g_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
	(void)vfs;
	return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int
g_full(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
	(void)vfs;
	return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *
g_dlopen(sqlite3_vfs *vfs, const char *name)
{
	(void)vfs;
	return real_vfs->xDlOpen(real_vfs, name);
}

static void
g_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	real_vfs->xDlError(real_vfs, n, out);
}

static void
(*g_dlsym(sqlite3_vfs *vfs, void *lib, const char *name))(void)
{
	(void)vfs;
	return real_vfs->xDlSym(real_vfs, lib, name);
}

static void
g_dlclose(sqlite3_vfs *vfs, void *lib)
{
	(void)vfs;
	real_vfs->xDlClose(real_vfs, lib);
}

static int
g_random(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xRandomness(real_vfs, n, out);
}

static int
g_sleep(sqlite3_vfs *vfs, int us)
{
	(void)vfs;
	return real_vfs->xSleep(real_vfs, us);
}

static int
g_time(sqlite3_vfs *vfs, double *out)
{
	(void)vfs;
	return real_vfs->xCurrentTime(real_vfs, out);
}

static int
g_error(sqlite3_vfs *vfs, int n, char *out)
{
	(void)vfs;
	return real_vfs->xGetLastError(real_vfs, n, out);
}

static int
g_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
	(void)vfs;
	return real_vfs->xCurrentTimeInt64(real_vfs, out);
}

static void
gather_register(void)
{
	if ((real_vfs = sqlite3_vfs_find(NULL)) == NULL ||
	    real_vfs->iVersion < 2 || real_vfs->xCurrentTimeInt64 == NULL)
		return;
	gather_io = (sqlite3_io_methods){ 3, g_close, g_read, g_write,
	    g_truncate, g_sync, g_size, g_lock, g_unlock, g_reserved,
	    g_control, g_sector, g_device, g_shm_map, g_shm_lock,
	    g_shm_barrier, g_shm_unmap, g_fetch, g_unfetch };
	gather_vfs = (sqlite3_vfs){ .iVersion = 2,
	    .szOsFile = (int)sizeof(struct gfile) + real_vfs->szOsFile,
	    .mxPathname = real_vfs->mxPathname, .zName = "cox-gather",
	    .xOpen = g_open, .xDelete = g_delete, .xAccess = g_access,
	    .xFullPathname = g_full, .xDlOpen = real_vfs->xDlOpen ?
	    g_dlopen : NULL, .xDlError = g_dlerror, .xDlSym = g_dlsym,
	    .xDlClose = g_dlclose, .xRandomness = g_random,
	    .xSleep = g_sleep, .xCurrentTime = g_time,
	    .xGetLastError = g_error, .xCurrentTimeInt64 = g_time64 };
	registered = sqlite3_vfs_register(&gather_vfs, 0) == SQLITE_OK;
}

/*
 * The name of the layer to open databases with: this one, or NULL (the
 * default) when it could not be set up.
 */
const char *
db_vfs(void)
{
	pthread_once(&once, gather_register);
	return registered ? gather_vfs.zName : NULL;
}
