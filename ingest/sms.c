/*
 * sms.c - cox sms serve: the Twilio webhook daemon (libmicrohttpd),
 * meant to sit behind a TLS proxy on loopback.
 *
 *	POST /twilio/sms	an athlete's text: stored, answered in TwiML
 *	POST /twilio/status	what became of a text we sent
 *	GET  /healthz		200 when the database answers and the
 *				spool drains (spool.c)
 *	POST /register		a new account from the site's register page
 *
 * Every request to /twilio/ must carry a valid X-Twilio-Signature for
 * the public URL in cox.conf; otherwise 403 and nothing is stored.
 * The form is read by form.c, the signature checked by twilio_sig.c,
 * and what a text does and is answered is reply.c's.
 * Each text is handled in a savepoint that also stores the reply under
 * the MessageSid, so Twilio's retries get the same answer and store
 * nothing twice.  libmicrohttpd's thread reads requests and checks
 * signatures, then suspends the connection and queues the request;
 * one worker thread owns the database and handles everything queued
 * in one transaction (group commit), answering each request only once
 * that transaction is on disk, then tells lib/hook.c, whose debounce
 * makes a burst of replies cause one rebuild.  The main thread waits
 * for signals.  A sender thread, with a database connection of its
 * own, sends what is due in the outbox every couple of seconds.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>
#include <microhttpd.h>
#include <sodium.h>

#include "ingest.h"

#define SMS_MAX_REQUEST	(64 * 1024)
#define SMS_CONNECTIONS	1024	/* at once, from every address */
#define SMS_SPOOL_AFTER_MS 2000	/* waiting for a locked database */
#define REQUEST_DEADLINE_MS 15000	/* from the headers to the body's end */
#define REG_MAX_REQUEST	(8 * 1024)
#define REG_WINDOW	600	/* seconds over which attempts count */
#define REG_PER_ADDRESS	20	/* refused registrations per address */
#define REG_PER_TOKEN	5	/* and per invitation */
#define SMS_MAX_PARAMS	128
#define SMS_OUTBOX_EVERY 2	/* seconds between outbox passes */
#define SMS_REMIND_EVERY 60	/* seconds between reminder passes */

static volatile sig_atomic_t sms_stopping;

struct server {
	struct workspace	 ws;
	const char		*public_url;	/* as Twilio calls it */
	char			*token;
	struct reply_ctx	 reply;		/* the worker's */
	struct spool		*spool;		/* the worker's */
	int			 undurable;	/* the last spooling failed */
	const char		*account;	/* [sms] account_sid, or NULL */
	const char		*fragment;	/* [sms] retry_fragment, or NULL */
	const char		*numbers;	/* the team's, or NULL */
	pthread_mutex_t		 lock;		/* guards the rest */
	pthread_cond_t		 wake;		/* the worker: queue or stop */
	struct request		*queue, **queue_tail;
	int			 worker_stop;
	int			 closing;	/* no more queueing */
	int			 suspended;	/* connections waiting */
	int			 active;	/* requests not yet finished */
	struct outbox		*outbox;	/* the sender's */
	struct remind		*remind;	/* and its reminders */
	char			 origin[256];	/* the site's, for CORS */
	pthread_cond_t		 sender_wake;
	int			 sender_stop;
};

enum job { JOB_SMS, JOB_STATUS, JOB_HEALTH, JOB_REGISTER };

enum { RQ_READING, RQ_QUEUED, RQ_DONE };

/*
 * One request.  The params point into body; the worker fills in http
 * and answer, then resumes the connection.
 */
struct request {
	struct timespec		 start;		/* headers in: the deadline's */
	char			 addr[64];	/* who asks (/register) */
	struct buf		 body;
	int			 too_big;
	int			 state;
	enum job		 job;
	struct MHD_Connection	*c;
	const char		*from, *text, *sid, *status, *code;
	unsigned		 http;
	char			*answer;
	struct request		*next;	/* in the worker's queue */
};

/* Milliseconds since t (CLOCK_MONOTONIC). */
static long
since_ms(const struct timespec *t)
{
	struct timespec	 now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)(now.tv_sec - t->tv_sec) * 1000 +
	    (now.tv_nsec - t->tv_nsec) / 1000000;
}

/* An answer; with origin, one that page of that origin may read. */
static enum MHD_Result
respond_to(struct MHD_Connection *c, unsigned code, const char *type,
    const char *text, const char *origin)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(strlen(text), (void *)text,
	    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (origin != NULL) {
		MHD_add_response_header(r, "Access-Control-Allow-Origin",
		    origin);
		MHD_add_response_header(r, "Vary", "Origin");
	}
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned code, const char *type,
    const char *text)
{
	return respond_to(c, code, type, text, NULL);
}

/*
 * A 200 with text as TwiML.  Out of memory, an empty <Response/>: the
 * text is stored already, and a 5xx would only make Twilio give up.
 */
static enum MHD_Result
respond_twiml(struct MHD_Connection *c, const char *text)
{
	static const char empty[] =
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";
	struct buf	 b = { 0 };
	enum MHD_Result	 ret;

	buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>");
	if (text != NULL && *text != '\0') {
		buf_puts(&b, "<Message>");
		html_escape(&b, text, strlen(text));	/* XML-safe too */
		buf_puts(&b, "</Message>");
	}
	buf_puts(&b, "</Response>");
	ret = respond(c, MHD_HTTP_OK, "text/xml; charset=utf-8",
	    buf_failed(&b) ? empty : b.data);
	buf_free(&b);
	return ret;
}

/*
 * Parses the form and checks its signature for the public URL.
 * Returns the number of params, or -1 (and the caller answers 403).
 */
static int
signed_form(struct server *s, struct MHD_Connection *c, struct request *rq,
    const char *url, struct form_param *params)
{
	const char	*sig;
	char		 full[2048], with[2304];
	int		 n;

	sig = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "X-Twilio-Signature");
	n = rq->body.data ? form_parse(rq->body.data, params,
	    SMS_MAX_PARAMS) : 0;
	/* the URL as configured in Twilio: with its retry fragment, if any */
	if (s->fragment != NULL && snprintf(with, sizeof(with), "%s%s#%s",
	    s->public_url, url, s->fragment) < (int)sizeof(with) && n >= 0 &&
	    sig != NULL && twilio_valid(s->token, with, params, (size_t)n, sig,
	    NULL))
		return n;
	if (snprintf(full, sizeof(full), "%s%s", s->public_url, url) >=
	    (int)sizeof(full) || n < 0 || sig == NULL ||
	    !twilio_valid(s->token, full, params, (size_t)n, sig, NULL)) {
		log_warn("refused %s: %s", url, sig == NULL ?
		    "no X-Twilio-Signature" : "bad signature");
		return -1;
	}
	return n;
}

/* A status callback: queued -> sent -> delivered / undelivered / failed. */
static int
handle_status(struct server *s, struct request *rq)
{
	struct db	*db = s->ws.db;
	sqlite3_stmt	*st;
	const char	*code = rq->code != NULL && *rq->code ? rq->code : NULL;
	int64_t		 id, person, now = (int64_t)time(NULL);
	int		 rc;

	st = db_query(db, STMT_SMS_BY_PROVIDER, "t", rq->sid);
	if ((rc = db_row(db, st)) != 1)
		return rc;	/* not ours: nothing to record */
	id = sqlite3_column_int64(st, 0);
	person = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (db_exec(db, STMT_MESSAGE_STATUS, "ttditi", rq->status, code, 0,
	    (int64_t)0, NULL, id) == -1 || db_exec(db,
	    STMT_MESSAGE_STATUS_LOG, "itti", id, rq->status, code, now) == -1)
		return -1;
	/* 21610: the number has replied STOP to Twilio */
	if (code != NULL && !strcmp(code, "21610") && person != 0)
		return db_exec(db, STMT_PERSON_SET_OPTOUT, "dii", 1, now,
		    person);
	return 0;
}

/*
 * Whether an address or an invitation has had its refused attempts of
 * the window: 1 (said in the log and the answer), 0, or -1.
 */
static int
register_over(struct server *s, struct request *rq, const char *token)
{
	int	 by_address, by_token = 0;

	if (account_attempts(s->ws.db, "address", rq->addr, REG_WINDOW,
	    &by_address) == -1 || (token != NULL && account_attempts(
	    s->ws.db, "token", token, REG_WINDOW, &by_token) == -1))
		return -1;
	if (by_address < REG_PER_ADDRESS && by_token < REG_PER_TOKEN)
		return 0;
	log_warn("registration refused: too many attempts from %s or for "
	    "one invitation", rq->addr);
	rq->http = MHD_HTTP_TOO_MANY_REQUESTS;
	rq->answer = xstrdup("{\"error\":\"too many attempts; wait ten "
	    "minutes and try again\"}");
	return rq->answer == NULL ? -1 : 1;
}

/*
 * A registration from the register page, answered in JSON.  Refused
 * attempts count, in the database (so a restart forgets none), per
 * address and per invitation; a registration that succeeds does not,
 * so a club behind one address can register its whole roster.
 */
static int
job_register(struct server *s, struct request *rq)
{
	struct account_result	 res;
	const char		*why, *token;
	json_t			*j;
	int			 rc;

	j = rq->body.data ? json_loadb(rq->body.data, rq->body.len, 0, NULL) :
	    NULL;
	token = json_string_value(json_object_get(j, "token"));
	rc = register_over(s, rq, token);
	if (rc == 0 && (rc = account_register(s->ws.db, rq->body.data ?
	    rq->body.data : "", rq->body.len, &res, &why)) == 1 &&
	    (account_attempt(s->ws.db, "address", rq->addr, REG_WINDOW) == -1 ||
	    (token != NULL && account_attempt(s->ws.db, "token", token,
	    REG_WINDOW) == -1)))
		rc = -1;
	json_decref(j);
	if (rc == -1 || rq->answer != NULL)
		return rc == -1 ? -1 : 0;	/* over the limit: answered */
	if (rc == 0) {
		log_info("registered: person %lld%s", (long long)res.person,
		    res.again ? " (again: earlier keys revoked, pages re-keyed)"
		    : "");
		j = json_pack("{s:s, s:b}", "page", res.page, "again",
		    res.again);
		rq->http = MHD_HTTP_OK;
	} else {
		log_warn("registration refused: %s", why);
		j = json_pack("{s:s}", "error", why);
		rq->http = res.bad_token ? MHD_HTTP_FORBIDDEN :
		    MHD_HTTP_BAD_REQUEST;
	}
	rq->answer = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	return rq->answer == NULL ? -1 : 0;
}

/* One request of a batch, in its own savepoint; -1 on a database error. */
static int
job_run(struct server *s, struct request *rq)
{
	sqlite3_stmt	*st;

	switch (rq->job) {
	case JOB_SMS:
		if ((rq->answer = reply_text(&s->reply, rq->from, rq->text,
		    rq->sid)) == NULL)
			return -1;
		rq->http = MHD_HTTP_OK;
		return 0;
	case JOB_STATUS:
		if (handle_status(s, rq) == -1)
			return -1;
		rq->http = MHD_HTTP_OK;
		return 0;
	case JOB_REGISTER:
		return job_register(s, rq);
	case JOB_HEALTH:
		if (s->undurable)
			return -1;	/* texts could be neither stored nor spooled */
		st = db_query(s->ws.db, STMT_OUTBOX_STUCK, "");
		if (db_row(s->ws.db, st) != 1)
			return -1;
		sqlite3_reset(st);
		rq->answer = spool_stuck(s->spool);	/* NULL: it drains */
		rq->http = MHD_HTTP_OK;
		return 0;
	}
	return -1;
}

/* Stores one spooled entry, in a savepoint of the caller's transaction. */
static int
unspool_one(void *arg, int status, const char *sid, const char *a,
    const char *b)
{
	struct server	*s = arg;
	struct request	 rq;
	char		*reply = NULL;
	int		 rc;

	if (a == NULL || (!status && b == NULL))
		return 0;	/* not an entry this daemon wrote: skipped */
	if (db_savepoint(s->ws.db) == -1)
		return -1;
	memset(&rq, 0, sizeof(rq));
	rq.sid = sid;
	rq.status = a;
	rq.code = b;
	rc = status ? handle_status(s, &rq) :
	    (reply = reply_text(&s->reply, a, b, sid)) == NULL ? -1 : 0;
	free(reply);	/* it was answered when spooled */
	if (rc == -1) {
		db_rollback_savepoint(s->ws.db);
		return -1;
	}
	return db_release(s->ws.db);
}

/* A text or status callback of the batch that was not stored. */
static int
unstored(const struct request *rq)
{
	return (rq->job == JOB_SMS || rq->job == JOB_STATUS) &&
	    rq->http != MHD_HTTP_OK;
}

/*
 * The texts and status callbacks of a batch that could not be stored
 * go to the spool, and once that is on disk they are answered 200 (a
 * 5xx would lose them: Twilio does not retry one unless told to).
 * What could not be spooled either is answered 503.
 */
static void
batch_spool(struct server *s, struct request *batch)
{
	struct request	*rq;
	int		 ok = 1, n = 0;

	for (rq = batch; rq != NULL; rq = rq->next)
		if (unstored(rq)) {
			ok = ok && spool_append(s->spool, rq->job == JOB_STATUS,
			    rq->sid, rq->job == JOB_STATUS ? rq->status :
			    rq->from, rq->job == JOB_STATUS ? rq->code :
			    rq->text) == 0;
			n++;
		}
	if (n == 0)
		return;
	ok = ok && spool_sync(s->spool) == 0;
	s->undurable = !ok;
	log_error("the database took no writes: %d texts and status "
	    "callbacks %s", n, ok ? "spooled, answered 200" :
	    "not even spooled, answered 503");
	for (rq = batch; ok && rq != NULL; rq = rq->next)
		if (unstored(rq)) {
			rq->http = MHD_HTTP_OK;
			if (rq->job == JOB_SMS)
				rq->answer = xstrdup(reply_spooled());
		}
}

/*
 * Group commit: every request waiting when the worker comes round is
 * handled in one transaction, each in a savepoint of its own, and
 * answered only after the COMMIT is on disk.  At one request at a time
 * this is one transaction per text; under load, one fsync serves many.
 */
static void
batch_run(struct server *s, struct request *batch)
{
	struct db		*db = s->ws.db;
	struct request		*rq, *next;
	struct metric_set	 ms = { 0 };
	int			 ok, texts = 0, n = 0, spooled = 0;

	ok = db_begin(db) == 0 && metric_set_load(db, &ms) == 0;
	s->reply.metrics = &ms;
	/*
	 * What was spooled goes first, in order, in a savepoint of this
	 * transaction: when it cannot be stored yet, it stays spooled and
	 * the new requests are still tried.
	 */
	if (ok && spool_pending(s->spool) && db_savepoint(db) == 0) {
		if ((spooled = spool_each(s->spool, unspool_one, s)) == -1) {
			db_rollback_savepoint(db);
			spooled = 0;
		} else if (db_release(db) == -1)
			ok = 0;
	}
	for (rq = batch; rq != NULL; rq = rq->next, n++) {
		rq->http = MHD_HTTP_SERVICE_UNAVAILABLE;
		if (!ok || db_savepoint(db) == -1) {
			ok = 0;
			continue;
		}
		if (job_run(s, rq) == -1) {
			db_rollback_savepoint(db);
			rq->http = MHD_HTTP_SERVICE_UNAVAILABLE;
			free(rq->answer);
			rq->answer = NULL;
		} else if (db_release(db) == -1)
			ok = 0;
		else
			texts += rq->job == JOB_SMS ||
			    (rq->job == JOB_REGISTER && rq->http == 200);
	}
	if (!ok || db_commit(db) == -1) {
		/* nothing of the batch was kept: spooled, or answered 503 */
		db_rollback(db);
		for (rq = batch; rq != NULL; rq = rq->next) {
			rq->http = MHD_HTTP_SERVICE_UNAVAILABLE;
			free(rq->answer);
			rq->answer = NULL;
		}
		batch_spool(s, batch);
		texts = 0;
	} else {
		/* what the spool held is stored: a crash before it is
		 * emptied stores it again, once */
		if (spooled > 0) {
			log_info("stored %d texts and callbacks from the spool",
			    spooled);
			texts += spooled;
		}
		s->undurable = spooled > 0 && spool_clear(s->spool) == -1;
		/* then the texts whose own writes failed (a full disk) */
		batch_spool(s, batch);
	}
	s->reply.metrics = NULL;
	metric_set_free(&ms);
	log_debug("batch of %d requests, %d texts stored", n, texts);
	for (rq = batch; rq != NULL; rq = next) {
		next = rq->next;	/* rq may be gone once resumed */
		rq->state = RQ_DONE;
		MHD_resume_connection(rq->c);
		pthread_mutex_lock(&s->lock);
		s->suspended--;
		pthread_mutex_unlock(&s->lock);
	}
	if (texts > 0)
		hook_ingested(&s->ws, -1);	/* once the burst goes quiet */
}

/* The database thread: takes whatever has queued up, as one batch. */
static void *
worker(void *arg)
{
	struct server	*s = arg;
	struct request	*batch;

	struct timespec	 t;
	int		 waiting, stop;

	if (spool_pending(s->spool))
		batch_run(s, NULL);	/* what a stop or a crash left */
	for (;;) {
		/* with texts spooled, a try to store them every second */
		waiting = spool_pending(s->spool);
		pthread_mutex_lock(&s->lock);
		if (waiting) {
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_sec += 1;
			while (s->queue == NULL && !s->worker_stop &&
			    pthread_cond_timedwait(&s->wake, &s->lock, &t) !=
			    ETIMEDOUT)
				continue;
		} else
			while (s->queue == NULL && !s->worker_stop)
				pthread_cond_wait(&s->wake, &s->lock);
		batch = s->queue;
		s->queue = NULL;
		s->queue_tail = &s->queue;
		stop = s->worker_stop;
		pthread_mutex_unlock(&s->lock);
		if (batch != NULL || waiting)
			batch_run(s, batch);
		if (batch == NULL && stop)
			return NULL;	/* stopping, and nothing left */
	}
}

/* Hands rq to the database thread; its connection waits meanwhile. */
static enum MHD_Result
enqueue(struct server *s, struct MHD_Connection *c, struct request *rq,
    enum job job)
{
	pthread_mutex_lock(&s->lock);
	if (s->closing) {
		/* libmicrohttpd must not stop with a connection suspended */
		pthread_mutex_unlock(&s->lock);
		return respond(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
		    "stopping; try again\n");
	}
	rq->job = job;
	rq->c = c;
	rq->state = RQ_QUEUED;
	MHD_suspend_connection(c);
	s->suspended++;
	rq->next = NULL;
	*s->queue_tail = rq;
	s->queue_tail = &rq->next;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	return MHD_YES;
}

/* A JSON answer the site's pages (and only they) may read. */
static enum MHD_Result
respond_json(struct server *s, struct MHD_Connection *c, unsigned code,
    const char *json)
{
	return respond_to(c, code, "application/json", json, s->origin);
}

/* The answer the database thread left in rq. */
static enum MHD_Result
answer(struct server *s, struct MHD_Connection *c, struct request *rq)
{
	if (rq->job == JOB_REGISTER)
		return respond_json(s, c, rq->http, rq->answer ? rq->answer :
		    "{\"error\":\"the server is busy; try again in a "
		    "minute\"}");
	if (rq->http != MHD_HTTP_OK)
		return respond(c, rq->http, "text/plain", "try again\n");
	switch (rq->job) {
	case JOB_SMS:
		return respond_twiml(c, rq->answer);
	case JOB_HEALTH:
		return respond(c, rq->answer ? MHD_HTTP_SERVICE_UNAVAILABLE :
		    MHD_HTTP_OK, "text/plain", rq->answer ? rq->answer : "ok\n");
	default:
		return respond(c, MHD_HTTP_OK, "text/plain", "");
	}
}

/* Checks a webhook request in this thread and queues what it asks. */
static enum MHD_Result
twilio_request(struct server *s, struct MHD_Connection *c,
    struct request *rq, const char *url, enum job job)
{
	struct form_param	 params[SMS_MAX_PARAMS];
	const char		*why;
	int			 n;

	if ((n = signed_form(s, c, rq, url, params)) < 0)
		return respond(c, MHD_HTTP_FORBIDDEN, "text/plain",
		    "forbidden\n");
	/* a signed request cut again into another is refused as forged */
	if ((why = form_twilio_shaped(params, n, job == JOB_STATUS,
	    s->account, s->numbers)) != NULL) {
		log_warn("refused %s: signed, but %s", url, why);
		return respond(c, MHD_HTTP_FORBIDDEN, "text/plain",
		    "forbidden\n");
	}
	rq->sid = form_get(params, n, "MessageSid");
	if (job == JOB_STATUS) {
		rq->status = form_get(params, n, "MessageStatus");
		rq->code = form_get(params, n, "ErrorCode");
		if (rq->sid == NULL || rq->status == NULL ||
		    strlen(rq->status) > 32)
			return respond(c, MHD_HTTP_BAD_REQUEST, "text/plain",
			    "MessageSid and MessageStatus are needed\n");
		return enqueue(s, c, rq, job);
	}
	rq->from = form_get(params, n, "From");
	rq->text = form_get(params, n, "Body");
	if (rq->from == NULL || rq->text == NULL || rq->sid == NULL ||
	    *rq->sid == '\0' || !utf8_valid(rq->text, strlen(rq->text)))
		return respond(c, MHD_HTTP_BAD_REQUEST, "text/plain",
		    "From, Body and MessageSid are needed\n");
	return enqueue(s, c, rq, job);
}

/*
 * Who is asking: the peer, or behind a proxy on loopback the address
 * it passes in X-Real-IP.
 */
static void
client_address(struct MHD_Connection *c, char *dst, size_t size)
{
	const union MHD_ConnectionInfo *ci;
	const struct sockaddr_in *sin;
	const char	*real;

	snprintf(dst, size, "unknown");
	ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci == NULL || ci->client_addr == NULL ||
	    ci->client_addr->sa_family != AF_INET)
		return;
	sin = (const struct sockaddr_in *)(const void *)ci->client_addr;
	inet_ntop(AF_INET, &sin->sin_addr, dst, (socklen_t)size);
	real = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP");
	if (real != NULL && (ntohl(sin->sin_addr.s_addr) >> 24) == 127 &&
	    strlen(real) < size)
		snprintf(dst, size, "%s", real);
}

/*
 * /register: CORS for the site's origin only, a small JSON body, rate
 * limits per address and per token; the rest in the database thread.
 */
static enum MHD_Result
register_request(struct server *s, struct MHD_Connection *c,
    struct request *rq, const char *method)
{
	struct MHD_Response	*r;
	const char		*origin, *type;
	enum MHD_Result		 ret;

	origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	if (s->origin[0] == '\0' || origin == NULL ||
	    strcmp(origin, s->origin) != 0)
		return respond(c, MHD_HTTP_FORBIDDEN, "text/plain",
		    "only the team's site may register\n");
	if (!strcmp(method, "OPTIONS")) {
		if ((r = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT)) == NULL)
			return MHD_NO;
		MHD_add_response_header(r, "Access-Control-Allow-Origin",
		    s->origin);
		MHD_add_response_header(r, "Access-Control-Allow-Methods",
		    "POST");
		MHD_add_response_header(r, "Access-Control-Allow-Headers",
		    "Content-Type");
		MHD_add_response_header(r, "Access-Control-Max-Age", "600");
		MHD_add_response_header(r, "Vary", "Origin");
		ret = MHD_queue_response(c, MHD_HTTP_NO_CONTENT, r);
		MHD_destroy_response(r);
		return ret;
	}
	if (strcmp(method, "POST") != 0)
		return respond(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain",
		    "POST only\n");
	type = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    "Content-Type");
	if (type == NULL || strncmp(type, "application/json", 16) != 0)
		return respond_json(s, c, MHD_HTTP_UNSUPPORTED_MEDIA_TYPE,
		    "{\"error\":\"send JSON\"}");
	client_address(c, rq->addr, sizeof(rq->addr));
	return enqueue(s, c, rq, JOB_REGISTER);
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **state)
{
	struct server	*s = cls;
	struct request	*rq = *state;

	(void)version;
	if (rq == NULL) {
		if ((rq = calloc(1, sizeof(*rq))) == NULL)
			return MHD_NO;
		clock_gettime(CLOCK_MONOTONIC, &rq->start);
		*state = rq;
		pthread_mutex_lock(&s->lock);
		s->active++;
		pthread_mutex_unlock(&s->lock);
		return MHD_YES;
	}
	if (rq->state == RQ_DONE)
		return answer(s, c, rq);
	if (*size > 0) {
		/* a body dribbled in slowly: the connection goes, whatever
		 * the idle timeout (which each byte restarts) would allow */
		if (since_ms(&rq->start) > REQUEST_DEADLINE_MS) {
			log_warn("%s: the body took over %d s; closed", url,
			    REQUEST_DEADLINE_MS / 1000);
			return MHD_NO;
		}
		if (rq->body.len + *size > (strcmp(url, "/register") ?
		    SMS_MAX_REQUEST : REG_MAX_REQUEST))
			rq->too_big = 1;
		else
			(void)buf_add(&rq->body, data, *size); /* see below */
		*size = 0;
		return MHD_YES;
	}
	if (rq->too_big)
		return respond(c, MHD_HTTP_CONTENT_TOO_LARGE, "text/plain",
		    "too large\n");
	if (buf_failed(&rq->body))	/* out of memory: logged */
		return respond(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
		    "try again\n");
	if (!strcmp(url, "/healthz") && !strcmp(method, "GET"))
		return enqueue(s, c, rq, JOB_HEALTH);
	if (!strcmp(url, "/register"))
		return register_request(s, c, rq, method);
	if (!strcmp(url, "/twilio/sms") && !strcmp(method, "POST"))
		return twilio_request(s, c, rq, url, JOB_SMS);
	if (!strcmp(url, "/twilio/status") && !strcmp(method, "POST"))
		return twilio_request(s, c, rq, url, JOB_STATUS);
	return respond(c, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n");
}

static void
done(void *cls, struct MHD_Connection *c, void **state,
    enum MHD_RequestTerminationCode why)
{
	struct server	*s = cls;
	struct request	*rq = *state;

	(void)c; (void)why;
	if (rq != NULL) {
		buf_free(&rq->body);
		free(rq->answer);
		free(rq);
		pthread_mutex_lock(&s->lock);
		s->active--;
		pthread_mutex_unlock(&s->lock);
	}
	*state = NULL;
}

static void
on_signal(int sig)
{
	(void)sig;
	sms_stopping = 1;
}

/*
 * The sender thread: what cox outbox run does, every SMS_OUTBOX_EVERY
 * seconds, on a connection of its own.
 */
static void *
sender(void *arg)
{
	struct server	*s = arg;
	struct workspace ws;
	struct timespec	 t;
	time_t		 reminded = 0;
	int		 mails, texts, queued;

	if (workspace_open(s->ws.dir, &ws) != OUT_OK) {
		log_error("outbox: cannot open the workspace; nothing will "
		    "be sent until a restart");
		return NULL;
	}
	outbox_report_stuck(ws.db);
	pthread_mutex_lock(&s->lock);
	while (!s->sender_stop) {
		pthread_mutex_unlock(&s->lock);
		if (remind_on(s->remind) && time(NULL) - reminded >=
		    SMS_REMIND_EVERY) {
			reminded = time(NULL);
			if (remind_pass(ws.db, s->remind, clock_now(), &queued)
			    == -1)
				log_warn("reminders: a pass stopped on a "
				    "database error; trying again in %d s",
				    SMS_REMIND_EVERY);
			else if (queued > 0)
				log_info("reminders: %d text%s queued", queued,
				    queued == 1 ? "" : "s");
		}
		if (outbox_ready(s->outbox) &&
		    outbox_pass(&ws, s->outbox, &mails, &texts) == -1)
			log_warn("outbox: a pass stopped on a database error; "
			    "trying again in %d s", SMS_OUTBOX_EVERY);
		pthread_mutex_lock(&s->lock);
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_sec += SMS_OUTBOX_EVERY;
		while (!s->sender_stop && pthread_cond_timedwait(
		    &s->sender_wake, &s->lock, &t) != ETIMEDOUT)
			continue;
	}
	pthread_mutex_unlock(&s->lock);
	workspace_close(&ws);
	return NULL;
}

/* Requests begun and not yet answered (or given up by the client). */
static int
in_flight(struct server *s, int *suspended)
{
	int	 n;

	pthread_mutex_lock(&s->lock);
	n = s->active;
	if (suspended != NULL)
		*suspended = s->suspended;
	pthread_mutex_unlock(&s->lock);
	return n;
}

/*
 * cox sms serve: the daemon for the workspace in dir, listening on sa,
 * until SIGTERM or SIGINT; then it answers what is in flight and
 * stops.  Returns OUT_OK after a signal, else why it could not start
 * (OUT_CONFIG, OUT_IOERR, OUT_OSERR, OUT_REFUSED: cannot listen).
 */
enum outcome
sms_serve(const char *dir, const struct sockaddr_in *sa)
{
	struct server		 s;
	struct MHD_Daemon	*d = NULL;
	pthread_t		 db_thread, send_thread;
	char			 listen[64];
	const char		*fw;
	long			 per_address;
	int			 i, worker_started = 0;
	int			 sender_started = 0;
	enum outcome		 status;

	memset(&s, 0, sizeof(s));
	inet_ntop(AF_INET, &sa->sin_addr, listen, sizeof(listen));
	snprintf(listen + strlen(listen), sizeof(listen) - strlen(listen),
	    ":%u", ntohs(sa->sin_port));
	if ((status = workspace_open(dir, &s.ws)) != OUT_OK)
		return status;
	status = OUT_CONFIG;
	s.reply.db = s.ws.db;
	if ((s.reply.country = workspace_country(&s.ws)) == NULL ||
	    config_require(s.ws.conf, "sms", "public_url", "put the URL "
	    "Twilio calls, in front of your proxy, e.g. public_url = "
	    "https://sms.example.org", &s.public_url) == -1 ||
	    config_secret(s.ws.conf, "sms", "auth_token", &s.token) == -1)
		goto out;
	if (s.public_url[strlen(s.public_url) - 1] == '/') {
		config_bad(s.ws.conf, "sms", "public_url", "leave out the "
		    "trailing '/'");
		goto out;
	}
	s.reply.base_url = config_get(s.ws.conf, "site", "base_url");
	s.account = config_get(s.ws.conf, "sms", "account_sid");
	s.fragment = config_get(s.ws.conf, "sms", "retry_fragment");
	if ((s.numbers = config_get(s.ws.conf, "sms", "numbers")) == NULL)
		s.numbers = config_get(s.ws.conf, "sms", "from");
	if (config_long(s.ws.conf, "accounts", "invite_days", 7, 1, 90,
	    &s.reply.invite_days) == -1 || config_long(s.ws.conf, "sms",
	    "connections_per_address", 64, 1, SMS_CONNECTIONS,
	    &per_address) == -1)
		goto out;
	if (s.reply.base_url != NULL && url_origin(s.reply.base_url, s.origin,
	    sizeof(s.origin)) == -1)
		log_warn("[site] base_url is not an http(s) URL: registration "
		    "is refused until it is");
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.wake, NULL);
	pthread_cond_init(&s.sender_wake, NULL);
	s.queue_tail = &s.queue;
	log_setup("cox sms", 1, getenv("COX_DEBUG") ? LOGL_DEBUG : LOGL_INFO);
	if ((status = outbox_new(s.ws.conf, &s.outbox)) != OUT_OK ||
	    (status = remind_new(s.ws.conf, &s.remind)) != OUT_OK)
		goto out;
	status = OUT_IOERR;
	if ((s.spool = spool_open(s.ws.dir)) == NULL)
		goto out;
	/* a locked database: texts wait this long, then are spooled */
	sqlite3_busy_timeout(db_handle(s.ws.db), SMS_SPOOL_AFTER_MS);
	s.reply.texts = outbox_texts(s.outbox);
	/* notes go to the coaches by email when email can be sent */
	fw = config_get(s.ws.conf, "mail", "forward_notes");
	if (fw != NULL && strcmp(fw, "on") != 0 && strcmp(fw, "off") != 0) {
		config_bad(s.ws.conf, "mail", "forward_notes", "write on or off");
		status = OUT_CONFIG;
		goto out;
	}
	s.reply.forward = outbox_mail(s.outbox) && (fw == NULL ||
	    strcmp(fw, "on") == 0);
	if (sodium_init() == -1 ||
	    curl_global_init(CURL_GLOBAL_DEFAULT) != 0) {
		status = OUT_FAILED;
		goto out;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	/*
	 * A checkpoint stops the writer while it copies the log into the
	 * database: take them ten times less often (the log may grow to
	 * about 40 MB), so that fewer texts wait behind one.
	 */
	sqlite3_wal_autocheckpoint(db_handle(s.ws.db), 10000);
	if (pthread_create(&db_thread, NULL, worker, &s) != 0) {
		log_error("cannot start the database thread");
		status = OUT_OSERR;
		goto out;
	}
	worker_started = 1;
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, &s,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
	    MHD_OPTION_NOTIFY_COMPLETED, done, &s,
	    MHD_OPTION_EXTERNAL_LOGGER, log_library, "libmicrohttpd",
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SMS_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)per_address,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
	    MHD_OPTION_END);
	if (d == NULL) {
		log_error("cannot listen on %s: %s", listen, strerror(errno));
		status = OUT_REFUSED;
		goto out;
	}
	log_info("listening on %s for %s", listen, s.public_url);
	if (!outbox_ready(s.outbox))
		log_info("outbox: neither [smtp] url nor [sms] account_sid is "
		    "set, so this daemon sends nothing");
	if ((!outbox_ready(s.outbox) && !remind_on(s.remind)) ||
	    pthread_create(&send_thread, NULL, sender, &s) == 0)
		sender_started = outbox_ready(s.outbox) || remind_on(s.remind);
	else
		log_error("outbox: cannot start the sender thread");
	while (!sms_stopping)
		usleep(50 * 1000);	/* pause() could miss a signal */
	log_info("stopping: finishing requests in flight");
	MHD_quiesce_daemon(d);	/* no new connections */
	for (i = 0; i < 100 && in_flight(&s, NULL) > 0; i++)
		usleep(50 * 1000);
	/* then nothing more is queued, and what is queued is answered */
	pthread_mutex_lock(&s.lock);
	s.closing = 1;
	pthread_mutex_unlock(&s.lock);
	while (in_flight(&s, &i), i > 0)
		usleep(10 * 1000);
	MHD_stop_daemon(d);	/* waits for its thread */
	if (sender_started) {
		pthread_mutex_lock(&s.lock);
		s.sender_stop = 1;
		pthread_cond_signal(&s.sender_wake);
		pthread_mutex_unlock(&s.lock);
		pthread_join(send_thread, NULL);	/* a send in flight ends */
	}
	status = OUT_OK;
out:
	if (worker_started) {
		pthread_mutex_lock(&s.lock);
		s.worker_stop = 1;
		pthread_cond_signal(&s.wake);
		pthread_mutex_unlock(&s.lock);
		pthread_join(db_thread, NULL);
	}
	outbox_free(s.outbox);
	remind_free(s.remind);
	spool_close(s.spool);
	curl_global_cleanup();
	if (s.token != NULL)
		sodium_memzero(s.token, strlen(s.token));
	free(s.token);
	workspace_close(&s.ws);
	return status;
}
