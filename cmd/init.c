/*
 * init.c - cox init: a new team workspace (gen/init.c).
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

/*
 * The authserv-id of the mail server that delivered the email in path:
 * the first Authentication-Results field that parses, since the last
 * server to receive a message writes its field on top (RFC 8601, 5).
 * Says what it found, and whether that field passes DMARC for the
 * email's From (so an operator sees the whole check work once); into
 * id, or -1 (said why) when the email has no such field.
 */
static int
init_sample_id(const char *path, char *id, size_t size)
{
	struct mail_parts m = { 0 };
	struct buf	 raw = { 0 };
	struct authres	 a;
	const char	*at;
	size_t		 i;
	int		 rc = -1;

	if (file_read(path, MAIL_MAX_SIZE, &raw) == -1)
		goto out;
	if (mime_parse_sandboxed(raw.data, raw.len, &m) == -1) {
		log_error("%s: not an email that can be read", path);
		goto out;
	}
	for (i = 0; i < m.auth.n; i++)
		if (authres_parse(m.auth.v[i], strlen(m.auth.v[i]), &a) == 0)
			break;
	if (i == m.auth.n) {
		log_error("%s has no Authentication-Results header that can "
		    "be read: the mail server that delivered it checks no "
		    "DMARC, so a coach's From address cannot be believed "
		    "(cox-mail(8), AUTHENTICATION)", path);
		goto out;
	}
	snprintf(id, size, "%s", a.id);
	at = m.from != NULL ? strrchr(m.from, '@') : NULL;
	if (at != NULL && authres_dmarc_pass(&m.auth, id, at + 1))
		printf("%s: its mail server is %s, which says dmarc=pass for "
		    "%s: an email like it from an address on [mail] coaches "
		    "acts\n", path, id, at + 1);
	else
		printf("%s: its mail server is %s, which does not say "
		    "dmarc=pass for %s: an email like it would be quarantined "
		    "(does that domain publish DMARC?)\n", path, id,
		    at != NULL ? at + 1 : "its From address");
	rc = 0;
out:
	mail_parts_free(&m);
	buf_free(&raw);
	return rc;
}

/*
 * Asks, on a terminal, for the mail server's authserv-id; "" (and the
 * line left commented) when the answer is empty or nobody is there.
 */
static void
init_ask_id(char *id, size_t size)
{
	char	*p;

	*id = '\0';
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return;
	printf("Which mail server receives the coaches' email?  Its "
	    "authserv-id is the first word of the Authentication-Results "
	    "header in an email it delivered (mx.google.com for Gmail).\n"
	    "Until it is set, every coach email is quarantined.  "
	    "authserv-id (Enter to set it later): ");
	fflush(stdout);
	if (fgets(id, (int)size, stdin) == NULL) {
		*id = '\0';
		return;
	}
	id[strcspn(id, " \t\r\n")] = '\0';
	for (p = id; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' &&
		    *p != '_') {
			printf("'%s' is not a host name; left unset\n", id);
			*id = '\0';
			return;
		}
}

/*
 * A cox.conf kept from before may name a long club and no short name:
 * says what texts open with, and to set one.  (A new one says when to
 * set it, beside the name.)
 */
static void
init_hint(const char *dir)
{
	struct config	*c;
	char		 path[4096], hint[512];

	if (path_join(path, sizeof(path), dir, "cox.conf") == -1 ||
	    (c = config_load(path)) == NULL)
		return;
	if (cli_short_name_hint(c, hint, sizeof(hint)) != NULL)
		printf("%s: %s\n", path, hint);
	config_free(c);
}

/* Whether dir has its cox.conf already (cox init then changes nothing). */
static int
init_has_conf(const char *dir)
{
	char	 path[4096];

	return path_join(path, sizeof(path), dir, "cox.conf") == -1 ||
	    file_exists(path);
}

/* Says whose word a new cox.conf takes for a coach's email. */
static void
init_trust(const char *dir, const char *authserv)
{
	if (authserv != NULL)
		printf("%s/cox.conf: authserv_id = %s: a coach's email acts "
		    "when %s says dmarc=pass for its From address\n", dir,
		    authserv, authserv);
	else
		printf("%s/cox.conf: authserv_id is unset, so every coach "
		    "email is quarantined until it is set: cox init "
		    "--sample-mail FILE reads it off an email your mail "
		    "server delivered (cox-mail(8), AUTHENTICATION)\n", dir);
}

/* The machine's zone and where it was read, for saying why, into out. */
static const char *
init_machine(const struct place *pl, char *out, size_t size)
{
	if (pl->machine_from == NULL)
		snprintf(out, size, "this machine's time zone, set nowhere");
	else
		snprintf(out, size, "this machine's time zone, %s in %s",
		    pl->machine, pl->machine_from);
	return out;
}

/* After --country: the zone taken, or how to choose it. */
static void
init_country(const struct place *pl)
{
	char	 first[64];
	int	 n;

	printf(" (from --country)");
	if (*pl->zone == '\0' && (n = workspace_country_zones(pl->cc,
	    first)) > 1)
		printf("; [team] timezone is unset, so UTC: set it to the "
		    "team's: %s has %d zones, %s first (grep ^%s "
		    "/usr/share/zoneinfo/zone.tab)", pl->cc, n, first, pl->cc);
	else if (*pl->zone == '\0')
		printf("; [team] timezone is unset, so UTC: set it to the "
		    "team's (ls /usr/share/zoneinfo)");
	printf("\n");
}

/*
 * Says what a new cox.conf chose, always, and why (workspace_place()):
 * the language, then the country and zone, so that a team elsewhere
 * changes them before its roster is read.
 */
static void
init_place(const char *dir, const struct place *pl, const char *lang)
{
	char	 mach[160];

	if (lang != NULL)
		printf("%s/cox.conf: language = %s (from --language)\n", dir,
		    lang);
	else
		printf("%s/cox.conf: language = en (the default: --language "
		    "takes one of %s)\n", dir, words_codes());
	printf("%s/cox.conf: default_country = %s", dir, pl->cc);
	if (*pl->zone != '\0')
		printf(", timezone = %s", pl->zone);
	init_machine(pl, mach, sizeof(mach));
	switch (pl->from) {
	case PLACE_COUNTRY:
		init_country(pl);
		return;
	case PLACE_MACHINE:
		printf(" (from %s)", mach);
		break;
	case PLACE_LANGUAGE:
		printf(" (from --language %s)", lang);
		break;
	case PLACE_DEFAULT:
		printf(" (English's home, as %s, says nothing of where the "
		    "team is); [team] timezone is unset, so UTC", mach);
		break;
	}
	printf(": numbers written without + are read in %s; if the team is "
	    "elsewhere, change %s there before importing the roster", pl->cc,
	    *pl->zone != '\0' ? "both" : "default_country and set timezone");
	if (pl->from == PLACE_LANGUAGE)
		printf(" (%s, says nothing of where the team is)", mach);
	printf("\n");
}

/*
 * cox init [--language LANG] [--country CC] [dir]: says what it made,
 * or that nothing changed.  A team in another language has its
 * cox.conf say so and its home page in it from the start; its country
 * and time zone are --country's, the machine's zone's or the
 * language's home's, and a new cox.conf's language, country and zone
 * are always said, with why, so that a team elsewhere changes them
 * before its roster is read.  Coaches' email is believed from the mail
 * server named by --authserv-id, read off --sample-mail (an email that
 * server delivered), or asked for on a terminal; with none, it is
 * quarantined until [mail] authserv_id is set, and said so.
 */
int
cmd_init(int argc, char **argv)
{
	struct strlist	 made = { 0 };
	const char	*dir, *lang = NULL, *country = NULL, *authserv = NULL;
	const char	*sample = NULL;
	struct place	 pl;
	char		 id[256];
	size_t		 j;
	int		 i, status;
	const struct cli_opt opts[] = {
		{ "language", CLI_ARG, &lang, 0 },
		{ "country", CLI_ARG, &country, 0 },
		{ "authserv-id", CLI_ARG, &authserv, 0 },
		{ "sample-mail", CLI_ARG, &sample, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox init [--language en|fr|de|es] "
	    "[--country CC] [--authserv-id ID | --sample-mail FILE] [dir]",
	    opts, 0, 1, "name at most one folder" };

	if ((i = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (lang != NULL && !words_has(lang)) {
		log_error("--language %s: no such language here (%s)", lang,
		    words_codes());
		return EX_USAGE;
	}
	if (country != NULL && (strlen(country) != 2 ||
	    !phone_country_known(country))) {
		log_error("--country %s: use a two-letter code such as GB, "
		    "US, IE, AU, FR, DE, ES", country);
		return EX_USAGE;
	}
	if (authserv != NULL && sample != NULL) {
		log_error("--authserv-id and --sample-mail both name the mail "
		    "server: give one");
		return EX_USAGE;
	}
	if (authserv != NULL && (*authserv == '\0' ||
	    strcspn(authserv, " \t\r\n;\"") != strlen(authserv))) {
		log_error("--authserv-id %s: write the host name alone, as in "
		    "'Authentication-Results: mx.example.org; ...'", authserv);
		return EX_USAGE;
	}
	if (sample != NULL) {
		if (init_sample_id(sample, id, sizeof(id)) == -1)
			return EX_DATAERR;
		authserv = id;
	}
	workspace_place(lang, country, &pl);
	dir = i < argc ? argv[i] : cli_dir;
	if (authserv == NULL && !init_has_conf(dir)) {
		init_ask_id(id, sizeof(id));
		authserv = *id != '\0' ? id : NULL;
	}
	status = cli_exit(init_workspace(dir, lang, pl.cc, pl.zone, authserv,
	    &made));
	if (status == 0) {
		for (j = 0; j < made.n; j++)
			printf("made %s/%s\n", dir, made.v[j]);
		if (made.n > 0 && !strcmp(made.v[0], "cox.conf"))
			init_place(dir, &pl, lang);
		if (made.n > 0 && !strcmp(made.v[0], "cox.conf"))
			init_trust(dir, authserv);
		if (made.n == 0)
			printf("%s is a workspace already; nothing changed\n",
			    dir);
		init_hint(dir);
	}
	strlist_free(&made);
	return status;
}
