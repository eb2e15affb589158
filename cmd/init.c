/*
 * init.c - cox init: a new team workspace (gen/init.c).
 */
#include <string.h>

#include "cmd.h"

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

/* Says where a new cox.conf puts the team, and why (workspace_place()). */
static void
init_place(const char *dir, const char *cc, const char *zone,
    enum place_from from, const char *lang)
{
	char	 first[64];
	int	 n;

	printf("%s/cox.conf: default_country = %s", dir, cc);
	if (*zone != '\0')
		printf(", timezone = %s", zone);
	if (from == PLACE_COUNTRY) {
		printf(" (from --country)");
		if (*zone == '\0' && (n = workspace_country_zones(cc,
		    first)) > 1)
			printf("; [team] timezone is unset, so UTC: set it to "
			    "the team's: %s has %d zones, %s first (grep ^%s "
			    "/usr/share/zoneinfo/zone.tab)", cc, n, first, cc);
		else if (*zone == '\0')
			printf("; [team] timezone is unset, so UTC: set it to "
			    "the team's (ls /usr/share/zoneinfo)");
		printf("\n");
		return;
	}
	printf(" (from %s%s): numbers written without + are read in %s; "
	    "if the team is elsewhere, change %s there before importing "
	    "the roster\n", from == PLACE_LANGUAGE ? "--language " :
	    "this machine's time zone", from == PLACE_LANGUAGE ? lang : "",
	    cc, *zone != '\0' ? "both" : "it");
}

/*
 * cox init [--language LANG] [--country CC] [dir]: says what it made,
 * or that nothing changed.  A team in another language has its
 * cox.conf say so and its home page in it from the start; its country
 * and time zone are the language's home's, or the machine's zone's,
 * and said, so that a team elsewhere changes them before its roster
 * is read.
 */
int
cmd_init(int argc, char **argv)
{
	struct strlist	 made = { 0 };
	const char	*dir, *lang = NULL, *country = NULL;
	enum place_from	 from;
	char		 cc[3], zone[64];
	size_t		 j;
	int		 i, status;
	const struct cli_opt opts[] = {
		{ "language", CLI_ARG, &lang, 0 },
		{ "country", CLI_ARG, &country, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox init [--language en|fr|de|es] "
	    "[--country CC] [dir]", opts, 0, 1, "name at most one folder" };

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
	from = workspace_place(lang, country, cc, zone);
	dir = i < argc ? argv[i] : cli_dir;
	status = cli_exit(init_workspace(dir, lang, cc, zone, &made));
	if (status == 0) {
		for (j = 0; j < made.n; j++)
			printf("made %s/%s\n", dir, made.v[j]);
		if (made.n > 0 && !strcmp(made.v[0], "cox.conf") &&
		    from != PLACE_DEFAULT)
			init_place(dir, cc, zone, from, lang);
		if (made.n == 0)
			printf("%s is a workspace already; nothing changed\n",
			    dir);
		init_hint(dir);
	}
	strlist_free(&made);
	return status;
}
