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

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "../lib/sql.h"

/* texts since ?1 that failed for a US registration (30034, 30032) */
STMT(STMT_STATUS_US_REGISTRATION,
    "SELECT code, count(*) FROM (SELECT CASE WHEN " OUT_CODE " != '' "
    "THEN " OUT_CODE " ELSE coalesce(m.error, '') END AS code "
    "FROM message m WHERE m.direction = 'out' AND +m.channel = 'sms' "
    "AND m.status IN ('failed', 'undelivered') AND m.created_at >= ?1) "
    "WHERE code IN ('30034', '30032') GROUP BY code ORDER BY code");
/* who can rate and what: coaches, head coaches, athletes, athletes
 * in no squad (whom only head coaches see), metrics */
STMT(STMT_STATUS_ROSTER,
    "SELECT (SELECT count(*) FROM person WHERE active = 1 AND "
    "role IN ('coach', 'head_coach')), (SELECT count(*) FROM person "
    "WHERE active = 1 AND role = 'head_coach'), (SELECT count(*) FROM "
    "person WHERE active = 1 AND role = 'athlete'), (SELECT count(*) "
    "FROM person p WHERE active = 1 AND role = 'athlete' AND NOT "
    "EXISTS (SELECT 1 FROM membership m WHERE m.person_id = p.id)), "
    "(SELECT count(*) FROM metric WHERE active = 1), "
    /* athletes without consent to texts, and to wellness */
    "(SELECT count(*) FROM person p WHERE active = 1 AND role = "
    "'athlete' AND NOT EXISTS (SELECT 1 FROM consent c WHERE "
    "c.person_id = p.id AND c.kind = 'texts' AND c.withdrawn_at IS "
    "NULL)), (SELECT count(*) FROM person p WHERE active = 1 AND role "
    "= 'athlete' AND NOT EXISTS (SELECT 1 FROM consent c WHERE "
    "c.person_id = p.id AND c.kind = 'wellness' AND c.withdrawn_at IS "
    "NULL))");
/* people on the roster reached by WhatsApp (?1: [sms] channel) */
STMT(STMT_WHATSAPP_PEOPLE,
    "SELECT count(*) FROM person WHERE active = 1 AND "
    "coalesce(channel, ?1) IN ('whatsapp', 'both')");

#define SMS_SEGMENT	160	/* GSM-7 characters in one SMS (lib/account.c) */

/* base_url parses, is not cox init's example, and uses https. */
static void
check_base_url(struct doctor *d)
{
	const char	*base = config_get(d->ws.conf, "site", "base_url");
	char		 bo[512], mb[URL_MASKED_MAX];
	const char	*base_m = url_masked(base, mb, sizeof(mb));

	doctor_check(d, "site.base_url", "[site] base_url is an https address");
	if (base == NULL)
		doctor_bad(d, "[site] base_url is not set: put the address "
		    "the site is served from, e.g. "
		    "https://club.example.org/team/");
	else if (url_origin(base, bo, sizeof(bo)) == -1 ||
	    strpbrk(base, "?#") != NULL)
		doctor_bad(d, "[site] base_url '%s' is not an http(s) "
		    "address: write it whole, e.g. "
		    "https://club.example.org/team/", base_m);
	else if (!strcmp(base, SITE_URL_EXAMPLE))
		doctor_bad(d, "[site] base_url is still cox init's example: "
		    "put the address the site is served from "
		    "(cox-setup(7), 2)");
	else if (strncmp(bo, "https:", 6) != 0 && !url_loopback(bo))
		doctor_bad(d, "[site] base_url '%s' is plain http: serve the "
		    "site over https, or people's pages and links travel in "
		    "clear", base_m);
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
	doctor_check(d, "twilio.public_url", "[sms] public_url is an https "
	    "address");
	if (url_origin(pub, po, sizeof(po)) == -1 ||
	    strpbrk(pub, "?#") != NULL)
		doctor_bad(d, "[sms] public_url '%s' is not an http(s) "
		    "address: the one Twilio calls, e.g. "
		    "https://sms.club.example.org", pub_m);
	else if (pub[strlen(pub) - 1] == '/')
		doctor_bad(d, "[sms] public_url '%s' ends with '/': drop it "
		    "(cox adds /twilio/sms and /register)", pub_m);
	else if (strncmp(po, "https:", 6) != 0 && !url_loopback(po))
		doctor_bad(d, "[sms] public_url '%s' is plain http: Twilio's "
		    "signatures and the register page need https (nginx "
		    "with TLS in front, see cox-sms(8))", pub_m);
	else if (base != NULL && url_origin(base, bo, sizeof(bo)) == 0 &&
	    !strncmp(bo, "https:", 6) && strncmp(po, "https:", 6) != 0)
		doctor_bad(d, "[sms] public_url '%s' is http while the site is "
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
		doctor_check(d, "twilio.account_sid", "[sms] account_sid is "
		    "an Account SID");
	if (sid != NULL && (strlen(sid) != 34 || strncmp(sid, "AC", 2) != 0 ||
	    strspn(sid + 2, "0123456789abcdef") != 32))
		doctor_bad(d, "[sms] account_sid '%s' is not an Account SID: "
		    "copy it from the Twilio console (AC and 32 hex digits)",
		    sid);
	if (mg != NULL)
		doctor_check(d, "twilio.messaging_service_sid", "[sms] "
		    "messaging_service_sid is a Messaging Service SID");
	if (mg != NULL && !twilio_service_shaped(mg))
		doctor_bad(d, "[sms] messaging_service_sid '%s' is not a "
		    "Messaging Service SID: copy it from the Twilio console "
		    "(MG and 32 hex digits)", mg);
	if (smtp != NULL)
		doctor_check(d, "smtp.url", "[smtp] url is smtp:// or "
		    "smtps://");
	if (smtp != NULL && strncmp(smtp, "smtp://", 7) != 0 &&
	    strncmp(smtp, "smtps://", 8) != 0)
		doctor_bad(d, "[smtp] url '%s' is not smtp:// or smtps://: "
		    "e.g. smtp://mail.example.org:587", url_masked(smtp, ms,
		    sizeof(ms)));
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
		doctor_check(d, key, ok);
		v = config_get(d->ws.conf, keys[i].section, keys[i].key);
		if (!url_has_password(v))
			continue;
		if (keys[i].file != NULL)
			doctor_bad(d, "[%s] %s %s carries a password: take it "
			    "out, put it in a file of mode 600 and name it "
			    "with [%s] %s (see cox.conf(5))", keys[i].section,
			    keys[i].key, url_masked(v, m, sizeof(m)),
			    keys[i].section, keys[i].file);
		else
			doctor_bad(d, "[%s] %s %s carries a password: take it "
			    "out, cox needs none there", keys[i].section,
			    keys[i].key, url_masked(v, m, sizeof(m)));
	}
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

	doctor_check(d, "oauth2.auth", "[mail] imap_auth and [smtp] auth are "
	    "password or oauth2");
	if (oauth2_wanted(d->ws.conf, "mail", "imap_auth", &on) == -1 ||
	    oauth2_wanted(d->ws.conf, "smtp", "auth", &any) == -1)
		doctor_bad(d, "[mail] imap_auth or [smtp] auth is wrong "
		    "(above)");
	if (!(any |= on))
		return;
	doctor_check(d, "oauth2.settings", "[oauth2] names a token endpoint "
	    "and a client id");
	if (oauth2_open(d->ws.conf, &o) != OUT_OK)
		doctor_bad(d, "[oauth2] is not complete (above): see "
		    "cox.conf(5) and, to register the app, cox-setup(7)");
	oauth2_free(o);
	if ((file = config_get(d->ws.conf, "oauth2",
	    "refresh_token_file")) == NULL)
		return;
	doctor_check(d, "oauth2.rotation", "[oauth2] refresh_token_file can be "
	    "replaced when the provider hands out a new one");
	snprintf(dir, sizeof(dir), "%s", file);
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (access(dir, W_OK) == -1)
		doctor_warn(d, "[oauth2] refresh_token_file: its folder %s "
		    "cannot be written (%s): Microsoft hands out a new "
		    "refresh token each time, and cox keeps it there; keep "
		    "the file in a folder of the user cox runs as", dir,
		    strerror(errno));
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

	doctor_check(d, "hooks.post_ingest", "[hooks] post_ingest is default "
	    "or off");
	if (v != NULL && strcmp(v, "default") != 0 && strcmp(v, "off") != 0)
		doctor_bad(d, "[hooks] post_ingest = %s: write default or off",
		    v);
	if (workspace_path(&d->ws, "hooks", dir, sizeof(dir)) == -1 ||
	    (dp = opendir(dir)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(key, sizeof(key), "hooks.%s", de->d_name);
		doctor_check(d, key, "a hook cox runs, and it can run");
		if (path_join(path, sizeof(path), dir, de->d_name) == -1)
			continue;
		if (strcmp(de->d_name, "post-ingest") != 0 &&
		    strcmp(de->d_name, "post-publish") != 0)
			doctor_bad(d, "hooks/%s is not a hook cox runs "
			    "(post-ingest, post-publish): rename or remove it",
			    de->d_name);
		else if (access(path, X_OK) == -1)
			doctor_bad(d, "hooks/%s is not executable, so it "
			    "never runs: chmod +x %s", de->d_name, path);
	}
	closedir(dp);
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

	doctor_check(d, "loop.mail_auth", "coaches' email is authenticated");
	switch (authres_trust(d->ws.conf, &authserv)) {
	case MAIL_TRUST_DMARC:
		break;
	case MAIL_TRUST_NONE:
		doctor_bad(d, "no coach's email acts: [mail] authserv_id is "
		    "not set, so each one is quarantined, since its From "
		    "header alone could be forged; set it to the authserv-id "
		    "your mail server writes in Authentication-Results (cox "
		    "init --sample-mail FILE reads it from a coach's email; "
		    "cox-mail(8), AUTHENTICATION)");
		break;
	case MAIL_TRUST_FROM:
		doctor_warn(d, "[mail] unauthenticated is set: anyone who "
		    "writes a coach's address in From can rate, text and "
		    "pause the team; set authserv_id once the mail server "
		    "checks DMARC (cox-mail(8), AUTHENTICATION)");
		break;
	case MAIL_TRUST_BAD:
		doctor_bad(d, "[mail] unauthenticated is not the sentence it "
		    "must be (above)");
		break;
	}
}

/*
 * The Maildir cox mail --maildir --watch reads, when one is in use:
 * COX_MAILDIR's, else the one the workspace's cox-mail@ unit names
 * when it is enabled, into dir, with why it is the one.  0 when none
 * is in use.
 */
static int
mail_maildir(struct doctor *d, char *dir, size_t size, const char **why)
{
	struct unit_maildir	 u;
	const char		*env = getenv("COX_MAILDIR");

	*why = "COX_MAILDIR";
	if (env != NULL && *env != '\0')
		return snprintf(dir, size, "%s", env) < (int)size;
	if (units_maildir(d->dir, &u) == -1 || !u.enabled)
		return 0;
	*why = "cox-mail@ is enabled";
	if (u.dir[0] != '\0')
		return snprintf(dir, size, "%s", u.dir) < (int)size;
	return workspace_path(&d->ws, "Maildir", dir, size) == 0;
}

/* Whether dir is a Maildir this user can take mail from. */
static int
maildir_whole(const char *dir)
{
	static const char *const subs[] = { "new", "cur", "tmp" };
	struct stat	 st;
	char		 path[4096];
	size_t		 i;

	for (i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (path_join(path, sizeof(path), dir, subs[i]) == -1 ||
		    stat(path, &st) == -1 || !S_ISDIR(st.st_mode) ||
		    access(path, W_OK | X_OK) == -1)
			return 0;
	return 1;
}

/*
 * Coaches' emails have a way in: IMAP, a Maildir, or a mail server
 * piping to cox mail --stdin ([mail] address).  A Maildir in use (a
 * daemon watches it) must be there, with new/, cur/ and tmp/, or the
 * daemon stops at once and every email waits at the mail server.
 */
static void
check_mail_in(struct doctor *d)
{
	const struct config *c = d->ws.conf;
	char		 dir[4096], own[4096];
	const char	*why;

	doctor_check(d, "loop.mail_in", "coaches' emails have a way in");
	if (mail_maildir(d, dir, sizeof(dir), &why)) {
		if (!maildir_whole(dir))
			doctor_bad(d, "no way in for mail: cox mail --maildir "
			    "watches %s (%s), which is not a Maildir this user "
			    "can take mail from: make it as the user cox runs "
			    "as (mkdir -p %s/new %s/cur %s/tmp), and have the "
			    "mail server deliver there (cox-mail(8))", dir, why,
			    dir, dir, dir);
		return;
	}
	if (config_get(c, "mail", "imap_url") != NULL ||
	    config_get(c, "mail", "address") != NULL ||
	    (workspace_path(&d->ws, "Maildir", own, sizeof(own)) == 0 &&
	    maildir_whole(own)))
		return;
	doctor_bad(d, "no way in for mail: set [mail] imap_url to the mailbox "
	    "coaches write to (cox mail --imap), or have the mail server "
	    "deliver to cox mail --stdin or into %s/Maildir and set [mail] "
	    "address to the address it delivers (cox-mail(8))", d->dir);
}

/*
 * A way in for texts and for mail, and a way out: without one of them
 * the loop stops, however right the rest is.
 */
static void
check_ways(struct doctor *d)
{
	const struct config *c = d->ws.conf;

	doctor_check(d, "loop.texts_in.public_url", "[sms] public_url is set");
	if (config_get(c, "sms", "public_url") == NULL)
		doctor_bad(d, "no way in for texts: [sms] public_url is not "
		    "set: put the https address Twilio calls, e.g. "
		    "https://sms.club.example.org (cox-setup(7), 3)");
	doctor_check(d, "loop.texts_in.account_sid", "[sms] account_sid is "
	    "set");
	if (config_get(c, "sms", "account_sid") == NULL)
		doctor_bad(d, "no way in for texts: [sms] account_sid is not "
		    "set: copy it from the Twilio console (cox-setup(7), 4)");
	check_mail_in(d);
	doctor_check(d, "loop.mail_coaches", "[mail] coaches names who may "
	    "send");
	if (config_get(c, "mail", "coaches") == NULL)
		doctor_bad(d, "no coach's email is taken: [mail] coaches is "
		    "not set; put the addresses coaches write from, e.g. "
		    "coaches = head.coach@club.example.org (cox-mail(8), "
		    "AUTHENTICATION)");
	check_mail_trust(d);
	doctor_check(d, "loop.mail_out", "[smtp] url and from are set");
	if (config_get(c, "smtp", "url") == NULL)
		doctor_bad(d, "no way out: [smtp] url is not set: put the "
		    "mail server replies and invitations go through, e.g. "
		    "smtp://mail.example.org:587, and [smtp] from");
	else if (config_get(c, "smtp", "from") == NULL)
		doctor_bad(d, "[smtp] from is not set: put the address "
		    "replies come from, e.g. coxswain@club.example.org");
}

/* A coach who opens nothing, a squad no coach sees (roster_blind_spots()). */
static void
check_blind_spots(struct doctor *d)
{
	struct strlist	 coaches = { 0 }, squads = { 0 };
	size_t		 i;

	doctor_check(d, "loop.coach_sees", "every coach opens a part and every "
	    "squad has a coach");
	if (db_read(d->ws.db) == -1) {
		doctor_bad(d, "the database could not be read");
		return;
	}
	if (roster_blind_spots(d->ws.db, &coaches, &squads) == 0) {
		for (i = 0; i < squads.n; i++)
			doctor_bad(d, "%s", squads.v[i]);
		for (i = 0; i < coaches.n; i++)
			doctor_warn(d, "%s", coaches.v[i]);
	} else
		doctor_bad(d, "the roster could not be read from the database");
	db_rollback(d->ws.db);
	strlist_free(&coaches);
	strlist_free(&squads);
}

/* Each minor athlete with no guardian to reach (roster_minors_alone()). */
static void
check_minors(struct doctor *d)
{
	struct strlist	 alone = { 0 };
	size_t		 i;

	doctor_check(d, "privacy.guardians", "every minor on the roster has "
	    "a guardian");
	if (db_read(d->ws.db) == -1)
		return;
	if (roster_minors_alone(d->ws.db, time(NULL), &alone) == -1)
		doctor_bad(d, "the roster could not be read from the database");
	db_rollback(d->ws.db);
	for (i = 0; i < alone.n; i++)
		doctor_warn(d, "%s", alone.v[i]);
	strlist_free(&alone);
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

	doctor_check(d, "loop.mail_coaches_roster", "each address of [mail] "
	    "coaches is a coach's on the roster");
	if (config_list(d->ws.conf, "mail", "coaches", &addrs) == -1 ||
	    db_read(d->ws.db) == -1) {
		doctor_bad(d, "the roster could not be read from the database");
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
			doctor_bad(d, "the roster could not be read from the "
			    "database");
		else if (rc != OUT_OK)
			doctor_warn(d, "%s is in [mail] coaches but no one on "
			    "the roster has that address, so its mail is "
			    "quarantined: add its coach (cox roster add "
			    "--name NAME --email %s --role head_coach, or "
			    "--role coach --squad SQUAD), or take it off "
			    "[mail] coaches (an erased coach's)", addrs.v[i],
			    addrs.v[i]);
		else if (!p.active || p.role == ROLE_ATHLETE)
			doctor_warn(d, "%s is in [mail] coaches but is %s "
			    "(@%s), who is %s, so its mail acts on nothing: "
			    "take it off [mail] coaches, or make them a coach "
			    "again (cox roster edit @%s --role coach)",
			    addrs.v[i], p.name, p.handle, p.active ?
			    "an athlete" : "removed from the roster",
			    p.handle);
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
	doctor_check(d, "loop.coach", "a coach on the roster");
	if (coaches == 0)
		doctor_bad(d, "no coach on the roster, so nobody rates: cox "
		    "roster add --name NAME --email ADDRESS --role head_coach");
	doctor_check(d, "loop.head_coach", "every athlete has a coach who sees "
	    "their page");
	if (loose > 0 && heads == 0)
		doctor_bad(d, "%lld athlete%s in no squad and there is no "
		    "head coach, so no coach sees their page%s: cox roster "
		    "edit WHO --role head_coach, or put them in squads (cox "
		    "roster edit WHO --squad SQUAD)", (long long)loose, loose ==
		    1 ? " is" : "s are", loose == 1 ? "" : "s");
	check_blind_spots(d);
	check_coach_addresses(d);
	check_minors(d);
	doctor_check(d, "loop.metric", "a metric to rate");
	if (metrics == 0)
		doctor_bad(d, "no metric, so there is nothing to rate: cox "
		    "metric add technique --name Technique --scale 1-5");
	/* the GDPR asks for health data on consent; who has not given it
	 * hears nothing from cox, and the coach should know why */
	consent = config_get(d->ws.conf, "privacy", "consent");
	doctor_check(d, "privacy.consent", "every athlete's consent to texts "
	    "and wellness check-ins is recorded");
	if (consent == NULL || strcmp(consent, "required") != 0)
		doctor_warn(d, "[privacy] consent is assumed: athletes are "
		    "texted and asked for check-ins (health data) with no "
		    "consent on record; record them (the register page's "
		    "boxes, the roster sheet's Consent texts and Consent "
		    "wellness columns, cox roster consent) and write consent "
		    "= required (cox-dpia(7))");
	else if (no_texts > 0)
		doctor_warn(d, "%lld of %lld athletes have no consent to "
		    "texts on record, so cox sends them their invitation and "
		    "nothing else: they tick the boxes when they set their "
		    "password, or record theirs (cox roster consent WHO "
		    "--texts, or the roster sheet's Consent texts column)",
		    (long long)no_texts, (long long)athletes);
	else if (no_wellness > 0)
		doctor_warn(d, "%lld of %lld athletes have no consent to "
		    "wellness check-ins on record, so they get no check-in "
		    "prompt (cox roster consent WHO --wellness, or the roster "
		    "sheet's Consent wellness column)", (long long)no_wellness,
		    (long long)athletes);
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

	doctor_check(d, "whatsapp.channel", "[sms] channel is sms, whatsapp "
	    "or both");
	if (def != NULL && !person_channel_valid(def))
		doctor_bad(d, "[sms] channel is '%s': write sms, whatsapp or "
		    "both", def);
	if (db_read(d->ws.db) == 0) {
		st = db_query(d->ws.db, STMT_WHATSAPP_PEOPLE, "t",
		    def != NULL ? def : "sms");
		if (db_row(d->ws.db, st) == OUT_ROW)
			people = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		db_rollback(d->ws.db);
	}
	doctor_check(d, "whatsapp.from", "WhatsApp people have a sender");
	if (people > 0 && config_get(c, "whatsapp", "from") == NULL)
		doctor_bad(d, "%lld %s reached by WhatsApp but [whatsapp] "
		    "from is not set: put the team's WhatsApp sender, e.g. "
		    "from = +14155238886 (cox-sms(8), WHATSAPP)", (long
		    long)people, people == 1 ? "person is" : "people are");
	doctor_check(d, "whatsapp.template.prompt", "WhatsApp people can be "
	    "prompted after 24 hours");
	if (people > 0 && tmpl == NULL)
		doctor_bad(d, "%lld %s reached by WhatsApp but [whatsapp] "
		    "template.prompt is not set, so no prompt reaches them 24 "
		    "hours after their last message: create and approve the "
		    "template (cox-setup(7)) and put its SID (HX...)",
		    (long long)people, people == 1 ? "person is" :
		    "people are");
	else if (tmpl != NULL && (strlen(tmpl) != 34 || strncmp(tmpl, "HX",
	    2) != 0 || strspn(tmpl + 2, "0123456789abcdef") != 32))
		doctor_bad(d, "[whatsapp] template.prompt is not a Content "
		    "SID (HX and 32 hex digits): copy it from the Twilio "
		    "console's Content Template Builder");
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
	/* the example is the longest: what a shorter name must make fit */
	if (p->role == ROLE_ATHLETE && p->phones.n > 0 &&
	    !invite_sms_fits(&w->run, p, &chars) && (w->long_invites++ == 0 ||
	    chars > w->chars)) {
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
	doctor_warn(d, "the %s in %s takes %d texts, not one (%zu characters; "
	    "160 fit one, 70 when a letter is outside GSM-7): %s", what, lang,
	    n, utf8_chars(text->data), why);
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

	doctor_check(d, "team.short_name", "[team] short_name has at most 16 "
	    "characters");
	if (sn != NULL && utf8_chars(sn) > SMS_SHORT_MAX)
		doctor_warn(d, "[team] short_name '%s' has %zu characters; "
		    "every text cox starts opens with it, and each one it "
		    "takes is one the text loses: keep it to %d", sn,
		    utf8_chars(sn), SMS_SHORT_MAX);
	if (cli_short_name_hint(c, hint, sizeof(hint)) != NULL)
		doctor_warn(d, "%s", hint);
	doctor_check(d, "loop.segments", "every text cox starts fits one SMS");
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
		doctor_warn(d, "invitations by text to %ld %s take two texts "
		    "(%zu characters for %s): the site's address ([site] "
		    "base_url) has %zu characters with the link's keys after "
		    "it; a shorter address, or invitations by email (cox "
		    "invite --via email), keep them to one", w.long_invites,
		    w.long_invites == 1 ? "athlete" : "athletes", w.chars,
		    w.example, base != NULL ? strlen(base) : 0);
	/*
	 * An invitation keeps the club's name however long its link (one
	 * with no sender reads as phishing): when a shorter name would
	 * make the longest fit one text, say how short.
	 */
	if (w.long_invites > 0 && lead > 2 && w.chars - lead + 4 <=
	    SMS_SEGMENT)
		doctor_warn(d, "[team] short_name is needed: the club's name "
		    "opens every invitation ('%.*s', %zu characters), and one "
		    "of at most %zu would keep them to one text (%s's is the "
		    "longest)",
		    (int)(strlen(sms_lead()) - 2), sms_lead(), lead - 2,
		    SMS_SEGMENT - (w.chars - lead) - 2, w.example);
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

	doctor_check(d, "twilio.us_registration", "no text refused for a US "
	    "registration in the last week");
	if (db_read(d->ws.db) == -1)
		return;
	st = db_query(d->ws.db, STMT_STATUS_US_REGISTRATION, "i",
	    (int64_t)time(NULL) - 7 * 86400);
	while (db_row(d->ws.db, st) == OUT_ROW)
		doctor_bad(d, "%lld text%s failed with Twilio's %s in the "
		    "last week: %s", (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 1) == 1 ? "" : "s", db_text(st, 0),
		    phone_error_hint(db_text(st, 0)));
	sqlite3_reset(st);
	db_rollback(d->ws.db);
}

/* Every check, given an open workspace. */
static void
check_all(struct doctor *d)
{
	doctor_credentials(d);
	doctor_check(d, "team.default_country", "[team] default_country is "
	    "known");
	if (workspace_country(&d->ws) == NULL)
		doctor_bad(d, "[team] default_country is wrong (above)");
	check_base_url(d);
	check_public_url(d);
	check_shapes(d);
	check_ways(d);
	check_roster(d);
	check_segments(d);
	check_us_registration(d);
	check_whatsapp(d);
	check_url_passwords(d);
	doctor_secrets(d);
	check_oauth2(d);
	check_hooks(d);
	doctor_storage(d);
	doctor_backups(d);
	if (d->online)
		doctor_online(d);
	doctor_end(d);
}

/*
 * cox doctor [--online] [--json]: 0 when nothing is wrong (warnings
 * aside), else 78 (77 when run as another user) after the list.
 */
int
cmd_doctor(int argc, char **argv)
{
	struct doctor	 d;
	int		 json = 0, status;
	const struct cli_opt opts[] = {
		{ "online", CLI_FLAG, &d.online, 1 },
		{ "json", CLI_FLAG, &json, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox doctor [-C dir] [--online] [--json]",
	    opts, 0, 0, NULL };

	memset(&d, 0, sizeof(d));
	if (cli_args(&cli, argc, argv, &status) == -1)
		return status;
	if (doctor_owner(&d, json) == -1)
		status = EX_NOPERM;
	else if ((status = cli_open(&d.ws)) != 0)
		doctor_unopened(&d);
	else {
		check_all(&d);
		status = d.fails == 0 ? 0 : EX_CONFIG;
		workspace_close(&d.ws);
	}
	doctor_end(&d);
	if (json ? doctor_report_json(&d) == -1 : (doctor_report_text(&d),
	    0))
		status = EX_IOERR;
	doctor_free(&d);
	return status;
}
