/*
 * roster_erase.c - cox roster erase: what erasing a person removes
 * (gen/erase.c) said before and after, what the coaches and the
 * backups still hold, the mail about them, and what is left to do
 * outside cox; and --compact, cox.db without its free pages.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"

const char usage_roster_erase[] = "cox roster erase [-C dir] [--yes] who\n"
    "       cox roster erase [-C dir] --compact";

/* What erasing e's person removes, in words. */
static void
erase_print(const struct erase_plan *e, int done)
{
	size_t	 i, rows = 0;

	printf("%s @%s (%s, %s):\n", done ? "erased" : "would erase",
	    e->p.handle, e->p.name, role_words(e->p.role));
	for (i = 0; i < person_ntables; i++) {
		rows += e->counts[i];
		if (e->counts[i] > 0)
			printf("  %zu %s of %s\n", e->counts[i],
			    e->counts[i] == 1 ? "row" : "rows",
			    person_tables[i].name);
	}
	printf("  %zu rows in all, and the forwarded copies of their notes\n",
	    rows);
	if (done && e->redacted > 0)
		printf("  %zu texts, notes and comments of others named them: "
		    "those lines now read [erased]\n", e->redacted);
	else if (done)
		printf("  no text, note or comment of others named them\n");
	else
		printf("  and in others' texts (a coach's ratings, a note), "
		    "each line that names them\n");
	for (i = 0; i < person_ntables; i++)
		if (person_tables[i].erase == STMT_ERASE_RATING_GIVEN &&
		    e->counts[i] > 0)
			printf("  (the %zu scores they gave others stay, "
			    "rated by a former coach)\n", e->counts[i]);
	printf("  site: %zu files of their page and of \"Open my page\", "
	    "and their page's keys\n", e->files);
	printf("  site history: %zu of its %zu commits %s a file of theirs\n",
	    e->holding, e->commits, done ? "now hold" : "hold");
}

/*
 * The erased person's address, when [mail] coaches lists it: cox.conf
 * is the operator's to edit, and an address left there is a way in
 * for whoever holds it next (it is quarantined, as nobody's, until it
 * goes or a coach on the roster has it).
 */
static void
erase_coaches(const struct config *conf, const struct erase_plan *e,
    int done)
{
	struct strlist	 addrs = { 0 };
	size_t		 i;

	if (e->p.email != NULL &&
	    config_list(conf, "mail", "coaches", &addrs) > 0)
		for (i = 0; i < addrs.n; i++)
			if (strcasecmp(addrs.v[i], e->p.email) == 0) {
				printf("cox.conf: [mail] coaches %s their "
				    "address, %s: take it off (by hand: cox "
				    "does not edit cox.conf); meanwhile its "
				    "mail is quarantined, as nobody's\n", done ?
				    "still lists" : "lists", e->p.email);
				break;
			}
	strlist_free(&addrs);
}

/*
 * What db_scrub() did (0, 1, 2 or -1); 0, or when deleted bytes may be
 * left in cox.db EX_TEMPFAIL (another process held it) or EX_IOERR.
 */
static int
scrub_print(int scrubbed)
{
	if (scrubbed == 0) {
		printf("cox.db: rewritten without its free pages and its log "
		    "emptied: nothing deleted is left in either\n");
		return 0;
	}
	if (scrubbed == 1) {
		printf("cox.db: rewritten without its free pages; its log "
		    "was in use (cox sms serve?) and still holds older pages: "
		    "run cox roster erase --compact again later\n");
		return 0;
	}
	if (scrubbed == 2) {
		fprintf(stderr, "cox roster erase: another process was "
		    "writing cox.db all along, so it was not compacted and "
		    "bytes deleted before "
		    "may be left in its free pages: run cox roster erase "
		    "--compact once it is done\n");
		return EX_TEMPFAIL;
	}
	fprintf(stderr, "cox roster erase: cox.db was not compacted, so "
	    "bytes deleted before may be left in its free pages: make room "
	    "(as much again as cox.db, in memory and on disk) and run cox "
	    "roster erase --compact\n");
	return EX_IOERR;
}

/* The backups that still hold them, and how long they stay. */
static void
erase_backups(const struct erase_plan *e)
{
	size_t	 i;

	if (e->backup_dir == NULL) {
		printf("backups: no [backup] dir; any backup made before now "
		    "holds them until it is deleted\n");
		return;
	}
	printf("backups: %zu of %s hold them%s\n", e->backups.n, e->backup_dir,
	    e->backups.n ? ":" : "");
	for (i = 0; i < e->backups.n; i++)
		printf("  %s\n", e->backups.v[i]);
	if (e->backups.n > 0)
		printf("  [backup] keep = %ld: each goes once %ld newer backups "
		    "are made (%ld nights with the nightly timer); backups "
		    "made from now on do not hold them\n", e->backup_keep,
		    e->backup_keep, e->backup_keep);
}

/*
 * The mail about them outside cox.db: the kept copies of what named
 * them (ingest/kept.c) removed, or that would be (done 0), and what
 * stays, and how long: copies with a part cox did not read for them,
 * what an IMAP server keeps, the emails cox sent to others.  Returns
 * 0, or an exit status when a copy could not be removed.
 */
static int
erase_mail(struct workspace *ws, struct erase_plan *e, int done)
{
	struct kept_erased k;
	enum outcome	 rc;
	char		 day[11];
	long		 days;

	if (config_long(ws->conf, "mail", "keep_days", 90, 1, 36500,
	    &days) == -1)
		return EX_CONFIG;
	rc = kept_erase(ws, e->names, &e->mail, !done, &k);
	printf("mail: %zu kept %s of emails that named them %s (mail/raw/, "
	    "mail/quarantine/%s)\n", k.removed, k.removed == 1 ? "copy" :
	    "copies", done ? "removed" : "would be removed",
	    e->mail.maildirs.n > 0 ? ", the Maildir mail came through" : "");
	if (k.unread > 0) {
		day_string(k.last + (time_t)days * 86400, day);
		printf("  %zu other kept %s an encoded part cox does not read "
		    "for their name: %s until cox mail --prune removes %s, "
		    "[mail] keep_days = %ld after %s came (the last: %s)\n",
		    k.unread, k.unread == 1 ? "copy has" : "copies have",
		    k.unread == 1 ? "it stays" : "they stay", k.unread == 1 ?
		    "it" : "them", days, k.unread == 1 ? "it" : "each", day);
	}
	if (k.unread_box > 0)
		printf("  %zu other %s of the Maildir mail came through %s an "
		    "encoded part cox does not read for their name: %s there "
		    "until deleted\n", k.unread_box, k.unread_box == 1 ?
		    "entry" : "entries", k.unread_box == 1 ? "has" : "have",
		    k.unread_box == 1 ? "it stays" : "they stay");
	if (e->mail.imap > 0)
		printf("  %zu %s that named them came by IMAP: the server "
		    "keeps %s until deleted there\n", e->mail.imap,
		    e->mail.imap == 1 ? "email" : "emails", e->mail.imap == 1 ?
		    "it" : "them");
	if (e->mail.sent > 0)
		printf("  %zu %s cox sent to others named them: their "
		    "mailboxes keep %s (cox.db's copies %s [erased] where "
		    "they did)\n", e->mail.sent, e->mail.sent == 1 ? "email" :
		    "emails", e->mail.sent == 1 ? "it" : "them", done ?
		    "now read" : "would read");
	return rc == OUT_OK ? 0 : cli_exit(rc);
}

/* What is left to do outside cox once the history was rewritten. */
static void
erase_next(int rewrote)
{
	if (!rewrote)
		return;
	printf("next, at the git host:\n"
	    "  1. cox publish --push (forced: it replaces the history there)\n"
	    "  2. ask the host to drop what no branch holds any more and "
	    "its cached views\n"
	    "     (GitHub: its support form for removing sensitive data; "
	    "pull requests keep\n"
	    "     old commits there too)\n"
	    "  3. clones and forks made before keep the old history: ask "
	    "their owners to\n"
	    "     delete them\n");
}

/*
 * cox roster erase [--yes] who: without --yes says what would go and
 * changes nothing; with it erases them (gen/erase.c).
 */
int
cmd_roster_erase(int argc, char **argv)
{
	struct erase_plan e = { 0 };
	struct workspace ws;
	const char	*country;
	char		 audit[33];
	int64_t		 id;
	int		 k, status, yes = 0, compact = 0, rewrote, mailed;
	const struct cli_opt opts[] = {
		{ "yes", CLI_FLAG, &yes, 1 },
		{ "compact", CLI_FLAG, &compact, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_roster_erase, opts, 0, 1,
	    "name one person" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if ((k == argc) != compact)
		return cli_usage_error(usage_roster_erase, compact ?
		    "--compact names nobody" : "name one person");
	if (compact) {
		/* what an erasure could not finish: cox.db without its
		 * free pages and its log emptied (lib/db.c, db_scrub()) */
		if ((status = cli_open(&ws)) != 0)
			return status;
		status = scrub_print(db_scrub(ws.db, 1));
		workspace_close(&ws);
		return status;
	}
	if ((status = cli_begin(&ws, &country)) != 0)
		goto out;
	status = cli_person(ws.db, argv[k], country, &id);
	db_rollback(ws.db);
	if (status != 0 ||
	    (status = cli_exit(erase_plan(&ws, id, &e))) != 0)
		goto out;
	if (!yes) {
		erase_print(&e, 0);
		erase_coaches(ws.conf, &e, 0);
		erase_backups(&e);
		status = erase_mail(&ws, &e, 0);
		printf("dry run: nothing was changed; add --yes to erase\n");
		goto out;
	}
	if ((status = cli_exit(erase_person(&ws, &e, &rewrote, audit))) != 0)
		goto out;
	erase_print(&e, 1);
	erase_coaches(ws.conf, &e, 1);
	printf("erasure id (in the log, naming nobody): %s\n", audit);
	status = scrub_print(e.scrubbed);
	erase_backups(&e);
	if ((mailed = erase_mail(&ws, &e, 1)) != 0 && status == 0)
		status = mailed;
	erase_next(rewrote);
out:
	erase_plan_free(&e);
	workspace_close(&ws);
	return status;
}
