/*
 * inbox.c - cox inbox list|archive: the notes and texts that no rule
 * stored as a rating or a check-in, for a coach to read, answer (cox sms
 * send) and file away.  The dashboard shows the same, unarchived.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "../lib/sql.h"

/*
 * cox inbox list: notes and unparsed texts of squad ?1's members
 * ('' for everyone's, then what came from numbers and addresses on
 * nobody's roster), archived ones too when ?2
 */
STMT(STMT_INBOX_LIST,
    "SELECT m.id, m.created_at, coalesce(p.name, ''), "
    "coalesce(p.handle, ''), m.peer, " EXPORT_SQUADS ", "
    "coalesce(m.kind, ''), m.body, m.archived FROM message m "
    "LEFT JOIN person p ON p.id = m.person_id "
    "WHERE m.direction = 'in' AND (?2 = 1 OR m.archived = 0) AND "
    "(m.kind IN ('note', 'unparsed') OR m.person_id IS NULL) AND "
    "(?1 = '' AND m.person_id IS NULL OR m.person_id IS NOT NULL "
    "AND " EXPORT_IN_SQUAD ") "
    "ORDER BY m.person_id IS NULL, m.created_at, m.id");

static const char usage_list[] = "cox inbox list [-C dir] [--squad squad] "
    "[--all]";
static const char usage_archive[] = "cox inbox archive [-C dir] id...";

/*
 * The inbox, oldest first, people's messages before those from numbers
 * or addresses nobody has; archived ones too with --all.
 */
static int
inbox_list(int argc, char **argv)
{
	struct workspace ws;
	const char	*squad = NULL;
	sqlite3_stmt	*st;
	char		 when[32];
	time_t		 t;
	int		 all = 0, status, rc, n = 0, unknown = 0;
	const struct cli_opt opts[] = {
		{ "squad", CLI_ARG, &squad, 0 },
		{ "all", CLI_FLAG, &all, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_list, opts, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	status = EX_IOERR;
	if (db_read(ws.db) == -1)
		goto out;
	st = db_query(ws.db, STMT_INBOX_LIST, "ti", squad ? squad : "",
	    (int64_t)all);
	while ((rc = db_row(ws.db, st)) == OUT_ROW) {
		t = (time_t)sqlite3_column_int64(st, 1);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", gmtime(&t));
		if (*db_text(st, 3) == '\0' && !unknown++)
			printf("%sFrom numbers and addresses on nobody's "
			    "roster:\n", n ? "\n" : "");
		if (*db_text(st, 3) != '\0')
			printf("%lld  %s  %s (@%s%s%s), %s%s\n",
			    (long long)sqlite3_column_int64(st, 0), when,
			    db_text(st, 2), db_text(st, 3),
			    *db_text(st, 5) ? ", " : "", db_text(st, 5),
			    db_text(st, 6), sqlite3_column_int(st, 8) ?
			    ", archived" : "");
		else
			printf("%lld  %s  %s, %s%s\n",
			    (long long)sqlite3_column_int64(st, 0), when,
			    db_text(st, 4), db_text(st, 6),
			    sqlite3_column_int(st, 8) ? ", archived" : "");
		printf("    %s\n", db_text(st, 7));
		n++;
	}
	sqlite3_reset(st);
	db_rollback(ws.db);
	if (rc == -1)
		goto out;
	if (n == 0)
		printf("nothing in the inbox%s\n", all ? "" : " (--all shows "
		    "what was archived)");
	else
		printf("\nanswer with cox sms send --to @HANDLE TEXT; file "
		    "away with cox inbox archive ID...\n");
	status = 0;
out:
	workspace_close(&ws);
	return status;
}

/* Files messages away: off the dashboard and out of cox inbox list. */
static int
inbox_archive(int argc, char **argv)
{
	struct workspace ws;
	long		 id;
	int		 k, i, status;
	const struct cli cli = { usage_archive, NULL, 1, -1,
	    "name the messages to archive by the number cox inbox list "
	    "gives" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	for (i = k; i < argc; i++)
		if (parse_long(argv[i], 1, INT64_MAX / 2, &id) == -1)
			return cli_usage_error(usage_archive, "'%s' is not a "
			    "message number (cox inbox list shows them)",
			    argv[i]);
	if ((status = cli_open(&ws)) != 0)
		return status;
	status = EX_IOERR;
	if (db_begin(ws.db) == -1)
		goto out;
	for (i = k; i < argc; i++) {
		(void)parse_long(argv[i], 1, INT64_MAX / 2, &id);
		if (db_exec(ws.db, STMT_INBOX_ARCHIVE, "i", (int64_t)id) == -1) {
			db_rollback(ws.db);
			goto out;
		}
		if (db_changes(ws.db) == 0) {
			log_error("no message %ld came in (cox inbox list "
			    "--all shows them); nothing archived", id);
			db_rollback(ws.db);
			status = EX_DATAERR;
			goto out;
		}
	}
	if (db_commit(ws.db) == -1)
		goto out;
	printf("archived %d message%s\n", argc - k, argc - k == 1 ? "" : "s");
	status = 0;
out:
	workspace_close(&ws);
	return status;
}

/* cox inbox list|archive. */
int
cmd_inbox(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "list", inbox_list, usage_list },
		{ "archive", inbox_archive, usage_archive },
	};

	return cli_dispatch("inbox", table, 2, argc, argv);
}
