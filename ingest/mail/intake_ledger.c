/*
 * intake_ledger.c - the ledger of coach email (DESIGN.md §4): each
 * message's content hash without the trace headers that differ between
 * deliveries, whether it was finished before by any transport, what
 * became of it, and its bytes kept under mail/raw/ and
 * mail/quarantine/ until pruned.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "mail.h"

STMT(STMT_INGEST_DONE_BY_HASH,
    "SELECT outcome FROM ingest WHERE content_hash = ? "
    "AND outcome != 'pending' LIMIT 1");
STMT(STMT_INGEST_BY_KEY,
    "SELECT id, attempts, outcome FROM ingest "
    "WHERE source = ? AND source_key = ?");
/* what became of it, in the transaction that stored it */
STMT(STMT_INGEST_RECORD,
    "INSERT INTO ingest (source, source_key, content_hash, attempts, "
    "outcome, reason, raw_path, message_id, created_at, updated_at) "
    "VALUES (?, ?, ?, 0, ?, ?, ?, nullif(?, 0), ?, ?) "
    "ON CONFLICT (source, source_key) DO UPDATE SET "
    "outcome = excluded.outcome, reason = excluded.reason, "
    "message_id = excluded.message_id, updated_at = excluded.updated_at");

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
intake_hash(const char *raw, size_t len, char hex[65])
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

/*
 * Whether this message was finished before, by any transport (1), or
 * not (0, with *attempts the parser failures so far), or -1.
 */
int
intake_seen(struct db *db, const char *source, const char *key,
    const char *hash, int *attempts)
{
	sqlite3_stmt	*st;
	int		 rc;

	*attempts = 0;
	st = db_query(db, STMT_INGEST_DONE_BY_HASH, "t", hash);
	if ((rc = db_row(db, st)) != OUT_OK) {
		sqlite3_reset(st);
		return rc;
	}
	st = db_query(db, STMT_INGEST_BY_KEY, "tt", source, key);
	if ((rc = db_row(db, st)) == OUT_ROW) {
		*attempts = sqlite3_column_int(st, 1);
		rc = strcmp(db_text(st, 2), "pending") != 0;
		sqlite3_reset(st);
	}
	return rc;
}

/* Records, in the caller's transaction, what became of a message. */
int
intake_ledger_record(struct db *db, const struct incoming *in,
    const char *outcome, const char *reason, int64_t message)
{
	int64_t	 now = (int64_t)time(NULL);

	return db_exec(db, STMT_INGEST_RECORD, "ttttttiii", in->source,
	    in->key, in->hash, outcome, reason, in->raw_path, message, now,
	    now);
}

/*
 * Keeps raw under mail/FOLDER/HASH.eml (durably, once) and says where
 * in path.  Returns 0 or -1.
 */
int
intake_keep_raw(struct mailer *mx, const char *folder, const char *hash,
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
 * Keeps a quarantined message as mail/quarantine/HASH.eml: a second name
 * for the copy kept on arrival (so one copy on disk, capped at
 * MAIL_MAX_SIZE), or raw itself when there is none.  Returns 0 or -1.
 */
int
intake_quarantine(struct mailer *mx, const struct incoming *in,
    const char *raw, size_t len)
{
	char	 path[4096];

	if (snprintf(path, sizeof(path), "%s/mail/quarantine/%s.eml",
	    mx->ws->dir, in->hash) >= (int)sizeof(path))
		return -1;
	if (file_exists(path) || (in->raw_path[0] != '\0' &&
	    file_link(in->raw_path, path) == 0))
		return 0;
	return file_replace(path, raw, len, 0600, FILE_DURABLE | FILE_MKDIRS);
}

/* The folders of kept copies under mail/: raw/, quarantine/ (links). */
const char *const intake_kept[] = { "raw", "quarantine", NULL };

/*
 * Removes the kept copies (mail/raw/, mail/quarantine/) last changed
 * more than days ago; *removed counts them.  The ledger keeps its
 * record of each message, so a pruned message is still never stored
 * twice.  Returns OUT_OK, or OUT_IOERR when a folder cannot be read.
 */
enum outcome
intake_prune(struct workspace *ws, long days, unsigned *removed)
{
	const char *const *folders = intake_kept;
	struct dirent	*e;
	struct stat	 st;
	char		 dir[4096], path[4352];
	time_t		 before = time(NULL) - (time_t)days * 86400;
	size_t		 i, n;
	DIR		*d;

	*removed = 0;
	for (i = 0; folders[i] != NULL; i++) {
		if (snprintf(dir, sizeof(dir), "%s/mail/%s", ws->dir,
		    folders[i]) >= (int)sizeof(dir))
			return OUT_IOERR;
		if ((d = opendir(dir)) == NULL) {
			if (errno == ENOENT)
				continue;
			log_error("%s: %s", dir, strerror(errno));
			return OUT_IOERR;
		}
		while ((e = readdir(d)) != NULL) {
			n = strlen(e->d_name);
			if (n < 5 || strcmp(e->d_name + n - 4, ".eml") != 0 ||
			    snprintf(path, sizeof(path), "%s/%s", dir,
			    e->d_name) >= (int)sizeof(path) ||
			    lstat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
			    st.st_mtime >= before)
				continue;
			if (unlink(path) == 0)
				(*removed)++;
			else
				log_warn("%s: %s", path, strerror(errno));
		}
		closedir(d);
	}
	return OUT_OK;
}
