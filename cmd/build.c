/*
 * build.c - cox build: render and seal the site into site/ (gen/build.c).
 */
#include "cmd.h"

/* cox build [--force]: exit 0, EX_CONFIG, or EX_SOFTWARE (said why). */
int
cmd_build(int argc, char **argv)
{
	struct workspace ws;
	int		 force = 0, status;
	const struct cli_opt opts[] = {
		{ "force", CLI_FLAG, &force, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox build [-C dir] [--force]", opts, 0, 0,
	    NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	status = cli_exit(build_site(&ws, force, NULL));
	workspace_close(&ws);
	return status;
}
