/*
 * digest.c - cox digest [--dry-run]: the coaches' morning digests due
 * now (ingest/digest.c), queued for the outbox as cox remind run and
 * cox sms serve queue them; with --dry-run printed instead, and nothing
 * kept, for an operator to see what would go.
 */
#include "cmd.h"

/* Prints each email of a dry run, a blank line after each. */
static void
digest_show(const struct strlist *shown)
{
	size_t	 i;

	for (i = 0; i < shown->n; i++)
		printf("%s\n", shown->v[i]);
}

int
cmd_digest(int argc, char **argv)
{
	struct workspace ws;
	struct digest	*d = NULL;
	struct strlist	 shown = { 0 };
	int		 status, dry = 0, queued;
	const struct cli_opt opts[] = {
		{ "dry-run", CLI_FLAG, &dry, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox digest [-C dir] [--dry-run]", opts, 0,
	    0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	if ((status = cli_exit(digest_new(ws.conf, &d))) != 0)
		goto out;
	if (!digest_on(d)) {
		printf("digests are off ([digest] off in %s)\n",
		    config_path(ws.conf));
		goto out;
	}
	if (digest_pass(ws.db, d, clock_now(), dry ? &shown : NULL,
	    &queued) == -1) {
		status = EX_IOERR;
		goto out;
	}
	digest_show(&shown);
	printf("%d digest%s %s\n", queued, queued == 1 ? "" : "s",
	    dry ? "would be queued" : "queued");
	/* most of the day none is due, which an empty run should say */
	if (queued == 0)
		printf("a coach's digest goes once a day at %02d:%02d ([digest] "
		    "at) or at the coach's own time, when there is something "
		    "to say\n", digest_at(d) / 60, digest_at(d) % 60);
out:
	strlist_free(&shown);
	digest_free(d);
	workspace_close(&ws);
	return status;
}
