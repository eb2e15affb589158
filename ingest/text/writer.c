/*
 * writer.c - the database thread of cox sms serve.  libmicrohttpd's
 * thread (webhook.c) suspends each checked request's connection and
 * queues it here; this thread owns the database and handles everything
 * queued in one transaction (group commit), each request in a savepoint
 * of its own that also stores a text's reply under its MessageSid, so
 * Twilio's retries get the same answer and store nothing twice.  Its
 * COMMIT does not wait for the disk (lib/db.c, db_sync_apart()): the
 * batch goes to the syncer (syncer.c), which syncs the log, resumes
 * each connection and tells lib/hook.c, whose debounce makes a burst
 * of replies cause one rebuild, while this thread runs the next batch.
 * What a text does and is answered is reply.c's; what the database
 * cannot take goes to the spool (spool.c) and is stored from it later.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <microhttpd.h>

#include "text.h"

/*
 * a status callback already recorded for the message's attempt
 * (since the outbox's last 'sending'): a replay, or Twilio's twice
 */
STMT(STMT_STATUS_SEEN,
    "SELECT 1 FROM message_status WHERE message_id = ?1 AND "
    "status = ?2 AND error_code IS ?3 AND id > (SELECT "
    "coalesce(max(id), 0) FROM message_status WHERE "
    "message_id = ?1 AND status = 'sending')");
STMT(STMT_SMS_BY_PROVIDER,
    "SELECT id, coalesce(person_id, 0) FROM message WHERE channel = "
    "'sms' AND direction = 'out' AND provider_id = ?");
/* a text sent by WhatsApp, for its status callback */
STMT(STMT_WHATSAPP_BY_PROVIDER,
    "SELECT id, coalesce(person_id, 0) FROM message WHERE channel = "
    "'sms' AND direction = 'out' AND via = 'whatsapp' AND "
    "provider_id = ?");

/*
 * A WhatsApp message that failed outside the 24-hour window (63016) or
 * because its person blocked the team (63014): noted on the person
 * (outbox.c) and queued again, to go the next way (a template, or SMS
 * for 'both'); it was never delivered, so nobody gets it twice.
 */
static int
status_whatsapp(struct db *db, const char *sid, const char *code)
{
	sqlite3_stmt	*st;
	int64_t		 id, person;
	int		 said, rc;

	said = !strcmp(code, "63016") ? PEER_WINDOW : !strcmp(code, "63014") ?
	    PEER_WA_BLOCKED : PEER_OK;
	if (said == PEER_OK)
		return 0;
	st = db_query(db, STMT_WHATSAPP_BY_PROVIDER, "t", sid);
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc;	/* not a WhatsApp message of ours */
	id = sqlite3_column_int64(st, 0);
	person = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (outbox_whatsapp_said(db, person, said) == -1)
		return -1;
	return db_exec(db, STMT_MESSAGE_STATUS, "ttditi", "queued", said ==
	    PEER_WINDOW ? "WhatsApp said 63016 (outside the 24-hour window); "
	    "sent again" : "WhatsApp said 63014 (blocked); sent again",
	    0, (int64_t)time(NULL), NULL, id);
}

/* Whether status is a step of Twilio's before the carrier has it. */
static int
twilio_step(const char *status)
{
	return !strcmp(status, "accepted") || !strcmp(status, "scheduled") ||
	    !strcmp(status, "queued") || !strcmp(status, "sending");
}

/* A status callback: sent -> delivered / undelivered / failed. */
static int
status_record(struct sms_server *s, struct sms_request *rq)
{
	struct db	*db = s->ws.db;
	sqlite3_stmt	*st;
	const char	*code = rq->code != NULL && *rq->code ? rq->code : NULL;
	int64_t		 id, person, now = (int64_t)time(NULL);
	int		 rc;

	/*
	 * Twilio's own steps before the carrier (a Messaging Service's
	 * accepted, scheduled, queued, sending) say nothing kept here: as
	 * a status, "queued" put the text back in the outbox, which sent
	 * it again, and so on for each copy.
	 */
	if (twilio_step(rq->status))
		return 0;
	st = db_query(db, STMT_SMS_BY_PROVIDER, "t", rq->sid);
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc;	/* not ours: nothing to record */
	id = sqlite3_column_int64(st, 0);
	person = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	/*
	 * One already recorded changes nothing: a captured 21610 replayed
	 * after the athlete texted START would opt them out again, an old
	 * "failed" would overwrite "delivered", and each would add a row.
	 */
	st = db_query(db, STMT_STATUS_SEEN, "itt", id, rq->status, code);
	if ((rc = db_row(db, st)) == OUT_ROW)
		sqlite3_reset(st);
	if (rc != OUT_OK)
		return rc == OUT_ROW ? 0 : -1;
	if (db_exec(db, STMT_MESSAGE_STATUS, "ttditi", rq->status, code, 0,
	    (int64_t)0, NULL, id) == -1 || db_exec(db,
	    STMT_MESSAGE_STATUS_LOG, "itti", id, rq->status, code, now) == -1)
		return -1;
	if (code != NULL && status_whatsapp(db, rq->sid, code) == -1)
		return -1;
	/* 21610: the number has replied STOP to Twilio */
	if (code != NULL && !strcmp(code, "21610") && person != 0)
		return db_exec(db, STMT_PERSON_SET_OPTOUT, "dii", 1, now,
		    person);
	return 0;
}

/*
 * The page an athlete's browser shows at the end of "erg link": the
 * sentence of catalogue entry name, in the language of who (the person
 * the link was made for; 0: the team's), as a small page of its own
 * that a phone shows at its width.  NULL when out of memory.
 */
static char *
c2_page(struct db *db, int64_t who, const char *name)
{
	struct person	 p = { 0 };
	struct buf	 b = { 0 };
	const char	*was, *text;

	/* a person not found is written to in the team's language */
	was = words_reader(who != 0 && person_load_row(db, who, &p) == 0 ?
	    p.language : NULL);
	text = words_get(NULL, name);
	buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
	    "<meta charset=\"utf-8\"><meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">"
	    "<title>Concept2 Logbook</title></head>\n<body><p>", words_lang());
	html_escape(&b, text, strlen(text));
	buf_puts(&b, "</p></body></html>\n");
	words_reader(was);
	person_clear(&p);
	return buf_failed(&b) ? NULL : buf_steal(&b);
}

/*
 * /concept2/start and /concept2/callback (concept2.c): a redirect to
 * the Logbook's authorisation page, or a page for the athlete's
 * browser saying whether they are linked (page.c2_linked, c2_refused
 * when they did not allow it, c2_failed).  The callback's code
 * exchange is a request to the Logbook made in the batch: rare (once
 * an athlete), and bounded by its timeout.
 */
static int
c2_job(struct sms_server *s, struct sms_request *rq)
{
	int64_t	 who = 0;
	int	 rc;

	if (rq->job == JOB_C2_START) {
		rc = concept2_start(s->c2, s->ws.db, s->public_url,
		    rq->c2_state, time(NULL), &rq->answer);
		if (rc == 1) {
			rq->http = MHD_HTTP_FOUND;
			return 0;
		}
	} else
		rc = concept2_callback(s->c2, s->ws.db, s->public_url,
		    rq->c2_state, rq->c2_code, time(NULL), &who);
	if (rc == -1)
		return -1;
	rq->http = rc == 1 || rc == 2 ? MHD_HTTP_OK : MHD_HTTP_BAD_REQUEST;
	rq->answer = c2_page(s->ws.db, who, rc == 1 ? "page.c2_linked" :
	    rc == 2 ? "page.c2_refused" : "page.c2_failed");
	return rq->answer == NULL ? -1 : 0;
}

/* One request of a batch, in its own savepoint; -1 on a database error. */
static int
job_run(struct sms_server *s, struct sms_request *rq)
{
	sqlite3_stmt	*st;
	enum outcome	 out;

	switch (rq->job) {
	case JOB_SMS:
		s->reply.note = &rq->note;
		out = reply_text(&s->reply, rq->from, rq->text, rq->optout,
		    rq->sid, &rq->answer, &rq->stored);
		s->reply.note = NULL;
		if (out != OUT_OK)
			return -1;
		rq->http = MHD_HTTP_OK;
		return 0;
	case JOB_STATUS:
		if (status_record(s, rq) == -1)
			return -1;
		rq->http = MHD_HTTP_OK;
		return 0;
	case JOB_REGISTER:
		return register_job(s, rq);
	case JOB_C2_START:
	case JOB_C2_CALLBACK:
		return c2_job(s, rq);
	case JOB_HEALTH:
		if (s->undurable)
			return -1;	/* texts could be neither stored nor spooled */
		st = db_query(s->ws.db, STMT_OUTBOX_STUCK, "");
		if (db_row(s->ws.db, st) != OUT_ROW)
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
    const char *b, const char *c)
{
	struct sms_server	*s = arg;
	struct sms_request	 rq;
	char			*reply = NULL;
	int			 rc;

	if (a == NULL || (!status && b == NULL))
		return 0;	/* not an entry this daemon wrote: skipped */
	if (db_savepoint(s->ws.db) == -1)
		return -1;
	memset(&rq, 0, sizeof(rq));
	rq.sid = sid;
	rq.status = a;
	rq.code = b;
	rc = status ? status_record(s, &rq) :
	    reply_text(&s->reply, a, b, c, sid, &reply, NULL) == OUT_OK ?
	    0 : -1;
	free(reply);	/* it was answered when spooled */
	if (rc == -1) {
		db_rollback_savepoint(s->ws.db);
		return -1;
	}
	return db_release(s->ws.db);
}

/* A text or status callback of the batch that was not stored. */
static int
unstored(const struct sms_request *rq)
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
batch_spool(struct sms_server *s, struct sms_request *batch)
{
	struct sms_request	*rq;
	int			 ok = 1, n = 0;

	for (rq = batch; rq != NULL; rq = rq->next)
		if (unstored(rq)) {
			ok = ok && spool_append(s->spool, rq->job == JOB_STATUS,
			    rq->sid, rq->job == JOB_STATUS ? rq->status :
			    rq->from, rq->job == JOB_STATUS ? rq->code :
			    rq->text, rq->job == JOB_STATUS ? NULL :
			    rq->optout) == 0;
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
 * What was spooled, first and in order, in a savepoint of the batch's
 * transaction: when it cannot be stored yet, it stays spooled and the
 * new requests are still tried.  Returns how many entries were stored,
 * or -1 when the transaction is lost.
 */
static int
batch_unspool(struct sms_server *s)
{
	struct db	*db = s->ws.db;
	int		 spooled = 0;

	if (spool_pending(s->spool) && db_savepoint(db) == 0) {
		if ((spooled = spool_each(s->spool, unspool_one, s)) == -1) {
			db_rollback_savepoint(db);
			seen_settle(s->reply.seen, 0);
			spooled = 0;
		} else if (db_release(db) == -1)
			return -1;
	}
	return spooled;
}

/*
 * Each request of batch in its own savepoint; counts texts stored, not
 * a retry or a replay of one already handled: a captured request sent
 * again and again stores nothing, and asks for no build.
 */
static int
batch_jobs(struct sms_server *s, struct sms_request *batch, int *ok,
    int *n)
{
	struct db		*db = s->ws.db;
	struct sms_request	*rq;
	int			 texts = 0;

	for (rq = batch; rq != NULL; rq = rq->next, (*n)++) {
		rq->http = MHD_HTTP_SERVICE_UNAVAILABLE;
		if (!*ok || db_savepoint(db) == -1) {
			*ok = 0;
			continue;
		}
		if (job_run(s, rq) == -1) {
			db_rollback_savepoint(db);
			seen_settle(s->reply.seen, 0);
			rq->http = MHD_HTTP_SERVICE_UNAVAILABLE;
			free(rq->answer);
			rq->answer = NULL;
		} else if (db_release(db) == -1)
			*ok = 0;
		else
			texts += (rq->job == JOB_SMS && rq->stored) ||
			    (rq->job == JOB_REGISTER && rq->http == 200);
	}
	return texts;
}

/*
 * After the COMMIT (ok) or its failure: what was not kept goes to the
 * spool or is answered 503.  Returns the texts stored in the end.
 */
static int
batch_settle(struct sms_server *s, struct sms_request *batch, int ok,
    int texts, int spooled)
{
	struct sms_request	*rq;

	if (!ok || db_commit(s->ws.db) == -1) {
		/* nothing of the batch was kept: spooled, or answered 503 */
		db_rollback(s->ws.db);
		seen_settle(s->reply.seen, 0);
		for (rq = batch; rq != NULL; rq = rq->next) {
			rq->http = MHD_HTTP_SERVICE_UNAVAILABLE;
			free(rq->answer);
			rq->answer = NULL;
		}
		batch_spool(s, batch);
		return 0;
	}
	seen_settle(s->reply.seen, 1);
	/* what the spool held is stored, and emptied from it once that is
	 * on disk: a crash before stores it again, once */
	if (spooled > 0) {
		log_info("stored %d texts and callbacks from the spool",
		    spooled);
		texts += spooled;
		s->undurable = db_log_sync(s->ws.db) == -1 ||
		    spool_clear(s->spool) == -1;
	} else
		s->undurable = 0;
	/* then the texts whose own writes failed (a full disk) */
	batch_spool(s, batch);
	return texts;
}

/*
 * The team's metrics and check-in items, which every text is read
 * with: kept from one batch to the next while no other connection has
 * committed (PRAGMA data_version), since nothing this thread runs
 * defines them (a coach's email or cox metric, in a process of its
 * own, does).  At a steady text a second, loading them was a tenth of
 * each text's work.
 */
struct names {
	struct metric_set	 ms;
	struct checkin_items	 items;
	int64_t			 version;	/* data_version they were read at */
	int			 loaded;
};

static int
names_load(struct db *db, struct names *nm)
{
	int64_t	 v;

	if (db_data_version(db, &v) == -1)
		return -1;
	if (nm->loaded && v == nm->version)
		return 0;
	metric_set_free(&nm->ms);
	nm->loaded = 0;
	if (metric_set_load(db, &nm->ms) == -1 ||
	    checkin_items_load(db, &nm->items) == -1)
		return -1;
	nm->version = v;
	nm->loaded = 1;
	return 0;
}

/*
 * Group commit: every request waiting when the writer comes round is
 * handled in one transaction, each in a savepoint of its own, and
 * handed to the syncer, which answers them once the COMMIT is on disk.
 * At one request at a time this is one transaction per text; under
 * load, one sync serves many.
 */
static void
batch_run(struct sms_server *s, struct sms_request *batch, struct names *nm)
{
	int	 ok, texts = 0, n = 0, spooled = 0;

	(void)db_log_restart(s->ws.db);	/* said; the log grows meanwhile */
	ok = db_begin(s->ws.db) == 0 && names_load(s->ws.db, nm) == 0;
	s->reply.metrics = &nm->ms;
	s->reply.items = ok ? &nm->items : NULL;
	if (ok && (spooled = batch_unspool(s)) == -1)
		ok = 0;
	texts = batch_jobs(s, batch, &ok, &n);
	texts = batch_settle(s, batch, ok, texts, spooled);
	s->reply.metrics = NULL;
	s->reply.items = NULL;
	log_debug("batch of %d requests, %d texts stored", n, texts);
	syncer_queue(s, batch, texts);
}

/* The database thread: takes whatever has queued up, as one batch. */
static void *
writer(void *arg)
{
	struct sms_server	*s = arg;
	struct sms_request	*batch;
	struct names		 nm = { 0 };
	struct timespec		 t;
	int			 waiting, stop;

	if (spool_pending(s->spool))
		batch_run(s, NULL, &nm);	/* what a stop or a crash left */
	for (;;) {
		/* with texts spooled, a try to store them every second */
		waiting = spool_pending(s->spool);
		pthread_mutex_lock(&s->lock);
		if (waiting) {
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_sec += 1;
			while (s->queue == NULL && !s->writer_stop &&
			    pthread_cond_timedwait(&s->wake, &s->lock, &t) !=
			    ETIMEDOUT)
				continue;
		} else
			while (s->queue == NULL && !s->writer_stop)
				pthread_cond_wait(&s->wake, &s->lock);
		batch = s->queue;
		s->queue = NULL;
		s->queue_tail = &s->queue;
		s->batches_taken++;
		stop = s->writer_stop;
		pthread_mutex_unlock(&s->lock);
		if (batch != NULL || waiting)
			batch_run(s, batch, &nm);
		if (batch == NULL && stop)
			break;	/* stopping, and nothing left */
	}
	metric_set_free(&nm.ms);
	return NULL;
}

/*
 * Whether the database thread is getting on: nothing waits for it, or
 * it has taken a batch since the last call (which noted the count in
 * *seen).  A thread stuck in one batch (a disk that stopped answering,
 * a lock never let go) leaves texts queued and the count where it was.
 */
int
writer_alive(struct sms_server *s, unsigned long *seen)
{
	int	 alive;

	pthread_mutex_lock(&s->lock);
	alive = s->queue == NULL || s->batches_taken != *seen;
	*seen = s->batches_taken;
	pthread_mutex_unlock(&s->lock);
	return alive;
}

/*
 * Hands rq (for job) to the database thread and suspends its
 * connection meanwhile.  Returns 0, or -1 when the daemon is stopping
 * and queues nothing more (the caller answers).
 */
int
writer_queue(struct sms_server *s, struct MHD_Connection *c,
    struct sms_request *rq, enum sms_job job)
{
	pthread_mutex_lock(&s->lock);
	if (s->closing) {
		/* libmicrohttpd must not stop with a connection suspended */
		pthread_mutex_unlock(&s->lock);
		return -1;
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
	return 0;
}

/* Starts the database thread; -1 (said) when it cannot. */
int
writer_start(struct sms_server *s)
{
	if (pthread_create(&s->writer, NULL, writer, s) != 0) {
		log_error("cannot start the database thread");
		return -1;
	}
	pthread_setname_np(s->writer, "cox-db");	/* top -H shows it */
	s->writer_on = 1;
	return 0;
}

/* Stops the database thread once the queue is empty; waits for it. */
void
writer_stop(struct sms_server *s)
{
	if (!s->writer_on)
		return;
	pthread_mutex_lock(&s->lock);
	s->writer_stop = 1;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->writer, NULL);
	s->writer_on = 0;
}
