/*
 * doctor.c - cox doctor: checks what the other commands will need, and
 * says for each problem what to do about it: the settings, and each
 * piece the loop cannot flow without (a way in for texts and for mail,
 * a way out, a coach, a metric).  With --online it also logs in where
 * cox will: the SMTP server, the IMAP mailbox, Twilio's API and the
 * site's remote, sending nothing.  With --json the same findings come
 * as one JSON object.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "cmd.h"

#define DISK_MIN	((unsigned long long)200 << 20)

enum level { LEVEL_OK, LEVEL_WARN, LEVEL_FAIL };

static const char *const level_names[] = { "ok", "warn", "fail" };

/* One thing found: key names the check, the same from run to run. */
struct finding {
	char		 key[64];
	enum level	 level;
	char		*text;
};

struct doctor {
	struct workspace ws;
	char		 dir[PATH_MAX];	/* the workspace, absolute */
	struct finding	*v;
	size_t		 n, cap;
	char		 key[64];	/* the check under way */
	size_t		 mark;		/* v[mark..] are its findings */
	char		 ok[256];	/* its text when it finds nothing */
	unsigned	 checks;
	size_t		 fails, warns;
};

/* Files a finding under the check under way. */
static void
note(struct doctor *d, enum level level, const char *text)
{
	struct finding	*v;

	if (d->n == d->cap) {
		if ((v = reallocarray(d->v, d->cap * 2 + 16, sizeof(*v))) ==
		    NULL)
			return;
		d->v = v;
		d->cap = d->cap * 2 + 16;
	}
	memcpy(d->v[d->n].key, d->key, sizeof(d->key));
	d->v[d->n].level = level;
	if ((d->v[d->n].text = xstrdup(text)) == NULL)
		return;
	d->n++;
	d->fails += level == LEVEL_FAIL;
	d->warns += level == LEVEL_WARN;
}

/* Ends the check under way: one ok finding when it found nothing. */
static void
check_end(struct doctor *d)
{
	if (d->ok[0] != '\0' && d->n == d->mark)
		note(d, LEVEL_OK, d->ok);
	d->ok[0] = '\0';
}

/*
 * Begins the check key (stable, for --json): what bad() and warn() say
 * until the next one is filed under it; ok is said when neither is.
 */
static void
check(struct doctor *d, const char *key, const char *ok)
{
	check_end(d);
	snprintf(d->key, sizeof(d->key), "%s", key);
	d->mark = d->n;
	snprintf(d->ok, sizeof(d->ok), "%s", ok);
	d->checks++;
}

static void
vsay(struct doctor *d, enum level level, const char *fmt, va_list ap)
{
	char	 line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	note(d, level, line);
}

static void PRINTFLIKE(2, 3)
bad(struct doctor *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(d, LEVEL_FAIL, fmt, ap);
	va_end(ap);
}

static void PRINTFLIKE(2, 3)
warn(struct doctor *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(d, LEVEL_WARN, fmt, ap);
	va_end(ap);
}

/* base_url parses, is not cox init's example, and uses https. */
static void
check_base_url(struct doctor *d)
{
	const char	*base = config_get(d->ws.conf, "site", "base_url");
	char		 bo[512], mb[URL_MASKED_MAX];
	const char	*base_m = url_masked(base, mb, sizeof(mb));

	check(d, "site.base_url", "[site] base_url is an https address");
	if (base == NULL)
		bad(d, "[site] base_url is not set: put the address the site "
		    "is served from, e.g. https://club.example.org/team/");
	else if (url_origin(base, bo, sizeof(bo)) == -1 ||
	    strpbrk(base, "?#") != NULL)
		bad(d, "[site] base_url '%s' is not an http(s) address: write "
		    "it whole, e.g. https://club.example.org/team/", base_m);
	else if (!strcmp(base, SITE_URL_EXAMPLE))
		bad(d, "[site] base_url is still cox init's example: put the "
		    "address the site is served from (cox-setup(7), 2)");
	else if (strncmp(bo, "https:", 6) != 0 && !url_loopback(bo))
		bad(d, "[site] base_url '%s' is plain http: serve the site "
		    "over https, or people's pages and links travel in clear",
		    base_m);
}

/* public_url parses, uses https when the site does, has no '/' at the end. */
static void
check_public_url(struct doctor *d)
{
	const char	*base = config_get(d->ws.conf, "site", "base_url");
	const char	*pub = config_get(d->ws.conf, "sms", "public_url");
	char		 bo[512], po[512], mp[URL_MASKED_MAX];
	const char	*pub_m = url_masked(pub, mp, sizeof(mp));

	if (pub == NULL)
		return;		/* check_ways() says it is missing */
	check(d, "twilio.public_url", "[sms] public_url is an https address");
	if (url_origin(pub, po, sizeof(po)) == -1 ||
	    strpbrk(pub, "?#") != NULL)
		bad(d, "[sms] public_url '%s' is not an http(s) address: the "
		    "one Twilio calls, e.g. https://sms.club.example.org",
		    pub_m);
	else if (pub[strlen(pub) - 1] == '/')
		bad(d, "[sms] public_url '%s' ends with '/': drop it (cox "
		    "adds /twilio/sms and /register)", pub_m);
	else if (strncmp(po, "https:", 6) != 0 && !url_loopback(po))
		bad(d, "[sms] public_url '%s' is plain http: Twilio's "
		    "signatures and the register page need https (nginx "
		    "with TLS in front, see cox-sms(8))", pub_m);
	else if (base != NULL && url_origin(base, bo, sizeof(bo)) == 0 &&
	    !strncmp(bo, "https:", 6) && strncmp(po, "https:", 6) != 0)
		bad(d, "[sms] public_url '%s' is http while the site is "
		    "https: the register page cannot post to it; use https "
		    "for both", pub_m);
}

/* account_sid, messaging_service_sid and [smtp] url, when set, have
 * their shape. */
static void
check_shapes(struct doctor *d)
{
	const char	*sid = config_get(d->ws.conf, "sms", "account_sid");
	const char	*mg = config_get(d->ws.conf, "sms",
	    "messaging_service_sid");
	const char	*smtp = config_get(d->ws.conf, "smtp", "url");
	char		 ms[URL_MASKED_MAX];

	if (sid != NULL)
		check(d, "twilio.account_sid", "[sms] account_sid is an Account "
		    "SID");
	if (sid != NULL && (strlen(sid) != 34 || strncmp(sid, "AC", 2) != 0 ||
	    strspn(sid + 2, "0123456789abcdef") != 32))
		bad(d, "[sms] account_sid '%s' is not an Account SID: copy it "
		    "from the Twilio console (AC and 32 hex digits)", sid);
	if (mg != NULL)
		check(d, "twilio.messaging_service_sid", "[sms] "
		    "messaging_service_sid is a Messaging Service SID");
	if (mg != NULL && !twilio_service_shaped(mg))
		bad(d, "[sms] messaging_service_sid '%s' is not a Messaging "
		    "Service SID: copy it from the Twilio console (MG and 32 "
		    "hex digits)", mg);
	if (smtp != NULL)
		check(d, "smtp.url", "[smtp] url is smtp:// or smtps://");
	if (smtp != NULL && strncmp(smtp, "smtp://", 7) != 0 &&
	    strncmp(smtp, "smtps://", 8) != 0)
		bad(d, "[smtp] url '%s' is not smtp:// or smtps://: e.g. "
		    "smtp://mail.example.org:587",
		    url_masked(smtp, ms, sizeof(ms)));
}

/*
 * URLs of cox.conf that must not carry a password: where there is a
 * *_file key for it, the message says so (cox.conf(5), the secrets).
 */
static void
check_url_passwords(struct doctor *d)
{
	static const struct {
		const char	*section, *key, *file;
	} keys[] = {
		{ "smtp", "url", "password_file" },
		{ "mail", "imap_url", "imap_password_file" },
		{ "site", "remote", "remote_token_file" },
		{ "site", "base_url", NULL },
		{ "sms", "public_url", NULL },
		{ "sms", "api_url", NULL },
	};
	const char	*v;
	char		 m[URL_MASKED_MAX], key[64], ok[96];
	size_t		 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		snprintf(key, sizeof(key), "password.%s.%s", keys[i].section,
		    keys[i].key);
		snprintf(ok, sizeof(ok), "[%s] %s carries no password",
		    keys[i].section, keys[i].key);
		check(d, key, ok);
		v = config_get(d->ws.conf, keys[i].section, keys[i].key);
		if (!url_has_password(v))
			continue;
		if (keys[i].file != NULL)
			bad(d, "[%s] %s %s carries a password: take it out, "
			    "put it in a file of mode 600 and name it with "
			    "[%s] %s (see cox.conf(5))", keys[i].section,
			    keys[i].key, url_masked(v, m, sizeof(m)),
			    keys[i].section, keys[i].file);
		else
			bad(d, "[%s] %s %s carries a password: take it out, "
			    "cox needs none there", keys[i].section,
			    keys[i].key, url_masked(v, m, sizeof(m)));
	}
}

/* The secret file of [section] filekey: there, not empty, owner's only. */
static void
check_secret_file(struct doctor *d, const char *section,
    const char *filekey, const char *file)
{
	struct stat	 st;

	if (stat(file, &st) == -1 || access(file, R_OK) == -1)
		bad(d, "[%s] %s: %s cannot be read (%s): put the secret there, "
		    "readable by the user cox runs as", section, filekey, file,
		    strerror(errno));
	else if (!S_ISREG(st.st_mode) || st.st_size == 0)
		bad(d, "[%s] %s: %s is empty or not a file: put the secret "
		    "there", section, filekey, file);
	else if (st.st_mode & 077)
		bad(d, "[%s] %s: %s is mode %03o: others can read it; chmod "
		    "600 %s", section, filekey, file, st.st_mode & 0777, file);
}

/*
 * A secret a systemd unit loads as a credential, which a shell cannot
 * see: path is the /run/credentials/ file the configuration names, or
 * NULL to ask the units of the workspace for the one env names.  Checks
 * the file the unit loads it from; returns -1 when no unit says.
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
		warn(d, "[%s] %s: %s is a systemd credential, which only %s "
		    "can read while it runs: see that it has "
		    "LoadCredential=%s:FILE with systemctl cat %s", section,
		    filekey, path, c.unit[0] ? c.unit : "its unit", c.name,
		    c.unit[0] ? c.unit : "UNIT");
		return 0;
	}
	if (stat(c.source, &st) == -1 && errno == ENOENT)
		bad(d, "[%s] %s: %s loads it from %s (credential %s), which is "
		    "not there: put the secret there, mode 600", section,
		    filekey, c.unit, c.source, c.name);
	else if (stat(c.source, &st) == -1 || access(c.source, R_OK) == -1)
		warn(d, "[%s] %s: %s loads it from %s (credential %s), which "
		    "this user cannot read: see that it is there with sudo "
		    "ls -l %s", section, filekey, c.unit, c.source, c.name,
		    c.source);
	else
		check_secret_file(d, section, filekey, c.source);
	return 0;
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
 * A secret: from the environment, or a file of the owner's only, not
 * empty, or a credential a unit loads; never written in cox.conf.
 * needed says it must be there.
 */
static void
check_secret(struct doctor *d, const char *section, const char *key,
    int needed)
{
	char		 env[160], envfile[170], filekey[96], ckey[96], ok[128];
	const char	*file, *v;
	size_t		 i;

	snprintf(ckey, sizeof(ckey), "secret.%s.%s", section, key);
	snprintf(ok, sizeof(ok), "[%s] %s: %s", section, key, needed ?
	    "there, for cox alone" : "not needed, or there for cox alone");
	check(d, ckey, ok);
	snprintf(env, sizeof(env), "COX_%s_%s", section, key);
	for (i = 4; env[i] != '\0'; i++)
		env[i] = (char)(env[i] >= 'a' && env[i] <= 'z' ? env[i] - 32 :
		    env[i]);
	snprintf(envfile, sizeof(envfile), "%s_FILE", env);
	if ((v = getenv(env)) != NULL && *v != '\0')
		return;
	if (config_get(d->ws.conf, section, key) != NULL) {
		bad(d, "[%s] %s is written in cox.conf: secrets do not go "
		    "there; put it in a file of mode 600 and name it with "
		    "%s_file", section, key, key);
		return;
	}
	snprintf(filekey, sizeof(filekey), "%s_file", key);
	if ((file = config_get(d->ws.conf, section, filekey)) == NULL) {
		if (check_unit_secret(d, section, filekey, envfile, NULL) ==
		    -1 && needed)
			bad(d, "[%s] %s is not set: name a file (mode 600) "
			    "holding the secret, or set %s", section,
			    filekey, env);
		return;
	}
	if (access(file, R_OK) == -1 && !strncmp(file, "/run/credentials/",
	    17) && check_unit_secret(d, section, filekey, envfile, file) == 0)
		return;
	check_secret_file(d, section, filekey, file);
}

/* Whether [section] key says oauth2 (imap_auth, auth). */
static int
uses_oauth2(struct doctor *d, const char *section, const char *key)
{
	const char	*v = config_get(d->ws.conf, section, key);

	return v != NULL && strcmp(v, "oauth2") == 0;
}

static void
check_secrets(struct doctor *d)
{
	const struct config *c = d->ws.conf;
	const char	*v;
	int		 smtp_oauth = uses_oauth2(d, "smtp", "auth");
	int		 imap_oauth = uses_oauth2(d, "mail", "imap_auth");

	check_secret(d, "sms", "auth_token", 1);	/* texts need it */
	check_secret(d, "smtp", "password", config_get(c, "smtp", "user") !=
	    NULL && !smtp_oauth);
	check_secret(d, "mail", "imap_password", config_get(c, "mail",
	    "imap_url") != NULL && !imap_oauth);
	check_secret(d, "oauth2", "refresh_token", smtp_oauth || imap_oauth);
	check_secret(d, "oauth2", "client_secret", 0);
	check_secret(d, "site", "remote_token", (v = config_get(c, "site",
	    "remote")) != NULL && !strncmp(v, "https://", 8));
	check_secret(d, "site", "ssh_key", 0);
	check_secret(d, "backup", "passphrase", config_get(c, "backup",
	    "dir") != NULL || nightly_unit(d));
}

/*
 * [mail] imap_auth and [smtp] auth say password or oauth2, and with
 * oauth2, [oauth2] names an https token endpoint and a client id, and
 * its refresh token's folder can be written: Microsoft hands out a new
 * refresh token with each access token, and cox keeps it there.
 */
static void
check_oauth2(struct doctor *d)
{
	struct oauth2	*o = NULL;
	const char	*file;
	char		 dir[PATH_MAX], *slash;
	int		 on, any = 0;

	check(d, "oauth2.auth", "[mail] imap_auth and [smtp] auth are "
	    "password or oauth2");
	if (oauth2_wanted(d->ws.conf, "mail", "imap_auth", &on) == -1 ||
	    oauth2_wanted(d->ws.conf, "smtp", "auth", &any) == -1)
		bad(d, "[mail] imap_auth or [smtp] auth is wrong (above)");
	if (!(any |= on))
		return;
	check(d, "oauth2.settings", "[oauth2] names a token endpoint and a "
	    "client id");
	if (oauth2_open(d->ws.conf, &o) != OUT_OK)
		bad(d, "[oauth2] is not complete (above): see cox.conf(5) and, "
		    "to register the app, cox-setup(7)");
	oauth2_free(o);
	if ((file = config_get(d->ws.conf, "oauth2",
	    "refresh_token_file")) == NULL)
		return;
	check(d, "oauth2.rotation", "[oauth2] refresh_token_file can be "
	    "replaced when the provider hands out a new one");
	snprintf(dir, sizeof(dir), "%s", file);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (access(dir, W_OK) == -1)
		warn(d, "[oauth2] refresh_token_file: its folder %s cannot be "
		    "written (%s): Microsoft hands out a new refresh token "
		    "each time, and cox keeps it there; keep the file in a "
		    "folder of the user cox runs as", dir, strerror(errno));
}

/* The hooks the workspace has: ones cox runs, each executable. */
static void
check_hooks(struct doctor *d)
{
	const char	*v = config_get(d->ws.conf, "hooks", "post_ingest");
	struct dirent	*de;
	char		 dir[4096], path[4096];
	char		 key[300];
	DIR		*dp;

	check(d, "hooks.post_ingest", "[hooks] post_ingest is default or off");
	if (v != NULL && strcmp(v, "default") != 0 && strcmp(v, "off") != 0)
		bad(d, "[hooks] post_ingest = %s: write default or off", v);
	if (workspace_path(&d->ws, "hooks", dir, sizeof(dir)) == -1 ||
	    (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(key, sizeof(key), "hooks.%s", de->d_name);
		check(d, key, "a hook cox runs, and it can run");
		if (path_join(path, sizeof(path), dir, de->d_name) == -1)
			continue;
		if (strcmp(de->d_name, "post-ingest") != 0 &&
		    strcmp(de->d_name, "post-publish") != 0)
			bad(d, "hooks/%s is not a hook cox runs (post-ingest, "
			    "post-publish): rename or remove it", de->d_name);
		else if (access(path, X_OK) == -1)
			bad(d, "hooks/%s is not executable, so it never runs: "
			    "chmod +x %s", de->d_name, path);
	}
	closedir(dp);
}

/* cox.db is whole, and there is room to write. */
static void
check_storage(struct doctor *d)
{
	struct statvfs	 vfs;
	struct stat	 st;
	char		 db[4096], site[4096];
	unsigned long long free_b, need = DISK_MIN;

	check(d, "storage.quick_check", "cox.db passes SQLite's quick_check");
	if (db_quick_check(d->ws.db) == -1)
		bad(d, "cox.db fails SQLite's quick_check (above): restore the "
		    "newest backup (cox restore) into a new folder");
	check(d, "storage.mode", "cox.db is for its owner alone");
	if (workspace_path(&d->ws, "cox.db", db, sizeof(db)) == 0 &&
	    stat(db, &st) == 0) {
		if (st.st_mode & 077)
			bad(d, "cox.db is mode %03o: it holds every key; chmod "
			    "600 %s", st.st_mode & 0777, db);
		if ((unsigned long long)st.st_size * 2 > need)
			need = (unsigned long long)st.st_size * 2;
	}
	check(d, "storage.free", "room to store and build");
	if (statvfs(d->ws.dir, &vfs) == 0) {
		free_b = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
		if (free_b < need)
			bad(d, "only %llu MiB free where the workspace is; "
			    "cox needs %llu MiB to store and build safely: "
			    "free some space", free_b >> 20, need >> 20);
	}
	check(d, "storage.site", "site/ can be written");
	if (workspace_path(&d->ws, "site", site, sizeof(site)) == 0 &&
	    access(site, W_OK) == -1)
		bad(d, "site/ cannot be written (%s): cox build writes there; "
		    "check its owner", strerror(errno));
}

/*
 * Where the nightly backups go: [backup] dir, else the unit's fallback;
 * a folder its sandbox cannot write to (ProtectSystem=strict) fails
 * every night, though cox backup from a shell works.
 */
static void
check_backups(struct doctor *d)
{
	struct unit_nightly	 n;
	const char		*dir = config_get(d->ws.conf, "backup", "dir");
	char			 abs[PATH_MAX];

	check(d, "storage.backups", "the nightly backup can write where it "
	    "goes");
	if (units_nightly(d->dir, &n) == -1)
		return;		/* no nightly unit: backups are by hand */
	if (dir == NULL && n.fallback[0] == '\0')
		bad(d, "%s makes no backup: set [backup] dir", n.unit);
	else if (dir != NULL && !units_writable(&n, realpath(dir, abs) !=
	    NULL ? abs : dir))
		bad(d, "[backup] dir is %s, where %s cannot write (its sandbox "
		    "writes only to its own folders): add ReadWritePaths=%s "
		    "with systemctl edit %s", dir, n.unit, dir, n.unit);
	strlist_free(&n.writable);
}

/*
 * Whether a coach's email can be believed (authres_trust()): with no
 * authserv_id every one is quarantined, which is a problem until it is
 * set; an operator who wrote that the From header is enough is warned
 * at every run, since anyone can write a From header.
 */
static void
check_mail_trust(struct doctor *d)
{
	const char	*authserv;

	check(d, "loop.mail_auth", "coaches' email is authenticated");
	switch (authres_trust(d->ws.conf, &authserv)) {
	case MAIL_TRUST_DMARC:
		break;
	case MAIL_TRUST_NONE:
		bad(d, "no coach's email acts: [mail] authserv_id is not set, "
		    "so each one is quarantined, since its From header alone "
		    "could be forged; set it to the authserv-id your mail "
		    "server writes in Authentication-Results (cox init "
		    "--sample-mail FILE reads it from a coach's email; "
		    "cox-mail(8), AUTHENTICATION)");
		break;
	case MAIL_TRUST_FROM:
		warn(d, "[mail] unauthenticated is set: anyone who writes a "
		    "coach's address in From can rate, text and pause the "
		    "team; set authserv_id once the mail server checks DMARC "
		    "(cox-mail(8), AUTHENTICATION)");
		break;
	case MAIL_TRUST_BAD:
		bad(d, "[mail] unauthenticated is not the sentence it must be "
		    "(above)");
		break;
	}
}

/*
 * A way in for texts and for mail, and a way out: without one of them
 * the loop stops, however right the rest is.
 */
static void
check_ways(struct doctor *d)
{
	const struct config *c = d->ws.conf;
	char		 maildir[4096];
	struct stat	 st;

	check(d, "loop.texts_in.public_url", "[sms] public_url is set");
	if (config_get(c, "sms", "public_url") == NULL)
		bad(d, "no way in for texts: [sms] public_url is not set: put "
		    "the https address Twilio calls, e.g. "
		    "https://sms.club.example.org (cox-setup(7), 3)");
	check(d, "loop.texts_in.account_sid", "[sms] account_sid is set");
	if (config_get(c, "sms", "account_sid") == NULL)
		bad(d, "no way in for texts: [sms] account_sid is not set: "
		    "copy it from the Twilio console (cox-setup(7), 4)");
	check(d, "loop.mail_in", "coaches' emails have a way in");
	if (config_get(c, "mail", "imap_url") == NULL &&
	    config_get(c, "mail", "address") == NULL &&
	    getenv("COX_MAILDIR") == NULL &&
	    (workspace_path(&d->ws, "Maildir/new", maildir,
	    sizeof(maildir)) == -1 || stat(maildir, &st) == -1))
		bad(d, "no way in for mail: set [mail] imap_url to the mailbox "
		    "coaches write to (cox mail --imap), or have the mail "
		    "server deliver to cox mail --stdin or into %s/Maildir "
		    "and set [mail] address to the address it delivers "
		    "(cox-mail(8))", d->dir);
	check(d, "loop.mail_coaches", "[mail] coaches names who may send");
	if (config_get(c, "mail", "coaches") == NULL)
		bad(d, "no coach's email is taken: [mail] coaches is not set; "
		    "put the addresses coaches write from, e.g. coaches = "
		    "head.coach@club.example.org (cox-mail(8), "
		    "AUTHENTICATION)");
	check_mail_trust(d);
	check(d, "loop.mail_out", "[smtp] url and from are set");
	if (config_get(c, "smtp", "url") == NULL)
		bad(d, "no way out: [smtp] url is not set: put the mail server "
		    "replies and invitations go through, e.g. "
		    "smtp://mail.example.org:587, and [smtp] from");
	else if (config_get(c, "smtp", "from") == NULL)
		bad(d, "[smtp] from is not set: put the address replies come "
		    "from, e.g. coxswain@club.example.org");
}

/* A coach who opens nothing, a squad no coach sees (roster_blind_spots()). */
static void
check_blind_spots(struct doctor *d)
{
	struct strlist	 coaches = { 0 }, squads = { 0 };
	size_t		 i;

	check(d, "loop.coach_sees", "every coach opens a part and every "
	    "squad has a coach");
	if (db_read(d->ws.db) == -1) {
		bad(d, "the database could not be read");
		return;
	}
	if (roster_blind_spots(d->ws.db, &coaches, &squads) == 0) {
		for (i = 0; i < squads.n; i++)
			bad(d, "%s", squads.v[i]);
		for (i = 0; i < coaches.n; i++)
			warn(d, "%s", coaches.v[i]);
	} else
		bad(d, "the roster could not be read from the database");
	db_rollback(d->ws.db);
	strlist_free(&coaches);
	strlist_free(&squads);
}

/*
 * Each address of [mail] coaches a coach on the roster has: mail from
 * one nobody's entry has (never added, erased, given another address)
 * is quarantined, and one of a person removed or no longer a coach is
 * refused, so either is a coach who may think they rate.
 */
static void
check_coach_addresses(struct doctor *d)
{
	struct strlist	 addrs = { 0 };
	struct person	 p;
	enum outcome	 rc;
	int64_t		 id;
	size_t		 i;

	check(d, "loop.mail_coaches_roster", "each address of [mail] coaches "
	    "is a coach's on the roster");
	if (config_list(d->ws.conf, "mail", "coaches", &addrs) == -1 ||
	    db_read(d->ws.db) == -1) {
		bad(d, "the roster could not be read from the database");
		strlist_free(&addrs);
		return;
	}
	for (i = 0; i < addrs.n; i++) {
		memset(&p, 0, sizeof(p));
		rc = strchr(addrs.v[i], '@') == NULL ? OUT_NOTFOUND :
		    person_find(d->ws.db, addrs.v[i], NULL, &id);
		if (rc == OUT_OK && person_load(d->ws.db, id, &p) == -1)
			rc = OUT_FAILED;
		if (rc == OUT_FAILED)
			bad(d, "the roster could not be read from the database");
		else if (rc != OUT_OK)
			warn(d, "%s is in [mail] coaches but no one on the roster "
			    "has that address, so its mail is quarantined: add "
			    "its coach (cox roster add --name NAME --email %s "
			    "--role head_coach, or --role coach --squad SQUAD), "
			    "or take it off [mail] coaches (an erased coach's)",
			    addrs.v[i], addrs.v[i]);
		else if (!p.active || p.role == ROLE_ATHLETE)
			warn(d, "%s is in [mail] coaches but is %s (@%s), who is "
			    "%s, so its mail acts on nothing: take it off [mail] "
			    "coaches, or make them a coach again (cox roster "
			    "edit @%s --role coach)", addrs.v[i], p.name,
			    p.handle, p.active ? "an athlete" :
			    "removed from the roster", p.handle);
		person_clear(&p);
	}
	db_rollback(d->ws.db);
	strlist_free(&addrs);
}

/* Someone to rate, something to rate, and a coach for every athlete. */
static void
check_roster(struct doctor *d)
{
	sqlite3_stmt	*st;
	int64_t		 coaches = 0, heads = 0, loose = 0, metrics = 0;
	int64_t		 athletes = 0, no_texts = 0, no_wellness = 0;
	const char	*consent;

	if (db_read(d->ws.db) == 0) {
		st = db_query(d->ws.db, STMT_STATUS_ROSTER, "");
		if (db_row(d->ws.db, st) == OUT_ROW) {
			coaches = sqlite3_column_int64(st, 0);
			heads = sqlite3_column_int64(st, 1);
			athletes = sqlite3_column_int64(st, 2);
			loose = sqlite3_column_int64(st, 3);
			metrics = sqlite3_column_int64(st, 4);
			no_texts = sqlite3_column_int64(st, 5);
			no_wellness = sqlite3_column_int64(st, 6);
		}
		db_rollback(d->ws.db);
	}
	check(d, "loop.coach", "a coach on the roster");
	if (coaches == 0)
		bad(d, "no coach on the roster, so nobody rates: cox roster "
		    "add --name NAME --email ADDRESS --role head_coach");
	check(d, "loop.head_coach", "every athlete has a coach who sees "
	    "their page");
	if (loose > 0 && heads == 0)
		bad(d, "%lld athlete%s in no squad and there is no head coach, "
		    "so no coach sees their page%s: cox roster edit WHO --role "
		    "head_coach, or put them in squads (cox roster edit WHO "
		    "--squad SQUAD)", (long long)loose, loose == 1 ? " is" :
		    "s are", loose == 1 ? "" : "s");
	check_blind_spots(d);
	check_coach_addresses(d);
	check(d, "loop.metric", "a metric to rate");
	if (metrics == 0)
		bad(d, "no metric, so there is nothing to rate: cox metric add "
		    "technique --name Technique --scale 1-5");
	/* the GDPR asks for health data on consent; who has not given it
	 * hears nothing from cox, and the coach should know why */
	consent = config_get(d->ws.conf, "privacy", "consent");
	check(d, "privacy.consent", "every athlete's consent to texts and "
	    "wellness check-ins is recorded");
	if (consent == NULL || strcmp(consent, "required") != 0)
		warn(d, "[privacy] consent is assumed: athletes are texted and "
		    "asked for check-ins (health data) with no consent on "
		    "record; record them (the register page's boxes, the "
		    "roster sheet's Consent texts and Consent wellness "
		    "columns, cox roster consent) and write consent = "
		    "required (cox-dpia(7))");
	else if (no_texts > 0)
		warn(d, "%lld of %lld athletes have no consent to texts on "
		    "record, so cox sends them their invitation and nothing "
		    "else: they tick the boxes when they set their password, "
		    "or record theirs (cox roster consent WHO --texts, or the "
		    "roster sheet's Consent texts column)",
		    (long long)no_texts, (long long)athletes);
	else if (no_wellness > 0)
		warn(d, "%lld of %lld athletes have no consent to wellness "
		    "check-ins on record, so they get no check-in prompt "
		    "(cox roster consent WHO --wellness, or the roster "
		    "sheet's Consent wellness column)", (long long)no_wellness,
		    (long long)athletes);
}

/* --online, with OAuth2: the token endpoint gives an access token. */
static void
check_online_oauth2(struct doctor *d)
{
	struct oauth2	*o = NULL;
	const char	*token;

	if (!uses_oauth2(d, "mail", "imap_auth") &&
	    !uses_oauth2(d, "smtp", "auth"))
		return;
	check(d, "online.oauth2", "the token endpoint gives cox an access "
	    "token");
	if (oauth2_open(d->ws.conf, &o) != OUT_OK ||
	    oauth2_token(o, 0, &token) != OUT_OK)
		bad(d, "no access token for [oauth2]'s refresh token (above): "
		    "cox mail --imap and the outbox cannot log in");
	oauth2_free(o);
}

/*
 * WhatsApp: people reached by it need [whatsapp] from (the sender's
 * number), and a prompt template for when their 24-hour window is
 * closed; a [sms] channel that is none, or a template SID not shaped
 * as Twilio's (HX and 32 hex digits), is wrong.
 */
static void
check_whatsapp(struct doctor *d)
{
	const struct config *c = d->ws.conf;
	const char	*def = config_get(c, "sms", "channel");
	const char	*tmpl = config_get(c, "whatsapp", "template.prompt");
	sqlite3_stmt	*st;
	int64_t		 people = 0;

	check(d, "whatsapp.channel", "[sms] channel is sms, whatsapp or both");
	if (def != NULL && !person_channel_valid(def))
		bad(d, "[sms] channel is '%s': write sms, whatsapp or both",
		    def);
	if (db_read(d->ws.db) == 0) {
		st = db_query(d->ws.db, STMT_WHATSAPP_PEOPLE, "t",
		    def != NULL ? def : "sms");
		if (db_row(d->ws.db, st) == OUT_ROW)
			people = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		db_rollback(d->ws.db);
	}
	check(d, "whatsapp.from", "WhatsApp people have a sender");
	if (people > 0 && config_get(c, "whatsapp", "from") == NULL)
		bad(d, "%lld %s reached by WhatsApp but [whatsapp] from is not "
		    "set: put the team's WhatsApp sender, e.g. from = "
		    "+14155238886 (cox-sms(8), WHATSAPP)", (long long)people,
		    people == 1 ? "person is" : "people are");
	check(d, "whatsapp.template.prompt", "WhatsApp people can be "
	    "prompted after 24 hours");
	if (people > 0 && tmpl == NULL)
		bad(d, "%lld %s reached by WhatsApp but [whatsapp] "
		    "template.prompt is not set, so no prompt reaches them 24 "
		    "hours after their last message: create and approve the "
		    "template (cox-setup(7)) and put its SID (HX...)",
		    (long long)people, people == 1 ? "person is" :
		    "people are");
	else if (tmpl != NULL && (strlen(tmpl) != 34 || strncmp(tmpl, "HX",
	    2) != 0 || strspn(tmpl + 2, "0123456789abcdef") != 32))
		bad(d, "[whatsapp] template.prompt is not a Content SID (HX "
		    "and 32 hex digits): copy it from the Twilio console's "
		    "Content Template Builder");
}

/* The team's people, for the segments their texts take. */
struct seg_walk {
	struct invite_run run;
	char		 langs[8][16];	/* the languages they read */
	size_t		 nlangs;
	long		 long_invites;	/* SMS invitations of two texts */
	char		 example[80];	/* the first such one's handle */
	size_t		 chars;		/* and its length */
};

static int
seg_person(struct person *p, void *arg)
{
	struct seg_walk	*w = arg;
	const char	*lang = p->language != NULL && words_has(p->language) ?
	    p->language : words_team();
	size_t		 i, chars;

	for (i = 0; i < w->nlangs && strcmp(w->langs[i], lang) != 0; i++)
		continue;
	if (i == w->nlangs && w->nlangs < sizeof(w->langs) / sizeof(w->langs[0]))
		snprintf(w->langs[w->nlangs++], sizeof(w->langs[0]), "%s",
		    lang);
	if (p->role == ROLE_ATHLETE && p->phones.n > 0 &&
	    !invite_sms_fits(&w->run, p, &chars) && w->long_invites++ == 0) {
		snprintf(w->example, sizeof(w->example), "@%s", p->handle);
		w->chars = chars;
	}
	return 0;
}

/* Says that text, one of cox's, takes more than one SMS in lang, and why. */
static void
seg_text(struct doctor *d, const char *what, const char *lang,
    const struct buf *text, const char *why)
{
	int	 n;

	if (buf_failed(text) || (n = sms_segments(text->data)) <= 1)
		return;
	warn(d, "the %s in %s takes %d texts, not one (%zu characters; 160 "
	    "fit one, 70 when a letter is outside GSM-7): %s", what, lang, n,
	    utf8_chars(text->data), why);
}

/*
 * What every text cox starts costs: the club's short name that opens
 * them, and for each language the team's people read, the check-in
 * prompt, the rating prompt and reminder with every metric waiting, and
 * each athlete's invitation by text: which take more than one SMS
 * segment, and why (the short name, the metrics' names, the site's
 * address).
 */
static void
check_segments(struct doctor *d)
{
	const struct config *c = d->ws.conf;
	const char	*sn = config_get(c, "team", "short_name");
	const char	*base = config_get(c, "site", "base_url");
	struct seg_walk	 w;
	struct metric_set ms = { 0 };
	struct checkin_items items;
	struct buf	 text = { 0 }, slugs = { 0 }, why = { 0 };
	const char	*was;
	char		 hint[512];
	size_t		 i, lead = utf8_chars(sms_lead());

	check(d, "team.short_name", "[team] short_name has at most 16 "
	    "characters");
	if (sn != NULL && utf8_chars(sn) > SMS_SHORT_MAX)
		warn(d, "[team] short_name '%s' has %zu characters; every text "
		    "cox starts opens with it, and each one it takes is one "
		    "the text loses: keep it to %d", sn, utf8_chars(sn),
		    SMS_SHORT_MAX);
	if (cli_short_name_hint(c, hint, sizeof(hint)) != NULL)
		warn(d, "%s", hint);
	check(d, "loop.segments", "every text cox starts fits one SMS");
	memset(&w, 0, sizeof(w));
	w.run.db = d->ws.db;
	w.run.club = config_get(c, "team", "name");
	w.run.base = base;
	w.run.days = 7;
	if (db_read(d->ws.db) == -1)
		return;
	if (metric_set_load(d->ws.db, &ms) == -1 ||
	    checkin_items_load(d->ws.db, &items) == -1 ||
	    person_list(d->ws.db, 0, seg_person, &w) == -1) {
		db_rollback(d->ws.db);
		metric_set_free(&ms);
		return;
	}
	db_rollback(d->ws.db);
	for (i = 0; i < ms.n; i++)
		buf_printf(&slugs, "%s%s", i ? ", " : "", ms.v[i].slug);
	buf_printf(&why, "the club's short name takes %zu of them ([team] "
	    "short_name)", lead);
	for (i = 0; i < w.nlangs; i++) {
		was = words_reader(w.langs[i]);
		if (remind_check_in_text(&text, &items, 1) == 0)
			seg_text(d, "check-in prompt", w.langs[i], &text,
			    why.data);
		if (ms.n > 0 && intake_prompt_compose(&ms, NULL, &text) == 0)
			seg_text(d, "rating prompt with every metric waiting",
			    w.langs[i], &text, "the metrics' names and scales "
			    "(shorter names, or fewer metrics a round, help)");
		if (ms.n > 0 && slugs.data != NULL &&
		    remind_rating_text(&ms, slugs.data, base, &text) == 0)
			seg_text(d, "rating reminder with every metric waiting",
			    w.langs[i], &text, "the metrics' names (shorter "
			    "ones help)");
		words_reader(was);
	}
	if (w.long_invites > 0)
		warn(d, "invitations by text to %ld %s take two texts (%zu "
		    "characters for %s): the site's address ([site] base_url) "
		    "has %zu characters with the link's keys after it; a "
		    "shorter address, or invitations by email (cox invite "
		    "--via email), keep them to one", w.long_invites,
		    w.long_invites == 1 ? "athlete" : "athletes", w.chars,
		    w.example, base != NULL ? strlen(base) : 0);
	metric_set_free(&ms);
	buf_free(&text);
	buf_free(&slugs);
	buf_free(&why);
}

/*
 * Texts refused in the last week for a US registration the number
 * lacks: 30034 (a 10DLC number not registered for A2P) and 30032 (a
 * toll-free number not verified).  Nothing reaches US phones from it
 * until that is done, so it is a problem.
 */
static void
check_us_registration(struct doctor *d)
{
	sqlite3_stmt	*st;

	check(d, "twilio.us_registration", "no text refused for a US "
	    "registration in the last week");
	if (db_read(d->ws.db) == -1)
		return;
	st = db_query(d->ws.db, STMT_STATUS_US_REGISTRATION, "i",
	    (int64_t)time(NULL) - 7 * 86400);
	while (db_row(d->ws.db, st) == OUT_ROW)
		bad(d, "%lld text%s failed with Twilio's %s in the last week: "
		    "%s", (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 1) == 1 ? "" : "s",
		    db_text(st, 0), phone_error_hint(db_text(st, 0)));
	sqlite3_reset(st);
	db_rollback(d->ws.db);
}

/* --online: each server cox will talk to, without sending anything. */
static void
check_online(struct doctor *d)
{
	struct outbox	*ob = NULL;
	const char	*imap = config_get(d->ws.conf, "mail", "imap_url");
	struct site_remote r;
	struct strlist	 said = { 0 };
	char		 m[URL_MASKED_MAX];
	enum outcome	 o;
	size_t		 i;

	check(d, "online.outbox", "the ways out answer: SMTP, Twilio");
	/* refused above, and a failed probe would print it whole */
	if (url_has_password(config_get(d->ws.conf, "smtp", "url")))
		bad(d, "[smtp] url is not tried online while it carries a "
		    "password");
	else if (outbox_new(d->ws.conf, &ob) == OUT_OK) {
		d->checks += outbox_probe(ob, &said);
		outbox_free(ob);
	} else
		bad(d, "the outbox's settings are wrong (above)");
	for (i = 0; i < said.n; i++)
		bad(d, "%s", said.v[i]);
	strlist_free(&said);
	if (imap != NULL) {
		check(d, "online.imap", "the IMAP mailbox lets cox in");
		if (imap_probe(d->ws.conf, imap) != OUT_OK)
			bad(d, "[mail] imap_url %s: cox mail --imap cannot get "
			    "in (above): check the address, the password and "
			    "imap_ca_file", url_masked(imap, m, sizeof(m)));
	}
	check_online_oauth2(d);
	check(d, "online.remote", "the site's remote, if any, takes a push");
	if ((o = site_remote_load(&d->ws, &r)) == OUT_CONFIG)
		bad(d, "[site] remote's secret cannot be read (above)");
	else if (o == OUT_OK) {
		if (siterepo_probe(&r) == -1)
			bad(d, "[site] remote %s cannot be pushed to (above): "
			    "check the address, the token or SSH key, and the "
			    "host key", url_masked(r.url, m, sizeof(m)));
	}
	site_remote_free(&r);
}

/*
 * Whether this user may open the workspace as its daemons do.  Someone
 * else (root included) would leave files in it the daemons cannot write,
 * so doctor says whom to run as instead.  Returns 0 to go on.
 */
static int
check_owner(struct doctor *d, int online, int json)
{
	struct passwd	*pw;
	struct stat	 st;
	char		 db[PATH_MAX + 8], who[64];

	if (realpath(cli_dir, d->dir) == NULL)
		snprintf(d->dir, sizeof(d->dir), "%s", cli_dir);
	snprintf(db, sizeof(db), "%s/cox.db", d->dir);
	check(d, "workspace.user", "doctor runs as the workspace's owner");
	if (stat(db, &st) == -1 && errno != EACCES)
		return 0;	/* cli_open() says what is wrong */
	if (stat(db, &st) == -1) {
		bad(d, "%s cannot be reached (%s): run doctor as the user the "
		    "daemons run as, e.g. sudo -u cox cox -C %s doctor", db,
		    strerror(errno), d->dir);
		return -1;
	}
	if ((pw = getpwuid(st.st_uid)) != NULL)
		snprintf(who, sizeof(who), "%s", pw->pw_name);
	else
		snprintf(who, sizeof(who), "#%lu", (unsigned long)st.st_uid);
	if (st.st_uid == geteuid() && access(db, R_OK | W_OK) == 0)
		return 0;
	if (st.st_uid == geteuid())
		bad(d, "%s cannot be opened (%s): chmod 600 %s", db,
		    strerror(errno), db);
	else
		bad(d, "the workspace belongs to user %s: run doctor as %s, "
		    "as the daemons run, so that it sees what they see and "
		    "leaves no file they cannot write: sudo -u %s cox -C %s "
		    "doctor%s%s", who, who, who, d->dir, online ? " --online" :
		    "", json ? " --json" : "");
	return -1;
}

/* The findings as one JSON object on stdout; 0 or -1. */
static int
report_json(struct doctor *d, int online)
{
	json_t	*o = NULL, *a, *f;
	size_t	 i;
	int	 rc = -1;

	if ((o = json_object()) == NULL || (a = json_array()) == NULL ||
	    json_object_set_new(o, "findings", a) == -1)
		goto out;
	for (i = 0; i < d->n; i++) {
		f = json_pack("{s:s, s:s, s:s}", "key", d->v[i].key, "level",
		    level_names[d->v[i].level], "text", d->v[i].text);
		if (f == NULL || json_array_append_new(a, f) == -1)
			goto out;
	}
	if (json_object_set_new(o, "workspace", json_string(d->dir)) == -1 ||
	    json_object_set_new(o, "online", json_boolean(online)) == -1 ||
	    json_object_set_new(o, "checks", json_integer(d->checks)) == -1 ||
	    json_object_set_new(o, "problems", json_integer((json_int_t)
	    d->fails)) == -1 || json_object_set_new(o, "warnings",
	    json_integer((json_int_t)d->warns)) == -1 ||
	    json_dumpf(o, stdout, JSON_INDENT(2)) == -1)
		goto out;
	putchar('\n');
	rc = 0;
out:
	json_decref(o);
	return rc;
}

/* The problems and warnings, one a line, and a last line counting. */
static void
report_text(struct doctor *d, int online)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].level != LEVEL_OK)
			printf("%s: %s\n", d->v[i].level == LEVEL_FAIL ?
			    "problem" : "warning", d->v[i].text);
	if (d->fails == 0)
		printf("all is well (%u checks%s%s)\n", d->checks, d->warns ?
		    ", see the warnings" : "", online ? "" :
		    "; --online also logs in to the servers");
	else
		printf("%zu problem%s in %u checks\n", d->fails,
		    d->fails == 1 ? "" : "s", d->checks);
}

/* Every check, given an open workspace. */
static void
check_all(struct doctor *d, int online)
{
	check(d, "team.default_country", "[team] default_country is known");
	if (workspace_country(&d->ws) == NULL)
		bad(d, "[team] default_country is wrong (above)");
	check_base_url(d);
	check_public_url(d);
	check_shapes(d);
	check_ways(d);
	check_roster(d);
	check_segments(d);
	check_us_registration(d);
	check_whatsapp(d);
	check_url_passwords(d);
	check_secrets(d);
	check_oauth2(d);
	check_hooks(d);
	check_storage(d);
	check_backups(d);
	if (online)
		check_online(d);
	check_end(d);
}

/*
 * cox doctor [--online] [--json]: 0 when nothing is wrong (warnings
 * aside), else 78 (77 when run as another user) after the list.
 */
int
cmd_doctor(int argc, char **argv)
{
	struct doctor	 d;
	int		 online = 0, json = 0, status;
	size_t		 i;
	const struct cli_opt opts[] = {
		{ "online", CLI_FLAG, &online, 1 },
		{ "json", CLI_FLAG, &json, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox doctor [-C dir] [--online] [--json]",
	    opts, 0, 0, NULL };

	memset(&d, 0, sizeof(d));
	if (cli_args(&cli, argc, argv, &status) == -1)
		return status;
	if (check_owner(&d, online, json) == -1)
		status = EX_NOPERM;
	else if ((status = cli_open(&d.ws)) != 0) {
		check(&d, "workspace.open", "");
		bad(&d, "the workspace %s does not open (above); fix what it "
		    "says, then run cox doctor again", cli_dir);
	} else {
		check_all(&d, online);
		status = d.fails == 0 ? 0 : EX_CONFIG;
		workspace_close(&d.ws);
	}
	check_end(&d);
	if (json ? report_json(&d, online) == -1 : (report_text(&d, online),
	    0))
		status = EX_IOERR;
	for (i = 0; i < d.n; i++)
		free(d.v[i].text);
	free(d.v);
	return status;
}
