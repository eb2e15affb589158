/*
 * init_cmd.c - cox init: a new team workspace (cox.conf, cox.db and
 * site/ as a git repository).  Running it again keeps what exists.
 */
#include <getopt.h>
#include <string.h>

#include "gen.h"

static const char usage[] = "cox init [dir]";

/* pages/index.md, the public home page, unless there is one. */
static int
init_home_page(const char *dir, struct strlist *made)
{
	static const char home[] =
	    "# Our squad\n\n"
	    "Every athlete has a private page here with their coach's ratings,\n"
	    "their own, and how they have been feeling. It opens only with the\n"
	    "link you were sent or your password.\n\n"
	    "Text `help` to the squad number to see what you can send.\n";
	char	 path[4096];

	if (snprintf(path, sizeof(path), "%s/pages", dir) >=
	    (int)sizeof(path) || dir_make(path, 0755) == -1 ||
	    snprintf(path, sizeof(path), "%s/pages/index.md", dir) >=
	    (int)sizeof(path))
		return -1;
	if (file_exists(path))
		return 0;
	if (file_write_atomic(path, home, sizeof(home) - 1, 0644) == -1)
		return -1;
	return strlist_add(made, "pages/index.md");
}

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
	if (init_home_page(dir, &made) == -1)
		goto out;
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
