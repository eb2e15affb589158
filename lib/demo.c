/*
 * demo.c - the demo team's invented history (cox demo): older rating
 * rounds, check-ins, training sessions and a few messages, written straight into the
 * database from a fixed pseudo-random sequence, so every run shows the
 * same team.  This week's ratings and answers come in through the real
 * front ends (cmd/demo.c).
 */
#include <stdio.h>
#include <string.h>

#include "plumbing.h"
#include "db.h"
#include "people.h"
#include "scores.h"
#include "season.h"
#include "workspace.h"

STMT(STMT_RATING_COUNT, "SELECT count(*) FROM rating");

static unsigned long demo_rand_state = 20261121;

/* The demo's fixed pseudo-random sequence: lo to hi, both included. */
int
demo_rand(int lo, int hi)
{
	demo_rand_state = demo_rand_state * 6364136223846793005UL +
	    1442695040888963407UL;
	return lo + (int)((demo_rand_state >> 33) % (unsigned long)(hi - lo + 1));
}

/*
 * The sessions' own sequence, apart from demo_rand()'s, so that adding
 * them changed none of the ratings and check-ins the demo had.
 */
static unsigned long demo_train_state = 20261124;

static int
train_rand(int lo, int hi)
{
	demo_train_state = demo_train_state * 6364136223846793005UL +
	    1442695040888963407UL;
	return lo + (int)((demo_train_state >> 33) %
	    (unsigned long)(hi - lo + 1));
}

static const char *const comments[] = {
	"Catch timing is improving; keep the hands level into the finish.",
	"Rushing the slide at rate 30+. **Patience** on the recovery.",
	"Great attitude at the weekend regatta.",
	"Work on holding the split in the *third* 500.",
	"",
	"",
};

struct seed {
	struct db	*db;
	time_t		 now;
	int64_t		 coach;
	int		 athlete_no;
};

static int
seed_metric(struct metric *m, void *arg)
{
	struct seed	*s = arg;
	char		 day[11];
	int		 round, base, coach, self, rc = 0;
	time_t		 t;

	base = (int)(m->scale_min + m->scale_max) / 2;
	for (round = 0; round < 2 && rc == 0; round++) {
		t = s->now - (3 - round) * 14 * 86400;
		day_string(t, day);
		coach = base + demo_rand(-1, 1) + round / 2;
		if (coach > m->scale_max)
			coach = (int)m->scale_max;
		rc |= rating_add(s->db, (int64_t)s->athlete_no, m->id,
		    SOURCE_COACH, s->coach, coach,
		    comments[demo_rand(0, 5)], day, (int64_t)t, 0);
		self = coach + demo_rand(-2, 1);
		if (self < m->scale_min)
			self = (int)m->scale_min;
		if (self > m->scale_max)
			self = (int)m->scale_max;
		rc |= rating_add(s->db, (int64_t)s->athlete_no, m->id,
		    SOURCE_SELF, 0, self, "", day, (int64_t)t + 3600 *
		    demo_rand(1, 30), 0);
	}
	return rc ? -1 : 0;
}

static int
seed_wellness(struct seed *s, int64_t id, int flagged)
{
	struct wellness	 w;
	int		 d, rc = 0;

	for (d = 27; d >= 0 && rc == 0; d--) {
		if (demo_rand(0, 5) == 0)
			continue;	/* a missed day */
		memset(&w, 0, sizeof(w));
		day_before(s->now, d, w.day);
		w.sleep = demo_rand(2, 3);
		w.stress = demo_rand(2, 3);
		w.fatigue = demo_rand(2, 4);
		w.soreness = demo_rand(2, 3);
		if (flagged == 1 && d == 0) {
			w.sleep = 6; w.stress = 6; w.fatigue = 6; w.soreness = 5;
		}
		if (flagged == 2 && d == 1) {
			snprintf(w.illness, sizeof(w.illness), "sick");
			w.note = "Cold, staying off the water today";
		}
		rc = wellness_add(s->db, id, &w, NULL, (int64_t)(s->now - d * 86400),
		    0);
	}
	return rc;
}

/*
 * Eight weeks of training before today: most days a session (RPE 2 to
 * 8, 40 to 100 minutes), now and then two, a rest day or two a week,
 * so the pages show load, the usual week (known after four weeks) and
 * the squad's heatmap.
 */
static int
seed_sessions(struct seed *s, int64_t id)
{
	struct session	 x;
	int		 d, k, n, done, rc = 0;

	for (d = 8 * 7; d >= 1 && rc == 0; d--) {
		n = train_rand(0, 6) < 2 ? 0 : train_rand(0, 5) == 0 ? 2 : 1;
		for (k = 0; k < n && rc == 0; k++) {
			memset(&x, 0, sizeof(x));
			day_before(s->now, d, x.day);
			snprintf(x.slot, sizeof(x.slot), "%s", n == 2 ?
			    (k == 0 ? "am" : "pm") : "");
			x.rpe = train_rand(2, 8);
			x.minutes = 10 * train_rand(4, 10);
			rc = session_add(s->db, id, &x,
			    (int64_t)(s->now - d * 86400), 0, &done);
		}
	}
	return rc;
}

static int
seed_person(struct person *p, void *arg)
{
	struct seed	*s = arg;
	int		 rc;

	if (p->role != ROLE_ATHLETE)
		return 0;
	s->athlete_no = (int)p->id;
	if ((rc = metric_list(s->db, seed_metric, s)) == -1)
		return -1;
	if (seed_wellness(s, p->id, p->id % 5 == 0 ? 1 : p->id % 7 == 0 ?
	    2 : 0) == -1)
		return -1;
	return seed_sessions(s, p->id);
}

/*
 * Earlier rounds of ratings, four weeks of check-ins, eight of sessions
 * and a few messages
 * for the demo team in dir, once: *seeded says whether they were
 * written now (0: the workspace had ratings already).  Returns OUT_OK,
 * or what went wrong.
 */
enum outcome
demo_seed(const char *dir, int *seeded)
{
	struct workspace ws;
	struct seed	 s = { 0 };
	struct message	 note = { .channel = CHANNEL_SMS, .person = 3,
	    .peer = "+447700900101", .body = "note Back is a bit tight after "
	    "the 2k, can we talk?", .kind = "note", .provider_id = "SMdemo1",
	    .status = "stored" };
	struct message	 stranger = { .channel = CHANNEL_SMS,
	    .peer = "+447700900999", .body = "who is this??",
	    .kind = "unparsed", .provider_id = "SMdemo2", .status = "stored" };
	sqlite3_stmt	*st;
	int64_t		 coach = 0, n;
	enum outcome	 status;

	*seeded = 0;
	if ((status = workspace_open(dir, &ws)) != OUT_OK)
		return status;
	status = OUT_IOERR;
	st = db_query(ws.db, STMT_RATING_COUNT, "");
	if (db_row(ws.db, st) != OUT_ROW)
		goto out;
	n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (n > 0) {
		status = OUT_OK;
		goto out;
	}
	if (person_find(ws.db, "@acarter", "GB", &coach) != OUT_OK ||
	    db_begin(ws.db) == -1)
		goto out;
	s.db = ws.db;
	s.now = time(NULL);
	s.coach = coach;
	note.created_at = (int64_t)s.now - 7200;
	stranger.created_at = (int64_t)s.now - 3600;
	if (person_list(ws.db, 0, seed_person, &s) == -1 ||
	    message_in(ws.db, &note, NULL) != OUT_OK ||
	    message_in(ws.db, &stranger, NULL) != OUT_OK) {
		db_rollback(ws.db);
		goto out;
	}
	if (db_commit(ws.db) == -1)
		goto out;
	*seeded = 1;
	status = OUT_OK;
out:
	workspace_close(&ws);
	return status;
}
