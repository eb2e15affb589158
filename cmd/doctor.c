/*
 * doctor.c - cox doctor: checks what the other commands will need, and
 * says for each problem what to do about it.  With --online it also
 * logs in where cox will: the SMTP server, the IMAP mailbox, Twilio's
 * API and the site's remote, sending nothing.
 */
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define DISK_MIN	((unsigned long long)200 << 20)

struct doctor {
	struct workspace ws;
	struct strlist	 problems;
	unsigned	 checks;
};

static void PRINTFLIKE(2, 3)
bad(struct doctor *d, const char *fmt, ...)
{
	char	 line[1024];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	(void)strlist_add(&d->problems, line);
}

/* Whether origin (url_origin()'s) is on this machine only. */
static int
loopback(const char *origin)
{
	const char	*h = strstr(origin, "://");

	h = h != NULL ? h + 3 : origin;
	return !strncmp(h, "127.", 4) || !strncmp(h, "localhost", 9) ||
	    !strncmp(h, "[::1]", 5);
}

/* base_url and public_url: they parse, use https, and agree. */
static void
check_urls(struct doctor *d)
{
	const char	*base = config_get(d->ws.conf, "site", "base_url");
	const char	*pub = config_get(d->ws.conf, "sms", "public_url");
	const char	*sid = config_get(d->ws.conf, "sms", "account_sid");
	const char	*smtp = config_get(d->ws.conf, "smtp", "url");
	char		 bo[512], po[512], mb[URL_MASKED_MAX],
			 mp[URL_MASKED_MAX], ms[URL_MASKED_MAX];
	const char	*base_m = url_masked(base, mb, sizeof(mb));
	const char	*pub_m = url_masked(pub, mp, sizeof(mp));

	d->checks += 4;
	if (base == NULL)
		bad(d, "[site] base_url is not set: put the address the site "
		    "is served from, e.g. https://club.example.org/team/");
	else if (url_origin(base, bo, sizeof(bo)) == -1 ||
	    strpbrk(base, "?#") != NULL)
		bad(d, "[site] base_url '%s' is not an http(s) address: write "
		    "it whole, e.g. https://club.example.org/team/", base_m);
	else if (!strcmp(base, "https://example.org/team"))
		bad(d, "[site] base_url is still cox init's example: put the "
		    "address the site is served from (see README, Hosting)");
	else if (strncmp(bo, "https:", 6) != 0 && !loopback(bo))
		bad(d, "[site] base_url '%s' is plain http: serve the site "
		    "over https, or people's pages and links travel in clear",
		    base_m);
	if (pub != NULL) {
		if (url_origin(pub, po, sizeof(po)) == -1 ||
		    strpbrk(pub, "?#") != NULL)
			bad(d, "[sms] public_url '%s' is not an http(s) "
			    "address: the one Twilio calls, e.g. "
			    "https://sms.club.example.org", pub_m);
		else if (pub[strlen(pub) - 1] == '/')
			bad(d, "[sms] public_url '%s' ends with '/': drop it "
			    "(cox adds /twilio/sms and /register)", pub_m);
		else if (strncmp(po, "https:", 6) != 0 && !loopback(po))
			bad(d, "[sms] public_url '%s' is plain http: Twilio's "
			    "signatures and the register page need https "
			    "(nginx with TLS in front, see cox-sms(8))", pub_m);
		else if (base != NULL && !strncmp(bo, "https:", 6) &&
		    strncmp(po, "https:", 6) != 0)
			bad(d, "[sms] public_url '%s' is http while the site is "
			    "https: the register page cannot post to it; use "
			    "https for both", pub_m);
	}
	if (sid != NULL && (strlen(sid) != 34 || strncmp(sid, "AC", 2) != 0 ||
	    strspn(sid + 2, "0123456789abcdef") != 32))
		bad(d, "[sms] account_sid '%s' is not an Account SID: copy it "
		    "from the Twilio console (AC and 32 hex digits)", sid);
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
	char		 m[URL_MASKED_MAX];
	size_t		 i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		d->checks++;
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

/*
 * A secret: from the environment, or a file of the owner's only, not
 * empty; never written in cox.conf.  needed says it must be there.
 */
static void
check_secret(struct doctor *d, const char *section, const char *key,
    int needed)
{
	char		 env[160], filekey[96];
	const char	*file, *v;
	struct stat	 st;
	size_t		 i;

	d->checks++;
	snprintf(env, sizeof(env), "COX_%s_%s", section, key);
	for (i = 4; env[i] != '\0'; i++)
		env[i] = (char)(env[i] >= 'a' && env[i] <= 'z' ? env[i] - 32 :
		    env[i]);
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
		if (needed)
			bad(d, "[%s] %s is not set: name a file (mode 600) "
			    "holding the secret, or set %s", section,
			    filekey, env);
		return;
	}
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

static void
check_secrets(struct doctor *d)
{
	const struct config *c = d->ws.conf;
	const char	*v;

	check_secret(d, "sms", "auth_token",
	    config_get(c, "sms", "public_url") != NULL ||
	    config_get(c, "sms", "account_sid") != NULL);
	check_secret(d, "smtp", "password", config_get(c, "smtp", "user") !=
	    NULL);
	check_secret(d, "mail", "imap_password", config_get(c, "mail",
	    "imap_url") != NULL);
	check_secret(d, "site", "remote_token", (v = config_get(c, "site",
	    "remote")) != NULL && !strncmp(v, "https://", 8));
	check_secret(d, "site", "ssh_key", 0);
	check_secret(d, "backup", "passphrase", config_get(c, "backup",
	    "dir") != NULL);
}

/* The hooks the workspace has: ones cox runs, each executable. */
static void
check_hooks(struct doctor *d)
{
	const char	*v = config_get(d->ws.conf, "hooks", "post_ingest");
	struct dirent	*de;
	char		 dir[4096], path[4096];
	DIR		*dp;

	d->checks++;
	if (v != NULL && strcmp(v, "default") != 0 && strcmp(v, "off") != 0)
		bad(d, "[hooks] post_ingest = %s: write default or off", v);
	if (workspace_path(&d->ws, "hooks", dir, sizeof(dir)) == -1 ||
	    (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		d->checks++;
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

	d->checks += 3;
	if (db_quick_check(d->ws.db) == -1)
		bad(d, "cox.db fails SQLite's quick_check (above): restore the "
		    "newest backup (cox restore) into a new folder");
	if (workspace_path(&d->ws, "cox.db", db, sizeof(db)) == 0 &&
	    stat(db, &st) == 0) {
		if (st.st_mode & 077)
			bad(d, "cox.db is mode %03o: it holds every key; chmod "
			    "600 %s", st.st_mode & 0777, db);
		if ((unsigned long long)st.st_size * 2 > need)
			need = (unsigned long long)st.st_size * 2;
	}
	if (statvfs(d->ws.dir, &vfs) == 0) {
		free_b = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
		if (free_b < need)
			bad(d, "only %llu MiB free where the workspace is; "
			    "cox needs %llu MiB to store and build safely: "
			    "free some space", free_b >> 20, need >> 20);
	}
	if (workspace_path(&d->ws, "site", site, sizeof(site)) == 0 &&
	    access(site, W_OK) == -1)
		bad(d, "site/ cannot be written (%s): cox build writes there; "
		    "check its owner", strerror(errno));
}

/* --online: each server cox will talk to, without sending anything. */
static void
check_online(struct doctor *d)
{
	struct outbox	*ob = NULL;
	const char	*imap = config_get(d->ws.conf, "mail", "imap_url");
	struct site_remote r;
	char		 m[URL_MASKED_MAX];
	enum outcome	 o;

	/* refused above, and a failed probe would print it whole */
	if (url_has_password(config_get(d->ws.conf, "smtp", "url")))
		bad(d, "[smtp] url is not tried online while it carries a "
		    "password");
	else if (outbox_new(d->ws.conf, &ob) == OUT_OK) {
		d->checks += outbox_probe(ob, &d->problems);
		outbox_free(ob);
	} else
		bad(d, "the outbox's settings are wrong (above)");
	if (imap != NULL) {
		d->checks++;
		if (imap_probe(d->ws.conf, imap) != OUT_OK)
			bad(d, "[mail] imap_url %s: cox mail --imap cannot get "
			    "in (above): check the address, the password and "
			    "imap_ca_file", url_masked(imap, m, sizeof(m)));
	}
	if ((o = site_remote_load(&d->ws, &r)) == OUT_CONFIG)
		bad(d, "[site] remote's secret cannot be read (above)");
	else if (o == OUT_OK) {
		d->checks++;
		if (siterepo_probe(&r) == -1)
			bad(d, "[site] remote %s cannot be pushed to (above): "
			    "check the address, the token or SSH key, and the "
			    "host key", url_masked(r.url, m, sizeof(m)));
	}
	site_remote_free(&r);
}

/* cox doctor [--online]: 0 when all is well, else 78 after the list. */
int
cmd_doctor(int argc, char **argv)
{
	struct doctor	 d;
	int		 online = 0, status;
	size_t		 i;
	const struct cli_opt opts[] = {
		{ "online", CLI_FLAG, &online, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox doctor [-C dir] [--online]", opts, 0, 0,
	    NULL };

	memset(&d, 0, sizeof(d));
	if (cli_args(&cli, argc, argv, &status) == -1)
		return status;
	if ((status = cli_open(&d.ws)) != 0) {
		printf("problem: the workspace %s does not open (above); "
		    "fix what it says, then run cox doctor again\n", cli_dir);
		return status;
	}
	d.checks++;
	if (workspace_country(&d.ws) == NULL)
		bad(&d, "[team] default_country is wrong (above)");
	check_urls(&d);
	check_url_passwords(&d);
	check_secrets(&d);
	check_hooks(&d);
	check_storage(&d);
	if (online)
		check_online(&d);
	for (i = 0; i < d.problems.n; i++)
		printf("problem: %s\n", d.problems.v[i]);
	if (d.problems.n == 0)
		printf("all is well (%u checks%s)\n", d.checks, online ? "" :
		    "; --online also logs in to the servers");
	else
		printf("%zu problem%s in %u checks\n", d.problems.n,
		    d.problems.n == 1 ? "" : "s", d.checks);
	status = d.problems.n == 0 ? 0 : EX_CONFIG;
	strlist_free(&d.problems);
	workspace_close(&d.ws);
	return status;
}
