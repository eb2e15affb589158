/*
 * erg.c - cox erg sync: each linked athlete's new results from the
 * Concept2 Logbook (ingest/concept2.c), for a timer; an erg test of
 * the team's metrics kept as its measured value, any other workout as
 * a session (lib/logbook.c).
 */
#include "cmd.h"

static const char usage_sync[] = "cox erg sync [-C dir]";

static int
erg_sync(int argc, char **argv)
{
	struct workspace	 ws;
	struct concept2		*c = NULL;
	struct concept2_tally	 t;
	enum outcome		 rc;
	int			 status;
	const struct cli cli = { usage_sync, NULL, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	if ((status = cli_exit(concept2_open(ws.conf, &c))) != 0)
		goto out;
	rc = concept2_sync(c, ws.db, clock_now(), &t);
	printf("%d athlete%s asked: %d new test%s, %d new session%s, %d "
	    "to link again\n", t.athletes, t.athletes == 1 ? "" : "s",
	    t.tests, t.tests == 1 ? "" : "s", t.sessions, t.sessions == 1 ?
	    "" : "s", t.refused);
	status = cli_exit(rc);
	if (status == 0 && fflush(stdout) != 0)
		status = EX_IOERR;
out:
	concept2_free(c);
	workspace_close(&ws);
	return status;
}

/* cox erg sync. */
int
cmd_erg(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "sync", erg_sync, usage_sync },
	};

	return cli_dispatch("erg", table, 1, argc, argv);
}
