/*
 * notes.c - what cox build notes in the database: each page's
 * fingerprint in the manifest, the dashboard rows of the people it
 * rendered, what it keeps in meta, and the marks it leaves for the
 * next build.  Pages are rendered from a read snapshot while texts and
 * emails go on being stored, so nothing is written there: notes wait
 * here, and are written through a connection of their own in short
 * write transactions (notes_write() whenever notes_due(), the rest and
 * the end of the build in notes_finish()).  A note is taken only once
 * the file it is about is on disk.
 */
#include <stdlib.h>
#include <string.h>

#include "gen.h"

STMT(STMT_DIRTY_DONE, "DELETE FROM dirty_taken");
STMT(STMT_MANIFEST_SET,
    "INSERT INTO manifest (path, hash, built_at) VALUES (?, ?, ?) "
    "ON CONFLICT (path) DO UPDATE SET hash = excluded.hash, "
    "built_at = excluded.built_at");
STMT(STMT_MANIFEST_DELETE, "DELETE FROM manifest WHERE path = ?");
STMT(STMT_FRAGMENT_SET,
    "INSERT INTO fragment (person_id, part, body) VALUES (?, ?, ?) "
    "ON CONFLICT (part, person_id) DO UPDATE SET body = excluded.body");

/* Written in one transaction once this many wait, or this many bytes. */
#define NOTES_BATCH	1024
#define NOTES_BYTES	(4 * 1024 * 1024)

/* Opens the connection notes are written through; some may wait already. */
int
notes_open(struct notes *ns, struct db *db)
{
	return db_open_writer(db, &ns->db);
}

static void
notes_clear(struct notes *ns)
{
	size_t	 i;

	for (i = 0; i < ns->n; i++) {
		free(ns->v[i].a);
		free(ns->v[i].b);
	}
	ns->n = ns->bytes = 0;
}

void
notes_free(struct notes *ns)
{
	notes_clear(ns);
	free(ns->v);
	db_close(ns->db);
	memset(ns, 0, sizeof(*ns));
}

/* Keeps one statement's values, a and b copied; -1 when out of memory. */
static int
notes_add(struct notes *ns, const struct stmt *stmt, int64_t id, const char *a,
    const char *b, const unsigned char *fp)
{
	struct note	*e, *more;
	size_t		 cap;

	if (ns->n == ns->cap) {
		cap = ns->cap ? ns->cap * 2 : 64;
		if ((more = reallocarray(ns->v, cap, sizeof(*more))) == NULL) {
			log_error("out of memory");
			return -1;
		}
		ns->v = more;
		ns->cap = cap;
	}
	e = &ns->v[ns->n];
	memset(e, 0, sizeof(*e));
	e->stmt = stmt;
	e->id = id;
	if ((a != NULL && (e->a = xstrdup(a)) == NULL) ||
	    (b != NULL && (e->b = xstrdup(b)) == NULL)) {
		free(e->a);
		return -1;
	}
	if (fp != NULL)
		memcpy(e->fp, fp, sizeof(e->fp));
	ns->bytes += sizeof(*e) + (a ? strlen(a) : 0) + (b ? strlen(b) : 0);
	ns->n++;
	return 0;
}

/* The manifest's fingerprint of file, once it is on disk. */
int
notes_page(struct notes *ns, const char *file, const unsigned char fp[32])
{
	return notes_add(ns, STMT_MANIFEST_SET, (int64_t)time(NULL), file,
	    NULL, fp);
}

/* file is gone from the site. */
int
notes_unlisted(struct notes *ns, const char *file)
{
	return notes_add(ns, STMT_MANIFEST_DELETE, 0, file, NULL, NULL);
}

/* One of person's pieces of the dashboard. */
int
notes_row(struct notes *ns, int64_t person, const char *part,
    const char *body)
{
	return notes_add(ns, STMT_FRAGMENT_SET, person, part, body, NULL);
}

/* person is on no dashboard any more. */
int
notes_rows_gone(struct notes *ns, int64_t person)
{
	return notes_add(ns, STMT_FRAGMENT_DELETE, person, NULL, NULL, NULL);
}

int
notes_meta(struct notes *ns, const char *key, const char *value)
{
	return notes_add(ns, STMT_META_SET, 0, key, value, NULL);
}

/* person's page (0: the dashboard) waits for the next build. */
int
notes_again(struct notes *ns, int64_t person)
{
	return notes_add(ns, STMT_DIRTY_ADD, person, NULL, NULL, NULL);
}

int
notes_due(const struct notes *ns)
{
	return ns->n >= NOTES_BATCH || ns->bytes >= NOTES_BYTES;
}

static int
note_apply(struct db *db, const struct note *e)
{
	if (e->stmt == STMT_MANIFEST_SET)
		return db_exec(db, e->stmt, "tbi", e->a, e->fp, sizeof(e->fp),
		    e->id);
	if (e->stmt == STMT_MANIFEST_DELETE)
		return db_exec(db, e->stmt, "t", e->a);
	if (e->stmt == STMT_FRAGMENT_SET)
		return db_exec(db, e->stmt, "itt", e->id, e->a, e->b);
	if (e->stmt == STMT_META_SET)
		return db_exec(db, e->stmt, "tt", e->a, e->b);
	/* STMT_FRAGMENT_DELETE, STMT_DIRTY_ADD */
	return db_exec(db, e->stmt, "i", e->id);
}

/*
 * Writes the notes kept so far in one write transaction and forgets
 * them; with last, also deletes the marks the build took (it rendered
 * them all) and stamps last_build.  Returns 0, or -1 with nothing
 * written.
 */
static int
notes_commit(struct notes *ns, int last)
{
	size_t	 i;
	int	 rc;

	if (ns->n == 0 && !last)
		return 0;
	if (db_begin(ns->db) == -1)
		return -1;
	for (i = 0, rc = 0; rc == 0 && i < ns->n; i++)
		rc = note_apply(ns->db, &ns->v[i]);
	if (rc == 0 && last)
		rc = db_exec(ns->db, STMT_DIRTY_DONE, "") == -1 ||
		    db_meta_stamp(ns->db, "last_build") == -1 ? -1 : 0;
	if (rc == -1 || db_commit(ns->db) == -1) {
		db_rollback(ns->db);
		return -1;
	}
	notes_clear(ns);
	return 0;
}

int
notes_write(struct notes *ns)
{
	return notes_commit(ns, 0);
}

int
notes_finish(struct notes *ns)
{
	return notes_commit(ns, 1);
}
