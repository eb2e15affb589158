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
 * build's and publish's to remove (gen/erase.c).
 */
#include <string.h>

#include "lib.h"

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
	size_t	 i;
	int	 st;

	/* what points at a marked message, cut loose (lib.h: in a row) */
	for (st = STMT_ERASE_UNLINK_RATING; st <= STMT_ERASE_UNLINK_CHANGE;
	    st++)
		if (db_exec(db, (enum stmt)st, "") == -1)
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
erase_rows(struct db *db, int64_t person, const char *slug)
{
	struct person	 p = { 0 };
	char		 page[128];
	size_t		 i;
	int		 rekeyed;

	if (snprintf(page, sizeof(page), "a/%s/", slug) >= (int)sizeof(page))
		return OUT_FAILED;
	if (db_begin(db) == -1)
		return OUT_IOERR;
	rekeyed = person_deactivate(db, person) != -1 &&
	    person_load_row(db, person, &p) != -1 &&
	    person_revoke(db, &p) != -1;
	person_clear(&p);
	if (!rekeyed || marks_begin(db) == -1 ||
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
	    db_commit(db) == -1)
		goto fail;
	return OUT_OK;
fail:
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
 * [privacy] keep_months: wellness check-ins, sessions and planned
 * sessions of days before cut, and every message stored before it
 * (notes among them), in one transaction; ratings rated before ratings_cut too, unless it is 0.
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
	    retain_table(db, STMT_RETAIN_SESSION_RPE, day, &n->sessions) ==
	    -1 || retain_table(db, STMT_RETAIN_PLANNED, day, &n->sessions) ==
	    -1 || (ratings_cut != 0 && retain_table(db, STMT_RETAIN_RATING,
	    rday, &n->ratings) == -1))
		goto fail;
	if ((n->messages > 0 && db_exec(db, STMT_DIRTY_ADD, "i", (int64_t)0)
	    == -1) || db_commit(db) == -1)
		goto fail;
	return OUT_OK;
fail:
	db_rollback(db);
	return OUT_IOERR;
}
