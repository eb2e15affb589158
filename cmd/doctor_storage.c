/*
 * doctor_storage.c - cox doctor's checks of where the team is kept:
 * that this user may open the workspace as its daemons do, that cox.db
 * is whole and its owner's only, that there is room and the disk can
 * be written (a full disk, a file system mounted read-only and a
 * folder this user cannot write are each named as such, also when they
 * keep the workspace from opening at all), and that the nightly backup
 * can write where it goes.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define DISK_MIN	((unsigned long long)200 << 20)	/* store and build */
#define DISK_FULL	((unsigned long long)1 << 20)	/* nothing grows */

/* The name of user uid into who, or #uid. */
static void
user_name(uid_t uid, char who[64])
{
	struct passwd	*pw;

	if ((pw = getpwuid(uid)) != NULL)
		snprintf(who, 64, "%s", pw->pw_name);
	else
		snprintf(who, 64, "#%lu", (unsigned long)uid);
}

/* That the file system holding the workspace is mounted read-only. */
static void
say_readonly(struct doctor *d)
{
	doctor_bad(d, "the file system holding %s is mounted read-only, so "
	    "cox stores nothing and cox.db does not open (SQLite writes its "
	    "log beside it): the kernel does this after a disk error; see "
	    "dmesg, check the disk, then mount it read-write again "
	    "(findmnt -T %s names it; sudo mount -o remount,rw THERE)",
	    d->dir, d->dir);
}

/*
 * Whether the disk holding the workspace is full: under 1 MiB free to
 * this user, or no inode left where the file system counts them.  Says
 * so, with what to do, and returns 1 when it is.
 */
static int
say_full(struct doctor *d, const struct statvfs *vfs)
{
	unsigned long long free_b;
	char		 left[64];

	free_b = (unsigned long long)vfs->f_bavail * vfs->f_frsize;
	if (free_b >= DISK_FULL && (vfs->f_files == 0 || vfs->f_favail > 0))
		return 0;
	if (free_b < DISK_FULL)
		snprintf(left, sizeof(left), "%llu KiB free", free_b >> 10);
	else
		snprintf(left, sizeof(left), "no inode left");
	doctor_bad(d, "the disk holding %s is full (%s): cox can store "
	    "nothing, and cox.db may not even open (SQLite cannot grow its "
	    "log), until there is room: free some space (du -xh -d 2 / | "
	    "sort -h | tail; sudo journalctl --vacuum-size=100M), then run "
	    "cox doctor again", d->dir, left);
	return 1;
}

/*
 * That this user cannot write the workspace's folder, where SQLite
 * writes cox.db's log, so cox.db is read-only to cox.  1 when so.
 */
static int
say_unwritable(struct doctor *d)
{
	char	 me[64];

	if (access(d->dir, W_OK) == 0 || errno != EACCES)
		return 0;
	user_name(geteuid(), me);
	doctor_bad(d, "%s cannot be written by user %s (%s), and SQLite "
	    "writes cox.db's log beside it, so cox.db is read-only to cox: "
	    "give the folder to the user cox runs as (sudo chown %s %s; "
	    "chmod 700 %s)", d->dir, me, strerror(EACCES), me, d->dir,
	    d->dir);
	return 1;
}

/*
 * Why the workspace did not open (cli_open() printed SQLite's words),
 * when its storage is the cause: a file system mounted read-only, a
 * full disk, or a folder this user cannot write.  Else the reason
 * above stands, and doctor says to fix it.
 */
void
doctor_unopened(struct doctor *d)
{
	struct statvfs	 vfs;
	int		 said = 0;

	doctor_check(d, "workspace.open", "");
	if (statvfs(d->dir, &vfs) == 0 && (vfs.f_flag & ST_RDONLY)) {
		say_readonly(d);
		said = 1;
	} else if (statvfs(d->dir, &vfs) == 0)
		said = say_full(d, &vfs);
	if (!said && !say_unwritable(d))
		doctor_bad(d, "the workspace %s does not open (above); fix "
		    "what it says, then run cox doctor again", cli_dir);
}

/*
 * Whether this user may open the workspace as its daemons do.  Someone
 * else (root included) would leave files in it the daemons cannot write,
 * so doctor says whom to run as instead.  A cox.db that cannot be
 * written on a read-only file system is left to the opening, which
 * names it.  Returns 0 to go on.
 */
int
doctor_owner(struct doctor *d, int json)
{
	struct stat	 st;
	char		 db[PATH_MAX + 8], who[64];

	if (realpath(cli_dir, d->dir) == NULL)
		snprintf(d->dir, sizeof(d->dir), "%s", cli_dir);
	snprintf(db, sizeof(db), "%s/cox.db", d->dir);
	doctor_check(d, "workspace.user", "doctor runs as the workspace's "
	    "owner");
	if (stat(db, &st) == -1 && errno != EACCES)
		return 0;	/* cli_open() says what is wrong */
	if (stat(db, &st) == -1) {
		doctor_bad(d, "%s cannot be reached (%s): run doctor as the "
		    "user the daemons run as, e.g. sudo -u cox cox -C %s "
		    "doctor", db, strerror(errno), d->dir);
		return -1;
	}
	user_name(st.st_uid, who);
	if (st.st_uid == geteuid() && (access(db, R_OK | W_OK) == 0 ||
	    errno == EROFS))
		return 0;
	if (st.st_uid == geteuid())
		doctor_bad(d, "%s cannot be opened (%s): chmod 600 %s", db,
		    strerror(errno), db);
	else
		doctor_bad(d, "the workspace belongs to user %s: run doctor as "
		    "%s, as the daemons run, so that it sees what they see and "
		    "leaves no file they cannot write: sudo -u %s cox -C %s "
		    "doctor%s%s", who, who, who, d->dir, d->online ?
		    " --online" : "", json ? " --json" : "");
	return -1;
}

/* cox.db is whole, and there is room to write. */
void
doctor_storage(struct doctor *d)
{
	struct statvfs	 vfs;
	struct stat	 st;
	char		 db[4096], site[4096];
	unsigned long long free_b, need = DISK_MIN;

	doctor_check(d, "storage.quick_check", "cox.db passes SQLite's "
	    "quick_check");
	if (db_quick_check(d->ws.db) == -1)
		doctor_bad(d, "cox.db fails SQLite's quick_check (above): "
		    "restore the newest backup (cox restore) into a new "
		    "folder");
	doctor_check(d, "storage.mode", "cox.db is for its owner alone");
	if (workspace_path(&d->ws, "cox.db", db, sizeof(db)) == 0 &&
	    stat(db, &st) == 0) {
		if (st.st_mode & 077)
			doctor_bad(d, "cox.db is mode %03o: it holds every "
			    "key; chmod 600 %s", st.st_mode & 0777, db);
		if ((unsigned long long)st.st_size * 2 > need)
			need = (unsigned long long)st.st_size * 2;
	}
	doctor_check(d, "storage.free", "room to store and build");
	if (statvfs(d->ws.dir, &vfs) == 0 && !say_full(d, &vfs)) {
		free_b = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
		if (free_b < need)
			doctor_bad(d, "only %llu MiB free where the workspace "
			    "is; cox needs %llu MiB to store and build safely: "
			    "free some space", free_b >> 20, need >> 20);
	}
	doctor_check(d, "storage.site", "site/ can be written");
	if (workspace_path(&d->ws, "site", site, sizeof(site)) == 0 &&
	    access(site, W_OK) == -1)
		doctor_bad(d, "site/ cannot be written (%s): cox build writes "
		    "there; check its owner", strerror(errno));
}

/*
 * Where the nightly backups go: [backup] dir, else the unit's fallback;
 * a folder its sandbox cannot write to (ProtectSystem=strict) fails
 * every night, though cox backup from a shell works.
 */
void
doctor_backups(struct doctor *d)
{
	struct unit_nightly	 n;
	const char		*dir = config_get(d->ws.conf, "backup", "dir");
	char			 abs[PATH_MAX];

	doctor_check(d, "storage.backups", "the nightly backup can write "
	    "where it goes");
	if (units_nightly(d->dir, &n) == -1)
		return;		/* no nightly unit: backups are by hand */
	if (dir == NULL && n.fallback[0] == '\0')
		doctor_bad(d, "%s makes no backup: set [backup] dir", n.unit);
	else if (dir != NULL && !units_writable(&n, realpath(dir, abs) !=
	    NULL ? abs : dir))
		doctor_bad(d, "[backup] dir is %s, where %s cannot write (its "
		    "sandbox writes only to its own folders): add "
		    "ReadWritePaths=%s with systemctl edit %s", dir, n.unit,
		    dir, n.unit);
	strlist_free(&n.writable);
}
