/*
 * demo_cmd.c - cox demo: the whole loop on the demo team in content/,
 * driven through the same front ends a coach would use.
 */
#include <getopt.h>
#include <glob.h>
#include <string.h>

#include "gen.h"

static const char usage[] = "cox demo [dir]";

/* Runs one cox front end with the given words; returns its status. */
static int
run(int (*cmd)(int, char **), char **words)
{
	int	 argc = 0;

	while (words[argc] != NULL)
		argc++;
	fflush(stdout);
	return cmd(argc, words);
}

int
cmd_demo(int argc, char **argv)
{
	char		 roster[4096], pattern[4096], *dir;
	glob_t		 g = { 0 };
	char		*words[64];
	size_t		 i, n;
	int		 c, status;

	optind = 0;
	while ((c = getopt(argc, argv, "C:h")) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 'h': printf("usage: %s\n", usage); return 0;
		default: return cli_usage_error(usage, NULL);
		}
	if (argc - optind > 1)
		return cli_usage_error(usage, "name at most one folder");
	dir = argc - optind == 1 ? argv[optind] : "demo-team";
	if (path_join(roster, sizeof(roster), cli_datadir(),
	    "content/roster.csv") == -1 ||
	    path_join(pattern, sizeof(pattern), cli_datadir(),
	    "content/metrics/*.md") == -1)
		return EX_SOFTWARE;
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc > 50) {
		log_error("%s: no metric files (is COX_DATADIR right?)",
		    pattern);
		globfree(&g);
		return EX_NOINPUT;
	}
	printf("== workspace %s\n", dir);
	if ((status = init_workspace(dir)) != 0)
		goto out;
	printf("\n== metrics from %s\n", pattern);
	n = 0;
	words[n++] = "metric"; words[n++] = "add"; words[n++] = "-C";
	words[n++] = dir; words[n++] = "--file";
	for (i = 0; i < g.gl_pathc; i++)
		words[n++] = g.gl_pathv[i];
	words[n] = NULL;
	if ((status = run(cmd_metric, words)) != 0)
		goto out;
	printf("\n== roster from %s\n", roster);
	if ((status = run(cmd_roster, (char *[]){ "roster", "import", "-C",
	    dir, roster, NULL })) != 0)
		goto out;
	printf("\n== the team (cox -C %s roster list)\n", dir);
	status = run(cmd_roster, (char *[]){ "roster", "list", "-C", dir,
	    NULL });
out:
	globfree(&g);
	return status;
}
