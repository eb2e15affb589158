/*
 * worker.c - what every thread of cox build shares, whether it renders
 * people's pages (pool.c) or the dashboard's parts (parts.c): how many
 * there are, and the read snapshot each opens and lets go.
 */
#include <unistd.h>

#include <stdlib.h>

#include "gen.h"

/*
 * How many threads render jobs: COX_BUILD_THREADS, else one per
 * processor (POOL_MAX at most); 0, the main thread alone, for fewer
 * than POOL_MIN_JOBS or one processor.
 */
size_t
pool_size(size_t jobs)
{
	const char	*v = getenv("COX_BUILD_THREADS");
	long		 n = sysconf(_SC_NPROCESSORS_ONLN);

	if (v != NULL && parse_long(v, 0, POOL_MAX, &n) == 0)
		return (size_t)n;
	if (jobs < POOL_MIN_JOBS || n < 2)
		return 0;
	return n > POOL_MAX ? POOL_MAX : (size_t)n;
}

/*
 * A worker thread's start: r a copy of b's render context reading
 * through a connection of its own, *db, in a snapshot.  0 or -1.
 */
int
worker_open(const struct build *b, struct render_ctx *r, struct db **db)
{
	*r = *b->r;
	*db = NULL;
	if (db_open_reader(b->ws->db, db) == -1 || db_read(*db) == -1)
		return -1;
	r->db = *db;
	return 0;
}

/* ...and its end: its scratch, its arenas and its connection let go. */
void
worker_close(struct scratch *s, struct db *db)
{
	markdown_done();
	jsonmem_done();
	scratch_free(s);
	if (db != NULL)
		db_rollback(db);
	db_close(db);
}
