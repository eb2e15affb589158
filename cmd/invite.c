/*
 * invite.c - cox invite: queue invitations to set a password
 * (lib/account.c); the outbox sends them.
 */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

/*
 * cox invite [--via email|sms] [--again] (--all | who...): queues one
 * invitation per person in one transaction, and says how many were
 * queued and why the others were not.
 */
int
cmd_invite(int argc, char **argv)
{
	struct invite_run r = { 0 };
	struct workspace ws;
	const char	*country, *base;
	int64_t		*ids = NULL, id;
	size_t		 n = 0, j;
	int		 i, all = 0, status, rc = 0;
	const struct cli_opt opts[] = {
		{ "via", CLI_ARG, &r.via, 0 },
		{ "again", CLI_FLAG, &r.again, 1 },
		{ "all", CLI_FLAG, &all, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox invite [-C dir] [--via email|sms] "
	    "[--again] (--all | who ...)", opts, 0, -1, NULL };

	if ((i = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (r.via != NULL && strcmp(r.via, "email") && strcmp(r.via, "sms"))
		return cli_usage_error(cli.usage, "--via is email or sms");
	if (all == (argc > i))
		return cli_usage_error(cli.usage, "name people, or --all");
	if ((status = cli_open(&ws)) != 0)
		return status;
	r.db = ws.db;
	status = EX_CONFIG;
	if ((country = workspace_country(&ws)) == NULL ||
	    config_require(ws.conf, "site", "base_url", "put the address "
	    "the site is served from there", &base) == -1 ||
	    config_long(ws.conf, "accounts", "invite_days", 7, 1, 90,
	    &r.days) == -1)
		goto out;
	if (workspace_base_url(ws.conf) == NULL) {
		config_bad(ws.conf, "site", "base_url", "it is still cox "
		    "init's example: put the address the site is served "
		    "from, or the invitations' links lead nowhere");
		goto out;
	}
	r.club = config_get(ws.conf, "team", "name");
	r.base = base;	/* an operator invites: from the club, no coach */
	status = EX_IOERR;
	if (sodium_init() == -1 || db_begin(ws.db) == -1)
		goto out;
	if (all)
		rc = db_ids(ws.db, db_query(ws.db, STMT_PERSON_LIST, "d", 0),
		    &ids, &n);
	for (j = 0; rc == 0 && j < n; j++)
		rc = invite_queue(&r, ids[j]);
	for (; rc == 0 && i < argc; i++) {
		if ((status = cli_person(ws.db, argv[i], country, &id)) != 0) {
			db_rollback(ws.db);
			goto out;
		}
		rc = invite_queue(&r, id);
	}
	status = EX_IOERR;
	if (rc == -1 || db_commit(ws.db) == -1) {
		db_rollback(ws.db);
		goto out;
	}
	printf("%d invitation%s queued (cox sms serve or cox outbox run sends "
	    "them); %d skipped as registered (--again to invite them too), "
	    "%d with no way to reach them\n", r.queued, r.queued == 1 ? "" :
	    "s", r.registered, r.unreachable);
	status = 0;
out:
	free(ids);
	workspace_close(&ws);
	return status;
}
