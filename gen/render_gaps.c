/*
 * render_gaps.c - the season's coach-and-self gaps on a part of the
 * dashboard: per metric and month how far apart the two scores of a
 * pair were, from the "gaps" fragments its members left (render_row.c),
 * and whether that is closing, in words.  Its section: part_gaps.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * A line of the "gaps" fragments, "METRIC YYYY-MM GAP" (render_row.c),
 * read: 0, or -1 when it is not one.  The team's part reads a line per
 * athlete, metric and month: no sscanf.
 */
static int
gap_line(const char *ln, long long *metric, char month[8], int *gap)
{
	char	*end;
	long	 g;

	errno = 0;
	*metric = strtoll(ln, &end, 10);
	if (end == ln || *end != ' ' || errno != 0 || strlen(end + 1) < 9 ||
	    end[8] != ' ')
		return -1;
	memcpy(month, end + 1, 7);
	month[7] = '\0';
	ln = end + 9;
	g = strtol(ln, &end, 10);
	if (end == ln || *end != '\0' || errno != 0 || g < INT_MIN ||
	    g > INT_MAX)
		return -1;
	*gap = (int)g;
	return 0;
}

/*
 * How a metric's gap moved between the first and the last month with
 * GAP_TREND_PAIRS pairs or more: a sentence into the list, or none.
 */
#define GAP_TREND_PAIRS	3
static void
gap_trend(const char *metric, char months[GAP_MONTHS][8],
    const double sum[GAP_MONTHS], const int n[GAP_MONTHS], json_t *list)
{
	struct buf line = { 0 };
	char	 a[FIXED1_MAX + 1], b[FIXED1_MAX + 1];
	char	 from[WORDS_DATE_MAX], to[WORDS_DATE_MAX];
	double	 first, last;
	int	 i, f = -1, l = -1;
	const char *how;

	for (i = 0; i < GAP_MONTHS; i++)
		if (n[i] >= GAP_TREND_PAIRS) {
			if (f == -1)
				f = i;
			l = i;
		}
	if (f == -1 || f == l)
		return;
	first = sum[f] / n[f];
	last = sum[l] / n[l];
	render_fixed1(a, first);
	render_fixed1(b, last);
	/* a tenth of a point either way is noise in whole-point scores */
	how = last < first - 0.25 ? "gen.gap_closer" : last > first + 0.25 ?
	    "gen.gap_wider" : "gen.gap_same";
	if (words_printf(&line, NULL, how, metric, a, words_date(months[f],
	    from), n[f], b, words_date(months[l], to), n[l]) == 0)
		json_array_append_new(list, json_stringn(line.data, line.len));
	buf_free(&line);
}

/*
 * The squad's coach-and-self gaps over the last GAP_MONTHS months, from
 * the "gaps" fragments (render_row.c): per metric and month of the
 * coach's round, how far apart the two scores of a pair were on average
 * (the absolute gap), and for each metric whether that is closing, in
 * words.  JSON null when the squad has no pair in the season, NULL on
 * error.
 */
static json_t *
gaps(const struct render_ctx *r, const struct part *p)
{
	json_t		*frag = part_fragments(p, "gaps"), *out, *rows,
			*cols, *trends, *cells;
	char		 months[GAP_MONTHS][8], month[8], v[FIXED1_MAX + 1];
	double		(*sum)[GAP_MONTHS];
	int		(*n)[GAP_MONTHS], any = 0, shown[GAP_MONTHS] = { 0 };
	const char	*at, *end;
	char		 ln[64], date[WORDS_DATE_MAX];
	long long	 metric;
	size_t		 i;
	int		 m, gap;

	if (frag == NULL)
		return NULL;
	sum = calloc(r->nmetrics + 1, sizeof(*sum));
	n = calloc(r->nmetrics + 1, sizeof(*n));
	if (sum == NULL || n == NULL) {
		free(sum);
		free(n);
		json_decref(frag);
		return NULL;
	}
	for (m = 0; m < GAP_MONTHS; m++)
		render_month_back(r->day[27], GAP_MONTHS - 1 - m, months[m]);
	at = json_string_value(frag);
	end = at + json_string_length(frag);
	while (at < end) {
		at = part_line(at, end, ln, sizeof(ln));
		if (gap_line(ln, &metric, month, &gap) == -1)
			continue;
		for (i = 0; i < r->nmetrics && r->metrics[i].id != metric; i++)
			continue;
		for (m = 0; m < GAP_MONTHS && strcmp(months[m], month); m++)
			continue;
		if (i == r->nmetrics || m == GAP_MONTHS)
			continue;	/* a metric removed, a month gone by */
		/* a time's and a number's gaps in seconds or units */
		sum[i][m] += abs(gap) / (r->metrics[i].kind == METRIC_SCALE ?
		    1.0 : 10.0);
		n[i][m]++;
		shown[m] = any = 1;
	}
	json_decref(frag);
	if (!any) {
		free(sum);
		free(n);
		return json_null();
	}
	cols = json_array();
	for (m = 0; m < GAP_MONTHS; m++)
		if (shown[m])
			json_array_append_new(cols, json_string(
			    words_date(months[m], date)));
	rows = json_array();
	trends = json_array();
	for (i = 0; i < r->nmetrics; i++) {
		cells = json_array();
		for (m = 0; m < GAP_MONTHS; m++) {
			if (!shown[m])
				continue;
			if (n[i][m] == 0) {
				json_array_append_new(cells, json_pack("{s:n}",
				    "v"));
				continue;
			}
			render_fixed1(v, sum[i][m] / n[i][m]);
			json_array_append_new(cells, json_pack("{s:s, s:i}",
			    "v", v, "n", n[i][m]));
		}
		json_array_append_new(rows, json_pack("{s:o, s:o}", "name",
		    r->metrics[i].kind == METRIC_SCALE ? json_string(
		    r->metrics[i].name) : json_sprintf("%s (%s)",
		    r->metrics[i].name, r->metrics[i].kind == METRIC_TIME ?
		    "s" : r->metrics[i].unit), "cells", cells));
		gap_trend(r->metrics[i].name, months, sum[i], n[i], trends);
	}
	free(sum);
	free(n);
	out = json_pack("{s:o, s:o}", "months", cols, "rows", rows);
	if (out != NULL && json_array_size(trends) > 0) {
		json_object_set(out, "trends", trends);
		json_object_set_new(out, "has_trends", json_true());
	}
	json_decref(trends);
	return out;
}

/* The part's gaps: gaps(), JSON null when it has none. */
static int
gaps_render(const struct part *p, json_t *ctx)
{
	return part_set(ctx, "gaps", gaps(p->r, p));
}

static const struct part_section part_gaps = { "gaps", PART_SQUAD | PART_TEAM,
    NULL, gaps_render };
PART_SECTION(part_gaps, 1200);
