/*
 * render_training.c - the training load on an athlete's page, for an
 * athlete who texts their sessions: the last 28 days' chart with their
 * usual day as a line, this week in words beside the last and the
 * usual one, and the weeks as a table.
 */
#include <stdlib.h>

#include <jansson.h>

#include "gen.h"

/*
 * This week described in words, into b: its load and the change in
 * load units from last week's (once the athlete had begun by then);
 * into u, the difference from their usual week, or when it will be
 * known.  Numbers side by side, no ratio and no verdict: a week far
 * above the usual says so in its own two figures.
 */
static void
load_words(const struct load_summary *s, struct buf *b, struct buf *u)
{
	char	 week[RENDER_GROUPED_MAX], other[RENDER_GROUPED_MAX];
	char	 diff[RENDER_GROUPED_MAX];

	render_grouped(s->week, week);
	render_grouped(labs(s->week - s->last), diff);
	render_grouped(s->last, other);
	if (!s->last_ok)
		words_printf(b, NULL, "gen.load_week", week);
	else if (s->week == s->last)
		words_printf(b, NULL, "gen.load_week_same", week);
	else
		words_printf(b, NULL, s->week > s->last ? "gen.load_week_more" :
		    "gen.load_week_less", week, diff, other);
	render_grouped(labs(s->week - s->usual), diff);
	render_grouped(s->usual, other);
	if (!s->usual_ok)
		words_printf(u, NULL, "gen.load_usual_early");
	else if (s->week == s->usual)
		words_printf(u, NULL, "gen.load_usual_same", other);
	else
		words_printf(u, NULL, s->week > s->usual ?
		    "gen.load_usual_more" : "gen.load_usual_less", diff, other);
}

/*
 * The chart's four weeks, oldest first: the day each ends, its load,
 * the change from the week before (once the athlete had begun by that
 * week's first day) and the usual week at its end (once known); null
 * where not, which the table writes as a dash.
 */
static json_t *
load_weeks(const struct load *l)
{
	json_t	*rows = json_array();
	char	 date[16], n[RENDER_GROUPED_MAX], u[RENDER_GROUPED_MAX];
	char	 c[RENDER_GROUPED_MAX];
	long	 week;
	int	 end;

	for (end = LOAD_DAYS - 22; end < LOAD_DAYS; end += 7) {
		week = load_week_of(l->daily + end - 6);
		words_day(l->days[end], date);
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:o, "
		    "s:o}", "date", date, "day", l->days[end], "load",
		    render_grouped(week, n), "change",
		    l->age >= LOAD_DAYS - 1 - end + 13 ? json_string(
		    render_change(week - load_week_of(l->daily + end - 13),
		    c)) : json_null(), "usual",
		    l->usual[end] >= 0 ? json_string(render_grouped(
		    load_usual_week(l->usual[end]), u)) : json_null()));
	}
	return rows;
}

/*
 * The training load section, only for an athlete with sessions: the
 * last 28 days' chart with their usual day as a line, this week
 * described in words (load_words()), and the weeks as a table.
 * Returns 0 or -1.
 */
int
render_training(const struct athlete_data *d, json_t *ctx)
{
	const struct load	*l = &d->load;
	struct buf		 b = { 0 }, u = { 0 };

	if (l->sessions == 0)
		return 0;
	if (chart_load(&b, l->daily + LOAD_DAYS - 28, l->usual + LOAD_DAYS -
	    28, l->days[LOAD_DAYS - 28], l->days[LOAD_DAYS - 1]) == -1)
		goto fail;
	json_object_set_new(ctx, "load", render_json_buf(&b));
	load_words(&d->week, &b, &u);
	json_object_set_new(ctx, "load_summary", render_json_buf(&b));
	json_object_set_new(ctx, "load_usual", render_json_buf(&u));
	if (l->open > 0 && words_printf_n(&b, NULL, "gen.load_open",
	    l->open, l->open) == 0)
		json_object_set_new(ctx, "load_open", render_json_buf(&b));
	json_object_set_new(ctx, "load_weeks", load_weeks(l));
	if (buf_failed(&b) || buf_failed(&u))
		goto fail;
	buf_free(&b);
	buf_free(&u);
	return 0;
fail:
	buf_free(&b);
	buf_free(&u);
	return -1;
}
