/*
 * link.c - cox link: the magic link that opens someone's page.
 *
 * An athlete's link opens their page; a coach's opens the dashboard,
 * which links on to every athlete page.  The secret is in the URL
 * fragment, which browsers never send to the host.  Until people have
 * registered a password, this is how a coach hands pages over.
 */
#include <string.h>

#include <sodium.h>

#include "cmd.h"

/*
 * cox link [--base url] who...: prints "Name<TAB>link" for each; the
 * page keys are made on first use.  Nothing is printed unless all are
 * found (EX_NOINPUT, EX_USAGE for an ambiguous name).
 */
int
cmd_link(int argc, char **argv)
{
	struct workspace ws;
	struct person	 p = { 0 };
	struct strlist	 lines = { 0 };
	const char	*base = NULL, *country;
	char		 link[4096];
	int64_t		 id;
	size_t		 j;
	int		 i, status;
	const struct cli_opt opts[] = {
		{ "base", CLI_ARG, &base, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox link [-C dir] [--base url] who...", opts,
	    1, -1, "name someone" };

	if ((i = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	status = EX_CONFIG;
	if ((country = workspace_country(&ws)) == NULL ||
	    (base == NULL && config_require(ws.conf, "site", "base_url",
	    "put the address the site is served from there", &base) == -1))
		goto out;
	if (strcmp(base, SITE_URL_EXAMPLE) == 0)
		log_warn("[site] base_url is still cox init's example: these "
		    "links lead nowhere until it is the site's address");
	status = EX_IOERR;
	if (sodium_init() == -1 || db_begin(ws.db) == -1)
		goto out;
	for (; i < argc; i++) {
		if ((status = cli_person(ws.db, argv[i], country, &id)) != 0)
			goto rollback;
		status = EX_IOERR;
		if (person_load(ws.db, id, &p) == -1)
			goto rollback;
		if (!p.active) {
			log_error("%s is no longer on the roster", p.name);
			status = EX_NOINPUT;
			goto rollback;
		}
		if (person_url(ws.db, &p, base, link, sizeof(link)) == -1 ||
		    strlist_addf(&lines, "%s\t%s", p.name, link) == -1)
			goto rollback;
		person_clear(&p);
	}
	if (db_commit(ws.db) == -1)
		goto out;
	for (j = 0; j < lines.n; j++)
		printf("%s\n", lines.v[j]);
	status = 0;
	goto out;
rollback:
	db_rollback(ws.db);
out:
	for (j = 0; j < lines.n; j++)
		sodium_memzero(lines.v[j], strlen(lines.v[j]));
	strlist_free(&lines);
	person_clear(&p);
	workspace_close(&ws);
	return status;
}
