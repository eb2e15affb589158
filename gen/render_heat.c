/*
 * render_heat.c - the last 28 days on a part of the dashboard: its
 * athletes by days, a row of wellness each and one of load, from the
 * "heat" fragments its members left (render_row.c), each finished week
 * a piece of its own; and who is trending worse, from their "trend"
 * fragments.  Its sections: part_heat, part_trend.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * The class of one item's answer in a day's wellness cell, on the
 * item's own scale (1 best, 7 worst), 6 or 7 the darkest as on the
 * athlete's chart: each item shaded by itself, never by a sum.
 */
static const char *
heat_class(int v)
{
	return v == 0 ? "miss" : v <= 2 ? "h1" : v <= 4 ? "h2" : v == 5 ?
	    "h3" : "h4";
}

/* One athlete's days in the heatmap, their name as their fragment has it. */
struct heat_row {
	const char	*linked, *plain;	/* in the fragments' text */
	size_t		 llen, plen;
	int		 items[28][4], ill[28];	/* sleep..soreness, 0 none */
	long		 load[28];
};

/* Whether day i of the heatmap is a Monday, the first of a week. */
static int
heat_monday(const struct render_ctx *r, int i)
{
	return i >= r->monday && (i - r->monday) % 7 == 0;
}

/*
 * A wellness row's cell for day i opens or closes the span of the week
 * it is in, when that week (Monday to Sunday) is over and all in the
 * 28 days: each such week a piece of the dashboard (gen/pieces.c),
 * named for its Monday ("h20261116"), which the days sliding by leave
 * as it is (a day's shades are its own answers'), rather than the
 * whole map sealed again each day.  Not the load's rows: a day's
 * shade there is its share of the 28 days' highest, which moves.
 */
static void
heat_week(const struct render_ctx *r, int i, int open, struct buf *out)
{
	const char	*d;
	int		 monday = i - (open ? 0 : 6);

	if (!heat_monday(r, monday) || monday + 6 >= 27)
		return;
	if (!open) {
		buf_puts(out, "<!--cox:/g-->");
		return;
	}
	d = r->day[monday];
	buf_printf(out, "<!--cox:g h%.4s%.2s%.2s hw-->", d, d + 5, d + 8);
}

/*
 * An athlete's row of wellness, and with loads their row of load; their
 * name in the dashboard's piece of names ("an", with the matrix's:
 * coach-row.html), which changes with the roster, not with the days.
 */
static void
heat_rows(const struct render_ctx *r, const struct heat_row *h, int loads,
    struct buf *out)
{
	long	 max = 0;
	char	 n[RENDER_GROUPED_MAX];
	int	 i, k, lv, any;

	buf_puts(out, "<tbody><tr><th scope=\"row\"><!--cox:g an hn-->");
	buf_add(out, h->linked, h->llen);
	buf_printf(out, "<!--cox:/g--><span class=\"vh\">, %s</span></th>",
	    words_get(NULL, "gen.heat_wellness"));
	for (i = 0; i < 28; i++) {
		any = h->items[i][0] || h->items[i][1] || h->items[i][2] ||
		    h->items[i][3];
		heat_week(r, i, 1, out);
		buf_printf(out, "<td class=\"%s%s\">", any ? "w" : "miss",
		    heat_monday(r, i) ? " wk" : "");
		/* the four in their order, one under the other, each shaded */
		for (k = 0; any && k < 4; k++) {
			buf_printf(out, "%s<span class=\"%s\">", k ? " " : "",
			    heat_class(h->items[i][k]));
			if (h->items[i][k] > 0)
				buf_printf(out, "%d", h->items[i][k]);
			else
				buf_puts(out, "\xc2\xb7");	/* not answered */
			buf_puts(out, "</span>");
		}
		if (!any && !h->ill[i])
			buf_puts(out, "\xe2\x80\x93");	/* no check-in */
		if (h->ill[i])
			buf_puts(out, "\xc3\x97");
		buf_puts(out, "</td>");
		heat_week(r, i, 0, out);
	}
	buf_puts(out, "</tr>\n");
	if (!loads) {
		buf_puts(out, "</tbody>\n");
		return;
	}
	for (i = 0; i < 28; i++)
		if (h->load[i] > max)
			max = h->load[i];
	buf_puts(out, "<tr class=\"load\"><th scope=\"row\"><span "
	    "class=\"vh\">");
	buf_add(out, h->plain, h->plen);
	buf_printf(out, ", </span>%s</th>", words_get(NULL, "gen.heat_load"));
	for (i = 0; i < 28; i++) {
		lv = h->load[i] <= 0 ? 0 : h->load[i] * 3 <= max ? 1 :
		    h->load[i] * 3 <= max * 2 ? 2 : 3;
		buf_printf(out, "<td class=\"l%d%s\">", lv,
		    heat_monday(r, i) ? " wk" : "");
		if (h->load[i] > 0)
			buf_puts(out, render_grouped(h->load[i], n));
		buf_puts(out, "</td>");
	}
	buf_puts(out, "</tr></tbody>\n");
}

/* The line at *at of the fragments' text (up to end): its length; *next after it. */
static size_t
heat_line(const char *at, const char *end, const char **next)
{
	const char	*nl = memchr(at, '\n', (size_t)(end - at));

	*next = nl != NULL ? nl + 1 : end;
	return (size_t)((nl != NULL ? nl : end) - at);
}

/*
 * The squad's last 28 days, athletes by days: a row of wellness each,
 * and one of load when anyone's load shows, from the "heat" fragments
 * (render_row.c), whose dated lines are put in the columns of this
 * build's days; a day after the one a row was rendered on had nothing,
 * so shows as missed.  JSON null when no athlete has a day to show,
 * NULL on error; *loads says whether the rows of load are there.
 */
static json_t *
heat(const struct render_ctx *r, const struct part *p, int *loads)
{
	struct buf	 b = { 0 };
	json_t		*frag = part_fragments(p, "heat");
	struct heat_row	*v = NULL, *more, *h = NULL;
	const char	*at, *end, *next;
	size_t		 n = 0, cap = 0, i, len;
	int		 any = 0, d, it[4], sick;
	long		 l;
	char		 day[11], ln[64];

	*loads = 0;
	if (frag == NULL)
		return NULL;
	at = json_string_value(frag);
	end = at + json_string_length(frag);
	for (; at < end; at = next) {
		len = heat_line(at, end, &next);
		if (*at == '<') {	/* the next athlete: linked, plain */
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((more = reallocarray(v, cap,
				    sizeof(*v))) == NULL) {
					free(v);
					json_decref(frag);
					return NULL;
				}
				v = more;
			}
			h = memset(&v[n++], 0, sizeof(*h));
			h->linked = at;
			h->llen = len;
			h->plain = next;
			h->plen = heat_line(next, end, &next);
			continue;
		}
		if (h == NULL || len >= sizeof(ln))
			continue;
		memcpy(ln, at, len);
		ln[len] = '\0';
		if (sscanf(ln, "%10s %d %d %d %d %d %ld", day, &it[0], &it[1],
		    &it[2], &it[3], &sick, &l) != 7)
			continue;	/* or a line of a sum, before items */
		for (d = 0; d < 28 && strcmp(r->day[d], day) != 0; d++)
			continue;
		if (d == 28)
			continue;	/* out of the window now */
		memcpy(h->items[d], it, sizeof(it));
		h->ill[d] = sick;
		h->load[d] = l;
		any = 1;
		*loads |= l > 0;
	}
	for (i = 0; any && i < n; i++)
		heat_rows(r, &v[i], *loads, &b);
	free(v);
	json_decref(frag);
	if (!any) {
		buf_free(&b);
		return json_null();
	}
	return render_json_buf(&b);
}

/* The heatmap's columns: this build's 28 days, a mark on each Monday. */
static json_t *
heat_days(const struct render_ctx *r)
{
	json_t	*days = json_array();
	int	 i;

	for (i = 0; i < 28; i++)
		json_array_append_new(days, json_pack("{s:s, s:s, s:b}",
		    "date", r->day[i], "dom", r->day[i][8] == '0' ?
		    r->day[i] + 9 : r->day[i] + 8, "wk", heat_monday(r, i)));
	return days;
}

/*
 * Who is trending worse: the "trend" fragments' lines (render_row.c)
 * rendered since yesterday; an older one spoke of a week gone by.
 */
static json_t *
trends(const struct render_ctx *r, const struct part *p)
{
	struct buf	 b = { 0 };
	json_t		*frag = part_fragments(p, "trend");
	const char	*at, *end, *nl;

	if (frag == NULL)
		return NULL;
	at = json_string_value(frag);
	end = at + json_string_length(frag);
	for (; at < end; at = nl + 1) {
		if ((nl = memchr(at, '\n', (size_t)(end - at))) == NULL)
			nl = end;
		if (nl - at > 10 && strncmp(at, r->day[26], 10) >= 0)
			buf_add(&b, at + 10, (size_t)(nl - at) - 10 + 1);
	}
	json_decref(frag);
	return render_json_buf(&b);
}

/*
 * The heatmap (heat()) and, when it has a day to show, its columns,
 * the days it spans and whether it has rows of load.
 */
static int
heat_render(const struct part *p, json_t *ctx)
{
	const struct render_ctx	*r = p->r;
	json_t			*hv;
	char			 date[WORDS_DATE_MAX];
	int			 loads;

	if ((hv = heat(r, p, &loads)) == NULL)
		return -1;
	json_object_set_new(ctx, "heat", hv);	/* ctx keeps hv */
	if (json_is_string(hv)) {
		json_object_set_new(ctx, "heat_days", heat_days(r));
		json_object_set_new(ctx, "heat_first", json_string(
		    words_date(r->day[0], date)));
		json_object_set_new(ctx, "heat_last", json_string(
		    words_date(r->day[27], date)));
		json_object_set_new(ctx, "heat_first_day",
		    json_string(r->day[0]));
		json_object_set_new(ctx, "heat_last_day",
		    json_string(r->day[27]));
		json_object_set_new(ctx, "heat_loads", json_boolean(loads));
	}
	return 0;
}

/* Who is trending worse: trends(). */
static int
trend_render(const struct part *p, json_t *ctx)
{
	return part_set(ctx, "trend", trends(p->r, p));
}

static const struct part_section part_heat = { "heat",
    PART_SQUAD | PART_TEAM | PART_HAS, NULL, heat_render };
PART_SECTION(part_heat, 1000);
static const struct part_section part_trend = { "trend",
    PART_SQUAD | PART_TEAM | PART_HAS, NULL, trend_render };
PART_SECTION(part_trend, 1100);
