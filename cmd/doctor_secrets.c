/*
 * doctor_secrets.c - cox doctor's checks of the secrets: each one the
 * configuration uses is in the environment, or in a file of mode 600
 * that is not empty, or in the file a systemd unit of the workspace
 * loads it from as a credential (LoadCredential=); never in cox.conf.
 * A secret the configuration does not use is not asked for, whatever
 * the installed units would load.
 *
 * The units' files are root's (/etc/cox/TEAM/, mode 700), so from a
 * shell the user cox runs as cannot vouch for them: each is a problem,
 * with the command that runs doctor as the units run (systemd-run with
 * the folder loaded as credentials, and their EnvironmentFile=).
 * There, and in a unit, each is a file of $CREDENTIALS_DIRECTORY,
 * which doctor hands on as COX_SECTION_KEY_FILE, so that --online logs
 * in with it as the daemons would.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define CRED_RUN	"/run/credentials/"

enum secret {
	S_SMS_TOKEN, S_SMTP_PASSWORD, S_IMAP_PASSWORD, S_OAUTH2_REFRESH,
	S_OAUTH2_CLIENT, S_REMOTE_TOKEN, S_SSH_KEY, S_BACKUP, S__N
};

static const struct {
	const char	*section, *key;
} secrets[S__N] = {
	{ "sms", "auth_token" }, { "smtp", "password" },
	{ "mail", "imap_password" }, { "oauth2", "refresh_token" },
	{ "oauth2", "client_secret" }, { "site", "remote_token" },
	{ "site", "ssh_key" }, { "backup", "passphrase" },
};

/* Whether [section] key says oauth2 (imap_auth, auth). */
int
doctor_uses_oauth2(struct doctor *d, const char *section, const char *key)
{
	const char	*v = config_get(d->ws.conf, section, key);

	return v != NULL && strcmp(v, "oauth2") == 0;
}

/* Whether the unit tmpl (cox-imap@) of this workspace is enabled. */
static int
unit_enabled(struct doctor *d, const char *tmpl)
{
	const char	*inst = strrchr(d->dir, '/');
	char		 unit[512];

	snprintf(unit, sizeof(unit), "%s%.255s.service", tmpl, inst != NULL ?
	    inst + 1 : d->dir);
	return units_enabled(unit);
}

/* Whether a nightly unit backs this workspace up. */
static int
nightly_unit(struct doctor *d)
{
	struct unit_nightly	 n;

	if (units_nightly(d->dir, &n) == -1)
		return 0;
	strlist_free(&n.writable);
	return 1;
}

/*
 * Whether the configuration must have secret s (returned) and uses it
 * at all (*used): the Twilio token always (texts are a way in), a
 * password where a server asks for one and OAuth2 does not stand for
 * it, the IMAP password where [mail] imap_url is set or the
 * workspace's cox-imap@ unit is enabled, the backup passphrase where
 * [backup] dir is set or a nightly unit runs; an OAuth2 client secret
 * and an SSH key are used, not needed, where their way is taken.
 */
static int
secret_needed(struct doctor *d, enum secret s, int *used)
{
	const struct config *c = d->ws.conf;
	const char	*remote = config_get(c, "site", "remote");
	int		 smtp_o = doctor_uses_oauth2(d, "smtp", "auth");
	int		 imap_o = doctor_uses_oauth2(d, "mail", "imap_auth");
	int		 https, need = 0;

	https = remote != NULL && !strncmp(remote, "https://", 8);
	*used = 0;
	switch (s) {
	case S_SMS_TOKEN:
		need = 1;
		break;
	case S_SMTP_PASSWORD:
		need = config_get(c, "smtp", "user") != NULL && !smtp_o;
		break;
	case S_IMAP_PASSWORD:
		need = !imap_o && (config_get(c, "mail", "imap_url") != NULL ||
		    unit_enabled(d, "cox-imap@"));
		break;
	case S_OAUTH2_REFRESH:
		need = smtp_o || imap_o;
		break;
	case S_OAUTH2_CLIENT:
		*used = smtp_o || imap_o;
		break;
	case S_REMOTE_TOKEN:
		need = https;
		break;
	case S_SSH_KEY:
		*used = remote != NULL && !https && remote[0] != '/';
		break;
	case S_BACKUP:
		need = config_get(c, "backup", "dir") != NULL ||
		    nightly_unit(d);
		break;
	case S__N:
		break;
	}
	*used |= need;
	return need;
}

/* COX_SECTION_KEY into env, and COX_SECTION_KEY_FILE into envfile. */
static void
secret_env(enum secret s, char env[160], char envfile[170])
{
	size_t	 i;

	snprintf(env, 160, "COX_%s_%s", secrets[s].section, secrets[s].key);
	for (i = 4; env[i] != '\0'; i++)
		env[i] = (char)(env[i] >= 'a' && env[i] <= 'z' ? env[i] - 32 :
		    env[i]);
	snprintf(envfile, 170, "%s_FILE", env);
}

/*
 * The file of credential c in the folder cd ($CREDENTIALS_DIRECTORY):
 * its unit's name for it (twilio-token), or ID_NAME where its folder
 * was loaded whole (cox_twilio-token, for /etc/cox/club/twilio-token
 * under LoadCredential=cox:/etc/cox/club).  0 with path, or -1.
 */
static int
credential_find(const char *cd, const struct unit_cred *c, char *path,
    size_t size)
{
	const char	*base = strrchr(c->source, '/');
	struct dirent	*de;
	size_t		 len, blen;
	DIR		*dp;
	int		 rc = -1;

	if (snprintf(path, size, "%s/%s", cd, c->name) < (int)size &&
	    access(path, R_OK) == 0)
		return 0;
	if (base == NULL || (dp = opendir(cd)) == NULL)
		return -1;
	blen = strlen(++base);
	while (rc == -1 && (de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len > blen + 1 && de->d_name[len - blen - 1] == '_' &&
		    !strcmp(de->d_name + len - blen, base) &&
		    snprintf(path, size, "%s/%s", cd, de->d_name) < (int)size)
			rc = access(path, R_OK);
	}
	closedir(dp);
	return rc;
}

/*
 * Under systemd (a unit, or systemd-run as doctor says to run it), the
 * secrets the units load are files of $CREDENTIALS_DIRECTORY: each one
 * in use that is named no other way, or named by a /run/credentials/
 * path of another unit's, gets COX_SECTION_KEY_FILE pointing at its
 * file, so that every check, and --online, reads it as the daemons do.
 */
void
doctor_credentials(struct doctor *d)
{
	const char	*cd = getenv("CREDENTIALS_DIRECTORY"), *file;
	struct unit_cred c;
	char		 env[160], envfile[170], filekey[96], path[PATH_MAX];
	enum secret	 s;
	int		 used;

	if (cd == NULL || *cd == '\0')
		return;
	for (s = 0; s < S__N; s++) {
		(void)secret_needed(d, s, &used);
		secret_env(s, env, envfile);
		snprintf(filekey, sizeof(filekey), "%s_file", secrets[s].key);
		file = config_get(d->ws.conf, secrets[s].section, filekey);
		if (!used || getenv(env) != NULL || (file != NULL &&
		    (strncmp(file, CRED_RUN, strlen(CRED_RUN)) != 0 ||
		    access(file, R_OK) == 0)))
			continue;
		if (units_credential(d->dir, envfile, file, &c) == 0 &&
		    credential_find(cd, &c, path, sizeof(path)) == 0)
			(void)setenv(envfile, path, 1);
	}
}

/* The secret file of [section] filekey: there, not empty, owner's only. */
static void
check_secret_file(struct doctor *d, const char *section,
    const char *filekey, const char *file)
{
	struct stat	 st;

	if (stat(file, &st) == -1 || access(file, R_OK) == -1)
		doctor_bad(d, "[%s] %s: %s cannot be read (%s): put the secret "
		    "there, readable by the user cox runs as", section, filekey,
		    file, strerror(errno));
	else if (!S_ISREG(st.st_mode) || st.st_size == 0)
		doctor_bad(d, "[%s] %s: %s is empty or not a file: put the "
		    "secret there", section, filekey, file);
	else if (st.st_mode & 077)
		doctor_bad(d, "[%s] %s: %s is mode %03o: others can read it; "
		    "chmod 600 %s", section, filekey, file, st.st_mode & 0777,
		    file);
}

/*
 * What systemd-run needs to hand doctor the credential c as its unit
 * gets it: the credential's folder loaded whole, and the unit's
 * EnvironmentFile= (COX_MAIL_IMAP_URL and the like), each once.
 */
static void
credential_props(struct doctor *d, const struct unit_cred *c)
{
	const char	*slash = strrchr(c->source, '/');
	char		 p[4200];

	snprintf(p, sizeof(p), "LoadCredential=cox:%.*s", slash != NULL &&
	    slash != c->source ? (int)(slash - c->source) : 1, c->source);
	if (!strlist_has(&d->props, p))
		(void)strlist_add(&d->props, p);
	snprintf(p, sizeof(p), "EnvironmentFile=%s", c->envfile);
	if (c->envfile[0] != '\0' && !strlist_has(&d->props, p))
		(void)strlist_add(&d->props, p);
}

/*
 * A secret a systemd unit loads as a credential, which a shell cannot
 * see: path is the /run/credentials/ file the configuration names, or
 * NULL to ask the units of the workspace for the one env names.  Checks
 * the file the unit loads it from: not there, or one this user cannot
 * read (its folder root's), is a problem; returns -1 when no unit says.
 */
static int
check_unit_secret(struct doctor *d, const char *section, const char *filekey,
    const char *env, const char *path)
{
	struct unit_cred c;
	struct stat	 st;

	if (units_credential(d->dir, env, path, &c) == -1) {
		if (path == NULL)
			return -1;
		doctor_warn(d, "[%s] %s: %s is a systemd credential, which "
		    "only %s can read while it runs: see that it has "
		    "LoadCredential=%s:FILE with systemctl cat %s", section,
		    filekey, path, c.unit[0] ? c.unit : "its unit", c.name,
		    c.unit[0] ? c.unit : "UNIT");
		return 0;
	}
	if (stat(c.source, &st) == -1 && errno == ENOENT)
		doctor_bad(d, "[%s] %s: %s loads it from %s (credential %s), "
		    "which is not there: put the secret there, mode 600",
		    section, filekey, c.unit, c.source, c.name);
	else if (access(c.source, R_OK) == 0)
		check_secret_file(d, section, filekey, c.source);
	else if (getenv("CREDENTIALS_DIRECTORY") != NULL)
		doctor_bad(d, "[%s] %s: %s loads it from %s (credential %s), "
		    "which is not among the credentials doctor runs with: put "
		    "the secret there, mode 600", section, filekey, c.unit,
		    c.source, c.name);
	else {
		doctor_bad(d, "[%s] %s: %s loads it from %s (credential %s), "
		    "which this user cannot read, so doctor cannot say it is "
		    "there: run doctor as the units run (below)", section,
		    filekey, c.unit, c.source, c.name);
		credential_props(d, &c);
	}
	return 0;
}

/*
 * Secret s: from the environment, or a file of the owner's only, not
 * empty, or a credential a unit loads; never written in cox.conf.  One
 * the configuration does not use is not looked for.
 */
static void
check_secret(struct doctor *d, enum secret s)
{
	const char	*section = secrets[s].section, *key = secrets[s].key;
	const char	*file, *v;
	char		 env[160], envfile[170], filekey[96], ckey[96], ok[128];
	int		 used, needed = secret_needed(d, s, &used);

	snprintf(ckey, sizeof(ckey), "secret.%s.%s", section, key);
	snprintf(ok, sizeof(ok), "[%s] %s: %s", section, key, needed ?
	    "there, for cox alone" : "not needed, or there for cox alone");
	doctor_check(d, ckey, ok);
	secret_env(s, env, envfile);
	if ((v = getenv(env)) != NULL && *v != '\0')
		return;
	if (config_get(d->ws.conf, section, key) != NULL) {
		doctor_bad(d, "[%s] %s is written in cox.conf: secrets do not "
		    "go there; put it in a file of mode 600 and name it with "
		    "%s_file", section, key, key);
		return;
	}
	snprintf(filekey, sizeof(filekey), "%s_file", key);
	if ((file = config_get(d->ws.conf, section, filekey)) == NULL) {
		if (used && check_unit_secret(d, section, filekey, envfile,
		    NULL) == -1 && needed)
			doctor_bad(d, "[%s] %s is not set: name a file (mode "
			    "600) holding the secret, or set %s", section,
			    filekey, env);
		return;
	}
	if (access(file, R_OK) == -1 && !strncmp(file, CRED_RUN,
	    strlen(CRED_RUN)) && check_unit_secret(d, section, filekey,
	    envfile, file) == 0)
		return;
	check_secret_file(d, section, filekey, file);
}

/*
 * The command that runs doctor as the units run, for the credentials
 * this user could not read: systemd-run as this user, with their
 * folders and the units' environment files.
 */
static void
check_as_units(struct doctor *d)
{
	struct passwd	*pw = getpwuid(geteuid());
	struct buf	 cmd = { 0 };
	char		 self[PATH_MAX];
	ssize_t		 n;
	size_t		 i;

	if (d->props.n == 0)
		return;
	doctor_check(d, "secret.credentials", "");
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		n = snprintf(self, sizeof(self), "cox");
	self[n] = '\0';
	buf_printf(&cmd, "sudo systemd-run --pipe --quiet --collect -p "
	    "User=%s", pw != NULL ? pw->pw_name : "cox");
	for (i = 0; i < d->props.n; i++)
		buf_printf(&cmd, " -p %s", d->props.v[i]);
	buf_printf(&cmd, " %s -C %s doctor%s", self, d->dir, d->online ?
	    " --online" : "");
	doctor_bad(d, "the units load secrets this user cannot read (above): "
	    "run doctor as they run, with their credentials and settings: %s",
	    buf_failed(&cmd) ? "(out of memory)" : cmd.data);
	buf_free(&cmd);
}

/* Every secret cox may read, and how to check those the units hide. */
void
doctor_secrets(struct doctor *d)
{
	enum secret	 s;

	for (s = 0; s < S__N; s++)
		check_secret(d, s);
	check_as_units(d);
}
