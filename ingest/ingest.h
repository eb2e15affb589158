/*
 * ingest.h - cox mail and cox sms: what comes in from coaches and
 * athletes, and what goes out to them.  Includes lib/ only; never gen/.
 */
#ifndef COX_INGEST_H
#define COX_INGEST_H

#include <pthread.h>

#include "../lib/lib.h"

/* ratemail.c: the coach's rating format (text or CSV), read alone */

struct rm_line {
	unsigned long	 line;		/* in the text, for messages */
	char		*athlete;	/* as written: name, @handle, email */
	char		*metric;	/* as written; "": the team's order */
	int		 pos;		/* scores alone: place on the line, 1.. */
	int		 of;		/* and places the line has; 0: any */
	long		 score;
	long		 max;		/* 0 when not written ("3/5"); or: */
#define RM_TENTHS	(-1)		/* score in tenths: "82.5", "405.3" */
#define RM_TIME		(-2)		/* and written with minutes, "6:45.3" */
	char		*comment;
	int		 split;		/* scores alone, ',' the decimal
					 * mark: "4,3" may be two scores */
	long		 whole[2];	/* then those two (ratecheck.c) */
	int		 read;		/* how a guess read it: */
#define RM_READ_COMMENT	0x1		/* words after scores alone: a comment */
#define RM_READ_COLON	0x2		/* a name and scores, no ':' between */
#define RM_READ_NOT	0x4		/* "erg 6:48 not 6:58": a correction */
#define RM_READ_QUOTED	0x8		/* typed into cox's quoted sheet */
#define RM_READ_NAME	0x10		/* "Tom H", "Fletcher, Ben" (ratecheck.c) */
	long		 was;		/* RM_READ_NOT: the score corrected */
	long		 was_max;	/* and its max, as max is */
};

/* A problem, tied to a line of the text and an athlete when it is. */
struct rm_problem {
	unsigned long	 line;		/* 0: to none (an attachment's) */
	char		*athlete;	/* as written; NULL: to none */
	int		 whole;		/* refuses every athlete (the date) */
	int		 quote;		/* its line, no athlete's, quoted back */
	char		*what;		/* the words, without the line */
	char		*fix_from;	/* words of its line to correct, */
	char		*fix_to;	/* and as meant; NULL: no such fix */
};

struct rm_problems {
	struct rm_problem *v;
	size_t		 n;
};

/* Where an athlete is written: lines first to last of the text. */
struct rm_span {
	char		*athlete;	/* as written */
	unsigned long	 first, last;	/* 0: in an attachment */
	unsigned long	 head;		/* the order or table header, or 0 */
	int		 bare;		/* a block's start, no line under it */
};

struct rm_parse {
	time_t		 now;		/* set by the caller: 0 is the time */
	int		 month_first;	/* and the country's order: 11/23 */
	const struct metric_set *metrics; /* and the team's: "erg 7:21" */
	char		 date[11];	/* from a "date:" line, or "" */
	struct rm_line	*v;
	size_t		 n;
	struct rm_span	*spans;		/* in the order of the email */
	size_t		 nspans;
	struct rm_problems errors;
	unsigned long	*quoted;	/* lines put back from cox's sheet */
	size_t		 nquoted;	/* (quote_sheet()), the parse's */
};

int	 ratemail_parse_text(const char *text, struct rm_parse *);
int	 ratemail_parse_csv(const char *data, size_t len, struct rm_parse *);
void	 ratemail_free(struct rm_parse *);
int	 ratemail_problem(struct rm_problems *, unsigned long line,
	    const char *athlete, const char *name, ...);
void	 ratemail_problems_free(struct rm_problems *);
/*
 * The parser's pieces, shared among ratemail*.c (ratemail.c reads a
 * text line by line with them).
 */
#define RM_MAX_LINE	2000	/* bytes of a line read */
#define RM_MAX_CELLS	64	/* of a table's row, or scores on a line */
#define RM_METRIC_WORDS	3	/* of a metric's, in a line of pairs */
struct rm_state {			/* from one line of a text to the next */
	struct rm_parse	*p;
	unsigned long	 n;		/* the line read */
	char		 athlete[256];	/* the block's, or "" */
	int		 blank;		/* a blank line since its last */
	struct strlist	 order;		/* from "order:" or a table header */
	unsigned long	 head;		/* the line that gave it */
	int		 named;		/* the header's first cell: names? */
};
enum rm_like {				/* how a word is compared with metrics */
	LIKE_NAMED,		/* its name or slug */
	LIKE_KNOWN,		/* or a start of one, three letters or
				 * more, or a word of its name ("2k") */
	LIKE_LOOSE		/* or any start, or a misspelling */
};
/* ratemail_rating.c: what a parse keeps */
void	 ratemail_name_straight(char *s);
int	 ratemail_add(struct rm_parse *p, unsigned long line,
	    const char *athlete, const char *metric, long score, long max,
	    const char *comment);
int	 ratemail_span(struct rm_parse *p, const char *athlete,
	    unsigned long line, unsigned long head);
/* ratemail_word.c: what a word or a cell is */
int	 ratemail_score(const char *tok, long *score, long *max);
int	 ratemail_blank(const char *tok);
size_t	 ratemail_dash(const char *s);
size_t	 ratemail_dash_end(const char *s, size_t len);
int	 ratemail_bare_time(const struct rm_parse *p, const char *words,
	    size_t len, const char *tok, long *score, long *max);
int	 ratemail_split(const struct rm_parse *rp, char *s, char **metric,
	    long *score, long *max, char **comment);
int	 ratemail_cell_score(const char *tok, long *score, long *max);
int	 ratemail_prose_score(const char *tok, size_t len, long *score,
	    long *max);
int	 ratemail_cells(char *s, int sep, char **cell, int max);
int	 ratemail_comma_name(const char *s, int strict);
int	 ratemail_name_like_as(const char *s, int scored);
int	 ratemail_name_like(const char *s);
void	 ratemail_read_as(struct rm_parse *p, size_t first, int how);
int	 ratemail_metric_like(const struct rm_parse *p, const char *name,
	    enum rm_like how);
/* ratemail_table.c: tables, an order, scores alone */
int	 ratemail_scores_only(char *const *cell, int n);
int	 ratemail_scores_add(struct rm_state *st, const char *athlete,
	    char *const *cell, int n, int skip, int exact);
int	 ratemail_order_line(struct rm_state *st, const char *s);
int	 ratemail_table_row(struct rm_state *st, const char *s, int sep);
int	 ratemail_lead_scores(const char *rest, char *copy, char **cell,
	    const char **comment);
int	 ratemail_scores_line(struct rm_state *st, const char *athlete,
	    char *const *cell, int n, const char *comment, int how);
/* ratemail_pairs.c: a line of pairs */
int	 ratemail_pairs_line(struct rm_state *st, const char *athlete,
	    char *rest);
/* ratemail_guess.c: a phone's lines */
int	 ratemail_named_line(struct rm_state *st, const char *s);
int	 ratemail_colonless(const struct rm_state *st, const char *s,
	    char name[256], char *copy, char **cell, const char **comment);
int	 ratemail_named_pair(struct rm_state *st, const char *s);
int	 ratemail_stray_line(struct rm_state *st, const char *s,
	    const char *metric, long score);
int	 ratemail_correction_line(struct rm_state *st, const char *s);

/* quote.c: what a coach's email quotes, forwards or signs, cut */
size_t	 quote_strip(char *text);
char	*quote_lines(const char *orig, const char *stripped);
struct mail_parts;
int	 quote_sheet(struct db *, int64_t coach, struct mail_parts *,
	    const char *orig, unsigned long **lines, size_t *n);

/* ratecheck.c: a parsed email against the roster and metrics */

struct rm_rating {
	int64_t	 athlete;
	int64_t	 metric;
	int	 score;
	char	*comment;
	unsigned long line;		/* the email's line it is read from */
	int	 read;			/* how, when a guess: RM_READ_* */
	int	 was;			/* RM_READ_NOT: the score corrected */
	char	 day[11];		/* and its day, found; "": the email's */
	char	 slug[33];		/* the metric's, for messages */
	char	 name[64];
	enum metric_kind kind;		/* and how its values are written */
	char	 unit[17];
};

void	 rm_value_write(const struct rm_rating *, long kept, char *dst,
	    size_t size);

/* A reading the reply shows, a guess the coach may undo. */
struct rm_reading {
	unsigned long	 line;		/* the line read so; 0: a name's */
	int		 read;		/* how: RM_READ_* */
	char		*written;	/* a name as written, for line 0 */
	char		*as;		/* "Tom Harris: technique 6, ..." */
	char		 was[METRIC_VALUE_MAX];	/* a correction's score */
	char		 day[11];	/* replaced, and its day, or "" */
};

struct rm_result {
	struct rm_rating *v;		/* to store, in the email's order */
	size_t		 n;
	struct rm_reading *readings;	/* of those stored, in order */
	size_t		 nreadings;
	struct rm_problems errors;	/* with suggestions */
	unsigned char	*refused;	/* per span of the parse: refused */
	size_t		 nrefused;	/* athletes refused */
	size_t		 nstored;	/* athletes stored */
	struct strlist	 summary;	/* "Jane Doe: technique 4, fitness 3" */
};

/* What resolve() looks names up in, loaded once per batch of email. */
struct rm_index {
	struct person	*people;	/* active athletes */
	size_t		 npeople;
	struct metric_set metrics;
};
/* One athlete as written in an email, and who that is. */
struct rm_who {
	const char		*written;	/* the parse's */
	unsigned long		 line;		/* where first written */
	const struct person	*person;	/* NULL: nobody */
	int			 refused;
	int			 guess;		/* read by a guess */
};
struct rm_index	*ratemail_index(struct db *);
enum outcome	 ratemail_who(struct db *, const struct rm_index *,
		    int64_t coach, const char *who, int64_t *id);
enum outcome	 ratemail_athlete(struct db *, const struct rm_index *,
		    const char *country, int64_t coach, const char *written,
		    int64_t *id);
void	 ratemail_index_free(struct rm_index *);
const struct metric_set *ratemail_index_metrics(const struct rm_index *);
/* ratecheck_name.c: whom a rating line's name means */
int	 ratemail_find(struct db *, const struct rm_index *, int64_t coach,
	    const char *who, const char *country, const struct person **found,
	    const char **hint);
int	 ratemail_by_name(struct db *, const struct rm_index *, int64_t coach,
	    const char *word, const struct person **found, struct buf *names,
	    int *guess);
/* ratecheck_reading.c: what an answer shows was read by a guess */
int	 ratemail_readings(struct rm_result *, const struct rm_index *,
	    const struct rm_who *, size_t nw);
int	 ratemail_resolve(struct db *, const struct rm_index *,
	    const char *country, int64_t coach, const struct rm_parse *,
	    struct rm_result *);
void	 ratemail_result_free(struct rm_result *);

/* rateanswer.c: what the answer says of a ratings email's reading */
int	 rateanswer_refusals(const char *text, const struct rm_parse *,
	    const struct rm_result *, struct buf *out);
int	 rateanswer_readings(const char *text, const struct rm_result *,
	    struct buf *out);

/* certcheck.c: a TLS server's chain, checked with libcrypto */
int	 cert_chain_check(const unsigned char *const *der, const size_t *len,
	    size_t n, const char *host, const char *ca_file, char *why,
	    size_t whysize);

/* oauth2.c: access tokens for SASL XOAUTH2 (Gmail, Microsoft 365) */
struct oauth2;
int		 oauth2_wanted(const struct config *, const char *section,
		    const char *key, int *on);
enum outcome	 oauth2_open(const struct config *, struct oauth2 **);
void		 oauth2_free(struct oauth2 *);
enum outcome	 oauth2_token(struct oauth2 *, int again, const char **);
enum outcome	 oauth2_login(const struct config *, FILE *in, FILE *out);

/* smtp.c, twilio_api.c: the ways out, one a channel, for outbox.c */

/* One message as a sender hands it to its provider. */
/* A file an email carries (base64), after its text. */
struct attachment {
	const char	*name;		/* the file's name, plain ASCII */
	const char	*type;		/* "application/json; charset=utf-8" */
	const char	*data;
	size_t		 len;
};

struct outgoing {
	const char	*to;		/* a number or an address */
	const char	*subject;	/* emails only */
	const char	*body;
	const char	*msgid;		/* emails: made by msgid() */
	const char	*answers;	/* emails: the Message-ID answered, or "" */
	int		 reply;		/* emails: answers a coach's email */
	int		 whatsapp;	/* texts: by WhatsApp, not SMS */
	const char	*content_sid;	/* WhatsApp: a template (HX...), or NULL */
	const char	*variables;	/* its ContentVariables, JSON */
	const struct attachment *files;	/* emails: what they carry */
	size_t		 nfiles;
};

/* What a provider said of the recipient of a refused message (*stop). */
enum peer_said {
	PEER_OK,
	PEER_STOP,		/* 21610: they texted STOP */
	PEER_WINDOW,		/* 63016: outside WhatsApp's 24-hour window */
	PEER_WA_BLOCKED		/* 63014: they blocked us on WhatsApp */
};

/*
 * A channel's way out.  open reads its part of cox.conf into *conf (NULL
 * when that part is not there), -1 (reported) when it is wrong; close
 * frees it.  msgid, when not NULL, makes the id message id is sent
 * with, stored before it is sent.  valid, when not NULL, says whether a
 * peer can be sent to at all.  send hands o to the provider and returns
 * 0 taken, 1 to try again, 2 refused, 3 unknown (the provider may have
 * it), with the provider's id for it in id ("" for none), *stop an
 * enum peer_said (PEER_STOP: the person asked for no more), and *why.  probe
 * tries the way out without sending anything; -1 with a line in
 * problems.
 */
struct sender {
	enum channel	 channel;
	const char	*noun;		/* for the log: "email", "text" */
	const char	*taken;		/* logged when the provider took one */
	int		(*open)(struct config *, void **conf);
	void		(*close)(void *conf);
	int		(*msgid)(const void *conf, int64_t id, char *, size_t);
	int		(*valid)(const char *to);
	int		(*send)(const void *conf, const struct outgoing *o,
			    char id[64], int *stop, char *why, size_t);
	int		(*probe)(const void *conf, struct strlist *problems);
};

extern const struct sender smtp_sender;		/* smtp.c */
extern const struct sender twilio_sender;	/* twilio_api.c */
int		 twilio_service_shaped(const char *);

/* outbox.c: cox outbox, and the sender inside cox sms serve */
struct outbox;
enum outcome	 outbox_new(struct config *, struct outbox **);
int		 outbox_ready(const struct outbox *);
int		 outbox_mail(const struct outbox *);
int		 outbox_texts(const struct outbox *);
int		 outbox_pass(struct workspace *, struct outbox *, int *mails,
		    int *texts);
void		 outbox_report_stuck(struct db *);
void		 outbox_report_unsendable(struct db *,
		    const struct outbox *);
void		 outbox_free(struct outbox *);
int		 outbox_probe(const struct outbox *, struct strlist *problems);
int		 outbox_whatsapp_said(struct db *, int64_t person, int said);
int		 outbox_queue_text(struct db *, int64_t person,
		    const char *text, const char *kind, time_t now,
		    int *queued, int *skipped);

/* quiet.c: the team's quiet hours, which hold what cox sends on its own */
struct quiet {
	int	 from, to;	/* minutes after midnight; equal: never quiet */
};
enum outcome quiet_load(const struct config *, struct quiet *);
int	 quiet_now(const struct quiet *, const struct tm *);
time_t	 quiet_until(const struct quiet *, time_t now);
int	 quiet_holds(const char *kind);

/* ostrc.c: the OSTRC-H2 by text, the weekly question and its answers */
enum outcome	 ostrc_text(struct db *, int64_t athlete, const char *body,
		    time_t now, struct buf *reply);
int		 ostrc_prompt(struct db *, int64_t athlete, const char *week,
		    time_t now, int *queued, int *skipped);

/* remind.c: reminders and check-in prompts, by the daemon or a timer */
struct remind;
enum outcome	 remind_new(const struct config *, struct remind **);
int		 remind_on(const struct remind *);
int		 remind_pass(struct db *, const struct remind *, time_t now,
		    int *queued);
void		 remind_free(struct remind *);
int		 remind_check_in_text(struct buf *,
		    const struct checkin_items *, int weekly);
int		 remind_rating_text(const struct metric_set *,
		    const char *slugs, const char *base_url, struct buf *text);

/* digest.c: the coaches' morning digest, by the daemon or a timer */
struct digest;
enum outcome	 digest_new(const struct config *, struct digest **);
int		 digest_on(const struct digest *);
int		 digest_at(const struct digest *);
int		 digest_pass(struct db *, const struct digest *, time_t now,
		    struct strlist *shown, int *queued);
void		 digest_free(struct digest *);

/* grammar.c: what athletes text */
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

int	 sms_parse(const char *body, const struct sms_names *,
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

/* reply.c: the reply rules */
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

/* html.c: the text a mail client shows of an HTML body */
char	*html_text(const char *html);

/* mime.c: what an email says, read with libetpan */

struct mail_parts {
	char		*from;		/* the From address when there is one */
	int		 from_count;	/* addresses in From */
	char		*subject;	/* decoded */
	char		*message_id;
	char		 date[11];	/* from the Date header, or "" */
	struct strlist	 auth;		/* Authentication-Results, in order */
	char		*text;		/* the body as UTF-8 text */
	struct strlist	 csv;		/* CSV attachments as UTF-8 */
	struct strlist	 calendar;	/* text/calendar parts as UTF-8 */
	struct strlist	 refs;		/* In-Reply-To, References: newest first */
	char		*error;		/* why the content cannot be used */
	char		*automatic;	/* a robot sent it: the header saying so */
};

int	 mime_parse(const char *raw, size_t len, struct mail_parts *);
int	 mime_parse_sandboxed(const char *raw, size_t len,
	    struct mail_parts *);
int	 mime_parse_send(const char *raw, size_t len);
int	 mime_parse_take(struct mail_parts *);
void	 mail_parts_free(struct mail_parts *);

/* correct.c: an athlete told of a score corrected after they answered */
struct correction {
	int64_t		*ratings;	/* the ratings the text names */
	size_t		 n;		/* 0: nothing to tell */
	enum reach	 reach;		/* REACH_YES: reaches them */
	int		 queued;	/* a text made (not one kept) */
};
int	 correction_tell(struct db *, int64_t athlete, int64_t msg,
	    struct correction *);
int	 correction_undone(struct db *, const int64_t *ratings, size_t,
	    struct buf *);

/* thread.c: a coach's reply to an email cox sent */
#define ANSWER_MAX	480	/* characters a coach texts: three SMS */
enum thread_act { THREAD_NONE, THREAD_ANSWER, THREAD_ARCHIVE, THREAD_UNDO };
struct thread {
	enum thread_act	 act;
	int64_t		 sent;		/* our email replied to */
	int64_t		 about;		/* what that email was about */
	int64_t		 athlete;	/* who sent that, for a forward */
	char		*guardian;	/* the number that sent it when it
					   was a guardian's, else NULL */
	char		*text;		/* the reply's own words */
};
int	 thread_only_word(const char *text, const char *name);
int	 thread_find(struct db *, const struct mail_parts *, struct thread *);
const char *thread_kind(const struct thread *);
int	 thread_act(struct db *, const struct thread *, int64_t coach,
	    int64_t msg, struct buf *reply, const char **why);
void	 thread_free(struct thread *);
int	 thread_forward(struct db *, const struct person *, int64_t msg,
	    const char *what, const char *text);
int	 thread_pass_on(struct db *, int each, const struct person *,
	    int64_t msg, const char *what, const char *text);
int	 thread_urgent(const char *what, const char *text);

/* command.c: the commands a coach emails, one a line */
enum cmd_verb { CMD_HELP, CMD_SHEET, CMD_REMIND, CMD_SEND, CMD_RESEND,
	CMD_ARCHIVE, CMD_INVITE, CMD_NUMBER, CMD_PAUSE, CMD_RESUME, CMD_DIGEST,
	CMD_SESSION, CMD_CANCEL, CMD_REST, CMD_ADD, CMD_MOVE, CMD_REMOVE,
	CMD_INJURED, CMD_ILL, CMD_STAGE,
	CMD_AVAIL, CMD_WHO, CMD_ATTENDED, CMD_ABSENT, CMD_ATTEND_DEFAULT,
	CMD_ERG, CMD__MAX };
/* Whether a command of verb v is a plan line, counted as those are. */
#define CMD_PLANS(v)	((v) == CMD_SESSION || (v) == CMD_CANCEL || \
			 (v) == CMD_REST)
/* A planned session as a coach wrote it (plan.c), resolved when acted on. */
struct plan_line {
	char		 when[16];	/* a date, a weekday, today, tomorrow */
	char		 slot[3];	/* "am", "pm", "" not said */
	int		 minutes;	/* 1-600 */
	int		 rpe;		/* intended: 0-10 */
	char		*description;	/* "" for none */
	int		 rest;		/* a rest day: nothing planned */
	const char	*why;		/* not read: the catalogue's reason */
};
struct cmd_line {
	enum cmd_verb	 verb;
	int		 bad;		/* its arguments were not understood */
	int		 typo;		/* no keyword, but near verb's: text
					   is the word, near the keyword */
	char		 near[32];
	char		*line;		/* as written, trimmed */
	char		*who;		/* "@handle", a squad's name, or NULL */
	int		 person;	/* who is a person's name, not a squad */
	int		 all;		/* "all" was the target */
	char		*text;		/* send's text, number's and add's
					   number (NULL: none), move's and
					   erg's words, injured's area,
					   stage's stage */
	char		*email;		/* add's address, or NULL */
	char		*squad;		/* add's squad as written, or NULL */
	int64_t		 id;		/* resend's, archive's ID; 0: none */
	int		 on;		/* sheet, digest: 1 on, 0 off, -1 */
	int		 at;		/* digest at: minutes, or -1 */
	enum erg_piece	 erg;		/* erg's piece */
	struct plan_line plan;		/* session: who is its squad */
};
struct cmd_list {
	struct cmd_line	*v;
	size_t		 n;
	int		 first;		/* one was the first line with words */
	size_t		 more;		/* command lines past the limit */
	size_t		 nplans;	/* of v, plan lines (CMD_PLANS) */
	size_t		 more_plans;	/* plan lines past their limit */
	int		 next_week;	/* the email is about next week */
};
struct mailer;
int	 command_parse(char *text, struct cmd_list *);
void	 command_free(struct cmd_list *);
int	 command_act(struct mailer *, const struct cmd_list *,
	    int64_t coach, struct buf *reply);
int	 command_parse_csv(const char *data, size_t len, struct cmd_list *);

/* enrol.c: the roster a coach keeps by email (command.c reads the lines) */
struct enrol {
	struct db		*db;
	const struct config	*conf;
	int64_t			 coach;
	int			 head;		/* a head coach: may remove */
	const char		*name;		/* as written */
	const char		*phone;		/* E.164, or NULL */
	const char		*email;		/* or NULL */
	const char		*squad;		/* the squad's name, as stored */
	int64_t			 back;		/* a removed athlete taken back */
};
int	 enrol_add(const struct enrol *, struct buf *reply);
int	 enrol_move(struct db *, int64_t coach, int64_t athlete,
	    const char *squad, struct buf *reply);
int	 enrol_remove(struct db *, int64_t athlete, struct buf *reply);

/* plan.c: the sessions a coach plans, a line of an email or a CSV's row */
#define PLAN_CSV_COLS	6	/* date, slot, squad, minutes, rpe, description */
int	 plan_parse(char *args, struct cmd_line *);
int	 plan_parse_day(char *args, struct cmd_line *);
int	 plan_parse_bare(const char *line, size_t n, struct cmd_line *);
int	 plan_next_week(const char *text);
void	 plan_line_free(struct plan_line *);
int	 plan_day(const char *when, time_t now, int month_first,
	    const char *slot, int next_week, char out[11]);
int	 plan_csv_columns(const struct csv_record *head, int cols[PLAN_CSV_COLS]);
int	 plan_csv_line(const struct csv_record *, const int cols[PLAN_CSV_COLS],
	    struct buf *line);
/* What the plan lines of one email share. */
struct plan_mail {
	time_t		 now;
	int		 month_first;	/* the country writes 11/28 */
	int		 next_week;	/* the email is about next week */
	int		 told;		/* and the answer said how it read */
};
int	 plan_act(struct db *, int64_t coach, const struct cmd_line *,
	    struct plan_mail *, struct buf *reply);
int	 plan_squads(struct db *, int64_t coach, const struct cmd_line *,
	    int any, int64_t ids[], struct strlist *names, size_t *n,
	    struct buf *reply);

/* seatmail.c: seat racing's pieces, by email (lib/seatrace.c works them) */
struct seat_written {		/* one piece, as written */
	unsigned long	 line;
	char		*name[2][SEAT_MAX_CREW];	/* each crew's */
	size_t		 n[2];
	long		 tenths[2];
};
struct seat_mail {
	struct seat_written *v;
	size_t		 n;
	struct strlist	 side[3];	/* enum seat_side: names written */
	unsigned long	 side_line[3];
	struct rm_problems errors;
	int		 full;		/* pieces past SEAT_MAX_PIECES */
};
#define SM_MAX_LINE	2000	/* bytes of a line read, and quoted back */
int	 seatmail_is(const char *subject, const char *text);
int	 seatmail_parse(const char *text, struct seat_mail *);
void	 seatmail_free(struct seat_mail *);
int	 seatmail_act(struct mailer *, const struct seat_mail *,
	    const char *text, int64_t coach, int64_t now, int64_t msg,
	    struct buf *reply);
/*
 * The command registry (command.c): each family of a coach's commands
 * is a file with a table of its own (its verbs in enum cmd_verb), and
 * command.c's registry lists the tables.
 */
struct cmd_run {			/* what one command needs as it acts */
	struct mailer	*mx;
	struct db	*db;
	int64_t		 coach;		/* an active coach's id */
	int		 head;		/* a head coach */
	const char	*name;		/* the coach's, for texts */
	time_t		 now;
	struct buf	*reply;
	int64_t		*reminded;	/* by this email's remind lines */
	size_t		 nreminded;
	struct plan_mail plan;		/* what its plan lines share */
};
#define CMD_OWN_WORDS	0x1	/* a polite word at its end is its text's */
#define CMD_HOW_NUMBER	0x2	/* how is written with a phone number */
struct cmd_def {
	enum cmd_verb	 verb;
	const char	*kw;		/* the catalogue's keyword; NULL ends */
	int		(*read)(char *args, struct cmd_line *);	/* 0, -1 */
	int		(*act)(struct cmd_run *, const struct cmd_line *);
	const char	*how;		/* how it is written, when not read */
	int		(*prose)(const char *args);	/* not read, it was
					   prose, not a command; NULL never */
	int		 flags;		/* CMD_OWN_WORDS, CMD_HOW_NUMBER */
};
extern const struct cmd_def command_settings[];	/* command_setting.c */
extern const struct cmd_def command_messages[];	/* command_message.c */
extern const struct cmd_def command_roster[];	/* command_roster.c */
extern const struct cmd_def command_health[];	/* command_health.c */
extern const struct cmd_def plan_commands[];	/* command_plan.c */
extern const struct cmd_def avail_commands[];	/* avail.c */
/* command_args.c: the words of a command line */
const char *command_number_example(const struct cmd_run *,
	    char out[PHONE_EXAMPLE_MAX]);
int	 command_word(const char *s, size_t n, const char *name);
int	 command_is_handle(const char *);
char	*command_trimmed(const char *s, size_t n);
int	 command_read_target(const char *args, struct cmd_line *);
int	 command_read_athlete(char *args, struct cmd_line *);
int	 command_prose(const char *args);
/* command_target.c: whom a command names, found */
struct cmd_target {
	int64_t		 squad, person;
	char		 label[128];	/* the squad's or person's name */
};
int	 command_mine(struct cmd_run *, int64_t athlete);
int	 command_person(struct cmd_run *, const char *who,
	    struct cmd_target *);
int	 command_target(struct cmd_run *, const struct cmd_line *,
	    struct cmd_target *);

/* avail.c: who is coming, asked by email, answered by text */
struct avail_cmd {
	struct db	*db;
	int64_t		 coach;
	time_t		 now;
	int		 month_first, next_week;	/* as plan_mail's */
	const char	*organizer;	/* where calendars reply, or NULL */
	const char	*team;		/* the team's name, or NULL */
};
int	 avail_parse(char *args, struct cmd_line *);
int	 avail_plan_split(char *args, struct cmd_line *);
int	 avail_act(struct avail_cmd *, const struct cmd_line *,
	    struct buf *reply);
int	 avail_command(struct cmd_run *, const struct cmd_line *);
enum outcome avail_text(struct db *, const struct person *, int guardian,
	    const char *body, struct buf *reply);
int	 avail_remind(struct db *, long hours, time_t now, int *queued);
int	 avail_digest(struct db *, int64_t coach, time_t now, struct buf *);
void	 avail_said(const struct avail_row *, struct buf *);
int	 avail_calendar_reply(const struct mail_parts *);
enum outcome avail_calendar_in(struct db *, const struct mail_parts *,
	    int64_t *person);

/* authres.c: Authentication-Results header fields (RFC 8601) */
#define AUTHRES_MAX		16	/* results kept of one field */
#define AUTHRES_VALUE_MAX	256

struct authres_result {
	char	 method[64];		/* "dmarc", "spf", ... */
	char	 result[64];		/* "pass", "fail", ... */
	char	 from[AUTHRES_VALUE_MAX];	/* header.from, or "" */
};

struct authres {
	char	 id[AUTHRES_VALUE_MAX];	/* authserv-id, unquoted */
	int	 none;			/* "; none": no result */
	size_t	 n;			/* results, kept or not */
	struct authres_result r[AUTHRES_MAX];
};

int	 authres_parse(const char *field, size_t len, struct authres *);
/* How a coach's email is authenticated, from [mail] (authres_trust()). */
enum mail_trust {
	MAIL_TRUST_DMARC,	/* authserv_id set: dmarc=pass from it */
	MAIL_TRUST_NONE,	/* nothing set: no email acts */
	MAIL_TRUST_FROM,	/* the operator accepts the From header alone */
	MAIL_TRUST_BAD		/* [mail] unauthenticated is not the phrase */
};
#define MAIL_TRUST_PHRASE \
	"anyone who knows a coach's address can command the team"
enum mail_trust authres_trust(const struct config *, const char **authserv);
int	 authres_dmarc_pass(const struct strlist *auth, const char *authserv,
	    const char *domain);

/* intake.c: one coach email's way in, whichever source brought it */

/*
 * What became of one email: a disposition, not a function's success or
 * failure (that is enum outcome, lib.h), so it is a separate enum on
 * purpose.  All but MAIL_RETRY are finished: the ledger records the
 * message ("stored", "rejected", "quarantined"; a duplicate was
 * recorded before) and the source acknowledges it, filing it by this
 * value (maildir.c's folders).  Rejected and quarantined mail is
 * handled, not failed: cox mail --stdin exits 0 for it.  A database
 * error while recording a message is MAIL_RETRY, never -1.
 */
enum mail_outcome {
	MAIL_STORED,		/* stored, the coach answered */
	MAIL_REJECTED,		/* nothing stored, the coach told why */
	MAIL_QUARANTINED,	/* not authentic or unreadable: kept aside */
	MAIL_DUPLICATE,		/* the ledger has it already */
	MAIL_RETRY,		/* not finished: left at the source */
	MAIL_OUTCOMES		/* how many there are */
};

#define MAIL_MAX_SIZE		(10 * 1024 * 1024)
#define MAIL_BATCH		256	/* messages committed together */

struct mailer {
	struct workspace	*ws;
	struct rm_index		*index;		/* roster and metrics, per batch */
	struct waiting		*waiting;	/* who owes answers, per pass */
	const char		*country;
	const char		*coaches;	/* allow-list, comma separated */
	const char		*authserv;	/* border MTA's id, or NULL */
	int			 from_trusted;	/* MAIL_TRUST_FROM: no check */
	const char		*token;		/* plus-address token, or NULL */
	const char		*recipient;	/* envelope recipient, or NULL */
	long			 send_per_day;	/* a coach's sends to many */
	long			 remind_every;	/* seconds between reminders */
};

/* One message on its way in: what prepare() found, for record(). */
struct incoming {
	const char		*source;	/* "stdin", "maildir" */
	char			 key[512];	/* the transport's name for it */
	char			 hash[65];	/* content without trace headers */
	char			 raw_path[4096];	/* where its bytes are kept */
	enum mail_outcome	 what;
	const char		*why;		/* why quarantined */
	int			 parse_failed;	/* count it in the ledger */
	int			 too_big;	/* only its first 10 MiB read */
	int			 parsing;	/* handed to the parser */
	struct mail_parts	 m;
	int64_t			 sender;	/* on the roster, or 0 */
	struct thread		 t;		/* a reply to one of ours */
	struct cmd_list	 c;		/* commands taken out of it */
	struct rm_parse		 p;
	struct rm_result	 r;
	struct seat_mail	*seat;		/* seat racing, or NULL */
	int			 calendar;	/* a calendar's reply (avail.c) */
	struct timespec		 start;		/* preparation began */
};

enum outcome	 intake_setup(struct mailer *, struct workspace *);
void		 intake_prepare(struct mailer *, struct incoming *,
		    const char *raw, size_t len);
void		 intake_prepare_begin(struct mailer *, struct incoming *,
		    const char *raw, size_t len);
void		 intake_prepare_take(struct incoming *);
void		 intake_prepare_end(struct mailer *, struct incoming *);
enum mail_outcome intake_record(struct mailer *, struct incoming *);
int		 intake_prompt_compose(const struct metric_set *,
		    const char *waiting, struct buf *);
int		 intake_keep_raw(struct mailer *, const char *folder,
		    const char *hash, const char *raw, size_t len, char *path,
		    size_t size);
int		 intake_quarantine(struct mailer *, const struct incoming *,
		    const char *raw, size_t len);
void		 intake_free(struct incoming *);
void		 intake_hash(const char *raw, size_t len, char hex[65]);
enum outcome	 intake_prune(struct workspace *, long days, unsigned *removed);
extern const char *const intake_kept[];
/* intake_ledger.c: what became of each message, its kept bytes */
int		 intake_seen(struct db *, const char *source, const char *key,
		    const char *hash, int *attempts);
int		 intake_ledger_record(struct db *, const struct incoming *,
		    const char *outcome, const char *reason, int64_t message);
/* intake_sender.c: whether an email is from whom it says */
const char	*intake_authenticate(const struct mailer *,
		    const struct mail_parts *);
const char	*intake_calendar_sender(const struct mailer *,
		    const struct mail_parts *);
/* intake_subject.c: what a subject and a Date header say */
int		 intake_forwarded(const char *subject);
int		 intake_subject_day(const struct incoming *, time_t now,
		    char day[11]);
int		 intake_rated_day(const struct incoming *, time_t now,
		    char day[11]);
/* intake_notify.c: the texts a coach's email sends athletes */
int		 intake_notify_athletes(struct db *, const struct rm_result *,
		    const char *fresh, int64_t msg, struct buf *unreached,
		    size_t *asked);
int		 intake_notify_corrected(struct db *, const struct rm_result *,
		    size_t first, char *told, const int64_t *rating,
		    int64_t msg);
/* intake_store.c: an authentic email written */
enum mail_outcome intake_store(struct mailer *, const struct incoming *);

/* kept.c: cox roster erase and the copies of mail kept outside cox.db */
struct kept_erased {
	size_t		 removed;	/* named them: removed (dry: would be) */
	size_t		 unread;	/* in mail/: a part encoded, not read */
	time_t		 last;		/* when the newest of those was kept */
	size_t		 unread_box;	/* the same in the Maildirs */
};
enum outcome	 kept_erase(struct workspace *, struct erase_names *,
		    const struct erase_mail *, int dry, struct kept_erased *);

/* waiting.c: who still owes a coach an answer, read once a pass */
struct waiting;
int	 waiting_list(struct waiting **, struct db *, int64_t coach,
	    int64_t msg, int64_t now, struct buf *reply);
void	 waiting_rated(struct waiting *, int64_t coach, int64_t athlete,
	    const struct rating_written *, int64_t now, int64_t msg);
void	 waiting_forget(struct waiting **);
void	 waiting_unreached(struct buf *, enum reach, const char *);

/* mda.c, maildir.c, imap.c: the sources */
enum outcome	 mda_deliver(struct mailer *);
enum outcome	 maildir_run(struct mailer *, const char *dir, int watch);
int		 maildir_each_filed(const char *dir, int (*)(void *,
		    const char *path, const char *name), void *);
enum outcome	 imap_run(struct mailer *, const char *url, int idle);
enum outcome	 imap_probe(const struct config *, const char *url);

/* versions.c: the libraries only ingest/ links, one "name version" a line */
const char	*ingest_versions(void);

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
