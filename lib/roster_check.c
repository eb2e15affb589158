/*
 * roster_check.c - what a roster leaves uncovered, a sentence each for
 * the operator: a coach of no squad, a squad no coach sees when there
 * is no head coach, a minor with no guardian to reach.  Said after a
 * roster import, a build, and by cox doctor.
 */
#include <stdio.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"

STMT(STMT_COACHES_NO_SQUAD,
    /* person_staff */
    "SELECT name, handle FROM person p WHERE active = 1 AND "
    "role != 'athlete' AND role = 'coach' AND NOT EXISTS "
    "(SELECT 1 FROM membership m WHERE m.person_id = p.id) "
    "ORDER BY name");
/* squads with athletes and no coach, when there are coaches and
 * no head coach (with none at all, that is what is said) */
STMT(STMT_SQUADS_NO_COACH,
    "SELECT s.name, count(*) FROM squad s JOIN membership m ON "
    "m.squad_id = s.id JOIN person a ON a.id = m.person_id WHERE "
    "a.active = 1 AND a.role = 'athlete' AND NOT EXISTS (SELECT 1 "
    "FROM person h WHERE h.active = 1 AND h.role = 'head_coach') AND "
    "EXISTS (SELECT 1 FROM person c WHERE c.active = 1 AND c.role = "
    "'coach') AND "
    "NOT EXISTS (SELECT 1 FROM membership mc JOIN person c ON c.id = "
    "mc.person_id WHERE mc.squad_id = s.id AND c.active = 1 AND "
    "c.role = 'coach') GROUP BY s.id ORDER BY s.name");

/*
 * What leaves a page unseen, a sentence each: into coaches, each coach
 * (not a head coach) in no squad, who opens no part of the dashboard;
 * into squads, when there is no head coach, each squad no coach is in,
 * whose athletes' pages no one sees.  Said after a build, by cox doctor
 * and after a roster import.  Returns 0, or -1 on a database error.
 */
int
roster_blind_spots(struct db *db, struct strlist *coaches,
    struct strlist *squads)
{
	sqlite3_stmt	*st;
	int		 rc;

	st = db_query(db, STMT_COACHES_NO_SQUAD, "");
	while ((rc = db_row(db, st)) == OUT_ROW)
		strlist_addf(coaches, "%s (@%s) is a coach of no squad, so no "
		    "part of the dashboard opens for them: give them one (cox "
		    "roster edit @%s --squad NAME) or make them head coach "
		    "(--role head_coach)", db_text(st, 0), db_text(st, 1),
		    db_text(st, 1));
	if (rc == OUT_FAILED)
		return -1;
	st = db_query(db, STMT_SQUADS_NO_COACH, "");
	while ((rc = db_row(db, st)) == OUT_ROW)
		strlist_addf(squads, "squad %s has %lld athlete%s and no coach, "
		    "and there is no head coach, so no coach sees %s page%s: "
		    "put a coach in it (cox roster edit @HANDLE --squad \"%s\") "
		    "or make one head coach (--role head_coach)",
		    db_text(st, 0), (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_int64(st, 1) == 1 ? "" : "s",
		    sqlite3_column_int64(st, 1) == 1 ? "its" : "their",
		    sqlite3_column_int64(st, 1) == 1 ? "" : "s",
		    db_text(st, 0));
	return rc == OUT_FAILED ? -1 : 0;
}

/* What roster_minors_alone() walks the roster with. */
struct alone_walk {
	time_t		 now;
	struct strlist	*out;
};

static int
alone_person(struct person *p, void *arg)
{
	struct alone_walk	*w = arg;
	char			 why[32];

	if (!p->active || p->role != ROLE_ATHLETE ||
	    !person_is_minor(p, w->now) || person_has_guardian(p))
		return 0;
	if (p->birth_date != NULL)
		snprintf(why, sizeof(why), "born %s", p->birth_date);
	else
		snprintf(why, sizeof(why), "so marked");
	return strlist_addf(w->out, "%s (@%s) is a minor (%s) with no "
	    "guardian on the roster: what coaches write to them reaches no "
	    "parent, and no guardian's consent can be recorded; add one (cox "
	    "roster edit @%s --guardian-name NAME --guardian-phone NUMBER or "
	    "--guardian-email ADDRESS, or the sheet's guardian columns)",
	    p->name, p->handle, why, p->handle) == -1 ? -1 : 0;
}

/*
 * Each athlete on the roster who is a minor at now (so marked, or by
 * their date of birth and [team] adult_age) and has no guardian to
 * reach, a sentence each into out.  Said after a roster import and by
 * cox doctor.  Returns 0, or -1 on a database error.
 */
int
roster_minors_alone(struct db *db, time_t now, struct strlist *out)
{
	struct alone_walk	 w = { now, out };

	return person_list(db, 0, alone_person, &w);
}
