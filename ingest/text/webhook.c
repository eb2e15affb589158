/*
 * webhook.c - the HTTP side of cox sms serve, on libmicrohttpd's
 * thread: requests are read (with a size limit and a whole-request
 * deadline), routed, checked and handed to the database thread
 * (writer.c), whose answer this file sends once it is durable.
 *
 *	POST /twilio/sms	an athlete's text: stored, answered in TwiML
 *	POST /twilio/status	what became of a text we sent
 *	GET  /healthz		200 when the database answers and the
 *				spool drains (spool.c)
 *	POST /register		a new account (register.c)
 *	GET  /concept2/start	an athlete's "erg link", on to the Logbook
 *	GET  /concept2/callback	and back from it (concept2.c)
 *
 * A request's headers, and then its body, each have REQUEST_DEADLINE_MS
 * to arrive, however slowly they trickle in (each byte restarts the
 * idle timeout): libmicrohttpd bounds neither, so the headers' is kept
 * by webhook_sweep() on the main thread.
 *
 * Every request to /twilio/ must carry a valid X-Twilio-Signature for
 * the public URL in cox.conf, and be shaped as Twilio sends it;
 * otherwise 403 and nothing is stored.  The form is read by form.c and
 * the signature checked by twilio_sig.c.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "text.h"

#define SMS_MAX_REQUEST	(64 * 1024)
#define REG_MAX_REQUEST	(8 * 1024)
#define REQUEST_DEADLINE_MS 15000	/* for the headers, then the body */
#define SMS_MAX_PARAMS	128
/*
 * A connection's memory in libmicrohttpd: its headers and read buffer
 * (a body is copied out as it arrives, take_body()).  The library
 * zeroes all of it after every request, a tenth of a text's cost at
 * 32 KiB; 16 KiB still holds 8 KiB of headers, nginx's own limit for a
 * header line.
 */
#define SMS_POOL	(16 * 1024)

/*
 * An open connection, from libmicrohttpd's notice of it to that of its
 * end, in s->conns under s->lock: since when it has been waiting for a
 * request's headers (from its start, or the end of the last request),
 * or not waiting (a request is in).
 */
struct webconn {
	struct webconn	*prev, *next;
	int		 fd;
	int		 waiting;	/* for a request's headers, since */
	struct timespec	 since;
	char		 addr[64];
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

static enum MHD_Result
respond(struct MHD_Connection *c, unsigned code, const char *type,
    const char *text)
{
	return httpd_respond(c, code, type, text, httpd_no_store);
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
signed_form(struct sms_server *s, struct MHD_Connection *c,
    struct sms_request *rq, const char *url, struct form_param *params)
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
		log_warn_limited(&s->refused, "refused %s: %s", url,
		    sig == NULL ? "no X-Twilio-Signature" : "bad signature");
		return -1;
	}
	return n;
}

/* Hands rq to the database thread; its connection waits meanwhile. */
static enum MHD_Result
enqueue(struct sms_server *s, struct MHD_Connection *c,
    struct sms_request *rq, enum sms_job job)
{
	if (writer_queue(s, c, rq, job) == -1)	/* stopping */
		return respond(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
		    "stopping; try again\n");
	return MHD_YES;
}

/* The answer the database thread left in rq. */
static enum MHD_Result
answer(struct sms_server *s, struct MHD_Connection *c,
    struct sms_request *rq)
{
	if (rq->job == JOB_REGISTER && rq->answer == NULL)
		return register_refuse(s, c, rq->http,
		    words_get(NULL, "page.register_busy"));
	if (rq->job == JOB_REGISTER)
		return register_answer(s, c, rq->http, rq->answer);
	if (rq->job == JOB_C2_START && rq->http == MHD_HTTP_FOUND) {
		const char *const to[] = { "Location", rq->answer,
		    "Cache-Control", "no-store", "Referrer-Policy",
		    "no-referrer", NULL };

		return httpd_respond(c, MHD_HTTP_FOUND, NULL, "", to);
	}
	if ((rq->job == JOB_C2_START || rq->job == JOB_C2_CALLBACK) &&
	    rq->answer != NULL) {
		/* a page of one escaped sentence: nothing for it to load */
		const char *const page[] = { "Cache-Control", "no-store",
		    "Content-Security-Policy", "default-src 'none'",
		    "Referrer-Policy", "no-referrer", NULL };

		return httpd_respond(c, rq->http, "text/html; charset=utf-8",
		    rq->answer, page);
	}
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
twilio_request(struct sms_server *s, struct MHD_Connection *c,
    struct sms_request *rq, const char *url, enum sms_job job)
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
		log_warn_limited(&s->refused, "refused %s: signed, but %s",
		    url, why);
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
	/* a Messaging Service's Advanced Opt-Out heard a stop, start or
	 * help word, in any language set there */
	rq->optout = form_get(params, n, "OptOutType");
	if (rq->optout != NULL && strcmp(rq->optout, "STOP") != 0 &&
	    strcmp(rq->optout, "START") != 0 && strcmp(rq->optout, "HELP") != 0)
		rq->optout = NULL;
	if (rq->from == NULL || rq->text == NULL || rq->sid == NULL ||
	    *rq->sid == '\0' || !utf8_valid(rq->text, strlen(rq->text)))
		return respond(c, MHD_HTTP_BAD_REQUEST, "text/plain",
		    "From, Body and MessageSid are needed\n");
	return enqueue(s, c, rq, job);
}

/* The connection's entry in s->conns, or NULL. */
static struct webconn *
conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo	*i;

	i = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return i != NULL ? i->socket_context : NULL;
}

/* A request's first call: its state, counted as active. */
static enum MHD_Result
begin(struct sms_server *s, struct webconn *wc, void **state)
{
	struct sms_request	*rq;

	if ((rq = calloc(1, sizeof(*rq))) == NULL)
		return MHD_NO;
	clock_gettime(CLOCK_MONOTONIC, &rq->start);
	*state = rq;
	pthread_mutex_lock(&s->lock);
	s->active++;
	if (wc != NULL)
		wc->waiting = 0;	/* its headers are in */
	pthread_mutex_unlock(&s->lock);
	return MHD_YES;
}

/*
 * Takes in a piece of the body.  A body dribbled in slowly loses its
 * connection, whatever the idle timeout (which each byte restarts)
 * would allow; one too large is read to its end and answered 413.
 */
static enum MHD_Result
take_body(struct sms_request *rq, const char *url, const char *data,
    size_t *size)
{
	if (since_ms(&rq->start) > REQUEST_DEADLINE_MS) {
		log_warn("%s: the body took over %d s; closed", url,
		    REQUEST_DEADLINE_MS / 1000);
		return MHD_NO;
	}
	if (rq->body.len + *size > (strcmp(url, "/register") ?
	    SMS_MAX_REQUEST : REG_MAX_REQUEST))
		rq->too_big = 1;
	else
		(void)buf_add(&rq->body, data, *size); /* see route() */
	*size = 0;
	return MHD_YES;
}

/* A request read whole: to its handler, or answered here. */
static enum MHD_Result
route(struct sms_server *s, struct MHD_Connection *c, struct sms_request *rq,
    const char *url, const char *method)
{
	int	 answered;

	if (rq->too_big)
		return respond(c, MHD_HTTP_CONTENT_TOO_LARGE, "text/plain",
		    "too large\n");
	if (buf_failed(&rq->body))	/* out of memory: logged */
		return respond(c, MHD_HTTP_SERVICE_UNAVAILABLE, "text/plain",
		    "try again\n");
	if (!strcmp(url, "/healthz") && !strcmp(method, "GET"))
		return enqueue(s, c, rq, JOB_HEALTH);
	if (!strcmp(url, "/register"))
		return register_request(s, c, rq, method, &answered) == 1 ?
		    (enum MHD_Result)answered : enqueue(s, c, rq,
		    JOB_REGISTER);
	if (!strcmp(url, "/twilio/sms") && !strcmp(method, "POST"))
		return twilio_request(s, c, rq, url, JOB_SMS);
	if (s->c2 != NULL && !strcmp(method, "GET") &&
	    (!strcmp(url, "/concept2/start") ||
	    !strcmp(url, "/concept2/callback"))) {
		rq->c2_state = MHD_lookup_connection_value(c,
		    MHD_GET_ARGUMENT_KIND, url[10] == 's' ? "s" : "state");
		rq->c2_code = MHD_lookup_connection_value(c,
		    MHD_GET_ARGUMENT_KIND, "code");
		return enqueue(s, c, rq, url[10] == 's' ? JOB_C2_START :
		    JOB_C2_CALLBACK);
	}
	if (!strcmp(url, "/twilio/status") && !strcmp(method, "POST"))
		return twilio_request(s, c, rq, url, JOB_STATUS);
	return respond(c, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n");
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **state)
{
	struct sms_server	*s = cls;
	struct sms_request	*rq = *state;

	(void)version;
	if (rq == NULL)
		return begin(s, conn_of(c), state);
	if (rq->state == RQ_DONE)
		return answer(s, c, rq);
	if (*size > 0)
		return take_body(rq, url, data, size);
	return route(s, c, rq, url, method);
}

static void
done(void *cls, struct MHD_Connection *c, void **state,
    enum MHD_RequestTerminationCode why)
{
	struct sms_server	*s = cls;
	struct sms_request	*rq = *state;
	struct webconn		*wc = conn_of(c);

	(void)why;
	if (rq != NULL) {
		buf_free(&rq->body);
		free(rq->answer);
		free(rq);
	}
	pthread_mutex_lock(&s->lock);
	if (rq != NULL)
		s->active--;
	if (wc != NULL) {	/* the next request's headers, from now */
		wc->waiting = 1;
		clock_gettime(CLOCK_MONOTONIC, &wc->since);
	}
	pthread_mutex_unlock(&s->lock);
	*state = NULL;
}

/*
 * libmicrohttpd's notice of a connection opened or closed: it enters
 * s->conns, waiting for its first request's headers, and leaves it
 * before libmicrohttpd closes its socket (so webhook_sweep() never
 * shuts a number the kernel has given to another).
 */
static void
opened_closed(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_ConnectionNotificationCode what)
{
	struct sms_server		*s = cls;
	struct webconn			*wc = *ctx;
	const union MHD_ConnectionInfo	*fd, *sa;

	if (what == MHD_CONNECTION_NOTIFY_STARTED) {
		fd = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CONNECTION_FD);
		sa = MHD_get_connection_info(c,
		    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (fd == NULL || (wc = calloc(1, sizeof(*wc))) == NULL)
			return;	/* unwatched: only the idle timeout */
		wc->fd = fd->connect_fd;
		wc->waiting = 1;
		clock_gettime(CLOCK_MONOTONIC, &wc->since);
		if (sa != NULL && sa->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)
			    sa->client_addr)->sin_addr, wc->addr,
			    sizeof(wc->addr));
		pthread_mutex_lock(&s->lock);
		if ((wc->next = s->conns) != NULL)
			wc->next->prev = wc;
		s->conns = wc;
		pthread_mutex_unlock(&s->lock);
		*ctx = wc;
		return;
	}
	if (wc == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	if (wc->prev != NULL)
		wc->prev->next = wc->next;
	else
		s->conns = wc->next;
	if (wc->next != NULL)
		wc->next->prev = wc->prev;
	pthread_mutex_unlock(&s->lock);
	free(wc);
	*ctx = NULL;
}

/*
 * Shuts each connection that has waited REQUEST_DEADLINE_MS for a
 * request's headers, however slowly they trickled in: libmicrohttpd
 * then closes it.  Without this, clients sending a header line every
 * few seconds held every connection the daemon serves, and Twilio's
 * texts waited past its 15 s.  On the main thread, once a second.
 */
void
webhook_sweep(struct sms_server *s)
{
	struct webconn	*wc;
	char		 addr[64] = "";
	int		 n = 0;

	pthread_mutex_lock(&s->lock);
	for (wc = s->conns; wc != NULL; wc = wc->next)
		if (wc->waiting && since_ms(&wc->since) > REQUEST_DEADLINE_MS) {
			(void)shutdown(wc->fd, SHUT_RDWR);
			wc->waiting = 0;	/* once */
			snprintf(addr, sizeof(addr), "%s", wc->addr);
			n++;
		}
	pthread_mutex_unlock(&s->lock);
	if (n > 0)
		log_warn_limited(&s->slowed, "closed %d connection%s (from "
		    "%s%s) whose request's headers took over %d s", n,
		    n == 1 ? "" : "s", *addr ? addr : "an address",
		    n == 1 ? "" : ", among others", REQUEST_DEADLINE_MS / 1000);
}

/*
 * Listens on sa for s, at most per_address connections from one
 * address; says where.  Returns the daemon (webhook_stop() stops it),
 * or NULL after saying why it cannot listen.
 */
struct MHD_Daemon *
webhook_start(struct sms_server *s, const struct sockaddr_in *sa,
    long per_address)
{
	struct MHD_Daemon	*d;
	char			 listen[64], m[URL_MASKED_MAX];

	inet_ntop(AF_INET, &sa->sin_addr, listen, sizeof(listen));
	snprintf(listen + strlen(listen), sizeof(listen) - strlen(listen),
	    ":%u", ntohs(sa->sin_port));
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, s,
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
	    MHD_OPTION_NOTIFY_COMPLETED, done, s,
	    MHD_OPTION_NOTIFY_CONNECTION, opened_closed, s,
	    MHD_OPTION_EXTERNAL_LOGGER, log_library, "libmicrohttpd",
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)SMS_CONNECTIONS,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)per_address,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)SMS_POOL,
	    MHD_OPTION_END);
	if (d == NULL) {
		log_error("cannot listen on %s: %s", listen, strerror(errno));
		return NULL;
	}
	log_info("listening on %s for %s", listen,
	    url_masked(s->public_url, m, sizeof(m)));
	return d;
}

/* Requests begun and not yet answered (or given up by the client). */
static int
in_flight(struct sms_server *s, int *suspended)
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
 * Stops d: no new connections, a few seconds for those in flight to
 * finish, then nothing more is queued, and what is queued is answered
 * before libmicrohttpd stops (it must not stop with a connection
 * suspended).
 */
void
webhook_stop(struct sms_server *s, struct MHD_Daemon *d)
{
	int	 i;

	MHD_quiesce_daemon(d);	/* no new connections */
	for (i = 0; i < 100 && in_flight(s, NULL) > 0; i++)
		usleep(50 * 1000);
	pthread_mutex_lock(&s->lock);
	s->closing = 1;
	pthread_mutex_unlock(&s->lock);
	while (in_flight(s, &i), i > 0)
		usleep(10 * 1000);
	MHD_stop_daemon(d);	/* waits for its thread */
}
