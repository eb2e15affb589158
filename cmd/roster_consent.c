/*
 * roster_consent.c - cox roster consent: that a person, or their
 * guardian, agreed to texts or to wellness questions (or took it
 * back), when, how and to which version of the notice.
 */
#include <string.h>
#include <time.h>

#include "cmd.h"

STMT(STMT_CONSENT_WITHDRAW,
    "UPDATE consent SET withdrawn_at = ?3 WHERE person_id = ?1 AND "
    "kind = ?2 AND withdrawn_at IS NULL");

const char usage_roster_consent[] =
    "cox roster consent [-C dir] who --texts | --wellness | --guardian\n"
    "       [--channel paper|email|sms|web|in-person] [--version text] "
    "[--on YYYY-MM-DD]\n"
    "       [--withdraw]";

/*
 * Whether person id has a guardian whose consent can be recorded: 0,
 * or the exit status, said (EX_DATAERR when there is none to give it).
 */
static int
consent_guardian(struct db *db, int64_t id)
{
	struct person	 p = { 0 };
	int		 status = 0;

	if (person_load(db, id, &p) == -1)
		status = EX_IOERR;
	else if (!person_has_guardian(&p)) {
		log_error("%s (@%s) has no guardian on the roster, so no "
		    "guardian's consent can be recorded: add their guardian "
		    "first (cox roster edit @%s --guardian-name NAME "
		    "--guardian-phone NUMBER or --guardian-email ADDRESS)",
		    p.name, p.handle, p.handle);
		status = EX_DATAERR;
	}
	person_clear(&p);
	return status;
}

/*
 * cox roster consent who --texts|--wellness|--guardian: records that
 * who (or, --guardian, their guardian) agreed, when (--on, default
 * today), how (--channel, default paper) and to which version of the
 * notice; --withdraw records that they took it back.
 */
int
cmd_roster_consent(int argc, char **argv)
{
	static const char *const channels[] = { "paper", "email", "sms", "web",
	    "in-person", NULL };
	struct workspace ws;
	struct person	 p = { 0 };
	const char	*channel = "paper", *version = "", *on = NULL;
	const char	*kind = NULL;
	char		 day[11];
	int64_t		 id, at;
	int		 k, i, status, texts = 0, wellness = 0, guardian = 0;
	int		 withdraw = 0;
	const struct cli_opt opts[] = {
		{ "texts", CLI_FLAG, &texts, 1 },
		{ "wellness", CLI_FLAG, &wellness, 1 },
		{ "guardian", CLI_FLAG, &guardian, 1 },
		{ "channel", CLI_ARG, &channel, 0 },
		{ "version", CLI_ARG, &version, 0 },
		{ "on", CLI_ARG, &on, 0 },
		{ "withdraw", CLI_FLAG, &withdraw, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_roster_consent, opts, 1, 1,
	    "name one person" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (texts + wellness + guardian == 0)
		return cli_usage_error(usage_roster_consent, "say which "
		    "consent: --texts, --wellness or --guardian");
	if (texts + wellness + guardian > 1)
		return cli_usage_error(usage_roster_consent, "one consent at a "
		    "time: record each of --texts, --wellness and --guardian "
		    "with a command of its own");
	kind = texts ? "texts" : wellness ? "wellness" : "guardian";
	for (i = 0; channels[i] != NULL && strcmp(channels[i], channel); i++)
		continue;
	if (channels[i] == NULL || strlen(version) > 64) {
		log_error("--channel is paper, email, sms, web or in-person, "
		    "and --version at most 64 characters");
		return EX_USAGE;
	}
	at = (int64_t)time(NULL);
	if (on != NULL) {
		struct tm tm = { 0 };

		if (day_parse(on, day) == -1 ||
		    strptime(day, "%Y-%m-%d", &tm) == NULL) {
			log_error("--on '%s' is not a day written YYYY-MM-DD",
			    on);
			return EX_USAGE;
		}
		at = (int64_t)timegm(&tm) + 12 * 3600;
	}
	if ((status = cli_begin_person(&ws, argv[k], &id)) != 0)
		goto out;
	if (guardian && !withdraw && (status = consent_guardian(ws.db,
	    id)) != 0) {
		db_rollback(ws.db);
		goto out;
	}
	status = EX_IOERR;
	if ((withdraw ? db_exec(ws.db, STMT_CONSENT_WITHDRAW, "iti", id, kind,
	    at) : db_exec(ws.db, STMT_CONSENT_GIVE, "ititt", id, kind, at,
	    channel, version)) == -1 || db_commit(ws.db) == -1) {
		db_rollback(ws.db);
		goto out;
	}
	/* whose, as the roster names them: a handle mistyped shows */
	if (person_load(ws.db, id, &p) == 0)
		printf("%s %s, for %s (@%s)\n", withdraw ? "withdrawn:" :
		    "recorded:", kind, p.name, p.handle);
	person_clear(&p);
	status = 0;
out:
	workspace_close(&ws);
	return status;
}
