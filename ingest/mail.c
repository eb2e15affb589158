/*
 * mail.c - cox mail: coach rating emails into the database, exactly
 * once, from standard input (an MDA), a Maildir, or (to come) IMAP.
 *
 * Every message, whatever the source, goes through mail_ingest():
 *
 *  1. its raw bytes are kept (mail/raw/HASH.eml) before anything reads
 *     them;
 *  2. the ledger notes it, keyed by the transport (source and key) and
 *     by a hash of the content without trace headers, so the same
 *     message delivered twice is stored once; a message the parser
 *     fails on three times is quarantined;
 *  3. it is parsed in a child process (mime.c) and its sender checked:
 *     one From address, on the coaches' allow-list, and, when a border
 *     MTA is configured, dmarc=pass aligned with that address in an
 *     Authentication-Results header carrying the MTA's authserv-id.
 *     Anything else is quarantined and logged, never answered;
 *  4. the ratings, the reply to the coach and the texts to athletes are
 *     written in one transaction, with the ledger's outcome.
 *
 * Only then is the source acknowledged (exit 0, the Maildir move).
 */
#include <sys/inotify.h>

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "ingest.h"
#include "../gen/gen.h"

#define MAIL_MAX_SIZE		(10 * 1024 * 1024)
#define MAIL_MAX_ATTEMPTS	3
#define MAIL_MAX_BODY		(64 * 1024)

struct mailer;
enum mail_outcome mail_ingest(struct mailer *, const char *source,
	    const char *key, const char *raw, size_t len);

static const char usage[] =
    "cox mail [-C dir] (--stdin | --maildir dir [--watch]) "
    "[--recipient addr]";

static volatile sig_atomic_t stopping;

struct mailer {
	struct workspace	*ws;
	const char		*country;
	const char		*coaches;	/* allow-list, comma separated */
	const char		*authserv;	/* border MTA's id, or NULL */
	const char		*token;		/* plus-address token, or NULL */
	const char		*recipient;	/* envelope recipient, or NULL */
};

/* Header fields that differ between deliveries of the same message. */
static int
trace_field(const char *name, size_t len)
{
	static const char *const trace[] = { "received", "return-path",
	    "delivered-to", "x-original-to", "x-delivered-to", "envelope-to",
	    "x-envelope-from", "x-envelope-to", "authentication-results",
	    "x-spam-", "x-virus-", "arc-", "dkim-filter", "x-rspamd-" };
	size_t	 i, n;

	for (i = 0; i < sizeof(trace) / sizeof(trace[0]); i++) {
		n = strlen(trace[i]);
		if (trace[i][n - 1] == '-' ? len >= n &&
		    !strncasecmp(name, trace[i], n) :
		    len == n && !strncasecmp(name, trace[i], n))
			return 1;
	}
	return 0;
}

/* SHA-256 (hex) of the message without its trace header fields. */
static void
content_hash(const char *raw, size_t len, char hex[65])
{
	crypto_hash_sha256_state st;
	unsigned char		 h[32];
	const char		*p = raw, *end = raw + len, *nl, *colon;
	int			 skip = 0;

	crypto_hash_sha256_init(&st);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		nl = nl ? nl + 1 : end;
		if (*p == '\n' || (*p == '\r' && p + 1 < end && p[1] == '\n'))
			break;	/* the end of the header */
		if (*p != ' ' && *p != '\t') {
			colon = memchr(p, ':', (size_t)(nl - p));
			skip = colon != NULL && trace_field(p,
			    (size_t)(colon - p));
		}
		if (!skip)
			crypto_hash_sha256_update(&st, (const unsigned char *)p,
			    (size_t)(nl - p));
		p = nl;
	}
	crypto_hash_sha256_update(&st, (const unsigned char *)p,
	    (size_t)(end - p));
	crypto_hash_sha256_final(&st, h);
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* Whether addr is on the comma-separated allow-list. */
static int
allowed(const char *list, const char *addr)
{
	const char	*p = list, *e;
	size_t		 n = strlen(addr);

	while (*p != '\0') {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ',' && *e != ' '; e++)
			continue;
		if ((size_t)(e - p) == n && !strncasecmp(p, addr, n))
			return 1;
		p = e;
	}
	return 0;
}

/*
 * dmarc=pass for domain in an Authentication-Results header written by
 * the border MTA authserv (RFC 8601: its id comes first; that MTA
 * removes any incoming header claiming its id).
 */
static int
dmarc_pass(const struct strlist *auth, const char *authserv,
    const char *domain)
{
	char	*copy, *res, *save, *id;
	size_t	 i;
	int	 ok = 0;

	for (i = 0; i < auth->n && !ok; i++) {
		if ((copy = xstrdup(auth->v[i])) == NULL)
			return 0;
		id = trim(strtok_r(copy, ";", &save) ? copy : copy);
		id[strcspn(id, " \t")] = '\0';	/* drop a version */
		if (strcasecmp(id, authserv) == 0)
			while (!ok && (res = strtok_r(NULL, ";", &save))) {
				char *h = strcasestr(res, "header.from=");
				res = trim(res);
				if (strncasecmp(res, "dmarc=pass", 10) != 0 ||
				    h == NULL)
					continue;
				h += strlen("header.from=");
				h[strcspn(h, " \t;()")] = '\0';
				ok = strcasecmp(h, domain) == 0;
			}
		free(copy);
	}
	return ok;
}

/* NULL when the sender is who they say and may send ratings. */
static const char *
authenticate(const struct mailer *mx, const struct mail_parts *m)
{
	const char	*at;

	if (m->from_count != 1 || m->from == NULL)
		return "From must name exactly one address";
	if (!allowed(mx->coaches, m->from))
		return "the sender is not in [mail] coaches";
	if (mx->authserv != NULL &&
	    ((at = strrchr(m->from, '@')) == NULL ||
	    !dmarc_pass(&m->auth, mx->authserv, at + 1)))
		return "no dmarc=pass for the From domain from the border MTA";
	if (mx->token != NULL) {
		char	 want[128];
		snprintf(want, sizeof(want), "+%s@", mx->token);
		if (mx->recipient == NULL || strstr(mx->recipient, want) == NULL)
			return "the envelope recipient lacks the secret token";
	}
	return NULL;
}

/*
 * The ledger row for this delivery; *attempts is how often the parser
 * already failed on it.  Returns 1 when the message was finished before
 * (by any transport), 0 to go on, -1 on a database error.
 */
static int
ledger_claim(struct mailer *mx, const char *source, const char *key,
    const char *hash, const char *raw_path, int64_t *id, int *attempts)
{
	struct db	*db = mx->ws->db;
	sqlite3_stmt	*st;
	int64_t		 now = (int64_t)time(NULL);
	int		 rc;

	if (db_begin(db) == -1)
		return -1;
	st = db_query(db, STMT_INGEST_DONE_BY_HASH, "t", hash);
	if ((rc = db_row(db, st)) != 0) {
		sqlite3_reset(st);
		db_rollback(db);
		return rc == 1 ? 1 : -1;	/* 1: seen and finished */
	}
	st = db_query(db, STMT_INGEST_BY_KEY, "tt", source, key);
	if ((rc = db_row(db, st)) == 1) {
		*id = sqlite3_column_int64(st, 0);
		*attempts = sqlite3_column_int(st, 1);
		rc = strcmp(db_text(st, 2), "pending") != 0;
		sqlite3_reset(st);
		db_rollback(db);
		return rc;
	} else if (rc == 0) {
		*attempts = 0;
		rc = db_exec(db, STMT_INGEST_INSERT, "ttttii", source, key, hash,
		    raw_path, now, now);
		*id = db_last_id(db);
	}
	if (rc == -1 || db_commit(db) == -1) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int
ledger_finish(struct db *db, int64_t id, const char *outcome,
    const char *reason, int64_t message)
{
	return db_exec(db, STMT_INGEST_FINISH, "ttiii", outcome, reason,
	    message, (int64_t)time(NULL), id);
}

static int
outbox(struct db *db, const char *channel, int64_t person, const char *peer,
    const char *subject, const char *body, const char *kind)
{
	return db_exec(db, STMT_MESSAGE_INSERT, "ttitttttti", "out", channel,
	    person, peer, subject, body, kind, NULL, "queued",
	    (int64_t)time(NULL));
}

/* One text per athlete rated: which metrics wait for their answer. */
static int
notify_athletes(struct db *db, const struct rm_result *r)
{
	struct person	 p;
	struct buf	 names = { 0 }, reply = { 0 }, body = { 0 };
	size_t		 i, j;
	int		 rc = 0;

	for (i = 0; i < r->n && rc == 0; i++) {
		for (j = 0; j < i; j++)
			if (r->v[j].athlete == r->v[i].athlete)
				break;
		if (j < i)
			continue;	/* texted already */
		if (person_load(db, r->v[i].athlete, &p) == -1) {
			rc = -1;
			person_clear(&p);
			break;
		}
		buf_reset(&names);
		buf_reset(&reply);
		for (j = i; j < r->n; j++)
			if (r->v[j].athlete == r->v[i].athlete) {
				buf_printf(&names, "%s%s", names.len ? ", " :
				    "", r->v[j].name);
				buf_printf(&reply, "%s%s N", reply.len ? " " :
				    "", r->v[j].slug);
			}
		buf_reset(&body);
		buf_printf(&body, "Your coach has new ratings for you: %s. "
		    "Text your own scores first (N = your score): %s",
		    names.data, reply.data);
		/* opted out or blocked: never sent anything */
		if (p.phones.n > 0 && !p.opted_out && !p.blocked)
			rc = outbox(db, "sms", p.id, p.phones.v[0], NULL,
			    body.data, "notify");
		person_clear(&p);
	}
	buf_free(&names);
	buf_free(&reply);
	buf_free(&body);
	return rc;
}

static char *
reply_subject(const struct mail_parts *m)
{
	struct buf	 b = { 0 };

	buf_printf(&b, "%s%s", m->subject && strncasecmp(m->subject, "Re:",
	    3) == 0 ? "" : "Re: ", m->subject ? m->subject : "ratings");
	return buf_steal(&b);
}

/*
 * Writes the outcome of an authentic email in one transaction: the
 * message, the ratings (or none), the reply, the athletes' texts and
 * the ledger.  Returns the outcome.
 */
static enum mail_outcome
mail_store(struct mailer *mx, int64_t ledger, const struct mail_parts *m,
    const struct rm_result *r)
{
	struct db	*db = mx->ws->db;
	struct buf	 reply = { 0 }, body = { 0 };
	char		 today[11], *subject = reply_subject(m);
	const char	*rated_on;
	int64_t		 coach = 0, msg, now = (int64_t)time(NULL);
	size_t		 i;
	int		 bad = r->errors.n > 0 || m->error != NULL;
	enum mail_outcome out = MAIL_RETRY;

	day_string(time(NULL), today);
	rated_on = m->date[0] ? m->date : today;
	if (db_begin(db) == -1)
		goto done;
	(void)person_find(db, m->from, mx->country, &coach);
	buf_add(&body, m->text ? m->text : "", m->text ?
	    (strlen(m->text) > MAIL_MAX_BODY ? MAIL_MAX_BODY :
	    strlen(m->text)) : 0);
	if (db_exec(db, STMT_MESSAGE_INSERT, "ttitttttti", "in", "email",
	    coach, m->from, m->subject, body.data ? body.data : "", "ratings",
	    m->message_id, bad ? "rejected" : "stored", now) == -1) {
		db_rollback(db);
		if ((sqlite3_extended_errcode(db_handle(db)) & 0xff) ==
		    SQLITE_CONSTRAINT) {
			/* the same Message-ID came in before, with other
			 * trace headers or as a resend: once is enough */
			if (db_begin(db) == 0 && ledger_finish(db, ledger,
			    "stored", "duplicate Message-ID", 0) == 0 &&
			    db_commit(db) == 0)
				out = MAIL_DUPLICATE;
		}
		goto done;
	}
	msg = db_last_id(db);
	if (bad) {
		buf_puts(&reply, "Nothing from your email was stored; please "
		    "fix these and send it again:\n\n");
		if (m->error != NULL)
			buf_printf(&reply, "- %s\n", m->error);
		for (i = 0; i < r->errors.n; i++)
			buf_printf(&reply, "- %s\n", r->errors.v[i]);
	} else {
		for (i = 0; i < r->n; i++)
			if (rating_add(db, r->v[i].athlete, r->v[i].metric,
			    SOURCE_COACH, coach, r->v[i].score,
			    r->v[i].comment, rated_on, now, msg) == -1)
				goto rollback;
		buf_printf(&reply, "Stored %zu rating%s for %s:\n\n", r->n,
		    r->n == 1 ? "" : "s", rated_on);
		for (i = 0; i < r->summary.n; i++)
			buf_printf(&reply, "- %s\n", r->summary.v[i]);
		buf_puts(&reply, "\nEach athlete gets a text asking for their "
		    "own scores; yours show on their page once they answer.\n");
		if (notify_athletes(db, r) == -1)
			goto rollback;
	}
	if (outbox(db, "email", coach, m->from, subject, reply.data,
	    "reply") == -1 || ledger_finish(db, ledger, bad ? "rejected" :
	    "stored", bad ? "errors in the ratings" : NULL, msg) == -1 ||
	    db_commit(db) == -1)
		goto rollback;
	out = bad ? MAIL_REJECTED : MAIL_STORED;
	goto done;
rollback:
	db_rollback(db);
done:
	free(subject);
	buf_free(&reply);
	buf_free(&body);
	return out;
}

static int
keep_raw(struct mailer *mx, const char *folder, const char *hash,
    const char *raw, size_t len, char *path, size_t size)
{
	if (snprintf(path, size, "%s/mail/%s/%s.eml", mx->ws->dir, folder,
	    hash) >= (int)size)
		return -1;
	if (file_exists(path))
		return 0;
	return file_replace(path, raw, len, 0600, FILE_DURABLE | FILE_MKDIRS);
}

static enum mail_outcome
quarantine(struct mailer *mx, int64_t ledger, const char *hash,
    const char *raw, size_t len, const char *why)
{
	char	 path[4096];

	log_warn("quarantined message %.12s: %s", hash, why);
	if (keep_raw(mx, "quarantine", hash, raw, len, path,
	    sizeof(path)) == -1 || db_begin(mx->ws->db) == -1)
		return MAIL_RETRY;
	if (ledger_finish(mx->ws->db, ledger, "quarantined", why, 0) == -1 ||
	    db_commit(mx->ws->db) == -1) {
		db_rollback(mx->ws->db);
		return MAIL_RETRY;
	}
	return MAIL_QUARANTINED;
}

/* The whole path of one message; see the top of this file. */
enum mail_outcome
mail_ingest(struct mailer *mx, const char *source, const char *key,
    const char *raw, size_t len)
{
	struct mail_parts m;
	struct rm_parse	 p = { 0 };
	struct rm_result r = { 0 };
	const char	*why;
	char		 hash[65], path[4096];
	int64_t		 ledger = 0;
	int		 attempts = 0, rc;
	size_t		 i;
	enum mail_outcome out;

	content_hash(raw, len, hash);
	if (keep_raw(mx, "raw", hash, raw, len, path, sizeof(path)) == -1)
		return MAIL_RETRY;
	if ((rc = ledger_claim(mx, source, key ? key : hash, hash, path,
	    &ledger, &attempts)) != 0)
		return rc == 1 ? MAIL_DUPLICATE : MAIL_RETRY;
	if (len > MAIL_MAX_SIZE)
		return quarantine(mx, ledger, hash, raw, len, "too large");
	if (attempts >= MAIL_MAX_ATTEMPTS)
		return quarantine(mx, ledger, hash, raw, len,
		    "the parser failed on it repeatedly");
	if (mime_parse_sandboxed(raw, len, &m) == -1) {
		/*
		 * Only a failing parser counts: a daemon killed while on
		 * this message must not get it quarantined.
		 */
		if (db_begin(mx->ws->db) == 0 && db_exec(mx->ws->db,
		    STMT_INGEST_ATTEMPT, "ii", (int64_t)time(NULL),
		    ledger) == 0)
			(void)db_commit(mx->ws->db);
		else
			db_rollback(mx->ws->db);
		return MAIL_RETRY;
	}
	if ((why = authenticate(mx, &m)) != NULL) {
		out = quarantine(mx, ledger, hash, raw, len, why);
		goto out;
	}
	if (m.text != NULL) {
		ratemail_strip(m.text);
		ratemail_parse_text(m.text, &p);
	}
	for (i = 0; i < m.csv.n; i++)
		ratemail_parse_csv(m.csv.v[i], strlen(m.csv.v[i]), &p);
	if (p.n == 0 && p.errors.n == 0 && m.error == NULL)
		strlist_add(&p.errors, "no ratings found: write an athlete's "
		    "name and ':' on a line, then 'metric score' lines");
	if (ratemail_resolve(mx->ws->db, mx->country, &p, &r) == -1) {
		out = MAIL_RETRY;
		goto out;
	}
	if (p.date[0] != '\0')
		memcpy(m.date, p.date, sizeof(m.date));
	out = mail_store(mx, ledger, &m, &r);
	log_info("message %.12s from %s: %s", hash, m.from,
	    out == MAIL_STORED ? "stored" : out == MAIL_REJECTED ?
	    "rejected, errors sent back" : out == MAIL_DUPLICATE ?
	    "duplicate" : "try again later");
out:
	ratemail_result_free(&r);
	ratemail_free(&p);
	mail_parts_free(&m);
	return out;
}

static void
on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

/* EX_OK for every outcome but "try again later". */
static int
outcome_status(enum mail_outcome o)
{
	return o == MAIL_RETRY ? EX_TEMPFAIL : 0;
}

static int
run_hook(struct mailer *mx)
{
	char	 self[4096];
	ssize_t	 n;

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		snprintf(self, sizeof(self), "cox");
	else
		self[n] = '\0';
	return hook_run(mx->ws, "post-ingest", (char *[]){ "COX_WORKSPACE",
	    mx->ws->dir, "COX", self, NULL });
}

static int
mail_stdin(struct mailer *mx)
{
	struct buf		 raw = { 0 };
	enum mail_outcome	 o;

	if (file_read("-", MAIL_MAX_SIZE + 1, &raw) == -1) {
		buf_free(&raw);
		return EX_TEMPFAIL;
	}
	o = mail_ingest(mx, "stdin", NULL, raw.data, raw.len);
	buf_free(&raw);
	if (o == MAIL_STORED || o == MAIL_REJECTED)
		(void)run_hook(mx);
	return outcome_status(o);
}

/* Moves a Maildir entry from new/ to sub/cur/ (sub "" is the inbox). */
static int
maildir_move(const char *dir, const char *name, const char *sub)
{
	char	 from[4096], to[4096], folder[4096];

	snprintf(folder, sizeof(folder), "%s/%s%scur", dir, sub,
	    *sub ? "/" : "");
	if (dir_make(folder, 0700) == -1)
		return -1;
	if (*sub) {
		snprintf(to, sizeof(to), "%s/%s/new", dir, sub);
		(void)dir_make(to, 0700);
		snprintf(to, sizeof(to), "%s/%s/tmp", dir, sub);
		(void)dir_make(to, 0700);
	}
	if (snprintf(from, sizeof(from), "%s/new/%s", dir, name) >=
	    (int)sizeof(from) || snprintf(to, sizeof(to), "%s/%s%s%s",
	    folder, name, strchr(name, ':') ? "" : ":2,", "S") >=
	    (int)sizeof(to))
		return -1;
	if (rename(from, to) == -1) {
		log_error("%s: %s", from, strerror(errno));
		return -1;
	}
	return 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* One pass over new/; returns how many were stored or answered. */
static int
maildir_scan(struct mailer *mx, const char *dir)
{
	struct dirent		**list = NULL;
	struct buf		 raw = { 0 };
	char			 path[4096], key[512];
	enum mail_outcome	 o;
	int			 n, i, done = 0;

	snprintf(path, sizeof(path), "%s/new", dir);
	if ((n = scandir(path, &list, NULL, by_name)) == -1) {
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	for (i = 0; i < n && !stopping; i++) {
		if (list[i]->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/new/%s", dir,
		    list[i]->d_name);
		buf_reset(&raw);
		if (file_read(path, MAIL_MAX_SIZE + 1, &raw) == -1)
			continue;
		/* the unique part of a Maildir name, without its flags */
		snprintf(key, sizeof(key), "%.*s",
		    (int)strcspn(list[i]->d_name, ":"), list[i]->d_name);
		o = mail_ingest(mx, "maildir", key, raw.data, raw.len);
		if (o == MAIL_RETRY)
			continue;	/* stays in new/ for the next pass */
		(void)maildir_move(dir, list[i]->d_name, o == MAIL_QUARANTINED ?
		    ".Quarantine" : o == MAIL_REJECTED ? ".Rejected" : "");
		done += o == MAIL_STORED || o == MAIL_REJECTED;
	}
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
	buf_free(&raw);
	return done;
}

/*
 * Watches new/ with inotify: after a burst of deliveries goes quiet
 * for half a second, one pass stores them all and runs the hook once.
 * Every minute a pass also retries what failed for a passing reason.
 */
static int
maildir_watch(struct mailer *mx, const char *dir)
{
	struct pollfd	 pfd;
	char		 path[4096], events[4096];
	int		 fd, r;

	snprintf(path, sizeof(path), "%s/new", dir);
	if ((fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1 ||
	    inotify_add_watch(fd, path, IN_MOVED_TO | IN_CLOSE_WRITE) == -1) {
		log_error("%s: cannot watch: %s", path, strerror(errno));
		return EX_OSERR;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	log_info("watching %s", path);
	while (!stopping) {
		if (maildir_scan(mx, dir) > 0)
			(void)run_hook(mx);
		if ((r = poll(&pfd, 1, 60000)) <= 0)
			continue;
		/* drain, then wait for the burst to go quiet */
		do {
			while (read(fd, events, sizeof(events)) > 0)
				continue;
		} while (!stopping && poll(&pfd, 1, 500) > 0);
	}
	close(fd);
	return 0;
}

int
cmd_mail(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "stdin", no_argument, NULL, 's' },
		{ "maildir", required_argument, NULL, 'm' },
		{ "watch", no_argument, NULL, 'w' },
		{ "recipient", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct workspace ws;
	struct mailer	 mx = { 0 };
	const char	*maildir = NULL;
	int		 c, from_stdin = 0, watch = 0, status, n;

	optind = 0;
	while ((c = getopt_long(argc, argv, "C:h", opts, NULL)) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 's': from_stdin = 1; break;
		case 'm': maildir = optarg; break;
		case 'w': watch = 1; break;
		case 'r': mx.recipient = optarg; break;
		case 'h': printf("usage: %s\n", usage); return 0;
		default: return cli_usage_error(usage, NULL);
		}
	if (argc != optind || from_stdin == (maildir != NULL) ||
	    (watch && maildir == NULL))
		return cli_usage_error(usage, "give --stdin or --maildir");
	if (mx.recipient == NULL)
		mx.recipient = getenv("ORIGINAL_RECIPIENT");
	if ((status = cli_open(&ws)) != 0)
		return from_stdin && status != EX_CONFIG ? EX_TEMPFAIL : status;
	mx.ws = &ws;
	status = EX_CONFIG;
	if ((mx.country = workspace_country(&ws)) == NULL ||
	    config_require(ws.conf, "mail", "coaches", "list the addresses "
	    "allowed to send ratings, e.g. coaches = coach@example.org",
	    &mx.coaches) == -1)
		goto out;
	mx.authserv = config_get(ws.conf, "mail", "authserv_id");
	mx.token = config_get(ws.conf, "mail", "token");
	if (mx.authserv == NULL)
		log_warn("[mail] authserv_id is not set: senders are checked "
		    "against the allow-list only");
	if (sodium_init() == -1) {
		status = EX_SOFTWARE;
		goto out;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	if (from_stdin)
		status = mail_stdin(&mx);
	else if (watch)
		status = maildir_watch(&mx, maildir);
	else {
		n = maildir_scan(&mx, maildir);
		if (n > 0)
			(void)run_hook(&mx);
		status = n < 0 ? EX_IOERR : 0;
	}
out:
	workspace_close(&ws);
	return status;
}
