/*
 * spool.c - where cox sms serve keeps a signed text (or status
 * callback) that it cannot store right now, because the database is
 * locked, full or failing: appended to WORKSPACE/spool/sms.spool, one
 * JSON object a line, and flushed to disk before Twilio gets its 200.
 * The daemon stores what is spooled, in order, as soon as the database
 * takes writes again (and at start-up), in the same transaction as
 * whatever else it stores then, and empties the spool after that
 * commit.  A crash in between stores nothing twice: each text is kept
 * under its MessageSid.
 *
 * The spool is read back in pieces (SPOOL_PIECE bytes or SPOOL_PIECE_N
 * entries at most), one entry at a time, each piece in a transaction of
 * its own: however big the spool grows, memory stays bounded.
 * sms.spool.done holds where the stored part ends (replaced atomically
 * after each commit); the spool is emptied once all of it is stored.
 * A piece that cannot be stored stays, and after SPOOL_STUCK_TRIES
 * tries in a row sms.spool.stuck says so, for /healthz and cox status
 * (spool_stuck, spool_report).
 *
 * A line: {"job":"sms","sid":"SM...","from":"+44...","body":"..."}
 * (and "optout":"STOP" when a Messaging Service heard one) or
 * {"job":"status","sid":"SM...","status":"delivered","code":"30003"}.
 * It holds what Twilio sent and nothing else: the athlete's number and
 * text, as the database would.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "text.h"

#define SPOOL_PIECE	(4 * 1024 * 1024)	/* bytes stored per transaction */
#define SPOOL_PIECE_N	1000		/* and entries, so new texts wait little */
#define SPOOL_LINE_MAX	(256 * 1024)	/* longer is no entry of ours */
#define SPOOL_READ	(64 * 1024)	/* read() at a time */
#define SPOOL_STUCK_TRIES 3		/* failed pieces in a row: stuck */
#define SPOOL_RESERVE	(1024 * 1024)	/* kept for a full disk: some
					   3,000 texts */
#define SPOOL_SEEN	512		/* entries remembered, not spooled
					   again (spool_append()) */

struct spool {
	char	 path[4096];
	char	 done_path[4112];	/* sms.spool.done: the stored part */
	char	 stuck_path[4112];	/* sms.spool.stuck: it does not drain */
	int	 fd;
	off_t	 done;		/* the entries before it are stored */
	off_t	 read_end;	/* where spool_each stopped; 0: not since cleared */
	long	 read_n;	/* lines it read */
	long	 waiting;	/* lines after done */
	int	 fails;		/* pieces not stored, in a row */
	char	 seen[SPOOL_SEEN][48];	/* the last entries appended */
	unsigned seen_next;
};

/* Reads a spool file line by line from an offset, SPOOL_READ at a time. */
struct reader {
	int	 fd;
	off_t	 off;		/* of buf[0] in the file */
	size_t	 pos, len;
	char	 buf[SPOOL_READ];
};

/*
 * The next line of r into line (NUL-terminated, without its newline),
 * with its end offset in *end.  Returns 1, 0 at the end of the file, -1
 * on a read error; a line longer than SPOOL_LINE_MAX comes back empty.
 */
static int
reader_line(struct reader *r, struct buf *line, off_t *end)
{
	char	*nl;
	ssize_t	 got;
	size_t	 n;
	int	 any = 0;

	line->len = 0;
	for (;;) {
		if (r->pos == r->len) {
			r->off += (off_t)r->len;
			r->pos = r->len = 0;
			if ((got = read(r->fd, r->buf, sizeof(r->buf))) == -1)
				return -1;
			if (got == 0)
				break;
			r->len = (size_t)got;
		}
		any = 1;
		nl = memchr(r->buf + r->pos, '\n', r->len - r->pos);
		n = (nl ? (size_t)(nl - r->buf) : r->len) - r->pos;
		if (line->len + n <= SPOOL_LINE_MAX &&
		    buf_add(line, r->buf + r->pos, n) == -1)
			return -1;
		if (line->len + n > SPOOL_LINE_MAX)
			line->len = SPOOL_LINE_MAX + 1;	/* too long: dropped */
		r->pos += n + (nl != NULL);
		if (nl != NULL)
			break;
	}
	*end = r->off + (off_t)r->pos;
	if (line->len > SPOOL_LINE_MAX)
		line->len = 0;
	if (line->data != NULL)
		line->data[line->len] = '\0';
	return any;
}

/* Opens path for reading from off; -1 (logged) when it cannot. */
static int
reader_open(struct reader *r, const char *path, off_t off)
{
	r->off = off;
	r->pos = r->len = 0;
	if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    lseek(r->fd, off, SEEK_SET) == -1) {
		if (r->fd != -1)
			close(r->fd);
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* Lines of path after its stored part (per done_path), or -1. */
static long
count_waiting(const char *path, off_t done)
{
	struct reader	*r;
	long		 n = 0;
	ssize_t		 got, i;

	if ((r = malloc(sizeof(*r))) == NULL || reader_open(r, path, done)) {
		free(r);
		return -1;
	}
	while ((got = read(r->fd, r->buf, sizeof(r->buf))) > 0)
		for (i = 0; i < got; i++)
			n += r->buf[i] == '\n';
	close(r->fd);
	free(r);
	return got == -1 ? -1 : n;
}

/* The offset in done_path (0 when it is not there or is wrong). */
static off_t
read_done(const char *done_path, off_t size)
{
	struct buf	 b = { 0 };
	long long	 v = 0;

	if (file_exists(done_path) && file_read(done_path, 64, &b) == 0 &&
	    (sscanf(b.data, "%lld", &v) != 1 || v < 0 || v > (long long)size))
		v = 0;	/* the spool was emptied after it: all is new */
	buf_free(&b);
	return (off_t)v;
}

/*
 * Holds SPOOL_RESERVE bytes of disk for the spool beyond its end, which
 * appends then fill without asking the file system for room; again
 * after each sync, so that a long outage keeps some ahead.  The disk
 * fills when the database's log grows, and what a failed commit wrote
 * to it took the last free blocks: the spool, which is there for that
 * moment, could not write either, and every text was answered 503.
 * Where the file system cannot (an old NFS), it says so once.
 */
static void
spool_reserve(struct spool *sp, int opening)
{
	static int	 said;
	struct stat	 st;

	if (fstat(sp->fd, &st) == 0 && fallocate(sp->fd, FALLOC_FL_KEEP_SIZE,
	    st.st_size, SPOOL_RESERVE) == 0)
		return;
	/* a disk that fills while the spool is used is what it is for */
	if (said || (errno == ENOSPC && !opening))
		return;
	said = 1;
	log_warn("%s: cannot keep room for the spool (%s): on a full disk, "
	    "texts may be answered 503", sp->path, strerror(errno));
}

/*
 * Opens (making) dir/spool/sms.spool for appending; NULL on failure.
 * A line a crash cut short is ended, so the next entry is whole.
 */
struct spool *
spool_open(const char *dir)
{
	struct spool	*sp;
	struct stat	 st;
	char		 folder[4096], last = '\n';

	if ((sp = calloc(1, sizeof(*sp))) == NULL)
		return NULL;
	if (snprintf(folder, sizeof(folder), "%s/spool", dir) >=
	    (int)sizeof(folder) || snprintf(sp->path, sizeof(sp->path),
	    "%s/sms.spool", folder) >= (int)sizeof(sp->path) ||
	    dir_make(folder, 0700) == -1 ||
	    (sp->fd = open(sp->path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC,
	    0600)) == -1) {
		log_error("%s: %s", sp->path, strerror(errno));
		free(sp);
		return NULL;
	}
	snprintf(sp->done_path, sizeof(sp->done_path), "%s.done", sp->path);
	snprintf(sp->stuck_path, sizeof(sp->stuck_path), "%s.stuck", sp->path);
	if (fstat(sp->fd, &st) == 0 && st.st_size > 0 &&
	    pread(sp->fd, &last, 1, st.st_size - 1) == 1 && last != '\n' &&
	    write(sp->fd, "\n", 1) != 1)
		log_error("%s: %s", sp->path, strerror(errno));
	spool_reserve(sp, 1);
	sp->done = read_done(sp->done_path, st.st_size);
	if ((sp->waiting = count_waiting(sp->path, sp->done)) == -1) {
		spool_close(sp);
		return NULL;
	}
	return sp;
}

void
spool_close(struct spool *sp)
{
	if (sp == NULL)
		return;
	close(sp->fd);
	free(sp);
}

/* Whether anything waits in the spool. */
int
spool_pending(const struct spool *sp)
{
	struct stat	 st;

	return fstat(sp->fd, &st) == 0 && st.st_size > sp->done;
}

/*
 * Whether the entry (status and sid: a text, or one status of a text)
 * is among the last SPOOL_SEEN appended since the spool was emptied;
 * remembers it when not.  Twilio's retries, or a captured request sent
 * again and again, while the database is locked would otherwise each
 * be spooled, and one request could fill the room kept for a full disk.
 */
static int
spool_seen(struct spool *sp, int status, const char *sid, const char *a)
{
	char	 key[48];
	size_t	 i;

	if ((size_t)snprintf(key, sizeof(key), "%s:%s", sid,
	    status ? a : "") >= sizeof(key))
		return 0;	/* no SID of Twilio's: not remembered */
	for (i = 0; i < SPOOL_SEEN; i++)
		if (strcmp(sp->seen[i], key) == 0)
			return 1;
	memcpy(sp->seen[sp->seen_next++ % SPOOL_SEEN], key, sizeof(key));
	return 0;
}

/*
 * Appends one entry (not yet on disk: spool_sync() does that), unless
 * the same was appended lately (spool_seen()): it is stored once
 * anyway, by its MessageSid.  For a text a and b are From and Body; for
 * a status, MessageStatus and ErrorCode (or NULL).  Returns 0 or -1.
 */
int
spool_append(struct spool *sp, int status, const char *sid, const char *a,
    const char *b, const char *c)
{
	json_t	*j;
	char	*line = NULL;
	size_t	 len;
	ssize_t	 w;
	int	 rc = -1;

	if (spool_seen(sp, status, sid, a))
		return 0;
	j = status ? json_pack("{s:s, s:s, s:s, s:s?}", "job", "status",
	    "sid", sid, "status", a, "code", b) : json_pack("{s:s, s:s, "
	    "s:s, s:s, s:s?}", "job", "sms", "sid", sid, "from", a, "body", b,
	    "optout", c);
	if (j == NULL || (line = json_dumps(j, JSON_COMPACT)) == NULL)
		goto out;
	len = strlen(line);
	line[len++] = '\n';	/* over the NUL: written by length */
	if ((w = write(sp->fd, line, len)) == (ssize_t)len) {
		sp->waiting++;
		rc = 0;
	} else {
		log_error("%s: %s", sp->path, w == -1 ? strerror(errno) :
		    "short write");
		/* a partial line would spoil the next: cut it off */
		if (w > 0 && ftruncate(sp->fd, lseek(sp->fd, 0, SEEK_END) -
		    w) == -1)
			log_error("%s: cutting off a partial line: %s",
			    sp->path, strerror(errno));
	}
out:
	free(line);
	json_decref(j);
	return rc;
}

/* Puts what was appended on disk.  Returns 0 or -1 (logged). */
int
spool_sync(struct spool *sp)
{
	if (fsync(sp->fd) == 0) {
		spool_reserve(sp, 0);	/* room for the next, while any */
		return 0;
	}
	log_error("%s: %s", sp->path, strerror(errno));
	return -1;
}

/*
 * Hands one line to each(); a line that is not a whole entry (a crash
 * during a write) is skipped and logged.
 */
static int
each_line(struct spool *sp, const char *line, int (*each)(void *, int,
    const char *, const char *, const char *, const char *), void *arg)
{
	json_t		*j = json_loads(line, 0, NULL);
	const char	*job = json_string_value(json_object_get(j, "job"));
	const char	*sid = json_string_value(json_object_get(j, "sid"));
	int		 rc = 0;

	if (job == NULL || sid == NULL)
		log_warn("%s: a damaged line skipped", sp->path);
	else if (!strcmp(job, "status"))
		rc = each(arg, 1, sid, json_string_value(json_object_get(j,
		    "status")), json_string_value(json_object_get(j, "code")),
		    NULL);
	else
		rc = each(arg, 0, sid, json_string_value(json_object_get(j,
		    "from")), json_string_value(json_object_get(j, "body")),
		    json_string_value(json_object_get(j, "optout")));
	json_decref(j);
	return rc;
}

/* One more piece not stored: after SPOOL_STUCK_TRIES, say so on disk. */
static void
piece_failed(struct spool *sp)
{
	if (++sp->fails != SPOOL_STUCK_TRIES)
		return;
	log_error("%s: %ld texts and status callbacks cannot be stored yet "
	    "(above)", sp->path, sp->waiting);
	(void)file_replace(sp->stuck_path, "", 0, 0600, FILE_DURABLE);
}

/*
 * Calls each(arg, status, sid, a, b, c) for the next piece of entries
 * (SPOOL_PIECE bytes or SPOOL_PIECE_N lines), in order, and returns how
 * many lines it read (a damaged one is skipped, logged), or -1.
 * spool_clear() then drops that piece, once stored.
 */
int
spool_each(struct spool *sp, int (*each)(void *, int, const char *,
    const char *, const char *, const char *), void *arg)
{
	struct reader	*r;
	struct buf	 line = { 0 };
	off_t		 end = sp->done;
	int		 rc = 0, got = 0;

	if (sp->read_end != 0)
		piece_failed(sp);	/* the last piece was never committed */
	sp->read_end = 0;
	sp->read_n = 0;
	if ((r = malloc(sizeof(*r))) == NULL ||
	    reader_open(r, sp->path, sp->done) == -1) {
		free(r);
		piece_failed(sp);
		return -1;
	}
	while (rc == 0 && end - sp->done < SPOOL_PIECE &&
	    sp->read_n < SPOOL_PIECE_N &&
	    (got = reader_line(r, &line, &end)) == 1) {
		if (line.len > 0)
			rc = each_line(sp, line.data, each, arg);
		sp->read_n += rc == 0;
	}
	if (rc == 0 && got == -1) {
		log_error("%s: %s", sp->path, strerror(errno));
		rc = -1;
	}
	close(r->fd);
	free(r);
	buf_free(&line);
	if (rc == -1) {
		piece_failed(sp);
		return -1;
	}
	sp->read_end = end;
	return (int)sp->read_n;
}

/*
 * Drops the piece spool_each() read, once what it held is committed:
 * the stored part's end is moved past it, and when nothing is left the
 * spool is emptied (the end put back to 0 first: a crash in between
 * stores the spool again, each entry once by its MessageSid).  0 or -1.
 */
int
spool_clear(struct spool *sp)
{
	struct stat	 st;
	char		 v[32];
	int		 all, n;

	if (sp->read_end == 0)
		return 0;
	if (fstat(sp->fd, &st) == -1)
		goto fail;
	all = sp->read_end >= st.st_size;
	n = snprintf(v, sizeof(v), "%lld\n", all ? 0LL :
	    (long long)sp->read_end);
	if (file_replace(sp->done_path, v, (size_t)n, 0600, FILE_DURABLE) ==
	    -1)
		return -1;
	if (all && (ftruncate(sp->fd, 0) == -1 || fsync(sp->fd) == -1))
		goto fail;
	if (all) {
		spool_reserve(sp, 0);	/* the cut let it go */
		memset(sp->seen, 0, sizeof(sp->seen));
	}
	sp->done = all ? 0 : sp->read_end;
	sp->waiting = all ? 0 : sp->waiting - sp->read_n;
	sp->read_end = 0;
	if (sp->fails >= SPOOL_STUCK_TRIES)
		(void)unlink(sp->stuck_path);
	sp->fails = 0;
	return 0;
fail:
	log_error("%s: %s", sp->path, strerror(errno));
	return -1;
}

/*
 * For /healthz: NULL when the spool drains, else a line saying how many
 * entries cannot be stored (the caller frees it).
 */
char *
spool_stuck(const struct spool *sp)
{
	char	*s = NULL;

	if (sp->fails >= SPOOL_STUCK_TRIES && asprintf(&s, "%ld texts and "
	    "status callbacks in the spool cannot be stored; see the log\n",
	    sp->waiting) == -1)
		s = NULL;
	return s;
}

/*
 * For cox status, from another process: how many entries of dir's spool
 * wait (*waiting) and whether cox sms serve found it cannot store them
 * (*stuck, since *since).  Returns 0, or -1 when the spool is unreadable.
 */
int
spool_report(const char *dir, long *waiting, int *stuck, time_t *since)
{
	char		 path[4096], aux[4112];
	struct stat	 st;

	*waiting = 0;
	*stuck = 0;
	if (snprintf(path, sizeof(path), "%s/spool/sms.spool", dir) >=
	    (int)sizeof(path))
		return -1;
	if (stat(path, &st) == -1)
		return errno == ENOENT ? 0 : -1;
	snprintf(aux, sizeof(aux), "%s.done", path);
	if ((*waiting = count_waiting(path, read_done(aux, st.st_size))) == -1)
		return -1;
	snprintf(aux, sizeof(aux), "%s.stuck", path);
	if (*waiting > 0 && stat(aux, &st) == 0) {
		*stuck = 1;
		*since = st.st_mtime;
	}
	return 0;
}
