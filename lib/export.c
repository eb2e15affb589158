/*
 * export.c - everything the database holds about one person, for them
 * to take home: one CSV file per table (RFC 4180, csv_put()) and
 * person.json with all of it, built in memory (export_person_build())
 * and written into a folder the caller made, or attached to an email
 * by the outbox.
 *
 * Which rows of which table name a person is decided by the
 * STMT_PEXPORT_ statements (below), one per file, listed once in
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
#include "sql.h"

/*
 * Everything about person ?1, table by table (lib/export.c; which
 * rows name a person is listed in cox(1) EXPORTING A PERSON).
 * Times as ISO 8601 UTC; no secret is selected: page keys, link
 * secrets, invitation token hashes, wrapped and located secret
 * keys stay in the database, and a public key (a BLOB) is
 * written as its fingerprint.
 */
STMT(STMT_PEXPORT_PERSON,
    "SELECT p.id, p.role, p.name, p.handle, p.email, p.slug AS page, "
    "p.active, " ISO("p.removed_at") " AS removed_at, p.opted_out, "
    "p.blocked, p.paused, r.sms AS may_text, r.email AS may_email, "
    ISO("p.created_at") " AS created_at, " ISO("p.updated_at")
    " AS updated_at, p.channel, p.language, "
    ISO("p.whatsapp_blocked_at") " AS whatsapp_blocked_at, "
    ISO("p.whatsapp_closed_at") " AS whatsapp_closed_at, "
    "p.guardian_name, p.guardian_phone, p.guardian_email, "
    "p.guardian_opted_out, p.birth_date, p.minor "
    "FROM person p JOIN person_reach r ON "
    "r.person_id = p.id WHERE p.id = ?1");
STMT(STMT_PEXPORT_PHONE,
    "SELECT e164 AS number, position FROM phone WHERE person_id = ?1 "
    "ORDER BY position, e164");
STMT(STMT_PEXPORT_MEMBERSHIP,
    "SELECT s.name AS squad FROM membership ms JOIN squad s ON "
    "s.id = ms.squad_id WHERE ms.person_id = ?1 ORDER BY s.name");
/* as an athlete: the coaches' scores and their own */
STMT(STMT_PEXPORT_RATING_RECEIVED,
    "SELECT r.id, r.rated_on, m.slug AS metric, m.name AS metric_name, "
    "r.source, c.handle AS rater, c.name AS rater_name, "
    SCORE_WRITTEN " AS score, m.kind AS kind, m.unit AS unit, "
    "r.comment, " ISO("r.created_at") " AS created_at, r.message_id, "
    "erg_watts(m.erg, r.score) AS watts "
    "FROM rating r JOIN metric m ON m.id = r.metric_id "
    "LEFT JOIN person c ON c.id = r.rater_id "
    "WHERE r.athlete_id = ?1 ORDER BY r.rated_on, r.id");
/* as a coach: the scores they gave (index rating_rater) */
STMT(STMT_PEXPORT_RATING_GIVEN,
    "SELECT r.id, r.rated_on, a.handle AS athlete, a.name AS "
    "athlete_name, m.slug AS metric, m.name AS metric_name, r.score, "
    "r.comment, " ISO("r.created_at") " AS created_at, r.message_id "
    "FROM rating r JOIN person a ON a.id = r.athlete_id "
    "JOIN metric m ON m.id = r.metric_id WHERE r.source = 'coach' "
    "AND coalesce(r.rater_id, 0) = ?1 ORDER BY r.created_at, r.id");
/* scores a correction replaced, of a rating of theirs or by them */
STMT(STMT_PEXPORT_RATING_CHANGE,
    "SELECT c.rating_id, c.message_id AS corrected_by_message, "
    "c.score AS was_score, c.comment AS was_comment, w.handle AS "
    "was_rater, c.was_message FROM rating_change c JOIN rating r ON "
    "r.id = c.rating_id LEFT JOIN person w ON w.id = c.rater_id "
    "WHERE r.athlete_id = ?1 OR r.rater_id = ?1 OR c.rater_id = ?1 "
    "ORDER BY c.rating_id, c.message_id");
STMT(STMT_PEXPORT_GUESS,
    "SELECT rating_id, score, " ISO("created_at") " AS created_at, "
    "message_id FROM guess WHERE athlete_id = ?1 ORDER BY rating_id");
STMT(STMT_PEXPORT_CONSENT,
    "SELECT kind, " ISO("given_at") " AS given_at, channel, version, "
    ISO("withdrawn_at") " AS withdrawn_at FROM consent "
    "WHERE person_id = ?1 ORDER BY kind");
STMT(STMT_PEXPORT_WELLNESS,
    "SELECT id, day, sleep, stress, fatigue, soreness, illness, note, "
    ISO("created_at") " AS created_at, message_id FROM wellness "
    "WHERE athlete_id = ?1 ORDER BY day, id");
STMT(STMT_PEXPORT_HEALTH,
    "SELECT id, week, problem, area, q1 AS participation, "
    "q2 AS volume, q3 AS performance, q4 AS symptoms, severity, "
    "substantial, " ISO("asked_at") " AS asked_at, "
    ISO("answered_at") " AS answered_at FROM health_report "
    "WHERE athlete_id = ?1 ORDER BY asked_at, id");
STMT(STMT_PEXPORT_EPISODE,
    "SELECT id, kind, area, stage, source, " ISO("opened_at")
    " AS opened_at, " ISO("changed_at") " AS changed_at, "
    ISO("closed_at") " AS closed_at FROM episode "
    "WHERE athlete_id = ?1 ORDER BY opened_at, id");
STMT(STMT_PEXPORT_CHECKIN,
    "SELECT w.id AS wellness_id, w.day, i.slug AS item, i.name, "
    "v.value, i.lo || '-' || i.hi AS scale, i.better AS best, "
    "i.every FROM wellness w JOIN checkin_value v ON "
    "v.wellness_id = w.id JOIN checkin_item i ON i.id = v.item_id "
    "WHERE w.athlete_id = ?1 ORDER BY w.day, w.id, i.id");
STMT(STMT_PEXPORT_SESSION_RPE,
    "SELECT id, day, slot, rpe, minutes, rpe * minutes AS load, "
    ISO("created_at") " AS created_at, message_id FROM session_rpe "
    "WHERE athlete_id = ?1 ORDER BY day, id");
STMT(STMT_PEXPORT_MESSAGE,
    "SELECT m.id, " ISO("m.created_at") " AS created_at, m.direction, "
    "m.channel, m.peer, m.subject, m.body, m.kind, m.status, m.error, "
    "m.attempts, coalesce(m.sid, m.provider_id) AS provider_id, "
    "m.about, m.archived, m.answer FROM "
    "message m WHERE " PEXPORT_MESSAGES " ORDER BY m.id");
STMT(STMT_PEXPORT_MESSAGE_STATUS,
    "SELECT s.message_id, s.status, s.error_code, " ISO("s.at")
    " AS at FROM message_status s JOIN message m ON m.id = "
    "s.message_id WHERE " PEXPORT_MESSAGES " ORDER BY s.id");
STMT(STMT_PEXPORT_INGEST,
    "SELECT i.message_id, i.source, i.source_key, i.outcome, i.reason, "
    "i.raw_path, " ISO("i.created_at") " AS created_at, "
    ISO("i.updated_at") " AS updated_at FROM ingest i JOIN message m "
    "ON m.id = i.message_id WHERE " PEXPORT_MESSAGES " ORDER BY i.id");
STMT(STMT_PEXPORT_PAGE_KEY,
    "SELECT page, " ISO("created_at") " AS created_at FROM page_key "
    "WHERE person_id = ?1 ORDER BY page");
STMT(STMT_PEXPORT_PERSON_KEY,
    "SELECT id, public_key AS fingerprint, locator IS NOT NULL AS "
    "open_my_page, " ISO("created_at") " AS created_at, "
    ISO("revoked_at") " AS revoked_at FROM person_key "
    "WHERE person_id = ?1 ORDER BY id");
STMT(STMT_PEXPORT_INVITE,
    "SELECT id, " ISO("created_at") " AS created_at, "
    ISO("expires_at") " AS expires_at, " ISO("used_at") " AS used_at "
    "FROM invite WHERE person_id = ?1 ORDER BY id");
STMT(STMT_PEXPORT_COACH_PREF,
    "SELECT digest, digest_at, sheet, send_day, sends FROM coach_pref "
    "WHERE person_id = ?1");
STMT(STMT_PEXPORT_DIGEST_SENT,
    "SELECT day, " ISO("sent_at") " AS sent_at, message_id "
    "FROM digest_sent WHERE person_id = ?1 ORDER BY day");
/* the sessions a coach planned (their intended effort) */
STMT(STMT_PEXPORT_PLANNED,
    "SELECT ps.id, s.name AS squad, ps.day, ps.slot, ps.minutes, "
    "ps.intended_rpe, ps.description, " ISO("ps.created_at")
    " AS created_at, ps.message_id FROM planned_session ps "
    "JOIN squad s ON s.id = ps.squad_id WHERE ps.coach_id = ?1 "
    "ORDER BY ps.day, ps.slot");
/* their seat-race results (lib/seatrace.c), in seconds */
STMT(STMT_PEXPORT_SEAT_RACE,
    "SELECT r.id AS seat_race, r.day, r.pieces, w.side, "
    "w.pieces AS rowed, w.total / 10.0 AS total_time, "
    "w.effect / 100.0 AS effect, w.swap / 100.0 AS one_swap, "
    "w.rank, w.apart AS separable, r.noise / 100.0 AS noise "
    "FROM seat_race_rower w JOIN seat_race r ON r.id = w.race_id "
    "WHERE w.person_id = ?1 ORDER BY r.day, r.id");
/* the seat races a coach ran */
STMT(STMT_PEXPORT_SEAT_GIVEN,
    "SELECT id AS seat_race, day, pieces, noise / 100.0 AS noise, "
    ISO("created_at") " AS created_at FROM seat_race "
    "WHERE coach_id = ?1 ORDER BY day, id");
/* the sessions they were asked about, their answers, whether they
 * came (lib/avail.c) */
STMT(STMT_PEXPORT_AVAIL,
    "SELECT s.day, s.slot, q.name AS squad, s.at, s.place, "
    "s.cancelled, a.answer, a.late, a.by_guardian, "
    ISO("a.answered_at") " AS answered_at, a.attended FROM "
    "avail_answer a JOIN avail_session s ON s.id = a.session_id "
    "JOIN squad q ON q.id = s.squad_id WHERE a.person_id = ?1 "
    "ORDER BY s.day, s.slot");
STMT(STMT_ERASE_PERSON, "DELETE FROM person WHERE id = ?1");
STMT(STMT_ERASE_PHONE, "DELETE FROM phone WHERE person_id = ?1");
STMT(STMT_ERASE_MEMBERSHIP,
    "DELETE FROM membership WHERE person_id = ?1");
/* their guesses and corrections go with them (ON DELETE CASCADE) */
STMT(STMT_ERASE_RATING_RECEIVED,
    "DELETE FROM rating WHERE athlete_id = ?1");
/* a former coach's scores of others stay, naming no rater */
STMT_SHARED(STMT_ERASE_RATING_GIVEN,
    "UPDATE rating SET rater_id = NULL WHERE rater_id = ?1");
STMT(STMT_ERASE_RATING_CHANGE,
    "DELETE FROM rating_change WHERE rater_id = ?1 OR rating_id IN "
    "(SELECT id FROM rating WHERE athlete_id = ?1)");
STMT(STMT_ERASE_GUESS, "DELETE FROM guess WHERE athlete_id = ?1");
STMT(STMT_ERASE_HEALTH,
    "DELETE FROM health_report WHERE athlete_id = ?1");
STMT(STMT_ERASE_EPISODE, "DELETE FROM episode WHERE athlete_id = ?1");
STMT(STMT_ERASE_WELLNESS, "DELETE FROM wellness WHERE athlete_id = ?1");
STMT(STMT_ERASE_CHECKIN,
    "DELETE FROM checkin_value WHERE wellness_id IN "
    "(SELECT id FROM wellness WHERE athlete_id = ?1)");
STMT(STMT_ERASE_CONSENT, "DELETE FROM consent WHERE person_id = ?1");
STMT(STMT_ERASE_SESSION_RPE,
    "DELETE FROM session_rpe WHERE athlete_id = ?1");
STMT(STMT_ERASE_MESSAGE,
    "DELETE FROM message WHERE id IN temp.erase_message");
STMT(STMT_ERASE_MESSAGE_STATUS,
    "DELETE FROM message_status WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_INGEST,
    "DELETE FROM ingest WHERE message_id IN temp.erase_message");
STMT(STMT_ERASE_PAGE_KEY, "DELETE FROM page_key WHERE person_id = ?1");
STMT(STMT_ERASE_PERSON_KEY,
    "DELETE FROM person_key WHERE person_id = ?1");
STMT(STMT_ERASE_INVITE, "DELETE FROM invite WHERE person_id = ?1");
STMT(STMT_ERASE_COACH_PREF,
    "DELETE FROM coach_pref WHERE person_id = ?1");
STMT(STMT_ERASE_DIGEST_SENT,
    "DELETE FROM digest_sent WHERE person_id = ?1");
/* a squad's plan stays, planned by "a former coach" */
STMT(STMT_ERASE_PLANNED,
    "UPDATE planned_session SET coach_id = NULL WHERE coach_id = ?1");
/* their seat-race rows; a race stays for the others, run by "a
 * former coach" when its coach goes */
STMT(STMT_ERASE_SEAT_RACE,
    "DELETE FROM seat_race_rower WHERE person_id = ?1");
STMT(STMT_ERASE_SEAT_GIVEN,
    "UPDATE seat_race SET coach_id = NULL WHERE coach_id = ?1");
STMT(STMT_ERASE_AVAIL, "DELETE FROM avail_answer WHERE person_id = ?1");
STMT(STMT_PEXPORT_ERG_RESULT,
    "SELECT e.result_id, e.day, e.distance, e.time, e.stroke_rate, "
    "e.drag_factor, m.slug AS metric, e.value, e.minutes, "
    ISO("e.created_at") " AS created_at FROM erg_result e "
    "LEFT JOIN metric m ON m.id = e.metric_id "
    "WHERE e.athlete_id = ?1 ORDER BY e.day, e.result_id");
STMT(STMT_ERASE_ERG_RESULT,
    "DELETE FROM erg_result WHERE athlete_id = ?1");
/* that a link is there, never its tokens */
STMT(STMT_PEXPORT_C2_LINK,
    "SELECT " ISO("linked_at") " AS linked_at, " ISO("synced_at")
    " AS synced_at, relink FROM concept2_link WHERE person_id = ?1");
STMT(STMT_ERASE_C2_LINK,
    "DELETE FROM concept2_link WHERE person_id = ?1");
STMT(STMT_PEXPORT_C2_STATE,
    "SELECT " ISO("created_at") " AS created_at FROM concept2_state "
    "WHERE person_id = ?1");

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
