/*
 * fsio.c - whole-file reads with a size bound, atomic replacement
 * (temporary file in the same folder, fsync, rename, fsync the folder)
 * and folder creation.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plumbing.h"

/*
 * Reads at most max bytes of path into out (appending); *more says
 * whether the file went on beyond them (the rest is read and dropped,
 * so a pipe is drained).  "-" reads standard input.
 */
int
file_read_head(const char *path, size_t max, struct buf *out, int *more)
{
	char	 chunk[65536];
	ssize_t	 n;
	size_t	 total = 0, take;
	int	 fd, rc = -1;

	*more = 0;
	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_error("%s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		take = total >= max ? 0 : max - total < (size_t)n ?
		    max - total : (size_t)n;
		if ((size_t)n > take)
			*more = 1;
		total += take;
		if (take > 0 && buf_add(out, chunk, take) == -1)
			goto out;
		if (*more && fd != STDIN_FILENO)
			break;		/* a file need not be read to its end */
	}
	if (out->data == NULL && buf_add(out, "", 0) == -1)
		goto out;
	rc = 0;
out:
	if (fd != STDIN_FILENO)
		close(fd);
	return rc;
}

/* All of path into out, refusing files larger than max bytes. */
int
file_read(const char *path, size_t max, struct buf *out)
{
	int	 more;

	if (file_read_head(path, max, out, &more) == -1)
		return -1;
	if (more) {
		log_error("%s: larger than %zu bytes", path, max);
		return -1;
	}
	return 0;
}

/* The last max bytes of path (all of it when smaller), into out. */
int
file_read_tail(const char *path, size_t max, struct buf *out)
{
	struct stat	 st;
	char		 chunk[65536];
	ssize_t		 n;
	int		 fd, rc = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fstat(fd, &st) == -1) {
		if (fd != -1)
			close(fd);
		return -1;
	}
	if ((size_t)st.st_size > max &&
	    lseek(fd, st.st_size - (off_t)max, SEEK_SET) == -1)
		rc = -1;
	while (rc == 0 && out->len < max &&
	    (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno != EINTR)
			rc = -1;
		else if (n > 0 && buf_add(out, chunk, (size_t)n) == -1)
			rc = -1;
	}
	close(fd);
	return rc == 0 && buf_add(out, "", 0) == 0 ? 0 : -1;
}

/* fsync of the folder that holds path: a rename or link in it lasts. */
int
dir_sync(const char *path)
{
	char	 copy[PATH_MAX];
	int	 fd, rc;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return -1;
	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Makes the folder path is in (mkdir -p), for a file about to be written. */
static int
dir_make_parent(const char *path)
{
	char	 copy[PATH_MAX], *parent;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy))
		return -1;
	parent = dirname(copy);
	/* mostly only the last one is missing (a new page's folder) */
	if (mkdir(parent, 0755) == 0 || errno == EEXIST)
		return 0;
	return dir_make(parent, 0755);
}

/*
 * Gives the file from a second name, to (its folder made when missing),
 * durably: one copy on disk for both.  An existing to is kept.  Returns
 * 0, or -1 with errno set (EXDEV: another file system; copy instead).
 */
int
file_link(const char *from, const char *to)
{
	if (dir_make_parent(to) == -1)
		return -1;
	if (link(from, to) == -1)
		return errno == EEXIST ? 0 : -1;
	return dir_sync(to);
}

/* Writes all of data to fd, through short writes and signals.  0 or -1. */
int
fd_write_all(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Replaces path with the given bytes so that a reader (or a crash) sees
 * either the old file or the new one, never a mixture.  FILE_DURABLE
 * also waits for the bytes to reach the disk (files that can be made
 * again, such as the generated site, skip that); FILE_MKDIRS makes
 * missing folders on the way, only when they are missing.
 */
int
file_replace(const char *path, const void *data, size_t len, int mode,
    int flags)
{
	char		 tmp[PATH_MAX];
	int		 durable = flags & FILE_DURABLE, fd = -1, rc = -1;

	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", path,
	    (long)getpid()) >= (int)sizeof(tmp)) {
		log_error("%s: path too long", path);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd == -1 && errno == ENOENT && (flags & FILE_MKDIRS) &&
	    dir_make_parent(path) == 0)
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd == -1) {
		log_error("%s: %s", tmp, strerror(errno));
		return -1;
	}
	if (fd_write_all(fd, data, len) == -1)
		goto fail;
	if (durable && fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) == -1)
		goto fail;
	if (durable)
		(void)dir_sync(path);
	return 0;
fail:
	log_error("%s: %s", path, strerror(errno));
	if (fd != -1)
		close(fd);
	unlink(tmp);
	return rc;
}

int
file_write_atomic(const char *path, const void *data, size_t len, int mode)
{
	return file_replace(path, data, len, mode, FILE_DURABLE);
}

int
file_exists(const char *path)
{
	struct stat	 st;

	return stat(path, &st) == 0;
}

/* mkdir -p: every missing folder on the way is made with mode. */
int
dir_make(const char *path, int mode)
{
	char	 copy[PATH_MAX], *p;
	int	 saved;

	if (snprintf(copy, sizeof(copy), "%s", path) >= (int)sizeof(copy)) {
		log_error("%s: path too long", path);
		return -1;
	}
	for (p = copy + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, mode) == -1 && errno != EEXIST)
			goto fail;
		*p = '/';
	}
	if (mkdir(copy, mode) == -1 && errno != EEXIST)
		goto fail;
	return 0;
fail:
	saved = errno;		/* for the caller to say why */
	log_error("%s: %s", copy, strerror(saved));
	errno = saved;
	return -1;
}

int
path_join(char *dst, size_t size, const char *a, const char *b)
{
	int	 n;

	n = snprintf(dst, size, "%s/%s", a, b);
	if (n < 0 || (size_t)n >= size) {
		log_error("%s/%s: path too long", a, b);
		return -1;
	}
	return 0;
}
