/*
 * logbook.c - what the Concept2 Logbook gives cox, as rows: an
 * athlete's link (their tokens, kept in the database as the
 * workspace's other keys are, and deleted by erg unlink and by
 * erasure), a pending authorisation's state (bound to the person, its
 * PKCE verifier, good once), and each result fetched, kept once by its
 * Logbook id.  ingest/concept2.c speaks HTTP to the Logbook; this file
 * owns the rows and decides what a result is.
 *
 * A result whose distance is an erg metric's piece (500 m, 2000 m,
 * 6000 m) or whose time is 30:00 is that metric's measured value: a
 * source of its own, neither the coach's rating nor the athlete's, so
 * outside the blind pair.  Any other workout is a session of its
 * minutes.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "plumbing.h"
#include "db.h"
#include "scores.h"

/* lib/logbook.c: the Concept2 Logbook's links and results */
STMT(STMT_C2_LINK_PUT,
    "INSERT INTO concept2_link (person_id, access_token, "
    "refresh_token, expires_at, linked_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "ON CONFLICT (person_id) DO UPDATE SET access_token = "
    "excluded.access_token, refresh_token = excluded.refresh_token, "
    "expires_at = excluded.expires_at, relink = 0");
STMT(STMT_C2_LINK_GET,
    "SELECT access_token, refresh_token, expires_at, relink "
    "FROM concept2_link WHERE person_id = ?1");
STMT(STMT_C2_LINK_DEL,
    "DELETE FROM concept2_link WHERE person_id = ?1");
STMT(STMT_C2_STATE_PUT,
    "INSERT INTO concept2_state (state_hash, person_id, verifier, "
    "created_at) VALUES (?1, ?2, ?3, ?4)");
/* a state is good once, within the hour it was made */
STMT(STMT_C2_STATE_TAKE,
    "DELETE FROM concept2_state WHERE state_hash = ?1 "
    "RETURNING person_id, verifier, created_at");
STMT(STMT_C2_STATE_PEEK,
    "SELECT verifier, created_at FROM concept2_state "
    "WHERE state_hash = ?1");
STMT(STMT_C2_STATE_OLD,
    "DELETE FROM concept2_state WHERE created_at < ?1");
STMT(STMT_ERG_RESULT_INSERT,
    "INSERT OR IGNORE INTO erg_result (athlete_id, result_id, day, "
    "distance, time, stroke_rate, drag_factor, metric_id, value, "
    "minutes, created_at) VALUES (?1, ?2, ?3, ?4, ?5, nullif(?6, 0), "
    "nullif(?7, 0), nullif(?8, 0), nullif(?9, 0), nullif(?10, 0), ?11)");
/* athlete ?1's erg tests from the Logbook, oldest first */
STMT(STMT_ERG_MEASURED,
    "SELECT metric_id, day, value, coalesce(stroke_rate, 0), "
    "coalesce(drag_factor, 0) FROM erg_result WHERE athlete_id = ?1 "
    "AND metric_id IS NOT NULL ORDER BY day, result_id");
STMT_SHARED(STMT_ERASE_C2_STATE,
    "DELETE FROM concept2_state WHERE person_id = ?1");

#define STATE_LIFE	3600	/* seconds an authorisation may take */

/*
 * Which metric of ms a result of distance metres in time (tenths of a
 * second) is a test of: its index into *idx and its value as the
 * metric keeps it into *kept (a 2k's or 6k's time, a 500 m split; a
 * 30:00 piece's average split).  1 when one is, 0 when none.
 */
int
logbook_match(const struct metric_set *ms, long distance, long time,
    size_t *idx, long *kept)
{
	size_t	 i;

	for (i = 0; i < ms->n; i++) {
		const struct metric *m = &ms->v[i];
		long	 v = -1;

		if (!erg_timed(m) || distance <= 0 || time <= 0)
			continue;
		if ((m->erg == ERG_SPLIT && distance == 500) ||
		    (m->erg == ERG_2K && distance == 2000) ||
		    (m->erg == ERG_6K && distance == 6000))
			v = time;
		else if (m->erg == ERG_30MIN && time == 18000)
			v = (time * 500 + distance / 2) / distance;
		if (v < 0 || v < m->scale_min || v > m->scale_max)
			continue;
		*idx = i;
		*kept = v;
		return 1;
	}
	return 0;
}

/* The S256 challenge of verifier (RFC 7636 §4.2) into challenge. */
static void
challenge_of(const char *verifier, char challenge[LOGBOOK_TOKEN_MAX])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)verifier,
	    strlen(verifier));
	sodium_bin2base64(challenge, LOGBOOK_TOKEN_MAX, h, sizeof(h),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/*
 * A new authorisation for person: a state and a PKCE verifier (43
 * characters of base64url each, RFC 7636 §4.1) into state and verifier,
 * its S256 challenge into challenge; the state's hash is kept with the
 * person and the verifier.  0, or -1.
 */
int
logbook_state_new(struct db *db, int64_t person, time_t now,
    char state[LOGBOOK_TOKEN_MAX], char verifier[LOGBOOK_TOKEN_MAX],
    char challenge[LOGBOOK_TOKEN_MAX])
{
	unsigned char	 r[32];
	char		 hs[LOGBOOK_TOKEN_MAX];

	randombytes_buf(r, sizeof(r));
	sodium_bin2base64(state, LOGBOOK_TOKEN_MAX, r, sizeof(r),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	randombytes_buf(r, sizeof(r));
	sodium_bin2base64(verifier, LOGBOOK_TOKEN_MAX, r, sizeof(r),
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	challenge_of(verifier, challenge);
	logbook_state_hash(state, hs);
	sodium_memzero(r, sizeof(r));
	if (db_exec(db, STMT_C2_STATE_OLD, "i", (int64_t)(now -
	    STATE_LIFE)) == -1)
		return -1;
	return db_exec(db, STMT_C2_STATE_PUT, "titi", hs, person, verifier,
	    (int64_t)now);
}

/* The hex SHA-256 of state, as it is kept: a leaked row links no one. */
void
logbook_state_hash(const char *state, char out[LOGBOOK_TOKEN_MAX])
{
	unsigned char	 h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)state, strlen(state));
	sodium_bin2hex(out, LOGBOOK_TOKEN_MAX, h, sizeof(h));
}

/*
 * Whether state is pending (made within the hour, not yet taken),
 * leaving it so: its PKCE challenge into challenge.  1, 0, or -1.
 */
int
logbook_state_peek(struct db *db, const char *state, time_t now,
    char challenge[LOGBOOK_TOKEN_MAX])
{
	char		 hs[LOGBOOK_TOKEN_MAX];
	sqlite3_stmt	*st;
	enum outcome	 rc;
	int		 live;

	logbook_state_hash(state, hs);
	if ((st = db_query(db, STMT_C2_STATE_PEEK, "t", hs)) == NULL)
		return -1;
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_OK ? 0 : -1;
	challenge_of(db_text(st, 0), challenge);
	live = sqlite3_column_int64(st, 1) + STATE_LIFE >= (int64_t)now;
	sqlite3_reset(st);
	return live;
}

/*
 * Takes state (once: its row is gone after): the person it was made
 * for into *person, its verifier into verifier.  OUT_OK, OUT_NOTFOUND
 * when no such state is pending (used, made up, or over an hour old),
 * OUT_FAILED.
 */
enum outcome
logbook_state_take(struct db *db, const char *state, time_t now,
    int64_t *person, char verifier[LOGBOOK_TOKEN_MAX])
{
	char		 hs[LOGBOOK_TOKEN_MAX];
	sqlite3_stmt	*st;
	enum outcome	 rc;
	int64_t		 made;

	logbook_state_hash(state, hs);
	if ((st = db_query(db, STMT_C2_STATE_TAKE, "t", hs)) == NULL)
		return OUT_FAILED;
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_OK ? OUT_NOTFOUND : OUT_FAILED;
	*person = sqlite3_column_int64(st, 0);
	snprintf(verifier, LOGBOOK_TOKEN_MAX, "%s", db_text(st, 1));
	made = sqlite3_column_int64(st, 2);
	while ((rc = db_row(db, st)) == OUT_ROW)
		continue;	/* RETURNING: the delete is done at the end */
	if (rc != OUT_OK)
		return OUT_FAILED;
	return made + STATE_LIFE < (int64_t)now ? OUT_NOTFOUND : OUT_OK;
}

/* person's tokens kept (a new link, or a refresh). */
int
logbook_link_put(struct db *db, int64_t person, const struct logbook_tokens *t,
    time_t now)
{
	return db_exec(db, STMT_C2_LINK_PUT, "ittii", person, t->access,
	    t->refresh, (int64_t)t->expires, (int64_t)now);
}

/*
 * person's tokens into *t (logbook_tokens_clear() wipes them): OUT_OK,
 * OUT_NOTFOUND when not linked, OUT_FAILED.
 */
enum outcome
logbook_link_get(struct db *db, int64_t person, struct logbook_tokens *t)
{
	sqlite3_stmt	*st = db_query(db, STMT_C2_LINK_GET, "i", person);
	enum outcome	 rc;

	memset(t, 0, sizeof(*t));
	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_OK ? OUT_NOTFOUND : OUT_FAILED;
	t->access = xstrdup(db_text(st, 0));
	t->refresh = xstrdup(db_text(st, 1));
	t->expires = (time_t)sqlite3_column_int64(st, 2);
	t->relink = sqlite3_column_int(st, 3);
	sqlite3_reset(st);
	if (t->access == NULL || t->refresh == NULL) {
		logbook_tokens_clear(t);
		return OUT_FAILED;
	}
	return OUT_OK;
}

void
logbook_tokens_clear(struct logbook_tokens *t)
{
	secret_free(t->access);
	secret_free(t->refresh);
	memset(t, 0, sizeof(*t));
}

/*
 * person's link gone (erg unlink), and any authorisation pending: 1
 * when there was a link, 0 when not, -1.
 */
int
logbook_unlink(struct db *db, int64_t person)
{
	int	 had;

	if (db_exec(db, STMT_C2_LINK_DEL, "i", person) == -1)
		return -1;
	had = db_changes(db) > 0;
	if (db_exec(db, STMT_ERASE_C2_STATE, "i", person) == -1)
		return -1;
	return had;
}

/*
 * One result fetched for athlete, kept once by its id: as the value of
 * the metric it is a test of (logbook_match()), else as a session of
 * its minutes.  Returns 1 when new, 0 when kept already, -1.
 */
int
logbook_result_keep(struct db *db, const struct metric_set *ms,
    int64_t athlete, const struct logbook_result *r, time_t now)
{
	size_t	 i;
	long	 kept;
	int	 test = logbook_match(ms, r->distance, r->time, &i, &kept);

	if (db_exec(db, STMT_ERG_RESULT_INSERT, "iitiiiiiiii", athlete,
	    r->id, r->day, (int64_t)r->distance, (int64_t)r->time,
	    (int64_t)r->stroke_rate, (int64_t)r->drag_factor,
	    test ? ms->v[i].id : (int64_t)0, test ? (int64_t)kept :
	    (int64_t)0, test ? (int64_t)0 : (int64_t)((r->time + 599) / 600),
	    (int64_t)now) == -1)
		return -1;
	return db_changes(db) > 0;
}

/*
 * athlete's erg tests from the Logbook, oldest first, into a new
 * array *v of *n (the caller frees *v).  0, or -1.
 */
int
logbook_measured(struct db *db, int64_t athlete, struct logbook_measure **v,
    size_t *n)
{
	sqlite3_stmt		*st = db_query(db, STMT_ERG_MEASURED, "i",
				    athlete);
	struct logbook_measure	*grown, *x;
	enum outcome		 rc;

	*v = NULL;
	*n = 0;
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((grown = reallocarray(*v, *n + 1, sizeof(**v))) == NULL) {
			sqlite3_reset(st);
			rc = OUT_FAILED;
			break;
		}
		*v = grown;
		x = &(*v)[(*n)++];
		x->metric = sqlite3_column_int64(st, 0);
		snprintf(x->day, sizeof(x->day), "%s", db_text(st, 1));
		x->value = (long)sqlite3_column_int64(st, 2);
		x->stroke_rate = (long)sqlite3_column_int64(st, 3);
		x->drag_factor = (long)sqlite3_column_int64(st, 4);
	}
	if (rc == OUT_OK)
		return 0;
	free(*v);
	*v = NULL;
	*n = 0;
	return -1;
}
