/*
 * pcache.c - SQLite's own page cache, with one change: a commit no
 * longer walks every page the cache holds when nothing is to go.
 *
 * At the end of each transaction SQLite asks its cache to drop the
 * pages past the end of the database (pager.c, pager_end_transaction(),
 * the cache's xTruncate).  The cache knows the highest page number it
 * was ever given (pcache1.c's iMaxKey) and, when that is more than its
 * hash table's length above the limit, looks at every page it holds.
 * A b-tree that splits a page and finds its new pages numbered out of
 * order swaps two of them through a number no page of the file has,
 * that of the locking page (btree.c, balance_nonroot(): PENDING_BYTE,
 * 1 GiB, over the page size, plus one: 262,145 at 4 KiB); the cache
 * then takes that as its highest number, and the commit of every
 * transaction that made such a swap looks at every page it holds, one
 * cache miss each (the walk sets the highest number back).  At a
 * season's week 52 a batch of texts splits a leaf of their indexes
 * in most commits, and that walk was a third of the webhook's
 * database thread with a cache of 64 MiB (perf: a loop of pcache1.c's
 * under sqlite3PagerCommitPhaseTwo), and a larger cache made the
 * webhook slower, not faster.
 *
 * Here every method goes to SQLite's cache unchanged, and a truncate
 * too unless no page at or past its limit can be there: each cache
 * keeps the highest number it was given but the swap's, and whether a
 * page has the swap's number, which the swap gives back at once.  A
 * page dropped by the cache itself (evicted, or discarded when
 * unpinned) leaves both as they were, which only makes a truncate
 * more likely to be passed on: the bounds are never below a page the
 * cache holds.  SQLite's cache keeps the swap's number as its highest
 * while truncates are spared, so the next one passed on (a rolled back
 * write, a reset) looks at every page, once.  Installed once, before
 * the process's first connection (db_setup()), for every connection.
 */
#include <stddef.h>

#include "plumbing.h"
#include "db.h"

/* SQLite's locking page, at the start of the second GiB (os.h) */
#define LOCK_BYTE	0x40000000u

/* SQLite's own cache, whose methods these call */
static sqlite3_pcache_methods2	 sqlite_cache;

#ifdef COX_TESTING
/* of the caches of files (purgeable), not of SQLite's scratch tables */
size_t		 db_pcache_truncates;	/* truncates passed on */
size_t		 db_pcache_spared;	/* truncates with nothing to drop */
size_t		 db_pcache_swaps;	/* pages given the swap's number */
#endif

struct cache {
	sqlite3_pcache	*real;
	unsigned	 swap;		/* the number swaps go through */
	unsigned	 high;		/* no page numbered higher, but swap */
	int		 swapped;	/* a page may be numbered swap */
	int		 purgeable;	/* a file's, for the counts */
};

#ifdef COX_TESTING
#define COUNT(c, n)	do {						\
	if ((c)->purgeable)						\
		__atomic_add_fetch(&(n), 1, __ATOMIC_RELAXED);		\
} while (0)
#else
#define COUNT(c, n)	do { } while (0)
#endif

/* A page numbered key is in c's cache. */
static void
given(struct cache *c, unsigned key)
{
	if (key == c->swap)
		c->swapped = 1;
	else if (key > c->high)
		c->high = key;
}

static int
pc_init(void *arg)
{
	(void)arg;
	return sqlite_cache.xInit(sqlite_cache.pArg);
}

static void
pc_shutdown(void *arg)
{
	(void)arg;
	if (sqlite_cache.xShutdown != NULL)	/* a cache may have none */
		sqlite_cache.xShutdown(sqlite_cache.pArg);
}

static sqlite3_pcache *
pc_create(int page_size, int extra, int purgeable)
{
	struct cache	*c;

	if ((c = sqlite3_malloc(sizeof(*c))) == NULL)
		return NULL;
	if ((c->real = sqlite_cache.xCreate(page_size, extra,
	    purgeable)) == NULL) {
		sqlite3_free(c);
		return NULL;
	}
	c->swap = page_size > 0 ? LOCK_BYTE / (unsigned)page_size + 1 : 0;
	c->high = 0;
	c->swapped = 0;
	c->purgeable = purgeable;
	return (sqlite3_pcache *)c;
}

static void
pc_cachesize(sqlite3_pcache *p, int n)
{
	sqlite_cache.xCachesize(((struct cache *)p)->real, n);
}

static int
pc_pagecount(sqlite3_pcache *p)
{
	return sqlite_cache.xPagecount(((struct cache *)p)->real);
}

static sqlite3_pcache_page *
pc_fetch(sqlite3_pcache *p, unsigned key, int create)
{
	struct cache		*c = (struct cache *)p;
	sqlite3_pcache_page	*pg;

	if ((pg = sqlite_cache.xFetch(c->real, key, create)) != NULL)
		given(c, key);
	return pg;
}

static void
pc_unpin(sqlite3_pcache *p, sqlite3_pcache_page *pg, int discard)
{
	sqlite_cache.xUnpin(((struct cache *)p)->real, pg, discard);
}

static void
pc_rekey(sqlite3_pcache *p, sqlite3_pcache_page *pg, unsigned from,
    unsigned to)
{
	struct cache	*c = (struct cache *)p;

	sqlite_cache.xRekey(c->real, pg, from, to);
	if (from == c->swap)
		c->swapped = 0;		/* the swap is over */
	if (to == c->swap)
		COUNT(c, db_pcache_swaps);
	given(c, to);
}

/* Drops every page numbered limit or more: SQLite's, when there may be one. */
static void
pc_truncate(sqlite3_pcache *p, unsigned limit)
{
	struct cache	*c = (struct cache *)p;

	if (c->high < limit && !(c->swapped && c->swap >= limit)) {
		COUNT(c, db_pcache_spared);
		return;
	}
	COUNT(c, db_pcache_truncates);
	sqlite_cache.xTruncate(c->real, limit);
	if (limit > 0 && c->high >= limit)
		c->high = limit - 1;
	if (c->swap >= limit)
		c->swapped = 0;
}

static void
pc_destroy(sqlite3_pcache *p)
{
	struct cache	*c = (struct cache *)p;

	sqlite_cache.xDestroy(c->real);
	sqlite3_free(c);
}

static void
pc_shrink(sqlite3_pcache *p)
{
	sqlite_cache.xShrink(((struct cache *)p)->real);
}

/*
 * Puts this cache in front of SQLite's own, before SQLite starts;
 * -1 when SQLite refuses (it has started: its own stays).
 */
int
db_pcache_setup(void)
{
	static sqlite3_pcache_methods2	 mine = {
		.iVersion = 1,
		.xInit = pc_init,
		.xShutdown = pc_shutdown,
		.xCreate = pc_create,
		.xCachesize = pc_cachesize,
		.xPagecount = pc_pagecount,
		.xFetch = pc_fetch,
		.xUnpin = pc_unpin,
		.xRekey = pc_rekey,
		.xTruncate = pc_truncate,
		.xDestroy = pc_destroy,
		.xShrink = pc_shrink,
	};

	if (sqlite_cache.xFetch != NULL)
		return 0;	/* in place */
	if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &sqlite_cache) !=
	    SQLITE_OK || sqlite_cache.xFetch == NULL ||
	    sqlite3_config(SQLITE_CONFIG_PCACHE2, &mine) != SQLITE_OK) {
		sqlite_cache.xFetch = NULL;
		return -1;
	}
	return 0;
}
