/*
 * sitefile.c - writing a file of site/ for cox build: only when its
 * bytes changed, so an unchanged file keeps its time and publishes
 * nothing, and atomically (file_replace), so a file is whole or not
 * there.  Below the build: it calls nothing else of gen/.
 *
 * The build also records which paths it wrote or removed, so that cox
 * publish commits those and does not walk every file of site/ (a stat,
 * and a read of each folder, for every athlete).  The record is the
 * workspace's .site-changes, appended to by each build until a publish
 * takes it:
 *
 *	building		a build began
 *	a/x7f.../index.html	what it wrote or removed, one a line
 *	built			it ended with the site whole
 *
 * A build that was killed leaves a "building" with no "built" after it;
 * such a record, or none (site/ edited by hand and published with no
 * build), is no record, and publish walks site/ as it always did.  A
 * file put into site/ by hand and followed by a build is not in the
 * record: `cox publish --all` walks site/ whatever the record says.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

#define RECORD_MAX	(16 * 1024 * 1024)	/* bytes */

/*
 * Writes data to site/rel unless the file already holds exactly that;
 * *wrote, unless NULL, says whether it wrote.  Returns OUT_OK or
 * OUT_FAILED.
 */
enum outcome
sitefile_put(const char *site, const char *rel, const char *data, size_t len,
    int *wrote)
{
	struct buf	 old = { 0 };
	char		 path[4096];
	struct stat	 st;
	int		 same;

	if (wrote != NULL)
		*wrote = 0;
	if (path_join(path, sizeof(path), site, rel) == -1)
		return OUT_FAILED;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len) {
		same = len == 0 || (file_read(path, len, &old) == 0 &&
		    old.len == len && memcmp(old.data, data, len) == 0);
		buf_free(&old);
		if (same)
			return OUT_OK;
	}
	/* the site can be rebuilt from cox.db: atomic, but no fsync */
	if (file_replace(path, data, len, 0644, FILE_MKDIRS) == -1)
		return OUT_FAILED;
	if (wrote != NULL)
		*wrote = 1;
	return OUT_OK;
}

/* sitefile_put() into b's site, counted as written or unchanged. */
enum outcome
sitefile_write(struct build *b, const char *rel, const char *data, size_t len)
{
	int	 wrote;

	if (sitefile_put(b->site, rel, data, len, &wrote) != OUT_OK)
		return OUT_FAILED;
	if (wrote) {
		b->written++;
		if (sitefile_changed(b, rel) == -1)
			return OUT_FAILED;
	} else
		b->unchanged++;
	return OUT_OK;
}

/* Notes that the build wrote or removed site/rel (the main thread only). */
int
sitefile_changed(struct build *b, const char *rel)
{
	return strlist_add(&b->changed, rel);
}

/* Appends text to the workspace's record (RECORD_FILE). */
static int
record_append(const struct workspace *ws, const char *text, size_t len)
{
	char	 path[4096];
	int	 fd, rc = 0;

	if (workspace_path(ws, RECORD_FILE, path, sizeof(path)) == -1)
		return -1;
	if ((fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
	    0644)) == -1 || fd_write_all(fd, text, len) == -1) {
		log_error("%s: %s", path, strerror(errno));
		rc = -1;
	}
	if (fd != -1)
		close(fd);
	return rc;
}

/*
 * Writes "building" to the record: a build, holding the workspace's
 * lock, began.
 * A record past RECORD_MAX (builds and no publish for a season) starts
 * again from "lost", which makes the next publish walk site/.
 */
int
sitefile_record_begin(const struct workspace *ws)
{
	struct stat	 st;
	char		 path[4096];

	if (workspace_path(ws, RECORD_FILE, path, sizeof(path)) == -1)
		return -1;
	if (stat(path, &st) == 0 && st.st_size > RECORD_MAX &&
	    file_replace(path, "lost\n", 5, 0644, 0) == -1)
		return -1;
	return record_append(ws, "building\n", 9);
}

/* Writes the paths b changed and "built" to the record, in one write. */
int
sitefile_record_end(const struct build *b)
{
	struct buf	 text = { 0 };
	size_t		 i;
	int		 rc;

	for (i = 0; i < b->changed.n; i++)
		buf_printf(&text, "%s\n", b->changed.v[i]);
	buf_puts(&text, "built\n");
	rc = buf_failed(&text) ? -1 : record_append(b->ws, text.data,
	    text.len);
	buf_free(&text);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Takes the record for a publish: renames it aside (a build that ends
 * meanwhile starts a new one) and fills paths, sorted and each once.
 * Returns OUT_OK with the paths, OUT_NOTFOUND when there is no record
 * to trust (*why says why), OUT_FAILED.  sitefile_record_done() after a
 * commit made from it.
 */
enum outcome
sitefile_record_take(const struct workspace *ws, struct strlist *paths,
    const char **why)
{
	struct buf	 text = { 0 };
	char		 path[4096], taken[4096], *line, *nl;
	size_t		 i, open_builds = 0;
	int		 ended = 0, lost = 0;
	enum outcome	 out = OUT_NOTFOUND;

	*why = "no build since the last publish";
	if (workspace_path(ws, RECORD_FILE, path, sizeof(path)) == -1 ||
	    workspace_path(ws, RECORD_FILE ".taken", taken,
	    sizeof(taken)) == -1)
		return OUT_FAILED;
	if (file_exists(taken)) {
		/* a publish that failed: what it took is not in a commit */
		*why = "a publish was cut short";
		return OUT_NOTFOUND;
	}
	if (!file_exists(path))
		return OUT_NOTFOUND;
	if (rename(path, taken) == -1 || file_read(taken, 64 * 1024 * 1024,
	    &text) == -1) {
		log_error("%s: %s", path, strerror(errno));
		return OUT_FAILED;
	}
	for (line = text.data; line != NULL && *line != '\0'; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		ended = 0;
		if (strcmp(line, "lost") == 0)
			lost = 1;
		else if (strcmp(line, "building") == 0)
			open_builds++;
		else if (strcmp(line, "built") == 0) {
			if (open_builds > 0)
				open_builds--;
			ended = 1;
		} else if (*line != '\0' && strlist_add(paths, line) == -1) {
			out = OUT_FAILED;
			goto done;
		}
	}
	if (lost) {
		*why = "the builds' record grew too long";
		goto done;
	}
	if (!ended || open_builds > 0) {
		*why = "a build was stopped before it ended";
		goto done;
	}
	if (paths->n > 1)
		qsort(paths->v, paths->n, sizeof(paths->v[0]), cmp_str);
	for (i = 1; i < paths->n; )
		if (strcmp(paths->v[i], paths->v[i - 1]) == 0) {
			free(paths->v[i]);
			memmove(&paths->v[i], &paths->v[i + 1],
			    (paths->n - i - 1) * sizeof(paths->v[0]));
			paths->n--;
		} else
			i++;
	out = OUT_OK;
done:
	if (out != OUT_OK)
		strlist_free(paths);
	buf_free(&text);
	return out;
}

/* Forgets the record a publish took (after its commit, or a full walk). */
void
sitefile_record_done(const struct workspace *ws)
{
	char	 path[4096];

	if (workspace_path(ws, RECORD_FILE ".taken", path, sizeof(path)) == 0)
		(void)unlink(path);
}
