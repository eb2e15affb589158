/*
 * publish.c - cox publish: commit site/ and push it (gen/publish.c).
 */
#include "cmd.h"

/* cox publish [--push] [--all]: says what it committed and where it pushed. */
int
cmd_publish(int argc, char **argv)
{
	struct workspace	 ws;
	struct publish_result	 res;
	int			 push = 0, all = 0, status;
	enum outcome		 o;
	const struct cli_opt opts[] = {
		{ "push", CLI_FLAG, &push, 1 },
		{ "all", CLI_FLAG, &all, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox publish [-C dir] [--push] [--all]", opts, 0, 0,
	    NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	o = publish_site(&ws, push, all, &res);
	if (res.committed)
		printf(res.made ? "committed %s\n" :
		    "nothing changed; no commit\n", res.oid);
	if (res.pushed != NULL)
		printf("pushed to %s\n", res.pushed);
	workspace_close(&ws);
	return cli_exit(o);
}
