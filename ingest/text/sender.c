/*
 * sender.c - the sender thread of cox sms serve: what cox outbox run
 * and cox remind run do, every couple of seconds (reminders and the
 * coaches' digests every minute), on a database connection of its own.
 */
#include <errno.h>
#include <time.h>

#include "text.h"

#define SMS_OUTBOX_EVERY 2	/* seconds between outbox passes */
#define SMS_REMIND_EVERY 60	/* seconds between reminder passes */

/* A reminder and digest pass when one is due since *reminded. */
static void
remind_due(struct sms_server *s, struct db *db, time_t *reminded)
{
	int	 queued;

	if ((!remind_on(s->remind) && !digest_on(s->digest)) ||
	    time(NULL) - *reminded < SMS_REMIND_EVERY)
		return;
	*reminded = time(NULL);
	if (remind_pass(db, s->remind, clock_now(), &queued) == -1)
		log_warn("reminders: a pass stopped on a database error; "
		    "trying again in %d s", SMS_REMIND_EVERY);
	else if (queued > 0)
		log_info("reminders: %d text%s queued", queued,
		    queued == 1 ? "" : "s");
	if (digest_pass(db, s->digest, clock_now(), NULL, &queued) == -1)
		log_warn("digest: a pass stopped on a database error; "
		    "trying again in %d s", SMS_REMIND_EVERY);
	else if (queued > 0)
		log_info("digest: %d email%s queued", queued,
		    queued == 1 ? "" : "s");
}

/* The thread: passes until sender_stop() asks it to end. */
static void *
sender(void *arg)
{
	struct sms_server	*s = arg;
	struct workspace	 ws;
	struct timespec		 t;
	time_t			 reminded = 0;
	int			 mails, texts;

	if (workspace_open(s->ws.dir, &ws) != OUT_OK) {
		log_error("outbox: cannot open the workspace; nothing will "
		    "be sent until a restart");
		return NULL;
	}
	outbox_report_stuck(ws.db);
	outbox_report_unsendable(ws.db, s->outbox);
	pthread_mutex_lock(&s->lock);
	while (!s->sender_stop) {
		pthread_mutex_unlock(&s->lock);
		remind_due(s, ws.db, &reminded);
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

/*
 * Starts the sender thread when there is anything to send (an outbox,
 * reminders or digests); says so when there is no outbox, or no thread.
 */
void
sender_start(struct sms_server *s)
{
	if (!outbox_ready(s->outbox))
		log_info("outbox: neither [smtp] url nor [sms] account_sid is "
		    "set, so this daemon sends nothing");
	if (!outbox_ready(s->outbox) && !remind_on(s->remind) &&
	    !digest_on(s->digest))
		return;
	if (pthread_create(&s->sender, NULL, sender, s) != 0) {
		log_error("outbox: cannot start the sender thread");
		return;
	}
	/* named here, so that it has its name once this returns */
	pthread_setname_np(s->sender, "cox-outbox");
	s->sender_on = 1;
}

/* Stops the sender thread, if it runs, after a send in flight ends. */
void
sender_stop(struct sms_server *s)
{
	if (!s->sender_on)
		return;
	pthread_mutex_lock(&s->lock);
	s->sender_stop = 1;
	pthread_cond_signal(&s->sender_wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->sender, NULL);
	s->sender_on = 0;
}
