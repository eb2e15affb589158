/*
 * doctor_storage.c - cox doctor's checks of where the team is kept:
 * that this user may open the workspace as its daemons do, that cox.db
 * is whole and its owner's only, that there is room to write, and that
 * the nightly backup can write where it goes.
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

/*
 * Whether this user may open the workspace as its daemons do.  Someone
 * else (root included) would leave files in it the daemons cannot write,
 * so doctor says whom to run as instead.  Returns 0 to go on.
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
	if (st.st_uid == geteuid() && access(db, R_OK | W_OK) == 0)
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
	if (statvfs(d->ws.dir, &vfs) == 0) {
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
