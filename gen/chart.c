/*
 * chart.c - the SVG charts, written directly: coach vs self per metric,
 * a metric's history, and 28 days of wellness and of training load
 * (with the athlete's usual day as a line, never a colour).
 *
 * Charts are readable without colour (coach is a filled circle, self a
 * hollow one, and every value is also in the text around the chart),
 * scale to the width of a phone (viewBox, no fixed size) and carry a
 * <title> for screen readers.  Presentation attributes only: the pages'
 * Content-Security-Policy allows no inline styles.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define W	320	/* viewBox width; the page scales it */

static double
xscale(long v, long min, long max, double left, double right)
{
	if (max <= min)
		return left;
	return left + (right - left) * (double)(v - min) / (double)(max - min);
}

/* A label of the catalogue (no conversions) as HTML text. */
static int
label_put(struct buf *out, const char *name)
{
	return html_puts(out, words_get(NULL, name));
}

/* text, then v with one decimal: what charts write thousands of */
static int
num(struct buf *out, const char *text, double v)
{
	return buf_puts(out, text) | buf_fixed1(out, v);
}

/*
 * Coach vs self: one row per metric, a line between the two dots.
 * Rows come sorted by gap by the caller.
 */
int
chart_pairs(struct buf *out, const struct chart_pair *p, size_t n)
{
	const double	 left = 110, right = W - 14, row = 28;
	double		 y, xc, xs;
	size_t		 i;
	int		 rc = 0;

	rc |= buf_printf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %.0f\" "
	    "role=\"img\" aria-labelledby=\"pairs-title\">"
	    "<title id=\"pairs-title\">", W, row * (double)n + 24);
	rc |= label_put(out, "gen.pairs_title");
	rc |= buf_puts(out, "</title>");
	for (i = 0; i < n; i++) {
		y = row * (double)i + 18;
		rc |= num(out, "<text x=\"0\" y=\"", y + 4);
		rc |= buf_puts(out, "\" class=\"label\">");
		rc |= html_puts(out, p[i].name);
		rc |= buf_printf(out, "</text><line x1=\"%d", (int)left);
		rc |= num(out, "\" y1=\"", y);
		rc |= buf_printf(out, "\" x2=\"%d", (int)right);
		rc |= num(out, "\" y2=\"", y);
		rc |= buf_puts(out, "\" class=\"axis\"/>");
		xc = p[i].coach == CHART_NONE ? left :
		    xscale(p[i].coach, p[i].min, p[i].max, left, right);
		xs = p[i].self == CHART_NONE ? left :
		    xscale(p[i].self, p[i].min, p[i].max, left, right);
		if (p[i].coach != CHART_NONE && p[i].self != CHART_NONE) {
			rc |= num(out, "<line x1=\"", xc);
			rc |= num(out, "\" y1=\"", y);
			rc |= num(out, "\" x2=\"", xs);
			rc |= num(out, "\" y2=\"", y);
			rc |= buf_puts(out, "\" class=\"gap\"/>");
		}
		/* the hollow ring first, the smaller dot on top: both stay
		 * visible when the two scores are the same */
		if (p[i].self != CHART_NONE) {
			rc |= num(out, "<circle cx=\"", xs);
			rc |= num(out, "\" cy=\"", y);
			rc |= buf_puts(out, "\" r=\"7\" class=\"self\"/>");
		}
		if (p[i].coach != CHART_NONE) {
			rc |= num(out, "<circle cx=\"", xc);
			rc |= num(out, "\" cy=\"", y);
			rc |= buf_puts(out, "\" r=\"4.5\" class=\"coach\"/>");
		}
	}
	rc |= buf_printf(out, "<text x=\"%.0f\" y=\"%.0f\" class=\"tick\">",
	    left, row * (double)n + 20);
	rc |= label_put(out, "gen.pairs_low");
	rc |= buf_printf(out, "</text><text x=\"%.0f\" y=\"%.0f\" "
	    "class=\"tick\" text-anchor=\"end\">", right, row * (double)n + 20);
	rc |= label_put(out, "gen.pairs_high");
	rc |= buf_puts(out, "</text></svg>");
	return rc ? -1 : 0;
}

/* A coordinate as text, made once and copied wherever it is used. */
struct coord {
	char	 s[FIXED1_MAX];
	size_t	 len;
};

static void
coord_set(struct coord *c, double v)
{
	c->len = fixed1(c->s, v);
}

static int
coord_put(struct buf *out, const char *text, const struct coord *c)
{
	return buf_puts(out, text) | buf_add(out, c->s, c->len);
}

/* Where the history chart draws score v: from the table when on the scale. */
struct yscale {
	long		 min, max;
	double		 top, bottom;
	struct coord	 at[101];	/* scales span at most 100 */
};

static const struct coord *
yscale_at(const struct yscale *ys, long v, struct coord *spare)
{
	if (v >= ys->min && v <= ys->max && v - ys->min < 101)
		return &ys->at[v - ys->min];
	/* off the scale (it was changed since): drawn where it falls */
	coord_set(spare, ys->bottom - (ys->bottom - ys->top) *
	    (double)(v - ys->min) / (double)(ys->max > ys->min ?
	    ys->max - ys->min : 1));
	return spare;
}

/*
 * Days since 1970-01-01 of "YYYY-MM-DD" in the proleptic Gregorian
 * calendar (counted from 1 March, so that the leap day ends a year);
 * -1 when it is not a date.
 */
long
chart_day_number(const char *day)
{
	long	 era, yoe, doy;
	int	 y, m, d;

	if (day_ymd(day, &y, &m, &d) == -1)
		return -1;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/*
 * A date on a time axis at x, y; with its year when year is set (an
 * axis whose dates are not all of one year: "26 Nov" at one end and
 * "18 Nov" at the other would read as a week back).
 */
static int
date_tick(struct buf *out, double x, double y, const char *anchor,
    const char *day, int year)
{
	char	 label[WORDS_DATE_MAX];

	return buf_printf(out, "<text x=\"%.1f\" y=\"%.0f\" class=\"tick\" "
	    "text-anchor=\"%s\">", x, y, anchor) |
	    html_puts(out, year ? words_date(day, label) :
	    words_day(day, label)) | buf_puts(out, "</text>");
}

/* One side's line (src 0 coach, 1 self) at the points' x. */
static int
line_put(struct buf *out, const struct chart_point *pt, size_t n,
    const struct coord *xs, const struct yscale *ys, int src)
{
	struct coord	 spare;
	size_t		 i;
	long		 v;
	int		 rc = 0, started = 0;

	for (i = 0; i < n; i++) {
		if ((v = src == 0 ? pt[i].coach : pt[i].self) == CHART_NONE)
			continue;
		rc |= coord_put(out, started ? " " : src == 0 ?
		    "<polyline class=\"coach-line\" points=\"" :
		    "<polyline class=\"self-line\" points=\"", &xs[i]);
		rc |= coord_put(out, ",", yscale_at(ys, v, &spare));
		started = 1;
	}
	if (started)
		rc |= buf_puts(out, "\"/>");
	return rc;
}

/*
 * One side's line, a polyline a month, x the day's number (the caller's
 * transform puts it in place), each month's from the last point of the
 * one before.  A month before today's is marked as a piece of the page
 * (pieces_history()'s group), with the table's rows of that period: its
 * points no longer move as the season goes on, so a new score leaves
 * them be.
 */
static int
lines_by_month(struct buf *out, const struct chart_point *pt, const long *dn,
    size_t n, const struct yscale *ys, int src, const char *today,
    const char *place)
{
	struct coord	 spare;
	const char	*cls = src == 0 ? "coach-line" : "self-line";
	char		 name[16];
	size_t		 i, j, k, prev = n;
	int		 rc = 0, closed;

#define SIDE(k)	(src == 0 ? pt[k].coach : pt[k].self)
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strncmp(pt[j].day, pt[i].day, 7) == 0;
		    j++)
			continue;
		for (k = i; k < j && SIDE(k) == CHART_NONE; k++)
			continue;
		if (k == j)
			continue;	/* none of this side that month */
		if (prev == n) {
			/* the first point: a line only with the next one */
			for (prev = k++; k < j && SIDE(k) == CHART_NONE; k++)
				continue;
			if (k == j)
				continue;
		}
		/* by hand, not printf: a season's chart has dozens */
		if ((closed = pieces_history(name, pt[i].day, today) == 0))
			rc |= buf_puts(out, "<!--cox:g ") |
			    buf_puts(out, name) | buf_putc(out, ' ') |
			    buf_putc(out, src == 0 ? 'c' : 's') |
			    buf_puts(out, place) | buf_puts(out, "-->");
		rc |= buf_puts(out, "<polyline class=\"") | buf_puts(out, cls) |
		    buf_puts(out, "\" points=\"");
		rc |= buf_long(out, dn[prev]);
		rc |= buf_putc(out, ',');
		rc |= buf_puts(out, yscale_at(ys, SIDE(prev), &spare)->s);
		for (; k < j; k++) {
			if (SIDE(k) == CHART_NONE)
				continue;
			rc |= buf_putc(out, ' ');
			rc |= buf_long(out, dn[k]);
			rc |= buf_putc(out, ',');
			rc |= buf_puts(out, yscale_at(ys, SIDE(k), &spare)->s);
			prev = k;
		}
		rc |= buf_puts(out, "\"/>");
		if (closed)
			rc |= buf_puts(out, "<!--cox:/g-->");
	}
#undef SIDE
	return rc;
}

/*
 * One metric over time: coach as a solid line with filled dots, self
 * dashed with hollow ones, placed by date, the first and last dates
 * (and one between) on the time axis, and each score written by its
 * dot while there are few enough to read (every value is also in the
 * table under the chart).  Coordinates are written once each and
 * copied after.  When the dates spread, the lines are drawn in day
 * numbers under one transform that puts the first and last dates at
 * the ends of the axis (their strokes do not scale: style.css), so a
 * month that is over is the same bytes all season: see
 * lines_by_month().  today is "YYYY-MM-DD"; place names the chart's
 * lines among the page's pieces (the metric's slug).
 */
int
chart_history(struct buf *out, const struct chart_point *pt, size_t n,
    const struct metric *m, const char *title, const char *today,
    const char *place)
{
	const double	 h = 150, axis = 122;
	const char	*cls[2] = { "coach", "self" };
	const long	 min = m->scale_min, max = m->scale_max;
	const int	 rev = metric_lower_better(m);	/* the best on top */
	/* a time's labels are wider than a scale's, at both ends */
	const double	 left = m->kind == METRIC_SCALE ? 26 : 44;
	const double	 right = W - (m->kind == METRIC_SCALE ? 12 : 26);
	struct yscale	 ys = { min, max, rev ? axis - 12 : 16,
			    rev ? 16 : axis - 12, { { "", 0 } } };
	char		 top[RENDER_VALUE_MAX], bottom[RENDER_VALUE_MAX];
	char		 val[RENDER_VALUE_MAX];
	struct metric	 bare = *m;
	struct coord	*xs, spare[2];
	const struct coord *ylast;
	long		 d0 = -1, d1 = -1, d, *dn;
	size_t		 i, mid;
	long		 v;
	int		 rc = 0, src, pass, last, up, labels = n <= 12, by_date = 1;
	int		 years;

	if (n == 0 || (xs = calloc(n, sizeof(*xs))) == NULL)
		return -1;
	if ((dn = calloc(n, sizeof(*dn))) == NULL) {
		free(xs);
		return -1;
	}
	for (i = 0; i < n; i++)
		if ((d = dn[i] = chart_day_number(pt[i].day)) >= 0) {
			d0 = d0 < 0 || d < d0 ? d : d0;
			d1 = d > d1 ? d : d1;
		} else
			by_date = 0;
	by_date = by_date && d1 > d0;
	for (i = 0; i < n; i++) {
		d = dn[i];
		/* by date; evenly when the dates do not spread them */
		coord_set(&xs[i], d1 > d0 && d >= 0 ? left + (right - left) *
		    (double)(d - d0) / (double)(d1 - d0) : n > 1 ? left +
		    (right - left) * (double)i / (double)(n - 1) : left);
	}
	for (v = min; v <= max && v - min < 101; v++)
		coord_set(&ys.at[v - min], ys.bottom - (ys.bottom - ys.top) *
		    (double)(v - min) / (double)(max > min ? max - min : 1));
	rc |= buf_printf(out, "<svg class=\"chart history\" viewBox=\"0 0 %d "
	    "%.0f\" role=\"img\"><title>", W, h);
	rc |= html_puts(out, title);
	/* the labels: the top of the axis and its foot, without a unit */
	bare.unit[0] = '\0';
	render_value_text(&bare, rev ? min : max, top);
	render_value_text(&bare, rev ? max : min, bottom);
	rc |= buf_printf(out, "</title><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">%s</text><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">%s</text><line x1=\"%.0f\" y1=\"%.0f\" "
	    "x2=\"%.0f\" y2=\"%.0f\" class=\"axis\"/>", 20.0, top,
	    axis - 8, bottom, left, axis, right, axis);
	/* the time axis: first and last date, and the middle one */
	years = strncmp(pt[0].day, pt[n - 1].day, 4) != 0;
	rc |= date_tick(out, left, axis + 16, "start", pt[0].day, years);
	if (n > 1)
		rc |= date_tick(out, right, axis + 16, "end", pt[n - 1].day,
		    years);
	mid = n / 2;
	if (n >= 5 && strcmp(pt[mid].day, pt[0].day) != 0 &&
	    strcmp(pt[mid].day, pt[n - 1].day) != 0)
		rc |= date_tick(out, atof(xs[mid].s), axis + 16, "middle",
		    pt[mid].day, years);
	if (by_date)
		rc |= buf_printf(out, "<g transform=\"matrix(%.9g 0 0 1 %.9g 0)\">",
		    (right - left) / (double)(d1 - d0), left - (double)d0 *
		    (right - left) / (double)(d1 - d0));
	for (src = 0; src < 2; src++)
		rc |= by_date ? lines_by_month(out, pt, dn, n, &ys, src, today,
		    place) :
		    line_put(out, pt, n, xs, &ys, src);
	if (by_date)
		rc |= buf_puts(out, "</g>");
	/*
	 * Each side's dots, then its values, in a group that carries the
	 * class: a season's dots are many, and a page republished each
	 * week carries them all.
	 */
	for (src = 0; src < 2; src++) {
		last = -1;
		for (i = 0; i < n; i++)
			if ((src == 0 ? pt[i].coach : pt[i].self) !=
			    CHART_NONE)
				last = (int)i;
		for (pass = 0; pass < 2; pass++) {
			rc |= buf_printf(out, pass == 0 ? "<g class=\"%s\">" :
			    "<g class=\"val %s\" text-anchor=\"middle\">",
			    cls[src]);
			for (i = 0; i < n; i++) {
				if ((v = src == 0 ? pt[i].coach :
				    pt[i].self) == CHART_NONE ||
				    (!labels && (int)i != last))
					continue;
				ylast = yscale_at(&ys, v, &spare[1]);
				if (pass == 0) {
					rc |= coord_put(out, "<circle cx=\"",
					    &xs[i]);
					rc |= coord_put(out, "\" cy=\"", ylast);
					rc |= buf_puts(out, "\" r=\"4\"/>");
					continue;
				}
				/* the value, on the side away from the other dot */
				up = src == 0 ? pt[i].self == CHART_NONE ||
				    pt[i].coach >= pt[i].self :
				    pt[i].coach == CHART_NONE ||
				    pt[i].self > pt[i].coach;
				up = rev ? !up : up;
				render_value_text(&bare, v, val);
				rc |= coord_put(out, "<text x=\"", &xs[i]);
				rc |= buf_printf(out, "\" y=\"%.1f\">%s</text>",
				    atof(ylast->s) + (up ? -8 : 16), val);
			}
			rc |= buf_puts(out, "</g>");
		}
	}
	rc |= buf_puts(out, "</svg>");
	free(dn);
	free(xs);
	return rc ? -1 : 0;
}

/*
 * A chart's day bars, gathered into one path per class ("bar", and
 * "bar-high" for a bad day): a bar is then about 20 bytes, not 70, and
 * a page that changes every day publishes that much less each day.
 */
struct bars {
	struct buf	 d[2];
};

static int
bar_add(struct bars *b, double x, double y, double width, double bottom,
    int high)
{
	struct buf	*d = &b->d[high != 0];

	return num(d, "M", x) | num(d, " ", bottom) | num(d, "V", y) |
	    num(d, "h", width) | num(d, "V", bottom) | buf_puts(d, "z");
}

/* The bars gathered, written to out as paths; b is emptied. */
static int
bars_put(struct buf *out, struct bars *b)
{
	static const char *const cls[2] = { "bar", "bar-high" };
	int	 i, rc = 0;

	for (i = 0; i < 2; i++) {
		rc |= buf_failed(&b->d[i]);
		if (b->d[i].len > 0)
			rc |= buf_printf(out, "<path class=\"%s\" d=\"", cls[i]) |
			    buf_add(out, b->d[i].data, b->d[i].len) |
			    buf_puts(out, "\"/>");
		buf_free(&b->d[i]);
	}
	return rc;
}

/* The end of a chart of days: its time axis, first and last dates. */
static int
days_end(struct buf *out, double left, double bottom, const char *first_day,
    const char *last_day)
{
	int	 rc = 0;

	rc |= buf_printf(out, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%d\" "
	    "y2=\"%.0f\" class=\"axis\"/>", left, bottom, W, bottom);
	rc |= date_tick(out, left, bottom + 28, "start", first_day, 0);
	rc |= date_tick(out, W, bottom + 28, "end", last_day, 0);
	rc |= buf_puts(out, "</svg>");
	return rc;
}

/*
 * Wellness item by item: a row of 28 days for each of sleep, stress,
 * fatigue and soreness (items[k], oldest first; 1 best, 7 worst, 0 no
 * answer), a taller bar for a better day, a bad one (6 or 7) in the
 * warning colour, the item's name at the row's left; a cross under a
 * sick or injured day (ill[i]).  No bar of the items added up: each
 * item is read on its own (cox-numbers(7)).
 */
int
chart_items(struct buf *out, const int items[4][28], const int ill[28],
    const char *first_day, const char *last_day)
{
	struct bars	 b = { 0 };
	static const char *const names[4] = { "gen.item_sleep",
	    "gen.item_stress", "gen.item_fatigue", "gen.item_soreness" };
	const double	 row = 34, top = 6, gap = 2, left = 64;
	const double	 bw = (double)(W - left) / 28, bottom = top + 4 * row;
	double		 base, y;
	int		 i, k, rc = 0;

	rc |= buf_printf(out, "<svg class=\"chart items\" viewBox=\"0 0 %d "
	    "%.0f\" role=\"img\"><title>", W, bottom + 34);
	rc |= label_put(out, "gen.items_title");
	rc |= buf_puts(out, "</title>");
	for (k = 0; k < 4; k++) {
		base = top + row * (k + 1) - 4;
		rc |= buf_printf(out, "<text x=\"0\" y=\"%.0f\" "
		    "class=\"tick\">", base - 8);
		rc |= label_put(out, names[k]);
		rc |= buf_printf(out, "</text><line x1=\"%.0f\" y1=\"%.0f\" "
		    "x2=\"%d\" y2=\"%.0f\" class=\"grid\"/>", left, base, W,
		    base);
		for (i = 0; i < 28; i++) {
			if (items[k][i] < 1 || items[k][i] > 7)
				continue;
			/* 7 (worst) a sliver, 1 (best) the row's height */
			y = base - (row - 8) * (double)(8 - items[k][i]) / 7.0;
			rc |= bar_add(&b, left + bw * i, y, bw - gap, base,
			    items[k][i] >= 6);
		}
	}
	for (i = 0; i < 28; i++)
		if (ill[i])
			rc |= buf_printf(out, "<text x=\"%.1f\" y=\"%.0f\" "
			    "class=\"ill\">\xc3\x97</text>", left + bw * i,
			    bottom + 13);
	rc |= bars_put(out, &b);
	rc |= days_end(out, left, bottom, first_day, last_day);
	return rc ? -1 : 0;
}

/*
 * The club's own check-in items, a row of 28 days each (club[k], oldest
 * first; -1 no answer), each on its own scale: a taller bar for an
 * answer nearer the item's best end, a bad one (checkin_bad()) in the
 * warning colour, the item's name (the club's words, escaped here) at
 * the row's left.
 */
int
chart_club(struct buf *out, const struct checkin_items *items,
    const int club[][28], const char *first_day, const char *last_day)
{
	struct bars	 b = { 0 };
	/* a name may be long: it has a line of its own above its bars */
	const double	 row = 46, top = 4, gap = 2, left = 0, bars = 26;
	const double	 bw = (double)(W - left) / 28;
	const double	 bottom = top + row * (double)items->n;
	const struct checkin_item *it;
	double		 base, y, span;
	int		 i, rc = 0;
	size_t		 k;

	rc |= buf_printf(out, "<svg class=\"chart items club\" viewBox=\"0 "
	    "0 %d %.0f\" role=\"img\"><title>", W, bottom + 34);
	rc |= label_put(out, "gen.club_title");
	rc |= buf_puts(out, "</title>");
	for (k = 0; k < items->n; k++) {
		it = &items->v[k];
		span = it->hi - it->lo;
		base = top + row * (double)(k + 1) - 4;
		rc |= buf_printf(out, "<text x=\"0\" y=\"%.0f\" "
		    "class=\"tick\">", base - bars - 4);
		rc |= html_puts(out, it->name);
		rc |= buf_printf(out, "</text><line x1=\"%.0f\" y1=\"%.0f\" "
		    "x2=\"%d\" y2=\"%.0f\" class=\"grid\"/>", left, base, W,
		    base);
		for (i = 0; i < 28; i++) {
			if (club[k][i] < it->lo || club[k][i] > it->hi)
				continue;
			/* the worst answer a sliver, the best the row */
			y = base - bars * (1 + span - checkin_badness(it,
			    club[k][i])) / (span + 1);
			rc |= bar_add(&b, left + bw * i, y, bw - gap, base,
			    checkin_bad(it, club[k][i]));
		}
	}
	rc |= bars_put(out, &b);
	rc |= days_end(out, left, bottom, first_day, last_day);
	return rc ? -1 : 0;
}

/* The height on the load chart's scale of load v. */
static double
load_y(double v, long max, double top, double bottom)
{
	return bottom - (bottom - top) * v / (double)max;
}

/*
 * The usual day as a line over the load's bars, a point at the middle
 * of each day from the first it is known on (usual[i] LOAD_UNKNOWN
 * before; once known it stays known), on the bars' scale; a day whose
 * bar starts at left + bw x i.  Known on the last day only, the line
 * spans that day.  A description beside the bars, in the ink of the
 * axis: no colour that would score the days.
 */
static int
usual_line(struct buf *out, const double usual[28], long max, double left,
    double bw, double top, double bottom)
{
	int	 i, f, rc = 0;

	for (f = 0; f < 28 && usual[f] < 0; f++)
		continue;
	if (f == 28)
		return 0;
	rc |= buf_puts(out, "<polyline class=\"usual\" points=\"");
	if (f == 27)
		rc |= num(out, "", left + bw * f) | num(out, ",",
		    load_y(usual[f], max, top, bottom)) | buf_puts(out, " ");
	for (i = f; i < 28; i++)
		rc |= num(out, i > f ? " " : "", left + bw * i + bw / 2) |
		    num(out, ",", load_y(usual[i], max, top, bottom));
	if (f == 27)
		rc |= num(out, " ", left + bw * 28) | num(out, ",",
		    load_y(usual[f], max, top, bottom));
	return rc | buf_puts(out, "\"/>");
}

/*
 * Training load: one bar per day of the last 28 (daily[0] the oldest),
 * height in proportion to the highest day's (or usual day's), which the
 * axis names; no bar for a rest day; a faint line between the weeks;
 * the athlete's usual day (usual[], LOAD_UNKNOWN where not known yet)
 * as a line across them.
 */
int
chart_load(struct buf *out, const long daily[28], const double usual[28],
    const char *first_day, const char *last_day)
{
	struct bars	 b = { 0 };
	const double	 h = 130, bottom = 96, top = 14, gap = 2, left = 40;
	const double	 bw = (double)(W - left) / 28;
	double		 y;
	long		 max = 1;
	char		 most[RENDER_GROUPED_MAX];
	int		 i, rc = 0;

	for (i = 0; i < 28; i++) {
		if (daily[i] > max)
			max = daily[i];
		if (usual[i] > (double)max)
			max = (long)ceil(usual[i]);
	}
	rc |= buf_printf(out, "<svg class=\"chart load\" viewBox=\"0 0 %d "
	    "%.0f\" role=\"img\"><title>", W, h);
	rc |= label_put(out, "gen.load_title");
	rc |= buf_printf(out, "</title><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">%s</text><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">0</text>", top + 8, render_grouped(max, most),
	    bottom);
	for (i = 0; i < 28; i++) {
		if (i > 0 && i % 7 == 0)
			rc |= buf_printf(out, "<line x1=\"%.1f\" y1=\"%.0f\" "
			    "x2=\"%.1f\" y2=\"%.0f\" class=\"grid\"/>",
			    left + bw * i - gap / 2, top, left + bw * i -
			    gap / 2, bottom);
		if (daily[i] <= 0)
			continue;
		y = load_y((double)daily[i], max, top, bottom);
		rc |= bar_add(&b, left + bw * i, y, bw - gap, bottom, 0);
	}
	rc |= bars_put(out, &b);
	/* a bar's middle is half a gap left of its day's */
	rc |= usual_line(out, usual, max, left - gap / 2, bw, top, bottom);
	rc |= days_end(out, left, bottom, first_day, last_day);
	return rc ? -1 : 0;
}

/*
 * Intended against felt effort: one row per planned session of ps,
 * its rows [first, end) (the caller keeps them to CHART_PLAN_ROWS and
 * to days begun), labelled with its
 * day and slot, on the CR-10 (0-10): the plan's RPE a filled dot, the
 * felt one (an athlete's own, or the mean of a squad's answers) a ring,
 * a line between them.  A value the blind rule withholds is not there
 * to draw; the table beside the chart says so in words.
 */
int
chart_plan(struct buf *out, const struct plan_set *ps, size_t first,
    size_t end)
{
	const double	 left = 74, right = W - 14, row = 24;
	const struct plan_row *v;
	char		 label[WORDS_DAY_MAX];
	double		 y, xi = 0, xf = 0;
	size_t		 i, n = end - first;
	int		 rc = 0;

	rc |= buf_printf(out, "<svg class=\"chart plan\" viewBox=\"0 0 %d "
	    "%.0f\" role=\"img\"><title>", W, row * (double)n + 24);
	rc |= label_put(out, "gen.plan_title");
	rc |= buf_puts(out, "</title>");
	for (i = 0; i < n; i++) {
		v = &ps->v[first + i];
		y = row * (double)i + 16;
		words_day(v->day, label);
		rc |= num(out, "<text x=\"0\" y=\"", y + 4);
		rc |= buf_puts(out, "\" class=\"label\">");
		rc |= html_puts(out, label);
		rc |= buf_puts(out, *v->slot ? " " : "");
		rc |= html_puts(out, words_slot(v->slot));
		rc |= buf_printf(out, "</text><line x1=\"%d", (int)left);
		rc |= num(out, "\" y1=\"", y);
		rc |= buf_printf(out, "\" x2=\"%d", (int)right);
		rc |= num(out, "\" y2=\"", y);
		rc |= buf_puts(out, "\" class=\"axis\"/>");
		if (v->intended >= 0)
			xi = left + (right - left) * v->intended / RPE_MAX;
		if (v->answers > 0)
			xf = left + (right - left) * v->felt_sum /
			    ((double)v->answers * RPE_MAX);
		if (v->intended >= 0 && v->answers > 0) {
			rc |= num(out, "<line x1=\"", xi);
			rc |= num(out, "\" y1=\"", y);
			rc |= num(out, "\" x2=\"", xf);
			rc |= num(out, "\" y2=\"", y);
			rc |= buf_puts(out, "\" class=\"gap\"/>");
		}
		if (v->answers > 0) {
			rc |= num(out, "<circle cx=\"", xf);
			rc |= num(out, "\" cy=\"", y);
			rc |= buf_puts(out, "\" r=\"7\" class=\"self\"/>");
		}
		if (v->intended >= 0) {
			rc |= num(out, "<circle cx=\"", xi);
			rc |= num(out, "\" cy=\"", y);
			rc |= buf_puts(out, "\" r=\"4.5\" class=\"coach\"/>");
		}
	}
	rc |= buf_printf(out, "<text x=\"%.0f\" y=\"%.0f\" class=\"tick\">0"
	    "</text><text x=\"%.0f\" y=\"%.0f\" class=\"tick\" "
	    "text-anchor=\"end\">%d</text></svg>", left, row * (double)n + 20,
	    right, row * (double)n + 20, RPE_MAX);
	return rc ? -1 : 0;
}
