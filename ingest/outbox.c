/*
 * outbox.c - sends what other commands queued: emails over SMTP with
 * libcurl's MIME API, texts through Twilio's Messages API.
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
 * STOP) opts the person out.  Nothing is ever sent to someone
 * message_reach() says it may not reach, asked again when it is due
 * (they may have opted out since it was queued).  Runners (cox outbox
 * run, the one in cox sms serve) may overlap: each message is claimed
 * by one of them, in the same commit that marks it 'sending'.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "ingest.h"

#define OUTBOX_MAX_ATTEMPTS	8
#define OUTBOX_BACKOFF_MAX	(6 * 3600)

struct smtp {
	const char	*url;		/* smtp://host:587, smtps://host:465 */
	const char	*from;		/* the address mail comes from */
	const char	*user;
	char		*password;
	int		 tls;		/* 0 only when [smtp] tls = off */
};

/* Copies s with every CR and LF made a space: no header injection. */
static void
header_safe(char *dst, size_t size, const char *s)
{
	size_t	 i;

	snprintf(dst, size, "%s", s);
	for (i = 0; dst[i] != '\0'; i++)
		if (dst[i] == '\r' || dst[i] == '\n')
			dst[i] = ' ';
}

/* "Subject: ..." as RFC 2047 base64 when it is not plain ASCII. */
static void
subject_header(char *dst, size_t size, const char *subject)
{
	char		 safe[512], b64[800];
	const char	*p;

	header_safe(safe, sizeof(safe), subject);
	for (p = safe; *p != '\0' && (unsigned char)*p < 0x80; p++)
		continue;
	if (*p == '\0') {
		snprintf(dst, size, "Subject: %s", safe);
		return;
	}
	sodium_bin2base64(b64, sizeof(b64), (const unsigned char *)safe,
	    strlen(safe), sodium_base64_VARIANT_ORIGINAL);
	snprintf(dst, size, "Subject: =?UTF-8?B?%s?=", b64);
}

/* The server, TLS as set (certificates checked), login, time limits. */
static void
smtp_session(CURL *c, const struct smtp *s, long timeout)
{
	curl_easy_setopt(c, CURLOPT_URL, s->url);
	curl_easy_setopt(c, CURLOPT_USE_SSL, s->tls ? (long)CURLUSESSL_ALL :
	    (long)CURLUSESSL_NONE);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	if (s->user != NULL) {
		curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
		curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
	}
}

/*
 * Sends one message.  Returns 0 when the server took it, 1 for a
 * transient failure, 2 for a permanent one; *why says what happened.
 */
/*
 * Whether id, as another mailer wrote it, can go into an In-Reply-To
 * header as it is: printable ASCII, no space or angle bracket, an '@'.
 */
static int
msgid_ok(const char *id)
{
	size_t	 i, n = strlen(id);

	if (n == 0 || n > 250 || strchr(id, '@') == NULL)
		return 0;
	for (i = 0; i < n; i++)
		if (id[i] <= ' ' || id[i] > '~' || id[i] == '<' ||
		    id[i] == '>')
			return 0;
	return 1;
}

static int
smtp_send(const struct smtp *s, const char *to, const char *subject,
    const char *body, const char *msgid, const char *answers, char *why,
    size_t whysize)
{
	struct curl_slist	*rcpt = NULL, *hdr = NULL;
	curl_mime		*mime = NULL;
	curl_mimepart		*part;
	CURL			*c;
	CURLcode		 rc;
	char			 line[1024], date[64], angle[300];
	long			 code = 0;
	time_t			 now = time(NULL);
	struct tm		 tm;
	int			 result = 1;

	if ((c = curl_easy_init()) == NULL) {
		snprintf(why, whysize, "curl did not start");
		return 1;
	}
	gmtime_r(&now, &tm);
	strftime(date, sizeof(date), "Date: %a, %d %b %Y %H:%M:%S +0000", &tm);
	snprintf(angle, sizeof(angle), "<%s>", to);
	rcpt = curl_slist_append(rcpt, angle);
	snprintf(line, sizeof(line), "From: %s", s->from);
	hdr = curl_slist_append(hdr, line);
	snprintf(line, sizeof(line), "To: %s", to);
	hdr = curl_slist_append(hdr, line);
	subject_header(line, sizeof(line), subject);
	hdr = curl_slist_append(hdr, line);
	hdr = curl_slist_append(hdr, date);
	snprintf(line, sizeof(line), "Message-ID: <%s>", msgid);
	hdr = curl_slist_append(hdr, line);
	if (answers != NULL && msgid_ok(answers)) {
		snprintf(line, sizeof(line), "In-Reply-To: <%s>", answers);
		hdr = curl_slist_append(hdr, line);
		snprintf(line, sizeof(line), "References: <%s>", answers);
		hdr = curl_slist_append(hdr, line);
	}
	mime = curl_mime_init(c);
	part = curl_mime_addpart(mime);
	curl_mime_data(part, body, CURL_ZERO_TERMINATED);
	curl_mime_type(part, "text/plain; charset=utf-8");
	curl_mime_encoder(part, "quoted-printable");
	snprintf(angle, sizeof(angle), "<%s>", s->from);
	smtp_session(c, s, 60);
	curl_easy_setopt(c, CURLOPT_MAIL_FROM, angle);
	curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_MIMEPOST, mime);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK) {
		result = 0;
		snprintf(why, whysize, "accepted (%ld)", code);
	} else {
		result = code >= 500 && code < 600 ? 2 : 1;
		if (code != 0)
			snprintf(why, whysize, "%s, server said %ld",
			    curl_easy_strerror(rc), code);
		else
			snprintf(why, whysize, "%s", curl_easy_strerror(rc));
	}
	curl_mime_free(mime);
	curl_slist_free_all(rcpt);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(c);
	return result;
}

static int
set_status(struct db *db, int64_t id, const char *status, const char *error,
    int tried, int64_t next, const char *provider)
{
	int64_t	 now = (int64_t)time(NULL);

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

struct twilio {
	const char	*api;		/* https://api.twilio.com */
	const char	*account;
	char		*token;
	const char	*from;
	const char	*callback;	/* public URL of /twilio/status */
	long		 timeout;
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

	st = db_query(db, STMT_OUTBOX_DUE, "ti", channel, (int64_t)time(NULL));
	while ((rc = db_row(db, st)) == 1) {
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
	    (int64_t)time(NULL)) == -1 || db_commit(db) == -1)
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

/* Clears and frees a text that may hold an invitation's token. */
static void
text_free(char *text)
{
	if (text != NULL)
		sodium_memzero(text, strlen(text));
	free(text);
}

/*
 * The outcome of one attempt: 0 sent, 1 transient (queue again), 2
 * permanent (failed), 3 unknown (leave 'sending').
 */
static int
settle(struct db *db, const struct due *d, int r, const char *why,
    const char *provider)
{
	int64_t	 now = (int64_t)time(NULL);

	if (r == 0)
		return set_status(db, d->id, "sent", NULL, 0, 0, provider);
	if (r == 1 && d->attempts + 1 < OUTBOX_MAX_ATTEMPTS)
		return set_status(db, d->id, "queued", why, 0,
		    now + backoff(d->attempts), NULL);
	if (r == 3)
		return set_status(db, d->id, "sending", why, 0, 0, NULL);
	return set_status(db, d->id, "failed", why, 0, 0, NULL);
}

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (b->len + size * n > 64 * 1024 || buf_add(b, p, size * n) == -1)
		return 0;
	return size * n;
}

/* A request to Twilio's API at url, its answer collected in resp. */
static void
twilio_session(CURL *c, const struct twilio *t, const char *url,
    struct buf *resp)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_USERNAME, t->account);
	curl_easy_setopt(c, CURLOPT_PASSWORD, t->token);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, t->timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
}

/*
 * Hands one text to Twilio.  Returns as settle() wants it; *sid gets
 * Twilio's message SID, *code its error code (0 when none).
 */
static int
twilio_send(const struct twilio *t, const char *to, const char *body,
    char sid[64], long *code, char *why, size_t whysize)
{
	struct buf	 resp = { 0 }, form = { 0 };
	char		 url[512], *e;
	json_t		*j = NULL;
	json_error_t	 jerr;
	CURL		*c;
	CURLcode	 rc;
	long		 http = 0, conn = 0;
	int		 r = 1;
	const char	*fields[][2] = { { "To", to }, { "From", t->from },
	    { "Body", body }, { "StatusCallback", t->callback } };
	size_t		 i;

	*code = 0;
	sid[0] = '\0';
	if ((c = curl_easy_init()) == NULL)
		return 1;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i][1] == NULL)
			continue;
		e = curl_easy_escape(c, fields[i][1], 0);
		buf_printf(&form, "%s%s=%s", form.len ? "&" : "", fields[i][0],
		    e ? e : "");
		curl_free(e);
	}
	if (buf_failed(&form)) {
		snprintf(why, whysize, "out of memory");
		goto out;	/* r = 1: tried again later */
	}
	snprintf(url, sizeof(url), "%s/2010-04-01/Accounts/%s/Messages.json",
	    t->api, t->account);
	twilio_session(c, t, url, &resp);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.data);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
	curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &conn);
	if (rc != CURLE_OK) {
		/* sent but no answer: Twilio may have it, so not again */
		r = conn > 0 && rc == CURLE_OPERATION_TIMEDOUT ? 3 : 1;
		snprintf(why, whysize, "%s%s", curl_easy_strerror(rc), r == 3 ?
		    "; not sent again in case Twilio took it" : "");
		goto out;
	}
	if (resp.data != NULL)
		j = json_loadb(resp.data, resp.len, 0, &jerr);
	if (http == 200 || http == 201) {
		const char *s = json_string_value(json_object_get(j, "sid"));
		snprintf(sid, 64, "%s", s ? s : "");
		snprintf(why, whysize, "accepted");
		r = 0;
	} else {
		*code = (long)json_integer_value(json_object_get(j, "code"));
		snprintf(why, whysize, "Twilio said %ld (error %ld)", http,
		    *code);
		r = http == 429 || http >= 500 ? 1 : 2;
	}
out:
	json_decref(j);
	buf_free(&resp);
	buf_free(&form);
	curl_easy_cleanup(c);
	return r;
}

/*
 * A channel's way out.  send hands a text to the provider and returns
 * as settle() wants it, with the provider's id for it in id (if any)
 * and its error code in code.
 */
struct sender {
	const char	*channel;	/* "email" or "sms" */
	const char	*noun, *taken;	/* for the log */
	const char	*domain;	/* email: for Message-IDs made here */
	const void	*conf;
	int		(*send)(const void *, const struct due *, const char *,
			    const char *, char id[64], long *, char *, size_t);
};

static int
send_email(const void *conf, const struct due *d, const char *text,
    const char *msgid, char id[64], long *code, char *why, size_t whysize)
{
	id[0] = '\0';
	*code = 0;
	return smtp_send(conf, d->to, d->subject, text, msgid, d->answers, why,
	    whysize);
}

static int
send_text(const void *conf, const struct due *d, const char *text,
    const char *msgid, char id[64], long *code, char *why, size_t whysize)
{
	(void)msgid;
	return twilio_send(conf, d->to, text, id, code, why, whysize);
}

/* One pass over what is due on sd's channel; how many went, or -1. */
static int
sender_pass(struct workspace *ws, const struct sender *sd,
    const struct invites *inv)
{
	struct due	*v = NULL;
	char		 why[256], msgid[128] = "", token[24], id[64], *text;
	const char	*bad;
	size_t		 n = 0, i;
	long		 code;
	int		 rc, sent = 0, r;

	rc = due_load(ws->db, sd->channel, &v, &n);
	for (i = 0; rc == 0 && i < n; i++) {
		bad = v[i].reach != REACH_YES ?
		    message_reach_name(v[i].reach) : sd->domain != NULL &&
		    !email_valid(v[i].to) ? "not a valid address" : NULL;
		if (bad != NULL) {
			rc = set_status(ws->db, v[i].id, v[i].reach !=
			    REACH_YES ? "suppressed" : "failed", bad, 0, 0,
			    NULL);
			continue;
		}
		if (sd->domain != NULL) {
			if (random_token(token, sizeof(token), 9) == -1)
				break;
			snprintf(msgid, sizeof(msgid), "cox-%lld-%s@%s",
			    (long long)v[i].id, token, sd->domain);
		}
		/* committed before the provider sees it: never twice */
		if ((rc = claim(ws->db, v[i].id, msgid[0] ? msgid : NULL)) ==
		    -1)
			break;
		if (rc == 1) {
			rc = 0;
			continue;
		}
		if ((text = text_for(ws->db, inv, &v[i])) == NULL) {
			rc = settle(ws->db, &v[i], 1, "the invitation could "
			    "not be made", NULL);
			continue;
		}
		r = sd->send(sd->conf, &v[i], text, msgid, id, &code, why,
		    sizeof(why));
		text_free(text);
		rc = settle(ws->db, &v[i], r, why, r == 0 && id[0] ? id : NULL);
		/* 21610: the number has replied STOP to Twilio */
		if (code == 21610 && v[i].person != 0 && rc == 0)
			rc = db_exec(ws->db, STMT_PERSON_SET_OPTOUT, "dii", 1,
			    (int64_t)time(NULL), v[i].person);
		sent += r == 0;
		log_info("%s %lld to %s: %s", sd->noun, (long long)v[i].id,
		    v[i].to, r == 0 ? sd->taken : why);
	}
	due_free(v, n);
	return rc == -1 ? -1 : sent;
}


/* [smtp] of cox.conf; 0, or -1 (reported) when it is there but wrong. */
static int
smtp_config(struct config *conf, struct smtp *s, int *have)
{
	const char	*tls;

	*have = config_get(conf, "smtp", "url") != NULL;
	if (!*have)
		return 0;
	if (config_require(conf, "smtp", "url", "", &s->url) == -1 ||
	    config_require(conf, "smtp", "from", "put the address replies "
	    "come from, e.g. from = coxswain@example.org", &s->from) == -1)
		return -1;
	tls = config_get(conf, "smtp", "tls");
	s->tls = tls == NULL || strcmp(tls, "off") != 0;
	if ((s->user = config_get(conf, "smtp", "user")) != NULL &&
	    config_secret(conf, "smtp", "password", &s->password) == -1)
		return -1;
	return 0;
}

/* [sms] of cox.conf for sending; -1 (reported) when it is wrong. */
static int
twilio_config(struct config *conf, struct twilio *t, int *have,
    struct buf *callback)
{
	const char	*pub;

	*have = config_get(conf, "sms", "account_sid") != NULL;
	if (!*have)
		return 0;
	t->api = config_get(conf, "sms", "api_url");
	if (t->api == NULL)
		t->api = "https://api.twilio.com";
	if (config_require(conf, "sms", "account_sid", "", &t->account) == -1 ||
	    config_require(conf, "sms", "from", "put the number texts come "
	    "from, e.g. from = +441234567890", &t->from) == -1 ||
	    config_long(conf, "sms", "api_timeout", 30, 1, 300,
	    &t->timeout) == -1 ||
	    config_secret(conf, "sms", "auth_token", &t->token) == -1)
		return -1;
	if ((pub = config_get(conf, "sms", "public_url")) != NULL) {
		if (buf_printf(callback, "%s/twilio/status", pub) == -1)
			return -1;
		t->callback = callback->data;
	}
	return 0;
}

struct outbox {
	struct smtp	 smtp;
	struct twilio	 twilio;
	struct invites	 invites;
	struct buf	 callback;
	int		 mail, sms;	/* which are configured */
};

/*
 * What conf says about sending, into *out (outbox_free() frees it).
 * Returns OUT_OK, OUT_CONFIG (said which key) or OUT_FAILED.  Neither
 * channel set up is not an error: see outbox_ready().
 */
enum outcome
outbox_new(struct config *conf, struct outbox **out)
{
	struct outbox	*ob;

	*out = NULL;
	if ((ob = calloc(1, sizeof(*ob))) == NULL) {
		log_error("out of memory");
		return OUT_FAILED;
	}
	ob->invites.base = config_get(conf, "site", "base_url");
	if (smtp_config(conf, &ob->smtp, &ob->mail) == -1 ||
	    twilio_config(conf, &ob->twilio, &ob->sms, &ob->callback) == -1 ||
	    config_long(conf, "accounts", "invite_days", 7, 1, 90,
	    &ob->invites.days) == -1) {
		outbox_free(ob);
		return OUT_CONFIG;
	}
	*out = ob;
	return OUT_OK;
}

int
outbox_ready(const struct outbox *ob)
{
	return ob->mail || ob->sms;
}

/* Whether emails can be sent: [smtp] url and the rest are set. */
int
outbox_mail(const struct outbox *ob)
{
	return ob->mail;
}

/* Whether texts can be sent: [sms] account_sid and the rest are set. */
int
outbox_texts(const struct outbox *ob)
{
	return ob->sms;
}

void
outbox_free(struct outbox *ob)
{
	if (ob == NULL)
		return;
	if (ob->smtp.password != NULL)
		sodium_memzero(ob->smtp.password, strlen(ob->smtp.password));
	free(ob->smtp.password);
	if (ob->twilio.token != NULL)
		sodium_memzero(ob->twilio.token, strlen(ob->twilio.token));
	free(ob->twilio.token);
	buf_free(&ob->callback);
	free(ob);
}

/* Sends what is due on each configured channel; -1 on a database error. */
int
outbox_pass(struct workspace *ws, struct outbox *ob, int *mails, int *texts)
{
	const char	*at = strrchr(ob->smtp.from ? ob->smtp.from : "", '@');
	const struct sender email = { "email", "email", "sent",
	    at != NULL ? at + 1 : "localhost", &ob->smtp, send_email };
	const struct sender text = { "sms", "text", "accepted by Twilio",
	    NULL, &ob->twilio, send_text };

	*mails = *texts = 0;
	if (ob->mail && (*mails = sender_pass(ws, &email, &ob->invites)) == -1)
		return -1;
	if (ob->sms && (*texts = sender_pass(ws, &text, &ob->invites)) == -1)
		return -1;
	return 0;
}

/* Logs the messages left 'sending' by a run that stopped. */
void
outbox_report_stuck(struct db *db)
{
	sqlite3_stmt	*st;

	st = db_query(db, STMT_OUTBOX_STUCK, "");
	if (db_row(db, st) == 1 && sqlite3_column_int(st, 0) > 0)
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

/* The SMTP server: connected, TLS as set, logged in; -1 with why. */
static int
smtp_probe(const struct smtp *s, char *why, size_t whysize)
{
	CURL		*c;
	CURLcode	 rc;

	if ((c = curl_easy_init()) == NULL)
		return -1;
	smtp_session(c, s, 20);
	curl_easy_setopt(c, CURLOPT_CONNECT_ONLY, 1L);	/* and log in */
	rc = curl_easy_perform(c);
	snprintf(why, whysize, "%s", curl_easy_strerror(rc));
	curl_easy_cleanup(c);
	return rc == CURLE_OK ? 0 : -1;
}

/* Twilio's API knows the account and takes the token; -1 with why. */
static int
twilio_probe(const struct twilio *t, char *why, size_t whysize)
{
	struct buf	 resp = { 0 };
	char		 url[512];
	json_t		*j;
	CURL		*c;
	CURLcode	 rc;
	long		 http = 0;

	if ((c = curl_easy_init()) == NULL)
		return -1;
	snprintf(url, sizeof(url), "%s/2010-04-01/Accounts/%s.json", t->api,
	    t->account);
	twilio_session(c, t, url, &resp);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(why, whysize, "%s", curl_easy_strerror(rc));
		buf_free(&resp);
		return -1;
	}
	j = resp.data != NULL ? json_loadb(resp.data, resp.len, 0, NULL) :
	    NULL;
	snprintf(why, whysize, "Twilio said %ld (error %lld)", http,
	    (long long)json_integer_value(json_object_get(j, "code")));
	json_decref(j);
	buf_free(&resp);
	return http == 200 ? 0 : -1;
}

/*
 * cox doctor --online: tries each configured way out without sending
 * anything, adding a line per failure to problems.  Returns how many
 * it tried.
 */
int
outbox_probe(const struct outbox *ob, struct strlist *problems)
{
	char	 why[256];
	int	 n = 0;

	if (ob->mail && (n++, smtp_probe(&ob->smtp, why, sizeof(why))) == -1)
		strlist_addf(problems, "[smtp] url %s: %s; check the server, "
		    "port, tls, user and password", ob->smtp.url, why);
	if (ob->sms && (n++, twilio_probe(&ob->twilio, why, sizeof(why))) ==
	    -1)
		strlist_addf(problems, "[sms] account_sid %s: %s; copy the "
		    "Account SID and Auth Token from the Twilio console",
		    ob->twilio.account, why);
	return n;
}
