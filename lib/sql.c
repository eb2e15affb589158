/*
 * sql.c - every SQL statement coxswain runs, in one table.
 *
 * Values are always bound ("?"), never formatted into the text.  The
 * table is indexed by enum stmt (lib.h); db.c prepares each statement
 * once per connection and reuses it.
 */
#include "lib.h"

#define PERSON_COLS \
	"id, role, name, handle, email, slug, opted_out, blocked, active, " \
	"created_at"

static const char *const sql[STMT__MAX] = {
	[STMT_PERSON_BY_ID] =
	    "SELECT " PERSON_COLS " FROM person WHERE id = ?",
	[STMT_PERSON_BY_EMAIL] =
	    "SELECT id FROM person WHERE email = ?",
	[STMT_PERSON_BY_PHONE] =
	    "SELECT person_id FROM phone WHERE e164 = ?",
	[STMT_PERSON_BY_HANDLE] =
	    "SELECT id FROM person WHERE handle = ?",
	[STMT_PERSON_BY_SLUG] =
	    "SELECT id FROM person WHERE slug = ?",
	[STMT_PERSON_BY_NAME] =
	    "SELECT id FROM person WHERE name = ? COLLATE NOCASE "
	    "ORDER BY active DESC, id",
	[STMT_PERSON_INSERT] =
	    "INSERT INTO person (role, name, handle, email, slug, opted_out, "
	    "blocked, active, created_at, updated_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
	[STMT_PERSON_UPDATE] =
	    "UPDATE person SET role = ?, name = ?, handle = ?, email = ?, "
	    "opted_out = ?, blocked = ?, active = ?, updated_at = ?, "
	    "removed_at = CASE WHEN ? THEN NULL ELSE removed_at END "
	    "WHERE id = ?",
	[STMT_PERSON_SET_FLAGS] =
	    "UPDATE person SET opted_out = ?, blocked = ?, updated_at = ? "
	    "WHERE id = ?",
	[STMT_PERSON_DEACTIVATE] =
	    "UPDATE person SET active = 0, removed_at = ?, updated_at = ? "
	    "WHERE id = ? AND active = 1",
	[STMT_PERSON_LIST] =
	    "SELECT id FROM person WHERE active = 1 OR ? "
	    "ORDER BY created_at DESC, id DESC",
	[STMT_PHONE_LIST] =
	    "SELECT e164 FROM phone WHERE person_id = ? ORDER BY position",
	[STMT_PHONE_DELETE_ALL] =
	    "DELETE FROM phone WHERE person_id = ?",
	[STMT_PHONE_INSERT] =
	    "INSERT INTO phone (e164, person_id, position) VALUES (?, ?, ?)",
	[STMT_SQUAD_GET] =
	    "SELECT id FROM squad WHERE name = ?",
	[STMT_SQUAD_INSERT] =
	    "INSERT INTO squad (name) VALUES (?)",
	[STMT_MEMBERSHIP_LIST] =
	    "SELECT s.name FROM membership m JOIN squad s ON s.id = m.squad_id "
	    "WHERE m.person_id = ? ORDER BY s.name COLLATE NOCASE",
	[STMT_MEMBERSHIP_DELETE_ALL] =
	    "DELETE FROM membership WHERE person_id = ?",
	[STMT_MEMBERSHIP_INSERT] =
	    "INSERT OR IGNORE INTO membership (person_id, squad_id) "
	    "VALUES (?, ?)",
	[STMT_METRIC_BY_SLUG] =
	    "SELECT id, slug, name, scale_min, scale_max, rubric, position "
	    "FROM metric WHERE slug = ?",
	[STMT_METRIC_LIST] =
	    "SELECT id, slug, name, scale_min, scale_max, rubric, position "
	    "FROM metric WHERE active = 1 ORDER BY position, id",
	[STMT_METRIC_INSERT] =
	    "INSERT INTO metric (slug, name, scale_min, scale_max, rubric, "
	    "position, created_at) VALUES (?, ?, ?, ?, ?, "
	    "(SELECT coalesce(max(position), 0) + 1 FROM metric), ?)",
	[STMT_METRIC_UPDATE] =
	    "UPDATE metric SET name = ?, scale_min = ?, scale_max = ?, "
	    "rubric = ? WHERE id = ?",
	[STMT_META_GET] =
	    "SELECT value FROM meta WHERE key = ?",
	[STMT_META_SET] =
	    "INSERT INTO meta (key, value) VALUES (?, ?) "
	    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
};

const char *
db_sql(enum stmt id)
{
	return sql[id];
}
