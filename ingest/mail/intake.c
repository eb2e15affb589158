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
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "mail.h"

/*
 * the words of the latest prompt to athlete ?1 since ?2 that is on
 * its way or reached them, if they have texted nothing since it
 * (their guardian's texts are not theirs)
 */
STMT(STMT_NOTIFY_RECENT,
    "SELECT o.body FROM message o "
    "WHERE o.person_id = ?1 AND o.direction = 'out' "
    "AND o.kind = 'notify' AND o.created_at >= ?2 "
    "AND o.status IN ('queued', 'sending', 'sent', 'delivered', 'read') "
    "AND NOT EXISTS (SELECT 1 FROM message i WHERE i.person_id = ?1 "
    "AND i.direction = 'in' AND i.created_at >= o.created_at "
    "AND i.kind IS NOT 'guardian') "
    "ORDER BY o.created_at DESC, o.id DESC LIMIT 1");
STMT(STMT_INGEST_DONE_BY_HASH,
    "SELECT outcome FROM ingest WHERE content_hash = ? "
    "AND outcome != 'pending' LIMIT 1");
STMT(STMT_INGEST_BY_KEY,
    "SELECT id, attempts, outcome FROM ingest "
    "WHERE source = ? AND source_key = ?");
/* the parser failed on it once more */
STMT(STMT_INGEST_FAILED,
    "INSERT INTO ingest (source, source_key, content_hash, attempts, "
    "raw_path, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?) "
    "ON CONFLICT (source, source_key) DO UPDATE SET "
    "attempts = attempts + 1, updated_at = excluded.updated_at");
/* what became of it, in the transaction that stored it */
STMT(STMT_INGEST_RECORD,
    "INSERT INTO ingest (source, source_key, content_hash, attempts, "
    "outcome, reason, raw_path, message_id, created_at, updated_at) "
    "VALUES (?, ?, ?, 0, ?, ?, ?, nullif(?, 0), ?, ?) "
    "ON CONFLICT (source, source_key) DO UPDATE SET "
    "outcome = excluded.outcome, reason = excluded.reason, "
    "message_id = excluded.message_id, updated_at = excluded.updated_at");

#define MAIL_MAX_ATTEMPTS	3
#define MAIL_MAX_BODY		(64 * 1024)

/*
 * How often a coach's commands may text many (command.c): sends to a
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

/* Header fields that differ between deliveries of the same message. */
static int
trace_field(const char *name, size_t len)
{
	static const char *const trace[] = { "received", "return-path",
	    "delivered-to", "x-original-to", "x-delivered-to", "envelope-to",
	    "x-envelope-from", "x-envelope-to", "authentication-results",
	    "x-spam-", "x-virus-", "arc-", "dkim-filter", "x-rspamd-" };
	size_t	 i, n;

	for (i = 0; i < sizeof(trace) / sizeof(trace[0]); i++) {
		n = strlen(trace[i]);
		if (trace[i][n - 1] == '-' ? len >= n &&
		    !strncasecmp(name, trace[i], n) :
		    len == n && !strncasecmp(name, trace[i], n))
			return 1;
	}
	return 0;
}

/* SHA-256 (hex) of the message without its trace header fields. */
void
intake_hash(const char *raw, size_t len, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char		 h[32];
	const char		*p = raw, *end = raw + len, *nl, *colon;
	int			 skip = 0;

	crypto_hash_sha256_init(&st);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))
			break;	/* the end of the header */
		if (*p != ' ' && *p != '\t') {
			colon = memchr(p, ':', (size_t)(nl - p));
			skip = colon != NULL && trace_field(p,
			    (size_t)(colon - p));
		}
		if (!skip)
			crypto_hash_sha256_update(&st, (const unsigned char *)p,
			    (size_t)(nl - p));
		p = nl;
	}
	crypto_hash_sha256_update(&st, (const unsigned char *)p,
	    (size_t)(end - p));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* Whether addr is on the comma-separated allow-list. */
static int
allowed(const char *list, const char *addr)
{
	const char	*p = list, *e;
	size_t		 n = strlen(addr);

	while (*p != '\0') {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ',' && *e != ' '; e++)
			continue;
		if ((size_t)(e - p) == n && !strncasecmp(p, addr, n))
			return 1;
		p = e;
	}
	return 0;
}

/* NULL when the sender is who they say and may send ratings. */
static const char *
authenticate(const struct mailer *mx, const struct mail_parts *m)
{
	const char	*at;

	if (m->from_count != 1 || m->from == NULL)
		return "From must name exactly one address";
	if (!allowed(mx->coaches, m->from))
		return "the sender is not in [mail] coaches";
	if (mx->authserv == NULL && !mx->from_trusted)
		return "not authenticated: [mail] authserv_id is not set";
	if (mx->authserv != NULL &&
	    ((at = strrchr(m->from, '@')) == NULL ||
	    !authres_dmarc_pass(&m->auth, mx->authserv, at + 1)))
		return "no dmarc=pass for the From domain from the border MTA";
	if (mx->token != NULL) {
		char	 want[128];
		snprintf(want, sizeof(want), "+%s@", mx->token);
		if (mx->recipient == NULL || strstr(mx->recipient, want) == NULL)
			return "the envelope recipient lacks the secret token";
	}
	return NULL;
}

/*
 * Whether this message was finished before, by any transport (1), or
 * not (0, with *attempts the parser failures so far), or -1.
 */
static int
seen_before(struct db *db, const char *source, const char *key,
    const char *hash, int *attempts)
{
	sqlite3_stmt	*st;
	int		 rc;

	*attempts = 0;
	st = db_query(db, STMT_INGEST_DONE_BY_HASH, "t", hash);
	if ((rc = db_row(db, st)) != OUT_OK) {
		sqlite3_reset(st);
		return rc;
	}
	st = db_query(db, STMT_INGEST_BY_KEY, "tt", source, key);
	if ((rc = db_row(db, st)) == OUT_ROW) {
		*attempts = sqlite3_column_int(st, 1);
		rc = strcmp(db_text(st, 2), "pending") != 0;
		sqlite3_reset(st);
	}
	return rc;
}

/* Records, in the caller's transaction, what became of a message. */
static int
ledger_record(struct db *db, const struct incoming *in, const char *outcome,
    const char *reason, int64_t message)
{
	int64_t	 now = (int64_t)time(NULL);

	return db_exec(db, STMT_INGEST_RECORD, "ttttttiii", in->source,
	    in->key, in->hash, outcome, reason, in->raw_path, message, now,
	    now);
}

/*
 * Stores inbound email mm as message *msg.  Duplicates are the
 * ledger's to decide (transport key and content hash), so a Message-ID
 * that another message, with other content, had before is no reason
 * to drop this one: it is stored without it, and *reused says so (the
 * reply to it then is not threaded).  Returns 0 or -1.
 */
static int
store_in(struct db *db, struct message *mm, int64_t *msg, int *reused)
{
	*reused = 0;
	if (message_in(db, mm, msg) == OUT_OK)
		return 0;
	if ((sqlite3_extended_errcode(db_handle(db)) & 0xff) !=
	    SQLITE_CONSTRAINT || mm->provider_id == NULL)
		return -1;
	log_warn("Message-ID <%s> came before with other content: stored "
	    "without it", mm->provider_id);
	*reused = 1;
	mm->provider_id = NULL;
	return message_in(db, mm, msg) == OUT_OK ? 0 : -1;
}

#define REUSED_ID	"Message-ID used before by other content"
#define NOT_A_COACH	"the sender is not a coach in the roster"
#define NO_ROSTER	"the sender is in [mail] coaches, but no one on " \
	"the roster has that address, so it may do nothing: add its coach " \
	"(cox roster add --name NAME --email ADDRESS --role head_coach), " \
	"or take it off [mail] coaches"

/* The first MAIL_MAX_BODY bytes of text (NULL: none) into body, as kept. */
static void
body_copy(struct buf *body, const char *text)
{
	size_t	 n = text ? strlen(text) : 0;

	buf_add(body, text ? text : "", n > MAIL_MAX_BODY ? MAIL_MAX_BODY : n);
	buf_puts(body, "");
}

/*
 * NULL when a calendar's answer to an invitation comes from who it
 * says: one From address its domain's DMARC passed at the border (as a
 * coach's must, but from anyone: ingest/avail.c takes it only from an
 * address that was invited).  Else why not.
 */
static const char *
calendar_sender(const struct mailer *mx, const struct mail_parts *m)
{
	const char	*at;

	if (m->from_count != 1 || m->from == NULL)
		return "From must name exactly one address";
	if (mx->authserv == NULL && !mx->from_trusted)
		return "not authenticated: [mail] authserv_id is not set";
	if (mx->authserv != NULL &&
	    ((at = strrchr(m->from, '@')) == NULL ||
	    !authres_dmarc_pass(&m->auth, mx->authserv, at + 1)))
		return "no dmarc=pass for the From domain from the border MTA";
	return NULL;
}

/*
 * Writes a calendar's answer to an invitation inside the caller's
 * transaction: the answer counted (ingest/avail.c), the message kept
 * under the athlete, the ledger.  Nobody is answered by email: the
 * calendar said it already.
 */
static enum mail_outcome
calendar_store(struct mailer *mx, const struct incoming *in)
{
	const struct mail_parts	*m = &in->m;
	struct message		 mm = { .channel = CHANNEL_EMAIL,
	    .peer = m->from, .subject = m->subject, .kind = "calendar",
	    .provider_id = m->message_id, .status = "stored",
	    .body = m->calendar.v[0] };
	struct db		*db = mx->ws->db;
	const char		*why;
	int64_t			 msg;
	int			 reused;
	enum outcome		 rc;

	if ((rc = avail_calendar_in(db, m, &mm.person)) == OUT_FAILED)
		return MAIL_RETRY;
	if (rc != OUT_OK)
		mm.status = "rejected";
	why = rc == OUT_OK ? "a calendar's answer to an invitation" :
	    "a calendar's answer to no invitation of the sender's";
	if (store_in(db, &mm, &msg, &reused) == -1 ||
	    ledger_record(db, in, mm.status, why, msg) == -1)
		return MAIL_RETRY;
	return rc == OUT_OK ? MAIL_STORED : MAIL_REJECTED;
}

/*
 * Writes mail a robot sent (in->m.automatic says which header gave it
 * away) inside the caller's transaction: the message, kept but filed,
 * and the ledger.  It rates nobody, answers nothing, undoes nothing,
 * and gets no email back: an auto-reply answered is a mail loop, and
 * an out-of-office is no coach's answer.
 */
static enum mail_outcome
robot_store(struct mailer *mx, const struct incoming *in)
{
	const struct mail_parts	*m = &in->m;
	struct message		 mm = { .channel = CHANNEL_EMAIL,
	    .person = in->sender, .peer = m->from, .subject = m->subject,
	    .kind = "automatic", .provider_id = m->message_id,
	    .status = "ignored" };
	struct db		*db = mx->ws->db;
	struct buf		 why = { 0 }, body = { 0 };
	int64_t			 msg;
	int			 reused;
	enum mail_outcome	 out = MAIL_RETRY;

	body_copy(&body, m->text);
	buf_printf(&why, "automatic mail (%s): acted on nothing",
	    m->automatic);
	if (buf_failed(&why) || buf_failed(&body))
		goto done;
	mm.body = body.data;
	if (store_in(db, &mm, &msg, &reused) == -1 ||
	    ledger_record(db, in, "stored", why.data, msg) == -1)
		goto done;
	log_info("message %.12s from %s: %s", in->hash, m->from, why.data);
	out = MAIL_STORED;
done:
	buf_free(&why);
	buf_free(&body);
	return out;
}

/*
 * Queues body as the email answering the one from mp, which coach (0:
 * an address on no roster) sent, about message about (0: nothing in
 * particular).
 */
static int
queue_reply(struct db *db, int64_t coach, const struct mail_parts *mp,
    const char *subject, const char *body, int64_t about)
{
	const struct message m = { .channel = CHANNEL_EMAIL, .person = coach,
	    .peer = mp->from, .subject = subject, .body = body,
	    .kind = "reply", .about = about };
	enum reach	 reach;

	return message_queue(db, &m, &reach) == OUT_OK ? 0 : -1;
}


/*
 * The prompt to an athlete: every metric waiting for their own score,
 * in the team's metric order (the page's, and the order scores alone
 * are read in), with its scale and an example reply, in one SMS when
 * it fits; a shorter form when it does not; in the athlete's language,
 * opening with the club's short name.
 */
static int
prompt_text(struct db *db, const struct metric_set *ms, int64_t athlete,
    struct buf *body)
{
	char		*waiting;
	const char	*was = person_reader(db, athlete);
	int		 n, rc = -1;

	if ((waiting = calloc(ms->n + 1, 1)) == NULL ||
	    (n = ratings_waiting(db, athlete, ms, waiting)) == -1)
		goto out;
	rc = n == 0 ? 0 :	/* answered already, by a text in between */
	    intake_prompt_compose(ms, waiting, body);
out:
	words_reader(was);
	free(waiting);
	return rc;
}

/*
 * The rating prompt for the metrics of ms that waiting marks (each
 * byte non-zero for one that waits; NULL: all of them), in the
 * reader's words, into body (emptied first): the first of its forms
 * that fits one text, opening with the club's short name.  Returns 0
 * or -1.
 */
int
intake_prompt_compose(const struct metric_set *ms, const char *waiting,
    struct buf *body)
{
	struct buf	 order = { 0 }, example = { 0 };
	char		*all = NULL;
	int		 rc = -1;

	if (waiting == NULL) {
		if ((all = malloc(ms->n + 1)) == NULL)
			return -1;
		memset(all, 1, ms->n);
		all[ms->n] = '\0';
		waiting = all;
	}
	metric_scales(ms, waiting, &order);
	metric_example(ms, waiting, 0, &example);
	if (buf_failed(&order) || buf_failed(&example))
		goto out;
	buf_reset(body);
	buf_puts(body, sms_lead());
	words_printf(body, NULL, "sms.prompt", order.data, example.data);
	if (!buf_failed(body) && sms_segments(body->data) > 1) {
		buf_reset(body);
		buf_puts(body, sms_lead());
		words_printf(body, NULL, "sms.prompt_short", order.data,
		    example.data);
	}
	if (!buf_failed(body) && sms_segments(body->data) > 1) {
		buf_reset(body);
		buf_puts(body, sms_lead());
		words_printf(body, NULL, "sms.prompt_shortest", order.data);
	}
	rc = buf_failed(body) ? -1 : 0;
out:
	free(all);
	buf_free(&order);
	buf_free(&example);
	return rc;
}

#define NOTIFY_QUIET	(6 * 3600)	/* a prompt not repeated within */

/*
 * Whether athlete's prompt body would only repeat, word for word, one
 * they were sent (or that waits in the outbox) in the last NOTIFY_QUIET
 * seconds and have not answered: a coach's second and third email of
 * an evening would text them the same words again, at the club's cost.
 * A prompt naming more that waits is sent; the reminders of remind.c
 * nudge later.  1: send nothing; 0: send body; -1 on a database error.
 */
static int
notify_repeats(struct db *db, int64_t athlete, const char *body)
{
	sqlite3_stmt	*st = db_query(db, STMT_NOTIFY_RECENT, "ii", athlete,
			    (int64_t)time(NULL) - NOTIFY_QUIET);
	int		 rc, same;

	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_OK ? 0 : -1;
	same = strcmp(db_text(st, 0), body) == 0;
	sqlite3_reset(st);
	return same;
}

/* "- NAME (why: no text reaches them, ...)" of athlete into out. */
static int
unreached_line(struct db *db, int64_t athlete, enum reach reach,
    struct buf *out)
{
	struct person	 p = { 0 };

	if (person_load_row(db, athlete, &p) == -1) {
		person_clear(&p);
		return -1;
	}
	buf_printf(out, "- %s", p.name);
	waiting_unreached(out, reach, p.guardian_name);
	buf_puts(out, "\n");
	person_clear(&p);
	return buf_failed(out) ? -1 : 0;
}

/*
 * One text per athlete with a new score (fresh[i] for r->v[i]; a
 * correction of a score they were texted about brings no new text):
 * which metrics wait for their answer, unless it would repeat the last
 * (notify_repeats()).  The texts are about email msg.  Each athlete
 * the text does not reach goes to unreached, a line to their coach
 * saying why ("- Jane Doe (no consent recorded yet: ...)"); *asked
 * counts those it reaches, or whom the same words reached already.
 */
static int
notify_athletes(struct db *db, const struct rm_result *r, const char *fresh,
    int64_t msg, struct buf *unreached, size_t *asked)
{
	struct metric_set ms = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .kind = "notify",
	    .about = msg };
	struct buf	 body = { 0 };
	enum reach	 reach;
	size_t		 i, j;
	int		 rc = 0, k;

	if (metric_set_load(db, &ms) == -1)
		return -1;
	for (i = 0; i < r->n && rc == 0; i++) {
		for (j = 0; j < r->n; j++)
			if (r->v[j].athlete == r->v[i].athlete &&
			    (j < i || fresh[j]))
				break;
		/* texted already, or only corrections */
		if (j < i || j == r->n)
			continue;
		buf_reset(&body);
		m.person = r->v[i].athlete;
		/* out injured or ill: not asked (health.c) */
		if ((k = episode_askable(db, m.person)) != 1) {
			rc = k;
			continue;
		}
		if (prompt_text(db, &ms, m.person, &body) == -1) {
			rc = -1;
			break;
		}
		if (body.len == 0)
			continue;	/* answered already */
		if ((k = notify_repeats(db, m.person, body.data)) != 0) {
			rc = k == -1 ? -1 : 0;
			*asked += k == 1;
			continue;
		}
		m.body = body.data;
		/* those a text does not reach are never sent anything */
		if (message_queue(db, &m, &reach) != OUT_OK)
			rc = -1;
		else if (reach != REACH_YES)
			rc = unreached_line(db, m.person, reach, unreached);
		else
			(*asked)++;
	}
	buf_free(&body);
	metric_set_free(&ms);
	return rc;
}

/*
 * For the confirmation to coach (0: not in the roster, or no [site]
 * base_url: nothing): the address of their own page, which opens
 * their dashboards.
 */
static int
dashboards_line(struct mailer *mx, int64_t coach, struct buf *reply)
{
	const char	*base = workspace_base_url(mx->ws->conf);
	struct person	 p = { 0 };
	struct buf	 url = { 0 };
	char		 page[64];
	int		 rc = -1;

	if (base == NULL || coach == 0)
		return 0;
	if (person_load(mx->ws->db, coach, &p) == -1)
		goto out;
	person_page(&p, page, sizeof(page));
	if (buf_printf(&url, "%s%s%s", base, base[0] != '\0' &&
	    base[strlen(base) - 1] == '/' ? "" : "/", page) == -1)
		goto out;
	rc = words_printf(reply, NULL, "mail.dashboards", url.data);
out:
	person_clear(&p);
	buf_free(&url);
	return rc;
}

/*
 * For the confirmation to coach (0: not in the roster): who has not
 * yet answered their scores from earlier emails (waiting.c), and their
 * own page (dashboards_line()).
 */
static int
still_waiting(struct mailer *mx, int64_t coach, int64_t msg, int64_t now,
    struct buf *reply)
{
	if (waiting_list(&mx->waiting, mx->ws->db, coach, msg, now,
	    reply) == -1)
		return -1;
	return dashboards_line(mx, coach, reply);
}

/*
 * The subject of a reply to m: "Re: " (RFC 5322 §3.6.5: the same in
 * every language) before its own, once; a subject left empty, as a
 * phone sends one, is the catalogue's, not a bare "Re: ".  The caller
 * frees it.
 */
static char *
reply_subject(const struct mail_parts *m)
{
	struct buf	 b = { 0 };
	const char	*s = m->subject != NULL ? m->subject : "";

	s += strspn(s, " \t");
	if (*s == '\0')
		s = words_get(NULL, "mail.subject_ratings");
	buf_printf(&b, "%s%s", strncasecmp(s, "Re:", 3) == 0 ? "" : "Re: ",
	    s);
	return buf_steal(&b);
}

/*
 * Writes an authentic reply to one of our emails (thread.c) inside the
 * caller's transaction: the message, about what it answers, what it
 * does, an email back when there is something to say, and the ledger.
 */
static enum mail_outcome
thread_store(struct mailer *mx, const struct incoming *in)
{
	const struct mail_parts	*m = &in->m;
	struct message		 mm = { .channel = CHANNEL_EMAIL,
	    .person = in->sender, .peer = m->from, .subject = m->subject,
	    .body = in->t.text, .kind = thread_kind(&in->t),
	    .provider_id = m->message_id, .status = "stored",
	    .about = in->t.about };
	struct db		*db = mx->ws->db;
	struct buf		 reply = { 0 };
	char			*subject = reply_subject(m);
	const char		*why = NULL;
	int64_t			 coach = in->sender, msg;
	int			 reused;
	enum mail_outcome	 out = MAIL_RETRY;

	if (subject == NULL || store_in(db, &mm, &msg, &reused) == -1)
		goto done;
	/* an undo, an answer passed on: the waiting list is read again */
	waiting_forget(&mx->waiting);
	if (thread_act(db, &in->t, coach, msg, &reply, &why) == -1 ||
	    buf_failed(&reply) || (why != NULL && db_exec(db,
	    STMT_MESSAGE_SET_STATUS, "ti", "rejected", msg) == -1) ||
	    (reply.len > 0 && queue_reply(db, coach, m, subject, reply.data,
	    0) == -1) ||
	    ledger_record(db, in, why ? "rejected" : "stored", why ? why :
	    reused ? REUSED_ID : NULL, msg) == -1)
		goto done;
	out = why ? MAIL_REJECTED : MAIL_STORED;
done:
	free(subject);
	buf_free(&reply);
	return out;
}

/*
 * Tells the athlete of r->v[first] of the corrections told[] marks 3,
 * of scores they had answered, with any of the evening not sent yet
 * (correction_tell()); then marks told[] of theirs 1 where the text
 * names the score (rating[] the rows of r->v[]), 2 where it would but
 * does not reach them, else 0.  Returns 0 or -1.
 */
static int
notify_corrected(struct db *db, const struct rm_result *r, size_t first,
    char *told, const int64_t *rating, int64_t msg)
{
	struct correction c;
	size_t		 j, k;
	int64_t		 athlete = r->v[first].athlete;

	if (correction_tell(db, athlete, msg, &c) == -1)
		return -1;
	for (j = first; j < r->n; j++) {
		if (r->v[j].athlete != athlete)
			continue;
		for (k = 0; k < c.n && c.ratings[k] != rating[j]; k++)
			continue;
		told[j] = k == c.n ? 0 : c.reach == REACH_YES ? 1 : 2;
	}
	free(c.ratings);
	return 0;
}

/*
 * Stores the ratings of r (coach's, on day rated_on, from email msg),
 * fresh[i] saying whether r->v[i] is new (not a correction), and
 * begins their confirmation in reply: what was stored, in the order of
 * the email, and what it corrected.  A correction of a score the
 * athlete had answered is texted to them (notify_corrected()): what
 * they were shown has changed; the confirmation says so only of those
 * a text reaches.  mail_store() adds what was refused,
 * ratings_after() the rest.  Returns 0 or -1.
 */
static int
ratings_store(struct mailer *mx, const struct rm_result *r, int64_t coach,
    const char *rated_on, int64_t now, int64_t msg, struct buf *reply,
    char *fresh)
{
	struct db	*db = mx->ws->db;
	struct buf	 fixed = { 0 };
	struct person	 a = { 0 };
	struct rating_written w;
	size_t		 i;
	int		 was, *olds = NULL, rc = -1;
	int64_t		*rows = NULL;
	char		 v_was[METRIC_VALUE_MAX], v_now[METRIC_VALUE_MAX];
	char		 date[WORDS_DATE_MAX], *told = NULL;

	if ((told = calloc(r->n + 1, 1)) == NULL ||
	    (olds = calloc(r->n + 1, sizeof(*olds))) == NULL ||
	    (rows = calloc(r->n + 1, sizeof(*rows))) == NULL)
		goto out;
	for (i = 0; i < r->n; i++) {
		/* a correction in prose replaces the score of its day */
		if (rating_coach(db, r->v[i].athlete, r->v[i].metric, coach,
		    r->v[i].score, r->v[i].comment, r->v[i].day[0] ?
		    r->v[i].day : rated_on, now, msg, &w) == -1)
			goto out;
		waiting_rated(mx->waiting, coach, r->v[i].athlete, &w, now,
		    msg);
		olds[i] = w.was;
		rows[i] = w.id;
		fresh[i] = w.added;
		/* a correction to tell, until notify_corrected() says */
		told[i] = !w.added && w.answered && w.was != r->v[i].score ?
		    3 : 0;
	}
	/* one text an athlete, at their first correction to tell */
	for (i = 0; i < r->n; i++)
		if (told[i] == 3 &&
		    notify_corrected(db, r, i, told, rows, msg) == -1)
			goto out;
	for (i = 0; i < r->n; i++) {
		if (fresh[i])
			continue;
		was = olds[i];
		if (person_load(db, r->v[i].athlete, &a) == -1)
			goto out;
		/* grouped as the coach's pages group them: "12 500 m" */
		rm_value_write(&r->v[i], was, v_was, sizeof(v_was));
		rm_value_write(&r->v[i], r->v[i].score, v_now, sizeof(v_now));
		words_grouped(v_was, sizeof(v_was));
		words_grouped(v_now, sizeof(v_now));
		if (was == r->v[i].score)
			words_printf(&fixed, NULL, "mail.fixed_same", a.name,
			    r->v[i].slug, v_was);
		else
			words_printf(&fixed, NULL, told[i] == 1 ?
			    "mail.fixed_told" : "mail.fixed", a.name,
			    r->v[i].slug, v_was, v_now);
		person_clear(&a);
	}
	/* corrections alone ("erg 6:48 not 6:58"): the day they correct */
	for (i = 0; i < r->n && r->v[i].day[0] != '\0' &&
	    strcmp(r->v[i].day, r->v[0].day) == 0; i++)
		continue;
	words_printf_n(reply, NULL, "mail.stored", r->n, r->n, words_date(i == r->n && r->n > 0 ?
	    r->v[0].day : rated_on, date));
	for (i = 0; i < r->summary.n; i++)
		buf_printf(reply, "- %s\n", r->summary.v[i]);
	if (fixed.len > 0)
		words_printf(reply, NULL, "mail.corrected", fixed.data);
	rc = buf_failed(&fixed) ? -1 : 0;
out:
	person_clear(&a);
	buf_free(&fixed);
	free(told);
	free(olds);
	free(rows);
	return rc;
}

/*
 * Ends the confirmation of stored ratings: how athletes hear of them
 * (their texts queued now, and who gets none, and why), and who still
 * owes an answer.
 */
static int
ratings_after(struct mailer *mx, const struct rm_result *r, int64_t coach,
    int64_t now, int64_t msg, struct buf *reply, const char *fresh)
{
	struct buf	 unreached = { 0 };
	size_t		 asked = 0;
	int		 rc = -1;

	if (notify_athletes(mx->ws->db, r, fresh, msg, &unreached,
	    &asked) == -1)
		goto out;
	buf_puts(reply, words_get(NULL, asked > 0 ? "mail.stored_how" :
	    "mail.stored_unasked"));
	if (unreached.len > 0)
		words_printf(reply, NULL, "mail.not_texted", unreached.data);
	rc = still_waiting(mx, coach, msg, now, reply);
out:
	buf_free(&unreached);
	return rc;
}

/*
 * The ledger's reason for an email that stored ratings (NULL: nothing
 * to say): how many athletes were refused, or lines not read.
 */
static const char *
stored_reason(const struct incoming *in, int reused, char *why, size_t size)
{
	const struct rm_result	*r = &in->r;

	if (r->nrefused > 0)
		snprintf(why, size, "%zu of %zu athletes refused",
		    r->nrefused, r->nrefused + r->nstored);
	else if (r->errors.n > 0 || in->m.error != NULL)
		snprintf(why, size, "%zu problems outside the ratings stored",
		    r->errors.n + (in->m.error != NULL));
	else
		return reused ? REUSED_ID : NULL;
	return why;
}

#define DATE_PAST	30	/* days a Date header may be behind its arrival */
#define DATE_AHEAD	2	/* and ahead of it */

/* Whether day lies within the days an email come at now may rate. */
static int
day_near(const char *day, time_t now)
{
	char	 first[11], last[11];

	day_before(now, DATE_PAST, first);
	day_before(now, -DATE_AHEAD, last);
	return strcmp(day, first) >= 0 && strcmp(day, last) <= 0;
}

/* What mail apps put before a forwarded message's subject, in their
 * languages (Outlook's TR, WG, RV, I, Doorst, VB, VL, VS, PD). */
static const char *const subject_forwards[] = { "fw", "fwd", "wg", "tr",
    "rv", "i", "doorst", "vb", "vl", "vs", "pd", "enc", NULL };
/* ...and before a reply's, or either. */
static const char *const subject_replies[] = { "re", "fw", "fwd", "aw",
    "wg", "tr", "rv", "r", "sv", "vs", "antw", "doorst", "ref", "enc",
    "rif", "odp", "vl", NULL };

/*
 * Whether subject s begins with one of the prefixes of v and a colon,
 * after any "[Club]" tags: "[Club] RE : ...", "Re[2]: ...", "Antw: ...".
 * *rest (when not NULL) is where the subject goes on after the tags.
 */
static int
subject_prefixed(const char *s, const char *const *v, const char **rest)
{
	const char	*t;
	size_t		 n, i;

	for (s += strspn(s, " \t"); *s == '['; s += strspn(s, " \t"))
		s += (t = strchr(s, ']')) != NULL ? (size_t)(t - s) + 1 :
		    strlen(s);
	if (rest != NULL)
		*rest = s;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");
	t = s + n;
	if (*t == '[' || *t == '^')
		t += strspn(t + 1, "0123456789") + 1 + (*t == '[');
	t += strspn(t, " \t");
	for (i = 0; *t == ':' && v[i] != NULL; i++)
		if (strlen(v[i]) == n && strncasecmp(s, v[i], n) == 0)
			return 1;
	return 0;
}

/*
 * The one day the subject of in names ("Valoraciones 26/11"), as the
 * team's country writes it, into day: 0, or -1 when it names none,
 * two, or one too far from now, or is a reply's or a forward's.  A
 * reply's subject is an older email's: a coach who answers last
 * week's sheet or digest with this week's scores means this week.  A
 * refusal quotes the day back as a date line, which the corrected
 * lines sent in a reply keep.
 */
static int
subject_day(const struct incoming *in, time_t now, char day[11])
{
	const char	*s = in->m.subject, *t;
	char		 word[32], found[11] = "", scratch[11];
	size_t		 n;
	int		 dots;

	if (s == NULL || subject_prefixed(s, subject_replies, &s))
		return -1;
	while (*(s += strspn(s, " \t,;()[]")) != '\0') {
		n = strcspn(s, " \t,;()[]");
		if (n > 1 && n < sizeof(word)) {
			memcpy(word, s, n);
			word[n] = '\0';
			if (word[n - 1] == ':')
				word[--n] = '\0';
			/* "26/11." ends a sentence */
			if (n > 1 && word[n - 1] == '.' && strchr(word, '/'))
				word[--n] = '\0';
			/* "10.05" is a time: a day with dots shows it,
			 * "26.11." or "26.11.2026" */
			dots = (t = strchr(word, '.')) != NULL &&
			    word[n - 1] != '.' && strchr(t + 1, '.') == NULL;
			if (!dots && strpbrk(word, "/.-") != NULL &&
			    day_read(word, now,
			    in->p.month_first, scratch) == 0) {
				if (found[0] != '\0' &&
				    strcmp(found, scratch) != 0)
					return -1;	/* two days: neither */
				memcpy(found, scratch, sizeof(found));
			}
		}
		s += n;
	}
	if (found[0] == '\0' || !day_near(found, now))
		return -1;
	memcpy(day, found, sizeof(found));
	return 0;
}

/*
 * The day (into day) the ratings of in, come at now, are for: its
 * "date:" line (or the day its subject names: subject_day()), or its
 * Date header's day; the day it came when it has none of them, or
 * when the header is no day or one more than DATE_PAST days before or
 * DATE_AHEAD days after it: a phone's clock gone wrong or an email of
 * long ago sent again, whose scores would be stored for a day the
 * coach never meant (in a season sealed long ago, or ahead of the
 * athletes' answers) without a word.  Returns 1 when the header was
 * set aside so (the reply says it), else 0.
 */
static int
rated_day(const struct incoming *in, time_t now, char day[11])
{
	char	 header[11];

	day_string(now, day);
	if (in->p.date[0] != '\0') {
		snprintf(day, 11, "%s", in->p.date);
		return 0;
	}
	if (in->m.date[0] == '\0')
		return 0;
	if (day_parse(in->m.date, header) == -1 || !day_near(header, now))
		return 1;
	snprintf(day, 11, "%s", header);
	return 0;
}

/*
 * Writes an authentic email of seat racing (seatmail.c) inside the
 * caller's transaction: the message, the race worked out and kept (or
 * refused, nothing kept), the answer with its ranking, and the ledger.
 */
static enum mail_outcome
seat_mail_store(struct mailer *mx, const struct incoming *in)
{
	const struct mail_parts	*m = &in->m;
	struct message		 mm = { .channel = CHANNEL_EMAIL,
	    .person = in->sender, .peer = m->from, .subject = m->subject,
	    .kind = "seat_race", .provider_id = m->message_id,
	    .status = "stored" };
	struct db		*db = mx->ws->db;
	struct buf		 reply = { 0 }, body = { 0 };
	char			*subject = reply_subject(m);
	int64_t			 msg, now = (int64_t)time(NULL);
	int			 reused, rc;
	enum mail_outcome	 out = MAIL_RETRY;

	body_copy(&body, m->text);
	if (subject == NULL || buf_failed(&body))
		goto done;
	mm.body = body.data;
	mm.created_at = now;
	if (store_in(db, &mm, &msg, &reused) == -1)
		goto done;
	if ((rc = seatmail_act(mx, in->seat, m->text, in->sender, now, msg,
	    &reply)) == -1)
		goto done;
	if ((rc == 1 && db_exec(db, STMT_MESSAGE_SET_STATUS, "ti",
	    "rejected", msg) == -1) || buf_failed(&reply) ||
	    queue_reply(db, in->sender, m, subject, reply.data, msg) == -1 ||
	    ledger_record(db, in, rc ? "rejected" : "stored", rc ?
	    "errors in the seat racing" : reused ? REUSED_ID : NULL,
	    msg) == -1)
		goto done;
	out = rc ? MAIL_REJECTED : MAIL_STORED;
done:
	free(subject);
	buf_free(&reply);
	buf_free(&body);
	return out;
}

/*
 * Writes an authentic email inside the caller's transaction: the
 * message, what its commands do (command.c; their answers open the
 * reply), the ratings of the athletes without a problem (or none), the
 * reply (what was stored, what was refused, marked), the athletes'
 * texts and the ledger: "stored" when any rating was stored or any
 * command acted, else "rejected".  Returns the outcome, MAIL_RETRY on a
 * database error (after which the caller rolls back to its savepoint).
 */
static enum mail_outcome
mail_store(struct mailer *mx, const struct incoming *in)
{
	const struct mail_parts	*m = &in->m;
	const struct rm_result	*r = &in->r;
	struct db		*db = mx->ws->db;
	struct message		 mm = { .channel = CHANNEL_EMAIL,
	    .peer = m->from, .subject = m->subject, .kind = "ratings",
	    .provider_id = m->message_id };
	struct buf		 reply = { 0 }, body = { 0 };
	char			 rated_on[11], why[128], *subject;
	char			 dated[WORDS_DATE_MAX], day[WORDS_DATE_MAX];
	char			*fresh = NULL;
	int64_t			 coach = in->sender, msg, now = (int64_t)time(NULL);
	int			 reused, refused = 0, stored = r->n > 0, kept;
	int			 redated;
	int			 bad = r->errors.n > 0 || m->error != NULL;
	/* an email of commands alone is no ratings email */
	int			 only = in->c.n > 0 && r->n == 0 && !bad;
	enum mail_outcome	 out = MAIL_RETRY;

	if (in->calendar)
		return calendar_store(mx, in);
	if (m->automatic != NULL)
		return robot_store(mx, in);
	if (in->t.act != THREAD_NONE)
		return thread_store(mx, in);
	if (in->seat != NULL)
		return seat_mail_store(mx, in);
	redated = rated_day(in, (time_t)now, rated_on);
	subject = reply_subject(m);
	body_copy(&body, m->text);
	if (subject == NULL || buf_failed(&body) ||
	    (fresh = calloc(r->n + 1, 1)) == NULL)
		goto done;	/* out of memory: tried again later */
	if (in->c.n > 0) {
		/* a command may change whom the waiting list names */
		waiting_forget(&mx->waiting);
		if ((refused = command_act(mx, &in->c, coach, &reply)) == -1)
			goto done;
	}
	bad |= refused;
	mm.person = coach;
	mm.body = body.data;
	/* a sender who may command nothing may rate nothing either */
	stored = stored && !refused;
	kept = stored || (in->c.n > 0 && !refused);
	mm.kind = only ? "commands" : "ratings";
	mm.status = kept ? "stored" : "rejected";
	mm.created_at = now;
	/* the plans its commands stored come from it */
	if (store_in(db, &mm, &msg, &reused) == -1 ||
	    plan_claim(db, msg) == -1 || (stored &&
	    ratings_store(mx, r, coach, rated_on, now, msg, &reply,
	    fresh) == -1))
		goto done;
	if (stored && redated)
		words_printf(&reply, NULL, "mail.date_moved",
		    words_date(m->date, dated), words_date(rated_on, day));
	if (stored && rateanswer_readings(m->text, r, &reply) == -1)
		goto done;
	if (only || refused)
		;	/* the commands' answers are the whole reply */
	else if (bad) {
		/* "nothing was stored" would be untrue after commands:
		 * a plan above a line taken for an athlete's */
		buf_puts(&reply, words_get(NULL, kept ? "mail.refused" :
		    "mail.rejected"));
		if (m->error != NULL)
			buf_printf(&reply, "- %s\n", m->error);
		if (rateanswer_refusals(m->text, &in->p, r, &reply) == -1)
			goto done;
	}
	if ((stored && ratings_after(mx, r, coach, now, msg, &reply,
	    fresh) == -1) || buf_failed(&reply) || queue_reply(db, coach, m,
	    subject, reply.data, msg) == -1 || ledger_record(db,
	    in, kept ? "stored" : "rejected", refused ? NOT_A_COACH :
	    bad && !stored ? "errors in the ratings" : stored_reason(in,
	    reused, why, sizeof(why)), msg) == -1)
		goto done;
	out = kept ? MAIL_STORED : MAIL_REJECTED;
done:
	free(subject);
	free(fresh);
	buf_free(&reply);
	buf_free(&body);
	return out;
}

/*
 * Keeps raw under mail/FOLDER/HASH.eml (durably, once) and says where
 * in path.  Returns 0 or -1.
 */
int
intake_keep_raw(struct mailer *mx, const char *folder, const char *hash,
    const char *raw, size_t len, char *path, size_t size)
{
	if (snprintf(path, size, "%s/mail/%s/%s.eml", mx->ws->dir, folder,
	    hash) >= (int)size)
		return -1;
	if (file_exists(path))
		return 0;
	return file_replace(path, raw, len, 0600, FILE_DURABLE | FILE_MKDIRS);
}

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
	if ((rc = seen_before(mx->ws->db, in->source, in->key, in->hash,
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
	    !subject_prefixed(in->m.subject, subject_forwards, NULL)) &&
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
	/* a CSV is a plan's (command.c) or ratings; a forwarded email's
	 * are its sender's, which Gmail and Outlook attach again to the
	 * forward: said, and not read */
	if (in->m.csv.n > 0 && in->m.subject != NULL &&
	    subject_prefixed(in->m.subject, subject_forwards, NULL)) {
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
		(void)subject_day(in, in->p.now, in->p.date);
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
		if ((in->why = calendar_sender(mx, &in->m)) == NULL) {
			in->calendar = 1;
			in->what = MAIL_STORED;
		}
		return;
	}
	if ((in->why = authenticate(mx, &in->m)) != NULL)
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
		if (ledger_record(db, in, "quarantined", in->why, 0) == -1)
			out = MAIL_RETRY;
	} else {
		/* the coach is answered in their language */
		was = in->sender != 0 ? person_reader(db, in->sender) :
		    words_reader(NULL);
		out = mail_store(mx, in);
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

/*
 * Keeps a quarantined message as mail/quarantine/HASH.eml: a second name
 * for the copy kept on arrival (so one copy on disk, capped at
 * MAIL_MAX_SIZE), or raw itself when there is none.  Returns 0 or -1.
 */
int
intake_quarantine(struct mailer *mx, const struct incoming *in,
    const char *raw, size_t len)
{
	char	 path[4096];

	if (snprintf(path, sizeof(path), "%s/mail/quarantine/%s.eml",
	    mx->ws->dir, in->hash) >= (int)sizeof(path))
		return -1;
	if (file_exists(path) || (in->raw_path[0] != '\0' &&
	    file_link(in->raw_path, path) == 0))
		return 0;
	return file_replace(path, raw, len, 0600, FILE_DURABLE | FILE_MKDIRS);
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

/* The folders of kept copies under mail/: raw/, quarantine/ (links). */
const char *const intake_kept[] = { "raw", "quarantine", NULL };

/*
 * Removes the kept copies (mail/raw/, mail/quarantine/) last changed
 * more than days ago; *removed counts them.  The ledger keeps its
 * record of each message, so a pruned message is still never stored
 * twice.  Returns OUT_OK, or OUT_IOERR when a folder cannot be read.
 */
enum outcome
intake_prune(struct workspace *ws, long days, unsigned *removed)
{
	const char *const *folders = intake_kept;
	struct dirent	*e;
	struct stat	 st;
	char		 dir[4096], path[4352];
	time_t		 before = time(NULL) - (time_t)days * 86400;
	size_t		 i, n;
	DIR		*d;

	*removed = 0;
	for (i = 0; folders[i] != NULL; i++) {
		if (snprintf(dir, sizeof(dir), "%s/mail/%s", ws->dir,
		    folders[i]) >= (int)sizeof(dir))
			return OUT_IOERR;
		if ((d = opendir(dir)) == NULL) {
			if (errno == ENOENT)
				continue;
			log_error("%s: %s", dir, strerror(errno));
			return OUT_IOERR;
		}
		while ((e = readdir(d)) != NULL) {
			n = strlen(e->d_name);
			if (n < 5 || strcmp(e->d_name + n - 4, ".eml") != 0 ||
			    snprintf(path, sizeof(path), "%s/%s", dir,
			    e->d_name) >= (int)sizeof(path) ||
			    lstat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
			    st.st_mtime >= before)
				continue;
			if (unlink(path) == 0)
				(*removed)++;
			else
				log_warn("%s: %s", path, strerror(errno));
		}
		closedir(d);
	}
	return OUT_OK;
}
