/*
 * prune.c - cox prune: what [privacy] keep_months says not to keep any
 * longer, deleted (lib/erase.c), and the site's history cut at the
 * same date (gen/erase.c).  Run each night by cox-nightly@.service.
 */
#include <stdio.h>

#include "cmd.h"

/*
 * cox prune: wellness, sessions and messages older than [privacy]
 * keep_months, ratings and seat races older than keep_ratings_months
 * (0, the
 * default for both: kept for ever), and the site's commits older than
 * keep_months.
 */
int
cmd_prune(int argc, char **argv)
{
	struct retain_counts n;
	struct workspace ws;
	time_t		 now, cut = 0, rcut = 0;
	long		 months, rmonths;
	int		 k, status, cut_status, rewrote = 0;
	const struct cli cli = { "cox prune [-C dir]", NULL, 0, 0, "" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	(void)k;
	status = EX_CONFIG;
	if (config_long(ws.conf, "privacy", "keep_months", 0, 0, 1200,
	    &months) == -1 || config_long(ws.conf, "privacy",
	    "keep_ratings_months", 0, 0, 1200, &rmonths) == -1)
		goto out;
	now = clock_now();
	if (months > 0)
		cut = erase_months_ago(now, months);
	if (rmonths > 0)
		rcut = erase_months_ago(now, rmonths);
	if (cut == 0 && rcut == 0) {
		printf("nothing to prune: [privacy] keep_months is 0 (kept "
		    "for ever)\n");
		status = 0;
		goto out;
	}
	if ((status = cli_exit(erase_before(ws.db, cut, rcut, &n))) != 0)
		goto out;
	printf("deleted %lld check-ins, %lld sessions, %lld messages, "
	    "%lld ratings and %lld seat races past their time\n",
	    (long long)n.wellness, (long long)n.sessions,
	    (long long)n.messages, (long long)n.ratings,
	    (long long)n.seat_races);
	/* zeroed as they went (secure_delete); the log's older copies of
	 * them go with it */
	switch (db_scrub(ws.db, 0)) {
	case -1:	/* said; the history is cut all the same */
		status = EX_IOERR;
		break;
	case 1:
		printf("cox.db's log was in use and keeps older copies of "
		    "them until the next cox prune empties it\n");
		break;
	}
	if (cut != 0 && (cut_status = cli_exit(erase_history_before(&ws, cut,
	    &rewrote))) != 0) {
		status = cut_status;
		goto out;
	}
	if (rewrote)
		printf("the site's history now starts after the cut; the next "
		    "cox publish --push is forced\n");
out:
	workspace_close(&ws);
	return status;
}
