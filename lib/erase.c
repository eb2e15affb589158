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
	static const enum stmt unlink_st[] = { STMT_ERASE_UNLINK_RATING,
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
retain_table(struct db *db, enum stmt stmt, const char *day, int64_t *n)
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
