/*
 * sitefile.c - writing a file of site/ for cox build: only when its
 * bytes changed, so an unchanged file keeps its time and publishes
 * nothing, and atomically (file_replace), so a file is whole or not
 * there.  Below the build: it calls nothing else of gen/.
 */
#include <sys/stat.h>

#include <string.h>

#include "gen.h"

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
	if (wrote)
		b->written++;
	else
		b->unchanged++;
	return OUT_OK;
}
