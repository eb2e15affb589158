/*
 * intake_store.c - an authentic coach email written, in the caller's
 * transaction: the message kept, then by its kind what it does (a
 * calendar's answer, a robot's mail filed, a reply in a thread, seat
 * racing, or commands and ratings), the reply to the coach, and the
 * ledger's outcome.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

#define MAIL_MAX_BODY		(64 * 1024)

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

/* The first MAIL_MAX_BODY bytes of text (NULL: none) into body, as kept. */
static void
body_copy(struct buf *body, const char *text)
{
	size_t	 n = text ? strlen(text) : 0;

	buf_add(body, text ? text : "", n > MAIL_MAX_BODY ? MAIL_MAX_BODY : n);
	buf_puts(body, "");
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
	    intake_ledger_record(db, in, mm.status, why, msg) == -1)
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
	    intake_ledger_record(db, in, "stored", why.data, msg) == -1)
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
	    intake_ledger_record(db, in, why ? "rejected" : "stored",
	    why ? why : reused ? REUSED_ID : NULL, msg) == -1)
		goto done;
	out = why ? MAIL_REJECTED : MAIL_STORED;
done:
	free(subject);
	buf_free(&reply);
	return out;
}

/*
 * Ends the line of a correction just written in fixed with whose score
 * it replaced, rater's (another coach): " (the score was Alex Carter's)";
 * nothing when the rater's row cannot be read (a database error: the
 * line is still true without it).
 */
static void
fixed_whose(struct db *db, int64_t rater, struct buf *fixed)
{
	struct person	 p = { 0 };

	if (person_load_row(db, rater, &p) == 0) {
		if (fixed->len > 0 && fixed->data[fixed->len - 1] == '\n')
			fixed->data[--fixed->len] = '\0';
		buf_putc(fixed, ' ');
		words_printf(fixed, NULL, "mail.fixed_whose", p.name);
	}
	person_clear(&p);
}

/*
 * Stores the ratings of r (coach's, on day rated_on, from email msg),
 * fresh[i] saying whether r->v[i] is new (not a correction), and
 * begins their confirmation in reply: what was stored, in the order of
 * the email, and what it corrected.  A correction of a score the
 * athlete had answered is texted to them (intake_notify_corrected()): what
 * they were shown has changed; the confirmation says so only of those
 * a text reaches.  intake_store() adds what was refused,
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
	int64_t		*rows = NULL, *raters = NULL;
	char		 v_was[METRIC_VALUE_MAX], v_now[METRIC_VALUE_MAX];
	char		 date[WORDS_DATE_MAX], *told = NULL;

	if ((told = calloc(r->n + 1, 1)) == NULL ||
	    (olds = calloc(r->n + 1, sizeof(*olds))) == NULL ||
	    (rows = calloc(r->n + 1, sizeof(*rows))) == NULL ||
	    (raters = calloc(r->n + 1, sizeof(*raters))) == NULL)
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
		raters[i] = w.was_rater;
		fresh[i] = w.added;
		/* a correction to tell, until intake_notify_corrected() says */
		told[i] = !w.added && w.answered && w.was != r->v[i].score ?
		    3 : 0;
	}
	/* one text an athlete, at their first correction to tell */
	for (i = 0; i < r->n; i++)
		if (told[i] == 3 &&
		    intake_notify_corrected(db, r, i, told, rows, msg) == -1)
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
		/* another coach's score: whose, or they are never told */
		if (raters[i] != 0 && raters[i] != coach)
			fixed_whose(db, raters[i], &fixed);
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
	free(raters);
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

	if (intake_notify_athletes(mx->ws->db, r, fresh, msg, &unreached,
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
	    intake_ledger_record(db, in, rc ? "rejected" : "stored", rc ?
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
enum mail_outcome
intake_store(struct mailer *mx, const struct incoming *in)
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
	redated = intake_rated_day(in, (time_t)now, rated_on);
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
	    subject, reply.data, msg) == -1 || intake_ledger_record(db,
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
