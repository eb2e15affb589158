/*
 * remind.c - cox remind run: one pass of reminders and check-in prompts
 * (ingest/remind.c) and of the coaches' morning digests (ingest/
 * digest.c), for a timer; cox sms serve runs the same every minute.
 * What it queues, cox outbox run (or the daemon) sends.
 */
#include "cmd.h"

static const char usage_run[] = "cox remind run [-C dir]";

/* The passes at now, each said in a line; an exit status. */
static int
remind_passes(struct workspace *ws, const struct remind *r,
    const struct digest *d)
{
	int	 queued;

	if (remind_on(r)) {
		if (remind_pass(ws->db, r, clock_now(), &queued) == -1)
			return EX_IOERR;
		printf("%d text%s queued\n", queued, queued == 1 ? "" : "s");
	}
	if (digest_on(d)) {
		if (digest_pass(ws->db, d, clock_now(), NULL, &queued) == -1)
			return EX_IOERR;
		if (queued > 0)
			printf("%d digest%s queued\n", queued,
			    queued == 1 ? "" : "s");
	}
	return 0;
}

static int
remind_run(int argc, char **argv)
{
	struct workspace ws;
	struct remind	*r = NULL;
	struct digest	*d = NULL;
	int		 status;
	const struct cli cli = { usage_run, NULL, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	if ((status = cli_exit(remind_new(ws.conf, &r))) != 0 ||
	    (status = cli_exit(digest_new(ws.conf, &d))) != 0)
		goto out;
	if (!remind_on(r))
		printf("no reminders are set up ([reminders] in %s)\n",
		    config_path(ws.conf));
	status = remind_passes(&ws, r, d);
out:
	remind_free(r);
	digest_free(d);
	workspace_close(&ws);
	return status;
}

/* cox remind run. */
int
cmd_remind(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "run", remind_run, usage_run },
	};

	return cli_dispatch("remind", table, 1, argc, argv);
}
