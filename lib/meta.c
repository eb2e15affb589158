/*
 * meta.c - the meta table, cox.db's own key and value pairs: the
 * site's sender key, the build's inputs, an IMAP mailbox's UIDs, when
 * the last backup, push and prune were.
 */
#include <stdio.h>
#include <time.h>

#include "plumbing.h"
#include "db.h"

STMT(STMT_META_GET, "SELECT value FROM meta WHERE key = ?");
STMT_SHARED(STMT_META_SET,
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value");

/* *out is NULL when the key is unset; the caller frees it. */
int
db_meta_get(struct db *db, const char *key, char **out)
{
	sqlite3_stmt	*st = db_query(db, STMT_META_GET, "t", key);
	int		 rc;

	*out = NULL;
	if ((rc = db_row(db, st)) == OUT_ROW) {
		*out = xstrdup(db_text(st, 0));
		sqlite3_reset(st);
		return *out ? 0 : -1;
	}
	return rc;
}

int
db_meta_set(struct db *db, const char *key, const char *value)
{
	return db_exec(db, STMT_META_SET, "tt", key, value);
}

/* meta key = now, in Unix seconds: when something last happened. */
int
db_meta_stamp(struct db *db, const char *key)
{
	char	 t[24];

	snprintf(t, sizeof(t), "%lld", (long long)time(NULL));
	return db_meta_set(db, key, t);
}
