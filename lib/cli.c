/*
 * cli.c - what every subcommand's front end shares: the workspace
 * folder given with -C, where installed data lives, and usage errors.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib.h"

#ifndef COX_DATADIR
#define COX_DATADIR "/usr/local/share/coxswain"
#endif

const char	*cli_dir = ".";

/* Whether dir holds the site templates, i.e. is a data folder. */
static int
datadir_ok(const char *dir)
{
	char	 path[4096];

	return snprintf(path, sizeof(path), "%s/site-templates/head.html",
	    dir) < (int)sizeof(path) && file_exists(path);
}

/*
 * Where content/ and site-templates/ are: $COX_DATADIR; else beside the
 * binary, as installed (BIN/../share/coxswain) or in a source checkout
 * (the binary's own folder); else the folder chosen at build time.
 * Looking beside the binary keeps an installed tree relocatable.
 */
const char *
cli_datadir(void)
{
	static char	 found[4096];
	const char	*d = getenv("COX_DATADIR");
	char		 exe[4096], *slash;
	ssize_t		 n;

	if (d != NULL && *d != '\0')
		return d;
	if (found[0] != '\0')
		return found;
	if ((n = readlink("/proc/self/exe", exe, sizeof(exe) - 1)) > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')) != NULL) {
			*slash = '\0';
			if (snprintf(found, sizeof(found), "%s/../share/"
			    "coxswain", exe) < (int)sizeof(found) &&
			    datadir_ok(found))
				return found;
			if (snprintf(found, sizeof(found), "%s", exe) <
			    (int)sizeof(found) && datadir_ok(found))
				return found;
		}
	}
	snprintf(found, sizeof(found), "%s", COX_DATADIR);
	return found;
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

/* "127.0.0.1:8080", ":8080" or "8080" into an IPv4 socket address. */
int
cli_parse_listen(const char *spec, struct sockaddr_in *sa)
{
	char		 host[64] = "127.0.0.1";
	const char	*colon = strrchr(spec, ':');
	long		 port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon != NULL && colon != spec) {
		if ((size_t)(colon - spec) >= sizeof(host))
			return -1;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	}
	if (parse_long(colon ? colon + 1 : spec, 1, 65535, &port) == -1 ||
	    inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	sa->sin_port = htons((uint16_t)port);
	return 0;
}
