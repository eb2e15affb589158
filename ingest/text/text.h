/*
 * text.h - ingest/text/: cox sms, texts in: the webhook daemon, what
 * athletes text and the answers, the Concept2 Logbook it links.
 * Includes shared/, send/ and lib/; never mail/.
 */
#ifndef COX_INGEST_TEXT_H
#define COX_INGEST_TEXT_H

#include <pthread.h>

#include "../send/send.h"
#include "../shared/shared.h"

/* keyword.c, grammar.c: what athletes text */
#define SMS_MAX_PAIRS	16
#define SMS_MAX_BODY	1600	/* characters: ten concatenated SMS */
#define SMS_MAX_BYTES	(SMS_MAX_BODY * 4)	/* in UTF-8 */

enum sms_kind { SMS_UNKNOWN, SMS_SCORES, SMS_BARE, SMS_ILL, SMS_NOTE,
	SMS_LINK, SMS_HELP, SMS_STOP, SMS_START,
	SMS_POSITIONAL,		/* scores alone, in the prompt's order */
	SMS_GUESS,		/* the coach's hidden scores, guessed */
	SMS_RPE,		/* a session's effort alone */
	SMS_ACK,		/* "ok", "thanks coach": polite words alone */
	SMS_ERG_LINK,		/* "erg link": their Concept2 Logbook */
	SMS_ERG_UNLINK,		/* "erg unlink": and no more */
	SMS_MYDATA };		/* their data, by email; the last (fuzz_sms.c) */

struct sms_pair {
	char	 word[33];	/* lower-case; wellness items normalised */
	char	 value[33];	/* a time or a decimal as written ("6:45.3",
				 * "82.5"), read by the metric; "" when the
				 * score is a whole number */
	int	 score;
	int	 out_of;	/* "4/5": 5; 0 when not said */
	int	 wellness;	/* sleep, stress, fatigue, soreness */
	int	 worded;	/* a check-in item's answer in a word, "sleep
				 * bad": score is its level on Hooper's scale
				 * (1 best, 7 worst), a guess the reply says */
	char	 said[33];	/* that word as written */
};

/* A session's effort: "rpe 7 90", "7/10 90'", "rpe 7 1h30 yesterday". */
struct sms_session {
	int	 given;		/* the text has one */
	int	 rpe;		/* as written (CR-10: 0-10, checked later) */
	int	 minutes;	/* as written; 0 when not said */
	int	 ago;		/* days before today: 1 for "yesterday" */
	char	 slot[3];	/* "am", "pm", or "" when not said */
};

struct sms_cmd {
	enum sms_kind	 kind;
	struct sms_pair	 pairs[SMS_MAX_PAIRS];
	size_t		 npairs;
	int		 bare;		/* SMS_BARE */
	char		 bare_value[33];	/* SMS_BARE: a time, a decimal */
	int		 positional;	/* SMS_GUESS: scores alone */
	struct sms_session session;	/* SMS_RPE, or beside SMS_SCORES or
					 * SMS_POSITIONAL */
	char		 illness[8];	/* SMS_ILL: sick or injured */
	char		 text[SMS_MAX_BYTES + 1];	/* note, or illness note */
	const char	*how;	/* SMS_UNKNOWN: how to fix it, a sms. name */
	int		 stop_word;	/* began with an opt-out word, not alone */
	/* SMS_UNKNOWN with how "sms.unreadable": the closest reading, each
	 * number with the word before it (or none), and the first word
	 * that could not be placed ("" when none) */
	struct sms_pair	 near[SMS_MAX_PAIRS];
	size_t		 nnear;
	char		 bad[33];
};

/*
 * What a team named its metrics and check-in items: a word of a text
 * that is one of those names is the team's, before an everyday word
 * for a session's effort ("effort 4" rates a metric named Effort).
 */
struct sms_names {
	const struct metric_set	*metrics;	/* or NULL */
	const struct checkin_items *items;	/* or NULL */
};

/* keyword.c: a text read, its keywords first (the registry's order) */
int	 sms_parse(const char *body, const struct sms_names *,
	    struct sms_cmd *);

/* token.c: the words and numbers of a text */
struct token {
	char	 s[33];
	int	 word;		/* letters, or a name such as "2k": no number */
	int	 spelt;		/* a number written as a word, "six" */
	int	 den;		/* "4/5": 5; 0 when not written */
	int	 mins;		/* a length written as one: 90', 1h30, 1:30,
				 * 1,5h */
	int	 colon;		/* that length written 1:30, as a time is */
	int	 effort;	/* a word a session's effort follows:
				 * EFFORT_WORD, or EFFORT_UNLESS_NAME */
};
enum { EFFORT_WORD = 1, EFFORT_UNLESS_NAME };
int	 token_split(const char *s, const struct sms_names *,
	    struct token tok[], int max);
void	 token_first(const char *s, char *dst, size_t size);
void	 token_rest(const char *body, char *dst, size_t size);
const char *token_past(const char *s);
int	 token_polite(const char *w, int after);
int	 token_only(const char *s, const char *const *names);
const char *token_wellness(const char *w);

/* grammar.c: the scores, wellness and session a text says */
void	 grammar_scores(const char *body, const struct sms_names *,
	    struct sms_cmd *);


/* spool.c: texts kept on disk while the database cannot take them */
struct spool;
struct spool	*spool_open(const char *dir);
void		 spool_close(struct spool *);
int		 spool_pending(const struct spool *);
int		 spool_append(struct spool *, int status, const char *sid,
		    const char *a, const char *b, const char *c);
int		 spool_sync(struct spool *);
int		 spool_each(struct spool *, int (*)(void *, int, const char *,
		    const char *, const char *, const char *), void *);
int		 spool_clear(struct spool *);
char		*spool_stuck(const struct spool *);
int		 spool_report(const char *dir, long *waiting, int *stuck,
		    time_t *since);

/* seen.c: the MessageSids of the texts kept, in memory */
struct sms_seen;
struct seen_probe {
	uint64_t	 h;
	size_t		 j;
};
struct sms_seen	*seen_new(void);
void		 seen_free(struct sms_seen *);
int		 seen_catch_up(struct sms_seen *, struct db *);
void		 seen_settle(struct sms_seen *, int committed);
size_t		 seen_count(const struct sms_seen *, size_t *bytes);
void		 seen_probe(const struct sms_seen *, const char *sid,
		    struct seen_probe *);
int64_t		 seen_next(const struct sms_seen *, struct seen_probe *);

/* reply.c: one text's way through, and its answer */
struct reply_ctx {
	struct db		*db;
	struct sms_seen		*seen;		/* the texts kept, or NULL:
						 * the caller's are all new */
	const struct metric_set	*metrics;	/* loaded by the caller */
	const struct checkin_items *items;	/* the club's check-in items */
	const char		*country;	/* for numbers as written */
	const char		*base_url;	/* the site, or NULL */
	const char		*club;		/* [team] name, or NULL */
	long			 invite_days;
	int			 texts;		/* the outbox sends texts */
	int			 mails;		/* and emails */
	int			 forward;	/* notes go to coaches by email */
	int			 each;		/* each its own email, not
						 * gathered in the digest */
	struct log_limit	*noted;		/* warnings a replay makes */
	const char		*sms_url;	/* [sms] public_url, or NULL */
	int			 concept2;	/* [concept2] client_id is set */
	struct reply_note	*note;		/* or NULL: filled by a text
						 * stored, for its log line */
};
/* What reply_text() stored: its message row and the kind of text. */
struct reply_note {
	int64_t			 msg;
	const char		*kind;		/* "scores", "wellness", ... */
};
enum outcome reply_text(const struct reply_ctx *, const char *from,
	    const char *body, const char *optout, const char *sid,
	    char **answer, int *stored);
const char *reply_spooled(void);

/* guardian.c: texts from a minor's guardian's number */
enum outcome guardian_text(const struct reply_ctx *, const char *number,
	    const int64_t *athletes, size_t n, const struct sms_cmd *,
	    int64_t msg, const char *body, struct buf *reply);
enum outcome reply_setup(struct workspace *, const struct outbox *,
	    struct reply_ctx *);
void	 reply_free(struct reply_ctx *);

/*
 * texts.c: every kind of text, each in its own file, which lists what
 * it reads and does in these tables and places them in the registry
 * (sms_texts) with SMS_TEXTS(); their order keys are which reading
 * wins for a text (texts.c lists the keys taken).
 */

/*
 * A keyword a text may start with (keyword.c): the first word name, or
 * name then the word then ("erg link"), or name after the words that
 * lead to it when lead is set ("I'm sick"); read, when not NULL, reads
 * what follows it (body starting at the keyword) into c, whose kind is
 * set already.
 */
struct sms_keyword {
	const char	*name;		/* a kw. entry; NULL ends a table */
	const char	*then;		/* the second word's entry, or NULL */
	enum sms_kind	 kind;
	int		 lead;		/* also after kw.lead words */
	void		(*read)(const struct sms_keyword *, const char *body,
			    const struct sms_names *, struct sms_cmd *c);
};

/*
 * What a known athlete's text of a kind does (reply.c): handle writes in
 * the caller's transaction, appends the reply, and returns OUT_OK;
 * OUT_BADINPUT when the text asks what cannot be done, the reply saying
 * why; OUT_FAILED on a database error (the text is then tried again).
 */
struct sms_rule {
	enum sms_kind	 kind;
	const char	*stored;	/* message.kind it is stored as */
	int		 settles;	/* read and stored: files unread away */
	enum outcome	(*handle)(const struct reply_ctx *,
			    const struct person *, struct sms_cmd *,
			    int64_t msg, struct buf *reply);
};

/*
 * An answer to a question cox asked, read before the keywords: read
 * returns OUT_OK when body (from p, or from p's guardian) answers it,
 * the reply appended, OUT_NOTFOUND when it does not, OUT_FAILED.  Every
 * answer is asked of a text; any that takes it leaves the kinds aside.
 */
struct sms_answer {
	const char	*stored;	/* message.kind, or NULL: the kind's */
	int		 guardian;	/* asked of a guardian's text too */
	int		 athlete;	/* asked only of an athlete's own */
	enum outcome	(*read)(struct db *, const struct person *p,
			    int guardian, const char *body, struct buf *reply);
	/* when the question body would answer was asked, without a
	   change: 0 when it answers none, INT64_MAX when it says which
	   ("in tues"); -1 */
	int64_t		(*asked)(struct db *, const struct person *p,
			    int guardian, const char *body);
};

/* One kind of text's tables; each ends as its type says, or is NULL. */
struct sms_text {
	const struct sms_keyword *keywords;
	const struct sms_rule	*rules;		/* ends with a NULL handle */
	const struct sms_answer	*answers;	/* ends with a NULL read */
};
extern struct registry sms_texts;	/* registry_table(): sms_text */
/* A kind's tables t in the registry, at its order key (texts.c). */
#define SMS_TEXTS(t, order)	REGISTRY_ENTRY(cox_texts, order, t, \
	_Generic(&(t), const struct sms_text *: &(t)))

/* say.c: a reply's sentences */
void	 say_next(struct buf *reply);
void	 say_more(struct buf *reply, const struct buf *said);
void	 say(struct buf *reply, const char *name);
void	 say_example(const struct metric_set *, const char *waiting,
	    const char *name, const char *none, struct buf *reply);
const char *say_scales(const struct metric_set *, struct buf *scales);
const char *say_alias(const char *name, char *dst, size_t size);

/* pair.c: a text's pair read against a metric; the line to send back */
/* What pair_value() says of a pair. */
enum reading { READ_OK, READ_FRACTION, READ_BAD, READ_RANGE, READ_BETWEEN };
enum reading pair_value(const struct metric *, const struct sms_pair *,
	    long *kept);
const char *pair_item_alias(const char *word, char *dst, size_t size);
int	 pair_item_level(const struct checkin_item *, int level);
void	 pair_line(const struct reply_ctx *, const struct sms_pair *,
	    struct buf *out);
void	 pair_session_line(const struct sms_session *, struct buf *out);
const char *pair_line_of(const struct reply_ctx *, const struct sms_cmd *,
	    size_t at, const char *as, struct buf *out);
int	 pair_read(const struct reply_ctx *, const struct metric *,
	    const struct sms_cmd *, size_t at, const char *lead, long *kept,
	    struct buf *read, struct buf *reply);

/* effort.c: a session's effort by text */
int	 effort_in_range(const struct sms_session *);
void	 effort_range(const struct reply_ctx *, const struct sms_cmd *,
	    struct buf *reply);
enum outcome effort_store(const struct reply_ctx *, const struct person *,
	    struct sms_cmd *, int64_t msg, struct buf *reply);

/* scores.c: self-ratings and check-ins by text */
enum outcome scores_handle(const struct reply_ctx *, const struct person *,
	    struct sms_cmd *, int64_t msg, struct buf *reply);

/* positional.c: scores without their metrics' names */
void	 positional_split(const struct metric_set *, const char *only,
	    struct sms_cmd *);


/* twilio_sig.c: X-Twilio-Signature */
struct form_param {
	const char	*name;
	const char	*value;
};
int	 twilio_signature(const char *token, const char *url,
	    const struct form_param *, size_t, char out[29]);
int	 twilio_valid(const char *token, const char *url,
	    const struct form_param *, size_t, const char *signature,
	    struct strlist *tried);
int	 twilio_valid_body(const char *token, const char *url,
	    const char *body, size_t len, const char *signature,
	    struct strlist *tried);

/*
 * sms.c: cox sms serve, the webhook daemon; it sets up the server and
 * starts and stops the files below, which call down in this order:
 * webhook.c (libmicrohttpd's thread), writer.c (the database thread),
 * register.c (/register) and sender.c (the outbox's thread).
 */
#define SMS_CONNECTIONS	1024	/* at once, from every address */

struct sockaddr_in;
struct sms_request;
struct webconn;

/* The daemon's state; lock guards what more than one thread touches. */
struct sms_server {
	struct workspace	 ws;		/* its db is the writer's */
	const char		*public_url;	/* as Twilio calls it */
	char			*token;
	const char		*account;	/* [sms] account_sid, or NULL */
	const char		*fragment;	/* [sms] retry_fragment, or NULL */
	const char		*numbers;	/* the team's, or NULL */
	struct buf		 with_whatsapp;	/* numbers and [whatsapp] from */
	char			 origin[256];	/* the site's, for CORS */
	struct log_limit	 refused;	/* the HTTP thread's warnings */
	struct log_limit	 noted;		/* and the writer's */
	struct log_limit	 slowed;	/* and the main thread's */
	struct webconn		*conns;		/* open: webhook_sweep() */
	struct reply_ctx	 reply;		/* the writer's */
	struct spool		*spool;		/* the writer's */
	int			 undurable;	/* the last spooling failed */
	struct outbox		*outbox;	/* the sender's */
	struct remind		*remind;	/* and its reminders */
	struct digest		*digest;	/* and the coaches' digests */
	struct concept2		*c2;		/* [concept2], or NULL */
	pthread_t		 writer, sender;
	int			 writer_on, sender_on;	/* started */
	pthread_mutex_t		 lock;		/* guards the rest */
	pthread_cond_t		 wake;		/* the writer: queue or stop */
	struct sms_request	*queue, **queue_tail;
	unsigned long		 batches_taken;	/* by the writer, ever */
	int			 writer_stop;
	int			 closing;	/* no more queueing */
	int			 suspended;	/* connections waiting */
	int			 active;	/* requests not yet finished */
	pthread_cond_t		 sender_wake;
	int			 sender_stop;
	pthread_t		 syncer;
	int			 syncer_on, syncer_stop;
	pthread_cond_t		 sync_wake;	/* the syncer: batch or stop */
	struct sms_request	*unsynced, **unsynced_tail;	/* committed */
	int			 unsynced_texts;	/* texts they stored */
	pthread_t		 checkpointer;
	int			 checkpointer_on, checkpoint_due;
	pthread_cond_t		 checkpoint_wake;	/* due, or stop */
};

enum outcome	 sms_serve(const char *dir, const struct sockaddr_in *);

/* webhook.c: the HTTP side: requests read, checked, routed, answered */
enum sms_job { JOB_SMS, JOB_STATUS, JOB_HEALTH, JOB_REGISTER, JOB_C2_START,
	JOB_C2_CALLBACK };

enum { RQ_READING, RQ_QUEUED, RQ_DONE };

/*
 * One request.  The params point into body; the writer fills in http
 * and answer, then resumes the connection.
 */
struct sms_request {
	struct timespec		 start;		/* headers in: the deadline's */
	char			 addr[64];	/* who asks (/register) */
	struct buf		 body;
	int			 too_big;
	int			 state;
	enum sms_job		 job;
	struct MHD_Connection	*c;
	const char		*from, *text, *sid, *status, *code;
	const char		*optout;	/* OptOutType: STOP, START, HELP */
	const char		*c2_state, *c2_code;	/* /concept2/ */
	unsigned		 http;
	char			*answer;
	int			 stored;	/* a text new to the database */
	struct reply_note	 note;		/* what it was, when stored */
	struct sms_request	*next;		/* in the writer's queue */
};

struct MHD_Daemon;
struct MHD_Daemon *webhook_start(struct sms_server *,
		    const struct sockaddr_in *, long per_address);
void		 webhook_stop(struct sms_server *, struct MHD_Daemon *);
void		 webhook_sweep(struct sms_server *);

/* writer.c: the database thread, storing what is queued (group commit) */
int		 writer_start(struct sms_server *);
void		 writer_stop(struct sms_server *);
int		 writer_queue(struct sms_server *, struct MHD_Connection *,
		    struct sms_request *, enum sms_job);
int		 writer_alive(struct sms_server *, unsigned long *seen);

/* syncer.c: the writer's commits made durable, then answered */
int		 syncer_start(struct sms_server *);
void		 syncer_stop(struct sms_server *);
void		 syncer_queue(struct sms_server *, struct sms_request *,
		    int texts);

/* register.c: POST /register, a new account from the site */
int		 register_request(struct sms_server *, struct MHD_Connection *,
		    struct sms_request *, const char *method, int *answered);
int		 register_job(struct sms_server *, struct sms_request *);
int		 register_answer(const struct sms_server *,
		    struct MHD_Connection *, unsigned code, const char *json);
int		 register_refuse(const struct sms_server *,
		    struct MHD_Connection *, unsigned code, const char *why);

/* sender.c: the outbox, reminders and digests, on a thread of their own */
void		 sender_start(struct sms_server *);
void		 sender_stop(struct sms_server *);

/* form.c: form bodies */
int	 form_parse(char *body, struct form_param *, size_t max);
const char *form_get(const struct form_param *, int n, const char *name);
const char *form_twilio_shaped(const struct form_param *, int n, int status,
	    const char *account, const char *numbers);

/* thread_forward.c: an athlete's words forwarded to their coaches */
int	 thread_forward(struct db *, const struct person *, int64_t msg,
	    const char *what, const char *text);
int	 thread_pass_on(struct db *, int each, const struct person *,
	    int64_t msg, const char *what, const char *text);
int	 thread_urgent(const char *what, const char *text);

/* avail_text.c: an athlete's text that answers who is coming */
enum outcome avail_text(struct db *, const struct person *, int guardian,
	    const char *body, struct buf *reply);

/* concept2.c: the Concept2 Logbook over HTTP (lib/logbook.c keeps it) */
struct concept2;
struct concept2_tally {
	int	 athletes;	/* asked */
	int	 tests;		/* new results kept as a metric's value */
	int	 sessions;	/* new results kept as sessions */
	int	 refused;	/* whose tokens were refused: asked to relink */
};
enum outcome concept2_open(const struct config *, struct concept2 **);
void	 concept2_free(struct concept2 *);
const char *concept2_base(const struct concept2 *);
const char *concept2_client_id(const struct concept2 *);
enum outcome concept2_exchange(const struct concept2 *, const char *code,
	    const char *verifier, const char *redirect, time_t now,
	    struct logbook_tokens *);
enum outcome concept2_sync(const struct concept2 *, struct db *, time_t now,
	    struct concept2_tally *);
int	 concept2_start(const struct concept2 *, struct db *,
	    const char *public_url, const char *state, time_t now,
	    char **location);
int	 concept2_callback(const struct concept2 *, struct db *,
	    const char *public_url, const char *state, const char *code,
	    time_t now, int64_t *who);

#endif
