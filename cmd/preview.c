/*
 * preview.c - cox preview: site/ served read-only on loopback
 * (gen/preview.c), to look at a build before publishing it.
 */
#include <netinet/in.h>

#include "cmd.h"

/* cox preview [--listen addr:port]: runs until Ctrl-C. */
int
cmd_preview(int argc, char **argv)
{
	struct sockaddr_in	 sa;
	const char		*listen = "127.0.0.1:8080";
	char			 site[4096];
	int			 status;
	const struct cli_opt opts[] = {
		{ "listen", CLI_ARG, &listen, 0 },
		{ NULL },
	};
	const struct cli cli = { "cox preview [-C dir] [--listen addr:port]",
	    opts, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1)
		return status;
	if (listen_parse(listen, &sa) == -1)
		return cli_usage_error(cli.usage, "'%s' is not addr:port",
		    listen);
	if (snprintf(site, sizeof(site), "%s/site", cli_dir) >=
	    (int)sizeof(site))
		return cli_usage_error(cli.usage, "-C: path too long");
	stop_on_signals();
	return cli_exit(preview_serve(site, &sa));
}
