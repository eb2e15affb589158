/*
 * plumbing.h - the bottom of lib/: what the rest is built on, none of
 * it about a team: logging, memory, buffers and small string helpers,
 * URLs and escaping, the catalogue of words, files, random tokens and
 * secrets, one HTTP answer, stopping on a signal, cox.conf, CSV, phone
 * numbers and calendar days.  It includes no header of ours.
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
 */
#ifndef COX_LIB_PLUMBING_H
#define COX_LIB_PLUMBING_H

#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

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

struct buf;

enum log_level { LOGL_SILENT = -1, LOGL_ERROR, LOGL_WARN, LOGL_INFO, LOGL_DEBUG };

void	 log_setup(const char *prog, int timestamps, enum log_level max);
void	 log_msg(enum log_level, const char *fmt, ...) PRINTFLIKE(2, 3);
void	 log_vmsg(enum log_level, const char *fmt, va_list);
int	 log_gather(struct buf *, enum log_level, const char *fmt, ...)
	    PRINTFLIKE(3, 4);
void	 log_gathered(struct buf *);
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

/* ---- day.c: calendar days, "YYYY-MM-DD" in the team's zone ---- */

time_t	 clock_now(void);
void	 day_string(time_t, char out[11]);
void	 day_before(time_t, int back, char out[11]);
int	 day_parse(const char *, char out[11]);
int	 day_read(const char *, time_t, int month_first, char out[11]);
int	 day_month_first(const char *country);
int	 day_ymd(const char *, int *y, int *m, int *d);
int	 day_parse_from(const char *, int first, char out[11]);


/* ---- registry.c: tables features place in a section of the program ---- */

/*
 * A registry: the list of tables (kinds of text, families of commands,
 * digest parts, dashboard sections) that cox reads in one order, each
 * placed by the file of its feature, not listed in a central file.
 * REGISTRY_ENTRY() puts one entry in the section the linker gathers
 * (as db.h's STMT() does statements), with its order key; the
 * registry's file defines it with REGISTRY_DEFINE(), and
 * registry_table() gives the tables by ascending key (a tie by name),
 * sorted once at first use, from any thread.  Each registry's header
 * wraps REGISTRY_ENTRY() in a macro that checks the table's type.
 * Entries are as large as they are aligned, so the section is an
 * array of them.
 */
struct registry_entry {
	const char	*name;		/* the table's, for tests and logs */
	const void	*table;
	int		 order;		/* its place: lower first */
} __attribute__((aligned(32)));
#define REGISTRY_MAX	64		/* entries a registry may have */
struct registry {
	const char			*section;
	const struct registry_entry	*start, *stop;	/* the linker's */
	pthread_mutex_t			 lock;
	int				 sorted;	/* read atomically */
	size_t				 n;
	const struct registry_entry	*v[REGISTRY_MAX];	/* sorted */
};
#if defined(__clang__)
#define REGISTRY_NO_ASAN	__attribute__((no_sanitize("address")))
#else
#define REGISTRY_NO_ASAN	/* gcc leaves a sectioned variable alone */
#endif
#define REGISTRY_ENTRY(sect, key, name, table) \
	static const struct registry_entry registry_entry_##name \
	    __attribute__((used, section(#sect), aligned(32))) \
	    REGISTRY_NO_ASAN = { #name, (table), (key) }
/* A section no file has put an entry in is an empty registry. */
#define REGISTRY_DEFINE(var, sect) \
	extern const struct registry_entry __start_##sect[] \
	    __attribute__((weak)), __stop_##sect[] __attribute__((weak)); \
	struct registry var = { .section = #sect, \
	    .start = __start_##sect, .stop = __stop_##sect, \
	    .lock = PTHREAD_MUTEX_INITIALIZER }

const void	*registry_table(struct registry *, size_t i);
const char	*registry_name(struct registry *, size_t i);

#endif
