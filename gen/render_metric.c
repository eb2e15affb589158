/*
 * render_metric.c - one metric's block of an athlete's page: the
 * scores the blind rule lets the athlete see, the gap, how to answer,
 * the coach's latest notes, and the history as a chart and a table
 * whose finished periods are pieces of their own; with the athlete's
 * guesses of their coach's scores beside them once shown.
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

/*
 * One metric's block of the athlete page, v the athlete's view of it;
 * counts the guesses shown, and those within a point, into d.  A JSON
 * object, or NULL on error.
 */
json_t *
render_athlete_metric(const struct render_ctx *r, const struct rating_set *rs,
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
