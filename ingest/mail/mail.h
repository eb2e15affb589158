/*
 * mail.h - ingest/mail/: cox mail, mail in: a coach's email from its
 * source (stdin, a Maildir, IMAP) read, checked, acted on and answered.
 * Includes shared/, send/ and lib/; never text/.
 */
#ifndef COX_INGEST_MAIL_H
#define COX_INGEST_MAIL_H

#include "../send/send.h"
#include "../shared/shared.h"

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
enum thread_act { THREAD_NONE, THREAD_ANSWER, THREAD_ARCHIVE, THREAD_UNDO };
struct thread {
	enum thread_act	 act;
	int64_t		 sent;		/* our email replied to */
	int64_t		 about;		/* what that email was about */
	int64_t		 athlete;	/* who sent that, for a forward */
	char		*guardian;	/* the number that sent it when it
					   was a guardian's, else NULL */
	char		*text;		/* the reply's own words */
	int		 undo_not_alone;	/* a reply to scores whose first
					   line began with "undo" and went
					   on: nothing undone, and said */
};
int	 thread_only_word(const char *text, const char *name);
int	 thread_find(struct db *, const struct mail_parts *, struct thread *);
const char *thread_kind(const struct thread *);
int	 thread_act(struct db *, const struct thread *, int64_t coach,
	    int64_t msg, struct buf *reply, const char **why);
void	 thread_free(struct thread *);

/* command.c: the commands a coach emails, one a line */
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

/* avail_calendar.c: a calendar's answer by email */
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
 * failure (that is enum outcome, lib/plumbing.h), so it is a separate enum on
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

#endif
