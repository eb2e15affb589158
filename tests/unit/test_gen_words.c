/*
 * Unit tests for the words gen/ looks up (gen. entries of
 * lib/words/en.txt): each has the printf conversions its C call hands
 * it, each one C names is in the catalogue and in the table below, and
 * the charts' day labels and the dates people read are the catalogue's.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <jansson.h>

#include "../../gen/gen.h"

/* Every gen. entry and the conversions its caller passes ("" none). */
static const struct {
	const char	*name;
	const char	*conv;
} used[] = {
	{ "gen.team", "" }, { "gen.team_part", "" }, { "gen.team_part_h", "" },
	{ "gen.list_sep", "" }, { "gen.list_and", "" },
	{ "gen.month_jan", "" }, { "gen.month_feb", "" },
	{ "gen.month_mar", "" }, { "gen.month_apr", "" },
	{ "gen.month_may", "" }, { "gen.month_jun", "" },
	{ "gen.month_jul", "" }, { "gen.month_aug", "" },
	{ "gen.month_sep", "" }, { "gen.month_oct", "" },
	{ "gen.month_nov", "" }, { "gen.month_dec", "" },
	{ "gen.day_label", "d s " }, { "gen.day_first", "d s " },
	{ "gen.slot_am", "" }, { "gen.slot_pm", "" },
	{ "gen.day_year", "s s " },
	{ "gen.pairs_title", "" }, { "gen.pairs_low", "" },
	{ "gen.pairs_high", "" }, { "gen.history_title", "s " },
	{ "gen.history_watts", "s " }, { "gen.erg_value", "s s " },
	{ "gen.erg_latest", "s s " }, { "gen.erg_per_kg", "s s s s " },
	{ "gen.erg_better", "s s s " }, { "gen.erg_worse", "s s s " },
	{ "gen.erg_noise", "s s s " }, { "gen.erg_logbook", "s " },
	{ "gen.erg_logbook_rate", "s ld ld " },
	{ "gen.checkins.one", "d " }, { "gen.checkins.other", "d " },
	{ "gen.ill_sick", "" }, { "gen.ill_injured", "" },
	{ "gen.reply", "s " },
	{ "gen.gap_agree_on", "s " }, { "gen.gap_lower_on", "s " },
	{ "gen.gap_higher_on", "s " }, { "gen.gap_agree_all", "zu " },
	{ "gen.gap_lower_of", "zu zu " }, { "gen.gap_higher_of", "zu zu " },
	{ "gen.gap_also_higher", "zu " }, { "gen.gap_also_lower", "zu " },
	{ "gen.gap_also_same", "zu " }, { "gen.gap_end", "" },
	{ "gen.gap_slower", "s " }, { "gen.gap_faster", "s " },
	{ "gen.guess_summary", "u u " },
	{ "gen.flag_sick", "s " }, { "gen.flag_injured", "s " },
	{ "gen.flag_note", "s " },
	{ "gen.cmd_subject", "s " }, { "gen.cmd_remind", "s " },
	{ "gen.cmd_remind_squad", "s " }, { "gen.cmd_send", "s " },
	{ "gen.cmd_resend", "s " }, { "gen.cmd_archive", "s " },
	{ "gen.cmd_number", "s s " }, { "gen.cmd_invite", "s " },
	{ "gen.cmd_pause", "s " }, { "gen.cmd_resume", "s " },
	{ "gen.cmd_stage", "s s " },
	{ "gen.cmd_someone", "" },
	{ "gen.sheet_subject", "s " },
	{ "gen.hint_email", "" }, { "gen.commit", "u u u " },
	{ "gen.home_md", "" },
	{ "gen.thousands", "" }, { "gen.decimal", "" }, { "gen.load_title", "" },
	{ "gen.load_week", "s " }, { "gen.load_week_more", "s s s " },
	{ "gen.load_week_less", "s s s " }, { "gen.load_week_same", "s " },
	{ "gen.load_usual_more", "s s " }, { "gen.load_usual_less", "s s " },
	{ "gen.load_usual_same", "s " }, { "gen.load_usual_early", "" },
	{ "gen.load_open.one", "d " },
	{ "gen.load_open.other", "d " },
	{ "gen.readers_h", "" }, { "gen.readers_how", "" },
	{ "gen.reader_own", "s " }, { "gen.reader_athlete", "s " },
	{ "gen.reader_coach", "s " }, { "gen.reader_head", "s " },
	{ "gen.reader_link", "s " },
	{ "gen.plan_title", "" }, { "gen.plan_after_yours", "" },
	{ "gen.plan_after_day", "" }, { "gen.plan_no_answer", "" },
	{ "gen.plan_felt.one", "s d " }, { "gen.plan_felt.other", "s d " },
	{ "gen.plan_easy_a", "d d d d " }, { "gen.plan_hard_a", "d d d d " },
	{ "gen.plan_easy_c", "d d d d " }, { "gen.plan_hard_c", "d d d d " },
	{ "gen.heat_wellness", "" }, { "gen.heat_load", "" },
	{ "gen.gap_closer", "s s s d s s d " },
	{ "gen.gap_wider", "s s s d s s d " },
	{ "gen.gap_same", "s s s d s s d " },
	{ "gen.items_title", "" }, { "gen.item_sleep", "" },
	{ "gen.item_stress", "" }, { "gen.item_fatigue", "" },
	{ "gen.item_soreness", "" },
	{ "gen.flag_item", "s d s f f " }, { "gen.flag_item_and", "" },
	{ "gen.trend_item", "s s s " },
	{ "gen.club_title", "" }, { "gen.flag_checkin", "s d s d f " },
	{ "gen.flag_checkin_week", "s d s d " },
	{ "gen.area_neck", "" }, { "gen.area_shoulder", "" },
	{ "gen.area_ribs", "" }, { "gen.area_upper_back", "" },
	{ "gen.area_lower_back", "" }, { "gen.area_arm", "" },
	{ "gen.area_wrist", "" }, { "gen.area_hip", "" },
	{ "gen.area_knee", "" }, { "gen.area_leg", "" },
	{ "gen.area_foot", "" },
	{ "gen.health_injury", "s " }, { "gen.health_injury_any", "" },
	{ "gen.health_illness", "" },
	{ "gen.stage_out", "" }, { "gen.stage_modified", "" },
	{ "gen.stage_full", "" }, { "gen.stage_cleared", "" },
	{ "gen.health_share", "d d d " },
};

#define NUSED	(sizeof(used) / sizeof(used[0]))

static size_t
used_find(const char *name)
{
	size_t	 i;

	for (i = 0; i < NUSED; i++)
		if (strcmp(used[i].name, name) == 0)
			return i;
	return NUSED;
}

/* English has each entry, with the conversions its caller passes. */
static void
test_conversions(void **state)
{
	const char	*text;
	char		 conv[128];
	size_t		 i;

	(void)state;
	assert_int_equal(words_ready(), OUT_OK);
	for (i = 0; i < NUSED; i++) {
		if ((text = words_find("en", used[i].name)) == NULL)
			fail_msg("%s: not in lib/words/en.txt", used[i].name);
		assert_int_equal(words_conversions(text, conv, sizeof(conv)),
		    0);
		if (strcmp(conv, used[i].conv) != 0)
			fail_msg("%s: conversions '%s', its caller passes '%s'",
			    used[i].name, conv, used[i].conv);
	}
}

static int
entry_listed(const char *name, const char *text, void *arg)
{
	(void)text;
	(void)arg;
	if (strncmp(name, "gen.", 4) == 0 && used_find(name) == NUSED)
		fail_msg("%s: in the catalogue, not in this test's table",
		    name);
	return 0;
}

/* The "gen.NAME" literals of one source file are in the table. */
static void
names_in(const char *path)
{
	struct buf	 src = { 0 };
	const char	*p, *end;
	char		 name[64], other[80];

	if (file_read(path, 1024 * 1024, &src) == -1)
		fail_msg("%s: cannot read", path);
	for (p = src.data; (p = strstr(p, "\"gen.")) != NULL; p = end) {
		end = strchr(p + 1, '"');
		if (end == NULL || (size_t)(end - p) >= sizeof(name))
			fail_msg("%s: a name that does not end", path);
		snprintf(name, sizeof(name), "%.*s", (int)(end - p - 1), p + 1);
		/* words_printf_n()'s name: its forms are the entries */
		snprintf(other, sizeof(other), "%s.other", name);
		if (strcmp(name, "gen.h") != 0 && used_find(name) == NUSED &&
		    used_find(other) == NUSED)
			fail_msg("%s: %s is not in this test's table", path,
			    name);
	}
	buf_free(&src);
}

/* Every name gen/ looks up is in the table, and every entry is used. */
static void
test_names(void **state)
{
	char		 dir[4096], path[4096];
	struct dirent	*de;
	DIR		*d;
	size_t		 len, files = 0;

	(void)state;
	assert_int_equal(words_each("en", entry_listed, NULL), 0);
	assert_int_equal(path_join(dir, sizeof(dir), install_datadir(), "gen"),
	    0);
	if ((d = opendir(dir)) == NULL)
		fail_msg("%s: cannot open (COX_DATADIR?)", dir);
	while ((de = readdir(d)) != NULL) {
		len = strlen(de->d_name);
		if (len < 3 || strcmp(de->d_name + len - 2, ".c") != 0)
			continue;
		assert_int_equal(path_join(path, sizeof(path), dir,
		    de->d_name), 0);
		names_in(path);
		files++;
	}
	closedir(d);
	assert_true(files > 10);
}

/* A day's label is the catalogue's day of the month and month name. */
static void
test_day_labels(void **state)
{
	static const char *const mon[] = { "gen.month_jan", "gen.month_feb",
	    "gen.month_mar", "gen.month_apr", "gen.month_may", "gen.month_jun",
	    "gen.month_jul", "gen.month_aug", "gen.month_sep", "gen.month_oct",
	    "gen.month_nov", "gen.month_dec" };
	char	 day[32], out[16], want[32];
	int	 m;

	(void)state;
	for (m = 1; m <= 12; m++) {
		snprintf(day, sizeof(day), "2026-%02d-%02d", m, m + 9);
		words_day(day, out);
		snprintf(want, sizeof(want), "%d %s", m + 9,
		    words_get(NULL, mon[m - 1]));
		assert_string_equal(out, want);
	}
}

/*
 * A date read on its own is the reader's language's, with its year, as
 * is a month: never as it is kept ("2026-11-24").
 */
static void
test_dates(void **state)
{
	static const struct {
		const char	*lang, *day, *want;
	} v[] = {
		{ "en", "2026-11-24", "24 Nov 2026" },
		{ "en", "2025-12-01", "1 Dec 2025" },
		{ "en", "2026-11", "Nov 2026" },
		{ "fr", "2026-11-24", "24 nov. 2026" },
		{ "fr", "2025-12-01", "1er d\xc3\xa9" "c. 2025" },
		{ "fr", "2026-11", "nov. 2026" },
		{ "de", "2026-11-24", "24. Nov. 2026" },
		{ "de", "2026-03", "M\xc3\xa4rz 2026" },
		{ "es", "2026-11-24", "24 nov 2026" },
		{ "es", "2026-12", "dic 2026" },
		/* what is not a day is left as it is */
		{ "fr", "2026-13-01", "2026-13-01" },
		{ "fr", "2026-13", "2026-13" },
		{ "fr", "soon", "soon" },
	};
	const char	*was;
	char		 out[WORDS_DATE_MAX];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		was = words_reader(v[i].lang);
		words_date(v[i].day, out);
		words_reader(was);
		if (strcmp(out, v[i].want) != 0)
			fail_msg("%s %s: '%s', want '%s'", v[i].lang, v[i].day,
			    out, v[i].want);
	}
}

/* A chart's words come from the catalogue, escaped as text. */
static void
test_chart_words(void **state)
{
	struct chart_pair p = { "erg", 1, 10, 6, 8 };
	struct buf	 out = { 0 };

	(void)state;
	assert_int_equal(chart_pairs(&out, &p, 1), 0);
	assert_non_null(strstr(out.data, ">Coach and self ratings per "
	    "metric</title>"));
	assert_non_null(strstr(out.data, "\">low</text>"));
	assert_non_null(strstr(out.data, "\">high</text></svg>"));
	buf_free(&out);
}

/*
 * A time's gap says faster or slower with no sign: a sign would say the
 * opposite of the dashboard's arrow beside it, a time being better
 * lower (the athlete's 7:45 against the coach's 7:40 was "+5 s" under a
 * down arrow).  A scale keeps its sign.
 */
static void
test_time_gap(void **state)
{
	struct metric	 t = { .kind = METRIC_TIME, .scale_min = 0,
			    .scale_max = 6000 };
	struct metric	 s = { .kind = METRIC_SCALE, .scale_min = 1,
			    .scale_max = 10 };
	json_t		*j;

	(void)state;
	j = render_gap(&t, 50);
	assert_string_equal(json_string_value(j), "5 s slower");
	json_decref(j);
	j = render_gap(&t, -120);
	assert_string_equal(json_string_value(j), "12 s faster");
	json_decref(j);
	j = render_gap(&s, -2);
	assert_string_equal(json_string_value(j), "-2");
	json_decref(j);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_day_labels),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_chart_words),
		cmocka_unit_test(test_time_gap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
