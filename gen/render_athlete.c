/*
 * render_athlete.c - the plaintext of an athlete's page, before
 * encryption: each metric's scores (coach and self, as the blind rule
 * lets the athlete see them), the comments, the charts, how to answer
 * by text, the wellness of the last 28 days and, for an athlete who
 * texts their sessions, their training load.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/* Widest gap first, as a share of each metric's range (points, tenths). */
static int
gap_cmp(const void *a, const void *b)
{
	const struct chart_pair *x = a, *y = b;
	double	 gx = x->coach != CHART_NONE && x->self != CHART_NONE ?
		    (double)abs(x->coach - x->self) /
		    (double)(x->max > x->min ? x->max - x->min : 1) : -1;
	double	 gy = y->coach != CHART_NONE && y->self != CHART_NONE ?
		    (double)abs(y->coach - y->self) /
		    (double)(y->max > y->min ? y->max - y->min : 1) : -1;

	return (gy > gx) - (gy < gx);
}

/*
 * How to answer every pending metric by text, in the team's metric
 * order (the prompt's): the order with scales, an example of scores
 * alone, and an sms: link to the team's number with the reply started,
 * each metric and scale on a line of its own ("erg 1-10: "), for the
 * score to be typed after.  Sets them in ctx; nothing when none waits.
 */
static int
reply_all(const struct render_ctx *r, const struct metric_view *mv,
    json_t *ctx)
{
	struct buf	 order = { 0 }, example = { 0 }, body = { 0 };
	struct buf	 href = { 0 };
	const char	*num = r->sms_number;
	struct metric	 bare;
	char		 form[METRIC_VALUE_MAX * 2], mid[METRIC_VALUE_MAX];
	size_t		 i;
	int		 rc = -1;

	for (i = 0; i < r->nmetrics; i++) {
		if (!mv[i].pending)
			continue;
		if (order.len > 0)
			buf_puts(&order, words_get(NULL, "gen.list_sep"));
		metric_form(mv[i].m, form, sizeof(form));
		bare = *mv[i].m;
		bare.unit[0] = '\0';
		metric_value_write(&bare, metric_middle(mv[i].m),
		    words_decimal(), mid, sizeof(mid));
		buf_printf(&order, "%s %s", mv[i].m->slug, form);
		buf_printf(&example, "%s%s", example.len ? " " : "", mid);
		buf_printf(&body, "%s %s: \n", mv[i].m->slug, form);
	}
	if (order.len == 0) {
		rc = 0;
		goto out;
	}
	/* iOS and Android both read "sms:NUMBER?&body=" */
	if (num != NULL && num[0] == '+' && strlen(num) < 20 &&
	    strspn(num + 1, "0123456789") == strlen(num) - 1) {
		buf_printf(&href, "sms:%s?&body=", num);
		url_encode(body.data, &href);
	}
	if (buf_failed(&order) || buf_failed(&example) || buf_failed(&body) ||
	    buf_failed(&href))
		goto out;
	json_object_set_new(ctx, "reply_order", render_json_buf(&order));
	json_object_set_new(ctx, "reply_example", render_json_buf(&example));
	if (href.len > 0)
		json_object_set_new(ctx, "sms_href", render_json_buf(&href));
	rc = 0;
out:
	buf_free(&order);
	buf_free(&example);
	buf_free(&body);
	buf_free(&href);
	return rc;
}

/*
 * The difference in words: "You rate yourself lower than your coach on
 * 3 of 5, higher on 1, the same on 1."  Counts only metrics both have
 * rated (the blind rule has shown the athlete both).
 */
static json_t *
gap_summary(const struct chart_pair *pairs, size_t np)
{
	struct buf	 b = { 0 };
	size_t		 i, n = 0, lower = 0, higher = 0, same = 0;
	json_t		*o;

	for (i = 0; i < np; i++) {
		if (pairs[i].coach == CHART_NONE || pairs[i].self == CHART_NONE)
			continue;
		n++;
		lower += pairs[i].self < pairs[i].coach;
		higher += pairs[i].self > pairs[i].coach;
		same += pairs[i].self == pairs[i].coach;
	}
	if (n == 0)
		return json_null();
	if (n == 1) {
		for (i = 0; pairs[i].coach == CHART_NONE ||
		    pairs[i].self == CHART_NONE; i++)
			;
		words_printf(&b, NULL, same ? "gen.gap_agree_on" : lower ?
		    "gen.gap_lower_on" : "gen.gap_higher_on", pairs[i].name);
	} else if (same == n)
		words_printf(&b, NULL, "gen.gap_agree_all", n);
	else {
		if (lower >= higher)
			words_printf(&b, NULL, "gen.gap_lower_of", lower,
			    n);
		else
			words_printf(&b, NULL, "gen.gap_higher_of", higher,
			    n);
		if (lower >= higher && higher > 0)
			words_printf(&b, NULL, "gen.gap_also_higher", higher);
		if (higher > lower && lower > 0)
			words_printf(&b, NULL, "gen.gap_also_lower", lower);
		if (same > 0)
			words_printf(&b, NULL, "gen.gap_also_same", same);
		words_printf(&b, NULL, "gen.gap_end");
	}
	o = buf_failed(&b) ? json_null() : render_json_buf(&b);
	buf_free(&b);
	return o;
}

/*
 * Renders the plaintext of an athlete's page into out, ending with who
 * opens it (rd, from the keys it is sealed to; NULL: not said).
 */
int
render_athlete(const struct render_ctx *r, const struct person *p,
    struct athlete_data *d, const struct readers *rd, const char *root,
    struct buf *out)
{
	const struct rating_set	*rsp = &d->rs;
	struct metric_view	*mv = NULL;
	struct chart_pair	*pairs = NULL;
	struct buf		 svg = { 0 }, text = { 0 };
	json_t			*ctx = NULL, *metrics, *pending, *o;
	int			 rc = -1;
	size_t			 i, np = 0;

	if ((mv = calloc(r->nmetrics + 1, sizeof(*mv))) == NULL ||
	    (pairs = calloc(r->nmetrics + 1, sizeof(*pairs))) == NULL)
		goto out;
	render_metric_views(r, rsp, ROLE_ATHLETE, mv);
	metrics = json_array();
	pending = json_array();
	for (i = 0; i < r->nmetrics; i++) {
		if ((o = render_athlete_metric(r, rsp, &mv[i], d)) != NULL) {
			json_object_set_new(o, "erg", render_erg(r, d, mv, i,
			    ROLE_ATHLETE));
			json_object_set_new(o, "erg_rows",
			    render_erg_rows(d, mv[i].m));
		}
		json_array_append_new(metrics, o);
		if (mv[i].pending)
			json_array_append_new(pending, json_pack("{s:s, s:s}",
			    "name", mv[i].m->name, "slug", mv[i].m->slug));
		if (mv[i].coach || mv[i].self) {
			pairs[np].name = mv[i].m->name;
			pairs[np].min = mv[i].m->scale_min;
			pairs[np].max = mv[i].m->scale_max;
			pairs[np].coach = mv[i].coach ? mv[i].coach->score :
			    CHART_NONE;
			pairs[np].self = mv[i].self ? mv[i].self->score :
			    CHART_NONE;
			/* a time: the faster is the better, drawn right */
			if (metric_lower_better(mv[i].m)) {
				long sum = pairs[np].min + pairs[np].max;

				if (pairs[np].coach != CHART_NONE)
					pairs[np].coach = (int)(sum -
					    pairs[np].coach);
				if (pairs[np].self != CHART_NONE)
					pairs[np].self = (int)(sum -
					    pairs[np].self);
			}
			np++;
		}
	}
	qsort(pairs, np, sizeof(*pairs), gap_cmp);
	ctx = json_pack("{s:s, s:s, s:s, s:o, s:o, s:s?}", "team", r->team,
	    "name", p->name, "root", root, "metrics", metrics, "pending",
	    pending, "sms_number", r->sms_number);
	if (ctx == NULL || reply_all(r, mv, ctx) == -1)
		goto out;
	if (np > 0)
		json_object_set_new(ctx, "gap_summary", gap_summary(pairs,
		    np));
	if (d->guessed > 0 && words_printf(&text, NULL, "gen.guess_summary",
	    d->close, d->guessed) == 0)
		json_object_set_new(ctx, "guess_summary",
		    render_json_buf(&text));
	buf_free(&text);
	json_object_set_new(ctx, "pending_count",
	    json_integer((json_int_t)json_array_size(pending)));
	json_object_set_new(ctx, "pending_names", render_pending_names(r, mv));
	if (np > 0 && chart_pairs(&svg, pairs, np) == 0)
		json_object_set_new(ctx, "pairs", render_json_buf(&svg));
	if (render_wellness(r, d, ctx) == -1)
		goto out;
	if (render_training(d, ctx) == -1 ||
	    render_plan_athlete(r, p, ctx) == -1 ||
	    render_season_athlete(r, p, d, ctx) == -1 ||
	    render_health_athlete(r, p->id, ctx) == -1 ||
	    render_readers(rd, ctx) == -1)
		goto out;
	json_object_set_new(ctx, "updated", json_string(r->updated));
	/* who opens it and is not its athlete is told "you" is them */
	json_object_set_new(ctx, "own_keys", json_string(rd != NULL &&
	    rd->own.len > 0 ? rd->own.data : ""));
	rc = tmpl_render(r->tmpl, "athlete.html", ctx, out);
out:
	json_decref(ctx);
	free(mv);
	free(pairs);
	buf_free(&svg);
	buf_free(&text);
	return rc;
}
