/*
 * person_consent.c - who may be sent what, for a person's sake: their
 * consents ([privacy] consent = required: texts, wellness, a
 * guardian's), whether they are a minor (so marked, or by birth date
 * and [team] adult_age), their guardian, who is copied on what they are
 * sent ([team] guardian_copies), and a guardian's STOP and START.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"

/* whose guardian number ?1 is, on the roster (ingest/guardian.c) */
STMT(STMT_PERSON_WARDS,
    "SELECT id FROM person WHERE guardian_phone = ?1 AND active "
    "ORDER BY id");
/* a guardian's STOP (?1 = 1) or START from number ?3, for every
 * athlete they are the guardian of */
STMT(STMT_GUARDIAN_OPTOUT,
    "UPDATE person SET guardian_opted_out = ?1, updated_at = ?2 "
    "WHERE guardian_phone = ?3 AND guardian_opted_out != ?1");
/* a consent in force: given, not withdrawn */
STMT(STMT_CONSENT_HAS,
    "SELECT count(*) FROM consent WHERE person_id = ? AND kind = ? "
    "AND withdrawn_at IS NULL");

/* [team] adult_age and guardian_copies, set when the workspace opens. */
static long	guardian_adult_age = 18;
static int	guardian_all_texts;
static int	consent_required;	/* [privacy] consent = required */

void
person_guardians_set(long adult_age, int all_texts)
{
	guardian_adult_age = adult_age;
	guardian_all_texts = all_texts;
}

void
person_consent_set(int required)
{
	consent_required = required;
}

/* Whether p's consent of kind is recorded and in force: 1, 0, or -1. */
int
person_consent(struct db *db, int64_t id, const char *kind)
{
	sqlite3_stmt	*st = db_query(db, STMT_CONSENT_HAS, "it", id, kind);
	int		 rc;

	rc = db_row(db, st) == OUT_ROW ? sqlite3_column_int(st, 0) > 0 : -1;
	sqlite3_reset(st);
	return rc;
}

/*
 * Whether a message of kind may go to athlete p as the consents on the
 * roster stand, with [privacy] consent = required, and if not whose
 * consent is missing, so that a coach is told whom to ask: always an
 * invitation, what only answers them (kind "twiml") and the copy of
 * their data they asked for ("export": a right, not a favour); anything
 * else only with their consent to texts, and for a minor their
 * guardian's too; a check-in prompt and a health question (health.c)
 * also with consent to wellness monitoring.  REACH_YES, REACH_NO_CONSENT (the athlete's own),
 * REACH_NO_GUARDIAN_CONSENT, or -1 on a database error.  Coaches, and
 * every message with consent assumed, always.
 */
int
person_consent_whose(struct db *db, const struct person *p, const char *kind,
    time_t now)
{
	int	 rc;

	if (!consent_required || p->role != ROLE_ATHLETE || kind == NULL ||
	    !strcmp(kind, "invite") || !strcmp(kind, "twiml") ||
	    !strcmp(kind, "export") || !strcmp(kind, "guardian"))
		return REACH_YES;
	if ((rc = person_consent(db, p->id, "texts")) != 1)
		return rc == -1 ? -1 : REACH_NO_CONSENT;
	if (person_is_minor(p, now) &&
	    (rc = person_consent(db, p->id, "guardian")) != 1)
		return rc == -1 ? -1 : REACH_NO_GUARDIAN_CONSENT;
	if ((!strcmp(kind, "check-in") || !strcmp(kind, "health")) &&
	    (rc = person_consent(db, p->id, "wellness")) != 1)
		return rc == -1 ? -1 : REACH_NO_CONSENT;
	return REACH_YES;
}

/* person_consent_whose() as yes or no: 1, 0, or -1. */
int
person_consents_to(struct db *db, const struct person *p, const char *kind,
    time_t now)
{
	int	 whose = person_consent_whose(db, p, kind, now);

	return whose == -1 ? -1 : whose == REACH_YES;
}

/* person_consent_whose() for the person of id. */
int
person_consent_whose_id(struct db *db, int64_t id, const char *kind,
    time_t now)
{
	struct person	 p = { 0 };
	int		 rc;

	if (!consent_required || id == 0)
		return REACH_YES;
	rc = person_load(db, id, &p) == -1 ? -1 :
	    person_consent_whose(db, &p, kind, now);
	person_clear(&p);
	return rc;
}

/*
 * person_consents_to() for the person of id, when a message leaves: a
 * consent withdrawn after it was queued holds it.  1, 0, or -1.
 */
int
person_consents_to_id(struct db *db, int64_t id, const char *kind,
    time_t now)
{
	struct person	 p = { 0 };
	int		 rc;

	if (!consent_required || id == 0)
		return 1;
	rc = person_load(db, id, &p) == -1 ? -1 :
	    person_consents_to(db, &p, kind, now);
	person_clear(&p);
	return rc;
}

/*
 * Whether p is a minor at now: said so on the roster, or born less than
 * [team] adult_age years before now's day.
 */
int
person_is_minor(const struct person *p, time_t now)
{
	char	 today[11];
	int	 y;

	if (p->minor)
		return 1;
	if (p->birth_date == NULL || strlen(p->birth_date) != 10)
		return 0;
	day_string(now, today);
	y = atoi(p->birth_date) + (int)guardian_adult_age;
	/* their birthday that year, against today's month and day */
	return y > atoi(today) || (y == atoi(today) &&
	    strcmp(p->birth_date + 4, today + 4) > 0);
}

/*
 * Whether p has a guardian on the roster: a number or an address to
 * reach them at, which copies, STOP and a guardian's consent all need.
 */
int
person_has_guardian(const struct person *p)
{
	return p->guardian_phone != NULL || p->guardian_email != NULL;
}

/*
 * Whether a message of kind to p also goes to p's guardian: p a minor
 * with a guardian's number or address, and the message one a person
 * wrote (a coach's send, an answer to a note, an operator's cox sms
 * send), or any text with [team] guardian_copies = all, but never a
 * health question (health.c): an athlete's health is theirs and their
 * coaches' to know.
 */
int
person_guardian_copies(const struct person *p, const char *kind,
    time_t now)
{
	static const char *const human[] = { "coach", "answer", "broadcast",
	    NULL };
	size_t	 i;

	if (!person_has_guardian(p) || !person_is_minor(p, now) ||
	    kind == NULL || strcmp(kind, "guardian") == 0)
		return 0;
	for (i = 0; human[i] != NULL && strcmp(human[i], kind) != 0; i++)
		continue;
	return human[i] != NULL || (guardian_all_texts &&
	    strcmp(kind, "twiml") != 0 && strcmp(kind, "invite") != 0 &&
	    strcmp(kind, "export") != 0 && strcmp(kind, "health") != 0);
}

/*
 * The number p has that is also their guardian's, or NULL: one phone
 * for both, whose texts are read as p's and never the guardian's, which
 * only an operator may allow (cox roster edit --shared-phone).
 */
const char *
person_phone_shared(const struct person *p)
{
	size_t	 i;

	for (i = 0; p->guardian_phone != NULL && i < p->phones.n; i++)
		if (strcmp(p->phones.v[i], p->guardian_phone) == 0)
			return p->phones.v[i];
	return NULL;
}

/*
 * The people on the roster whose guardian's number is number (E.164),
 * by id, into *ids (the caller frees it) and *n: none when it is no
 * guardian's.  Returns 0 or -1.
 */
int
person_wards(struct db *db, const char *number, int64_t **ids, size_t *n)
{
	return db_ids(db, db_query(db, STMT_PERSON_WARDS, "t", number), ids,
	    n);
}

/*
 * A guardian's STOP (stop 1) or START (0) from number: no more copies
 * to it, or copies again, for everyone whose guardian it is, their own
 * texts as they were.  In the caller's transaction; 0 or -1.
 */
int
person_guardian_optout(struct db *db, const char *number, int stop)
{
	return db_exec(db, STMT_GUARDIAN_OPTOUT, "dit", stop,
	    (int64_t)time(NULL), number);
}
