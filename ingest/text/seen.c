/*
 * seen.c - the MessageSids of the texts kept, in memory: how the
 * webhook knows a retry or a replay of a text it has (reply.c).
 *
 * A MessageSid is random, so an index of them on disk took each text
 * at a random place in it: a page read, written to the log and copied
 * into the database again, for every text (schema v34 in lib/schema.c
 * says what that cost).  Here a table of open addressing holds a keyed
 * hash of each sid (libsodium's crypto_shorthash, with a key of this
 * process's) and its row; a hash found names a row to read, and only
 * the row says whether it is the text (two sids can share a hash, and
 * a row can be gone or be another since).  The table is what the
 * database holds: rows are read from it, never added by hand, by
 * seen_catch_up() before each lookup, from the last row read on; the
 * first reads the whole table of messages.  A row read in a
 * transaction that is then rolled back leaves its entry behind, which
 * the row read then refuses; seen_settle() says where to read from
 * again, so that a row that takes its id is read too.
 *
 * 16 bytes a slot, at most 3/4 of them used, so 21 to 43 bytes a
 * text: 64 MiB for the 2.6 million texts of a season of 10,000
 * athletes (96 while it doubles), under 1 MiB for a club of 40's.
 * An entry whose row is gone (erased, pruned, rolled back) stays
 * until the daemon restarts; its row refuses it.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "text.h"

/* the messages since row ?, a text's with its MessageSid
 * (ingest/seen.c) */
STMT(STMT_SEEN_SINCE,
    "SELECT id, sid FROM message WHERE id > ? ORDER BY id");

struct slot {
	uint64_t	 h;
	int64_t		 id;		/* 0: empty */
};

struct sms_seen {
	struct slot	*v;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;
	int64_t		 last;		/* the last row read */
	int64_t		 kept;		/* last, at the last commit */
	unsigned char	 key[crypto_shorthash_KEYBYTES];
};

struct sms_seen *
seen_new(void)
{
	struct sms_seen	*s;

	if (sodium_init() == -1) {
		log_error("libsodium cannot start");
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		log_error("out of memory");
		return NULL;
	}
	crypto_shorthash_keygen(s->key);
	return s;
}

void
seen_free(struct sms_seen *s)
{
	if (s == NULL)
		return;
	free(s->v);
	free(s);
}

static uint64_t
seen_hash(const struct sms_seen *s, const char *sid)
{
	unsigned char	 out[crypto_shorthash_BYTES];
	uint64_t	 h;

	crypto_shorthash(out, (const unsigned char *)sid, strlen(sid),
	    s->key);
	memcpy(&h, out, sizeof(h));
	return h;
}

/* Twice the room, every entry moved; -1 when memory is short. */
static int
seen_grow(struct sms_seen *s)
{
	struct slot	*v;
	size_t		 cap = s->cap ? 2 * s->cap : 1024, i, j;

	if (cap < s->cap || (v = calloc(cap, sizeof(*v))) == NULL)
		return -1;
	for (i = 0; i < s->cap; i++) {
		if (s->v[i].id == 0)
			continue;
		for (j = s->v[i].h & (cap - 1); v[j].id != 0;
		    j = (j + 1) & (cap - 1))
			continue;
		v[j] = s->v[i];
	}
	free(s->v);
	s->v = v;
	s->cap = cap;
	return 0;
}

/* Row id's hash h, unless there already (a row read again). */
static int
seen_add(struct sms_seen *s, uint64_t h, int64_t id)
{
	size_t	 j;

	if ((s->n + 1) * 4 > s->cap * 3 && seen_grow(s) == -1)
		return -1;
	for (j = h & (s->cap - 1); s->v[j].id != 0; j = (j + 1) & (s->cap - 1))
		if (s->v[j].h == h && s->v[j].id == id)
			return 0;
	s->v[j].h = h;
	s->v[j].id = id;
	s->n++;
	return 0;
}

/*
 * Reads the texts kept since the last row read (all of them the first
 * time), in the caller's transaction if any.  A message written since
 * never has an id at or below one read: ids only grow, a deleted
 * row's included (schema v34's message_high), and a row of a
 * transaction or savepoint rolled back is read again after
 * seen_settle().  Returns 0, or -1 (said).
 */
int
seen_catch_up(struct sms_seen *s, struct db *db)
{
	sqlite3_stmt	*st;
	const char	*sid;
	int64_t		 id;
	enum outcome	 rc;

	st = db_query(db, STMT_SEEN_SINCE, "i", s->last);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		id = sqlite3_column_int64(st, 0);
		/* every message moves the mark, so none is read twice */
		if ((sid = (const char *)sqlite3_column_text(st, 1)) != NULL &&
		    seen_add(s, seen_hash(s, sid), id) == -1) {
			sqlite3_reset(st);
			log_error("out of memory for the MessageSids of %zu "
			    "texts", s->n);
			return -1;
		}
		s->last = id;
	}
	return rc == OUT_OK ? 0 : -1;
}

/*
 * The caller's transaction committed (what was read stays read), or
 * it or a savepoint of it was rolled back: rows read since the last
 * commit are read again, as their ids may now be other rows'.
 */
void
seen_settle(struct sms_seen *s, int committed)
{
	if (committed)
		s->kept = s->last;
	else
		s->last = s->kept;
}

/* How many texts are known, and the bytes that takes. */
size_t
seen_count(const struct sms_seen *s, size_t *bytes)
{
	if (bytes != NULL)
		*bytes = s->cap * sizeof(struct slot);
	return s->n;
}

/* Starts a walk of the rows whose sid may be sid. */
void
seen_probe(const struct sms_seen *s, const char *sid, struct seen_probe *p)
{
	p->h = seen_hash(s, sid);
	p->j = s->cap ? p->h & (s->cap - 1) : 0;
}

/* The next row whose sid may be the probe's, or 0 when no more. */
int64_t
seen_next(const struct sms_seen *s, struct seen_probe *p)
{
	int64_t	 id;

	if (s->cap == 0)
		return 0;
	while ((id = s->v[p->j].id) != 0) {
		p->j = (p->j + 1) & (s->cap - 1);
		if (s->v[(p->j - 1) & (s->cap - 1)].h == p->h)
			return id;
	}
	return 0;
}
