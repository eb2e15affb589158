/*
 * workspace.c - a team's folder: cox.conf (settings), cox.db (data) and
 * site/ (the generated site, a git work tree made by gen/): made,
 * opened, locked, and its country, zone and language set.  A cox.db an
 * older cox made is upgrade.c's to wait for, copy and record.
 */
#include <sys/stat.h>

#include <ctype.h>
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
#include "people.h"
#include "workspace.h"


/*
 * The commented cox.conf written by cox init, filled in by
 * workspace_create().
 */
static const char conf_template[] =
"# cox.conf - settings of one coxswain team workspace.\n"
"#\n"
"# Lines are \"key = value\" under [section] headers; lines starting with\n"
"# '#' are comments.  Any key can be overridden from the environment as\n"
"# COX_SECTION_KEY (COX_TEAM_DEFAULT_COUNTRY=US).  Secrets never go in\n"
"# this file: set them in the environment or name a file with a *_file\n"
"# key.  See cox.conf(5).\n"
"\n"
"[team]\n"
"# The team's name, shown on the public pages.\n"
"name = My Club\n"
"# What every text cox starts opens with (\"My Club: \"), at most 16\n"
"# characters: set it when the name is longer, or texts open with the\n"
"# name, or words of it, which may not be what athletes call the club.\n"
"# short_name = My Club\n"
"# Phone numbers written without +country are read in this country\n"
"# (two-letter code: GB, US, IE, AU, NZ, CA, FR, DE, NL...).\n"
"default_country = %s\n"
"# The team's language: its texts, emails, pages and dashboard (en, fr,\n"
"# de or es); a person may have their own (cox roster edit --language).\n"
"%slanguage = %s\n"
"# Reminders and quiet hours are counted in this time zone (UTC when\n"
"# unset).\n"
"%stimezone = %s\n"
"# Binds encrypted pages to this site.  Made by cox init; keep it.\n"
"site_id = %s\n"
"\n"
"[site]\n"
"# The address the site is served from, used in links sent to people.\n"
"base_url = " SITE_URL_EXAMPLE "\n"
"# Branch that cox publish commits to, and the commit author.\n"
"branch = main\n"
"author_name = coxswain\n"
"author_email = coxswain@example.org\n"
"# Remote for cox publish --push, and the history kept: keep (every\n"
"# commit), keep N (the last N) or squash (the last one).\n"
"# remote = /srv/git/club-site.git\n"
"# history = keep\n"
"\n"
"[mail]\n"
"# Addresses allowed to send ratings, comma separated.\n"
"# coaches = coach@example.org\n"
"# Your mail server: the authserv-id it writes first in the\n"
"# Authentication-Results header of mail it receives (mx.google.com\n"
"# for Gmail; cox init --sample-mail FILE reads it off an email).  A\n"
"# coach's email acts only when that header says dmarc=pass for its\n"
"# From address; until this is set, every coach email is quarantined.\n"
"%sauthserv_id = %s\n"
"# With no mail server that checks DMARC, this line, exactly, has a\n"
"# coach's email obeyed on its From header alone, which anyone can\n"
"# forge (cox-mail(8), AUTHENTICATION):\n"
"# unauthenticated = anyone who knows a coach's address can command the team\n"
"# The address coaches email ratings and commands to, which the\n"
"# dashboard's links write to ([smtp] from when not set).\n"
"# address = team@example.org\n"
"# Athletes' notes reach their coaches (with [smtp]): in the digest of\n"
"# those who get one, by email to the others, at once to all for an\n"
"# injury or a safeguarding word; a reply to such an email is texted\n"
"# back.  each emails every note; off keeps them in cox inbox only.\n"
"# forward_notes = on\n"
"# How many times a day each coach may text a squad or everyone by\n"
"# email (send all: ...); texts to one athlete are not counted.\n"
"# send_per_day = 3\n"
"\n"
"[sms]\n"
"# The public URL Twilio calls (behind your TLS proxy).\n"
"# public_url = https://sms.example.org\n"
"# account_sid = AC00000000000000000000000000000000\n"
"# The token's file; the cox-sms@TEAM unit passes it as a credential\n"
"# (/etc/cox/TEAM/twilio-token), so leave this unset under systemd.\n"
"# auth_token_file = /etc/cox/TEAM/twilio-token\n"
"# from = +441234567890\n"
"\n"
"[reminders]\n"
"# Text athletes about ratings unanswered after so many hours, and a\n"
"# wellness check-in prompt; never in quiet hours ([team] timezone).\n"
"# rating_after_hours = 48\n"
"# check_in = daily 07:30\n"
"# quiet_hours = 21:00-07:00\n"
"\n"
"[digest]\n"
"# A morning email to the head coaches (and coaches who ask by email)\n"
"# with what needs them, at this time in [team] timezone.\n"
"# at = 07:00\n"
"# off = yes\n"
"# Texts cox could not read are in the digest; hourly sends them in\n"
"# one email an hour at most instead.\n"
"# unread = daily\n"
"# Notes and guardians' texts are in the digest; hourly sends them in\n"
"# that hourly email instead.\n"
"# notes = daily\n"
"\n"
"[privacy]\n"
"# Nothing but the invitation goes to an athlete until their consent\n"
"# to texts is recorded (and to wellness, for check-in prompts): the\n"
"# boxes of the register page, the roster sheet's consent columns, or\n"
"# cox roster consent (cox-dpia(7)).  assumed sends without it.\n"
"consent = required\n"
"# Check-ins, load and messages older than this are deleted nightly.\n"
"# keep_months = 12\n"
"\n"
"[hooks]\n"
"# After texts, emails or a registration, cox builds the site, commits\n"
"# it and pushes it (when remote is set); off leaves that to you.\n"
"# post_ingest = off\n";

int
workspace_path(const struct workspace *ws, const char *name, char *dst,
    size_t size)
{
	return path_join(dst, size, ws->dir, name);
}

/*
 * Binds the database to cox.conf's [team] site_id: a database that
 * records none (made before it did) records it now; one that records
 * another is another team's, and is refused (OUT_CONFIG), so a mixed-up
 * restore never rewrites a site under new keys.
 */
static enum outcome
workspace_bind(struct workspace *ws)
{
	const char	*want = config_get(ws->conf, "team", "site_id");
	char		*have = NULL;
	enum outcome	 out = OUT_IOERR;

	if (want == NULL)
		return OUT_OK;	/* the commands that need one say so */
	if (db_meta_get(ws->db, "site_id", &have) == -1)
		return OUT_IOERR;
	if (have == NULL)
		out = db_meta_set(ws->db, "site_id", want) == 0 ? OUT_OK :
		    OUT_IOERR;
	else if (strcmp(have, want) != 0) {
		log_error("%s/cox.db belongs to another team (site_id %s, "
		    "cox.conf says %s): put back this team's cox.db or "
		    "cox.conf", ws->dir, have, want);
		out = OUT_CONFIG;
	} else
		out = OUT_OK;
	free(have);
	return out;
}

static int	zone_valid(const char *);

/* Where each shipped language is at home, when nothing says better. */
static const struct {
	const char	*lang, *country, *zone;
} homes[] = {
	{ "en", "GB", "Europe/London" }, { "fr", "FR", "Europe/Paris" },
	{ "de", "DE", "Europe/Berlin" }, { "es", "ES", "Europe/Madrid" },
};
#define NHOMES	(sizeof(homes) / sizeof(homes[0]))

/*
 * The machine's time zone as it is set: TZ, else where /etc/localtime
 * points (what timedatectl changes), else Debian's /etc/timezone, which
 * Debian 12 no longer keeps in step with it.  Into out, and where it
 * was read into *from; "" and NULL when none says.
 */
static void
machine_zone_read(char *out, size_t size, const char **from)
{
	const char	*tz = getenv("TZ"), *z;
	char		 link[256];
	ssize_t		 n;
	FILE		*f;

	out[0] = '\0';
	*from = NULL;
	if (tz != NULL && *tz != '\0') {
		snprintf(out, size, "%s", tz + (*tz == ':'));
		*from = "TZ";
	} else if ((n = readlink("/etc/localtime", link,
	    sizeof(link) - 1)) > 0) {
		link[n] = '\0';
		if ((z = strstr(link, "zoneinfo/")) != NULL) {
			snprintf(out, size, "%s", z + 9);
			*from = "/etc/localtime";
		}
	}
	if (*from == NULL && (f = fopen("/etc/timezone", "r")) != NULL) {
		if (fgets(out, (int)size, f) == NULL)
			out[0] = '\0';
		out[strcspn(out, " \t\r\n")] = '\0';
		fclose(f);
		*from = out[0] != '\0' ? "/etc/timezone" : NULL;
	}
}

/*
 * Whether zone, the machine's, says where the team is: not UTC, nor
 * one the tz database does not know (a new server is often left on
 * UTC, which says nothing of the team).
 */
static int
zone_says(const char *zone)
{
	return zone[0] != '\0' && zone_valid(zone) == 0 &&
	    strncmp(zone, "Etc/", 4) != 0 && strcmp(zone, "UTC") != 0 &&
	    strcmp(zone, "Universal") != 0 && strcmp(zone, "Zulu") != 0;
}

/*
 * Reads the tz database's zone.tab: for each line, a country and one of
 * its zones, in the file's order, until each() returns non-zero.  -1
 * when the file cannot be read.
 */
static int
zone_tab_each(int (*each)(const char *cc, const char *zone, void *),
    void *arg)
{
	char	 line[512], *f[3];
	FILE	*fp;
	int	 i;

	if ((fp = fopen("/usr/share/zoneinfo/zone.tab", "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), fp) != NULL) {
		if (line[0] == '#')
			continue;
		f[0] = strtok(line, "\t\n");
		for (i = 1; i < 3; i++)
			f[i] = strtok(NULL, "\t\n");
		if (f[0] != NULL && f[2] != NULL && strlen(f[0]) == 2 &&
		    each(f[0], f[2], arg) != 0)
			break;
	}
	fclose(fp);
	return 0;
}

struct zone_find {
	const char	*zone;		/* asked: its country */
	char		*cc;
	const char	*country;	/* asked: its zones */
	char		*first;
	int		 n;
};

static int
zone_is(const char *cc, const char *zone, void *arg)
{
	struct zone_find	*zf = arg;

	if (strcmp(zone, zf->zone) != 0)
		return 0;
	memcpy(zf->cc, cc, 3);
	return 1;
}

/* The country of zone, by zone.tab, into cc. */
static int
zone_country(const char *zone, char cc[3])
{
	struct zone_find	 zf = { .zone = zone, .cc = cc };

	cc[0] = '\0';
	return zone_tab_each(zone_is, &zf) == -1 || cc[0] == '\0' ? -1 : 0;
}

static int
zone_in(const char *cc, const char *zone, void *arg)
{
	struct zone_find	*zf = arg;

	if (strcmp(cc, zf->country) == 0 && zf->n++ == 0)
		snprintf(zf->first, 64, "%s", zone);
	return 0;
}

/*
 * How many zones zone.tab gives country (capitals), and the first it
 * lists into first ("" when none).
 */
int
workspace_country_zones(const char *country, char first[64])
{
	struct zone_find	 zf = { .country = country, .first = first };

	first[0] = '\0';
	(void)zone_tab_each(zone_in, &zf);
	return zf.n;
}

/*
 * The country and time zone a new cox.conf starts with, and what chose
 * them, into pl: the country given, with the machine's zone when it is
 * in it, else lang's home's when it is lang's home, else the country's
 * zone when it has one (none when several); else the machine's zone
 * and its country; else lang's home (and no zone for an English team
 * on a UTC machine, left unset as it always was).  The machine's zone
 * is kept, with where it was read, for saying why.
 */
void
workspace_place(const char *lang, const char *country, struct place *pl)
{
	char	 mc[3] = "", one[64];
	size_t	 i;

	memset(pl, 0, sizeof(*pl));
	machine_zone_read(pl->machine, sizeof(pl->machine), &pl->machine_from);
	if (zone_says(pl->machine) && zone_country(pl->machine, mc) == -1)
		mc[0] = '\0';
	if (country != NULL) {
		for (i = 0; i < 2; i++)
			pl->cc[i] = (char)toupper((unsigned char)country[i]);
		for (i = 0; i < NHOMES; i++)
			if (strcmp(homes[i].lang, lang != NULL ? lang : "") ==
			    0 && strcmp(homes[i].country, pl->cc) == 0)
				break;
		if (strcmp(mc, pl->cc) == 0)
			snprintf(pl->zone, 64, "%s", pl->machine);
		else if (i < NHOMES)	/* Germany has Busingen too */
			snprintf(pl->zone, 64, "%s", homes[i].zone);
		else if (workspace_country_zones(pl->cc, one) == 1)
			snprintf(pl->zone, 64, "%s", one);
		pl->from = PLACE_COUNTRY;
		return;
	}
	if (mc[0] != '\0') {
		memcpy(pl->cc, mc, 3);
		snprintf(pl->zone, 64, "%s", pl->machine);
		pl->from = PLACE_MACHINE;
		return;
	}
	for (i = 0; i < NHOMES; i++)
		if (strcmp(homes[i].lang, lang != NULL ? lang : "en") == 0)
			break;
	memcpy(pl->cc, homes[i == NHOMES ? 0 : i].country, 3);
	pl->from = lang == NULL ? PLACE_DEFAULT : PLACE_LANGUAGE;
	if (lang != NULL)
		snprintf(pl->zone, 64, "%s", homes[i == NHOMES ? 0 : i].zone);
}

/*
 * Makes the folder, cox.conf (in language lang, or NULL: English, the
 * line left commented; phone numbers read in country cc, time kept in
 * zone, or "": left unset; coaches' mail believed from the border MTA
 * authserv, or NULL: none, the line left commented) and a migrated
 * cox.db, keeping whatever already exists.  What was made is added to
 * made ("cox.conf").
 */
int
workspace_create(const char *dir, const char *lang, const char *cc,
    const char *zone, const char *authserv, struct strlist *made)
{
	struct buf	 conf = { 0 };
	char		 path[4096], site_id[32], example[64];
	int		 rc = -1;

	/* an unset zone's line, commented, shows the country's first */
	if (workspace_country_zones(cc, example) == 0)
		snprintf(example, sizeof(example), "Europe/London");
	if (dir_make(dir, 0755) == -1)
		return -1;
	if (path_join(path, sizeof(path), dir, "cox.conf") == -1)
		return -1;
	if (!file_exists(path)) {
		if (random_token(site_id, sizeof(site_id), 16) == -1 ||
		    buf_printf(&conf, conf_template, cc,
		    lang != NULL ? "" : "# ", lang != NULL ? lang : "en",
		    *zone != '\0' ? "" : "# ",
		    *zone != '\0' ? zone : example, site_id,
		    authserv != NULL ? "" : "# ",
		    authserv != NULL ? authserv : "mx.example.org") == -1 ||
		    file_write_atomic(path, conf.data, conf.len, 0644) == -1)
			goto out;
		strlist_add(made, "cox.conf");
	}
	if (path_join(path, sizeof(path), dir, "cox.db") == -1)
		goto out;
	if (!file_exists(path))
		strlist_add(made, "cox.db");
	rc = 0;
out:
	buf_free(&conf);
	return rc;
}

/*
 * [site] base_url, or NULL while it is unset or still cox init's
 * example: a link under it would lead nowhere, so what would send one
 * (an invitation, a page's address in a reply, a reminder's link) does
 * as it does with no site.
 */
const char *
workspace_base_url(const struct config *c)
{
	const char	*base = config_get(c, "site", "base_url");

	return base != NULL && strcmp(base, SITE_URL_EXAMPLE) != 0 ? base :
	    NULL;
}

/* The default country, checked: every roster command needs it. */
const char *
workspace_country(const struct workspace *ws)
{
	const char	*c;

	if (config_require(ws->conf, "team", "default_country", "put the "
	    "two-letter country code phone numbers are read in, e.g. "
	    "default_country = GB", &c) == -1)
		return NULL;
	if (!phone_country_known(c)) {
		config_bad(ws->conf, "team", "default_country", "use a "
		    "two-letter code such as GB, US, IE, AU, NZ, CA, DE, FR");
		return NULL;
	}
	return c;
}

/*
 * A zone name of the system's tz database (Europe/London, America/
 * New_York, UTC): glibc would take any other text as UTC unsaid.
 */
static int
zone_valid(const char *tz)
{
	char	 path[160];

	if (strlen(tz) >= 64 || strstr(tz, "..") != NULL || tz[0] == '/' ||
	    strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_+-") != strlen(tz))
		return -1;
	snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", tz);
	return access(path, R_OK);
}

/*
 * Makes [team] timezone (UTC when unset) the process's local time: TZ
 * set and tzset() called.  Call it once, at start-up, before any thread
 * starts: setenv() beside a thread that reads the environment or local
 * time is undefined behaviour.  Returns 0, or -1 when the setting names
 * no zone (said with config_bad(); TZ is left alone).
 */
static int
workspace_zone(const struct workspace *ws)
{
	const char	*tz = config_get(ws->conf, "team", "timezone");

	if (tz != NULL && zone_valid(tz) == -1) {
		config_bad(ws->conf, "team", "timezone", "name a zone of the "
		    "tz database, e.g. Europe/London or America/New_York "
		    "(ls /usr/share/zoneinfo; Debian's tzdata package)");
		return -1;
	}
	if (setenv("TZ", tz != NULL ? tz : "UTC", 1) == -1) {
		log_error("TZ: %s", strerror(errno));
		return -1;
	}
	tzset();
	return 0;
}

/*
 * Makes [team] language (English when unset) the language of every
 * word looked up without one (lib/words/).  Before any thread starts.
 * Returns 0, or -1 when no catalogue of that language is shipped.
 */
static int
workspace_language(const struct workspace *ws)
{
	const char	*lang = config_get(ws->conf, "team", "language");
	const char	*copies, *consent;
	long		 age;

	if (words_ready() != OUT_OK) {
		log_error("%s/lib/words/en.txt: the catalogue of words is "
		    "missing; reinstall coxswain", install_datadir());
		return -1;
	}
	if (words_default(lang != NULL ? lang : "en") == -1) {
		config_bad(ws->conf, "team", "language", "name a language "
		    "coxswain ships, e.g. en (see lib/words/ in its data "
		    "folder)");
		return -1;
	}
	sms_lead_set(config_get(ws->conf, "team", "name"),
	    config_get(ws->conf, "team", "short_name"));
	copies = config_get(ws->conf, "team", "guardian_copies");
	if (copies != NULL && strcmp(copies, "human") != 0 &&
	    strcmp(copies, "all") != 0) {
		config_bad(ws->conf, "team", "guardian_copies", "human (what "
		    "coaches write, the default) or all (every text)");
		return -1;
	}
	if (config_long(ws->conf, "team", "adult_age", 18, 1, 30, &age) == -1)
		return -1;
	person_guardians_set(age, copies != NULL && strcmp(copies, "all") == 0);
	consent = config_get(ws->conf, "privacy", "consent");
	if (consent != NULL && strcmp(consent, "assumed") != 0 &&
	    strcmp(consent, "required") != 0) {
		config_bad(ws->conf, "privacy", "consent", "assumed (the "
		    "default) or required (nothing but the invitation until "
		    "cox roster consent records it)");
		return -1;
	}
	person_consent_set(consent != NULL && strcmp(consent, "required") == 0);
	return 0;
}

/* workspace_open(), making cox.db when create and there is none. */
static enum outcome
workspace_open_at(const char *dir, struct workspace *ws, int create)
{
	struct stat	 st = { 0 };
	char		 path[4096], cox[64] = "", backup[4200] = "";
	int		 gone = 0, from = 0;
	enum outcome	 out = OUT_CONFIG;

	memset(ws, 0, sizeof(*ws));
	if (snprintf(ws->dir, sizeof(ws->dir), "%s", dir) >=
	    (int)sizeof(ws->dir)) {
		log_error("%s: path too long", dir);
		return out;
	}
	if (path_join(path, sizeof(path), dir, "cox.conf") == -1)
		return out;
	if (!file_exists(path)) {
		log_error("%s: no cox.conf here; run 'cox init %s' or pass "
		    "-C DIR", dir, dir);
		return out;
	}
	if ((ws->conf = config_load(path)) == NULL)
		goto fail;
	/* the team's language and zone: set now, before any thread */
	if (workspace_language(ws) == -1 || workspace_zone(ws) == -1)
		goto fail;
	out = OUT_IOERR;
	if (path_join(path, sizeof(path), dir, "cox.db") == -1)
		goto fail;
	if (!create && stat(path, &st) == -1)
		gone = errno;
	if (!create && (gone != 0 || st.st_size == 0)) {
		log_error("%s: %s; put back this team's cox.db from a backup, "
		    "or make a new team with cox init", path, gone == 0 ?
		    "empty" : gone == ENOENT ? "missing" : strerror(gone));
		out = OUT_NOTFOUND;
		goto fail;
	}
	/* an older cox's database: copied first, and nobody old on it */
	if (stat(path, &st) == 0 && st.st_size > 0 &&
	    db_peek(path, &from, cox, sizeof(cox)) == -1)
		goto fail;
	if (from > 0 && from < db_schema_version) {
		out = OUT_RETRY;
		if (upgrade_wait(path, from, cox) == -1)
			goto fail;
		out = OUT_IOERR;
		if (upgrade_backup(path, from, cox, backup,
		    sizeof(backup)) == -1)
			goto fail;
	}
	if (db_open(path, &ws->db) == -1)
		goto fail;
	upgrade_note(ws, from, cox, backup);
	/* every page key is in it: for the team's eyes only */
	if (create && chmod(path, 0600) == -1)
		log_warn("%s: %s", path, strerror(errno));
	if ((out = workspace_bind(ws)) != OUT_OK)
		goto fail;
	return OUT_OK;
fail:
	workspace_close(ws);
	return out;
}

/*
 * Opens dir's cox.conf and cox.db; workspace_close() undoes it, also
 * after a failure.  A missing or empty cox.db is OUT_NOTFOUND, never
 * made anew: only cox init makes one.  Returns OUT_OK, OUT_CONFIG (no
 * or a bad cox.conf, or another team's cox.db) or OUT_IOERR.
 */
enum outcome
workspace_open(const char *dir, struct workspace *ws)
{
	return workspace_open_at(dir, ws, 0);
}

/* workspace_open() for cox init: makes cox.db when there is none. */
enum outcome
workspace_open_new(const char *dir, struct workspace *ws)
{
	return workspace_open_at(dir, ws, 1);
}

#define WORKSPACE_WAIT_S	600	/* for another command to let go */

/*
 * Who holds the lock on fd (the workspace's .lock), for people to
 * read, into out: "pid 4242: cox -C club publish --push" (its command
 * line, from /proc), "pid 4242" when that cannot be read, or "" when
 * nobody does any more.
 */
static void
lock_holder(int fd, char *out, size_t size)
{
	struct flock	 fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char		 path[64], cmd[200], *name;
	ssize_t		 n = -1, i;
	int		 f;

	out[0] = '\0';
	if (fcntl(fd, F_GETLK, &fl) == -1 || fl.l_type == F_UNLCK)
		return;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", (long)fl.l_pid);
	if ((f = open(path, O_RDONLY | O_CLOEXEC)) != -1) {
		n = read(f, cmd, sizeof(cmd) - 1);
		close(f);
	}
	if (n <= 0) {
		snprintf(out, size, "pid %ld", (long)fl.l_pid);
		return;
	}
	/* the arguments, NUL-separated, as one line; the program's name */
	for (i = 0; i < n; i++)
		if (cmd[i] == '\0' || (unsigned char)cmd[i] < ' ')
			cmd[i] = i == n - 1 ? '\0' : ' ';
	cmd[n] = '\0';
	name = cmd + strcspn(cmd, " ");
	while (name > cmd && name[-1] != '/')
		name--;
	snprintf(out, size, "pid %ld: %s", (long)fl.l_pid, name);
}

/* The lock on all of fd, without waiting: 0, or -1 with errno. */
static int
lock_try(int fd)
{
	struct flock	 fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };

	return fcntl(fd, F_SETLK, &fl);
}

/*
 * Takes the workspace's lock, for a command that writes site/ or
 * site/.git: cox build, cox publish, and the history cut of cox prune
 * and of an erasure each hold it while they do, so that no two commit
 * at once and no prune removes an object a commit in progress needs.
 * It is a POSIX record lock on .lock: it goes with the process however
 * that ends, and the hooks it starts do not inherit it.  A command that
 * finds it taken says who holds it and waits up to WORKSPACE_WAIT_S;
 * what ("cox publish") is who waits, for the words.  Calls nest: only
 * the last workspace_unlock() lets go.  Returns OUT_OK, OUT_RETRY
 * (waited in vain) or OUT_FAILED, said.
 */
enum outcome
workspace_lock(struct workspace *ws, const char *what)
{
	char	 path[4096], who[256];
	int	 fd, tries;

	if (ws->locks > 0) {
		ws->locks++;
		return OUT_OK;
	}
	if (workspace_path(ws, ".lock", path, sizeof(path)) == -1)
		return OUT_FAILED;
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1) {
		log_error("%s: %s", path, strerror(errno));
		return OUT_FAILED;
	}
	for (tries = 0; lock_try(fd) == -1; tries++) {
		if (errno != EACCES && errno != EAGAIN && errno != EINTR) {
			log_error("%s: %s", path, strerror(errno));
			close(fd);
			return OUT_FAILED;
		}
		if (tries == 0 || tries == WORKSPACE_WAIT_S * 10)
			lock_holder(fd, who, sizeof(who));
		if (tries == 0)
			log_info("another cox command holds this workspace"
			    "%s%s%s; %s waits for it to end", *who ? " (" :
			    "", who, *who ? ")" : "", what);
		if (tries == WORKSPACE_WAIT_S * 10) {
			log_error("%s waited %d minutes for another cox "
			    "command to let go of this workspace%s%s%s; try "
			    "again once it ends", what, WORKSPACE_WAIT_S / 60,
			    *who ? " (" : "", who, *who ? ")" : "");
			close(fd);
			return OUT_RETRY;
		}
		poll(NULL, 0, 100);
	}
	ws->lock = fd;
	ws->locks = 1;
	return OUT_OK;
}

/* Undoes one workspace_lock(); the last lets go of it. */
void
workspace_unlock(struct workspace *ws)
{
	if (ws->locks == 0 || --ws->locks > 0)
		return;
	close(ws->lock);	/* and with it the lock */
	ws->lock = -1;
}

void
workspace_close(struct workspace *ws)
{
	if (ws == NULL)
		return;
	if (ws->locks > 0) {
		ws->locks = 1;
		workspace_unlock(ws);
	}
	db_close(ws->db);
	config_free(ws->conf);
	ws->db = NULL;
	ws->conf = NULL;
}
