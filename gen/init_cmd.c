/*
 * init_cmd.c - cox init: a new team workspace (cox.conf, cox.db and
 * site/ as a git repository).  Running it again keeps what exists.
 */
#include <getopt.h>
#include <string.h>

#include "gen.h"

static const char usage[] = "cox init [dir]";

/* Shared with cox demo: makes dir a workspace and says what it made. */
int
init_workspace(const char *dir)
{
	struct strlist	 made = { 0 };
	struct workspace ws = { 0 };
	const char	*branch;
	char		 site[4096];
	size_t		 i;
	int		 created, status;

	status = EX_CANTCREAT;
	if (workspace_create(dir, &made) == -1)
		goto out;
	if (workspace_open(dir, &ws, &status) == -1)
		goto out;
	status = EX_CANTCREAT;
	if ((branch = config_get(ws.conf, "site", "branch")) == NULL)
		branch = "main";
	if (workspace_path(&ws, "site", site, sizeof(site)) == -1 ||
	    siterepo_init(site, branch, &created) == -1)
		goto out;
	if (created)
		strlist_add(&made, "site/ (git repository)");
	for (i = 0; i < made.n; i++)
		printf("made %s/%s\n", dir, made.v[i]);
	if (made.n == 0)
		printf("%s is a workspace already; nothing changed\n", dir);
	status = 0;
out:
	workspace_close(&ws);
	strlist_free(&made);
	return status;
}

int
cmd_init(int argc, char **argv)
{
	int	 c;

	optind = 0;
	while ((c = getopt(argc, argv, "C:h")) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 'h': printf("usage: %s\n", usage); return 0;
		default: return cli_usage_error(usage, NULL);
		}
	if (argc - optind > 1)
		return cli_usage_error(usage, "name at most one folder");
	return init_workspace(argc - optind == 1 ? argv[optind] : cli_dir);
}
