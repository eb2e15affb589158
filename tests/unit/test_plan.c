/*
 * Unit tests for the sessions coaches plan: ingest/plan.c's grammar (a
 * golden table of plan lines, as command_parse() takes them out of an
 * email, each read or refused with its reason; a CSV's rows; the days
 * weekday names mean, and when an email is about next week) and
 * lib/load.c's plans taken back and pairing of athletes' efforts with
 * plans under the blind rule.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"

/* A plan line as "when slot|- squad|all|- minutes rpe [description]". */
static void
describe(const struct cmd_line *c, struct buf *out)
{
	const struct plan_line *p = &c->plan;

	if (c->bad) {
		buf_printf(out, "bad %s", p->why ? p->why : "(none)");
		return;
	}
	buf_printf(out, "%s %s %s %d %d", p->when, *p->slot ? p->slot : "-",
	    c->all ? "all" : c->who ? c->who : "-", p->minutes, p->rpe);
	if (*p->description)
		buf_printf(out, " [%s]", p->description);
	if (p->rest)
		buf_puts(out, " rest");
}

static const struct golden {
	const char	*in;
	const char	*want;
} table[] = {
	{ "session 2026-11-24 am Senior Men: 90 min, rpe 4, steady state",
	    "2026-11-24 am Senior Men 90 4 [steady state]" },
	{ "Session Tue am: 90' rpe 4 steady", "Tue am - 90 4 [steady]" },
	{ "SESSION tuesday PM senior men: rpe 6 60 min",
	    "tuesday pm senior men 60 6" },
	{ "session tomorrow all: 1h30, rpe 3", "tomorrow - all 90 3" },
	{ "session today Juniors: 1:15 rpe 5/10 long, slow",
	    "today - Juniors 75 5 [long slow]" },
	{ "session fri: 2 h rpe 2", "fri - - 120 2" },
	{ "session 2026-11-24: rpe 8 45min 3 x 10 min on",
	    "2026-11-24 - - 45 8 [3 x 10 min on]" },
	/* a number with its unit is the minutes before a bare one */
	{ "session mon: 4 x 500m, 60 min, rpe 7",
	    "mon - - 60 7 [4 x 500m]" },
	{ "session mon: steady 70 rpe 3", "mon - - 70 3 [steady]" },
	{ "session Mon am Senior Men 90 min rpe 4", "bad mail.plan_how_colon" },
	{ "session someday: 90 min rpe 4", "bad mail.plan_how_date" },
	{ "session : 90 min rpe 4", "bad mail.plan_how_date" },
	{ "session tue: rpe 4 steady", "bad mail.plan_how_minutes" },
	{ "session tue: 700 min rpe 4", "bad mail.plan_how_minutes" },
	{ "session tue: 90 min", "bad mail.plan_how_rpe" },
	{ "session tue: 90 min rpe 11", "bad mail.plan_how_rpe" },
	{ "session tue: 90 min rpe", "bad mail.plan_how_rpe" },
	/* a rest day: nothing to plan, nothing refused */
	{ "session sun all: rest", "sun - all 0 -1 rest" },
	{ "Sun: Rest day, recover well", "Sun - - 0 -1 rest" },
	{ "session sun: rest 20 min", "bad mail.plan_how_rpe" },
	/* a day first needs no keyword when the line is a plan whole */
	{ "Sat am all: 2h rpe 6 long row", "Sat am all 120 6 [long row]" },
};

static void
test_grammar(void **state)
{
	struct cmd_list	 l;
	struct buf	 b = { 0 };
	char		*text;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		text = strdup(table[i].in);
		assert_non_null(text);
		assert_int_equal(command_parse(text, &l), 1);
		assert_int_equal(l.v[0].verb, CMD_SESSION);
		assert_int_equal(l.nplans, 1);
		buf_reset(&b);
		describe(&l.v[0], &b);
		if (strcmp(b.data, table[i].want) != 0)
			fail_msg("%s\n got: %s\nwant: %s", table[i].in,
			    b.data, table[i].want);
		/* the line is blanked for the ratings parser */
		assert_int_equal(strspn(text, " "), strlen(text));
		command_free(&l);
		free(text);
	}
	buf_free(&b);
}

/* A CSV is a plan's by its header, each row read as the line it is. */
static void
test_csv(void **state)
{
	static const char plan[] = "Date;Slot;Squad;Minutes;RPE;Description\n"
	    "2026-11-24;am;Senior Men;90;4;\"steady, 20 spm\"\n"
	    ";;;;;\n"
	    "2026-11-25;;Senior Men;1h30;8;2 x 20 min\n"
	    "2026-11-26;pm;Juniors;ninety;4;\n";
	static const char ratings[] = "athlete,metric,score\nJane,tech,4\n";
	struct cmd_list	 l = { 0 };
	struct buf	 b = { 0 };

	(void)state;
	assert_int_equal(command_parse_csv(ratings, strlen(ratings), &l), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(command_parse_csv(plan, strlen(plan), &l), 1);
	assert_int_equal(l.n, 3);
	describe(&l.v[0], &b);
	assert_string_equal(b.data,
	    "2026-11-24 am Senior Men 90 4 [steady 20 spm]");
	buf_reset(&b);
	describe(&l.v[1], &b);
	assert_string_equal(b.data, "2026-11-25 - Senior Men 90 8 [2 x 20 min]");
	buf_reset(&b);
	describe(&l.v[2], &b);
	assert_string_equal(b.data, "bad mail.plan_how_minutes");
	assert_string_equal(l.v[0].line,
	    "session 2026-11-24 am Senior Men: 90 min, rpe 4, steady, 20 spm");
	buf_free(&b);
	command_free(&l);
}

/*
 * A weekday is its next occurrence not yet over: today's morning is
 * over at noon, and in an email about next week it is that day of the
 * week after this one (weeks from Monday), today never; each said when
 * it is not the plain next one.  Tue 2026-11-24 at noon, and the
 * Saturday evening of a plan "for next week".
 */
static void
test_day_later(void **state)
{
	static const struct {
		int		 sat;		/* Sat 2026-11-28 19:30, not Tue */
		const char	*when, *slot;
		int		 next_week;
		const char	*want;
		int		 moved;
	} days[] = {
		{ 0, "tue", "", 0, "2026-11-24", 0 },
		{ 0, "tue", "pm", 0, "2026-11-24", 0 },
		{ 0, "tue", "am", 0, "2026-12-01", 1 },
		{ 0, "wed", "am", 0, "2026-11-25", 0 },
		{ 0, "tue", "", 1, "2026-12-01", 1 },
		{ 0, "mon", "", 1, "2026-11-30", 0 },
		{ 0, "wed", "pm", 1, "2026-12-02", 1 },
		{ 0, "sun", "", 1, "2026-12-06", 1 },
		{ 0, "today", "am", 1, "2026-11-24", 0 },
		{ 0, "2026-11-25", "", 1, "2026-11-25", 0 },
		{ 1, "Sat", "am", 0, "2026-12-05", 1 },
		{ 1, "Sat", "", 0, "2026-11-28", 0 },
		{ 1, "Sat", "am", 1, "2026-12-05", 1 },
		{ 1, "Sun", "", 1, "2026-12-06", 1 },
		{ 1, "Sun", "", 0, "2026-11-29", 0 },
	};
	struct tm	 tue = { .tm_year = 126, .tm_mon = 10, .tm_mday = 24,
	    .tm_hour = 12, .tm_isdst = -1 };
	struct tm	 sat = { .tm_year = 126, .tm_mon = 10, .tm_mday = 28,
	    .tm_hour = 19, .tm_min = 30, .tm_isdst = -1 };
	time_t		 at[2];
	char		 d[11];
	size_t		 i;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	at[0] = mktime(&tue);
	at[1] = mktime(&sat);
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		if (plan_day(days[i].when, at[days[i].sat], 0, days[i].slot,
		    days[i].next_week, d) != days[i].moved ||
		    strcmp(d, days[i].want) != 0)
			fail_msg("%s %s%s: got %s, want %s", days[i].when,
			    days[i].slot, days[i].next_week ? " next week" :
			    "", d, days[i].want);
	}
}

/* What says that an email is about next week, in each language. */
static void
test_next_week(void **state)
{
	static const struct {
		const char	*text;
		int		 want;
	} t[] = {
		{ "Plan for next week", 1 },
		{ "Re: Plan for NEXT week!", 1 },
		{ "Hi all,\n\nHere is the plan for next week:\n", 1 },
		{ "Le plan de la semaine prochaine", 1 },
		{ "Plan f\xc3\xbcr die n\xc3\xa4" "chste Woche", 1 },
		{ "El plan de la semana que viene", 1 },
		{ "Jane: 4 5 better next week", 0 },	/* a rating's comment */
		{ "Plans for next weekend", 0 },
		{ "This week", 0 },
		{ "next\nweek", 0 },
		{ "", 0 },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (plan_next_week(t[i].text) != t[i].want)
			fail_msg("%s: want %d", t[i].text, t[i].want);
}

/*
 * Weekday names are the next such day, today included; a day and month
 * in the country's order (month first: mdy), without a year the
 * nearest, across New Year too.
 */
static void
test_day(void **state)
{
	static const struct {
		const char	*when, *want;	/* want NULL: not a day */
		int		 mdy;
	} days[] = {
		{ "tue", "2026-11-24", 0 }, { "Monday", "2026-11-30", 0 },
		{ "thu", "2026-11-26", 0 }, { "tomorrow", "2026-11-25", 0 },
		{ "today", "2026-11-24", 0 }, { "2027-01-02", "2027-01-02", 0 },
		{ "2026-02-30", NULL, 0 }, { "someday", NULL, 0 },
		{ "02/12", "2026-12-02", 0 }, { "12/02", "2026-12-02", 1 },
		{ "2.12.", "2026-12-02", 0 }, { "05/01", "2027-01-05", 0 },
		{ "01/05", "2027-01-05", 1 }, { "30/11/26", "2026-11-30", 0 },
		{ "11/30/2026", "2026-11-30", 1 }, { "11/30/2026", NULL, 0 },
		{ "31/11", NULL, 0 }, { "2/12/026", NULL, 0 },
		{ "29/02", NULL, 0 }, { "29.02.2028", "2028-02-29", 0 },
	};
	struct tm	 tm = { .tm_year = 126, .tm_mon = 10, .tm_mday = 24,
	    .tm_hour = 12, .tm_isdst = -1 };	/* Tue 2026-11-24 */
	time_t		 now;
	char		 d[11];
	size_t		 i;

	(void)state;
	setenv("TZ", "UTC", 1);
	tzset();
	now = mktime(&tm);
	for (i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		assert_int_equal(plan_day(days[i].when, now, days[i].mdy, NULL, 0, d),
		    days[i].want ? 0 : -1);
		if (days[i].want)
			assert_string_equal(d, days[i].want);
	}
}

static struct db *
team(void)
{
	struct db	*db;

	log_setup("test_plan", 0, LOGL_SILENT);
	assert_int_equal(db_open(":memory:", &db), 0);
	assert_int_equal(sqlite3_exec(db_handle(db), "INSERT INTO person (id, "
	    "name, handle, role, slug, created_at, updated_at) VALUES "
	    "(1, 'Coach', 'c', 'coach', 's1', 1, 1), (2, 'Ann', 'ann', "
	    "'athlete', 's2', 1, 1), (3, 'Bea', 'bea', 'athlete', 's3', 1, 1);"
	    "INSERT INTO squad (id, name, slug) VALUES (1, 'Men', 'm'), "
	    "(2, 'Women', 'w');"
	    "INSERT INTO membership VALUES (1, 1), (2, 1), (3, 1), (3, 2);",
	    NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void
store(struct db *db, int64_t squad, const char *day, const char *slot,
    int minutes, int rpe, int want_replaced)
{
	struct plan	 p = { .squad = squad, .minutes = minutes, .rpe = rpe,
	    .description = "" };
	int		 replaced;

	snprintf(p.day, sizeof(p.day), "%s", day);
	snprintf(p.slot, sizeof(p.slot), "%s", slot);
	assert_int_equal(plan_store(db, &p, 1, 1, &replaced), 0);
	assert_int_equal(replaced, want_replaced);
}

/* An effort finds its plan: by slot, or the day's only one. */
static void
test_match(void **state)
{
	struct session	 s = { .day = "2026-11-24", .rpe = 7 };
	struct db	*db = team();
	int		 intended = -1;

	(void)state;
	assert_int_equal(plan_match(db, 2, &s, &intended), OUT_NOTFOUND);
	store(db, 1, "2026-11-24", "am", 90, 4, 0);
	store(db, 1, "2026-11-24", "am", 80, 3, 1);	/* a correction */
	assert_int_equal(plan_match(db, 2, &s, &intended), OUT_OK);
	assert_int_equal(s.minutes, 80);
	assert_string_equal(s.slot, "am");
	assert_int_equal(intended, 3);
	/* two that day: "rpe 7" alone is not enough, "rpe 7 pm" is */
	store(db, 1, "2026-11-24", "pm", 60, 6, 0);
	memset(s.slot, 0, sizeof(s.slot));
	s.minutes = 0;
	assert_int_equal(plan_match(db, 2, &s, &intended), OUT_AMBIGUOUS);
	snprintf(s.slot, sizeof(s.slot), "pm");
	assert_int_equal(plan_match(db, 2, &s, &intended), OUT_OK);
	assert_int_equal(s.minutes, 60);
	assert_int_equal(intended, 6);
	/* minutes of her own stay hers */
	s.minutes = 45;
	assert_int_equal(plan_match(db, 2, &s, &intended), OUT_OK);
	assert_int_equal(s.minutes, 45);
	/* another squad's plan is not hers */
	snprintf(s.day, sizeof(s.day), "2026-11-25");
	store(db, 2, "2026-11-25", "", 50, 2, 0);
	assert_int_equal(plan_match(db, 2, &s, &intended), OUT_NOTFOUND);
	assert_int_equal(plan_match(db, 3, &s, &intended), OUT_OK);
	assert_int_equal(intended, 2);
	db_close(db);
}

/*
 * A cancel takes its slot's plan, or the day's without a slot when that
 * slot has none; with no slot, every plan of the day; another squad's
 * and another day's stay.
 */
static void
test_cancel(void **state)
{
	struct plan_gone gone[PLAN_SLOTS];
	struct db	*db = team();
	size_t		 n;

	(void)state;
	store(db, 1, "2026-11-28", "am", 120, 6, 0);
	store(db, 1, "2026-11-28", "pm", 60, 3, 0);
	store(db, 2, "2026-11-28", "am", 90, 5, 0);
	store(db, 1, "2026-11-29", "", 45, 2, 0);
	assert_int_equal(plan_cancel(db, 1, "2026-11-28", "am", gone, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(gone[0].slot, "am");
	assert_int_equal(gone[0].minutes, 120);
	assert_int_equal(gone[0].rpe, 6);
	assert_int_equal(plan_cancel(db, 1, "2026-11-28", "am", gone, &n), 0);
	assert_int_equal(n, 0);
	/* "sun am" takes a Sunday planned with no slot */
	assert_int_equal(plan_cancel(db, 1, "2026-11-29", "am", gone, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(gone[0].slot, "");
	store(db, 1, "2026-11-28", "", 30, 1, 0);
	assert_int_equal(plan_cancel(db, 1, "2026-11-28", "", gone, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(gone[0].slot, "");
	assert_string_equal(gone[1].slot, "pm");
	/* the other squad's plan of that morning stays */
	assert_int_equal(plan_cancel(db, 2, "2026-11-28", "", gone, &n), 0);
	assert_int_equal(n, 1);
	db_close(db);
}

static void
effort(struct db *db, int64_t athlete, const char *day, const char *slot,
    int rpe)
{
	struct session	 s = { .rpe = rpe, .minutes = 60 };
	int		 done;

	snprintf(s.day, sizeof(s.day), "%s", day);
	snprintf(s.slot, sizeof(s.slot), "%s", slot);
	assert_int_equal(session_add(db, athlete, &s, 1, 0, &done), 0);
}

/* The answers of ps to easy and hard sessions added up; ps is freed. */
static void
tally(struct plan_set *ps, int easy, int easy_harder, int hard,
    int hard_easier)
{
	struct plan_tally t;

	plan_add_up(ps, &t);
	assert_int_equal(t.easy, easy);
	assert_int_equal(t.easy_harder, easy_harder);
	assert_int_equal(t.hard, hard);
	assert_int_equal(t.hard_easier, hard_easier);
	plan_set_free(ps);
}

/*
 * The blind pair: the plan's RPE hidden from an athlete who has not
 * answered, the athletes' efforts from the squad's part until the day
 * is over; and the answers counted against easy and hard sessions.
 */
static void
test_blind(void **state)
{
	struct plan_set	 ps;
	struct db	*db = team();

	(void)state;
	store(db, 1, "2026-11-20", "am", 60, 2, 0);	/* easy */
	store(db, 1, "2026-11-21", "", 60, 8, 0);	/* hard */
	store(db, 1, "2026-11-22", "pm", 60, 5, 0);
	store(db, 1, "2026-11-24", "am", 60, 3, 0);	/* today, easy */
	effort(db, 2, "2026-11-20", "am", 5);	/* harder by 3 */
	effort(db, 3, "2026-11-20", "", 3);	/* the day's only plan */
	effort(db, 2, "2026-11-21", "pm", 5);	/* the plan said no slot */
	effort(db, 3, "2026-11-21", "", 6);	/* easier by 2 */
	effort(db, 2, "2026-11-22", "am", 5);	/* not the pm session */
	effort(db, 2, "2026-11-24", "am", 9);

	assert_int_equal(plan_read_athlete(db, 2, "2026-11-01", &ps), 0);
	assert_int_equal(ps.n, 4);
	assert_int_equal(ps.v[0].intended, 2);
	assert_int_equal(ps.v[0].felt_sum, 5);
	assert_int_equal(ps.v[1].intended, 8);
	assert_int_equal(ps.v[2].intended, -1);	/* she did not answer it */
	assert_int_equal(ps.v[3].intended, 3);
	tally(&ps, 2, 2, 1, 1);

	assert_int_equal(plan_read_squad(db, 1, "2026-11-01", "2026-11-24",
	    &ps), 0);
	assert_int_equal(ps.n, 4);
	assert_int_equal(ps.v[0].answers, 2);
	assert_int_equal(ps.v[0].felt_sum, 8);
	assert_int_equal(ps.v[0].harder, 1);
	assert_int_equal(ps.v[1].answers, 2);
	assert_int_equal(ps.v[1].easier, 2);
	assert_int_equal(ps.v[2].answers, 0);
	assert_true(ps.v[3].hidden);	/* today: not over */
	assert_int_equal(ps.v[3].answers, 0);
	assert_int_equal(ps.v[3].felt_sum, 0);
	tally(&ps, 2, 1, 2, 2);
	assert_int_equal(plan_read_squad(db, 1, "2026-11-01", "2026-11-25",
	    &ps), 0);
	assert_false(ps.v[3].hidden);
	assert_int_equal(ps.v[3].felt_sum, 9);
	plan_set_free(&ps);
	db_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grammar),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_day_later),
		cmocka_unit_test(test_next_week),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_cancel),
		cmocka_unit_test(test_blind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
