/*
 * powercut.so - preloaded (LD_PRELOAD) into cox by tests/t/68-sms-
 * durable.t to tell what a power cut would leave of the database.  The
 * disk it models writes nothing it was not asked to sync: FILE.synced
 * holds what FILE would hold after a power cut, and only fsync() or
 * fdatasync() of FILE updates it, copying the blocks that changed since.
 * FILE is the database named by POWERCUT_DB or its -wal.  Each sync
 * first waits POWERCUT_DELAY_MS (a slow disk, so that a test killing
 * the process at random lands inside syncs), then copies, then syncs.
 * A kill during the copy leaves a torn FILE.synced, as a power cut
 * during a sync leaves some blocks written and others not.  While a
 * file POWERCUT_DB.fail exists, syncs of the log fail with EIO instead,
 * as a failing disk's do, and copy nothing.
 *
 * After kill -9, the test puts each FILE.synced in place of FILE (or
 * removes FILE when it was never synced) and removes the -shm: the
 * files as the machine would find them after the power came back.
 */
#include <sys/stat.h>

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BLOCK 4096

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

/* Whether fd is the database or its log, with its path in path. */
static int
watched(int fd, char *path, size_t size)
{
	const char	*db = getenv("POWERCUT_DB");
	char		 link[64];
	ssize_t		 n;
	size_t		 len;

	if (db == NULL || *db == '\0')
		return 0;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if ((n = readlink(link, path, size - 1)) <= 0)
		return 0;
	path[n] = '\0';
	len = strlen(db);
	return strncmp(path, db, len) == 0 && (path[len] == '\0' ||
	    strcmp(path + len, "-wal") == 0);
}

/* Copies into path.synced the blocks of fd that differ from it. */
static void
copy_changed(int fd, const char *path)
{
	char		 shadow[PATH_MAX + 8], a[BLOCK], b[BLOCK];
	struct stat	 st;
	off_t		 off;
	ssize_t		 n, m;
	int		 out;

	snprintf(shadow, sizeof(shadow), "%s.synced", path);
	if (fstat(fd, &st) == -1 ||
	    (out = open(shadow, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		abort();	/* the test could not tell what is durable */
	for (off = 0; off < st.st_size; off += n) {
		if ((n = pread(fd, a, sizeof(a), off)) <= 0)
			break;
		m = pread(out, b, sizeof(b), off);
		if ((m != n || memcmp(a, b, n) != 0) &&
		    pwrite(out, a, n, off) != n)
			abort();
	}
	if (ftruncate(out, st.st_size) == -1)
		abort();
	close(out);
}

/* Whether syncs of path are to fail: it is the log, and .fail is there. */
static int
failing(const char *path)
{
	char	 fail[PATH_MAX + 8];
	size_t	 len = strlen(path);

	snprintf(fail, sizeof(fail), "%s.fail", getenv("POWERCUT_DB"));
	return len > 4 && strcmp(path + len - 4, "-wal") == 0 &&
	    access(fail, F_OK) == 0;
}

/*
 * What both kinds of sync do before the real one: -1 when the sync is
 * to fail, else 0.
 */
static int
cut_point(int fd)
{
	char		 path[PATH_MAX];
	const char	*d = getenv("POWERCUT_DELAY_MS");
	struct timespec	 t;
	long		 ms = d != NULL ? atol(d) : 0;

	if (!watched(fd, path, sizeof(path)))
		return 0;
	if (failing(path)) {
		errno = EIO;
		return -1;
	}
	t.tv_sec = ms / 1000;
	t.tv_nsec = ms % 1000 * 1000000L;
	nanosleep(&t, NULL);
	pthread_mutex_lock(&lock);
	copy_changed(fd, path);
	pthread_mutex_unlock(&lock);
	return 0;
}

/* The C library's sync called name, after the cut point. */
static int
synced(const char *name, int fd)
{
	int	(*real)(int) = (int (*)(int))dlsym(RTLD_NEXT, name);

	if (cut_point(fd) == -1)
		return -1;
	return real(fd);
}

int
fdatasync(int fd)
{
	return synced("fdatasync", fd);
}

int
fsync(int fd)
{
	return synced("fsync", fd);
}
