/*
 * erase.c - rows that must go: every row of a person (cox roster erase),
 * and wellness, load, messages and, when asked, ratings past [privacy]
 * keep_months (cox prune).
 *
 * Which tables hold a person is export.c's person_tables, one list for
 * both; this file runs their erase statements.  Messages are first
 * marked in a table of the connection (temp.erase_message), so that the
 * rows hanging on them (statuses, the ingest ledger) go with them and
 * rows of others that point at one are unlinked; foreign keys are
 * checked at the commit.  Whatever the rows showed on the site is the
 * build's and publish's to remove (gen/erase.c); the mail about them
 * kept outside cox.db is found here before the rows go
 * (erase_mail_find()), with what names them (erase_names.c), for
 * ingest/kept.c to remove; what others wrote that names them is
 * redacted there too.
 */
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"
#include "workspace.h"
#include "sql.h"

/*
 * The emails of the seat races athlete ?1 rowed in (cox roster erase),
 * which name them anywhere in a line.
 */
#define ERASE_SEATED "SELECT r.message_id FROM seat_race r " \
	"JOIN seat_race_rower w ON w.race_id = r.id WHERE w.person_id = ?1 " \
	"AND r.message_id IS NOT NULL"

/*
 * The messages that gave athlete ?1 scores (cox roster erase): the one
 * that stored each score, those that changed it since and those it
 * came from (a correction's was_message).
 */
#define ERASE_RATED "SELECT message_id " \
	"FROM rating WHERE athlete_id = ?1 AND message_id IS NOT NULL " \
	"UNION SELECT c.message_id FROM rating_change c JOIN rating r " \
	"ON r.id = c.rating_id WHERE r.athlete_id = ?1 " \
	"UNION SELECT c.was_message FROM rating_change c JOIN rating r " \
	"ON r.id = c.rating_id WHERE r.athlete_id = ?1 " \
	"AND c.was_message IS NOT NULL"

/* someone who left, or is rendered inactive: fragment_person */
STMT_SHARED(STMT_FRAGMENT_DELETE,
    "DELETE FROM fragment WHERE person_id = ?");
/*
 * cox roster erase (lib/erase.c), table by table as export.c's
 * person_tables list them; foreign keys are checked at the
 * commit (defer_foreign_keys), so the order does not matter.
 * The messages to go are marked first in a table of the
 * connection: theirs (as the export selects them) and the copies
 * of their notes forwarded to coaches; rows of others that point
 * at one are unlinked.
 */
STMT(STMT_ERASE_DEFER, "PRAGMA defer_foreign_keys = ON");
STMT(STMT_ERASE_MARKS,
    "CREATE TEMP TABLE IF NOT EXISTS erase_message "
    "(id INTEGER PRIMARY KEY)");
STMT(STMT_ERASE_MARKS_CLEAR, "DELETE FROM temp.erase_message");
/* the messages that gave person ?1 scores (erase.c, redact_named()) */
STMT(STMT_ERASE_RATED,
    "CREATE TEMP TABLE IF NOT EXISTS erase_rated "
    "(id INTEGER PRIMARY KEY, how INTEGER NOT NULL DEFAULT 1)");
STMT(STMT_ERASE_RATED_CLEAR, "DELETE FROM temp.erase_rated");
STMT(STMT_ERASE_RATED_MARK,
    "INSERT OR IGNORE INTO temp.erase_rated (id) " ERASE_RATED);
/* and those of their seat races, which name them mid-line (2) */
STMT(STMT_ERASE_SEATED_MARK,
    "INSERT OR REPLACE INTO temp.erase_rated (id, how) "
    "SELECT message_id, 2 FROM (" ERASE_SEATED ")");
STMT(STMT_ERASE_MARK_PERSON,
    "INSERT OR IGNORE INTO temp.erase_message SELECT m.id FROM "
    "message m WHERE " PEXPORT_MESSAGES " UNION SELECT f.id FROM "
    "message f JOIN message m ON m.id = f.about WHERE f.kind = "
    "'forward' AND " PEXPORT_MESSAGES);
/* retention: every message older than ?1 */
STMT(STMT_ERASE_MARK_BEFORE,
    "INSERT OR IGNORE INTO temp.erase_message SELECT id FROM message "
    "WHERE created_at < ?1");
STMT(STMT_ERASE_MARKED_COUNT,
    "SELECT count(*) FROM temp.erase_message");
/*
 * Mail about person ?1 outside cox.db (erase.c, erase_mail_find(),
 * with erase_named() on the connection): each email that came
 * from them, gave them scores or names them, by the hash of its
 * copy kept (mail/raw/HASH.eml), where it came from and its key
 * there (a Maildir's entry); how many emails cox sent others that
 * name them; and the Maildirs cox mail --maildir filed mail in,
 * each entry's folder's folder.
 */
STMT(STMT_ERASE_MAIL_NAMED,
    "SELECT DISTINCT i.content_hash, i.source, i.source_key FROM "
    "ingest i JOIN "
    "message m ON m.id = i.message_id WHERE m.direction = 'in' AND "
    "m.channel = 'email' AND (" PEXPORT_MESSAGES " OR m.id IN ("
    ERASE_RATED ") OR m.id IN (" ERASE_SEATED ") OR "
    "erase_named(m.body) OR erase_named(m.subject)) "
    "ORDER BY 1");
STMT(STMT_ERASE_MAIL_SENT,
    "SELECT count(*) FROM message m WHERE m.direction = 'out' AND "
    "m.channel = 'email' AND m.status IN ('sent', 'delivered', "
    "'read') AND NOT coalesce(" PEXPORT_MESSAGES ", 0) AND "
    "(erase_named(m.body) OR erase_named(m.subject))");
STMT(STMT_ERASE_MAILDIRS,
    "SELECT DISTINCT rtrim(rtrim(d, replace(d, '/', '')), '/') FROM "
    "(SELECT rtrim(rtrim(raw_path, replace(raw_path, '/', '')), '/') "
    "AS d FROM ingest WHERE source = 'maildir' AND raw_path IS NOT "
    "NULL) ORDER BY 1");
/* what the build keeps of them: marks, and their page's files */
STMT(STMT_ERASE_DIRTY, "DELETE FROM dirty WHERE person_id = ?1");
STMT(STMT_ERASE_DIRTY_TAKEN,
    "DELETE FROM dirty_taken WHERE person_id = ?1");
STMT(STMT_ERASE_MANIFEST,
    "DELETE FROM manifest WHERE substr(path, 1, length(?1)) = ?1");
STMT(STMT_ERASE_UNLINK_RATING,
    "UPDATE rating SET message_id = NULL "
    "WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_UNLINK_WELLNESS,
    "UPDATE wellness SET message_id = NULL "
    "WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_UNLINK_GUESS,
    "UPDATE guess SET message_id = NULL "
    "WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_UNLINK_SESSION,
    "UPDATE session_rpe SET message_id = NULL "
    "WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_UNLINK_DIGEST,
    "UPDATE digest_sent SET message_id = NULL "
    "WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_UNLINK_ABOUT,
    "UPDATE message SET about = NULL "
    "WHERE about IN temp.erase_message");
/* a correction made by a message that goes cannot be undone */
STMT(STMT_ERASE_UNLINK_PLAN,
    "UPDATE planned_session SET message_id = NULL "
    "WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_UNLINK_CHANGE,
    "DELETE FROM rating_change WHERE message_id IN temp.erase_message");
/*
 * Others' words that name an erased person (erase_named() and
 * erase_redact() are erase.c's, on its connection while it runs
 * these): the lines that named them read "[erased]", the people
 * whose messages or rendered rows named them are rendered again
 * (ratings, check-ins and plans say so by their triggers), and
 * the rendered rows that did are dropped, to be made again.
 */
/* [privacy] keep_months: days before ?1, times before ?2 */
STMT(STMT_RETAIN_WELLNESS, "DELETE FROM wellness WHERE day < ?1");
STMT(STMT_RETAIN_CHECKIN,
    "DELETE FROM checkin_value WHERE wellness_id IN "
    "(SELECT id FROM wellness WHERE day < ?1)");
STMT(STMT_RETAIN_SESSION_RPE, "DELETE FROM session_rpe WHERE day < ?1");
/* health answers go with check-ins; an episode once closed */
STMT(STMT_RETAIN_HEALTH, "DELETE FROM health_report WHERE week < ?1");
STMT(STMT_RETAIN_EPISODE,
    "DELETE FROM episode WHERE closed_at IS NOT NULL AND "
    "date(closed_at, 'unixepoch', 'localtime') < ?1");
STMT(STMT_RETAIN_PLANNED, "DELETE FROM planned_session WHERE day < ?1");
STMT(STMT_RETAIN_RATING, "DELETE FROM rating WHERE rated_on < ?1");
/* seat races are kept as ratings are; their rowers' rows go along */
STMT(STMT_RETAIN_SEAT, "DELETE FROM seat_race WHERE day < ?1");

void
erase_mail_free(struct erase_mail *m)
{
	strlist_free(&m->hashes);
	strlist_free(&m->keys);
	strlist_free(&m->maildirs);
	memset(m, 0, sizeof(*m));
}

/* One email of STMT_ERASE_MAIL_NAMED's into m: 0, or -1 (no memory). */
static int
mail_named(sqlite3_stmt *st, struct erase_mail *m)
{
	const char	*source = db_text(st, 1);
	char		 key[256];

	m->imap += strcmp(source, "imap") == 0;
	if (strlist_add(&m->hashes, db_text(st, 0)) == -1)
		return -1;
	if (strcmp(source, "maildir") != 0)
		return 0;
	/* an entry's unique part, without the flags a move adds */
	snprintf(key, sizeof(key), "%.*s", (int)strcspn(db_text(st, 2), ":"),
	    db_text(st, 2));
	return strlist_add(&m->keys, key);
}

/*
 * The mail about person (x names them) that cox.db's copies of stand
 * for, read before their rows go, into m: each email that came from
 * them, gave them scores or names them, by its kept copy (its content
 * hash: mail/raw/HASH.eml) and, when it came through a Maildir, its
 * entry there; how many came by IMAP (the server keeps them); how
 * many emails cox sent to others name them; and every Maildir mail
 * came through, for its other entries to be read.  Returns OUT_OK,
 * OUT_IOERR or OUT_FAILED.
 */
enum outcome
erase_mail_find(struct db *db, struct erase_names *x, int64_t person,
    struct erase_mail *m)
{
	sqlite3_stmt	*st;
	enum outcome	 rc = OUT_FAILED, step;

	memset(m, 0, sizeof(*m));
	if (db_read(db) == -1)
		return OUT_IOERR;
	if (erase_names_sql(db, x) == -1)
		goto out;
	st = db_query(db, STMT_ERASE_MAIL_NAMED, "i", person);
	while ((step = db_row(db, st)) == OUT_ROW)
		if (mail_named(st, m) == -1) {
			sqlite3_reset(st);
			goto out;
		}
	if (step != OUT_OK)
		goto out;
	st = db_query(db, STMT_ERASE_MAILDIRS, "");
	while ((step = db_row(db, st)) == OUT_ROW)
		if (strlist_add(&m->maildirs, db_text(st, 0)) == -1) {
			sqlite3_reset(st);
			goto out;
		}
	if (step != OUT_OK)
		goto out;
	st = db_query(db, STMT_ERASE_MAIL_SENT, "i", person);
	if (db_row(db, st) != OUT_ROW)
		goto out;
	m->sent = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	rc = OUT_OK;
out:
	if (erase_names_sql(db, NULL) == -1)
		rc = OUT_FAILED;
	db_rollback(db);
	if (rc != OUT_OK)
		erase_mail_free(m);
	return rc;
}

/*
 * counts[i] (person_ntables of them): how many rows of person_tables[i]
 * person has, as their export would write them, from one snapshot.
 */
enum outcome
erase_count(struct db *db, int64_t person, size_t *counts)
{
	sqlite3_stmt	*st;
	enum outcome	 rc = OUT_OK, step = OUT_OK;
	size_t		 i;

	if (db_read(db) == -1)
		return OUT_IOERR;
	for (i = 0; i < person_ntables && rc == OUT_OK; i++) {
		counts[i] = 0;
		if ((st = db_query(db, person_tables[i].select, "i", person)) ==
		    NULL) {
			rc = OUT_FAILED;
			break;
		}
		while ((step = db_row(db, st)) == OUT_ROW)
			counts[i]++;
		if (step != OUT_OK)
			rc = OUT_IOERR;
	}
	db_rollback(db);
	return rc;
}

/* Starts marking messages: defers foreign keys, empties the marks. */
static int
marks_begin(struct db *db)
{
	if (db_exec(db, STMT_ERASE_DEFER, "") == -1 ||
	    db_exec(db, STMT_ERASE_MARKS, "") == -1 ||
	    db_exec(db, STMT_ERASE_MARKS_CLEAR, "") == -1)
		return -1;
	return 0;
}

/*
 * The marked messages gone, with what hangs on them (the person_tables
 * entries that read the marks) and no row of others pointing at them.
 */
static int
marked_erase(struct db *db)
{
	/* what points at a marked message, cut loose */
	static const struct stmt *const unlink_st[] = { STMT_ERASE_UNLINK_RATING,
	    STMT_ERASE_UNLINK_WELLNESS, STMT_ERASE_UNLINK_GUESS,
	    STMT_ERASE_UNLINK_SESSION, STMT_ERASE_UNLINK_DIGEST,
	    STMT_ERASE_UNLINK_ABOUT, STMT_ERASE_UNLINK_PLAN,
	    STMT_ERASE_UNLINK_CHANGE };
	size_t	 i;

	for (i = 0; i < sizeof(unlink_st) / sizeof(unlink_st[0]); i++)
		if (db_exec(db, unlink_st[i], "") == -1)
			return -1;
	for (i = 0; i < person_ntables; i++)
		if (person_tables[i].args[0] == '\0' &&
		    db_exec(db, person_tables[i].erase, "") == -1)
			return -1;
	return 0;
}

/*
 * Every row of person, and what the build kept of them (marks, the
 * manifest's entries under their page, slug its folder "a/SLUG/"), in
 * one transaction; the dashboard is marked for rendering again without
 * them.  What they could open gets new keys first, as cox roster remove
 * gives it (lib/person.c): a coach's browser may have kept the keys of
 * their squads' parts and athletes' pages.  Returns OUT_OK, OUT_IOERR.
 */
enum outcome
erase_rows(struct db *db, int64_t person, const char *slug, size_t *texts)
{
	struct person	 p = { 0 };
	char		 page[128];
	size_t		 i;
	int		 rekeyed;

	*texts = 0;
	if (snprintf(page, sizeof(page), "a/%s/", slug) >= (int)sizeof(page))
		return OUT_FAILED;
	if (db_begin(db) == -1)
		return OUT_IOERR;
	rekeyed = person_deactivate(db, person) != -1 &&
	    person_load(db, person, &p) != -1 &&
	    person_revoke(db, &p) != -1;
	/* the messages that gave them scores or seat races, before the
	 * scores and the races' rows go */
	if (!rekeyed || marks_begin(db) == -1 ||
	    db_exec(db, STMT_ERASE_RATED, "") == -1 ||
	    db_exec(db, STMT_ERASE_RATED_CLEAR, "") == -1 ||
	    db_exec(db, STMT_ERASE_RATED_MARK, "i", person) == -1 ||
	    db_exec(db, STMT_ERASE_SEATED_MARK, "i", person) == -1 ||
	    db_exec(db, STMT_ERASE_MARK_PERSON, "i", person) == -1 ||
	    marked_erase(db) == -1)
		goto fail;
	for (i = 0; i < person_ntables; i++)
		if (person_tables[i].args[0] != '\0' && db_exec(db,
		    person_tables[i].erase, person_tables[i].args, person) == -1)
			goto fail;
	if (db_exec(db, STMT_FRAGMENT_DELETE, "i", person) == -1 ||
	    db_exec(db, STMT_ERASE_DIRTY, "i", person) == -1 ||
	    db_exec(db, STMT_ERASE_DIRTY_TAKEN, "i", person) == -1 ||
	    db_exec(db, STMT_ERASE_MANIFEST, "t", page) == -1 ||
	    db_exec(db, STMT_DIRTY_ADD, "i", (int64_t)0) == -1 ||
	    erase_names_redact(db, &p, texts) == -1 || db_commit(db) == -1)
		goto fail;
	person_clear(&p);
	return OUT_OK;
fail:
	person_clear(&p);
	db_rollback(db);
	return OUT_IOERR;
}

/* now less months calendar months (UTC), at the same time of day. */
time_t
erase_months_ago(time_t now, long months)
{
	struct tm	 tm;

	gmtime_r(&now, &tm);
	tm.tm_year -= (int)(months / 12);
	tm.tm_mon -= (int)(months % 12);
	if (tm.tm_mon < 0) {
		tm.tm_mon += 12;
		tm.tm_year--;
	}
	return timegm(&tm);
}

/* The rows stmt deleted before day, added to *n. */
static int
retain_table(struct db *db, const struct stmt *stmt, const char *day, int64_t *n)
{
	if (db_exec(db, stmt, "t", day) == -1)
		return -1;
	*n += db_changes(db);
	return 0;
}

/*
 * [privacy] keep_months: wellness check-ins, health answers (counted
 * with them) and episodes cleared, sessions and planned sessions of
 * days before cut, and every message stored before it (notes among
 * them), in one transaction; ratings rated before ratings_cut too, and
 * seat races raced before it, unless it is 0.
 * Pages show what is left from the next build.  Fills *n.  Returns
 * OUT_OK or OUT_IOERR.
 */
enum outcome
erase_before(struct db *db, time_t cut, time_t ratings_cut,
    struct retain_counts *n)
{
	sqlite3_stmt	*st;
	char		 day[11], rday[11];
	int64_t		 answers = 0;	/* go with their check-ins */

	memset(n, 0, sizeof(*n));
	day_string(cut, day);
	day_string(ratings_cut, rday);
	if (db_begin(db) == -1)
		return OUT_IOERR;
	if (marks_begin(db) == -1 || db_exec(db, STMT_ERASE_MARK_BEFORE, "i",
	    (int64_t)cut) == -1 ||
	    (st = db_query(db, STMT_ERASE_MARKED_COUNT, "")) == NULL ||
	    db_row(db, st) != OUT_ROW)
		goto fail;
	n->messages = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (marked_erase(db) == -1 ||
	    retain_table(db, STMT_RETAIN_CHECKIN, day, &answers) == -1 ||
	    retain_table(db, STMT_RETAIN_WELLNESS, day, &n->wellness) == -1 ||
	    retain_table(db, STMT_RETAIN_HEALTH, day, &n->wellness) == -1 ||
	    retain_table(db, STMT_RETAIN_EPISODE, day, &n->wellness) == -1 ||
	    retain_table(db, STMT_RETAIN_SESSION_RPE, day, &n->sessions) ==
	    -1 || retain_table(db, STMT_RETAIN_PLANNED, day, &n->sessions) ==
	    -1 || (ratings_cut != 0 && (retain_table(db, STMT_RETAIN_RATING,
	    rday, &n->ratings) == -1 || retain_table(db, STMT_RETAIN_SEAT,
	    rday, &n->seat_races) == -1)))
		goto fail;
	if ((n->messages > 0 && db_exec(db, STMT_DIRTY_ADD, "i", (int64_t)0)
	    == -1) || db_commit(db) == -1)
		goto fail;
	return OUT_OK;
fail:
	db_rollback(db);
	return OUT_IOERR;
}
