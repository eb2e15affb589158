/*
 * cox.c - the cox command: finds the subcommand and hands over to its
 * front end in cmd/.
 *
 * Usage: cox [-C dir] command [arguments]; see cox(1).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"

struct command {
	const char	*name;
	int		(*run)(int, char **);
	const char	*summary;
};

static int	 cmd_help(int, char **);
static int	 cmd_version(int, char **);

static const struct command commands[] = {
	{ "init", cmd_init, "make a team workspace: cox.conf, cox.db, site/" },
	{ "roster", cmd_roster, "import, list, add, edit and remove people" },
	{ "metric", cmd_metric, "list, add and edit what coaches rate" },
	{ "checkin", cmd_checkin, "the check-in items asked beside Hooper's four" },
	{ "mail", cmd_mail, "store coach rating emails (stdin, Maildir)" },
	{ "sms", cmd_sms, "the Twilio webhook daemon; signature checks" },
	{ "outbox", cmd_outbox, "send queued emails (SMTP)" },
	{ "remind", cmd_remind, "text reminders and check-in prompts due" },
	{ "digest", cmd_digest, "the coaches' morning digests due now" },
	{ "erg", cmd_erg, "fetch linked athletes' Concept2 Logbook results" },
	{ "inbox", cmd_inbox, "list the notes people sent, archive them" },
	{ "build", cmd_build, "render and encrypt the site into site/" },
	{ "publish", cmd_publish, "commit site/ with git, and push it" },
	{ "link", cmd_link, "print the magic link that opens someone's page" },
	{ "invite", cmd_invite, "send people a link to set their password" },
	{ "preview", cmd_preview, "serve site/ read-only on loopback" },
	{ "export", cmd_export, "ratings, wellness, messages or a person as CSV" },
	{ "status", cmd_status, "one screen: messages, outbox, site, backups" },
	{ "doctor", cmd_doctor, "check the settings, secrets and database" },
	{ "backup", cmd_backup, "the workspace in one encrypted file" },
	{ "restore", cmd_restore, "a workspace from a backup file" },
	{ "prune", cmd_prune, "delete what [privacy] keep_months lets go" },
	{ "demo", cmd_demo, "the whole loop on the demo team" },
	{ "help", cmd_help, "this list, or one command's usage" },
	{ "version", cmd_version, "print the version" },
};

static const struct command *
command_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void
usage(FILE *f)
{
	size_t	 i;

	fprintf(f, "usage: cox [-C dir] command [arguments]\n\ncommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(f, "\n'cox help command' shows a command's usage; "
	    "man cox has the rest.\n");
}

static int
cmd_help(int argc, char **argv)
{
	const struct command	*c;

	if (argc < 2) {
		usage(stdout);
		return 0;
	}
	if ((c = command_find(argv[1])) == NULL || c->run == cmd_help) {
		log_error("no command '%s'", argv[1]);
		usage(stderr);
		return EX_USAGE;
	}
	return c->run(2, (char *[]){ argv[1], "--help", NULL });
}

static int
cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_version();
}

int
main(int argc, char **argv)
{
	const struct command	*c;
	int			 i = 1, status;

	db_setup();	/* before any connection */
	jsonmem_setup();	/* before any value of jansson's */
	log_setup("cox", 0, getenv("COX_DEBUG") ? LOGL_DEBUG : LOGL_INFO);
	/* not a command: how an ingest starts its detached hook runner */
	if (argc == 4 && strcmp(argv[1], "--hook-runner") == 0)
		return cli_exit(hook_runner_main(argv[2], argv[3]));
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) {
			cli_dir = argv[i + 1];
			i += 2;
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--version") == 0) {
			return cmd_version(0, NULL);
		} else {
			log_error("unknown option '%s'", argv[i]);
			usage(stderr);
			return EX_USAGE;
		}
	}
	if (i == argc) {
		usage(stderr);
		return EX_USAGE;
	}
	if ((c = command_find(argv[i])) == NULL) {
		log_error("no command '%s'", argv[i]);
		usage(stderr);
		return EX_USAGE;
	}
	status = c->run(argc - i, argv + i);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		log_error("standard output: write failed");
		if (status == 0)
			status = EX_IOERR;
	}
	return status;
}
