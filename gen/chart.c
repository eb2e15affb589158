/*
 * chart.c - the SVG charts, written directly: coach vs self per metric,
 * a metric's history, and 28 days of wellness.
 *
 * Charts are readable without colour (coach is a filled circle, self a
 * hollow one, and every value is also in the text around the chart),
 * scale to the width of a phone (viewBox, no fixed size) and carry a
 * <title> for screen readers.  Presentation attributes only: the pages'
 * Content-Security-Policy allows no inline styles.
 */
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
	    "<title id=\"pairs-title\">Coach and self ratings per metric"
	    "</title>", W, row * (double)n + 24);
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
		xc = xscale(p[i].coach, p[i].min, p[i].max, left, right);
		xs = xscale(p[i].self, p[i].min, p[i].max, left, right);
		if (p[i].coach > 0 && p[i].self > 0) {
			rc |= num(out, "<line x1=\"", xc);
			rc |= num(out, "\" y1=\"", y);
			rc |= num(out, "\" x2=\"", xs);
			rc |= num(out, "\" y2=\"", y);
			rc |= buf_puts(out, "\" class=\"gap\"/>");
		}
		/* the hollow ring first, the smaller dot on top: both stay
		 * visible when the two scores are the same */
		if (p[i].self > 0) {
			rc |= num(out, "<circle cx=\"", xs);
			rc |= num(out, "\" cy=\"", y);
			rc |= buf_puts(out, "\" r=\"7\" class=\"self\"/>");
		}
		if (p[i].coach > 0) {
			rc |= num(out, "<circle cx=\"", xc);
			rc |= num(out, "\" cy=\"", y);
			rc |= buf_puts(out, "\" r=\"4.5\" class=\"coach\"/>");
		}
	}
	rc |= buf_printf(out, "<text x=\"%.0f\" y=\"%.0f\" class=\"tick\">"
	    "low</text><text x=\"%.0f\" y=\"%.0f\" class=\"tick\" "
	    "text-anchor=\"end\">high</text></svg>", left,
	    row * (double)n + 20, right, row * (double)n + 20);
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
 * One metric over time: coach as a solid line, self dashed.  Every
 * round gets a dot in a short history; in a long one only the latest
 * of each side does, so a season of weekly ratings stays small.
 * Coordinates are written once each and copied after.
 */
int
chart_history(struct buf *out, const struct chart_point *pt, size_t n,
    long min, long max, const char *title)
{
	const double	 h = 90, left = 20, right = W - 8;
	const char	*cls[2] = { "coach", "self" };
	struct yscale	 ys = { min, max, 8, h - 14, { { "", 0 } } };
	struct coord	*xs, spare[2];
	const struct coord *ylast;
	double		 step;
	size_t		 i;
	long		 v;
	int		 rc = 0, src, last;

	if (n == 0 || (xs = calloc(n, sizeof(*xs))) == NULL)
		return -1;
	step = n > 1 ? (right - left) / (double)(n - 1) : 0;
	for (i = 0; i < n; i++)
		coord_set(&xs[i], left + step * (double)i);
	for (v = min; v <= max && v - min < 101; v++)
		coord_set(&ys.at[v - min], ys.bottom - (ys.bottom - ys.top) *
		    (double)(v - min) / (double)(max > min ? max - min : 1));
	rc |= buf_printf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %.0f\" "
	    "role=\"img\"><title>", W, h);
	rc |= html_puts(out, title);
	rc |= buf_printf(out, "</title><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">%ld</text><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">%ld</text>", ys.top + 8, max, ys.bottom, min);
	for (src = 0; src < 2; src++) {
		int	 started = 0;

		last = -1;
		ylast = NULL;
		for (i = 0; i < n; i++) {
			if ((v = src == 0 ? pt[i].coach : pt[i].self) <= 0)
				continue;
			ylast = yscale_at(&ys, v, &spare[0]);
			rc |= coord_put(out, started ? " " : src == 0 ?
			    "<polyline class=\"coach-line\" points=\"" :
			    "<polyline class=\"self-line\" points=\"", &xs[i]);
			rc |= coord_put(out, ",", ylast);
			started = 1;
			last = (int)i;
		}
		if (started)
			rc |= buf_puts(out, "\"/>");
		for (i = 0; n <= 12 && i < n; i++) {
			if ((v = src == 0 ? pt[i].coach : pt[i].self) <= 0 ||
			    (int)i == last)
				continue;
			rc |= coord_put(out, "<circle cx=\"", &xs[i]);
			rc |= coord_put(out, "\" cy=\"", yscale_at(&ys, v,
			    &spare[1]));
			rc |= buf_printf(out, "\" r=\"3.5\" class=\"%s\"/>",
			    cls[src]);
		}
		if (last >= 0) {
			rc |= coord_put(out, "<circle cx=\"", &xs[last]);
			rc |= coord_put(out, "\" cy=\"", ylast);
			rc |= buf_printf(out, "\" r=\"3.5\" class=\"%s\"/>",
			    cls[src]);
		}
	}
	rc |= buf_puts(out, "</svg>");
	free(xs);
	return rc ? -1 : 0;
}

/*
 * Wellness: one bar per day for the Hooper index (4-28, lower is
 * better), a gap for a missed day, a cross for a sick or injured day.
 */
int
chart_wellness(struct buf *out, const int hooper[28], const int ill[28])
{
	const double	 h = 100, bottom = 84, top = 6, gap = 2;
	const double	 bw = (double)(W - 24) / 28;
	double		 x, y;
	int		 i, rc = 0;

	rc |= buf_printf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %.0f\" "
	    "role=\"img\"><title>Wellness, last 28 days: taller bars are "
	    "worse days; gaps are days without a check-in</title>"
	    "<text x=\"0\" y=\"%.0f\" class=\"tick\">28</text>"
	    "<text x=\"0\" y=\"%.0f\" class=\"tick\">4</text>", W, h,
	    top + 8, bottom);
	for (i = 0; i < 28; i++) {
		x = 24 + bw * i;
		if (hooper[i] > 0) {
			y = bottom - (bottom - top) * (double)(hooper[i] - 3) /
			    25.0;
			rc |= num(out, "<rect x=\"", x);
			rc |= num(out, "\" y=\"", y);
			rc |= num(out, "\" width=\"", bw - gap);
			rc |= num(out, "\" height=\"", bottom - y);
			rc |= buf_puts(out, hooper[i] >= 20 ?
			    "\" class=\"bar-high\"/>" : "\" class=\"bar\"/>");
		}
		if (ill[i])
			rc |= buf_printf(out, "<text x=\"%.1f\" y=\"%.0f\" "
			    "class=\"ill\">\xc3\x97</text>", x, bottom + 12);
	}
	rc |= buf_printf(out, "<line x1=\"24\" y1=\"%.0f\" x2=\"%d\" "
	    "y2=\"%.0f\" class=\"axis\"/></svg>", bottom, W, bottom);
	return rc ? -1 : 0;
}
