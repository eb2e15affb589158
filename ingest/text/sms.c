/*
 * sms.c - cox sms serve: the Twilio webhook daemon (libmicrohttpd),
 * meant to sit behind a TLS proxy on loopback.  This file reads its
 * settings, then starts and stops its threads:
 *
 *	webhook.c	libmicrohttpd's thread: requests read and checked
 *	writer.c	the database thread: what they ask, group committed
 *	syncer.c	those commits made durable, then answered
 *	register.c	POST /register, for both of them
 *	sender.c	the outbox, reminders and digests, on a connection of
 *			its own
 *
 * The main thread waits for stop_requested() (lib/stop.c), then lets
 * what is in flight be answered before it stops.
 */
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <sodium.h>

#include "text.h"

#define SMS_SPOOL_AFTER_MS 2000	/* waiting for a locked database */

/*
 * [sms] and the rest of cox.conf that the webhook needs, into s.
 * Returns OUT_OK, or OUT_CONFIG after saying what is wrong (OUT_FAILED:
 * out of memory).
 */
static enum outcome
sms_settings(struct sms_server *s, const struct sockaddr_in *sa,
    long *per_address)
{
	struct config	*conf = s->ws.conf;
	const char	*wa, *base;

	if (config_require(conf, "sms", "public_url", "put the URL "
	    "Twilio calls, in front of your proxy, e.g. public_url = "
	    "https://sms.example.org", &s->public_url) == -1 ||
	    config_secret(conf, "sms", "auth_token", &s->token) == -1)
		return OUT_CONFIG;
	if (s->public_url[strlen(s->public_url) - 1] == '/') {
		config_bad(conf, "sms", "public_url", "leave out the "
		    "trailing '/'");
		return OUT_CONFIG;
	}
	s->account = config_get(conf, "sms", "account_sid");
	s->fragment = config_get(conf, "sms", "retry_fragment");
	if ((s->numbers = config_get(conf, "sms", "numbers")) == NULL)
		s->numbers = config_get(conf, "sms", "from");
	/* WhatsApp texts come to the WhatsApp sender's number */
	if ((wa = config_get(conf, "whatsapp", "from")) != NULL &&
	    s->numbers != NULL) {
		if (buf_printf(&s->with_whatsapp, "%s, whatsapp:%s", s->numbers,
		    phone_whatsapp(wa) ? phone_whatsapp(wa) : wa) == -1)
			return OUT_FAILED;
		s->numbers = s->with_whatsapp.data;
	}
	/*
	 * On loopback, every request comes from the proxy in front, which
	 * limits each client itself: a cap for one address would be a cap
	 * for all, and a burst of texts while the database is locked was
	 * refused past 64 (the proxy's 502s, lost texts).
	 */
	if (config_long(conf, "sms", "connections_per_address",
	    (ntohl(sa->sin_addr.s_addr) >> 24) == 127 ? SMS_CONNECTIONS : 64,
	    1, SMS_CONNECTIONS, per_address) == -1)
		return OUT_CONFIG;
	/* "erg link" is answered only with a Logbook application */
	if (config_get(conf, "concept2", "client_id") != NULL &&
	    concept2_open(conf, &s->c2) != OUT_OK)
		return OUT_CONFIG;
	base = config_get(conf, "site", "base_url");
	if (base != NULL && url_origin(base, s->origin,
	    sizeof(s->origin)) == -1)
		log_warn("[site] base_url is not an http(s) URL: registration "
		    "is refused until it is");
	return OUT_OK;
}

/*
 * The texts kept, read into memory before the first is answered: a
 * season's take a second or two.  Said, with what they take.
 */
static enum outcome
sms_known(struct sms_server *s)
{
	size_t	 n, bytes;

	if ((s->reply.seen = seen_new()) == NULL ||
	    seen_catch_up(s->reply.seen, s->ws.db) == -1)
		return OUT_FAILED;
	seen_settle(s->reply.seen, 1);
	n = seen_count(s->reply.seen, &bytes);
	log_info("%zu texts known by their MessageSid (%zu KiB in memory)",
	    n, bytes >> 10);
	return OUT_OK;
}

/*
 * The outbox, reminders, digests and the team's zone, the spool, and whether
 * notes are forwarded by email; the database's commits left to the
 * syncer.  Returns OUT_OK, OUT_CONFIG, OUT_IOERR (no spool, or the
 * database's log cannot be opened) or OUT_FAILED.
 */
static enum outcome
sms_parts(struct sms_server *s)
{
	enum outcome	 status;

	if ((status = outbox_new(s->ws.conf, &s->outbox)) != OUT_OK ||
	    (status = remind_new(s->ws.conf, &s->remind)) != OUT_OK ||
	    (status = digest_new(s->ws.conf, &s->digest)) != OUT_OK)
		return status;
	if ((s->spool = spool_open(s->ws.dir)) == NULL)
		return OUT_IOERR;
	/* the writer's commits are made durable by the syncer */
	if (db_sync_apart(s->ws.db) == -1)
		return OUT_IOERR;
	/* a locked database: texts wait this long, then are spooled */
	sqlite3_busy_timeout(db_handle(s->ws.db), SMS_SPOOL_AFTER_MS);
	if ((status = reply_setup(&s->ws, s->outbox, &s->reply)) != OUT_OK)
		return status;
	s->reply.noted = &s->noted;	/* the writer's, as the reply is */
	if ((status = sms_known(s)) != OUT_OK)
		return status;
	if (sodium_init() == -1 || curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		return OUT_FAILED;
	return OUT_OK;
}

/*
 * Waits for a stop, pinging systemd's watchdog (when the unit has one)
 * at half its interval while the database thread gets on, so a daemon
 * whose writer is stuck is restarted and its queued texts answered by
 * Twilio's retry against the new one; and once a second closes the
 * connections whose headers are too slow (webhook_sweep()).
 */
static void
serve_until_stopped(struct sms_server *s)
{
	long long	 usec = notify_watchdog_usec(), waited = 0;
	unsigned long	 seen = 0;
	unsigned	 ticks = 0;

	notify_send("READY=1\nSTATUS=answering texts");
	while (!stop_requested()) {
		usleep(50 * 1000);	/* pause() could miss a signal */
		if (++ticks % 20 == 0)
			webhook_sweep(s);
		waited += 50 * 1000;
		if (usec == 0 || waited < usec / 2)
			continue;
		waited = 0;
		if (writer_alive(s, &seen))
			notify_send("WATCHDOG=1");
		else
			log_error("the database thread has stored nothing for "
			    "%lld s while texts wait", usec / 2000000);
	}
	notify_send("STOPPING=1");
}

/*
 * cox sms serve: the daemon for the workspace in dir, listening on sa,
 * until stop_requested() (SIGTERM or SIGINT); then it answers what is
 * in flight and stops.  Returns OUT_OK after a signal, else why it
 * could not start (OUT_CONFIG, OUT_IOERR, OUT_OSERR, OUT_REFUSED:
 * cannot listen).
 */
enum outcome
sms_serve(const char *dir, const struct sockaddr_in *sa)
{
	struct sms_server	 s;
	struct MHD_Daemon	*d;
	long			 per_address;
	enum outcome		 status;

	memset(&s, 0, sizeof(s));
	if ((status = workspace_open(dir, &s.ws)) != OUT_OK)
		return status;
	if ((status = sms_settings(&s, sa, &per_address)) != OUT_OK)
		goto out;
	pthread_mutex_init(&s.lock, NULL);
	pthread_cond_init(&s.wake, NULL);
	pthread_cond_init(&s.sender_wake, NULL);
	pthread_cond_init(&s.sync_wake, NULL);
	pthread_cond_init(&s.checkpoint_wake, NULL);
	s.queue_tail = &s.queue;
	s.refused.what = "refused requests";
	s.noted.what = "refused registrations and replayed texts";
	log_setup("cox sms", 1, getenv("COX_DEBUG") ? LOGL_DEBUG : LOGL_INFO);
	if ((status = sms_parts(&s)) != OUT_OK)
		goto out;
	status = OUT_OSERR;
	if (syncer_start(&s) == -1 || writer_start(&s) == -1)
		goto out;
	status = OUT_REFUSED;
	if ((d = webhook_start(&s, sa, per_address)) == NULL)
		goto out;
	sender_start(&s);
	serve_until_stopped(&s);
	log_info("stopping: finishing requests in flight");
	webhook_stop(&s, d);
	sender_stop(&s);
	status = OUT_OK;
out:
	writer_stop(&s);	/* hands the syncer what it still held */
	syncer_stop(&s);
	reply_free(&s.reply);
	outbox_free(s.outbox);
	remind_free(s.remind);
	digest_free(s.digest);
	concept2_free(s.c2);
	spool_close(s.spool);
	curl_global_cleanup();
	secret_free(s.token);
	buf_free(&s.with_whatsapp);
	workspace_close(&s.ws);
	return status;
}
