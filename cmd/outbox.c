/*
 * outbox.c - cox outbox run: send what is queued, once (ingest/outbox.c).
 * cox sms serve runs the same sender every few seconds.
 */
#include <curl/curl.h>
#include <sodium.h>

#include "cmd.h"

static const char usage_run[] = "cox outbox run [-C dir]";

/* One pass over the queue: says how many emails and texts went out. */
static int
outbox_run(int argc, char **argv)
{
	struct workspace ws;
	struct outbox	*ob = NULL;
	int		 status, n, m;
	const struct cli cli = { usage_run, NULL, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	if ((status = cli_exit(outbox_new(ws.conf, &ob))) != 0)
		goto out;
	if (!outbox_ready(ob)) {
		log_error("%s: neither [smtp] url nor [sms] account_sid is "
		    "set, so nothing can be sent", config_path(ws.conf));
		outbox_report_unsendable(ws.db, ob);
		status = EX_CONFIG;
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0 || sodium_init() == -1) {
		status = EX_SOFTWARE;
		goto out;
	}
	outbox_report_stuck(ws.db);
	if (outbox_pass(&ws, ob, &n, &m) == 0) {
		printf("%d email%s sent, %d text%s sent\n", n, n == 1 ? "" : "s",
		    m, m == 1 ? "" : "s");
		outbox_report_unsendable(ws.db, ob);
		status = 0;
	} else
		status = EX_IOERR;
	curl_global_cleanup();
out:
	outbox_free(ob);
	workspace_close(&ws);
	return status;
}

/* cox outbox run. */
int
cmd_outbox(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "run", outbox_run, usage_run },
	};

	return cli_dispatch("outbox", table, 1, argc, argv);
}
