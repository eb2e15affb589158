/*
 * Unit tests for ingest/reply.c: what each kind of text stores and the
 * exact reply it gets, on a database of the test's own, without HTTP.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"
#include "../../ingest/text/text.h"

#define ANN	"+447700900101"		/* an athlete, with a coach rating */
#define BOB	"+447700900102"		/* blocked */

static struct db	*db;
static struct metric_set ms;
static struct reply_ctx	 ctx;
static int		 sids;
static int		 stored;	/* what the last text() said of its text */

static int
setup(void **state)
{
	(void)state;
	log_setup("test_reply", 0, LOGL_SILENT);
	assert_int_equal(db_open(":memory:", &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db),
	    "INSERT INTO person (id, name, handle, slug, created_at, updated_at)"
	    " VALUES (1, 'Ann Lee', 'alee', 's1', 1, 1);"
	    "INSERT INTO person (id, name, handle, slug, blocked, created_at,"
	    " updated_at) VALUES (2, 'Bob Ray', 'bray', 's2', 1, 1, 1);"
	    "INSERT INTO phone (e164, person_id) VALUES ('" ANN "', 1);"
	    "INSERT INTO phone (e164, person_id) VALUES ('" BOB "', 2);"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " created_at) VALUES (1, 'technique', 'Technique', 1, 5, 1, 1);"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " created_at) VALUES (2, 'erg', 'Erg score', 1, 10, 2, 1);"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " created_at) VALUES (3, 'teamwork', 'Teamwork', 1, 5, 3, 1);"
	    "INSERT INTO rating (athlete_id, metric_id, source, score, comment,"
	    " rated_on, created_at) VALUES (1, 1, 'coach', 3, '', '2026-11-01',"
	    " 100);", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(metric_set_load(db, &ms), 0);
	ctx.db = db;
	assert_non_null(ctx.seen = seen_new());
	ctx.metrics = &ms;
	ctx.country = "GB";
	ctx.base_url = "https://club.example/team/";
	ctx.invite_days = 7;
	ctx.forward = 0;	/* a test that set it may have failed */
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	metric_set_free(&ms);
	seen_free(ctx.seen);
	ctx.seen = NULL;
	db_close(db);
	return words_default("en");	/* after a test in another */
}

/* Sends body from number in a transaction; returns the reply (freed by
 * the caller), with a MessageSid of its own unless sid is given. */
static char *
text(const char *from, const char *body, const char *sid)
{
	char	 made[40], *reply;

	snprintf(made, sizeof(made), "SM%032d", ++sids);
	assert_int_equal(db_begin(db), 0);
	stored = -1;
	assert_int_equal(reply_text(&ctx, from, body, NULL, sid ? sid : made,
	    &reply, &stored), OUT_OK);
	assert_non_null(reply);
	assert_int_equal(db_commit(db), 0);
	return reply;
}

static long
count(const char *sql)
{
	sqlite3_stmt	*st;
	long		 n;

	assert_int_equal(sqlite3_prepare_v2(db_handle(db), sql, -1, &st,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* Runs statements of the test's own on the database. */
static void
sql(const char *statements)
{
	assert_int_equal(sqlite3_exec(db_handle(db), statements, NULL, NULL,
	    NULL), SQLITE_OK);
}

static void
expect(const char *from, const char *body, const char *want)
{
	char	*got = text(from, body, NULL);

	if (strcmp(got, want) != 0)
		fail_msg("'%s': got '%s', want '%s'", body, got, want);
	free(got);
}

/* As expect(), for a reply that is start followed by end. */
static void
expect_start(const char *from, const char *body, const char *start,
    const char *end)
{
	char	*got = text(from, body, NULL);

	if (strncmp(got, start, strlen(start)) != 0 ||
	    strcmp(got + strlen(start), end) != 0)
		fail_msg("'%s': got '%s', want '%s%s'", body, got, start, end);
	free(got);
}

static void
test_scores(void **state)
{
	char	*a, *b;

	(void)state;
	expect(ANN, "technique 4 erg 7", "Saved technique 4, erg 7. Coach: "
	    "technique 3.");
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self' AND athlete_id = 1"), 2);
	/* Twilio's retry of one text: the same answer, nothing stored */
	a = text(ANN, "erg 8", "SMretry");
	assert_int_equal(stored, 1);
	b = text(ANN, "erg 8", "SMretry");
	assert_int_equal(stored, 0);	/* nothing new: no build asked */
	assert_string_equal(a, b);
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self' AND score = 8"), 1);
	free(a);
	free(b);
	/* deleted since (cox prune): a replay is answered with nothing */
	assert_int_equal(sqlite3_exec(db_handle(db), "DELETE FROM rating "
	    "WHERE message_id = (SELECT id FROM message WHERE sid = "
	    "'SMretry'); DELETE FROM message WHERE about = (SELECT id FROM "
	    "message WHERE sid = 'SMretry'); DELETE FROM message "
	    "WHERE sid = 'SMretry';", NULL, NULL, NULL), SQLITE_OK);
	a = text(ANN, "erg 8", "SMretry");
	assert_string_equal(a, "");
	assert_int_equal(stored, 0);
	assert_int_equal(count("SELECT count(*) FROM message WHERE "
	    "sid = 'SMretry' OR provider_id = 'SMretry'"), 0);
	free(a);
	/* kept with no answer (written by hand, before schema v34 and
	 * since, by another process): none, and nothing twice */
	sql("INSERT INTO message (direction, channel, person_id, peer, body, "
	    "kind, provider_id, status, created_at) VALUES ('in', 'sms', 1, "
	    "'" ANN "', 'erg 9', 'scores', 'SMbare', 'stored', 1)");
	sql("INSERT INTO message (direction, channel, person_id, peer, body, "
	    "kind, sid, status, created_at) VALUES ('in', 'sms', 1, "
	    "'" ANN "', 'erg 9', 'scores', 'SMbare2', 'stored', 1)");
	a = text(ANN, "erg 9", "SMbare");
	assert_string_equal(a, "");
	assert_int_equal(stored, 0);
	free(a);
	a = text(ANN, "erg 9", "SMbare2");
	assert_string_equal(a, "");
	assert_int_equal(stored, 0);
	free(a);
	assert_int_equal(count("SELECT count(*) FROM message WHERE "
	    "provider_id = 'SMbare' OR sid = 'SMbare2'"), 2);
	/* kept before schema v34 with its answer: Twilio's retry gets it */
	sql("INSERT INTO message (direction, channel, person_id, peer, body, "
	    "kind, provider_id, status, created_at, answer) VALUES ('in', "
	    "'sms', 1, '" ANN "', 'erg 9', 'scores', 'SMold', 'stored', "
	    "strftime('%s'), 'Saved erg 9.')");
	a = text(ANN, "erg 9", "SMold");
	assert_string_equal(a, "Saved erg 9.");
	assert_int_equal(stored, 0);
	free(a);
}

/*
 * The newest message deleted by another process (an erasure): the next
 * text does not take its id, which the webhook has read past, and its
 * retry is known.
 */
static void
test_seen_deleted(void **state)
{
	long	 gone;
	char	*a, *b;

	(void)state;
	free(text(ANN, "erg 5", "SMa"));
	free(text(ANN, "erg 6", "SMb"));	/* reads SMa's row */
	free(text(ANN, "erg 7", "SMc"));	/* reads SMb's */
	gone = count("SELECT max(id) FROM message");
	sql("DELETE FROM rating WHERE message_id IN (SELECT id FROM message "
	    "WHERE sid IN ('SMb', 'SMc')); DELETE FROM message WHERE sid IN "
	    "('SMb', 'SMc')");
	a = text(ANN, "erg 8", "SMd");
	assert_int_equal(stored, 1);
	assert_true(count("SELECT id FROM message WHERE sid = 'SMd'") > gone);
	b = text(ANN, "erg 8", "SMd");
	assert_int_equal(stored, 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(count("SELECT count(*) FROM message WHERE sid = "
	    "'SMd'"), 1);
	/* and an erased text's replay stores nothing */
	a = text(ANN, "erg 6", "SMb");
	assert_string_equal(a, "");
	assert_int_equal(stored, 0);
	free(a);
}

/*
 * The texts known in memory are the table's: a text stored in a
 * transaction rolled back is not known, though it was read, and the
 * row that takes its id is; a row deleted is no text.
 */
static void
test_seen_rollback(void **state)
{
	int64_t			 id;
	char			*a, *b;

	(void)state;
	free(text(ANN, "erg 5", "SMfirst"));
	/* stored, read by the next text's lookup, then rolled back */
	assert_int_equal(db_begin(db), 0);
	assert_int_equal(reply_text(&ctx, ANN, "erg 6", NULL, "SMgone", &a,
	    &stored), OUT_OK);
	free(a);
	assert_int_equal(reply_text(&ctx, ANN, "erg 7", NULL, "SMgone2", &a,
	    &stored), OUT_OK);
	free(a);
	id = count("SELECT id FROM message WHERE sid = 'SMgone'");
	assert_true(id > 0);
	db_rollback(db);
	seen_settle(ctx.seen, 0);
	/* another process's row takes the id */
	sql("INSERT INTO message (direction, channel, person_id, peer, body, "
	    "kind, sid, status, created_at, answer) VALUES ('in', 'sms', 1, "
	    "'" ANN "', 'erg 2', 'scores', 'SMother', 'stored', "
	    "strftime('%s'), 'kept')");
	assert_int_equal(count("SELECT id FROM message WHERE sid = "
	    "'SMother'"), id);
	a = text(ANN, "erg 2", "SMother");
	assert_string_equal(a, "kept");
	assert_int_equal(stored, 0);
	free(a);
	/* the rolled-back text is new again, and then known */
	a = text(ANN, "erg 6", "SMgone");
	assert_int_equal(stored, 1);
	b = text(ANN, "erg 6", "SMgone");
	assert_int_equal(stored, 0);
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(count("SELECT count(*) FROM message WHERE sid = "
	    "'SMgone'"), 1);
}

/* Many texts: the table grows, and each is found by its own sid. */
static void
test_seen_many(void **state)
{
	struct seen_probe	 p;
	size_t			 bytes;
	int64_t			 id, want;
	char			 sid[40], q[128], *a;
	int			 i, hit;

	(void)state;
	sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 5000) INSERT INTO message (direction, channel, "
	    "person_id, peer, body, kind, sid, status, created_at, answer) "
	    "SELECT 'in', 'sms', 1, '" ANN "', 'ok', 'ack', printf('SMmany%d', "
	    "i), 'stored', strftime('%s'), printf('answer %d', i) FROM n");
	assert_int_equal(seen_catch_up(ctx.seen, db), 0);
	assert_int_equal(seen_count(ctx.seen, &bytes), 5000);
	assert_true(bytes >= 5000 * 16 * 4 / 3 && bytes <= 5000 * 16 * 4);
	for (i = 1; i <= 5000; i += 7) {
		snprintf(sid, sizeof(sid), "SMmany%d", i);
		snprintf(q, sizeof(q), "SELECT id FROM message WHERE sid = "
		    "'%s'", sid);
		want = count(q);
		hit = 0;
		seen_probe(ctx.seen, sid, &p);
		while ((id = seen_next(ctx.seen, &p)) != 0)
			hit += id == want;
		assert_int_equal(hit, 1);
	}
	/* read again: nothing twice */
	seen_settle(ctx.seen, 0);
	assert_int_equal(seen_catch_up(ctx.seen, db), 0);
	assert_int_equal(seen_count(ctx.seen, NULL), 5000);
	a = text(ANN, "ok", "SMmany4242");
	assert_string_equal(a, "answer 4242");
	assert_int_equal(stored, 0);
	free(a);
	/* a sid never kept is a new text, whatever its hash meets */
	a = text(ANN, "erg 3", "SMnever");
	assert_int_equal(stored, 1);
	free(a);
}

/* A metric named twice in one text: the last score is kept, and said. */
static void
test_twice(void **state)
{
	(void)state;
	expect(ANN, "technique 4 tech 2", "Saved technique 2. Coach: "
	    "technique 3. You sent technique twice; I kept the last.");
	expect(ANN, "sleep 2 erg 4 erg 6 sleep 3", "Saved erg 6. Wellness "
	    "saved (the items you sent). You sent sleep twice; I kept "
	    "the last.");
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self' AND ((metric_id = 1 AND score = 2) OR (metric_id = 2 AND "
	    "score = 6))"), 2);
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self'"), 2);
	assert_int_equal(count("SELECT sleep FROM wellness"), 3);
}

/*
 * A score for a round already answered is the athlete's later view:
 * kept, but the round keeps the answer given before the coach's score
 * was seen (the blind rule), and the reply says so, as the page does;
 * the next round is answered as ever.
 */
static void
test_after_reveal(void **state)
{
	static const char later[] = "Kept as your latest view: technique 5. "
	    "This round keeps what you answered before you saw the coach's: "
	    "technique 4 (coach 3).";
	char	*got;

	(void)state;
	expect(ANN, "technique 4", "Saved technique 4. Coach: technique 3.");
	expect(ANN, "technique 5", later);
	expect(ANN, "erg 6 tech 2", "Saved erg 6. Kept as your latest view: "
	    "technique 2. This round keeps what you answered before you saw "
	    "the coach's: technique 4 (coach 3).");
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self' AND metric_id = 1"), 3);
	sql("UPDATE person SET language = 'fr' WHERE id = 1");
	expect(ANN, "technique 1", "Gard\xc3\xa9 comme ton dernier avis : "
	    "technique 1. Ce tour garde ce que tu as r\xc3\xa9pondu avant de "
	    "voir la note du coach : technique 4 (coach 3).");
	sql("UPDATE person SET language = NULL WHERE id = 1;"
	    "INSERT INTO rating (athlete_id, metric_id, source, score, comment,"
	    " rated_on, created_at) VALUES (1, 1, 'coach', 5, '', '2026-11-08',"
	    " strftime('%s') + 60);");
	got = text(ANN, "4", NULL);
	assert_string_equal(got, "Saved technique 4. Coach: technique 5.");
	free(got);
}

static void
test_bare(void **state)
{
	(void)state;
	expect(ANN, "4", "Saved technique 4. Coach: technique 3.");
	/* nothing waits: their score, named, is the line to send */
	expect(ANN, "4", "Nothing is waiting for a score. Send e.g. technique "
	    "4.");
}

static void
test_mistakes(void **state)
{
	(void)state;
	/* each refusal quotes the line to send back */
	expect(ANN, "technique 9 erg 7", "technique is 1-5; please send it "
	    "again: technique 5 erg 7. Yours: technique 1-5, erg 1-10, "
	    "teamwork 1-5.");
	/* a score out of another top: between two of the scale's */
	expect(ANN, "technique 7/10", "technique is 1-5, and 7/10 falls "
	    "between two of its scores (4 the nearer); please send it again: "
	    "technique 4.");
	expect(ANN, "sleep 9 stress 2", "Sleep is 1 (best) to 7 (worst); "
	    "please send it again: sleep 7 stress 2.");
	expect(ANN, "rowing 4", "I don't know 'rowing'. Yours: technique 1-5, erg 1-10, teamwork 1-5.");
	expect(ANN, "rowing 4 erg 6", "I don't know 'rowing'. Yours: "
	    "technique 1-5, erg 1-10, teamwork 1-5. Or send the rest: erg 6.");
	expect(ANN, "tecnique 4", "I don't know 'tecnique'; did you mean "
	    "technique? Send back: technique 4. Yours: technique 1-5, erg "
	    "1-10, teamwork 1-5.");
	/* the start of two metrics: the first, never a far one like erg */
	expect(ANN, "t 4", "I don't know 't'; did you mean technique? Send "
	    "back: technique 4. Yours: technique 1-5, erg 1-10, teamwork "
	    "1-5.");
	expect(ANN, "x 4", "I don't know 'x'. Yours: technique 1-5, erg 1-10, teamwork 1-5.");
	/* words and no number: the note it may be, quoted */
	expect(ANN, "who is this", "I could not read that as scores. To write "
	    "to your coach, send: note who is this");
	/* else its closest reading, the word it could not place named */
	expect(ANN, "boat feel 4", "I could not read 'boat'. Did you mean "
	    "this? Send it back: technique 4");
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self'"), 0);
	/* every text is stored, whatever it says */
	assert_int_equal(count("SELECT count(*) FROM message WHERE direction "
	    "= 'in'"), 10);
}

/*
 * Scores alone answer what waits, in the team's metric order (the
 * prompt's); a count that does not match says the order.
 */
static void
test_positional(void **state)
{
	(void)state;
	expect(ANN, "7 4", "I read 2 scores for 1 waiting, in this order: "
	    "technique 1-5. Send one score for each, e.g. technique 7.");
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO rating "
	    "(athlete_id, metric_id, source, score, comment, rated_on, "
	    "created_at) VALUES (1, 3, 'coach', 4, '', '2026-11-02', 101);",
	    NULL, NULL, NULL), SQLITE_OK);
	expect(ANN, "4 2 thanks!", "Saved technique 4, teamwork 2. Coach: "
	    "technique 3, teamwork 4.");
	expect(ANN, "4 2", "Nothing is waiting for scores alone; send each "
	    "with its name, e.g. technique 4 erg 2. Yours: technique 1-5, erg "
	    "1-10, teamwork 1-5.");
	/* one score for each of the team's metrics: in its order */
	expect(ANN, "4 7 2", "Saved erg 7. Kept as your latest view: "
	    "technique 4, teamwork 2. This round keeps what you answered "
	    "before you saw the coach's: technique 4 (coach 3), teamwork 2 "
	    "(coach 4).");
	/* technique's round is answered: a later view */
	expect(ANN, "Technique 4/5, erg 7/10.", "Saved erg 7. Kept as your "
	    "latest view: technique 4. This round keeps what you answered "
	    "before you saw the coach's: technique 4 (coach 3).");
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self'"), 7);
}

/*
 * Scores alone from an athlete whose language writes decimals with a
 * comma: "80,9" at a number's place is its tenths, "4,2" at a scale's
 * two scores; the prompt's example writes the comma too.
 */
static void
test_positional_comma(void **state)
{
	struct buf	 prompt = { 0 };
	char		*got;

	(void)state;
	assert_int_equal(sqlite3_exec(db_handle(db),
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " kind, created_at) VALUES (4, 'ergo', 'Ergo', 3000, 6000, 4,"
	    " 'time', 1);"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " kind, unit, created_at) VALUES (5, 'poids', 'Poids', 400, 1500, 5,"
	    " 'number', 'kg', 1);"
	    "INSERT INTO rating (athlete_id, metric_id, source, score, comment,"
	    " rated_on, created_at) VALUES (1, 4, 'coach', 3900, '',"
	    " '2026-11-01', 100), (1, 5, 'coach', 800, '', '2026-11-01', 100);",
	    NULL, NULL, NULL), SQLITE_OK);
	metric_set_free(&ms);
	assert_int_equal(metric_set_load(db, &ms), 0);
	assert_int_equal(words_default("fr"), 0);
	assert_int_equal(intake_prompt_compose(&ms, NULL, &prompt), 0);
	if (strstr(prompt.data, "ergo m:ss,t") == NULL ||
	    strstr(prompt.data, " 3 6 3 7:30,0 95") == NULL)
		fail_msg("prompt: '%s'", prompt.data);
	buf_free(&prompt);
	/* an item in the reader's words, not its slug */
	got = text(ANN, "sommeil 9", NULL);
	assert_string_equal(got, "Sommeil va de 1 (top) \xc3\xa0 7 (pire) ; "
	    "renvoie-le stp : sommeil 7.");
	free(got);
	got = text(ANN, "4 6:25,0 80,9", NULL);
	assert_string_equal(got, "Enregistr\xc3\xa9 : technique 4, ergo "
	    "6:25,0, poids 80,9 kg. Coach : technique 3, ergo 6:30,0, poids "
	    "80 kg.");
	free(got);
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self' AND ((metric_id = 1 AND score = 4) OR (metric_id = 4 AND "
	    "score = 3850) OR (metric_id = 5 AND score = 809))"), 3);
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO rating "
	    "(athlete_id, metric_id, source, score, comment, rated_on, "
	    "created_at) VALUES (1, 2, 'coach', 6, '', '2026-11-02', 101),"
	    " (1, 3, 'coach', 4, '', '2026-11-02', 101);", NULL, NULL, NULL),
	    SQLITE_OK);
	free(text(ANN, "7,2", NULL));
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self' AND ((metric_id = 2 AND score = 7) OR (metric_id = 3 AND "
	    "score = 2))"), 2);
}

/*
 * A guess is kept against the hidden coach score, replaced by a later
 * one, refused for a score already seen; it reveals nothing, and is
 * said beside the coach score the athlete's own reveals.
 */
static void
test_guess(void **state)
{
	(void)state;
	expect(ANN, "guess technique 2", "Guess kept: technique 2. Now text "
	    "your own score to see how close you are.");
	expect(ANN, "guess 4", "Guess kept: technique 4. Now text your own "
	    "score to see how close you are.");
	assert_int_equal(count("SELECT count(*) FROM guess"), 1);
	assert_int_equal(count("SELECT score FROM guess"), 4);
	expect(ANN, "guess erg 5", "Nothing of erg is hidden from you to "
	    "guess: guess a coach score before you rate yourself.");
	expect(ANN, "guess technique 9", "technique is 1-5; please send "
	    "it again: guess technique 5. Yours: technique 1-5, erg 1-10, "
	    "teamwork 1-5.");
	expect(ANN, "technique 3", "Saved technique 3. Coach: technique 3 "
	    "(you guessed 4).");
	expect(ANN, "guess technique 4", "Nothing of technique is hidden "
	    "from you to guess: guess a coach score before you rate "
	    "yourself.");
	assert_int_equal(count("SELECT count(*) FROM guess"), 1);
}

static void
test_wellness(void **state)
{
	(void)state;
	expect(ANN, "sleep 2 stress 5 fatigue 3 sore 4", "Wellness saved.");
	expect(ANN, "sleep 2", "Wellness saved (the items you sent).");
	expect(ANN, "sick fever since last night", "Sorry to hear that. Your "
	    "coach will see it on the dashboard.");
	assert_int_equal(count("SELECT count(*) FROM wellness WHERE illness = "
	    "'sick' AND note = 'fever since last night'"), 1);
}

/*
 * A session's effort: stored with its load said, one row per text
 * (a retry stores none), "rpe 7" completed by its minutes later, and
 * out of range refused with nothing stored.
 */
static void
test_session(void **state)
{
	static const char range[] = "RPE is 0 (rest) to 10 (maximal), whole "
	    "points, and minutes 1 to 600; please send it again: ";
	char	*a, *b;

	(void)state;
	expect(ANN, "rpe 7 90", "Session: RPE 7 x 90 min = load 630. Thanks!");
	a = text(ANN, "RPE 5, 1h", "SMsession");
	b = text(ANN, "RPE 5, 1h", "SMsession");
	assert_string_equal(a, b);
	free(a);
	free(b);
	assert_int_equal(count("SELECT count(*) FROM session_rpe"), 2);
	assert_int_equal(count("SELECT sum(rpe * minutes) FROM session_rpe"),
	    930);
	expect(ANN, "rpe 4", "Session: RPE 4 saved. Text its minutes the "
	    "same way for its load, e.g. rpe 4 90.");
	assert_int_equal(count("SELECT count(*) FROM session_rpe WHERE "
	    "minutes IS NULL"), 1);
	expect(ANN, "rpe 4 45", "Session: RPE 4 x 45 min = load 180. Thanks!");
	assert_int_equal(count("SELECT count(*) FROM session_rpe"), 3);
	expect(ANN, "rpe 6 60 yesterday", "Yesterday's session: RPE 6 x 60 "
	    "min = load 360. Thanks!");
	assert_int_equal(count("SELECT count(*) FROM session_rpe WHERE day = "
	    "date('now', 'localtime', '-1 day')"), 1);
	expect_start(ANN, "rpe 11 60", range, "rpe 10 60.");
	expect_start(ANN, "sleep 2 rpe 7 601", range, "sleep 2 rpe 7 600.");
	assert_int_equal(count("SELECT count(*) FROM wellness"), 0);
	expect(ANN, "sleep 2 rpe 3 30", "Wellness saved (the items you "
	    "sent). Session: RPE 3 x 30 min = load 90. Thanks!");
	assert_int_equal(count("SELECT count(*) FROM session_rpe"), 5);
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'rpe'"), 6);
}

static void
test_commands(void **state)
{
	char	*got;

	(void)state;
	expect(ANN, "note back is tight", "Thanks, your note is with your "
	    "coach.");
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'note' AND body = 'note back is tight'"), 1);
	got = text(ANN, "help", NULL);
	assert_non_null(strstr(got, "Rate: technique 3 erg 6, or 3 6 in "
	    "order."));
	assert_non_null(strstr(got, "Session: rpe 7 90."));
	assert_true(strlen(got) <= 160);
	free(got);
	expect(ANN, "stop", "You will get no more texts from the team. Text "
	    "START to come back.");
	assert_int_equal(count("SELECT opted_out FROM person WHERE id = 1"), 1);
	expect(ANN, "start", "Welcome back: you will get the team's texts "
	    "again.");
	assert_int_equal(count("SELECT opted_out FROM person WHERE id = 1"), 0);
}

/*
 * An athlete who reads French or German: their own words read, the
 * answer in their language.
 */
static void
test_own_words(void **state)
{
	(void)state;
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE person SET "
	    "language = 'fr' WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
	expect(ANN, "s\xc3\xa9" "ance 7 1,5 h", "S\xc3\xa9" "ance : RPE 7 x "
	    "90 min = charge 630. Merci !");
	expect(ANN, "effort 6 75 min", "S\xc3\xa9" "ance : RPE 6 x 75 min = "
	    "charge 450. Merci !");
	expect(ANN, "arr\xc3\xaater", "Tu ne recevras plus de messages de "
	    "l'\xc3\xa9quipe. Envoie START pour revenir.");
	assert_int_equal(count("SELECT opted_out FROM person WHERE id = 1"), 1);
	expect(ANN, "start", "Bon retour parmi nous : tu recevras \xc3\xa0 "
	    "nouveau les messages de l'\xc3\xa9quipe.");
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE person SET "
	    "language = 'de' WHERE id = 1", NULL, NULL, NULL), SQLITE_OK);
	expect(ANN, "rpe 6 1,5 Std.", "Einheit: RPE 6 x 90 min = Belastung "
	    "540. Danke!");
	expect(ANN, "Training 6 90", "Einheit: RPE 6 x 90 min = Belastung "
	    "540. Danke!");
	expect(ANN, "Belastung 7 90 gestern", "Einheit von gestern: RPE 7 x "
	    "90 min = Belastung 630. Danke!");
	assert_int_equal(count("SELECT sum(rpe * minutes) FROM session_rpe"),
	    630 + 450 + 540 + 540 + 630);
	/* the word without a score is no session to explain */
	expect(ANN, "Training war hart", "Darin konnte ich keine Werte lesen. "
	    "F\xc3\xbcr deinen Trainer schick: notiz Training war hart");
	expect(ANN, "Stoppen", "Du bekommst keine Nachrichten mehr vom Team. "
	    "Schick START, dann bist du wieder dabei.");
	assert_int_equal(count("SELECT opted_out FROM person WHERE id = 1"), 1);
}

/* Loads the team's metrics again, after the test changed them. */
static void
metrics_reload(const char *statements)
{
	sql(statements);
	metric_set_free(&ms);
	assert_int_equal(metric_set_load(db, &ms), 0);
}

/*
 * As a club's athletes write (issue 73), on a team whose metrics are
 * rated 1-10 and 1-5 and timed: read at the first attempt, and where a
 * reading is a guess, stored and said with how to change it.
 */
static void
test_phrasings(void **state)
{
	static const char *const texts[] = {
		"Hi Maggie! 6, 7, 7.10, 4 \xf0\x9f\x98\x8a",
		"Technique 7\nFitness 8\n2k 6:50\nAttitude 5",
		"Six 6 7m20 4",
		"7/10 8/10 6:50 5/5",
	};
	static const char *const saved[] = {
		"Saved technique 6, fitness 7, erg 7:10.0, attitude 4.",
		"Saved technique 7, fitness 8, erg 6:50.0, attitude 5.",
		"Saved technique 6, fitness 6, erg 7:20.0, attitude 4.",
		"Saved technique 7, fitness 8, erg 6:50.0, attitude 5.",
	};
	size_t	 i;

	(void)state;
	metrics_reload("DELETE FROM rating; DELETE FROM metric;"
	    "INSERT INTO metric (id, slug, name, scale_min, scale_max, position,"
	    " kind, created_at) VALUES (1, 'technique', 'Technique', 1, 10, 1,"
	    " 'scale', 1), (2, 'fitness', 'Fitness', 1, 10, 2, 'scale', 1),"
	    " (3, 'erg', '2k erg', 3300, 5400, 3, 'time', 1),"
	    " (4, 'attitude', 'Attitude', 1, 5, 4, 'scale', 1);");
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		sql("DELETE FROM rating");
		expect(ANN, texts[i], saved[i]);
	}
	/* a score out of another top, exactly one of the scale's: said */
	expect(ANN, "attitude 8/10", "Saved attitude 4. Read 8/10 as attitude "
	    "4 (1-5).");
	/* a check-in in words: stored, with how it was read */
	expect(ANN, "Sleep bad, stress 5", "Wellness saved (the items you "
	    "sent). I read \"sleep bad\" as sleep 6 (1 best, 7 worst); "
	    "send sleep and a number to change it.");
	assert_int_equal(count("SELECT sleep * 10 + stress FROM wellness"), 65);
	expect(ANN, "I'm sick", "Sorry to hear that. Your coach will see it "
	    "on the dashboard.");
	expect(ANN, "did 75 min, felt like a 6", "Session: RPE 6 x 75 min = "
	    "load 450. Thanks!");
	expect(ANN, "Technique 4 & fitness 3", "Saved technique 4, fitness 3.");
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'unparsed'"), 0);
}

/*
 * A text cox could not read is kept for the coaches' digest, not
 * emailed on its own; once the athlete sends one it reads, the earlier
 * ones that tried to give numbers are filed away: the coach is not
 * asked about them.  Words alone were never such a try ("knee hurts
 * since sat"): they stay for the coaches.
 */
static void
test_unread_settled(void **state)
{
	(void)state;
	ctx.forward = 1;
	sql("INSERT INTO person (id, name, handle, slug, role, email,"
	    " created_at, updated_at) VALUES (3, 'Cat Coach', 'ccoach', 's3',"
	    " 'head_coach', 'cat@example.org', 1, 1)");
	expect(ANN, "boat feel 4", "I could not read 'boat'. Did you mean "
	    "this? Send it back: technique 4");
	expect(ANN, "who is this", "I could not read that as scores. To write "
	    "to your coach, send: note who is this");
	assert_int_equal(count("SELECT count(*) FROM message WHERE direction "
	    "= 'out' AND channel = 'email'"), 0);
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'unparsed' AND archived = 0"), 2);
	/* an answer it cannot store settles nothing */
	free(text(ANN, "technique 9", NULL));
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'unparsed' AND archived = 0"), 2);
	free(text(ANN, "technique 4", NULL));
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'unparsed' AND archived = 0"), 1);
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'unparsed' AND archived = 0 AND body = 'who is this'"), 1);
	free(text(ANN, "knee hurts since sat", NULL));
	free(text(ANN, "technique 5", NULL));
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'unparsed' AND archived = 0"), 2);
	ctx.forward = 0;
}

/*
 * The answers that show how to rate show the team's own first metrics
 * on their scales, in the athlete's words around them: a French team
 * rating technique and endurance is never shown an English "fitness";
 * "which one?" shows the first of those waiting; a team with no metric
 * yet is shown none.
 */
static void
test_examples(void **state)
{
	struct metric_set	 none = { NULL, 0 };

	(void)state;
	metrics_reload("UPDATE metric SET slug = 'endurance', name = "
	    "'Endurance' WHERE id = 2;"
	    "UPDATE person SET language = 'fr' WHERE id = 1");
	expect(ANN, "on se voit demain ?", "Je n'ai pas lu de notes "
	    "l\xc3\xa0-dedans. Pour \xc3\xa9" "crire \xc3\xa0 ton coach, "
	    "envoie : mot on se voit demain ?");
	expect(ANN, "salut 3 endurance", "Je n'ai pas compris 'endurance'. "
	    "Tu voulais dire ceci ? Renvoie-le : technique 3");
	expect(ANN, "aide", "Noter : technique 3 endurance 6 ou 3 6 dans "
	    "l'ordre. Forme, 1 top : sommeil 2 stress 3 fatigue 3 courba 2. "
	    "Aussi : s\xc3\xa9" "ance 7 90, malade, note, devine, lien, "
	    "stop.");
	expect(ANN, "devine sommeil 2", "Devine les notes cach\xc3\xa9"
	    "es de ton coach avant de te noter, par ex. devine technique 3 "
	    "endurance 6, ou devine 3 6 dans l'ordre de son SMS.");
	sql("INSERT INTO rating (athlete_id, metric_id, source, score, comment,"
	    " rated_on, created_at) VALUES (1, 3, 'coach', 4, '', '2026-11-02',"
	    " 101);");
	expect(ANN, "4", "Laquelle ? Envoie le nom avec la note, par ex. "
	    "technique 4.");
	expect(ANN, "4 2", "Enregistr\xc3\xa9 : technique 4, teamwork 2. "
	    "Coach : technique 3, teamwork 4.");
	expect(ANN, "4", "Aucune note n'est attendue. Envoie par ex. "
	    "technique 4.");
	/* a team that only checks in */
	ctx.metrics = &none;
	sql("UPDATE person SET language = NULL WHERE id = 1");
	expect(ANN, "who is this", "I could not read that as scores. To write "
	    "to your coach, send: note who is this");
	expect(ANN, "help", "Wellness, 1 best: sleep 2 stress 3 fatigue 3 "
	    "sore 2. Session: rpe 7 90. Also: sick, note, guess, link, stop.");
	expect(ANN, "guess sleep 2", "Nothing of your scores is hidden from "
	    "you to guess: guess a coach score before you rate yourself.");
	expect(ANN, "4", "Nothing is waiting for a score.");
	ctx.metrics = &ms;
}

/*
 * Every answer with an example stays whole within two texts in every
 * language, for a team whose first metrics have the longest names and
 * times for scores: the reply is cut at REPLY_MAX (320 bytes), so it
 * must end as its catalogue entry does.
 */
static void
test_examples_fit(void **state)
{
	static const char *const langs[] = { "en", "fr", "de", "es" };
	static const struct {
		const char	*body, *name;
		int		 metric;	/* the first metric is named */
	} asks[] = {
		{ "who is this", "sms.unreadable_note", 0 },
		{ "boat feel 4", "sms.unreadable_near", 1 },
		{ "help", "sms.help", 1 },
		{ "guess sleep 2", "sms.guess_how", 1 },
		{ "4", "sms.which", 1 },
	};
	const char	*entry, *end;
	char		*got, set[80];
	size_t		 i, k;

	(void)state;
	metrics_reload("UPDATE metric SET slug = substr('abcdefghijklmnopqrstu"
	    "vwxyzabcdefghij', 1, 31) || id, kind = 'time', scale_min = 30000,"
	    " scale_max = 59999 WHERE id IN (1, 2);"
	    "INSERT INTO rating (athlete_id, metric_id, source, score, comment,"
	    " rated_on, created_at) VALUES (1, 2, 'coach', 40000, '',"
	    " '2026-11-02', 101);");
	assert_int_equal(strlen(ms.v[0].slug), 32);
	for (k = 0; k < sizeof(langs) / sizeof(langs[0]); k++) {
		snprintf(set, sizeof(set), "UPDATE person SET language = '%s' "
		    "WHERE id = 1", langs[k]);
		sql(set);
		for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++) {
			entry = words_get(langs[k], asks[i].name);
			end = strrchr(entry, '%') != NULL ?
			    strrchr(entry, '%') + 2 : entry;
			got = text(ANN, asks[i].body, NULL);
			if (strlen(got) > 320 || strlen(got) < strlen(end) ||
			    strcmp(got + strlen(got) - strlen(end), end) != 0 ||
			    (asks[i].metric &&
			    strstr(got, ms.v[0].slug) == NULL))
				fail_msg("%s '%s': '%s' (%zu bytes)", langs[k],
				    asks[i].body, got, strlen(got));
			free(got);
		}
	}
}

/*
 * Where the club has set up the Concept2 Logbook, help names "erg
 * link" in every shipped language, in the words that language reads
 * (and whole within two texts); elsewhere it does not, for it would
 * only be refused.
 */
static void
test_help_erg(void **state)
{
	static const struct {
		const char	*lang, *says;
	} langs[] = {
		{ "en", "erg link (Concept2)" }, { "fr", "erg lien (Concept2)" },
		{ "de", "erg link (Concept2)" }, { "es", "erg enlace (Concept2)" },
	};
	const char	*entry;
	char		*got, set[80];
	size_t		 k;

	(void)state;
	for (k = 0; k < sizeof(langs) / sizeof(langs[0]); k++) {
		snprintf(set, sizeof(set), "UPDATE person SET language = '%s' "
		    "WHERE id = 1", langs[k].lang);
		sql(set);
		ctx.concept2 = 1;
		entry = words_get(langs[k].lang, "sms.help_erg");
		got = text(ANN, "help", NULL);
		if (strstr(got, langs[k].says) == NULL || strlen(got) > 320 ||
		    strlen(got) < strlen(entry) ||
		    strcmp(got + strlen(got) - strlen(entry), entry) != 0)
			fail_msg("%s, with [concept2]: '%s'", langs[k].lang, got);
		free(got);
		ctx.concept2 = 0;
		got = text(ANN, "help", NULL);
		if (strstr(got, "Concept2") != NULL)
			fail_msg("%s, without [concept2]: '%s'", langs[k].lang,
			    got);
		free(got);
	}
	sql("UPDATE person SET language = NULL WHERE id = 1");
}

/*
 * A metric or a check-in item the team named with an everyday word for
 * a session's effort is rated with it; the word is an effort again once
 * the metric is named otherwise, and "rpe" always is.
 */
static void
test_named_effort(void **state)
{
	struct checkin_items	 items;
	const struct checkin_item belastung = { 0, "belastung", "Belastung",
	    1, 7, 0, 0 };
	const char		*why;

	(void)state;
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO metric (id, "
	    "slug, name, scale_min, scale_max, position, created_at) VALUES "
	    "(4, 'effort', 'Effort', 1, 5, 4, 1);", NULL, NULL, NULL),
	    SQLITE_OK);
	metric_set_free(&ms);
	assert_int_equal(metric_set_load(db, &ms), 0);
	assert_int_equal(checkin_item_add(db, &belastung, &why), 0);
	assert_int_equal(checkin_items_load(db, &items), 0);
	ctx.items = &items;
	expect(ANN, "effort 4", "Saved effort 4.");
	expect(ANN, "Belastung 3", "Check-in saved: belastung 3.");
	expect(ANN, "training 6 90", "Session: RPE 6 x 90 min = load 540. "
	    "Thanks!");
	expect(ANN, "rpe 5 60 effort 3", "Saved effort 3. Session: RPE 5 x 60 "
	    "min = load 300. Thanks!");
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self' AND metric_id = 4"), 2);
	assert_int_equal(count("SELECT count(*) FROM session_rpe"), 2);
	ctx.items = NULL;
	metric_set_free(&ms);
	assert_int_equal(sqlite3_exec(db_handle(db), "UPDATE metric SET slug "
	    "= 'commitment', name = 'Commitment' WHERE id = 4", NULL, NULL,
	    NULL), SQLITE_OK);
	assert_int_equal(metric_set_load(db, &ms), 0);
	expect(ANN, "effort 4", "Session: RPE 4 saved. Text its minutes the "
	    "same way for its load, e.g. rpe 4 90.");
}

/*
 * LINK: the invitation goes out as a text of its own through the outbox
 * (which makes the token when it sends); the answer holds no secret.
 */
static void
test_link(void **state)
{
	(void)state;
	expect(ANN, "link", "Ask your coach for your page link.");
	ctx.texts = 1;
	expect(ANN, "link", "A link to set your password is on its way, in a "
	    "text of its own.");
	assert_int_equal(count("SELECT count(*) FROM message WHERE direction "
	    "= 'out' AND kind = 'invite' AND channel = 'sms' AND status = "
	    "'queued' AND peer = '" ANN "' AND body LIKE '%{link}%'"), 1);
	assert_int_equal(count("SELECT count(*) FROM message WHERE body LIKE "
	    "'%#t=%' OR body LIKE '%register/%'"), 0);
	expect(ANN, "link", "A link to set your password is on its way, in a "
	    "text of its own.");
	expect(ANN, "link", "A link to set your password is on its way, in a "
	    "text of its own.");
	expect(ANN, "link", "You have had three links today; use the newest, "
	    "or text LINK again tomorrow.");
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'invite'"), 3);
	expect(ANN, "stop", "You will get no more texts from the team. Text "
	    "START to come back.");
	sqlite3_exec(db_handle(db), "DELETE FROM message WHERE kind = "
	    "'invite'", NULL, NULL, NULL);
	expect(ANN, "link", "You asked for no texts from the team: text START, "
	    "then LINK.");
	ctx.texts = 0;
}

/*
 * MYDATA: an email of kind 'export' to the address on file, which says
 * whose export it is and holds none of it (the outbox builds it when it
 * sends); the answer names the address masked.  Once a day; none
 * without an address or a way to send email, or for someone opted out.
 */
static void
test_mydata(void **state)
{
	(void)state;
	ctx.mails = 1;
	expect(ANN, "mydata", "There is no email address on file for you: "
	    "ask your coach for a copy of your data.");
	sqlite3_exec(db_handle(db), "UPDATE person SET email = "
	    "'ann.lee@example.org' WHERE id = 1", NULL, NULL, NULL);
	expect(ANN, "My data, please", "Your data is on its way by email to "
	    "a***@example.org: everything the team keeps about you.");
	assert_int_equal(count("SELECT count(*) FROM message WHERE direction "
	    "= 'out' AND kind = 'export' AND channel = 'email' AND status = "
	    "'queued' AND person_id = 1 AND peer = 'ann.lee@example.org' AND "
	    "subject = 'Your club: your data' AND body NOT LIKE '%technique%'"),
	    1);
	assert_int_equal(count("SELECT count(*) FROM message WHERE answer "
	    "LIKE '%ann.lee%'"), 0);
	expect(ANN, "meinedaten", "Your data went by email today already; "
	    "text MYDATA again tomorrow.");
	sqlite3_exec(db_handle(db), "DELETE FROM message WHERE kind = "
	    "'export'", NULL, NULL, NULL);
	ctx.mails = 0;
	expect(ANN, "mis datos", "The team sends no email yet, so your data "
	    "cannot go to you: ask your coach for a copy.");
	ctx.mails = 1;
	expect(ANN, "stop", "You will get no more texts from the team. Text "
	    "START to come back.");
	expect(ANN, "export", "You asked for no texts from the team: text "
	    "START, then MYDATA.");
	assert_int_equal(count("SELECT count(*) FROM message WHERE kind = "
	    "'export'"), 0);
	ctx.mails = 0;
}

static void
test_strangers(void **state)
{
	(void)state;
	expect("+447700900999", "technique 4", "This number is not on a team "
	    "list. If you are on the team, ask your coach to add it.");
	expect(BOB, "technique 4", "");	/* blocked: stored, not answered */
	/* a number libphonenumber does not know (a digit short) is looked
	 * up as a number only: not as the name, handle or page it equals */
	sql("INSERT INTO person (id, name, handle, slug, created_at, "
	    "updated_at) VALUES (3, '+44770099912', '+44770099912', "
	    "'+44770099912', 1, 1)");
	expect("+44770099912", "technique 4", "This number is not on a team "
	    "list. If you are on the team, ask your coach to add it.");
	assert_int_equal(count("SELECT count(*) FROM message WHERE direction "
	    "= 'in' AND coalesce(person_id, 0) = 0"), 2);
	assert_int_equal(count("SELECT count(*) FROM rating WHERE source = "
	    "'self'"), 0);
}

/*
 * What goes to the coaches at once rather than in the next digest: an
 * injury, and words that may be a safeguarding matter, in any shipped
 * language, as one word of the text; not a note about exams, nor a
 * word that only contains one ("scaredy" is no "scared").
 */
static void
test_urgent(void **state)
{
	(void)state;
	assert_true(thread_urgent("injured", "back"));
	assert_true(thread_urgent(NULL, "Ellie says she feels unsafe"));
	assert_true(thread_urgent("guardian", "she was BULLIED at training"));
	assert_true(thread_urgent(NULL, "j'ai peur du coach"));
	assert_true(thread_urgent(NULL, "ich werde gemobbt"));
	assert_true(thread_urgent(NULL, "me siento acosada"));
	assert_false(thread_urgent("sick", "fever, no training"));
	assert_false(thread_urgent(NULL, "can we move Thursday, exams"));
	assert_false(thread_urgent(NULL, "scaredy cat"));
	assert_false(thread_urgent(NULL, ""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scores, setup, teardown),
		cmocka_unit_test_setup_teardown(test_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_seen_rollback, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seen_many, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seen_deleted, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_after_reveal, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_bare, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mistakes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_positional, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_positional_comma, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_guess, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wellness, setup, teardown),
		cmocka_unit_test_setup_teardown(test_phrasings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unread_settled, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_session, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commands, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_words, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_named_effort, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_examples, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_examples_fit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_help_erg, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_link, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mydata, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strangers, setup, teardown),
		cmocka_unit_test(test_urgent),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
