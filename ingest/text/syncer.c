/*
 * syncer.c - the thread of cox sms serve that makes the database
 * thread's commits durable and only then answers them.  The writer
 * (writer.c) commits each batch without waiting for the disk (lib/db.c,
 * db_sync_apart()) and hands the batch here; this thread syncs the
 * write-ahead log (db_log_sync()) and resumes the batch's connections,
 * while the writer already runs the next batch.  Batches that queue up
 * during one sync share the next one.
 *
 * A text is thus still answered 200 only once it is durable: its
 * commit is in the log before the batch is handed over, and the log
 * is synced after that.  When the sync fails, every request of the
 * batches it was for is answered 503: what they stored may be lost
 * with the power, Twilio retries a 503, and the retry stores nothing
 * twice (the reply is kept under its MessageSid).  Why a synced log is
 * all a commit needs to be durable is said above db_sync_apart().
 *
 * A third thread, the checkpointer, copies the log into the database
 * each time it has grown (db_log_checkpoint()), so that neither the
 * writer nor the answers wait for that copy; the writer then makes the
 * log start over between two batches (db_log_restart()), so that a
 * stream of texts writes over the same megabytes of log rather than
 * growing it for as long as the stream lasts.
 */
#include <sys/resource.h>

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include <microhttpd.h>

#include "text.h"

/* The log could not be synced: nothing of batch is answered 200. */
static void
batch_unsynced(struct sms_request *batch)
{
	struct sms_request	*rq;
	int			 n = 0;

	for (rq = batch; rq != NULL; rq = rq->next, n++) {
		rq->http = MHD_HTTP_SERVICE_UNAVAILABLE;
		free(rq->answer);
		rq->answer = NULL;
	}
	if (n > 0)
		log_error("%d request%s answered 503: what %s stored may "
		    "not be on disk", n, n == 1 ? "" : "s", n == 1 ? "it" :
		    "they");
}

/*
 * A line for each text the batch stored, once it is on disk: its
 * message, the number it came from (masked: the row has it in full),
 * what kind of text it was, and how long from its request's headers to
 * its answer, so that an operator sees texts arrive and how slowly.
 * Made here, not by the writer, whose thread is the one every text
 * waits its turn on, and gathered into said, which the caller writes
 * once the batch's connections are resumed: a write for each PIPE_BUF
 * bytes of lines (one, for a sync of some forty texts or fewer), where
 * a write a text came before any connection was resumed.
 */
static void
batch_said(const struct sms_request *batch, struct buf *said)
{
	const struct sms_request *rq;
	char		 masked[PHONE_MASKED_MAX];

	for (rq = batch; rq != NULL; rq = rq->next) {
		if (rq->job != JOB_SMS || !rq->stored || rq->note.kind == NULL)
			continue;
		phone_masked(rq->from, masked);
		(void)log_gather(said, LOGL_INFO, "text %lld from %s stored "
		    "(%s) in %ld ms", (long long)rq->note.msg, masked,
		    rq->note.kind, log_ms_since(&rq->start));
	}
}

/* Resumes each connection of batch, whose answers are settled. */
static void
batch_answer(struct sms_server *s, struct sms_request *batch)
{
	struct sms_request	*rq, *next;

	for (rq = batch; rq != NULL; rq = next) {
		next = rq->next;	/* rq may be gone once resumed */
		rq->state = RQ_DONE;
		MHD_resume_connection(rq->c);
		pthread_mutex_lock(&s->lock);
		s->suspended--;
		pthread_mutex_unlock(&s->lock);
	}
}

/*
 * Syncs the log for batch and the texts stored, then answers them and
 * says so (said: the lines' room, kept from one sync to the next).
 */
static void
batch_sync(struct sms_server *s, struct sms_request *batch, int texts,
    struct buf *said)
{
	if (db_log_sync(s->ws.db) == -1) {
		batch_unsynced(batch);
		texts = 0;
	} else
		batch_said(batch, said);
	batch_answer(s, batch);
	log_gathered(said);
	if (texts > 0)
		hook_ingested(&s->ws, -1);	/* once the burst goes quiet */
	if (db_log_full(s->ws.db)) {
		pthread_mutex_lock(&s->lock);
		s->checkpoint_due = 1;
		pthread_cond_signal(&s->checkpoint_wake);
		pthread_mutex_unlock(&s->lock);
	}
}

/*
 * The checkpointer thread: the log into the database when it is due.
 * It runs ten nice steps below the daemon (Linux gives each thread its
 * own), behind the threads a text waits on, which it would otherwise
 * take turns with on a busy machine: a copy that waits loses nothing,
 * and the log only grows meanwhile (in ten-second runs flat out, to
 * 18-23 MB either way when it was copied in past 4 MB; to 137-156 MB
 * when it was copied in each time it had grown by 31, as it still is
 * beside a database under 250 MiB: lib/db.c).
 * The webhook at a season's week 52 answered more texts a second in
 * each of nine interleaved pairs of runs, by 0.4 to 11 % (median 7 %).
 * Only a processor kept busy for minutes by threads at the daemon's
 * priority (texts flat out for that long, far beyond any club's) would
 * keep it from catching up; a build beside the daemon holds it back
 * for the build's seconds.
 */
static void *
checkpointer(void *arg)
{
	struct sms_server	*s = arg;
	pid_t			 me = gettid();
	int			 nice_now;

	errno = 0;
	nice_now = getpriority(PRIO_PROCESS, (id_t)me);
	if (errno == 0)		/* ten below the daemon's; or as it is */
		(void)setpriority(PRIO_PROCESS, (id_t)me,
		    nice_now + 10 > 19 ? 19 : nice_now + 10);
	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (!s->checkpoint_due && !s->syncer_stop)
			pthread_cond_wait(&s->checkpoint_wake, &s->lock);
		s->checkpoint_due = 0;
		if (s->syncer_stop) {
			pthread_mutex_unlock(&s->lock);
			return NULL;
		}
		pthread_mutex_unlock(&s->lock);
		(void)db_log_checkpoint(s->ws.db);	/* said */
	}
}

/* The syncer thread: one sync for whatever batches have queued up. */
static void *
syncer(void *arg)
{
	struct sms_server	*s = arg;
	struct sms_request	*batch;
	struct buf		 said = { 0 };
	int			 texts, stop;

	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (s->unsynced == NULL && s->unsynced_texts == 0 &&
		    !s->syncer_stop)
			pthread_cond_wait(&s->sync_wake, &s->lock);
		batch = s->unsynced;
		texts = s->unsynced_texts;
		s->unsynced = NULL;
		s->unsynced_tail = &s->unsynced;
		s->unsynced_texts = 0;
		stop = s->syncer_stop;
		pthread_mutex_unlock(&s->lock);
		if (batch != NULL || texts > 0)
			batch_sync(s, batch, texts, &said);
		else if (stop)
			break;	/* stopping, and nothing left */
	}
	buf_free(&said);
	return NULL;
}

/*
 * Hands a committed batch (its requests' answers set, linked by next)
 * to the syncer, with the number of texts it stored; the syncer owns
 * it from here.
 */
void
syncer_queue(struct sms_server *s, struct sms_request *batch, int texts)
{
	struct sms_request	*rq;

	if (batch == NULL && texts == 0)
		return;
	pthread_mutex_lock(&s->lock);
	*s->unsynced_tail = batch;
	for (rq = batch; rq != NULL; rq = rq->next)
		s->unsynced_tail = &rq->next;
	s->unsynced_texts += texts;
	pthread_cond_signal(&s->sync_wake);
	pthread_mutex_unlock(&s->lock);
}

/* Starts the syncer and the checkpointer; -1 (said) when it cannot. */
int
syncer_start(struct sms_server *s)
{
	s->unsynced_tail = &s->unsynced;
	if (pthread_create(&s->syncer, NULL, syncer, s) != 0) {
		log_error("cannot start the thread that syncs the database");
		return -1;
	}
	pthread_setname_np(s->syncer, "cox-sync");	/* top -H shows it */
	s->syncer_on = 1;
	if (pthread_create(&s->checkpointer, NULL, checkpointer, s) != 0) {
		log_error("cannot start the thread that checkpoints the "
		    "database");
		return -1;
	}
	pthread_setname_np(s->checkpointer, "cox-checkpoint");
	s->checkpointer_on = 1;
	return 0;
}

/* Stops the syncer once what it holds is answered, and the checkpointer. */
void
syncer_stop(struct sms_server *s)
{
	if (!s->syncer_on)
		return;
	pthread_mutex_lock(&s->lock);
	s->syncer_stop = 1;
	pthread_cond_signal(&s->sync_wake);
	pthread_cond_signal(&s->checkpoint_wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->syncer, NULL);
	s->syncer_on = 0;
	if (s->checkpointer_on)
		pthread_join(s->checkpointer, NULL);
	s->checkpointer_on = 0;
}
