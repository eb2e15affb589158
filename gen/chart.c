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

/* x,y with one decimal each, as SVG coordinates. */
static int
point(struct buf *out, double x, double y)
{
	return buf_fixed1(out, x) | buf_putc(out, ',') | buf_fixed1(out, y);
}

/*
 * One metric over time: coach as a solid line, self dashed.  Every
 * round gets a dot in a short history; in a long one only the latest
 * of each side does, so a season of weekly ratings stays small.
 */
int
chart_history(struct buf *out, const struct chart_point *pt, size_t n,
    long min, long max, const char *title)
{
	const double	 h = 90, top = 8, bottom = h - 14, left = 20;
	const double	 right = W - 8;
	const char	*cls[2] = { "coach", "self" };
	double		 step, x[2] = { 0, 0 }, y[2] = { 0, 0 };
	size_t		 i;
	int		 rc = 0, src, v, last;

	step = n > 1 ? (right - left) / (double)(n - 1) : 0;
	rc |= buf_printf(out, "<svg class=\"chart\" viewBox=\"0 0 %d %.0f\" "
	    "role=\"img\"><title>", W, h);
	rc |= html_puts(out, title);
	rc |= buf_printf(out, "</title><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">%ld</text><text x=\"0\" y=\"%.0f\" "
	    "class=\"tick\">%ld</text>", top + 8, max, bottom, min);
	for (src = 0; src < 2; src++) {
		int	 started = 0;

		last = -1;
		for (i = 0; i < n; i++) {
			if ((v = src == 0 ? pt[i].coach : pt[i].self) <= 0)
				continue;
			x[src] = left + step * (double)i;
			y[src] = bottom - (bottom - top) * (double)(v - min) /
			    (double)(max > min ? max - min : 1);
			rc |= buf_puts(out, started ? " " : src == 0 ?
			    "<polyline class=\"coach-line\" points=\"" :
			    "<polyline class=\"self-line\" points=\"");
			rc |= point(out, x[src], y[src]);
			started = 1;
			last = (int)i;
		}
		if (started)
			rc |= buf_puts(out, "\"/>");
		for (i = 0; n <= 12 && i < n; i++) {
			if ((v = src == 0 ? pt[i].coach : pt[i].self) <= 0 ||
			    (int)i == last)
				continue;
			rc |= buf_puts(out, "<circle cx=\"");
			rc |= buf_fixed1(out, left + step * (double)i);
			rc |= buf_puts(out, "\" cy=\"");
			rc |= buf_fixed1(out, bottom - (bottom - top) *
			    (double)(v - min) / (double)(max > min ?
			    max - min : 1));
			rc |= buf_printf(out, "\" r=\"3.5\" class=\"%s\"/>",
			    cls[src]);
		}
		if (last >= 0) {
			rc |= buf_puts(out, "<circle cx=\"");
			rc |= buf_fixed1(out, x[src]);
			rc |= buf_puts(out, "\" cy=\"");
			rc |= buf_fixed1(out, y[src]);
			rc |= buf_printf(out, "\" r=\"3.5\" class=\"%s\"/>",
			    cls[src]);
		}
	}
	rc |= buf_puts(out, "</svg>");
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
