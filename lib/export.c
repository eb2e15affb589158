/*
 * export.c - everything the database holds about one person, for them
 * to take home: one CSV file per table (RFC 4180, csv_put()) and
 * person.json with all of it, built in memory (export_person_build())
 * and written into a folder the caller made, or attached to an email
 * by the outbox.
 *
 * Which rows of which table name a person is decided by the
 * STMT_PEXPORT_ statements (sql.c), one per file, listed once in
 * person_tables (which cox roster erase reads too) and in cox(1);
 * this file only writes what they select.  No secret leaves: they
 * select no key, and a BLOB (a public key) is written as its
 * fingerprint, so a key added to a statement later could not leak
 * either.
 *
 * Nor does what the blind rule keeps from the person's own page: a
 * coach score waiting for their self-rating (and its comment, and what
 * a correction of it replaced) is left out until they have answered
 * it, decided by rating_visible() as the page build decides it, so a
 * "mydata" text cannot be a way to read a score before rating oneself.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"
#include "scores.h"
#include "workspace.h"

/*
 * The tables, in the export's order; cox roster erase (erase.c) runs
 * each erase statement in one transaction.
 */
const struct person_table person_tables[] = {
	{ "person", STMT_PEXPORT_PERSON, STMT_ERASE_PERSON, "i", 0 },
	{ "phone", STMT_PEXPORT_PHONE, STMT_ERASE_PHONE, "i", 0 },
	{ "membership", STMT_PEXPORT_MEMBERSHIP, STMT_ERASE_MEMBERSHIP,
	    "i", 0 },
	{ "consent", STMT_PEXPORT_CONSENT, STMT_ERASE_CONSENT, "i", 0 },
	{ "rating_received", STMT_PEXPORT_RATING_RECEIVED,
	    STMT_ERASE_RATING_RECEIVED, "i", 1 },
	{ "rating_given", STMT_PEXPORT_RATING_GIVEN, STMT_ERASE_RATING_GIVEN,
	    "i", 0 },
	{ "rating_change", STMT_PEXPORT_RATING_CHANGE,
	    STMT_ERASE_RATING_CHANGE, "i", 1 },
	{ "guess", STMT_PEXPORT_GUESS, STMT_ERASE_GUESS, "i", 0 },
	{ "checkin_value", STMT_PEXPORT_CHECKIN, STMT_ERASE_CHECKIN, "i", 0 },
	{ "wellness", STMT_PEXPORT_WELLNESS, STMT_ERASE_WELLNESS, "i", 0 },
	{ "session_rpe", STMT_PEXPORT_SESSION_RPE, STMT_ERASE_SESSION_RPE,
	    "i", 0 },
	{ "health_report", STMT_PEXPORT_HEALTH, STMT_ERASE_HEALTH, "i", 0 },
	{ "episode", STMT_PEXPORT_EPISODE, STMT_ERASE_EPISODE, "i", 0 },
	{ "message", STMT_PEXPORT_MESSAGE, STMT_ERASE_MESSAGE, "", 0 },
	{ "message_status", STMT_PEXPORT_MESSAGE_STATUS,
	    STMT_ERASE_MESSAGE_STATUS, "", 0 },
	{ "ingest", STMT_PEXPORT_INGEST, STMT_ERASE_INGEST, "", 0 },
	{ "page_key", STMT_PEXPORT_PAGE_KEY, STMT_ERASE_PAGE_KEY, "i", 0 },
	{ "person_key", STMT_PEXPORT_PERSON_KEY, STMT_ERASE_PERSON_KEY,
	    "i", 0 },
	{ "invite", STMT_PEXPORT_INVITE, STMT_ERASE_INVITE, "i", 0 },
	{ "coach_pref", STMT_PEXPORT_COACH_PREF, STMT_ERASE_COACH_PREF,
	    "i", 0 },
	{ "digest_sent", STMT_PEXPORT_DIGEST_SENT, STMT_ERASE_DIGEST_SENT,
	    "i", 0 },
	{ "planned_session", STMT_PEXPORT_PLANNED, STMT_ERASE_PLANNED, "i", 0 },
	{ "seat_race", STMT_PEXPORT_SEAT_RACE, STMT_ERASE_SEAT_RACE, "i", 0 },
	{ "seat_race_given", STMT_PEXPORT_SEAT_GIVEN, STMT_ERASE_SEAT_GIVEN,
	    "i", 0 },
	{ "avail_answer", STMT_PEXPORT_AVAIL, STMT_ERASE_AVAIL, "i", 0 },
	{ "erg_result", STMT_PEXPORT_ERG_RESULT, STMT_ERASE_ERG_RESULT, "i",
	    0 },
	{ "concept2_link", STMT_PEXPORT_C2_LINK, STMT_ERASE_C2_LINK, "i", 0 },
	{ "concept2_state", STMT_PEXPORT_C2_STATE, STMT_ERASE_C2_STATE, "i",
	    0 },
};
const size_t person_ntables =
    sizeof(person_tables) / sizeof(person_tables[0]);

/*
 * A key's fingerprint: the first 8 bytes of its BLAKE2b-128, in hex,
 * into out.  It tells keys apart and gives nothing of them away.
 */
void
export_fingerprint(const void *key, size_t len, char out[EXPORT_FP_MAX])
{
	unsigned char	 h[crypto_generichash_BYTES_MIN];

	crypto_generichash(h, sizeof(h), key, len, NULL, 0);
	sodium_bin2hex(out, EXPORT_FP_MAX, h, (EXPORT_FP_MAX - 1) / 2);
}

/*
 * Column c of st's row: appended to csv (text that a spreadsheet would
 * run as a formula kept text), and returned as a new JSON value, or
 * NULL when it cannot be (out of memory, text that is not UTF-8).
 */
static json_t *
export_value(sqlite3_stmt *st, int c, struct buf *csv, int last)
{
	char		 fp[EXPORT_FP_MAX];
	const char	*t;

	switch (sqlite3_column_type(st, c)) {
	case SQLITE_NULL:
		csv_put(csv, "", 0, last);
		return json_null();
	case SQLITE_INTEGER:
		csv_put(csv, db_text(st, c), 0, last);
		return json_integer(sqlite3_column_int64(st, c));
	case SQLITE_FLOAT:
		csv_put(csv, db_text(st, c), 0, last);
		return json_real(sqlite3_column_double(st, c));
	case SQLITE_BLOB:
		export_fingerprint(sqlite3_column_blob(st, c),
		    (size_t)sqlite3_column_bytes(st, c), fp);
		csv_put(csv, fp, 0, last);
		return json_string(fp);
	default:
		t = db_text(st, c);
		csv_put(csv, t, 1, last);
		return json_stringn(t, (size_t)sqlite3_column_bytes(st, c));
	}
}

/* st's row as a line of csv and a JSON object (new), or NULL. */
static json_t *
export_row(sqlite3_stmt *st, struct buf *csv)
{
	json_t	*row, *v;
	int	 c, n = sqlite3_column_count(st);

	if ((row = json_object()) == NULL)
		return NULL;
	for (c = 0; c < n; c++) {
		v = export_value(st, c, csv, c == n - 1);
		/* json_object_set_new() frees v when it fails */
		if (v == NULL || json_object_set_new(row,
		    sqlite3_column_name(st, c), v) == -1) {
			json_decref(row);
			return NULL;
		}
	}
	return row;
}

/* The ratings a person's own page does not show them, by id. */
struct hidden {
	int64_t		*id;		/* sorted */
	size_t		 n;
};

static int
id_cmp(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/*
 * The ratings of person that the blind rule keeps from their own page
 * (their coach's scores no self-rating of theirs has answered yet),
 * read with ratings_load() and judged by rating_visible() as the page
 * build judges them, into *h; hidden_free() frees it.  Returns 0 or -1.
 */
static int
hidden_load(struct db *db, int64_t person, struct hidden *h)
{
	struct rating_set rs;
	size_t		 i;

	memset(h, 0, sizeof(*h));
	if (ratings_load(db, person, &rs) == -1)
		return -1;
	if (rs.n > 0 && (h->id = calloc(rs.n, sizeof(*h->id))) == NULL) {
		ratings_free(&rs);
		return -1;
	}
	for (i = 0; i < rs.n; i++)
		if (!rating_visible(&rs.v[i], ROLE_ATHLETE))
			h->id[h->n++] = rs.v[i].id;
	ratings_free(&rs);
	if (h->n > 0)
		qsort(h->id, h->n, sizeof(*h->id), id_cmp);
	return 0;
}

static void
hidden_free(struct hidden *h)
{
	free(h->id);
	memset(h, 0, sizeof(*h));
}

/* Whether st's row is about a rating h holds (table i says where). */
static int
hidden_row(const struct hidden *h, size_t i, sqlite3_stmt *st)
{
	int64_t	 id;

	if (!person_tables[i].blind || h->n == 0)
		return 0;
	id = sqlite3_column_int64(st, 0);
	return bsearch(&id, h->id, h->n, sizeof(*h->id), id_cmp) != NULL;
}

/*
 * Table i of person's rows into csv (header row first, even with no
 * rows) and into the array list, but for those about a rating h holds;
 * *rows counts them.  Returns OUT_OK or OUT_FAILED.
 */
static enum outcome
export_table(struct db *db, int64_t person, size_t i, const struct hidden *h,
    struct buf *csv, json_t *list, size_t *rows)
{
	sqlite3_stmt	*st;
	json_t		*row;
	enum outcome	 step;
	int		 c, n;

	if ((st = db_query(db, person_tables[i].select, "i", person)) == NULL)
		return OUT_FAILED;
	n = sqlite3_column_count(st);
	buf_puts(csv, "\xef\xbb\xbf");	/* UTF-8, for Excel */
	for (c = 0; c < n; c++)
		csv_put(csv, sqlite3_column_name(st, c), 1, c == n - 1);
	while ((step = db_row(db, st)) == OUT_ROW) {
		if (hidden_row(h, i, st))
			continue;
		row = export_row(st, csv);
		if (row == NULL || json_array_append_new(list, row) == -1) {
			log_error("export: %s: a value JSON cannot hold",
			    person_tables[i].name);
			sqlite3_reset(st);
			return OUT_FAILED;
		}
		(*rows)++;
	}
	return step != OUT_OK || buf_failed(csv) ? OUT_FAILED : OUT_OK;
}

/*
 * Every table's rows into x->csv and root, read in one snapshot so
 * that the files agree with each other and with the blind rule's
 * judgement of the ratings.
 */
static enum outcome
export_tables(struct db *db, int64_t person, struct person_export *x,
    json_t *root)
{
	struct hidden	 h;
	json_t		*list;
	enum outcome	 rc = OUT_OK;
	size_t		 i;

	if (db_read(db) == -1)
		return OUT_IOERR;
	if (hidden_load(db, person, &h) == -1) {
		db_rollback(db);
		return OUT_FAILED;
	}
	for (i = 0; i < person_ntables; i++) {
		/* json_object_set_new() frees list when it fails */
		if ((list = json_array()) == NULL ||
		    json_object_set_new(root, person_tables[i].name, list) ==
		    -1) {
			log_error("export: out of memory");
			rc = OUT_FAILED;
			break;
		}
		if ((rc = export_table(db, person, i, &h, &x->csv[i], list,
		    &x->counts[i])) != OUT_OK)
			break;
		x->rows += x->counts[i];
	}
	x->held = h.n;
	hidden_free(&h);
	db_rollback(db);
	return rc;
}

/*
 * Everything stored about person, in memory: x->json (person.json),
 * x->csv[i] (the CSV file of person_tables[i]) and x->counts[i], its
 * rows, and x->rows, all of them, and x->held, the coach scores the
 * blind rule left out; export_person_clear() frees them.  The one walk of the
 * tables, for cox export person and for the email a "mydata" text
 * asks for (ingest/outbox.c).  Returns OUT_OK, or OUT_IOERR (the
 * database could not be read), OUT_FAILED.
 */
enum outcome
export_person_build(struct db *db, int64_t person, struct person_export *x)
{
	json_t		*root = NULL, *tabs = NULL;
	char		 now[32];
	time_t		 t = clock_now();
	struct tm	 tm;
	enum outcome	 rc = OUT_FAILED;

	memset(x, 0, sizeof(*x));
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&t, &tm));
	if ((x->csv = calloc(person_ntables, sizeof(*x->csv))) == NULL ||
	    (x->counts = calloc(person_ntables, sizeof(*x->counts))) == NULL ||
	    (root = json_object()) == NULL || (tabs = json_object()) == NULL)
		goto oom;
	if (json_object_set_new(root, "exported_at", json_string(now)) == -1 ||
	    json_object_set_new(root, "cox", json_string(COX_VERSION)) == -1 ||
	    json_object_set(root, "tables", tabs) == -1)
		goto oom;
	if ((rc = export_tables(db, person, x, tabs)) != OUT_OK)
		goto out;
	/* that there are some, as their page says a score waits */
	if (json_object_set_new(root, "coach_scores_awaiting_your_rating",
	    json_integer((json_int_t)x->held)) == -1)
		goto oom;
	if ((x->json = json_dumps(root, JSON_INDENT(1))) == NULL)
		goto oom;
	rc = OUT_OK;
	goto out;
oom:
	log_error("export: out of memory");
	rc = OUT_FAILED;
out:
	json_decref(tabs);
	json_decref(root);
	if (rc != OUT_OK)
		export_person_clear(x);
	return rc;
}

/* Frees what export_person_build() made, and wipes it: health data. */
void
export_person_clear(struct person_export *x)
{
	size_t	 i;

	if (x->json != NULL)
		secret_free(x->json);
	for (i = 0; x->csv != NULL && i < person_ntables; i++) {
		if (x->csv[i].data != NULL)
			sodium_memzero(x->csv[i].data, x->csv[i].len);
		buf_free(&x->csv[i]);
	}
	free(x->csv);
	free(x->counts);
	memset(x, 0, sizeof(*x));
}

/*
 * Writes everything stored about person into dir, an existing folder
 * only its owner can open: NAME.csv per table and person.json, files of
 * mode 600.  *rows is the number of rows written, *held the coach
 * scores left out (the blind rule).  Returns OUT_OK, or OUT_IOERR (a
 * file or the database could not be used), OUT_FAILED.
 */
enum outcome
export_person(struct db *db, int64_t person, const char *dir, size_t *rows,
    size_t *held)
{
	struct person_export x;
	char		 file[64], path[4096];
	enum outcome	 rc;
	size_t		 i;

	*rows = *held = 0;
	if ((rc = export_person_build(db, person, &x)) != OUT_OK)
		return rc;
	rc = OUT_IOERR;
	for (i = 0; i < person_ntables; i++) {
		snprintf(file, sizeof(file), "%s.csv", person_tables[i].name);
		if (path_join(path, sizeof(path), dir, file) == -1 ||
		    file_replace(path, x.csv[i].data, x.csv[i].len, 0600,
		    FILE_DURABLE) == -1)
			goto out;
	}
	if (path_join(path, sizeof(path), dir, "person.json") == -1 ||
	    file_replace(path, x.json, strlen(x.json), 0600,
	    FILE_DURABLE) == -1)
		goto out;
	*rows = x.rows;
	*held = x.held;
	rc = OUT_OK;
out:
	export_person_clear(&x);
	return rc;
}
