/*
 * outbox.c - the queue of what other commands queued: each message due
 * is claimed, handed to its channel's sender (smtp.c for emails,
 * twilio_api.c for texts: one entry each in senders[]) and settled.
 *
 * At most once: a message is marked 'sending' and committed before it
 * is handed to the server, and only then marked 'sent'.  A crash in
 * between leaves it 'sending', which is never sent again but counted
 * and logged for an operator, because nobody can know whether the
 * server took it.  Transient failures (no connection, 4xx) are retried
 * with backoff; a 5xx refusal, or eight failures, marks it 'failed'.
 * For texts, 429, 5xx and failures to connect are retried; a timeout
 * after Twilio got the request is left 'sending' like a crash, since
 * Twilio may have taken it.  Twilio's error 21610 (the number replied
 * STOP) opts the person out.  An email of kind 'export' carries its
 * person's data, built when it is sent (export_mail()).  Nothing is
 * ever sent to someone
 * message_reach() says it may not reach, asked again when it is due
 * (they may have opted out since it was queued).  A text to someone
 * whose channel is whatsapp or both goes the way message_route() says
 * (way_for()): WhatsApp inside their 24-hour window, an approved
 * template of [whatsapp] outside it, SMS as the fallback of 'both';
 * refused with 63016 (the window was closed) or 63014 (they blocked
 * us), it is noted on the person and tried once more the next way.
 * Runners (cox outbox
 * run, the one in cox sms serve) may overlap: each message is claimed
 * by one of them, in the same commit that marks it 'sending'.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "send.h"

/* whether each may still be sent: person_reach, '' for nobody's */
STMT(STMT_OUTBOX_DUE,
    "SELECT m.id, m.peer, coalesce(m.subject, ''), m.body, m.attempts, "
    /* a guardian's text goes as the guardian may be sent it */
    "coalesce(CASE WHEN m.kind = 'guardian' THEN x.guardian WHEN "
    "m.channel = 'sms' THEN x.sms ELSE x.email END, "
    "''), coalesce(m.person_id, 0), coalesce(m.kind, ''), "
    /* the email it answers, for mail apps to thread it */
    "coalesce((SELECT a.provider_id FROM message a WHERE a.id = "
    "m.about AND a.direction = 'in' AND a.channel = 'email'), '') "
    "FROM message m LEFT JOIN person_reach x ON x.person_id = "
    "m.person_id "
    /* by message_outbox, the few queued: the unique index on
       (channel, direction, ...) SQLite would take holds every text
       ever sent, 0.7 s a pass at a season of 10,000 athletes */
    "WHERE m.direction = 'out' AND m.status = 'queued' "
    "AND +m.channel = ? AND coalesce(m.next_attempt_at, 0) <= ? "
    "ORDER BY m.id LIMIT 100");
/* only one runner may take a message: never sent twice */
STMT(STMT_OUTBOX_CLAIM,
    "UPDATE message SET status = 'sending', error = NULL, "
    "attempts = attempts + 1, next_attempt_at = 0, "
    "provider_id = coalesce(?, provider_id) "
    "WHERE id = ? AND status = 'queued'");
/* what message_route() needs: channel, blocked, closed, last in
 * (theirs: a guardian's opens no window of the athlete's) */
STMT(STMT_PERSON_WHATSAPP,
    "SELECT coalesce(p.channel, ''), coalesce(p.whatsapp_blocked_at, "
    "0), coalesce(p.whatsapp_closed_at, 0), coalesce((SELECT "
    "max(m.created_at) FROM message m WHERE m.person_id = p.id AND "
    "m.direction = 'in' AND m.via = 'whatsapp' AND m.kind IS NOT "
    "'guardian'), 0), p.name "
    "FROM person p WHERE p.id = ?");
STMT(STMT_PERSON_WHATSAPP_BLOCKED,
    "UPDATE person SET whatsapp_blocked_at = ?1, updated_at = ?1 "
    "WHERE id = ?2");
STMT(STMT_PERSON_WHATSAPP_CLOSED,
    "UPDATE person SET whatsapp_closed_at = ? WHERE id = ?");

#define OUTBOX_MAX_ATTEMPTS	8
#define OUTBOX_BACKOFF_MAX	(6 * 3600)

static int
set_status(struct db *db, int64_t id, const char *status, const char *error,
    int tried, int64_t next, const char *provider)
{
	int64_t	 now = (int64_t)clock_now();

	if (db_begin(db) == -1)
		return -1;
	if (db_exec(db, STMT_MESSAGE_STATUS, "ttditi", status, error, tried,
	    next, provider, id) == -1 || db_exec(db, STMT_MESSAGE_STATUS_LOG,
	    "itti", id, status, error, now) == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

struct due {
	int64_t	 id, person;
	char	*to, *subject, *body, *kind;
	char	*answers;	/* the Message-ID of the email it answers, or "" */
	int	 attempts;
	enum reach reach;	/* whether its person may still be sent it */
};

static void
due_free(struct due *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		free(v[i].to);
		free(v[i].subject);
		free(v[i].body);
		free(v[i].kind);
		free(v[i].answers);
	}
	free(v);
}

/* The queued messages of channel that are due now. */
static int
due_load(struct db *db, const char *channel, struct due **out, size_t *np)
{
	struct due	*v = NULL, *more;
	sqlite3_stmt	*st;
	size_t		 n = 0;
	int		 rc;

	st = db_query(db, STMT_OUTBOX_DUE, "ti", channel, (int64_t)clock_now());
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((more = reallocarray(v, n + 1, sizeof(*v))) == NULL) {
			sqlite3_reset(st);
			rc = -1;
			break;
		}
		v = more;
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].to = xstrdup(db_text(st, 1));
		v[n].subject = xstrdup(db_text(st, 2));
		v[n].body = xstrdup(db_text(st, 3));
		v[n].attempts = sqlite3_column_int(st, 4);
		v[n].reach = message_reach_peer(
		    message_reach_parse(db_text(st, 5)));
		v[n].person = sqlite3_column_int64(st, 6);
		v[n].kind = xstrdup(db_text(st, 7));
		v[n].answers = xstrdup(db_text(st, 8));
		n++;
	}
	*out = v;
	*np = n;
	return rc;
}

/*
 * Takes message id for this runner: 0, 1 when another runner took it
 * first, -1 on a database error.
 */
static int
claim(struct db *db, int64_t id, const char *provider)
{
	if (db_begin(db) == -1)
		return -1;
	if (db_exec(db, STMT_OUTBOX_CLAIM, "ti", provider, id) == -1)
		goto fail;
	if (db_changes(db) == 0) {
		db_rollback(db);
		return 1;
	}
	if (db_exec(db, STMT_MESSAGE_STATUS_LOG, "itti", id, "sending", NULL,
	    (int64_t)clock_now()) == -1 || db_commit(db) == -1)
		goto fail;
	return 0;
fail:
	db_rollback(db);
	return -1;
}

static int64_t
backoff(int attempts)
{
	int64_t	 next = (int64_t)60 << (attempts < 8 ? attempts : 8);

	return next > OUTBOX_BACKOFF_MAX ? OUTBOX_BACKOFF_MAX : next;
}

/* Where invitations point, for messages of kind 'invite'. */
struct invites {
	const char	*base;		/* [site] base_url */
	long		 days;
};

/* The ways out, one a channel, in the order a pass takes them. */
static const struct sender *const senders[] = { &smtp_sender, &twilio_sender };
#define NSENDERS	(sizeof(senders) / sizeof(senders[0]))

struct outbox {
	void		*conf[NSENDERS];	/* each sender's, or NULL */
	struct invites	 invites;
	struct quiet	 quiet;			/* what it holds till morning */
	const struct config *config;		/* [whatsapp] templates */
	const char	*channel;		/* [sms] channel: the default */
	const char	*club;			/* [team] name, for templates */
	int		 whatsapp_on;		/* [whatsapp] from is set */
	long		 suppress_after;	/* [sms] suppress_after */
};

/*
 * The text to send for d.  An invitation is queued with "{link}" in
 * its place: the one-time token is made here, at the moment of
 * sending, so the database never holds it (only its hash).  NULL when
 * it cannot be made (logged).
 */
static char *
text_for(struct db *db, const struct invites *inv, const struct due *d)
{
	struct person	 p = { 0 };
	struct buf	 link = { 0 }, out = { 0 };
	const char	*at;
	int		 ok;

	if (strcmp(d->kind, "invite") != 0 ||
	    (at = strstr(d->body, "{link}")) == NULL)
		return xstrdup(d->body);
	if (inv->base == NULL) {
		log_error("message %lld: an invitation needs [site] base_url",
		    (long long)d->id);
		return NULL;
	}
	ok = db_begin(db) == 0 && person_load_row(db, d->person, &p) == 0 &&
	    invite_make(db, &p, inv->days, inv->base, &link) == 0 &&
	    db_commit(db) == 0;
	if (!ok)
		db_rollback(db);
	else {
		buf_add(&out, d->body, (size_t)(at - d->body));
		buf_puts(&out, link.data);
		buf_puts(&out, at + strlen("{link}"));
		ok = !buf_failed(&out);	/* NULL below, tried again later */
	}
	if (link.data != NULL)
		sodium_memzero(link.data, link.len);
	buf_free(&link);
	person_clear(&p);
	return ok ? buf_steal(&out) : NULL;
}

#define EXPORT_MAIL_MAX	(8 << 20)	/* bytes of CSV files one carries */

/* The files an email of kind 'export' carries, and what they are of. */
struct export_mail {
	struct person_export	 x;
	struct attachment	*files;
	char			(*names)[48];
	size_t			 n;
};

static void
export_mail_clear(struct export_mail *e)
{
	export_person_clear(&e->x);
	free(e->files);
	free(e->names);
	memset(e, 0, sizeof(*e));
}

/*
 * The files of d, an email of kind 'export' (queued by a "mydata"
 * text, reply.c): everything stored about its person, built now
 * (lib/export.c) so that the message table keeps no copy of it.
 * person.json, which holds all of it, and the CSV file of each table
 * that has rows while they stay under EXPORT_MAIL_MAX together.
 * Returns 0, or -1 (logged) when it cannot be built.
 */
static int
export_mail(struct db *db, const struct due *d, struct export_mail *e)
{
	size_t	 i, size = 0;

	memset(e, 0, sizeof(*e));
	if (d->person == 0 ||
	    export_person_build(db, d->person, &e->x) != OUT_OK)
		goto fail;
	if ((e->files = calloc(person_ntables + 1, sizeof(*e->files))) ==
	    NULL || (e->names = calloc(person_ntables, sizeof(*e->names))) ==
	    NULL)
		goto fail;
	e->files[e->n++] = (struct attachment){ "person.json",
	    "application/json; charset=utf-8", e->x.json,
	    strlen(e->x.json) };
	for (i = 0; i < person_ntables; i++)
		size += e->x.counts[i] > 0 ? e->x.csv[i].len : 0;
	for (i = 0; i < person_ntables && size <= EXPORT_MAIL_MAX; i++) {
		if (e->x.counts[i] == 0)
			continue;
		snprintf(e->names[i], sizeof(e->names[i]), "%s.csv",
		    person_tables[i].name);
		e->files[e->n++] = (struct attachment){ e->names[i],
		    "text/csv; charset=utf-8", e->x.csv[i].data,
		    e->x.csv[i].len };
	}
	return 0;
fail:
	log_error("message %lld: the export of person %lld could not be "
	    "made", (long long)d->id, (long long)d->person);
	export_mail_clear(e);
	return -1;
}

/*
 * The outcome of one attempt: 0 sent, 1 transient (queue again), 2
 * permanent (failed), 3 unknown (leave 'sending').
 */
static int
settle(struct db *db, const struct due *d, int r, const char *why,
    const char *provider)
{
	int64_t	 now = (int64_t)clock_now();

	if (r == 0)
		return set_status(db, d->id, "sent", NULL, 0, 0, provider);
	if (r == 1 && d->attempts + 1 < OUTBOX_MAX_ATTEMPTS)
		return set_status(db, d->id, "queued", why, 0,
		    now + backoff(d->attempts), NULL);
	if (r == 3)
		return set_status(db, d->id, "sending", why, 0, 0, NULL);
	return set_status(db, d->id, "failed", why, 0, 0, NULL);
}

/*
 * What settle() made of a failed attempt r of d, for its log line:
 * which attempt it was of how many, and when the next is or that there
 * is none; "" when it went.
 */
static void
tries_said(const struct due *d, int r, char *out, size_t size)
{
	int64_t	 next = backoff(d->attempts);

	if (r == 0)
		snprintf(out, size, "%s", "");
	else if (r == 1 && d->attempts + 1 < OUTBOX_MAX_ATTEMPTS)
		snprintf(out, size, " (attempt %d of %d; the next in %lld "
		    "min)", d->attempts + 1, OUTBOX_MAX_ATTEMPTS,
		    (long long)(next + 59) / 60);
	else if (r == 3)
		snprintf(out, size, " (attempt %d of %d; not tried again: the "
		    "server may have taken it)", d->attempts + 1,
		    OUTBOX_MAX_ATTEMPTS);
	else
		snprintf(out, size, " (attempt %d of %d; failed, not tried "
		    "again)", d->attempts + 1, OUTBOX_MAX_ATTEMPTS);
}

/* How a text goes: way_for() fills it, send_one() reads it. */
struct way {
	enum route	 route;
	const char	*why;		/* ROUTE_NONE, or why not WhatsApp */
	int		 whatsapp;	/* their channel is whatsapp or both */
	const char	*template;	/* [whatsapp] template.KIND, or NULL */
	char		 first[64];	/* their first name, for templates */
};

/* The [whatsapp] key of the template for texts of kind. */
static const char *
template_key(const char *kind)
{
	if (strcmp(kind, "notify") == 0)
		return "template.prompt";
	if (strcmp(kind, "reminder") == 0)
		return "template.reminder";
	if (strcmp(kind, "invite") == 0)
		return "template.invite";
	return "template.message";
}

/*
 * How the text d goes now (message_route()), from its person's row:
 * SMS for someone on no roster, whose channel is sms, or for a
 * guardian's copy.  Returns 0, or
 * -1 on a database error.
 */
static int
way_for(struct db *db, const struct outbox *ob, const struct due *d,
    struct way *w)
{
	struct route_facts f = { .whatsapp_on = ob->whatsapp_on,
	    .now = (int64_t)clock_now() };
	sqlite3_stmt	*st;
	char		 channel[16];
	int		 rc;

	memset(w, 0, sizeof(*w));
	w->route = ROUTE_SMS;
	/* a guardian's copy goes to their number as a text: the athlete's
	 * WhatsApp is theirs alone */
	if (d->person == 0 || strcmp(d->kind, "guardian") == 0)
		return 0;
	st = db_query(db, STMT_PERSON_WHATSAPP, "i", d->person);
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc;	/* no such person: by SMS, as queued */
	snprintf(channel, sizeof(channel), "%s", *db_text(st, 0) ?
	    db_text(st, 0) : ob->channel);
	f.blocked_at = sqlite3_column_int64(st, 1);
	f.closed_at = sqlite3_column_int64(st, 2);
	f.last_in = sqlite3_column_int64(st, 3);
	snprintf(w->first, sizeof(w->first), "%s", db_text(st, 4));
	sqlite3_reset(st);
	w->first[strcspn(w->first, " ")] = '\0';
	w->template = config_get(ob->config, "whatsapp", template_key(d->kind));
	f.channel = channel;
	f.has_template = w->template != NULL;
	w->whatsapp = strcmp(channel, "sms") != 0;
	w->route = message_route(&f, &w->why);
	return 0;
}

/*
 * The ContentVariables of a template carrying text to w's person:
 * {{1}} their first name, {{2}} the club, {{3}} the text on one line
 * (WhatsApp takes no line breaks in a variable) without the club's
 * short name that opens an SMS (the template names the club).  Caller
 * frees; NULL out of memory.
 */
static char *
template_variables(const struct outbox *ob, const struct way *w,
    const char *text)
{
	json_t	*j;
	char	*line, *p, *out = NULL;
	size_t	 lead = strlen(sms_lead());

	if (lead > 0 && strncmp(text, sms_lead(), lead) == 0)
		text += lead;
	if ((line = xstrdup(text)) == NULL)
		return NULL;
	for (p = line; *p != '\0'; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	j = json_pack("{s:s, s:s, s:s}", "1", w->first, "2", ob->club ?
	    ob->club : "", "3", line);
	if (j != NULL)
		out = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	secret_free(line);	/* it may hold an invitation's token */
	return out;
}

/*
 * Notes on person what Twilio said of their WhatsApp (63016: their
 * window was closed; 63014: they blocked the team), so that the next
 * way is taken.  Returns 0, or -1 on a database error.
 */
int
outbox_whatsapp_said(struct db *db, int64_t person, int said)
{
	int64_t	 now = (int64_t)clock_now();

	if (person == 0 || (said != PEER_WINDOW && said != PEER_WA_BLOCKED))
		return 0;
	if (said == PEER_WA_BLOCKED)
		log_warn("person %lld blocked the team on WhatsApp (error "
		    "63014): nothing more goes to them by WhatsApp",
		    (long long)person);
	return db_exec(db, said == PEER_WINDOW ? STMT_PERSON_WHATSAPP_CLOSED :
	    STMT_PERSON_WHATSAPP_BLOCKED, "ii", now, person);
}

/*
 * One try of text to d the way w says; r as sender's send, its id,
 * *stop and why.  A way that cannot carry it is refused (2) here.
 */
static int
send_way(const struct sender *sd, const void *conf, const struct outbox *ob,
    const struct due *d, struct outgoing *o, const struct way *w,
    char id[64], int *stop, char *why, size_t whysize)
{
	char	*vars = NULL;
	int	 r;

	*stop = PEER_OK;
	id[0] = '\0';
	if (w->route == ROUTE_NONE) {
		snprintf(why, whysize, "%s", w->why);
		return 2;
	}
	o->whatsapp = w->route != ROUTE_SMS;
	o->content_sid = w->route == ROUTE_TEMPLATE ? w->template : NULL;
	if (o->content_sid != NULL &&
	    (vars = template_variables(ob, w, o->body)) == NULL) {
		snprintf(why, whysize, "out of memory");
		return 1;
	}
	o->variables = vars;
	r = sd->send(conf, o, id, stop, why, whysize);
	if (w->whatsapp && w->route == ROUTE_SMS && w->why != NULL)
		log_info("text %lld by SMS: %s", (long long)d->id, w->why);
	free(vars);
	return r;
}

/*
 * Hands d, claimed, to the sender which of ob with msgid ("" for none)
 * and settles it; *sent is set when the provider took it.  A WhatsApp
 * refusal for the window or a block is noted and the text tried the
 * next way (a refused text was not sent).  Returns 0, or -1 on a
 * database error.
 */
static int
send_one(struct db *db, const struct outbox *ob, size_t which,
    const struct due *d, const char *msgid, int *sent)
{
	const struct sender *sd = senders[which];
	struct outgoing	 o = { .to = d->to, .subject = d->subject,
	    .msgid = msgid, .answers = d->answers,
	    .reply = strcmp(d->kind, "reply") == 0 };
	struct way	 w = { .route = ROUTE_SMS };
	struct export_mail e = { 0 };
	struct attachment cal = { 0 };
	char		 why[256], id[64], *text, masked[EMAIL_MASKED_MAX];
	char		*ics = NULL;
	char		 tried[96];
	int		 r, rc = 0, stop, tries = 0;

	*sent = 0;
	if (sd->channel == CHANNEL_EMAIL && strcmp(d->kind, "export") == 0) {
		if (export_mail(db, d, &e) == -1)
			return settle(db, d, 1, "the export could not be made",
			    NULL);
		o.files = e.files;
		o.nfiles = e.n;
	}
	/* a calendar invitation carries its iCalendar (lib/avail.c), its
	 * method in its type too (RFC 6047 2.4) */
	if (sd->channel == CHANNEL_EMAIL && strcmp(d->kind, "calendar") == 0) {
		if (avail_mail_ics(db, d->id, &ics) == -1)
			return settle(db, d, 1, "the invitation could not be "
			    "read", NULL);
		if (ics != NULL) {
			cal = (struct attachment){ "invite.ics",
			    strstr(ics, "METHOD:CANCEL") != NULL ?
			    "text/calendar; charset=utf-8; method=CANCEL" :
			    "text/calendar; charset=utf-8; method=REQUEST",
			    ics, strlen(ics) };
			o.files = &cal;
			o.nfiles = 1;
		}
	}
	if ((text = text_for(db, &ob->invites, d)) == NULL) {
		export_mail_clear(&e);
		free(ics);
		return settle(db, d, 1, "the invitation could not be made",
		    NULL);
	}
	o.body = text;
	do {
		if (sd->channel == CHANNEL_SMS &&
		    (rc = way_for(db, ob, d, &w)) == -1)
			break;
		r = send_way(sd, ob->conf[which], ob, d, &o, &w, id, &stop,
		    why, sizeof(why));
	} while (r == 2 && w.route != ROUTE_SMS && tries++ < 2 &&
	    (stop == PEER_WINDOW || stop == PEER_WA_BLOCKED) &&
	    (rc = outbox_whatsapp_said(db, d->person, stop)) == 0);
	secret_free(text);	/* it may hold an invitation's token */
	export_mail_clear(&e);	/* and wiped: health data */
	free(ics);
	if (rc == -1)
		return -1;
	rc = settle(db, d, r, why, r == 0 && id[0] ? id : NULL);
	if (rc == 0 && w.whatsapp && w.route != ROUTE_NONE)
		rc = db_exec(db, STMT_MESSAGE_SET_VIA, "ti", w.route ==
		    ROUTE_SMS ? "sms" : "whatsapp", d->id);
	/* the provider says they asked for no more (texted STOP); a
	 * guardian's STOP is theirs, not the athlete's: it stops the
	 * copies to their number */
	if (stop == PEER_STOP && d->person != 0 && rc == 0 &&
	    strcmp(d->kind, "guardian") == 0)
		rc = person_guardian_optout(db, d->to, 1);
	else if (stop == PEER_STOP && d->person != 0 && rc == 0)
		rc = db_exec(db, STMT_PERSON_SET_OPTOUT, "dii", 1,
		    (int64_t)clock_now(), d->person);
	*sent = r == 0;
	/* the log names the message, not in clear where it went: the
	 * message's row does (cox status, cox outbox) */
	if (sd->channel == CHANNEL_SMS)
		phone_masked(d->to, masked);
	else
		email_masked(d->to, masked);
	tries_said(d, r, tried, sizeof(tried));
	log_msg(r == 0 ? LOGL_INFO : LOGL_WARN, "%s %lld to %s%s: %s%s",
	    sd->noun, (long long)d->id, masked, w.route == ROUTE_SMS ||
	    r != 0 ? "" : w.route == ROUTE_TEMPLATE ? " by WhatsApp template" :
	    " by WhatsApp", r == 0 ? sd->taken : why, tried);
	return rc;
}

/*
 * One pass over what is due on the channel of ob's sender i: each
 * message its person may still be sent (message_reach()), outside the
 * quiet hours if cox sends it on its own, and that this runner claims;
 * how many went, or -1.
 */
static int
sender_pass(struct workspace *ws, const struct outbox *ob, size_t which)
{
	const struct sender *sd = senders[which];
	const void	*conf = ob->conf[which];
	struct due	*v = NULL;
	char		 msgid[128] = "", code[8], why[48];
	const char	*bad;
	size_t		 n = 0, i;
	int		 rc, sent = 0, one;
	time_t		 until;

	rc = due_load(ws->db, channel_name(sd->channel), &v, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		/* a consent withdrawn since it was queued holds it */
		if (v[i].reach == REACH_YES && (one = person_consent_whose_id(
		    ws->db, v[i].person, v[i].kind, clock_now())) !=
		    REACH_YES) {
			if (one == -1) {
				rc = -1;
				break;
			}
			v[i].reach = (enum reach)one;
		}
		bad = v[i].reach != REACH_YES ?
		    message_reach_name(v[i].reach) : sd->valid != NULL &&
		    !sd->valid(v[i].to) ? "not a valid address" : NULL;
		if (bad != NULL) {
			rc = set_status(ws->db, v[i].id, v[i].reach !=
			    REACH_YES ? "suppressed" : "failed", bad, 0, 0,
			    NULL);
			continue;
		}
		/* a number that keeps failing: held, and said (cox status) */
		if (sd->channel == CHANNEL_SMS && (one =
		    message_number_failing(ws->db, v[i].person, v[i].to,
		    ob->suppress_after, code)) != 0) {
			if (one == -1) {
				rc = -1;
				break;
			}
			snprintf(why, sizeof(why), "number failing: %s", code);
			log_warn("text %lld not sent: the last %ld to this "
			    "number failed (%s)", (long long)v[i].id,
			    ob->suppress_after, code);
			rc = set_status(ws->db, v[i].id, "suppressed", why, 0,
			    0, NULL);
			continue;
		}
		/* checked when it leaves, not only when it was queued */
		if (sd->channel == CHANNEL_SMS && quiet_holds(v[i].kind) &&
		    (until = quiet_until(&ob->quiet, clock_now())) != 0) {
			rc = set_status(ws->db, v[i].id, "queued",
			    "held for the quiet hours", 0, (int64_t)until, NULL);
			continue;
		}
		if (sd->msgid != NULL && sd->msgid(conf, v[i].id, msgid,
		    sizeof(msgid)) == -1)
			break;
		/* committed before the provider sees it: never twice */
		if ((rc = claim(ws->db, v[i].id, msgid[0] ? msgid : NULL)) ==
		    -1)
			break;
		if (rc == 1) {
			rc = 0;
			continue;
		}
		rc = send_one(ws->db, ob, which, &v[i], msgid, &one);
		sent += one;
	}
	due_free(v, n);
	return rc == -1 ? -1 : sent;
}

/*
 * What conf says about sending, into *out (outbox_free() frees it).
 * Returns OUT_OK, OUT_CONFIG (said which key) or OUT_FAILED.  Neither
 * channel set up is not an error: see outbox_ready().
 */
enum outcome
outbox_new(struct config *conf, struct outbox **out)
{
	struct outbox	*ob;
	size_t		 i;

	*out = NULL;
	if ((ob = calloc(1, sizeof(*ob))) == NULL) {
		log_error("out of memory");
		return OUT_FAILED;
	}
	ob->invites.base = workspace_base_url(conf);
	for (i = 0; i < NSENDERS; i++)
		if (senders[i]->open(conf, &ob->conf[i]) == -1)
			goto fail;
	if (config_long(conf, "accounts", "invite_days", 7, 1, 90,
	    &ob->invites.days) == -1 || quiet_load(conf, &ob->quiet) != OUT_OK ||
	    config_long(conf, "sms", "suppress_after", 3, 0, 100,
	    &ob->suppress_after) == -1)
		goto fail;
	ob->config = conf;
	ob->club = config_get(conf, "team", "name");
	ob->whatsapp_on = config_get(conf, "whatsapp", "from") != NULL;
	if ((ob->channel = config_get(conf, "sms", "channel")) == NULL)
		ob->channel = "sms";
	if (!person_channel_valid(ob->channel)) {
		config_bad(conf, "sms", "channel", "write sms, whatsapp or "
		    "both (WhatsApp first, SMS when it cannot go)");
		goto fail;
	}
	*out = ob;
	return OUT_OK;
fail:
	outbox_free(ob);
	return OUT_CONFIG;
}

/* Whether channel c has a way out configured. */
static int
outbox_has(const struct outbox *ob, enum channel c)
{
	size_t	 i;

	for (i = 0; i < NSENDERS; i++)
		if (senders[i]->channel == c && ob->conf[i] != NULL)
			return 1;
	return 0;
}

int
outbox_ready(const struct outbox *ob)
{
	return outbox_mail(ob) || outbox_texts(ob);
}

/* Whether emails can be sent: [smtp] url and the rest are set. */
int
outbox_mail(const struct outbox *ob)
{
	return outbox_has(ob, CHANNEL_EMAIL);
}

/* Whether texts can be sent: [sms] account_sid and the rest are set. */
int
outbox_texts(const struct outbox *ob)
{
	return outbox_has(ob, CHANNEL_SMS);
}

void
outbox_free(struct outbox *ob)
{
	size_t	 i;

	if (ob == NULL)
		return;
	for (i = 0; i < NSENDERS; i++)
		senders[i]->close(ob->conf[i]);
	free(ob);
}

/* Sends what is due on each configured channel; -1 on a database error. */
int
outbox_pass(struct workspace *ws, struct outbox *ob, int *mails, int *texts)
{
	size_t	 i;
	int	 n;

	*mails = *texts = 0;
	for (i = 0; i < NSENDERS; i++) {
		if (ob->conf[i] == NULL)
			continue;
		if ((n = sender_pass(ws, ob, i)) == -1)
			return -1;
		*(senders[i]->channel == CHANNEL_EMAIL ? mails : texts) += n;
	}
	return 0;
}

/*
 * Logs the messages queued on a channel with no way out configured:
 * they wait, and a pass that sends nothing would not say why.
 */
void
outbox_report_unsendable(struct db *db, const struct outbox *ob)
{
	sqlite3_stmt	*st;
	const char	*c;
	long long	 n;
	int		 mail;

	st = db_query(db, STMT_STATUS_OUTBOX, "");
	while (db_row(db, st) == OUT_ROW) {
		c = db_text(st, 0);
		mail = strcmp(c, "email") == 0;
		n = sqlite3_column_int64(st, 2);
		if (strcmp(db_text(st, 1), "queued") != 0 ||
		    (mail ? outbox_mail(ob) : outbox_texts(ob)))
			continue;
		log_warn("%lld %s%s wait%s: %s is not set in %s, so %s "
		    "cannot go out", n, mail ? "email" : "text", n == 1 ? "" :
		    "s", n == 1 ? "s" : "", mail ? "[smtp] url" :
		    "[sms] account_sid", config_path(ob->config), n == 1 ?
		    "it" : "they");
	}
	sqlite3_reset(st);
}

/* Logs the messages left 'sending' by a run that stopped. */
void
outbox_report_stuck(struct db *db)
{
	sqlite3_stmt	*st;

	st = db_query(db, STMT_OUTBOX_STUCK, "");
	if (db_row(db, st) == OUT_ROW && sqlite3_column_int(st, 0) > 0)
		log_warn("%d messages may or may not have gone out (a run "
		    "stopped, or the provider did not answer); they are not "
		    "sent again (status 'sending')", sqlite3_column_int(st, 0));
	sqlite3_reset(st);
}

/*
 * Queues text (of kind: "broadcast", "reminder", ...) for person id at
 * time now, in the caller's transaction, unless a text does not reach
 * them (message_reach()): counts which in *queued or *skipped.
 * Returns 0, or -1 on a database error.
 */
int
outbox_queue_text(struct db *db, int64_t id, const char *text,
    const char *kind, time_t now, int *queued, int *skipped)
{
	const struct message m = { .channel = CHANNEL_SMS, .person = id,
	    .body = text, .kind = kind, .created_at = (int64_t)now };
	enum reach	 reach;

	if (message_queue(db, &m, &reach) != OUT_OK)
		return -1;
	if (reach == REACH_YES)
		(*queued)++;
	else
		(*skipped)++;
	return 0;
}

/*
 * cox doctor --online: tries each configured way out without sending
 * anything, adding a line per failure to problems.  Returns how many
 * it tried.
 */
int
outbox_probe(const struct outbox *ob, struct strlist *problems)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < NSENDERS; i++)
		if (ob->conf[i] != NULL) {
			n++;
			senders[i]->probe(ob->conf[i], problems);
		}
	return n;
}
