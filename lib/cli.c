/*
 * cli.c - what every subcommand's front end shares: the workspace
 * folder given with -C, where installed data lives, and usage errors.
 */
#include <stdlib.h>
#include <string.h>

#include "lib.h"

#ifndef COX_DATADIR
#define COX_DATADIR "/usr/local/share/coxswain"
#endif

const char	*cli_dir = ".";

/*
 * Where content/ and site-templates/ are: $COX_DATADIR (a source
 * checkout sets it to the checkout), else the installed copy.
 */
const char *
cli_datadir(void)
{
	const char	*d = getenv("COX_DATADIR");

	return d != NULL && *d != '\0' ? d : COX_DATADIR;
}

/* Says what is wrong and how the command is used; returns EX_USAGE. */
int
cli_usage_error(const char *usage, const char *fmt, ...)
{
	va_list	 ap;

	if (fmt != NULL) {
		va_start(ap, fmt);
		log_vmsg(LOGL_ERROR, fmt, ap);
		va_end(ap);
	}
	fprintf(stderr, "usage: %s\n", usage);
	return EX_USAGE;
}

/* Opens the workspace named by -C; returns 0 or the exit status. */
int
cli_open(struct workspace *ws)
{
	int	 status;

	if (workspace_open(cli_dir, ws, &status) == -1)
		return status;
	return 0;
}

/*
 * Runs the sub-command argv[1] of group from table, handing it argv
 * from its own name on; "--help" lists every sub-command's usage.
 */
int
cli_dispatch(const char *group, const struct subcmd *table, size_t n,
    int argc, char **argv)
{
	const char	*sub = argc > 1 ? argv[1] : "";
	size_t		 i;
	int		 help;

	for (i = 0; i < n; i++)
		if (strcmp(sub, table[i].name) == 0)
			return table[i].run(argc - 1, argv + 1);
	help = strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0;
	if (!help)
		log_error("%s%s%s", *sub ? "unknown command '" : "say what to "
		    "do: ", *sub ? sub : group, *sub ? "'" : "");
	for (i = 0; i < n; i++)
		fprintf(help ? stdout : stderr, "%s %s\n", i ? "      " :
		    "usage:", table[i].usage);
	return help ? 0 : EX_USAGE;
}
