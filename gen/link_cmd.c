/*
 * link_cmd.c - cox link: the magic link that opens someone's page.
 *
 * An athlete's link opens their page; a coach's opens the dashboard,
 * which links on to every athlete page.  The secret is in the URL
 * fragment, which browsers never send to the host.  Until people have
 * registered a password, this is how a coach hands pages over.
 */
#include <getopt.h>
#include <string.h>

#include <sodium.h>

#include "gen.h"

static const char usage[] = "cox link [-C dir] [--base url] who...";

int
cmd_link(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "base", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct workspace ws;
	struct person	 p = { 0 };
	struct page_keys k;
	const char	*base = NULL, *country;
	char		 page[64], link[64];
	int64_t		 id;
	int		 c, i, status, rc;

	optind = 0;
	while ((c = getopt_long(argc, argv, "C:b:h", opts, NULL)) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 'b': base = optarg; break;
		case 'h': printf("usage: %s\n", usage); return 0;
		default: return cli_usage_error(usage, NULL);
		}
	if (argc == optind)
		return cli_usage_error(usage, "name someone");
	if ((status = cli_open(&ws)) != 0)
		return status;
	status = EX_CONFIG;
	if ((country = workspace_country(&ws)) == NULL ||
	    (base == NULL && config_require(ws.conf, "site", "base_url",
	    "put the address the site is served from there", &base) == -1))
		goto out;
	status = EX_IOERR;
	if (sodium_init() == -1 || db_begin(ws.db) == -1)
		goto out;
	for (i = optind; i < argc; i++) {
		rc = person_find(ws.db, argv[i], country, &id);
		if (rc != 1) {
			log_error(rc == 2 ? "several people match '%s'" :
			    "nobody on the roster matches '%s'", argv[i]);
			status = rc == 2 ? EX_USAGE : EX_NOINPUT;
			goto rollback;
		}
		if (person_load(ws.db, id, &p) == -1)
			goto rollback;
		if (!p.active) {
			log_error("%s is no longer on the roster", p.name);
			status = EX_NOINPUT;
			goto rollback;
		}
		if (p.role == ROLE_ATHLETE)
			snprintf(page, sizeof(page), "a/%s/", p.slug);
		else
			snprintf(page, sizeof(page), "coach/");
		if (pagekey_get(ws.db, page, p.role == ROLE_ATHLETE ? id : 0,
		    &k) == -1 || pagekey_link(&k, link, sizeof(link)) == -1)
			goto rollback;
		sodium_memzero(&k, sizeof(k));
		printf("%s\t%s%s%s#k=%s\n", p.name, base,
		    base[strlen(base) - 1] == '/' ? "" : "/", page, link);
		person_clear(&p);
	}
	status = db_commit(ws.db) == 0 ? 0 : EX_IOERR;
	goto out;
rollback:
	db_rollback(ws.db);
out:
	person_clear(&p);
	workspace_close(&ws);
	return status;
}
