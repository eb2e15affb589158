/*
 * lib.h - what gen/ and ingest/ share: logging, buffers, files, config,
 * CSV, phone numbers, the database, people, metrics, ratings and the
 * blind rule, the roster, escaping, a person's export, hooks, page keys
 * and accounts.
 * Grouped by the file each function lives in.
 *
 * Conventions: functions return 0 on success and -1 on failure after
 * logging what failed; a function that can fail in ways its callers
 * treat differently returns an enum outcome (below), of which 0 and -1
 * are OUT_OK and OUT_FAILED, with a "why" string beside it where bad
 * input must be explained to whoever sent it (OUT_BADINPUT); a lookup
 * says OUT_NOTFOUND or OUT_AMBIGUOUS, db_row() OUT_ROW.  No function
 * answers 1/0/2 for found/absent/several.  Only cmd/ maps outcomes to exit statuses,
 * and only main() exits.  ingest.h's enum mail_outcome is not a second
 * convention: it says not how a call went but what became of an email
 * (stored, rejected, quarantined, a duplicate, or left at its source to
 * try again), the disposition the ledger records and the source acts
 * on, most of them successes; it is never mixed with 0/-1 and never
 * leaves ingest/.  Functions that free accept NULL.  Strings are UTF-8
 * and NUL-terminated unless a length is passed beside them.
 *
 * The layers point down only: cox.c -> cmd/ -> gen/, ingest/ -> lib/.
 * Nothing here knows of gen/, ingest/ or cmd/ (tests/layers checks).
 */
#ifndef COX_LIB_H
#define COX_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include <sqlite3.h>

/* COX_VERSION, the release: the Makefile passes it from VERSION. */

#define PRINTFLIKE(f, a) __attribute__((format(printf, f, a)))

/*
 * What library code returns when "failed" alone does not say enough.
 * Every outcome but OUT_OK has been logged where it happened.  cmd/
 * turns them into exit statuses (cmd_exit(), cox(1) EXIT STATUS).
 */
enum outcome {
	OUT_ROW = 1,		/* db_row(): a row is ready to read */
	OUT_OK = 0,
	OUT_FAILED = -1,	/* an internal error (out of memory, a bug) */
	OUT_BADINPUT = -2,	/* the input or request is wrong; nothing written */
	OUT_NOTFOUND = -3,	/* a named file, person or thing does not exist */
	OUT_AMBIGUOUS = -4,	/* a name matches several people */
	OUT_REFUSED = -5,	/* a server refused, or is not there */
	OUT_RETRY = -6,		/* a passing failure: try again later */
	OUT_CONFIG = -7,	/* cox.conf is missing or wrong */
	OUT_IOERR = -8,		/* a file or the database could not be used */
	OUT_OSERR = -9,		/* the system refused (fork, inotify, bind) */
	OUT_CANTCREAT = -10,	/* a file or folder could not be made */
	OUT_DENIED = -11,	/* our credentials or the server's were refused */
};

/* ---- log.c: one line per event, control characters made visible ---- */

enum log_level { LOGL_SILENT = -1, LOGL_ERROR, LOGL_WARN, LOGL_INFO, LOGL_DEBUG };

void	 log_setup(const char *prog, int timestamps, enum log_level max);
void	 log_msg(enum log_level, const char *fmt, ...) PRINTFLIKE(2, 3);
void	 log_vmsg(enum log_level, const char *fmt, va_list);
void	 log_library(void *name, const char *fmt, va_list);
void	 log_progress(const char *what, long done, long total);
int	 log_to_fd(int fd, enum log_level, const char *fmt, ...)
	    PRINTFLIKE(3, 4);
int	 log_to_journal(void);
long	 log_ms_since(const struct timespec *start);
/*
 * Warnings one request can cause, kept to LOG_LIMIT a minute each kind
 * (a flood of forged requests would fill the disk, or the journal's
 * rate limit would hide what matters): the rest counted, and the count
 * said with the next of its kind after the minute.  One thread's each;
 * NULL logs every one.
 */
#define LOG_LIMIT	10
struct log_limit {
	const char	*what;		/* "refused requests" */
	long		 minute, n, quiet;
};
void	 log_warn_limited(struct log_limit *, const char *fmt, ...)
	    PRINTFLIKE(2, 3);
void	 log_progress_end(void);
#define log_error(...)	log_msg(LOGL_ERROR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOGL_WARN, __VA_ARGS__)
#define log_info(...)	log_msg(LOGL_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOGL_DEBUG, __VA_ARGS__)

/* ---- arena.c: memory bumped out and taken back at once ---- */
struct arena_block;
struct arena {
	struct arena_block	*head;	/* newest first */
	size_t			 block;	/* a block's usual size */
};
void	*arena_alloc(struct arena *, size_t);	/* NULL: no memory */
int	 arena_resize(struct arena *, void *latest, size_t);
int	 arena_owns(const struct arena *, const void *);
void	 arena_reset(struct arena *);
void	 arena_free(struct arena *);

/* ---- jsonmem.c: jansson's memory, a page's from an arena ---- */
void	 jsonmem_setup(void);	/* first in main() */
void	 jsonmem_begin(void);	/* the thread's values from here */
void	 jsonmem_end(void);	/* ...are all let go here */
void	 jsonmem_done(void);	/* before the thread ends */

/* ---- notify.c: a daemon's state for systemd (Type=notify, watchdog) ---- */

int		 notify_send(const char *state);
long long	 notify_watchdog_usec(void);
void		 notify_alive(void);

/* ---- buf.c: a growing byte buffer, always NUL-terminated ---- */

struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
	int	 failed;	/* an append failed: see buf_failed() */
	int	 wipe;		/* what it lets go is zeroed: buf_wipe() */
};

int	 buf_add(struct buf *, const void *, size_t);
char	*buf_reserve(struct buf *, size_t);
int	 buf_puts(struct buf *, const char *);
int	 buf_putc(struct buf *, int);
int	 buf_printf(struct buf *, const char *fmt, ...) PRINTFLIKE(2, 3);
int	 buf_vprintf(struct buf *, const char *fmt, va_list) PRINTFLIKE(2, 0);
int	 buf_fixed1(struct buf *, double);
int	 buf_long(struct buf *, long);
#define FIXED1_MAX	24
size_t	 fixed1(char out[FIXED1_MAX], double);
int	 buf_failed(const struct buf *);
void	 buf_reset(struct buf *);
void	 buf_free(struct buf *);
void	 buf_wipe(struct buf *);
/* what buf_add_utf8() made of text in a charset */
enum text_conv {
	TEXT_OK,
	TEXT_INVALID,
	TEXT_CHARSET,
	TEXT_NUL,
	TEXT_NOMEM
};
enum text_conv	 buf_add_utf8(struct buf *, const char *, size_t,
		    const char *charset, int *guessed);
char	*buf_steal(struct buf *);

/* A list of owned strings, for reports and repeated values. */
struct strlist {
	char	**v;
	size_t	  n;
	size_t	  cap;
};

int	 strlist_add(struct strlist *, const char *);
int	 strlist_addf(struct strlist *, const char *fmt, ...) PRINTFLIKE(2, 3);
int	 strlist_has(const struct strlist *, const char *);
void	 strlist_free(struct strlist *);

/* ---- url.c: URLs and listening addresses ---- */
int	 url_origin(const char *url, char *dst, size_t size);
unsigned url_port(const char *url);
int	 url_loopback(const char *url);
int	 url_encode(const char *, struct buf *out);
int	 url_has_password(const char *url);
const char *url_masked(const char *url, char *dst, size_t size);
#define URL_MASKED_MAX	1024	/* a size for url_masked's dst */
struct sockaddr_in;
int	 listen_parse(const char *, struct sockaddr_in *);

/* ---- escape.c: escaping at the sink ---- */
int	 html_escape(struct buf *, const char *, size_t);
int	 html_puts(struct buf *, const char *);

/* ---- words.c: the catalogue of words (lib/words/LANG.txt) ---- */

enum outcome words_ready(void);
int	 words_default(const char *lang);
int	 words_has(const char *lang);
/* the catalogue of words, one LANG.txt a language, under the data folder */
#define WORDS_DIR	"lib/words"
const char *words_codes(void);
const char *words_team(void);
const char *words_reader(const char *lang);
const char *words_lang(void);
const char *words_find(const char *lang, const char *name);
const char *words_get(const char *lang, const char *name);
char	 words_decimal(void);
char	*words_grouped(char *, size_t size);
#define WORDS_DAY_MAX	16	/* "12 Nov", a day on a chart */
const char *words_day(const char *day, char out[WORDS_DAY_MAX]);
const char *words_slot(const char *);
#define WORDS_DATE_MAX	32	/* "12 Nov 2026" */
const char *words_date(const char *day, char out[WORDS_DATE_MAX]);
int	 words_printf(struct buf *, const char *lang, const char *name, ...);
const char *words_plural(const char *lang, const char *name, unsigned long n);
int	 words_printf_n(struct buf *, const char *lang, const char *name,
	    unsigned long n, ...);
int	 words_is(const char *name, const char *word);
size_t	 words_nearest(const char *name, const char *word, char *best,
	    size_t);
int	 words_each(const char *lang,
	    int (*cb)(const char *name, const char *text, void *), void *);
int	 words_conversions(const char *text, char *out, size_t size);

/* ---- install.c: where the binary and its data are ---- */
const char	*install_exe(void);
const char	*install_datadir(void);

/* ---- text.c: small pure string helpers ---- */

char	*xstrdup(const char *);
char	*trim(char *);
int	 utf8_valid(const char *, size_t);
size_t	 utf8_chars(const char *);
size_t	 text_words(const char *);
int	 utf8_caseeq(const char *, size_t, const char *, size_t);
size_t	 utf8_lower(const char *, size_t, char *, size_t);
size_t	 latin_fold(const char *, char *, size_t);
void	 text_plain(char *, int quotes);
size_t	 roster_squash(const char *, char *, size_t);
#define SMS_SHORT_MAX	16	/* characters of a team's name in a text's lead */
#define SMS_NAME_MAX	20	/* ...and of what cox makes of the name */
int	 sms_segments(const char *);
void	 sms_lead_set(const char *name, const char *short_name);
const char *sms_lead(void);
long	 gsm7_length(const char *);
int	 name_valid(const char *, const char *extra);
int	 str_casecmp_ascii(const char *, const char *);
void	 ascii_lower(char *);
size_t	 edit_distance(const char *, const char *);
int	 parse_long(const char *, long min, long max, long *out);
int	 parse_clock(const char *, size_t len);

/* ---- fsio.c: whole-file reads, atomic replacement, directories ---- */

int	 file_read(const char *path, size_t max, struct buf *out);
int	 file_read_head(const char *path, size_t max, struct buf *out,
	    int *more);
int	 file_read_tail(const char *path, size_t max, struct buf *out);
int	 file_write_atomic(const char *path, const void *, size_t, int mode);
#define FILE_DURABLE	0x1	/* fsync the file and its folder */
#define FILE_MKDIRS	0x2	/* make missing folders */
int	 file_replace(const char *path, const void *, size_t, int mode,
	    int flags);
int	 file_link(const char *from, const char *to);
int	 file_exists(const char *path);
int	 fd_write_all(int fd, const void *, size_t);
int	 dir_make(const char *path, int mode);
int	 dir_sync(const char *path);
int	 path_join(char *dst, size_t size, const char *a, const char *b);

/* ---- random.c: identifiers made with libsodium ---- */

int	 random_token(char *dst, size_t size, size_t nbytes);

/* ---- secret.c: secrets in memory ---- */

void	 secret_free(char *);

/* ---- httpd.c: one libmicrohttpd answer, for gen/ and ingest/ ---- */

struct MHD_Connection;
extern const char *const httpd_no_store[];	/* Cache-Control */
int	 httpd_respond(struct MHD_Connection *, unsigned code,
	    const char *type, const char *body, const char *const *headers);

/* ---- stop.c: SIGTERM and SIGINT ask a daemon to stop ---- */

void	 stop_on_signals(void);
int	 stop_requested(void);

/* ---- config.c: cox.conf ---- */

struct config;

struct config	*config_load(const char *path);
void		 config_free(struct config *);
const char	*config_path(const struct config *);
const char	*config_get(const struct config *, const char *section,
		    const char *key);
int		 config_require(const struct config *, const char *section,
		    const char *key, const char *hint, const char **out);
int		 config_list(const struct config *, const char *section,
		    const char *key, struct strlist *);
int		 config_long(const struct config *, const char *section,
		    const char *key, long def, long min, long max, long *out);
int		 config_secret(const struct config *, const char *section,
		    const char *key, char **out);
int		 config_has_secret(const struct config *, const char *section,
		    const char *key);
void		 config_bad(const struct config *, const char *section,
		    const char *key, const char *hint);

/* ---- csv.c: spreadsheet exports (RFC 4180 and its dialects) ---- */

#define CSV_MAX_FIELDS	256
#define CSV_MAX_FIELD	(64 * 1024)

struct csv_reader;

struct csv_record {
	char		**fields;	/* owned by the reader */
	size_t		  nfields;
	unsigned long	  line;		/* line the record starts on */
};

struct csv_reader	*csv_open(const char *data, size_t len);
int			 csv_read(struct csv_reader *, struct csv_record **);
const char		*csv_error(const struct csv_reader *);
char			 csv_delimiter(const struct csv_reader *);
void			 csv_close(struct csv_reader *);
int			 csv_put(struct buf *, const char *field, int text,
			    int last);

/* ---- phone.c: E.164 normalisation ---- */

#define PHONE_MAX	17	/* "+" 15 digits NUL */
#define PHONE_EXAMPLE_MAX 32	/* phone_example()'s, as written at home */

/* What libphonenumber makes of a number (phonenumber.cc). */
enum phone_kind {
	PHONE_NOCOUNTRY,	/* no country code, or one no country has */
	PHONE_LENGTH,		/* too few or too many digits for its country */
	PHONE_UNKNOWN,		/* a mobile's length, in no range in use */
	PHONE_MOBILE,		/* or either, where the plan cannot tell (US) */
	PHONE_FIXED,
	PHONE_VOIP,
	PHONE_PAGER,
	PHONE_PERSONAL,		/* a number that forwards calls (UK 070) */
	PHONE_SERVICE		/* toll-free, premium, shared cost, voicemail */
};

int	 phone_e164_shaped(const char *);
const char *phone_whatsapp(const char *address);
int	 phone_normalize(const char *in, const char *country,
	    char out[PHONE_MAX], const char **why);
int	 phone_country_known(const char *country);
const char *phone_example(const char *country, char out[PHONE_EXAMPLE_MAX]);
int	 phone_split(const char *cell, const char *country,
	    struct strlist *out);
const char *phone_error_code(const char *text, char *buf, size_t size);
const char *phone_error_hint(const char *code);

/* ---- phonenumber.cc: libphonenumber, for phone.c ---- */

int	 phonenumber_region_known(const char *region);
int	 phonenumber_example(const char *region, char *out, size_t size);
enum outcome phonenumber_read(const char *number, const char *region,
	    char out[PHONE_MAX], enum phone_kind *kind);

/* ---- db.c, schema.c: the one SQLite file ---- */

/*
 * A statement cox runs: written beside the code that runs it with
 * STMT() (or, when several files run it, STMT_SHARED() in
 * the file of the noun it is about, declared in this header), values
 * always bound ("?"), never formatted into the text.  db.c prepares
 * each once per connection: STMT() lists every statement in one
 * section of the program ("cox_stmts"), and a statement's place there
 * is its slot in a connection's cache.
 */
struct stmt {
	const char	*name;		/* "STMT_PERSON_BY_ID", for the log */
	const char	*sql;
};
#if defined(__clang__)
#define STMT_NO_ASAN	__attribute__((no_sanitize("address")))
#else
#define STMT_NO_ASAN	/* gcc leaves a sectioned variable alone */
#endif
#define STMT_(scope, name, text) \
	scope const struct stmt name[1] \
	    __attribute__((used, section("cox_stmts"), aligned(16))) \
	    STMT_NO_ASAN = { { #name, text } }
#define STMT(name, text)	STMT_(static, name, text)
#define STMT_SHARED(name, text)	STMT_(, name, text)

size_t			 stmt_count(void);
const struct stmt	*stmt_at(size_t);
const struct stmt	*stmt_named(const char *);

/* db.c's statements that other files run too */
extern const struct stmt STMT_META_SET[1];

struct db;

extern const int	 db_schema_version;

void		 db_setup(void);
int		 db_open(const char *path, struct db **);
int		 db_open_at(const char *path, int version, struct db **);
int		 db_open_reader(struct db *, struct db **);
int		 db_open_writer(struct db *, struct db **);
void		 db_close(struct db *);
int		 db_sync_apart(struct db *);
int		 db_log_sync(struct db *);
int		 db_log_full(struct db *);
int		 db_log_checkpoint(struct db *);
int		 db_log_restart(struct db *);
int		 db_scrub(struct db *, int whole);

/* vfs.c: SQLite's file layer, a log frame written in one call and a
 * database's writes sent on to the disk as they are made */
const char	*db_vfs(void);
#ifdef COX_TESTING
extern size_t	 db_vfs_log_writes;
#endif
sqlite3		*db_handle(struct db *);
int		 db_version(struct db *);
int		 db_begin(struct db *);
int		 db_read(struct db *);
int		 db_commit(struct db *);
void		 db_rollback(struct db *);
int		 db_savepoint(struct db *);
int		 db_release(struct db *);
void		 db_rollback_savepoint(struct db *);
sqlite3_stmt	*db_query(struct db *, const struct stmt *, const char *fmt, ...);
sqlite3_stmt	*db_prepare(struct db *, const char *sql, const char *fmt, ...);
enum outcome	 db_row(struct db *, sqlite3_stmt *);
int		 db_exec(struct db *, const struct stmt *, const char *fmt,
		    ...);
int		 db_ids(struct db *, sqlite3_stmt *, int64_t **, size_t *);
int64_t		 db_last_id(struct db *);
int		 db_changes(struct db *);
const char	*db_text(sqlite3_stmt *, int col);
int		 db_peek(const char *path, int *schema, char *cox, size_t);
int		 db_copy_to(const char *path, const char *dst);
int		 db_meta_get(struct db *, const char *key, char **out);
int		 db_meta_set(struct db *, const char *key, const char *value);
int		 db_quick_check(struct db *);
int		 db_meta_stamp(struct db *, const char *key);

/* schema.c: forward-only migrations, one entry per PRAGMA user_version */
int		 schema_migrate(sqlite3 *, int target);

/* ---- person.c: people, phones, squads ---- */

/* its statements that other files run too */
extern const struct stmt STMT_PERSON_LIST[1];
extern const struct stmt STMT_SQUAD_GET[1];
extern const struct stmt STMT_ATHLETE_IDS[1];
extern const struct stmt STMT_DIRTY_ALL[1];
extern const struct stmt STMT_DIRTY_ADD[1];
extern const struct stmt STMT_PERSON_SET_OPTOUT[1];
extern const struct stmt STMT_COACHES_ATHLETE[1];
extern const struct stmt STMT_CMD_SQUAD[1];

enum role { ROLE_ATHLETE, ROLE_COACH, ROLE_HEAD_COACH };

struct person {
	int64_t		 id;
	enum role	 role;
	char		*name;
	char		*handle;
	char		*email;		/* NULL when unknown */
	char		*slug;
	int		 opted_out;
	int		 blocked;
	int		 active;
	int64_t		 created_at;
	char		*channel;	/* sms, whatsapp, both; NULL: [sms] channel */
	char		*language;	/* en, fr, ...; NULL: [team] language */
	/* a minor's guardian, copied on what a person writes them */
	char		*guardian_name, *guardian_phone, *guardian_email;
	char		*birth_date;	/* YYYY-MM-DD, or NULL */
	int		 minor;		/* said so, whatever the birth date */
	int		 guardian_opted_out;	/* the guardian texted STOP */
	struct strlist	 phones;
	struct strlist	 squads;
};

const char	*role_name(enum role);
const char	*role_words(enum role);
int		 role_parse(const char *, enum role *);
void		 person_clear(struct person *);
/* How a team's sheets write a day with '/', '.' or '-' (roster.c). */
enum day_order {
	DAY_FIRST,		/* 30.04.2011, 30/04/2011 */
	MONTH_FIRST,		/* 04/30/2011 */
	DAY_OR_MONTH		/* either: only what reads one way */
};
#define DAY_WHY_MAX	128
enum day_order	 roster_day_order(const char *country, const char *language);
int		 roster_birth_date(const char *, enum day_order, char **out,
		    char why[DAY_WHY_MAX]);
int		 roster_yes_no(const char *, int *out);
int		 person_is_minor(const struct person *, time_t now);
int		 person_has_guardian(const struct person *);
const char	*person_phone_shared(const struct person *);
void		 person_guardians_set(long adult_age, int all_texts);
void		 person_consent_set(int required);
int		 person_consent(struct db *, int64_t id, const char *kind);
int		 person_consents_to(struct db *, const struct person *,
		    const char *kind, time_t now);
int		 person_consent_whose(struct db *, const struct person *,
		    const char *, time_t);
int		 person_consent_whose_id(struct db *, int64_t, const char *,
		    time_t);
int		 person_consents_to_id(struct db *, int64_t, const char *,
		    time_t);
int		 person_guardian_copies(const struct person *, const char *kind,
		    time_t now);
int		 person_wards(struct db *, const char *number, int64_t **ids,
		    size_t *n);
int		 person_guardian_optout(struct db *, const char *number,
		    int stop);
int		 person_load(struct db *, int64_t id, struct person *);
int		 person_load_row(struct db *, int64_t id, struct person *);
const char	*person_reader(struct db *, int64_t id);
void		 person_page(const struct person *, char *page, size_t size);
int		 person_url(struct db *, const struct person *, const char *base,
		    char *dst, size_t size);
int		 person_revoke(struct db *, const struct person *);
enum outcome	 person_find(struct db *, const char *who, const char *country,
		    int64_t *id);
enum outcome	 person_find_number(struct db *, const char *who,
		    const char *country, int64_t *);
int		 person_save(struct db *, struct person *);
int		 person_deactivate(struct db *, int64_t id);
int		 person_list(struct db *, int include_inactive,
		    int (*cb)(struct person *, void *), void *arg);
int		 handle_make(struct db *, const char *name, char *out, size_t);
int		 email_valid(const char *);
#define EMAIL_MASKED_MAX	48	/* "j***@example.org" and its NUL */
void		 email_masked(const char *, char dst[EMAIL_MASKED_MAX]);
#define PHONE_MASKED_MAX	40	/* "whatsapp:+44********123" and more */
void		 phone_masked(const char *, char dst[PHONE_MASKED_MAX]);
int		 person_channel_valid(const char *);

/* ---- sheet.c: the rating sheet, and mailto: links ---- */

/* its statements that other files run too */
extern const struct stmt STMT_SHEET_ATHLETES[1];

int	 sheet_text(struct db *, int64_t squad, int64_t coach, struct buf *);
int	 mailto_url(struct buf *, const char *to, const char *subject,
	    const char *body);

/* ---- message.c: every message in and out, and who may be reached ---- */

/* its statements that other files run too */
extern const struct stmt STMT_INBOX_ARCHIVE[1];
extern const struct stmt STMT_MESSAGE_STATUS[1];
extern const struct stmt STMT_MESSAGE_STATUS_LOG[1];
extern const struct stmt STMT_OUTBOX_STUCK[1];
extern const struct stmt STMT_MESSAGE_SET_STATUS[1];
extern const struct stmt STMT_STATUS_OUTBOX[1];
extern const struct stmt STMT_MESSAGE_SET_VIA[1];

enum channel { CHANNEL_SMS, CHANNEL_EMAIL, CHANNEL__MAX };

/* whether a person may be sent anything on a channel, and if not, why */
enum reach {
	REACH_YES,
	REACH_REMOVED,		/* no longer on the roster */
	REACH_BLOCKED,
	REACH_OPTED_OUT,	/* texted STOP: nothing is sent, emails neither */
	REACH_NO_NUMBER,
	REACH_NO_EMAIL,
	REACH_NO_CONSENT,	/* [privacy] consent = required, none recorded */
	REACH_NO_GUARDIAN_CONSENT,	/* a minor's, their guardian's missing */
	REACH__MAX
};

/* One message; fields that do not apply are NULL or 0. */
struct message {
	enum channel	 channel;
	int64_t		 person;	/* 0: someone on no roster */
	const char	*peer;		/* number or address; NULL: the person's */
	const char	*subject;
	const char	*body;
	const char	*kind;		/* "ratings", "reminder", "invite", ... */
	const char	*provider_id;	/* Twilio's SID, an email's Message-ID */
	const char	*status;	/* message_in(): "stored", "rejected" */
	int64_t		 created_at;	/* 0: now */
	int64_t		 about;		/* the message it is about, or 0 */
	const char	*via;		/* texts: "whatsapp", or NULL for SMS */
};

/* How a text that cox starts goes out (message_route()). */
enum route {
	ROUTE_SMS,
	ROUTE_WHATSAPP,		/* free-form, inside the 24-hour window */
	ROUTE_TEMPLATE,		/* an approved WhatsApp template */
	ROUTE_NONE		/* no way: why says */
};

/* What message_route() decides from; times in seconds since 1970. */
struct route_facts {
	const char	*channel;	/* sms, whatsapp, both; NULL: sms */
	int		 whatsapp_on;	/* [whatsapp] from is set */
	int		 has_template;	/* one is set for its kind */
	int64_t		 blocked_at;	/* error 63014, or 0 */
	int64_t		 closed_at;	/* error 63016, or 0 */
	int64_t		 last_in;	/* their last WhatsApp message, or 0 */
	int64_t		 now;
};

#define WHATSAPP_WINDOW	(24 * 3600)	/* free-form after their message */

const char	*channel_name(enum channel);
int		 message_number_failing(struct db *, int64_t person,
		    const char *number, long after, char code[8]);
const char	*message_reach_name(enum reach);
const char	*message_reach_words(enum reach);
enum reach	 message_reach(const struct person *, enum channel);
enum reach	 message_reach_parse(const char *);
enum reach	 message_reach_peer(enum reach);
enum reach	 message_reach_guardian(const struct person *);
enum outcome	 message_in(struct db *, const struct message *, int64_t *id);
enum outcome	 message_answered(struct db *, int64_t, const char *);
enum outcome	 message_queue(struct db *, const struct message *,
		    enum reach *);
int		 message_window_open(int64_t last_in, int64_t closed_at,
		    int64_t now);
enum route	 message_route(const struct route_facts *, const char **why);

/* ---- rating.c: ratings, wellness check-ins and the blind rule ---- */

enum source { SOURCE_COACH, SOURCE_SELF };

struct rating {
	int64_t		 id;
	int64_t		 metric_id;
	enum source	 source;
	int		 score;
	char		*comment;
	char		 rated_on[11];	/* YYYY-MM-DD: the round's day */
	int64_t		 created_at;
	int64_t		 rater;		/* who gave a coach rating; 0 unknown */
	int		 paired;	/* set by ratings_load(), see rating.c */
};

struct rating_set {
	struct rating	*v;
	size_t		 n;
};

/* A club's own check-in item's answer (checkin.c): which, and what. */
#define CHECKIN_ITEMS_MAX	12
struct checkin_answer {
	int	 item;		/* index into the wellness_set's items */
	int	 value;		/* within the item's lo-hi */
};

struct wellness {
	char	 day[11];
	int	 sleep, stress, fatigue, soreness;	/* 1-7, 0 unknown */
	char	 illness[8];				/* "", sick, injured */
	char	*note;
	int64_t	 id;
	struct checkin_answer answers[CHECKIN_ITEMS_MAX];
	size_t	 nanswers;
};

struct checkin_items;
struct wellness_set {
	struct wellness	*v;
	size_t		 n;
	const struct checkin_items *items;	/* the answers', or NULL */
};

int	 rating_add(struct db *, int64_t athlete, int64_t metric,
	    enum source, int64_t rater, int score, const char *comment,
	    const char *rated_on, int64_t created_at, int64_t message);
int	 ratings_load(struct db *, int64_t athlete, struct rating_set *);
struct metric_set;
int	 ratings_latest(struct db *, int64_t athlete, const struct metric_set *,
	    const char *only, struct rating_set *);
void	 ratings_free(struct rating_set *);
int	 rating_visible(const struct rating *, enum role viewer);
/* What rating_coach() wrote, and what it replaced. */
struct rating_written {
	int64_t	 id;		/* the rating added or corrected */
	int	 added;		/* 1: added, 0: corrected */
	int	 was;		/* the score replaced; 0: added */
	int64_t	 was_rater;	/* who gave the score replaced (0: nobody) */
	int64_t	 created_at;	/* the rating's place in time */
	int	 answered;	/* corrected: the athlete had answered it */
};
int	 rating_coach(struct db *, int64_t athlete, int64_t metric,
	    int64_t rater, int score, const char *comment, const char *rated_on,
	    int64_t now, int64_t message, struct rating_written *);
void	 ratings_pending(const struct rating_set *, const struct metric_set *,
	    const struct rating **pending);
int	 ratings_waiting(struct db *, int64_t athlete, const struct metric_set *,
	    char *waiting);
int	 rating_round(struct db *, int64_t athlete, int64_t metric,
	    int *coach, int *self);
int	 wellness_add(struct db *, int64_t athlete, const struct wellness *,
	    const struct checkin_items *, int64_t created_at, int64_t message);
int	 wellness_load(struct db *, int64_t athlete, const char *since,
	    struct wellness_set *);
void	 wellness_free(struct wellness_set *);
time_t	 clock_now(void);
void	 day_string(time_t, char out[11]);
void	 day_before(time_t, int back, char out[11]);
int	 day_parse(const char *, char out[11]);
int	 day_read(const char *, time_t, int month_first, char out[11]);
int	 day_month_first(const char *country);
int	 day_ymd(const char *, int *y, int *m, int *d);
int	 day_parse_from(const char *, int first, char out[11]);

/* ---- load.c: sessions (effort x minutes) and the load they add up to ---- */

/* its statements that other files run too */
extern const struct stmt STMT_PLAN_SQUADS[1];

#define LOAD_DAYS	35	/* this week and the four before it */
#define LOAD_TAU	28	/* the usual day's time constant N, in days */
#define LOAD_HISTORY	365	/* days of sessions the usual is worked from */
#define LOAD_UNKNOWN	(-1.0)	/* a usual not known yet */
#define RPE_MAX		10	/* Borg's CR-10, whole points */
#define SESSION_MINUTES_MAX 600

struct session {
	char	 day[11];
	char	 slot[3];	/* "am", "pm", "" not said */
	int	 rpe;		/* 0-10 */
	int	 minutes;	/* 1-600, 0 not said */
};

struct load {
	char	 days[LOAD_DAYS][11];	/* oldest first, the last today */
	long	 daily[LOAD_DAYS];	/* each day's load */
	double	 usual[LOAD_DAYS];	/* the usual day at each day's end */
	int	 sessions;		/* in those days */
	int	 open;			/* of them without minutes */
	int	 age;			/* days since the first session, -1 none */
	long	 blind;			/* of today's, paired with a plan */
};

/* This week described: loads, never a ratio of them (cox-numbers(7)). */
struct load_summary {
	long	 week;		/* the last seven days' load */
	long	 last;		/* the seven before */
	int	 last_ok;	/* ...when the athlete had begun by then */
	long	 usual;		/* usual week, at the end of last week */
	int	 usual_ok;	/* ...once four weeks of sessions are there */
};

int	 session_add(struct db *, int64_t athlete, const struct session *,
	    int64_t created_at, int64_t message, int *completed);
int	 load_read(struct db *, int64_t athlete, time_t today, struct load *);
void	 load_usual(const long *daily, size_t n, int tau, double *usual);
long	 load_week_of(const long seven[7]);
long	 load_usual_week(double usual_day);
void	 load_summarize(const struct load *, struct load_summary *);
/* A month of an athlete's season: check-ins and sessions. */
struct season_month {
	char	 month[8];	/* YYYY-MM */
	int	 checkins;	/* with all four items */
	double	 items[4];	/* their mean of each, sleep..soreness */
	int	 sessions;
	long	 load;		/* RPE x minutes, summed */
};
int	 season_months(struct db *, int64_t athlete, const char *since,
	    struct season_month *, size_t max, size_t *n);

/*
 * The sessions a coach plans, with the effort they intend, and the
 * athletes' efforts paired with them (load.c says how).  Easy and hard
 * are by the plan's RPE; an effort felt harder or easier than planned
 * is PLAN_APART points or more away from it.
 */
#define PLAN_EASY	3	/* intended RPE at most: an easy session */
#define PLAN_HARD	7	/* at least: a hard one */
#define PLAN_APART	2	/* points off the plan that count */

struct plan {
	int64_t		 squad;
	char		 day[11];
	char		 slot[3];	/* "am", "pm", "" not said */
	int		 minutes;	/* 1-600 */
	int		 rpe;		/* intended, 0-10 */
	const char	*description;	/* "" for none */
};

/* A plan plan_cancel() took away, for the answer that says so. */
#define PLAN_SLOTS	3	/* a squad's a day: "", "am", "pm" */
struct plan_gone {
	char		 slot[3];
	int		 minutes, rpe;
	char		 description[256];
};

/* One planned session as a page may show it (the blind rule applied). */
struct plan_row {
	char	 day[11];
	char	 slot[3];
	int	 minutes;
	int	 intended;	/* -1: hidden from this reader */
	char	*description;
	int	 hidden;	/* the athletes' efforts are withheld */
	int	 answers;	/* efforts paired with it (an athlete's: 0-1) */
	int	 felt_sum;	/* their sum */
	int	 harder, easier;	/* of them, PLAN_APART off the plan */
};

struct plan_set {
	struct plan_row	*v;
	size_t		 n;
};

/* Over the rows whose both values are shown: answers, and how they felt. */
struct plan_tally {
	int	 easy, easy_harder;	/* answers to easy sessions */
	int	 hard, hard_easier;	/* to hard ones */
};

int	 plan_store(struct db *, const struct plan *, int64_t coach,
	    int64_t created_at, int *replaced);
int	 plan_cancel(struct db *, int64_t squad, const char *day,
	    const char *slot, struct plan_gone gone[PLAN_SLOTS], size_t *n);
int	 plan_claim(struct db *, int64_t message);
enum outcome plan_match(struct db *, int64_t athlete, struct session *,
	    int *intended);
int	 plan_read_athlete(struct db *, int64_t athlete, const char *since,
	    struct plan_set *);
int	 plan_read_squad(struct db *, int64_t squad, const char *since,
	    const char *today, struct plan_set *);
void	 plan_set_free(struct plan_set *);
void	 plan_add_up(const struct plan_set *, struct plan_tally *);
int	 plan_passed(struct db *, time_t now);

/* ---- avail.c: who is coming to a session, and who came ---- */
enum avail_answer { AVAIL_NONE, AVAIL_IN, AVAIL_OUT, AVAIL_MAYBE };
/* An athlete's answer as avail_read() read it. */
struct avail_said {
	enum avail_answer answer;
	char		 late[6];	/* "HH:MM" when late, else "" */
	char		 when[16];	/* the day named, else "" */
};
/* One session asked about, and its answers' names. */
struct avail_row {
	int64_t		 id, squad_id;
	char		*squad, *place, *note;
	char		 day[11], slot[3], at[6];
	int		 cancelled, by_default;
	int		 minutes, rpe;	/* its squad's plan; 0, -1: none */
	struct strlist	 in, out, maybe, none;
};
struct avail_view {
	struct avail_row *v;
	size_t		 n;
};
int		 avail_done(struct db *, sqlite3_stmt *);
int		 avail_askable(struct db *, int64_t person);
int		 avail_read(const char *text, struct avail_said *);
const char	*avail_answer_name(enum avail_answer);
int		 avail_list(struct db *, int64_t squad, const char *from,
		    const char *to, int cancelled, struct avail_view *);
void		 avail_view_free(struct avail_view *);
int		 avail_attendance_csv(struct db *, const char *today,
		    int64_t person, struct buf *out);
int		 avail_mail_ics(struct db *, int64_t message, char **ics);

/* ---- ical.c: calendar invitations and their replies (libical) ---- */
struct ical_event {
	const char	*uid;
	int		 sequence;	/* raised on every change */
	int		 cancelled;	/* METHOD:CANCEL */
	time_t		 start;
	int		 minutes;
	const char	*summary, *location, *description;
	const char	*organizer, *organizer_name;	/* an address */
	const char	*attendee, *attendee_name;
};
struct ical_reply {
	char		 uid[128];
	int		 sequence;
	char		 attendee[256];	/* the address, lower case */
	enum avail_answer answer;
};
char		*ical_invitation(const struct ical_event *, time_t now);
int		 ical_reply_read(const char *text, struct ical_reply *);

/* ---- roster.c: spreadsheet import ---- */

struct roster_report {
	unsigned	 added;
	unsigned	 updated;
	unsigned	 unchanged;
	unsigned	 bad;
	struct strlist	 changes;	/* "+ Jane Doe (athlete, Juniors)" */
	struct strlist	 problems;	/* "line 7: phone ... is not valid" */
	struct strlist	 unread;	/* "column 3, 'Notes'": not read */
};

int	 roster_import(struct db *, const char *data, size_t len,
	    const char *country, struct roster_report *);
void	 roster_report_free(struct roster_report *);

int	 roster_blind_spots(struct db *, struct strlist *coaches,
	    struct strlist *squads);
int	 roster_minors_alone(struct db *, time_t now, struct strlist *);

/* ---- checkin.c: check-in items a club adds to Hooper's four ---- */

/*
 * An item of the club's own (cox checkin add): mood 1-5 with 5 best,
 * an OSTRC question 0-3 asked weekly.  Answered by text as "mood 4".
 */
struct checkin_item {
	int64_t	 id;
	char	 slug[33];
	char	 name[65];
	int	 lo, hi;
	int	 higher_better;	/* 1: hi is best; 0: lo is best */
	int	 weekly;	/* asked once a week, not daily */
};

struct checkin_items {
	struct checkin_item v[CHECKIN_ITEMS_MAX];
	size_t		 n;
};

int	 checkin_items_load(struct db *, struct checkin_items *);
const struct checkin_item *checkin_item_match(const struct checkin_items *,
	    const char *word);
int	 checkin_item_add(struct db *, const struct checkin_item *,
	    const char **why);
int	 checkin_item_retire(struct db *, const char *slug);
int	 checkin_preset(struct db *, const char *name, const char **why);
int	 checkin_answers_load(struct db *, int64_t athlete, const char *since,
	    const struct checkin_items *, struct wellness_set *);
int	 checkin_badness(const struct checkin_item *, int value);
int	 checkin_bad(const struct checkin_item *, int value);
int	 checkin_flag(const struct wellness_set *, time_t now,
	    struct buf *why);
int	 wellness_flag(const struct wellness_set *, time_t now, struct buf *why);
int	 checkin_prompt(const struct checkin_items *, int weekly,
	    struct buf *out);

/* ---- metric.c: what coaches rate ---- */

/*
 * What a metric's values are: points of a scale; a time, kept in tenths
 * of a second and written m:ss.t, lower being better; a number with a
 * unit, kept in tenths and written 82.5 kg.
 */
enum metric_kind { METRIC_SCALE, METRIC_TIME, METRIC_NUMBER };

/*
 * An erg piece a time metric records (erg.c): a 500 m split, a 2k, a
 * 6k, a 30:00 piece (its average split); or the athlete's weight, a
 * number metric in kg, which watts per kilogram divide by.
 */
enum erg_piece { ERG_NONE, ERG_SPLIT, ERG_2K, ERG_6K, ERG_30MIN,
	ERG_WEIGHT };

struct metric {
	int64_t	 id;
	char	*slug;
	char	*name;
	long	 scale_min;	/* values as kept: points or tenths */
	long	 scale_max;
	char	*rubric;
	long	 position;
	enum metric_kind kind;
	char	 unit[17];	/* METRIC_NUMBER: "kg", "W"; else "" */
	enum erg_piece erg;	/* ERG_NONE unless marked (erg.c) */
};

#define METRIC_VALUE_MAX	32	/* "12:34.5" or "12345.6 watts" + NUL */

void	 metric_clear(struct metric *);
int	 metric_scale_parse(const char *, long *min, long *max);
int	 metric_range_parse(enum metric_kind, const char *, long *min,
	    long *max);
const char *metric_kind_name(enum metric_kind);
int	 metric_kind_parse(const char *, enum metric_kind *);
int	 metric_value_parse(enum metric_kind, const char *, long *kept);
int	 metric_value_read(const struct metric *, const char *written,
	    long *kept);
void	 metric_value_write(const struct metric *, long kept, char decimal,
	    char *dst, size_t size);
void	 metric_range_write(const struct metric *, char decimal, char *dst,
	    size_t size);
int	 metric_lower_better(const struct metric *);
long	 metric_middle(const struct metric *);
const char *metric_form(const struct metric *, char *dst, size_t size);
int	 metric_slug_valid(const char *);
int	 metric_slug_textable(const char *);
int	 metric_file_parse(const char *text, size_t len, struct metric *,
	    const char **why);
int	 metric_load(struct db *, const char *slug, struct metric *);
int	 metric_save(struct db *, struct metric *);
int	 metric_list(struct db *, int (*cb)(struct metric *, void *), void *);
const struct metric *metric_named(const struct metric *, size_t,
	    const char *word);
const struct metric *metric_match(const struct metric *, size_t,
	    const char *word, const char **hint);
const struct metric *metric_word(const struct metric *, size_t,
	    const char *word, int whole);

struct metric_set {
	struct metric	*v;
	size_t		 n;
};
int	 metric_set_load(struct db *, struct metric_set *);
void	 metric_set_free(struct metric_set *);
size_t	 metric_scales(const struct metric_set *, const char *only,
	    struct buf *out);
void	 metric_example(const struct metric_set *, const char *only,
	    int named, struct buf *out);

/* ---- erg.c: erg tests in watts, and their noise ---- */

enum erg_change { ERG_NOISE, ERG_BETTER, ERG_WORSE };

const char *erg_piece_name(enum erg_piece);
int	 erg_piece_parse(const char *, enum erg_piece *);
int	 erg_timed(const struct metric *);
int	 erg_fits(const struct metric *, enum erg_piece);
double	 erg_watts(const struct metric *, long kept);
double	 erg_per_kg(double watts, long weight_kept);
enum erg_change erg_compare(double before, double after, double noise,
	    double *pct);
void	 erg_noise_read(const struct config *, double *noise);
int	 erg_chart_watts(const struct config *);
double	 erg_tenth(double);
int	 erg_sql_register(sqlite3 *);

/* ---- logbook.c: the Concept2 Logbook's links and results, as rows ---- */

/* its statements that other files run too */
extern const struct stmt STMT_ERASE_C2_STATE[1];

#define LOGBOOK_TOKEN_MAX	72	/* 43 base64url, 64 hex, + NUL */
struct logbook_tokens {
	char	*access, *refresh;	/* secret_free()d */
	time_t	 expires;
	int	 relink;		/* refused: to be linked again */
};
struct logbook_result {
	int64_t	 id;			/* the Logbook's */
	char	 day[11];		/* YYYY-MM-DD */
	long	 distance;		/* metres */
	long	 time;			/* tenths of a second */
	long	 stroke_rate, drag_factor;	/* 0: not given */
};
int	 logbook_match(const struct metric_set *, long distance, long time,
	    size_t *idx, long *kept);
int	 logbook_state_new(struct db *, int64_t person, time_t now,
	    char state[LOGBOOK_TOKEN_MAX], char verifier[LOGBOOK_TOKEN_MAX],
	    char challenge[LOGBOOK_TOKEN_MAX]);
void	 logbook_state_hash(const char *state, char out[LOGBOOK_TOKEN_MAX]);
int	 logbook_state_peek(struct db *, const char *state, time_t now,
	    char challenge[LOGBOOK_TOKEN_MAX]);
enum outcome logbook_state_take(struct db *, const char *state, time_t now,
	    int64_t *person, char verifier[LOGBOOK_TOKEN_MAX]);
int	 logbook_link_put(struct db *, int64_t person,
	    const struct logbook_tokens *, time_t now);
enum outcome logbook_link_get(struct db *, int64_t person,
	    struct logbook_tokens *);
void	 logbook_tokens_clear(struct logbook_tokens *);
int	 logbook_unlink(struct db *, int64_t person);
int	 logbook_result_keep(struct db *, const struct metric_set *,
	    int64_t athlete, const struct logbook_result *, time_t now);
/* An erg test measured on the Logbook, as a metric's value. */
struct logbook_measure {
	int64_t	 metric;
	char	 day[11];
	long	 value, stroke_rate, drag_factor;	/* 0: not given */
};
int	 logbook_measured(struct db *, int64_t athlete,
	    struct logbook_measure **, size_t *n);

/* ---- workspace.c: cox.conf + cox.db + site/ under one folder ---- */

struct workspace {
	char		 dir[4096];
	struct config	*conf;
	struct db	*db;
	int		 lock;		/* .lock's descriptor, while locks */
	unsigned	 locks;		/* workspace_lock()s not undone */
};

/* a new cox.conf's country and zone, and what chose them */
enum place_from { PLACE_DEFAULT, PLACE_COUNTRY, PLACE_MACHINE,
	PLACE_LANGUAGE };
struct place {
	char		 cc[3];
	char		 zone[64];	/* "" when left unset */
	enum place_from	 from;
	char		 machine[64];	/* the machine's zone as read, or "" */
	const char	*machine_from;	/* where: "TZ", "/etc/localtime"... */
};
void	 workspace_place(const char *lang, const char *country,
	    struct place *);
int	 workspace_country_zones(const char *country, char first[64]);
int	 workspace_create(const char *dir, const char *lang, const char *cc,
	    const char *zone, const char *authserv, struct strlist *made);
enum outcome workspace_open(const char *dir, struct workspace *);
enum outcome workspace_open_new(const char *dir, struct workspace *);
void	 workspace_close(struct workspace *);
enum outcome workspace_lock(struct workspace *, const char *what);
void	 workspace_unlock(struct workspace *);
int	 workspace_path(const struct workspace *, const char *name,
	    char *dst, size_t size);
const char *workspace_country(const struct workspace *);
/* cox init's [site] base_url, which leads nowhere */
#define SITE_URL_EXAMPLE	"https://example.org/team"
const char *workspace_base_url(const struct config *);

/* ---- demo.c: the demo team's invented history ---- */

int		 demo_rand(int lo, int hi);
enum outcome	 demo_seed(const char *dir, int *seeded);

/* ---- backup.c: a workspace in one encrypted file, and back ---- */

struct backup_stats {
	unsigned	 files;
	uint64_t	 bytes;
};

enum outcome backup_write(const struct workspace *, const char *file,
	    const char *pass, struct backup_stats *);
enum outcome backup_restore(const char *file, const char *dir,
	    const char *pass, struct backup_stats *, char *info, size_t isize);
#define BACKUP_PREFIX	"cox-"		/* cox backup's files in [backup] dir */
#define BACKUP_SUFFIX	".coxbak"
int	 backup_list(const char *dir, struct strlist *names);

/* ---- seatrace.c: seat racing's three methods, and results kept ---- */
#define SEAT_MAX_ROWERS	32
#define SEAT_MAX_PIECES	40
#define SEAT_MAX_CREW	9	/* an eight and its cox */
#define SEAT_MAX_SWAPS	128
enum seat_side { SIDE_NONE, SIDE_STROKE, SIDE_BOW };
struct seat_piece {
	int		 crew[2][SEAT_MAX_CREW];	/* rowers' indexes */
	size_t		 ncrew[2];
	long		 tenths[2];	/* each crew's time */
	unsigned long	 line;		/* of the email, where written */
};
struct seat_rower {
	int64_t		 person;
	const char	*name;		/* the caller's */
	enum seat_side	 side;
	long		 total;		/* tenths, their crews' times added */
	int		 pieces;	/* rowed */
	int		 by_time;	/* rank on their side by time a piece */
	double		 effect;	/* s, + slower than the side's mean */
	int		 group;		/* one-swap line; -1 never swapped */
	double		 swap;		/* s behind the line's fastest */
	int		 rank;		/* on their side, 1 the fastest */
	int		 apart;		/* from the next: 1, 0 not, -1 ? */
};
struct seat_swap {
	size_t		 from, to;	/* pieces, from < to */
	int		 faster, slower;	/* rowers */
	long		 tenths;	/* by how much, >= 0 */
};
struct seat_race {
	struct seat_rower rower[SEAT_MAX_ROWERS];
	size_t		 nrowers;
	struct seat_piece piece[SEAT_MAX_PIECES];
	size_t		 npieces;
	struct seat_swap swap[SEAT_MAX_SWAPS];
	size_t		 nswaps;
	int		 order[SEAT_MAX_ROWERS];	/* by side, rank */
	int		 fitted;	/* the least squares could be made */
	double		 noise;		/* residual SD, s; -1 unknown */
	long		 df;		/* its degrees of freedom */
};
int	 seat_solve(double *a, double *b, size_t n);
void	 seat_swaps(struct seat_race *);
int	 seat_positions(struct seat_race *);
void	 seat_totals(struct seat_race *);
int	 seat_fit(struct seat_race *);
void	 seat_rank(struct seat_race *);
int	 seat_analyse(struct seat_race *);
int	 seat_store(struct db *, const struct seat_race *, int64_t coach,
	    const char *day, int64_t now, int64_t msg, int64_t *id);

/* ---- export.c: everything stored about one person, to take home ---- */

/* its statements that other files run too */
extern const struct stmt STMT_ERASE_RATING_GIVEN[1];

#define EXPORT_FP_MAX	17	/* a key's fingerprint: 16 hex digits, NUL */
void	 export_fingerprint(const void *key, size_t len,
	    char out[EXPORT_FP_MAX]);
/* A person's export in memory (export_person_build()). */
struct person_export {
	char		*json;		/* person.json: every table */
	struct buf	*csv;		/* NAME.csv of each person_tables[i] */
	size_t		*counts;	/* the rows of each */
	size_t		 rows;		/* in all the tables */
	size_t		 held;		/* coach scores the blind rule
					   left out (still to answer) */
};
enum outcome export_person_build(struct db *, int64_t person,
	    struct person_export *);
void	 export_person_clear(struct person_export *);
enum outcome export_person(struct db *, int64_t person, const char *dir,
	    size_t *rows, size_t *held);
/*
 * Every table that holds rows of a person: what cox export person
 * writes of it and what cox roster erase does to them.  A table added
 * to the schema that names a person is one more entry, here only.
 */
struct person_table {
	const char	*name;		/* NAME.csv of the export */
	const struct stmt *select;	/* the rows of person ?1 */
	const struct stmt *erase;	/* deletes (or unlinks) them */
	const char	*args;		/* erase's: "i" person ?1, "" the
					   messages marked (erase.c) */
	int		 blind;		/* its first column is a rating's
					   id, left out while the blind
					   rule hides that rating */
};
extern const struct person_table person_tables[];
extern const size_t person_ntables;

/* ---- erase.c: a person's rows gone, and rows past their time ---- */

/* its statements that other files run too */
extern const struct stmt STMT_FRAGMENT_DELETE[1];

enum outcome erase_count(struct db *, int64_t person, size_t *counts);
struct erase_names;
struct erase_names *erase_names_new(struct db *, int64_t person);
void	 erase_names_free(struct erase_names *);
int	 erase_names_text(const struct erase_names *, const char *);
/* Mail about an erased person that cox.db's copies stood for. */
struct erase_mail {
	struct strlist	 hashes;	/* mail/raw/ copies of what came */
	struct strlist	 keys;		/* Maildir entries of what came */
	struct strlist	 maildirs;	/* the Maildirs mail came through */
	size_t		 imap;		/* of what came, by IMAP */
	size_t		 sent;		/* emails to others that named them */
};
enum outcome erase_mail_find(struct db *, struct erase_names *,
	    int64_t person, struct erase_mail *);
void	 erase_mail_free(struct erase_mail *);
enum outcome erase_rows(struct db *, int64_t person, const char *slug,
	    size_t *texts);
struct retain_counts {
	int64_t		 wellness, sessions, messages, ratings, seat_races;
};
enum outcome erase_before(struct db *, time_t cut, time_t ratings_cut,
	    struct retain_counts *);
time_t	 erase_months_ago(time_t now, long months);

/* ---- health.c: OSTRC-H2 health problems, and injury episodes ---- */

/* its statements that other files run too */
extern const struct stmt STMT_EPISODES_ATHLETE[1];
extern const struct stmt STMT_EPISODES_SQUAD[1];

#define OSTRC_QUESTIONS	4	/* participation, volume, performance,
				   symptoms */
#define HEALTH_ASK_DAYS	7	/* a week's question is answered within */
struct ostrc_result {
	int	 severity;	/* 0-100 */
	int	 substantial;	/* Clarsen et al.'s definition */
};
int	 ostrc_options(int q);
int	 ostrc_score(int q, int option);
int	 ostrc_severity(const int answers[OSTRC_QUESTIONS],
	    struct ostrc_result *);
#define HEALTH_AREA_MAX	16
void	 health_area_read(const char *text, char *out, size_t size);
int	 health_area_valid(const char *slug);
int	 health_area_word(const char *word);
/* The question an athlete has still to answer (health_pending()). */
struct health_question {
	int64_t	 id;
	char	 week[11];
	char	 problem[8];	/* "" not said yet, injury, illness */
	char	 area[HEALTH_AREA_MAX];
	int	 answers[OSTRC_QUESTIONS];	/* 0 not yet */
	int	 question;	/* 0 the gatekeeper's, 1-4 */
};
enum outcome health_pending(struct db *, int64_t athlete, time_t now,
	    struct health_question *);
int	 health_ask(struct db *, int64_t athlete, const char *week,
	    time_t now);
int	 health_problem(struct db *, int64_t id, const char *problem,
	    const char *area, time_t now);
int	 health_answer(struct db *, struct health_question *, int q,
	    int option, time_t now, struct ostrc_result *);
int	 health_answered(struct db *, int64_t athlete, const char *week,
	    int64_t id);
void	 health_problem_words(const char *problem, const char *area,
	    struct buf *);
const char *episode_stage_read(const char *word);
int	 episode_askable(struct db *, int64_t athlete);
int	 episode_open(struct db *, int64_t athlete, const char *kind,
	    const char *area, const char *stage, const char *source,
	    time_t now);
int	 episode_move(struct db *, int64_t athlete, const char *stage,
	    time_t now);

/* ---- hook.c: the workspace's hooks/, and post-ingest's debounce ---- */

int	 hook_run(const struct workspace *, const char *name,
	    char *const env[]);
int	 hook_post_ingest(const struct workspace *);
int	 hook_busy(const struct workspace *);
void	 hook_ingested(const struct workspace *, int busy);
enum outcome hook_runner_main(const char *dir, const char *fd);

/* ---- pagekey.c: each gated page's content key and link secret ---- */

struct page_keys {
	unsigned char	 content[32];
	unsigned char	 link[32];
	int64_t		 created;	/* made at: when its link was */
};
int	 pagekey_get(struct db *, const char *page, int64_t person,
	    struct page_keys *);
int	 pagekey_read(struct db *, const char *page, struct page_keys *);
int	 pagekey_link(const struct page_keys *, char *dst, size_t size);
/* The site's own key pair, which every person's box of a page is from. */
struct site_sender {
	unsigned char	 pk[32];
	unsigned char	 sk[32];
};
int	 pagekey_sender(struct db *, struct site_sender *);

/* ---- account.c: invitations, registration, revocation ---- */

/* its statements that other files run too */
extern const struct stmt STMT_CONSENT_GIVE[1];

struct account_result {
	int64_t	 person;
	char	 page[64];	/* "a/SLUG/" or "coach/" */
	int	 again;		/* they had a key before: pages re-keyed */
	int	 bad_token;	/* refused for the token: counts to its limit */
};
int	 invite_make(struct db *, const struct person *, long days,
	    const char *base_url, struct buf *link);
int	 invite_count_since(struct db *, int64_t person, int64_t since);
struct invite_run {
	struct db	*db;
	const char	*via;		/* NULL: email when known, else sms */
	const char	*club;		/* [team] name, or NULL */
	const char	*base;		/* [site] base_url, or NULL */
	int64_t		 by;		/* the inviting coach; 0: the club */
	long		 days;
	int		 again;		/* invite the registered too */
	int		 queued, registered, unreachable;	/* counts */
};
int	 invite_queue(struct invite_run *, int64_t person);
int	 invite_sms_fits(const struct invite_run *, const struct person *,
	    size_t *chars);
int	 account_attempts(struct db *, const char *kind, const char *key,
	    long window, int *count);
int	 account_attempt(struct db *, const char *kind, const char *key,
	    long window);
char	*account_redact(const char *);
enum outcome account_handle_changed(struct db *, int64_t person,
	    const char *club, int *told);
enum outcome account_register(struct db *, const char *body, size_t len,
	    struct account_result *, const char **why);

#endif
