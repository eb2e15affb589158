/*
 * render_season.c - the season on an athlete's page, for the
 * end-of-season talk: per metric the first and the latest pair of the
 * season, and month by month the check-ins, their mean wellness, the
 * sessions and their load.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/*
 * One pair of the season table: its day (with its year: a season spans
 * two), both scores and the gap.
 */
static json_t *
season_pair(const struct metric *m, const struct rating *c,
    const struct rating *self)
{
	char	 date[WORDS_DATE_MAX];
	int	 g = self->score - c->score;

	return json_pack("{s:s, s:s, s:o, s:o, s:o}", "date",
	    words_date(c->rated_on, date), "day", c->rated_on, "coach",
	    render_value(m, c->score), "self", render_value(m, self->score),
	    "gap", g ? render_gap(m, g) : json_string("0"));
}

/*
 * The season in one section, for the end-of-season talk: since the
 * first day of the month GAP_MONTHS - 1 back, per metric the first and
 * the latest pair (the gap then and now; pairs only, which the blind
 * rule lets the athlete see), and month by month the check-ins, their
 * mean wellness, the sessions and their load.  Also the period every
 * printed sheet names.
 */
int
render_season_athlete(const struct render_ctx *r, const struct person *p,
    const struct athlete_data *d, json_t *ctx)
{
	const struct rating_set	*rs = &d->rs;
	struct season_month	 months[GAP_MONTHS];
	json_t			*rows = json_array(), *mrows;
	char			 since[11], v[FIXED1_MAX + 1], day[11], g[16];
	char			 n[RENDER_GROUPED_MAX], month[WORDS_DATE_MAX];
	size_t			 i, k, nm;
	const struct rating	*first, *last;

	render_season(r, since, ctx);
	for (k = 0; k < r->nmetrics; k++) {
		first = last = NULL;
		for (i = 1; i < rs->n; i++) {
			const struct rating *c = &rs->v[i - 1], *x = &rs->v[i];

			if (x->metric_id != r->metrics[k].id ||
			    x->source != SOURCE_SELF || !x->paired ||
			    c->source != SOURCE_COACH ||
			    c->metric_id != x->metric_id ||
			    strcmp(c->rated_on, since) < 0)
				continue;
			if (first == NULL)
				first = c;
			last = c;
		}
		if (first == NULL)
			continue;
		json_array_append_new(rows, json_pack("{s:s, s:o, s:o}", "name",
		    r->metrics[k].name, "first", season_pair(&r->metrics[k],
		    first, first + 1), "last", season_pair(&r->metrics[k],
		    last, last + 1)));
	}
	if (season_months(r->db, p->id, since, months, GAP_MONTHS, &nm) ==
	    -1) {
		json_decref(rows);
		return -1;
	}
	mrows = json_array();
	for (i = 0; i < nm; i++) {
		/*
		 * Every key the row reads is set, null when empty: a
		 * missing one would be looked up in the page's context,
		 * whose "load" and "wellness" are its charts.
		 */
		json_t *m = json_pack("{s:s, s:i, s:i, s:n, s:n}", "month",
		    words_date(months[i].month, month), "checkins",
		    months[i].checkins, "sessions", months[i].sessions,
		    "load", "g");
		json_t *means = json_array();

		/* a month that is over: a row of its history's piece */
		snprintf(day, sizeof(day), "%.7s-01", months[i].month);
		if (pieces_history(g, day, r->day[27]) == 0)
			json_object_set_new(m, "g", json_string(g));
		/* each item's mean on its own, "–" in a month without */
		for (k = 0; k < 4; k++) {
			if (months[i].checkins > 0)
				render_fixed1(v, months[i].items[k]);
			json_array_append_new(means, json_string(
			    months[i].checkins > 0 ? v : "\xe2\x80\x93"));
		}
		json_object_set_new(m, "items", means);
		if (months[i].sessions > 0)
			json_object_set_new(m, "load", json_string(
			    render_grouped(months[i].load, n)));
		json_array_append_new(mrows, m);
	}
	json_object_set_new(ctx, "has_season_metrics",
	    json_boolean(json_array_size(rows) > 0));
	json_object_set_new(ctx, "has_season_months", json_boolean(nm > 0));
	json_object_set_new(ctx, "has_season", json_boolean(nm > 0 ||
	    json_array_size(rows) > 0));
	json_object_set_new(ctx, "season_metrics", rows);
	json_object_set_new(ctx, "season_months", mrows);
	return 0;
}
