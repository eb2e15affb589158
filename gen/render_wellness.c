/*
 * render_wellness.c - the check-ins on an athlete's page: the last 28
 * days' chart of the four items, the latest answers beside the
 * athlete's usual, the days as a table (the chart's text alternative)
 * with the sick and injured days, and the club's own check-in items.
 */
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * The club's own check-in items of the last 28 days: their chart, and
 * as its text alternative a table, newest first, a column per item.
 */
static int
club_section(const struct render_ctx *r, const struct athlete_data *d,
    json_t *ctx)
{
	const struct checkin_items *items = &r->items;
	struct buf	 svg = { 0 };
	json_t		*rows, *row, *vals, *names;
	char		 label[16];
	size_t		 k;
	int		 i, any;

	if (items->n == 0)
		return 0;
	rows = json_array();
	for (i = 28; i-- > 0;) {
		vals = json_array();
		for (any = 0, k = 0; k < items->n; k++) {
			any |= d->club[k][i] >= 0;
			json_array_append_new(vals, d->club[k][i] >= 0 ?
			    json_integer(d->club[k][i]) : json_string(""));
		}
		if (!any) {
			json_decref(vals);
			continue;
		}
		words_day(r->day[i], label);
		row = json_pack("{s:s, s:s, s:o}", "date", label, "day",
		    r->day[i], "values", vals);
		json_array_append_new(rows, row);
	}
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return 0;
	}
	names = json_array();
	for (k = 0; k < items->n; k++)
		json_array_append_new(names, json_string(items->v[k].name));
	if (chart_club(&svg, items, (const int (*)[28])d->club, r->day[0],
	    r->day[27]) == -1) {
		buf_free(&svg);
		json_decref(rows);
		json_decref(names);
		return -1;
	}
	json_object_set_new(ctx, "club", render_json_buf(&svg));
	json_object_set_new(ctx, "club_rows", rows);
	json_object_set_new(ctx, "club_names", names);
	buf_free(&svg);
	return 0;
}

/*
 * The check-ins of the last 28 days as table rows (the chart's text
 * alternative), newest first, item by item and never added up, and
 * the sick or injured days with their notes, which the chart can only
 * mark.
 */
static void
wellness_rows(const struct render_ctx *r, const struct wellness_set *ws,
    json_t *ctx)
{
	json_t	*rows = json_array(), *ill = json_array(), *row;
	char	 label[16];
	size_t	 i;

	for (i = ws->n; i-- > 0;) {
		const struct wellness *w = &ws->v[i];
		if (strcmp(w->day, r->day[0]) < 0)
			continue;
		words_day(w->day, label);
		if (w->illness[0] != '\0')
			json_array_append_new(ill, json_pack("{s:s, s:s, s:s, s:s}",
			    "date", label, "day", w->day, "what", words_get(NULL,
			    !strcmp(w->illness, "injured") ? "gen.ill_injured" :
			    "gen.ill_sick"), "note",
			    w->note != NULL ? w->note : ""));
		if (!w->sleep && !w->stress && !w->fatigue && !w->soreness)
			continue;	/* a sick day without scores */
		row = json_pack("{s:s, s:s}", "date", label, "day", w->day);
		if (w->sleep) json_object_set_new(row, "sleep", json_integer(w->sleep));
		if (w->stress) json_object_set_new(row, "stress", json_integer(w->stress));
		if (w->fatigue) json_object_set_new(row, "fatigue", json_integer(w->fatigue));
		if (w->soreness) json_object_set_new(row, "soreness", json_integer(w->soreness));
		json_array_append_new(rows, row);
	}
	json_object_set_new(ctx, "wellness_table", json_boolean(
	    json_array_size(rows) > 0));
	json_object_set_new(ctx, "wellness_rows", rows);
	if (json_array_size(ill) > 0)
		json_object_set_new(ctx, "ill_days", ill);
	else
		json_decref(ill);
}

/*
 * The latest check-in of the 28 days item by item, each answer beside
 * the athlete's usual for that item: the mean of their earlier answers
 * to it in the 28 days, the baseline the coaches' flags use
 * (wellness_flag()); none for an item first answered that day.  Said
 * in numbers, one item at a time, never as a total.
 */
static void
wellness_latest(const struct render_ctx *r, const struct athlete_data *d,
    json_t *ctx)
{
	static const char *const names[4] = { "gen.item_sleep",
	    "gen.item_stress", "gen.item_fatigue", "gen.item_soreness" };
	char	 label[WORDS_DAY_MAX], usual[FIXED1_MAX + 1];
	json_t	*items, *it;
	double	 sum;
	int	 k, i, last = -1, n;

	for (i = 27; i >= 0 && last < 0; i--)
		for (k = 0; k < 4; k++)
			if (d->items[k][i] > 0)
				last = i;
	if (last < 0)
		return;
	items = json_array();
	for (k = 0; k < 4; k++) {
		if (d->items[k][last] == 0)
			continue;
		for (sum = 0, n = 0, i = 0; i < last; i++)
			if (d->items[k][i] > 0) {
				sum += d->items[k][i];
				n++;
			}
		/* usual set, null when unknown: not looked up outside */
		it = json_pack("{s:s, s:i, s:n}", "name", words_get(NULL,
		    names[k]), "value", d->items[k][last], "usual");
		if (n > 0) {
			render_fixed1(usual, sum / n);
			json_object_set_new(it, "usual", json_string(usual));
		}
		json_array_append_new(items, it);
	}
	json_object_set_new(ctx, "wellness_latest", json_pack("{s:s, s:s, "
	    "s:o}", "day", r->day[last], "date", words_day(r->day[last],
	    label), "items", items));
}

/*
 * The check-ins of the last 28 days into ctx, when there are: the
 * chart and the words that count them, the latest answers, the table;
 * then the club's own items.  Returns 0 or -1.
 */
int
render_wellness(const struct render_ctx *r, const struct athlete_data *d,
    json_t *ctx)
{
	struct buf	 svg = { 0 }, text = { 0 };
	int		 i, days = 0;

	for (i = 0; i < 28; i++)
		days += d->items[0][i] || d->items[1][i] || d->items[2][i] ||
		    d->items[3][i] || d->ill[i];
	if (days > 0 && chart_items(&svg, d->items, d->ill, r->day[0],
	    r->day[27]) == 0) {
		json_object_set_new(ctx, "wellness", render_json_buf(&svg));
		if (words_printf_n(&text, NULL, "gen.checkins", days,
		    days) == 0)
			json_object_set_new(ctx, "wellness_days",
			    render_json_buf(&text));
		wellness_latest(r, d, ctx);
		wellness_rows(r, &d->ws, ctx);
	}
	buf_free(&svg);
	buf_free(&text);
	return club_section(r, d, ctx);
}
