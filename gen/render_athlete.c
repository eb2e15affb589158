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

#define MAX_COMMENTS	10	/* coach comments per metric on a page */

static json_t *
json_markdown(const char *md)
{
	struct buf	 b = { 0 };

	if (markdown_html(&b, md) == -1)
		return NULL;
	return render_json_buf(&b);
}

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

/* The guess of coach rating id, or NULL. */
static const struct guess *
guess_of(const struct athlete_data *d, int64_t id)
{
	size_t	 lo = 0, hi = d->nguesses, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (d->guesses[mid].rating == id)
			return &d->guesses[mid];
		if (d->guesses[mid].rating < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* What a row of a metric's history table shows besides its point. */
struct hist_row {
	const struct rating	*coach;	/* with its note, if any */
	const struct rating	*self;
	const struct guess	*guess;
	const char		*note;	/* the coach's note made HTML, if shown */
};

/* The score of x into out (none: nothing), as a template writes it. */
static int
row_value(struct buf *out, const struct metric *m, const struct rating *x)
{
	return x == NULL ? 0 : render_value_html(out, m, x->score);
}

/*
 * The rows of a metric's history table, oldest first, into out: a row
 * per point of pts (hr[i] what else row i shows), the guess column
 * when guessed.  The rows of a period that is over are marked as a
 * piece of the page (pieces_history(): "h2025", "h2026q2", "h202610",
 * every metric's rows and lines of that period), sealed apart from it
 * (pieces.c): such a period seldom changes, so a new score does not
 * write it again.  Made here rather than by the template: a season's
 * page has a row per round of every metric.
 */
static int
history_rows(struct buf *out, const struct metric *m,
    const struct chart_point *pts, const struct hist_row *hr, size_t n,
    int guessed, const char *today)
{
	char	 name[16], next[16], label[16];
	size_t	 i;
	int	 in = 0, rc = 0, closed, more;

	closed = n > 0 && pieces_history(name, pts[0].day, today) == 0;
	for (i = 0; i < n; i++) {
		if (closed && !in) {
			rc |= buf_puts(out, "<!--cox:g ");
			rc |= html_escape(out, name, strlen(name));
			rc |= buf_puts(out, " t");
			rc |= html_escape(out, m->slug, strlen(m->slug));
			rc |= buf_puts(out, "-->");
			in = 1;
		}
		words_day(pts[i].day, label);
		rc |= buf_puts(out, "<tr data-day=\"");
		rc |= html_escape(out, pts[i].day, strlen(pts[i].day));
		rc |= buf_puts(out, "\"><th scope=\"row\">");
		rc |= html_escape(out, label, strlen(label));
		rc |= buf_puts(out, "</th><td>");
		rc |= row_value(out, m, hr[i].coach);
		rc |= buf_puts(out, "</td>");
		if (guessed) {
			rc |= buf_puts(out, "<td>");
			if (hr[i].guess != NULL)
				rc |= render_value_html(out, m,
				    hr[i].guess->score);
			rc |= buf_puts(out, "</td>");
		}
		rc |= buf_puts(out, "<td>");
		rc |= row_value(out, m, hr[i].self);
		rc |= buf_puts(out, "</td><td>");
		if (hr[i].note != NULL)
			rc |= buf_puts(out, hr[i].note);
		else if (hr[i].coach != NULL &&
		    hr[i].coach->comment[0] != '\0')
			rc |= markdown_html(out, hr[i].coach->comment);
		rc |= buf_puts(out, "</td></tr>\n");
		more = i + 1 < n && pieces_history(next, pts[i + 1].day,
		    today) == 0;
		if (in && (!more || strcmp(next, name) != 0)) {
			rc |= buf_puts(out, "<!--cox:/g-->");
			in = 0;
		}
		if ((closed = more))
			memcpy(name, next, sizeof(name));
	}
	return rc != 0 || buf_failed(out) ? -1 : 0;
}

/*
 * The history chart of m's n rounds pts: an erg piece's in watts when
 * [erg] chart = watts (higher then better, as a number's), else as m's
 * values are written.
 */
static int
history_chart(const struct render_ctx *r, struct buf *svg,
    const struct chart_point *pts, size_t n, const struct metric *m,
    const char *title)
{
	struct chart_point	*w;
	struct metric		 as = *m;
	size_t			 i;
	int			 rc;

	if (!r->erg_chart_watts || !erg_timed(m))
		return chart_history(svg, pts, n, m, title, r->day[27],
		    m->slug);
	if ((w = calloc(n, sizeof(*w))) == NULL)
		return -1;
	as.kind = METRIC_NUMBER;
	as.erg = ERG_NONE;
	snprintf(as.unit, sizeof(as.unit), "W");
	/* the fastest time is the most watts: the range turns over */
	as.scale_min = lround(erg_watts(m, m->scale_max) * 10);
	as.scale_max = lround(erg_watts(m, m->scale_min) * 10);
	for (i = 0; i < n; i++) {
		w[i] = pts[i];
		if (pts[i].coach != CHART_NONE)
			w[i].coach = (int)lround(erg_watts(m, pts[i].coach) *
			    10);
		if (pts[i].self != CHART_NONE)
			w[i].self = (int)lround(erg_watts(m, pts[i].self) *
			    10);
	}
	rc = chart_history(svg, w, n, &as, title, r->day[27], m->slug);
	free(w);
	return rc;
}

/* One metric's block of the athlete page. */
static json_t *
athlete_metric(const struct render_ctx *r, const struct rating_set *rs,
    const struct metric_view *v, struct athlete_data *d)
{
	struct chart_point	*pts;
	struct hist_row		*hr;
	struct buf		 svg = { 0 }, text = { 0 }, rows = { 0 };
	json_t			*o, *comments;
	const struct guess	*g;
	size_t			 i, n = 0, nc = 0, shown[MAX_COMMENTS];
	int			 guessed = 0;
	char			 range[RENDER_VALUE_MAX * 2 + 2];
	char			 date[WORDS_DATE_MAX];

	/* every key metric blocks read is set, so none is looked up outside */
	o = json_pack("{s:s, s:s, s:o, s:b, s:n, s:n, s:n, s:n, s:n, s:n, "
	    "s:b}", "slug", v->m->slug, "name", v->m->name, "rubric",
	    json_string_nocheck(r->rubric[v->m - r->metrics]), "pending",
	    v->pending, "coach", "self", "latest", "gap", "reply", "history",
	    "guessed", 0);
	if (o == NULL)
		return NULL;
	metric_range_write(v->m, words_decimal(), range, sizeof(range));
	json_object_set_new(o, "scale", json_string(words_grouped(range,
	    sizeof(range))));
	if (v->coach)
		json_object_set_new(o, "coach", render_value(v->m,
		    v->coach->score));
	if (v->self)
		json_object_set_new(o, "self", render_value(v->m,
		    v->self->score));
	if (v->latest)
		json_object_set_new(o, "latest", render_value(v->m,
		    v->latest->score));
	if (v->coach && v->self)
		json_object_set_new(o, "gap", render_gap(v->m,
		    v->self->score - v->coach->score));
	if (v->pending && words_printf(&text, NULL, "gen.reply",
	    v->m->slug) == 0)
		json_object_set_new(o, "reply", render_json_buf(&text));
	buf_free(&text);
	comments = json_array();
	pts = calloc(v->n + 1, sizeof(*pts));
	hr = calloc(v->n + 1, sizeof(*hr));
	if (pts == NULL || hr == NULL) {
		free(pts);
		free(hr);
		json_decref(o);
		json_decref(comments);
		return NULL;
	}
	for (i = 0; i <= v->n; i++)
		pts[i].coach = pts[i].self = CHART_NONE;
	for (i = v->first; i < v->first + v->n; i++) {
		const struct rating *x = &rs->v[i];
		if (!rating_visible(x, ROLE_ATHLETE))
			continue;
		if (x->source == SOURCE_COACH) {
			render_rating_day(x, pts[n].day);
			pts[n].coach = x->score;
			hr[n].coach = x;
			/* shown with the score, never before it */
			if ((g = guess_of(d, x->id)) != NULL) {
				hr[n].guess = g;
				guessed = 1;
				d->guessed++;
				/* within a point, or 2 % of a time or number */
				d->close += v->m->kind == METRIC_SCALE ?
				    abs(g->score - x->score) <= 1 :
				    abs(g->score - x->score) * 50 <= x->score;
			}
			/* the latest few; older ones are in the history */
			if (x->comment[0] != '\0')
				shown[nc++ % MAX_COMMENTS] = n;
			n++;
		} else if (x->paired && n > 0 && hr[n - 1].self == NULL) {
			pts[n - 1].self = x->score;
			hr[n - 1].self = x;
		} else {
			render_rating_day(x, pts[n].day);
			hr[n].self = x;
			pts[n++].self = x->score;
		}
	}
	json_object_set_new(o, "guessed", json_boolean(guessed));
	/* the latest notes, newest first, shown in their rows too */
	for (i = 0; i < nc && i < MAX_COMMENTS; i++) {
		struct hist_row *h = &hr[shown[(nc - 1 - i) % MAX_COMMENTS]];
		json_t		*html = json_markdown(h->coach->comment);

		h->note = json_string_value(html);
		json_array_append_new(comments, json_pack("{s:s, s:o*}",
		    "date", words_date(h->coach->rated_on, date), "html",
		    html));
	}
	json_object_set_new(o, "comments", comments);
	if (n > 1 && words_printf(&text, NULL, r->erg_chart_watts &&
	    erg_timed(v->m) ? "gen.history_watts" : "gen.history_title",
	    v->m->name) == 0 && history_chart(r, &svg, pts, n, v->m,
	    text.data) == 0 && history_rows(&rows, v->m, pts, hr, n, guessed,
	    r->day[27]) == 0) {
		json_object_set_new(o, "history", render_json_buf(&svg));
		json_object_set_new(o, "rows", render_json_buf(&rows));
	}
	free(hr);
	buf_free(&rows);
	free(pts);
	buf_free(&svg);
	buf_free(&text);
	return o;
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
static int
load_section(const struct athlete_data *d, json_t *ctx)
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

/*
 * How planned session v felt, as viewer may see it (the blind rule was
 * applied when it was read): the athlete's own RPE, or on the squad's
 * part (coach) the mean of the answers and how many; or why not yet.
 */
static json_t *
plan_felt(const struct plan_row *v, int coach)
{
	struct buf	 b = { 0 };
	char		 mean[FIXED1_MAX + 1];

	if (v->hidden)
		words_printf(&b, NULL, "gen.plan_after_day");
	else if (v->answers == 0)
		words_printf(&b, NULL, "gen.plan_no_answer");
	else if (!coach)
		buf_printf(&b, "%d", v->felt_sum);
	else {
		render_fixed1(mean, (double)v->felt_sum / v->answers);
		words_printf_n(&b, NULL, "gen.plan_felt", v->answers, mean,
		    v->answers);
	}
	return render_json_buf(&b);
}

/* Every planned session of ps as a row of the table, for viewer. */
static json_t *
plan_rows(const struct plan_set *ps, int coach)
{
	const struct plan_row *v;
	json_t		*rows = json_array();
	char		 label[16];
	size_t		 i;

	for (i = 0; i < ps->n; i++) {
		v = &ps->v[i];
		words_day(v->day, label);
		json_array_append_new(rows, json_pack("{s:s++, s:s, s:s, s:i, "
		    "s:o, s:o, s:s}", "when", label, *v->slot ? " " : "",
		    words_slot(v->slot), "day", v->day, "slot", v->slot,
		    "minutes", v->minutes, "planned", v->intended >= 0 ?
		    json_sprintf("%d", v->intended) : json_string(words_get(NULL,
		    "gen.plan_after_yours")), "felt", plan_felt(v, coach),
		    "what", v->description));
	}
	return rows;
}

/*
 * The words over the weeks: how the answers to easy sessions felt
 * against the plan, and to hard ones (lib/lib.h's PLAN_EASY, PLAN_HARD,
 * PLAN_APART), into ctx's "plan_easy" and "plan_hard" when there are.
 */
static void
plan_words(const struct plan_set *ps, int coach, json_t *ctx)
{
	struct plan_tally t;
	struct buf	 b = { 0 };

	plan_add_up(ps, &t);
	if (t.easy > 0 && words_printf(&b, NULL, coach ? "gen.plan_easy_c" :
	    "gen.plan_easy_a", PLAN_EASY, PLAN_APART, t.easy_harder,
	    t.easy) == 0)
		json_object_set_new(ctx, "plan_easy", render_json_buf(&b));
	if (t.hard > 0 && words_printf(&b, NULL, coach ? "gen.plan_hard_c" :
	    "gen.plan_hard_a", PLAN_HARD, PLAN_APART, t.hard_easier,
	    t.hard) == 0)
		json_object_set_new(ctx, "plan_hard", render_json_buf(&b));
	buf_free(&b);
}

/*
 * The planned-and-felt section of a page, only when ps (read with the
 * blind rule applied for its viewer) has a session: into ctx "plan",
 * the chart of the last CHART_PLAN_ROWS sessions begun by r's today,
 * "plan_rows" every session, and the words over the weeks.  coach: the
 * squad's part, whose felt values are the means of the answers; else
 * the athlete's own page.  Returns 0 or -1.
 */
int
render_plan(const struct render_ctx *r, const struct plan_set *ps, int coach,
    json_t *ctx)
{
	struct buf	 b = { 0 };
	size_t		 end;

	if (ps->n == 0)
		return 0;
	for (end = 0; end < ps->n && strcmp(ps->v[end].day, r->day[27]) <= 0;
	    end++)
		continue;
	if (end > 0 && chart_plan(&b, ps, end > CHART_PLAN_ROWS ?
	    end - CHART_PLAN_ROWS : 0, end) == -1) {
		buf_free(&b);
		return -1;
	}
	json_object_set_new(ctx, "plan", end > 0 ? render_json_buf(&b) :
	    json_string(""));
	json_object_set_new(ctx, "has_plan", json_true());
	json_object_set_new(ctx, "plan_rows", plan_rows(ps, coach));
	plan_words(ps, coach, ctx);
	return 0;
}

/*
 * The athlete's planned sessions of the last 28 days and those to
 * come, as they may see them (lib/load.c hides the plan's RPE of a
 * session they have not answered): render_plan() into ctx.
 */
static int
plan_section(const struct render_ctx *r, const struct person *p, json_t *ctx)
{
	struct plan_set	 ps;
	int		 rc;

	if (plan_read_athlete(r->db, p->id, r->day[0], &ps) == -1)
		return -1;
	rc = render_plan(r, &ps, 0, ctx);
	plan_set_free(&ps);
	return rc;
}

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
static int
season_section(const struct render_ctx *r, const struct person *p,
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
	int			 rc = -1, days = 0;
	size_t			 i, np = 0;

	if ((mv = calloc(r->nmetrics + 1, sizeof(*mv))) == NULL ||
	    (pairs = calloc(r->nmetrics + 1, sizeof(*pairs))) == NULL)
		goto out;
	render_metric_views(r, rsp, ROLE_ATHLETE, mv);
	metrics = json_array();
	pending = json_array();
	for (i = 0; i < r->nmetrics; i++) {
		if ((o = athlete_metric(r, rsp, &mv[i], d)) != NULL) {
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
	if (club_section(r, d, ctx) == -1)
		goto out;
	if (load_section(d, ctx) == -1 || plan_section(r, p, ctx) == -1 ||
	    season_section(r, p, d, ctx) == -1 ||
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
