/*
 * remind.c - cox remind run: one pass of reminders and check-in prompts
 * (ingest/remind.c), for a timer; cox sms serve runs the same every
 * minute.  What it queues, cox outbox run (or the daemon) sends.
 */
#include "cmd.h"

static const char usage_run[] = "cox remind run [-C dir]";

static int
remind_run(int argc, char **argv)
{
	struct workspace ws;
	struct remind	*r = NULL;
	int		 status, queued;
	const struct cli cli = { usage_run, NULL, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	if ((status = cli_exit(remind_new(ws.conf, &r))) != 0)
		goto out;
	if (!remind_on(r)) {
		printf("no reminders are set up ([reminders] in %s)\n",
		    config_path(ws.conf));
		goto out;
	}
	if (remind_pass(ws.db, r, clock_now(), &queued) == -1) {
		status = EX_IOERR;
		goto out;
	}
	printf("%d text%s queued\n", queued, queued == 1 ? "" : "s");
out:
	remind_free(r);
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
