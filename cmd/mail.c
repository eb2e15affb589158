/*
 * mail.c - cox mail: coach rating emails into the database, exactly
 * once, from standard input (ingest/mda.c), a Maildir (maildir.c) or
 * an IMAP mailbox (imap.c); each hands every message to intake.c.
 * --oauth2-login makes the refresh token IMAP and SMTP log in with at
 * Gmail or Microsoft 365 (oauth2.c).
 */
#include <stdlib.h>

#include "cmd.h"

/* cox mail --prune: drops kept copies older than [mail] keep_days. */
static int
mail_prune(struct workspace *ws)
{
	unsigned	 n;
	long		 days;
	enum outcome	 o;

	if (config_long(ws->conf, "mail", "keep_days", 90, 1, 36500,
	    &days) == -1)
		return EX_CONFIG;
	if ((o = intake_prune(ws, days, &n)) == OUT_OK)
		printf("removed %u file%s of kept mail older than %ld days\n", n,
		    n == 1 ? "" : "s", days);
	return cli_exit(o);
}

/* cox mail --oauth2-login: the first refresh token, pasted back. */
static int
mail_oauth2_login(struct workspace *ws)
{
	return cli_exit(oauth2_login(ws->conf, stdin, stdout));
}

/*
 * cox mail (--stdin | --maildir dir [--watch] | --imap url [--idle] |
 * --prune | --oauth2-login) [--recipient addr].  As a delivery agent (--stdin) every
 * failure but a broken cox.conf is EX_TEMPFAIL: the server tries again.
 */
int
cmd_mail(int argc, char **argv)
{
	struct workspace ws;
	struct mailer	 mx = { 0 };
	const char	*maildir = NULL, *imap = NULL;
	int		 from_stdin = 0, watch = 0, idle = 0, prune = 0, login = 0;
	int		 status;
	enum outcome	 o;
	const struct cli_opt opts[] = {
		{ "stdin", CLI_FLAG, &from_stdin, 1 },
		{ "maildir", CLI_ARG, &maildir, 0 },
		{ "watch", CLI_FLAG, &watch, 1 },
		{ "imap", CLI_ARG, &imap, 0 },
		{ "idle", CLI_FLAG, &idle, 1 },
		{ "recipient", CLI_ARG, &mx.recipient, 0 },
		{ "prune", CLI_FLAG, &prune, 1 },
		{ "oauth2-login", CLI_FLAG, &login, 1 },
		{ NULL },
	};
	const struct cli cli = { "cox mail [-C dir] (--stdin | --maildir dir "
	    "[--watch] | --imap imaps://user@host/mailbox [--idle] | "
	    "--prune | --oauth2-login) [--recipient addr]", opts, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1)
		return status;
	if (from_stdin + (maildir != NULL) + (imap != NULL) + prune + login !=
	    1 ||
	    (watch && maildir == NULL) || (idle && imap == NULL))
		return cli_usage_error(cli.usage, "give one of --stdin, "
		    "--maildir, --imap, --prune and --oauth2-login");
	if (mx.recipient == NULL)
		mx.recipient = getenv("ORIGINAL_RECIPIENT");
	if ((status = cli_open(&ws)) != 0)
		return from_stdin && status != EX_CONFIG ? EX_TEMPFAIL : status;
	if (prune || login) {
		status = prune ? mail_prune(&ws) : mail_oauth2_login(&ws);
		workspace_close(&ws);
		return status;
	}
	if ((o = intake_setup(&mx, &ws)) == OUT_OK) {
		stop_on_signals();	/* a source stops between messages */
		if (from_stdin)
			o = mda_deliver(&mx);
		else if (imap != NULL)
			o = imap_run(&mx, imap, idle);
		else
			o = maildir_run(&mx, maildir, watch);
	}
	/* a URL that does not parse is a usage error */
	status = o == OUT_BADINPUT ? EX_USAGE : cli_exit(o);
	workspace_close(&ws);
	return status;
}
