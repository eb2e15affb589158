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
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "ingest.h"
#include "mailint.h"
#include "../gen/gen.h"

#define MAIL_MAX_ATTEMPTS	3
#define MAIL_MAX_BODY		(64 * 1024)
#define HOOK_QUIET_MS		500	/* after the last delivery, before the hook */


static const char usage[] =
    "cox mail [-C dir] (--stdin | --maildir dir [--watch] | "
    "--imap imaps://user@host/mailbox [--idle]) [--recipient addr]";

volatile sig_atomic_t stopping;

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
void
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
		/* "authserv-id [version]; method=result ...; ..." */
		id = strtok_r(copy, ";", &save);
		if (id != NULL) {
			id = trim(id);
			id[strcspn(id, " \t")] = '\0';	/* drop a version */
		}
		if (id != NULL && strcasecmp(id, authserv) == 0)
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
 * Whether this message was finished before, by any transport (1), or
 * not (0, with *attempts the parser failures so far), or -1.
 */
static int
seen_before(struct db *db, const char *source, const char *key,
    const char *hash, int *attempts)
{
	sqlite3_stmt	*st;
	int		 rc;

	*attempts = 0;
	st = db_query(db, STMT_INGEST_DONE_BY_HASH, "t", hash);
	if ((rc = db_row(db, st)) != 0) {
		sqlite3_reset(st);
		return rc;
	}
	st = db_query(db, STMT_INGEST_BY_KEY, "tt", source, key);
	if ((rc = db_row(db, st)) == 1) {
		*attempts = sqlite3_column_int(st, 1);
		rc = strcmp(db_text(st, 2), "pending") != 0;
		sqlite3_reset(st);
	}
	return rc;
}

/* Records, in the caller's transaction, what became of a message. */
static int
ledger_record(struct db *db, const struct incoming *in, const char *outcome,
    const char *reason, int64_t message)
{
	int64_t	 now = (int64_t)time(NULL);

	return db_exec(db, STMT_INGEST_RECORD, "ttttttiii", in->source,
	    in->key, in->hash, outcome, reason, in->raw_path, message, now,
	    now);
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
 * Writes an authentic email inside the caller's transaction: the
 * message, the ratings (or none), the reply, the athletes' texts and
 * the ledger.  Returns the outcome, MAIL_RETRY on a database error
 * (after which the caller rolls back to its savepoint).
 */
static enum mail_outcome
mail_store(struct mailer *mx, const struct incoming *in)
{
	const struct mail_parts	*m = &in->m;
	const struct rm_result	*r = &in->r;
	struct db		*db = mx->ws->db;
	struct buf		 reply = { 0 }, body = { 0 };
	char			 today[11], *subject = reply_subject(m);
	const char		*rated_on;
	int64_t			 coach = 0, msg, now = (int64_t)time(NULL);
	size_t			 i;
	int			 bad = r->errors.n > 0 || m->error != NULL;
	enum mail_outcome	 out = MAIL_RETRY;

	day_string(time(NULL), today);
	rated_on = in->p.date[0] ? in->p.date : m->date[0] ? m->date : today;
	(void)person_find(db, m->from, mx->country, &coach);
	buf_add(&body, m->text ? m->text : "", m->text ?
	    (strlen(m->text) > MAIL_MAX_BODY ? MAIL_MAX_BODY :
	    strlen(m->text)) : 0);
	if (db_exec(db, STMT_MESSAGE_INSERT, "ttitttttti", "in", "email",
	    coach, m->from, m->subject, body.data ? body.data : "", "ratings",
	    m->message_id, bad ? "rejected" : "stored", now) == -1) {
		/* the same Message-ID came in before, with other trace
		 * headers or as a resend: once is enough */
		if ((sqlite3_extended_errcode(db_handle(db)) & 0xff) ==
		    SQLITE_CONSTRAINT)
			out = MAIL_DUPLICATE;
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
				goto done;
		buf_printf(&reply, "Stored %zu rating%s for %s:\n\n", r->n,
		    r->n == 1 ? "" : "s", rated_on);
		for (i = 0; i < r->summary.n; i++)
			buf_printf(&reply, "- %s\n", r->summary.v[i]);
		buf_puts(&reply, "\nEach athlete gets a text asking for their "
		    "own scores; yours show on their page once they answer.\n");
		if (notify_athletes(db, r) == -1)
			goto done;
	}
	if (outbox(db, "email", coach, m->from, subject, reply.data,
	    "reply") == -1 || ledger_record(db, in, bad ? "rejected" :
	    "stored", bad ? "errors in the ratings" : NULL, msg) == -1)
		goto done;
	out = bad ? MAIL_REJECTED : MAIL_STORED;
done:
	free(subject);
	buf_free(&reply);
	buf_free(&body);
	return out;
}

int
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

/*
 * Reads one message, writing nothing: duplicate check, sandboxed
 * parse, sender, format.  The caller holds a read transaction, so a
 * slow message never blocks the database's writers.  Sets
 * in->what to MAIL_STORED when it is to be stored (or answered with
 * its errors), or to the outcome it already has.
 */
void
prepare(struct mailer *mx, struct incoming *in, const char *raw, size_t len)
{
	int	 attempts, rc;
	size_t	 i;

	in->what = MAIL_RETRY;
	content_hash(raw, len, in->hash);
	if (in->key[0] == '\0')
		snprintf(in->key, sizeof(in->key), "%s", in->hash);
	if ((rc = seen_before(mx->ws->db, in->source, in->key, in->hash,
	    &attempts)) != 0) {
		if (rc == 1)
			in->what = MAIL_DUPLICATE;
		return;
	}
	in->what = MAIL_QUARANTINED;
	if (in->too_big) {
		in->why = "larger than 10 MiB";
		return;
	}
	if (attempts >= MAIL_MAX_ATTEMPTS) {
		in->why = "the parser failed on it repeatedly";
		return;
	}
	if (mime_parse_sandboxed(raw, len, &in->m) == -1) {
		/* only a failing parser counts, not a killed daemon */
		in->what = MAIL_RETRY;
		in->parse_failed = 1;
		return;
	}
	if ((in->why = authenticate(mx, &in->m)) != NULL)
		return;
	in->what = MAIL_RETRY;
	if (in->m.text != NULL) {
		ratemail_strip(in->m.text);
		ratemail_parse_text(in->m.text, &in->p);
	}
	for (i = 0; i < in->m.csv.n; i++)
		ratemail_parse_csv(in->m.csv.v[i], strlen(in->m.csv.v[i]),
		    &in->p);
	if (in->p.n == 0 && in->p.errors.n == 0 && in->m.error == NULL)
		strlist_add(&in->p.errors, "no ratings found: write an "
		    "athlete's name and ':' on a line, then 'metric score' "
		    "lines");
	if (mx->index == NULL &&
	    (mx->index = ratemail_index(mx->ws->db)) == NULL)
		return;
	if (ratemail_resolve(mx->ws->db, mx->index, mx->country, &in->p,
	    &in->r) == 0)
		in->what = MAIL_STORED;
}

/*
 * Writes a prepared message inside the caller's transaction, in a
 * savepoint of its own: a message that fails to write leaves nothing
 * behind and is tried again later.  Returns its outcome.
 */
enum mail_outcome
record(struct mailer *mx, struct incoming *in)
{
	struct db		*db = mx->ws->db;
	enum mail_outcome	 out = in->what;

	if (in->parse_failed)
		(void)db_exec(db, STMT_INGEST_FAILED, "ttttii", in->source,
		    in->key, in->hash, in->raw_path, (int64_t)time(NULL),
		    (int64_t)time(NULL));
	if (out == MAIL_DUPLICATE || out == MAIL_RETRY)
		return out;
	if (db_savepoint(db) == -1)
		return MAIL_RETRY;
	if (out == MAIL_QUARANTINED) {
		log_warn("quarantined message %.12s: %s", in->hash, in->why);
		if (ledger_record(db, in, "quarantined", in->why, 0) == -1)
			out = MAIL_RETRY;
	} else if ((out = mail_store(mx, in)) == MAIL_DUPLICATE) {
		db_rollback_savepoint(db);
		if (db_savepoint(db) == -1 || ledger_record(db, in, "stored",
		    "duplicate Message-ID", 0) == -1)
			out = MAIL_RETRY;
	}
	if (out == MAIL_RETRY) {
		db_rollback_savepoint(db);
		return out;
	}
	if (db_release(db) == -1)
		return MAIL_RETRY;
	if (out != MAIL_QUARANTINED)
		log_info("message %.12s from %s: %s", in->hash, in->m.from,
		    out == MAIL_STORED ? "stored" : out == MAIL_REJECTED ?
		    "rejected, errors sent back" : "duplicate");
	return out;
}

void
incoming_free(struct incoming *in)
{
	ratemail_result_free(&in->r);
	ratemail_free(&in->p);
	mail_parts_free(&in->m);
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

int
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

static int64_t
mtime_ms(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		return 0;
	return (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
}

static int64_t
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * The detached runner: once deliveries have been quiet for half a
 * second, runs the hook; again if more came meanwhile.  It holds the
 * lock while it waits or runs, and looks once more after letting go,
 * in case a delivery found the lock taken just before.
 */
static void
hook_runner(struct mailer *mx, const char *due, int lock)
{
	int64_t	 seen, age;

	for (;;) {
		while ((age = now_ms() - mtime_ms(due)) < HOOK_QUIET_MS)
			poll(NULL, 0, (int)(HOOK_QUIET_MS - age));
		seen = mtime_ms(due);
		(void)run_hook(mx);
		if (mtime_ms(due) != seen)
			continue;
		flock(lock, LOCK_UN);
		if (mtime_ms(due) == seen || flock(lock, LOCK_EX | LOCK_NB) == -1)
			break;
	}
}

/*
 * After a delivery from standard input: the post-ingest hook runs in a
 * detached process once a burst of deliveries has gone quiet, so forty
 * messages from the mail server cause one rebuild and no delivery waits
 * for it.  Its output goes to hooks.log in the workspace.
 */
static void
hook_later(struct mailer *mx)
{
	char	 due[4096], lock[4096], log[4096];
	pid_t	 pid;
	int	 fd, lk;

	if (snprintf(due, sizeof(due), "%s/hooks/post-ingest", mx->ws->dir) >=
	    (int)sizeof(due) || access(due, X_OK) != 0)
		return;		/* no hook: nothing to wait for */
	if (snprintf(due, sizeof(due), "%s/.hook-due", mx->ws->dir) >=
	    (int)sizeof(due) || snprintf(lock, sizeof(lock), "%s/.hook-lock",
	    mx->ws->dir) >= (int)sizeof(lock) || snprintf(log, sizeof(log),
	    "%s/hooks.log", mx->ws->dir) >= (int)sizeof(log))
		return;
	if ((fd = open(due, O_WRONLY | O_CREAT | O_CLOEXEC, 0600)) == -1 ||
	    futimens(fd, NULL) == -1) {
		log_warn("%s: %s; running the hook now", due, strerror(errno));
		if (fd != -1)
			close(fd);
		(void)run_hook(mx);
		return;
	}
	close(fd);
	if ((lk = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return;
	if (flock(lk, LOCK_EX | LOCK_NB) == -1) {
		close(lk);	/* a runner is waiting: it sees this delivery */
		return;
	}
	fflush(NULL);
	if ((pid = fork()) == 0) {
		if (fork() != 0)
			_exit(0);
		/* the grandchild: free of the mail server's pipes */
		setsid();
		if ((fd = open("/dev/null", O_RDONLY)) != -1)
			dup2(fd, 0);
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600)) != -1) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		hook_runner(mx, due, lk);
		_exit(0);	/* the database handle is the parent's */
	}
	close(lk);
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

/*
 * One message from standard input, as a delivery agent: its bytes are
 * kept (mail/raw/) before it is read, and exit 0 comes only after the
 * commit.
 */
static int
mail_stdin(struct mailer *mx)
{
	struct incoming	 in;
	struct buf	 raw = { 0 };
	char		 hash[65], copy[4096];
	enum mail_outcome o = MAIL_RETRY;

	memset(&in, 0, sizeof(in));
	in.source = "stdin";
	/* a huge message is kept (its head) and quarantined, not retried */
	if (file_read_head("-", MAIL_MAX_SIZE, &raw, &in.too_big) == -1)
		goto out;
	content_hash(raw.data, raw.len, hash);
	if (keep_raw(mx, "raw", hash, raw.data, raw.len, in.raw_path,
	    sizeof(in.raw_path)) == -1)
		goto out;
	if (db_read(mx->ws->db) == -1)
		goto out;
	prepare(mx, &in, raw.data, raw.len);
	db_rollback(mx->ws->db);	/* the read transaction */
	if (in.what == MAIL_QUARANTINED && keep_raw(mx, "quarantine", hash,
	    raw.data, raw.len, copy, sizeof(copy)) == -1)
		goto out;
	if (db_begin(mx->ws->db) == -1)
		goto out;
	o = record(mx, &in);
	/* a parser failure's note is kept even though the text was not */
	if (db_commit(mx->ws->db) == -1) {
		db_rollback(mx->ws->db);
		o = MAIL_RETRY;
	}
out:
	ratemail_index_free(mx->index);
	mx->index = NULL;
	incoming_free(&in);
	buf_free(&raw);
	if (o == MAIL_STORED || o == MAIL_REJECTED)
		hook_later(mx);
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


/*
 * Reads, writes and moves one group of entries of new/: all are
 * committed in one transaction (each in its own savepoint), and only
 * then moved out of new/.  Returns how many were stored or answered.
 */
static int
maildir_batch(struct mailer *mx, const char *dir, struct dirent **names,
    int n)
{
	struct incoming		*in;
	struct buf		 raw = { 0 };
	enum mail_outcome	*out;
	int			 i, j, done = 0, ok;

	if ((in = calloc((size_t)n, sizeof(*in))) == NULL ||
	    (out = calloc((size_t)n, sizeof(*out))) == NULL) {
		free(in);
		return -1;
	}
	/*
	 * One read transaction to prepare the group (reads do not take and
	 * drop the lock message by message, and never block writers), then
	 * one short write transaction to record it.
	 */
	ok = db_read(mx->ws->db) == 0 &&
	    (mx->index = ratemail_index(mx->ws->db)) != NULL;
	for (i = 0; ok && i < n && !stopping; i++) {
		in[i].source = "maildir";
		in[i].what = MAIL_RETRY;
		/* the unique part of a Maildir name, without its flags */
		snprintf(in[i].key, sizeof(in[i].key), "%.*s",
		    (int)strcspn(names[i]->d_name, ":"), names[i]->d_name);
		snprintf(in[i].raw_path, sizeof(in[i].raw_path), "%s/new/%s",
		    dir, names[i]->d_name);
		buf_reset(&raw);
		if (file_read_head(in[i].raw_path, MAIL_MAX_SIZE, &raw,
		    &in[i].too_big) == -1)
			continue;
		prepare(mx, &in[i], raw.data, raw.len);
		/* the same message twice in one group: the first counts */
		for (j = 0; j < i; j++)
			if (in[i].what == MAIL_STORED &&
			    !strcmp(in[j].hash, in[i].hash))
				in[i].what = MAIL_DUPLICATE;
	}
	db_rollback(mx->ws->db);	/* the read transaction */
	ok = ok && db_begin(mx->ws->db) == 0;
	for (i = 0; i < n; i++)
		out[i] = ok ? record(mx, &in[i]) : MAIL_RETRY;
	if (ok && db_commit(mx->ws->db) == -1)
		ok = 0;
	if (!ok)
		db_rollback(mx->ws->db);
	ratemail_index_free(mx->index);
	mx->index = NULL;
	for (i = 0; i < n; i++) {
		if (!ok || out[i] == MAIL_RETRY)
			continue;	/* stays in new/ for the next pass */
		(void)maildir_move(dir, names[i]->d_name, out[i] ==
		    MAIL_QUARANTINED ? ".Quarantine" : out[i] ==
		    MAIL_REJECTED ? ".Rejected" : "");
		done += out[i] == MAIL_STORED || out[i] == MAIL_REJECTED;
	}
	for (i = 0; i < n; i++)
		incoming_free(&in[i]);
	free(in);
	free(out);
	buf_free(&raw);
	return done;
}

/* One pass over new/; returns how many were stored or answered. */
static int
maildir_scan(struct mailer *mx, const char *dir)
{
	struct dirent	**list = NULL;
	char		  path[4096];
	int		  n, i, k, done = 0, r;

	snprintf(path, sizeof(path), "%s/new", dir);
	if ((n = scandir(path, &list, NULL, by_name)) == -1) {
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	/* hidden entries are not mail */
	for (i = k = 0; i < n; i++)
		if (list[i]->d_name[0] == '.')
			free(list[i]);
		else
			list[k++] = list[i];
	for (i = 0; i < k && !stopping; i += MAIL_BATCH) {
		r = maildir_batch(mx, dir, list + i, k - i < MAIL_BATCH ?
		    k - i : MAIL_BATCH);
		if (r > 0)
			done += r;
	}
	for (i = 0; i < k; i++)
		free(list[i]);
	free(list);
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
		{ "imap", required_argument, NULL, 'i' },
		{ "idle", no_argument, NULL, 'I' },
		{ "recipient", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct workspace ws;
	struct mailer	 mx = { 0 };
	const char	*maildir = NULL, *imap = NULL;
	int		 c, from_stdin = 0, watch = 0, idle = 0, status, n;

	optind = 0;
	while ((c = getopt_long(argc, argv, "C:h", opts, NULL)) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 's': from_stdin = 1; break;
		case 'm': maildir = optarg; break;
		case 'w': watch = 1; break;
		case 'i': imap = optarg; break;
		case 'I': idle = 1; break;
		case 'r': mx.recipient = optarg; break;
		case 'h': printf("usage: %s\n", usage); return 0;
		default: return cli_usage_error(usage, NULL);
		}
	if (argc != optind || from_stdin + (maildir != NULL) +
	    (imap != NULL) != 1 || (watch && maildir == NULL) ||
	    (idle && imap == NULL))
		return cli_usage_error(usage, "give one of --stdin, --maildir "
		    "and --imap");
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
	signal(SIGPIPE, SIG_IGN);	/* a dead parser worker is an error */
	if (from_stdin)
		status = mail_stdin(&mx);
	else if (imap != NULL)
		status = mail_imap(&mx, imap, idle);
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
