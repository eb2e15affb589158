/*
 * intake.c - one coach email's way in, whatever brought it (mda.c:
 * standard input; maildir.c: a Maildir; imap.c: an IMAP mailbox):
 *
 *  1. its raw bytes are kept (mail/raw/HASH.eml) before anything reads
 *     them (intake_keep_raw);
 *  2. the ledger notes it, keyed by the transport (source and key) and
 *     by a hash of the content without trace headers (intake_hash), so
 *     the same message delivered twice is stored once; a message the
 *     parser fails on three times is quarantined;
 *  3. it is parsed in a child process (mime.c) and its sender checked:
 *     one From address, on the coaches' allow-list, and dmarc=pass
 *     aligned with that address in an Authentication-Results header
 *     carrying the border MTA's authserv-id.  With no authserv-id set
 *     nothing is authenticated, so nothing acts: the From header alone
 *     is a claim anyone can write (authres_trust(), unless the operator
 *     wrote in cox.conf that they accept that).  And a person on the
 *     roster has that address (what they may do is their role's and
 *     squads').  Anything else is quarantined and logged, never
 *     answered (intake_prepare, under a read transaction);
 *     Mail a robot sent (an auto-reply, a bounce, a list: mime.c) is
 *     stored and logged and acts on nothing: no ratings, no answer, no
 *     undo, no email back (robot_store);
 *  4. the command lines are taken out (command.c) and the rest read as
 *     ratings; what the commands do, the ratings, the reply to the coach
 *     and the texts to athletes are written in one transaction, with the
 *     ledger's outcome
 *     (intake_record, each message in a savepoint of the source's
 *     transaction, so a source commits many at once).
 *
 * Only after that commit does the source acknowledge the message (exit
 * 0, the Maildir move, the IMAP flag), and tell lib/hook.c.
 *
 * intake.c owns the way itself and the reading (steps 3 and 4 up to
 * the write); the ledger and the kept bytes are intake_ledger.c's, the
 * sender's checks intake_sender.c's, the subject's and Date's days
 * intake_subject.c's, the writing intake_store.c's and the texts to
 * athletes intake_notify.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "mail.h"

/* the parser failed on it once more */
STMT(STMT_INGEST_FAILED,
    "INSERT INTO ingest (source, source_key, content_hash, attempts, "
    "raw_path, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?) "
    "ON CONFLICT (source, source_key) DO UPDATE SET "
    "attempts = attempts + 1, updated_at = excluded.updated_at");

#define MAIL_MAX_ATTEMPTS	3

/*
 * How often a coach's commands may text many (command_message.c): sends to a
 * squad or everyone a day, [mail] send_per_day, 3 by default (a
 * session moved, kit to bring, and a correction of either; more is
 * what a compromised or looping mailbox sends, each time to every
 * athlete, at the club's cost and their patience); and a reminder of
 * the same waiting scores once every [reminders] rating_after_hours,
 * or once a day when cox sends none on its own.  Returns 0 or -1.
 */
static int
intake_limits(struct mailer *mx)
{
	long	 hours;

	if (config_long(mx->ws->conf, "mail", "send_per_day", 3, 0, 100,
	    &mx->send_per_day) == -1 || config_long(mx->ws->conf,
	    "reminders", "rating_after_hours", 0, 0, 24 * 28, &hours) == -1)
		return -1;
	mx->remind_every = (hours > 0 ? hours : 24) * 3600;
	return 0;
}

/*
 * What every source needs from cox.conf, into mx (which keeps pointers
 * into ws).  Returns OUT_OK, OUT_CONFIG or OUT_FAILED.
 */
enum outcome
intake_setup(struct mailer *mx, struct workspace *ws)
{
	mx->ws = ws;
	if ((mx->country = workspace_country(ws)) == NULL ||
	    config_require(ws->conf, "mail", "coaches", "list the addresses "
	    "allowed to send ratings, e.g. coaches = coach@example.org",
	    &mx->coaches) == -1)
		return OUT_CONFIG;
	mx->token = config_get(ws->conf, "mail", "token");
	switch (authres_trust(ws->conf, &mx->authserv)) {
	case MAIL_TRUST_DMARC:
		break;
	case MAIL_TRUST_FROM:
		mx->from_trusted = 1;
		log_warn("[mail] unauthenticated is set: a coach's email is "
		    "obeyed on its From header alone, which anyone can "
		    "forge (cox-mail(8), AUTHENTICATION)");
		break;
	case MAIL_TRUST_NONE:
		log_warn("[mail] authserv_id is not set: every coach email "
		    "is quarantined until it is (cox-mail(8), "
		    "AUTHENTICATION)");
		break;
	case MAIL_TRUST_BAD:
		return OUT_CONFIG;
	}
	if (intake_limits(mx) == -1)
		return OUT_CONFIG;
	if (sodium_init() == -1)
		return OUT_FAILED;
	return OUT_OK;
}

#define NO_ROSTER	"the sender is in [mail] coaches, but no one on " \
	"the roster has that address, so it may do nothing: add its coach " \
	"(cox roster add --name NAME --email ADDRESS --role head_coach), " \
	"or take it off [mail] coaches"

/*
 * Whether what is left of an email that began with a command reads as
 * a signature, not as ratings that went wrong: no line names anyone
 * with ':', and nothing holds a score.
 */
static int
signature_only(const char *text)
{
	return text == NULL || strpbrk(text, ":0123456789") == NULL;
}

/*
 * Whether the scores of in, which has none, are all in what it quotes
 * (orig, before quote_strip()): then the refusal says so, and quotes
 * the first such line as it is to be written above the quote
 * (mail.err_quoted), rather than that no ratings were found.
 */
static int
quoted_only(struct incoming *in, const char *orig)
{
	struct rm_parse	 q = { .now = in->p.now,
	    .month_first = in->p.month_first, .metrics = in->p.metrics };
	char		*lines, *s, line[512];
	unsigned long	 n;
	int		 found = 0;

	if (orig == NULL || in->m.text == NULL ||
	    (lines = quote_lines(orig, in->m.text)) == NULL)
		return 0;
	if (ratemail_parse_text(lines, &q) == 0 && q.n > 0) {
		for (s = lines, n = q.v[0].line; --n > 0 &&
		    (s = strchr(s, '\n')) != NULL; s++)
			continue;
		if (s != NULL) {
			snprintf(line, sizeof(line), "%.*s",
			    (int)strcspn(s, "\n"), s);
			found = ratemail_problem(&in->p.errors, 0, NULL,
			    "mail.err_quoted", line) == 0;
		}
	}
	ratemail_free(&q);
	free(lines);
	return found;
}

/* The parser failed on in: it counts, and in is tried again later. */
static void
intake_parse_failed(struct incoming *in)
{
	/* only a failing parser counts, not a killed daemon */
	in->what = MAIL_RETRY;
	in->parse_failed = 1;
}

/*
 * Reads one message, writing nothing, up to its parse: duplicate check,
 * then raw handed to the sandboxed parser, whose answer
 * intake_prepare_take() takes; the caller may meanwhile finish the
 * message before (intake_prepare_end()).  The caller holds a read
 * transaction, so a slow message never blocks the database's writers.
 * Sets in->what to the outcome it already has, or to MAIL_QUARANTINED
 * and MAIL_RETRY until the parse says more.
 */
void
intake_prepare_begin(struct mailer *mx, struct incoming *in, const char *raw,
    size_t len)
{
	int	 attempts, rc;

	clock_gettime(CLOCK_MONOTONIC, &in->start);
	in->what = MAIL_RETRY;
	intake_hash(raw, len, in->hash);
	if (in->key[0] == '\0')
		snprintf(in->key, sizeof(in->key), "%s", in->hash);
	if ((rc = intake_seen(mx->ws->db, in->source, in->key, in->hash,
	    &attempts)) != 0) {
		if (rc == 1)
			in->what = MAIL_DUPLICATE;
		return;
	}
	in->what = MAIL_QUARANTINED;
	if (in->too_big) {
		in->why = "larger than 10 MiB";
		return;
	}
	if (attempts >= MAIL_MAX_ATTEMPTS) {
		in->why = "the parser failed on it repeatedly";
		return;
	}
	if (mime_parse_send(raw, len) == 0)
		in->parsing = 1;
	else
		intake_parse_failed(in);
}

/* Takes the parser's answer to in (intake_prepare_begin()), if any. */
void
intake_prepare_take(struct incoming *in)
{
	if (!in->parsing)
		return;
	in->parsing = 0;
	if (mime_parse_take(&in->m) == -1)
		intake_parse_failed(in);
}

/*
 * The reading of an authenticated message from in->sender: a reply in
 * a thread, commands, ratings.  What it finds wrong is worded in the
 * reader's words, which the caller sets.
 */
static void
prepare_read(struct mailer *mx, struct incoming *in)
{
	char	*rest = NULL, *orig = NULL;
	int	 rc;
	size_t	 i;

	if (in->m.automatic != NULL) {
		in->what = MAIL_STORED;	/* kept, and nothing more */
		return;
	}
	if (in->m.text != NULL) {
		orig = xstrdup(in->m.text);	/* NULL: no quote is read */
		quote_strip(in->m.text);
	}
	if ((rc = thread_find(mx->ws->db, &in->m, &in->t)) != 0) {
		if (rc == 1)
			in->what = MAIL_STORED;
		free(orig);
		return;
	}
	/* seat racing (seatmail.c): its own lines, no ratings or commands */
	if (seatmail_is(in->m.subject, in->m.text)) {
		if ((in->seat = calloc(1, sizeof(*in->seat))) != NULL &&
		    seatmail_parse(in->m.text, in->seat) == 0)
			in->what = MAIL_STORED;
		free(orig);
		return;
	}
	/* the lines of cox's own sheet the coach filled in, quoted (not
	 * in a forward: a reply's alone) */
	if (orig != NULL && (in->m.subject == NULL ||
	    !intake_forwarded(in->m.subject)) &&
	    quote_sheet(mx->ws->db, in->sender, &in->m, orig, &in->p.quoted,
	    &in->p.nquoted) == -1) {
		free(orig);
		return;
	}
	/* the command lines are taken out: the rest is read as ratings */
	if (in->m.text != NULL && ((rest = xstrdup(in->m.text)) == NULL ||
	    command_parse(rest, &in->c) == -1)) {
		free(rest);
		free(orig);
		return;
	}
	/* "Plan for next week" as the subject: what its weekdays mean */
	if (in->m.subject != NULL && plan_next_week(in->m.subject))
		in->c.next_week = 1;
	/* a day without its year is the nearest; 11/23 where it means that;
	 * "erg 7:21" is a time where erg is one */
	if (mx->index == NULL &&
	    (mx->index = ratemail_index(mx->ws->db)) == NULL) {
		free(rest);
		free(orig);
		return;
	}
	in->p.now = clock_now();
	in->p.month_first = day_month_first(mx->country);
	in->p.metrics = ratemail_index_metrics(mx->index);
	if (rest != NULL)
		ratemail_parse_text(rest, &in->p);
	/* "undo that, wrong Tom": read as scores, and said it undid nothing */
	if (in->t.undo_not_alone)
		(void)ratemail_problem(&in->p.errors, 1, NULL,
		    "mail.err_undo_alone");
	/* a CSV is a plan's (command.c) or ratings; a forwarded email's
	 * are its sender's, which Gmail and Outlook attach again to the
	 * forward: said, and not read */
	if (in->m.csv.n > 0 && in->m.subject != NULL &&
	    intake_forwarded(in->m.subject)) {
		ratemail_problem(&in->p.errors, 0, NULL,
		    "mail.err_csv_forwarded");
		i = in->m.csv.n;
	} else
		i = 0;
	for (; i < in->m.csv.n; i++) {
		if ((rc = command_parse_csv(in->m.csv.v[i],
		    strlen(in->m.csv.v[i]), &in->c)) == -1) {
			in->p.metrics = NULL;
			free(rest);
			free(orig);
			return;
		}
		if (rc == 0)
			ratemail_parse_csv(in->m.csv.v[i],
			    strlen(in->m.csv.v[i]), &in->p);
	}
	/* no date line: the one day the subject names, where a phone's
	 * coach writes it ("Valoraciones 26/11") */
	if (in->p.date[0] == '\0')
		(void)intake_subject_day(in, in->p.now, in->p.date);
	if (in->c.first && in->p.n == 0 && signature_only(rest))
		ratemail_problems_free(&in->p.errors);
	free(rest);
	if (in->p.n == 0 && in->p.errors.n == 0 && in->m.error == NULL &&
	    in->c.n == 0 && !quoted_only(in, orig))
		/* "undo" as a new email: it takes back what it answers */
		ratemail_problem(&in->p.errors, 0, NULL, in->m.text != NULL &&
		    thread_only_word(trim(in->m.text), "kw.undo") ?
		    "mail.err_undo_new" : "mail.err_no_ratings");
	in->p.metrics = NULL;	/* mx->index's: a batch may end before in */
	free(orig);
	if (ratemail_resolve(mx->ws->db, mx->index, mx->country, in->sender,
	    &in->p, &in->r) == 0)
		in->what = MAIL_STORED;
}

/*
 * Reads the commands and ratings of a message its parse allows
 * (intake_prepare_take()), writing nothing: sender, format.  Sets
 * in->what to MAIL_STORED when it is to be stored (or answered with
 * its errors), or to the outcome it has.
 */
void
intake_prepare_end(struct mailer *mx, struct incoming *in)
{
	const char	*was;

	if (in->what != MAIL_QUARANTINED || in->why != NULL)
		return;	/* finished before its parse, or the parse failed */
	/* an athlete's calendar answering an invitation: no coach's */
	if (avail_calendar_reply(&in->m)) {
		if ((in->why = intake_calendar_sender(mx, &in->m)) == NULL) {
			in->calendar = 1;
			in->what = MAIL_STORED;
		}
		return;
	}
	if ((in->why = intake_authenticate(mx, &in->m)) != NULL)
		return;
	in->what = MAIL_RETRY;
	/* who sent it bounds whom it may rate or answer: a failed lookup
	 * is no licence to rate anyone, so it is tried again later */
	in->sender = 0;
	if (in->m.from != NULL && person_find(mx->ws->db, in->m.from,
	    mx->country, &in->sender) == OUT_FAILED)
		return;
	/* [mail] coaches lets an address in; the roster says what it may
	 * do.  One no roster entry has (never added, erased, or its entry
	 * given another address) is nobody's, so it acts on nothing, as
	 * an unknown sender does, until a coach on the roster has it */
	if (in->sender == 0) {
		in->what = MAIL_QUARANTINED;
		in->why = NO_ROSTER;
		return;
	}
	/* what is wrong with it goes back in the coach's words, as the
	 * rest of the answer does (intake_record()) */
	was = in->sender != 0 ? person_reader(mx->ws->db, in->sender) :
	    words_reader(NULL);
	prepare_read(mx, in);
	words_reader(was);
}

/* A whole message's preparation, in one: begin, take, end. */
void
intake_prepare(struct mailer *mx, struct incoming *in, const char *raw,
    size_t len)
{
	intake_prepare_begin(mx, in, raw, len);
	intake_prepare_take(in);
	intake_prepare_end(mx, in);
}

/*
 * Writes a prepared message inside the caller's transaction, in a
 * savepoint of its own: a message that fails to write leaves nothing
 * behind and is tried again later.  Returns its outcome.
 */
enum mail_outcome
intake_record(struct mailer *mx, struct incoming *in)
{
	struct db		*db = mx->ws->db;
	enum mail_outcome	 out = in->what;
	const char		*was;

	if (in->parse_failed)
		(void)db_exec(db, STMT_INGEST_FAILED, "ttttii", in->source,
		    in->key, in->hash, in->raw_path, (int64_t)time(NULL),
		    (int64_t)time(NULL));
	if (out == MAIL_DUPLICATE || out == MAIL_RETRY)
		return out;
	if (db_savepoint(db) == -1)
		return MAIL_RETRY;
	if (out == MAIL_QUARANTINED) {
		log_warn("quarantined message %.12s: %s", in->hash, in->why);
		if (intake_ledger_record(db, in, "quarantined", in->why,
		    0) == -1)
			out = MAIL_RETRY;
	} else {
		/* the coach is answered in their language */
		was = in->sender != 0 ? person_reader(db, in->sender) :
		    words_reader(NULL);
		out = intake_store(mx, in);
		words_reader(was);
	}
	if (out == MAIL_RETRY) {
		db_rollback_savepoint(db);
		waiting_forget(&mx->waiting);	/* it kept what was undone */
		return out;
	}
	if (db_release(db) == -1) {
		waiting_forget(&mx->waiting);
		return MAIL_RETRY;
	}
	if (out != MAIL_QUARANTINED)
		log_info("email %.12s from %s: %s: %zu rating%s of %zu "
		    "athlete%s, %zu athlete%s refused, %zu command%s, in %ld ms",
		    in->hash, in->m.from, out == MAIL_STORED ? "stored" :
		    "rejected, errors sent back", in->r.n, in->r.n == 1 ? "" :
		    "s", in->r.nstored, in->r.nstored == 1 ? "" : "s",
		    in->r.nrefused, in->r.nrefused == 1 ? "" : "s", in->c.n,
		    in->c.n == 1 ? "" : "s", log_ms_since(&in->start));
	return out;
}

/* Frees what intake_prepare() found; in itself is the caller's. */
void
intake_free(struct incoming *in)
{
	ratemail_result_free(&in->r);
	ratemail_free(&in->p);
	command_free(&in->c);
	thread_free(&in->t);
	seatmail_free(in->seat);
	free(in->seat);
	in->seat = NULL;
	mail_parts_free(&in->m);
}
