/*
 * upgrade.c - a cox.db an older cox made, opened by a newer one: the
 * older cox's processes waited for (a restart), the file copied before
 * it is migrated, and the migration recorded in the upgrade table and
 * said; a downgrade is warned of.  workspace_open() calls these.
 */
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "plumbing.h"
#include "db.h"
#include "workspace.h"

/* a migration of the database (lib/workspace.c) */
STMT(STMT_UPGRADE_RECORD,
    "INSERT INTO upgrade (at, from_schema, to_schema, from_cox, "
    "to_cox, backup) VALUES (?, ?, ?, ?, ?, ?)");

#ifdef COX_TESTING
#define UPGRADE_WAIT_S	2	/* tests do not wait a minute */
#else
#define UPGRADE_WAIT_S	60	/* for an older cox to stop (a restart) */
#endif

/* Process pid's command line as one line of words, or "" (unreadable). */
static void
proc_cmdline(long pid, char *out, size_t size)
{
	char		 path[64];
	ssize_t		 n = -1, i;
	int		 f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	if (size < 2 || (f = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	n = read(f, out, size - 1);
	close(f);
	if (n <= 0) {
		out[0] = '\0';
		return;
	}
	for (i = 0; i < n; i++)
		if (out[i] == '\0' || (unsigned char)out[i] < ' ')
			out[i] = i == n - 1 ? '\0' : ' ';
	out[n] = '\0';
}

/*
 * Whether process pid runs another program than this one: an older
 * cox whose file a package upgrade replaced, a copy of another build,
 * or no cox at all.  One we may not look at counts as another.
 */
static int
proc_other_program(long pid)
{
	struct stat	 mine, theirs;
	char		 path[64];

	snprintf(path, sizeof(path), "/proc/%ld/exe", pid);
	if (stat("/proc/self/exe", &mine) == -1 || stat(path, &theirs) == -1)
		return 1;
	return mine.st_dev != theirs.st_dev || mine.st_ino != theirs.st_ino;
}

/*
 * A process other than this one, running another program, that holds
 * a lock on the database at path or on its -shm (what every SQLite
 * connection to it keeps while open), from /proc/locks: its pid with
 * its command line in who, or 0 when there is none.
 */
static long
upgrade_holder(const char *path, char *who, size_t size)
{
	struct stat	 st[2];
	char		 shm[4110], line[256], mode[16], dev[32];
	unsigned	 maj, min;
	unsigned long	 ino;
	long		 pid, found = 0;
	int		 i, ok[2];
	FILE		*f;

	snprintf(shm, sizeof(shm), "%s-shm", path);
	ok[0] = stat(path, &st[0]) == 0;
	ok[1] = stat(shm, &st[1]) == 0;
	if ((f = fopen("/proc/locks", "re")) == NULL)
		return 0;
	while (found == 0 && fgets(line, sizeof(line), f) != NULL) {
		/* "1: POSIX  ADVISORY  READ 4242 fd:01:1311 128 128"; a
		 * waiter's has "->" after the number */
		if (sscanf(line, "%*d: %*s %*s %15s %ld %31s", mode, &pid,
		    dev) != 3 && sscanf(line, "%*d: -> %*s %*s %15s %ld %31s",
		    mode, &pid, dev) != 3)
			continue;
		if (sscanf(dev, "%x:%x:%lu", &maj, &min, &ino) != 3 ||
		    pid == (long)getpid())
			continue;
		for (i = 0; i < 2; i++)
			if (ok[i] && major(st[i].st_dev) == maj &&
			    minor(st[i].st_dev) == min &&
			    (unsigned long)st[i].st_ino == ino &&
			    proc_other_program(pid))
				found = pid;
	}
	fclose(f);
	if (found != 0)
		proc_cmdline(found, who, size);
	return found;
}

/*
 * Before a migration: waits up to UPGRADE_WAIT_S for every process of
 * another program (an older cox's daemon) to let go of the database at
 * path, which would otherwise go on writing by the old schema's rules
 * into the new one.  Returns 0, or -1 (said) when one still holds it.
 */
int
upgrade_wait(const char *path, int from, const char *cox)
{
	char	 who[200];
	long	 pid;
	int	 tries;

	for (tries = 0; (pid = upgrade_holder(path, who, sizeof(who))) != 0;
	    tries++) {
		if (tries == 0)
			log_info("%s: open in pid %ld (%s), a program other "
			    "than this cox %s: waiting for it to stop before "
			    "migrating", path, pid, *who ? who : "?",
			    COX_VERSION);
		if (tries == UPGRADE_WAIT_S * 10) {
			log_error("%s is at schema %d (cox %s) and open in pid "
			    "%ld (%s), an older cox or another program: stop "
			    "it (systemctl stop 'cox-*@TEAM'), then run this "
			    "cox %s again to migrate it; nothing was changed",
			    path, from, *cox ? cox : "0.1.0 or before", pid,
			    *who ? who : "?", COX_VERSION);
			return -1;
		}
		poll(NULL, 0, 100);
	}
	return 0;
}

/*
 * A copy of the database at path beside it before a migration, named
 * for what it was: cox.db.v16-0.1.0.bak (schema 16, last opened by cox
 * 0.1.0), then -2, -3... when that name is taken.  Made 0600: it holds
 * every key.  Its path into dst; 0, or -1 (said).
 */
int
upgrade_backup(const char *path, int from, const char *cox, char *dst,
    size_t size)
{
	int	 fd = -1, n;

	for (n = 1; fd == -1 && n < 100; n++) {
		if (snprintf(dst, size, "%s.v%d%s%s%s%.0d.bak", path, from,
		    *cox ? "-" : "", cox, n > 1 ? "-" : "", n > 1 ? n : 0) >=
		    (int)size)
			return -1;
		if ((fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600)) == -1 && errno != EEXIST) {
			log_error("%s: %s; cox.db is not migrated without a "
			    "copy of it", dst, strerror(errno));
			return -1;
		}
	}
	if (fd == -1)
		return -1;
	close(fd);
	if (db_copy_to(path, dst) == -1) {
		(void)unlink(dst);
		return -1;
	}
	return 0;
}

/*
 * Once cox.db is open (and migrated): says a migration, records it in
 * the upgrade table, and notes this cox as the last to open it (meta
 * cox_version); a cox older than the last one is warned of.  Nothing
 * here fails the open: what it writes is a record.
 */
void
upgrade_note(struct workspace *ws, int from, const char *cox,
    const char *backup)
{
	struct db	*db = ws->db;

	if (from > 0 && from < db_schema_version) {
		log_info("migrated from schema %d (cox %s) to %d (cox %s), "
		    "backup at %s", from, *cox ? cox : "0.1.0 or before",
		    db_schema_version, COX_VERSION, backup);
		(void)db_exec(db, STMT_UPGRADE_RECORD, "iiittt",
		    (int64_t)time(NULL), (int64_t)from,
		    (int64_t)db_schema_version, cox, COX_VERSION, backup);
	}
	if (strcmp(cox, COX_VERSION) == 0)
		return;
	if (*cox && strverscmp(cox, COX_VERSION) > 0)
		log_warn("cox.db was last opened by cox %s, newer than this "
		    "one (%s): a downgrade; what the newer one added may be "
		    "missed", cox, COX_VERSION);
	(void)db_meta_set(db, "cox_version", COX_VERSION);
}
