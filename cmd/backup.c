/*
 * backup.c - cox backup and cox restore: the workspace in one file,
 * encrypted under a passphrase (lib/backup.c), and a working workspace
 * made from it again (gen/init.c).
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "cmd.h"

#define PASS_MIN	12	/* characters of a new backup's passphrase */
#define PASS_MAX	1024

/* One line from the terminal, not echoed; NULL when there is none. */
static char *
ask(const char *prompt)
{
	struct termios	 old, quiet;
	char		 line[PASS_MAX + 2], *p = NULL;
	FILE		*tty;
	int		 hidden;

	if ((tty = fopen("/dev/tty", "r+e")) == NULL)
		return NULL;
	hidden = tcgetattr(fileno(tty), &old) == 0;
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	if (hidden)
		tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	fputs(prompt, tty);
	fflush(tty);
	if (fgets(line, sizeof(line), tty) != NULL) {
		line[strcspn(line, "\r\n")] = '\0';
		p = xstrdup(line);
	}
	if (hidden)
		tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputs("\n", tty);
	fclose(tty);
	sodium_memzero(line, sizeof(line));
	return p;
}

/*
 * The passphrase, from the first of: the file given (--passphrase-file),
 * $COX_BACKUP_PASSPHRASE, [backup] passphrase_file of conf (when not
 * NULL; $COX_BACKUP_PASSPHRASE_FILE overrides it there as it does any
 * key); else asked on the terminal, twice when confirm, but only when
 * standard input is one: a timer or a script never waits for a prompt.
 * Restore has no workspace to read cox.conf from, but takes the same
 * $COX_BACKUP_PASSPHRASE_FILE the nightly unit sets, so that the
 * credential that made a backup also opens it.
 */
static char *
passphrase(const struct config *conf, const char *file, int confirm)
{
	struct buf	 b = { 0 };
	const char	*env = getenv("COX_BACKUP_PASSPHRASE");
	char		*p, *again;

	/* as config_secret() for backup: the passphrase, then its file */
	if (file == NULL && conf == NULL && (env == NULL || *env == '\0') &&
	    (file = getenv("COX_BACKUP_PASSPHRASE_FILE")) != NULL &&
	    *file == '\0')
		file = NULL;
	if (file != NULL) {
		if (file_read(file, PASS_MAX, &b) == -1)
			return NULL;
		while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
		    b.data[b.len - 1] == '\r'))
			b.data[--b.len] = '\0';
		if (b.len == 0 || strlen(b.data) != b.len) {
			log_error("%s: empty, or not text", file);
			buf_free(&b);
			return NULL;
		}
		return buf_steal(&b);
	}
	if (conf != NULL && ((env != NULL && *env != '\0') ||
	    config_get(conf, "backup", "passphrase_file") != NULL))
		return config_secret(conf, "backup", "passphrase", &p) == 0 ?
		    p : NULL;
	if (env != NULL && *env != '\0')
		return xstrdup(env);
	if (!isatty(STDIN_FILENO)) {
		log_error("no backup passphrase: set [backup] passphrase_file "
		    "in cox.conf (a file of mode 600), or COX_BACKUP_PASSPHRASE%s",
		    conf == NULL ? " or COX_BACKUP_PASSPHRASE_FILE, or give "
		    "--passphrase-file" : "");
		return NULL;
	}
	if ((p = ask("Backup passphrase: ")) == NULL || !confirm)
		return p;
	if ((again = ask("The same again: ")) == NULL || strcmp(p, again)) {
		log_error("the two passphrases are not the same");
		secret_free(p);
		p = NULL;
	}
	secret_free(again);
	return p;
}

/* Removes the oldest of dir's cox-*.coxbak beyond the newest keep. */
static void
prune(const char *dir, long keep)
{
	struct strlist	 names = { 0 };
	char		 path[4096];
	size_t		 i;

	if (backup_list(dir, &names) == -1) {
		strlist_free(&names);
		return;
	}
	for (i = 0; i + (size_t)keep < names.n; i++)
		if (path_join(path, sizeof(path), dir, names.v[i]) == 0 &&
		    unlink(path) == 0)
			printf("removed %s (keeping the newest %ld)\n", path,
			    keep);
	strlist_free(&names);
}

/*
 * The nightly unit's folder, /var/lib/cox-backups/TEAM, is made by
 * systemd (StateDirectory=) on the timer's first run; before that, a
 * backup by hand as cox cannot make it under root's /var/lib.  Says who
 * can, and how, so that the error is not only "Permission denied".
 */
static void
made_by_root(const char *dir)
{
	struct passwd	*pw;

	if (errno != EACCES && errno != EROFS && errno != EPERM)
		return;
	pw = getpwuid(geteuid());
	log_error("%s cannot be made as %s: as root, 'install -d -o %s -m 700 "
	    "%s', or start the nightly unit once", dir, pw != NULL ?
	    pw->pw_name : "this user", pw != NULL ? pw->pw_name : "USER", dir);
}

/*
 * cox backup [FILE]: the workspace into FILE, or into [backup] dir (else
 * --fallback-dir, the nightly unit's folder) as cox-TIME.coxbak keeping
 * the newest [backup] keep.
 */
int
cmd_backup(int argc, char **argv)
{
	struct workspace ws;
	struct backup_stats st;
	const char	*dir = NULL, *fallback = NULL;
	char		 file[4096], abs[PATH_MAX], stamp[32], *pass = NULL;
	long		 keep = 0;
	time_t		 now = time(NULL);
	struct tm	 tm;
	int		 k, status;
	const struct cli_opt opts[] = {
		{ "fallback-dir", CLI_ARG, &fallback, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox backup [-C dir] [--fallback-dir dir] "
	    "[file]", opts, 0, 1, "name at most one file" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	status = EX_CONFIG;
	if (k < argc)
		snprintf(file, sizeof(file), "%s", argv[k]);
	else {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
		/* [backup] dir wins over the unit's fallback */
		if ((dir = config_get(ws.conf, "backup", "dir")) == NULL &&
		    (dir = fallback) == NULL && config_require(ws.conf,
		    "backup", "dir", "name a folder for backups there, or "
		    "give a file", &dir) == -1)
			goto out;
		if (config_long(ws.conf, "backup", "keep", 14, 1, 10000,
		    &keep) == -1)
			goto out;
		if (dir_make(dir, 0700) == -1) {
			made_by_root(dir);
			status = EX_CANTCREAT;
			goto out;
		}
		if (snprintf(file, sizeof(file), "%s/" BACKUP_PREFIX "%s"
		    BACKUP_SUFFIX, dir, stamp) >= (int)sizeof(file))
			goto out;
	}
	if ((pass = passphrase(ws.conf, NULL, 1)) == NULL)
		goto out;
	if (strlen(pass) < PASS_MIN) {
		log_error("a backup passphrase needs at least %d characters",
		    PASS_MIN);
		goto out;
	}
	status = cli_exit(backup_write(&ws, file, pass, &st));
	if (status != 0)
		goto out;
	printf("backed up %u files (%.1f MiB) to %s\n", st.files,
	    (double)st.bytes / 1048576, file);
	if (realpath(file, abs) != NULL)
		(void)db_meta_set(ws.db, "last_backup", abs);
	if (dir != NULL)
		prune(dir, keep);
out:
	secret_free(pass);
	workspace_close(&ws);
	return status;
}

/*
 * cox restore FILE DIR [--passphrase-file F]: a working workspace in
 * DIR (new, or empty) from FILE.
 */
int
cmd_restore(int argc, char **argv)
{
	struct backup_stats st;
	const char	*pfile = NULL;
	char		 info[128], *pass;
	int		 k, status, cloned;
	const struct cli_opt opts[] = {
		{ "passphrase-file", CLI_ARG, &pfile, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox restore [--passphrase-file file] "
	    "backup-file dir", opts, 2, 2, "name the backup and a new folder" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if ((pass = passphrase(NULL, pfile, 0)) == NULL)
		return EX_CONFIG;
	status = cli_exit(backup_restore(argv[k], argv[k + 1], pass, &st,
	    info, sizeof(info)));
	secret_free(pass);
	if (status != 0)
		return status;
	printf("restored %u files (%.1f MiB) from %s (%s) into %s\n", st.files,
	    (double)st.bytes / 1048576, argv[k], info, argv[k + 1]);
	if ((status = cli_exit(init_restored(argv[k + 1], &cloned))) != 0) {
		log_error("%s was restored, but is not a working workspace "
		    "(above)", argv[k + 1]);
		return status;
	}
	printf("site/: %s\n", cloned ? "cloned from [site] remote" :
	    "a new repository");
	printf("next: secrets that cox.conf names by *_file are not in a "
	    "backup; put them back, then 'cox -C %s doctor' and 'cox -C %s "
	    "build'\n", argv[k + 1], argv[k + 1]);
	return 0;
}
