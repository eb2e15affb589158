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
 * A line: {"job":"sms","sid":"SM...","from":"+44...","body":"..."} or
 * {"job":"status","sid":"SM...","status":"delivered","code":"30003"}.
 * It holds what Twilio sent and nothing else: the athlete's number and
 * text, as the database would.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "ingest.h"

#define SPOOL_MAX	(64 * 1024 * 1024)	/* bytes read back at once */

struct spool {
	char	 path[4096];
	int	 fd;
};

/* Opens (making) dir/spool/sms.spool for appending; NULL on failure. */
struct spool *
spool_open(const char *dir)
{
	struct spool	*sp;
	char		 folder[4096];

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

	return fstat(sp->fd, &st) == 0 && st.st_size > 0;
}

/*
 * Appends one entry (not yet on disk: spool_sync() does that).  For a
 * text a and b are From and Body; for a status, MessageStatus and
 * ErrorCode (or NULL).  Returns 0 or -1.
 */
int
spool_append(struct spool *sp, int status, const char *sid, const char *a,
    const char *b)
{
	json_t	*j;
	char	*line = NULL;
	size_t	 len;
	ssize_t	 w;
	int	 rc = -1;

	j = status ? json_pack("{s:s, s:s, s:s, s:s?}", "job", "status",
	    "sid", sid, "status", a, "code", b) : json_pack("{s:s, s:s, "
	    "s:s, s:s}", "job", "sms", "sid", sid, "from", a, "body", b);
	if (j == NULL || (line = json_dumps(j, JSON_COMPACT)) == NULL)
		goto out;
	len = strlen(line);
	line[len++] = '\n';	/* over the NUL: written by length */
	if ((w = write(sp->fd, line, len)) == (ssize_t)len)
		rc = 0;
	else {
		log_error("%s: %s", sp->path, w == -1 ? strerror(errno) :
		    "short write");
		/* a partial line would spoil the next: cut it off */
		if (w > 0)
			(void)ftruncate(sp->fd, lseek(sp->fd, 0, SEEK_END) - w);
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
	if (fsync(sp->fd) == 0)
		return 0;
	log_error("%s: %s", sp->path, strerror(errno));
	return -1;
}

/*
 * Calls each(arg, status, sid, a, b) for every entry, in order, and
 * returns how many it read, or -1.  A line that is not a whole entry
 * (a crash during a write) is skipped and logged.
 */
int
spool_each(struct spool *sp, int (*each)(void *, int, const char *,
    const char *, const char *), void *arg)
{
	struct buf	 b = { 0 };
	json_t		*j;
	char		*line, *nl;
	const char	*job, *sid;
	int		 n = 0, rc = 0;

	if (file_read(sp->path, SPOOL_MAX, &b) == -1)
		return -1;
	for (line = b.data; rc == 0 && line != NULL && *line != '\0';
	    line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		j = json_loads(line, 0, NULL);
		job = json_string_value(json_object_get(j, "job"));
		sid = json_string_value(json_object_get(j, "sid"));
		if (job == NULL || sid == NULL)
			log_warn("%s: a damaged line skipped", sp->path);
		else if (!strcmp(job, "status"))
			rc = each(arg, 1, sid, json_string_value(
			    json_object_get(j, "status")), json_string_value(
			    json_object_get(j, "code")));
		else
			rc = each(arg, 0, sid, json_string_value(
			    json_object_get(j, "from")), json_string_value(
			    json_object_get(j, "body")));
		json_decref(j);
		n += rc == 0;
	}
	buf_free(&b);
	return rc == 0 ? n : -1;
}

/* Empties the spool once what it held is committed.  0 or -1. */
int
spool_clear(struct spool *sp)
{
	if (ftruncate(sp->fd, 0) == 0 && fsync(sp->fd) == 0)
		return 0;
	log_error("%s: %s", sp->path, strerror(errno));
	return -1;
}
