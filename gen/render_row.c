/*
 * render_row.c - a person's pieces of the dashboard, rendered with
 * their page and stored as fragments by name (coach_row_parts): their
 * row of the matrix, their roster row, what they have not answered, a
 * wellness flag, their rating rounds and their training load, which the
 * parts of the dashboard (render_part.c) put together; and the sections
 * of a part that are those fragments as they are (part_pending,
 * part_flags, part_rows, part_load, part_roster).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/* no prompts nor reminders while set (a coach's pause @h) */
STMT(STMT_PERSON_PAUSED, "SELECT paused FROM person WHERE id = ?");

#define ROUNDS_MAX	16

const char *const coach_row_parts[ROW__MAX] = { "row", "roster", "pending",
    "flag", "rounds", "load", "heat", "gaps", "trend", "raters" };

void
coach_row_free(struct coach_row *row)
{
	size_t	 i;

	for (i = 0; i < ROW__MAX; i++)
		buf_free(&row->part[i]);
}

/*
 * The athlete's rating rounds of the last ROUND_DAYS, as the dashboard
 * adds them up over a squad: a line "YYYY-MM-DD 0|1" per day on which
 * the coach rated (the email's "date:", else the day it came in), 1
 * when the athlete has answered all of that day's.
 */
static void
rounds_of(const struct render_ctx *r, const struct rating_set *rs,
    struct buf *out)
{
	struct {
		char	 day[11];
		int	 answered;
	}		 v[ROUNDS_MAX];
	char		 day[11], oldest[11];
	size_t		 i, j, n = 0;

	day_before(r->now, ROUND_DAYS, oldest);
	for (i = 0; i < rs->n; i++) {
		if (rs->v[i].source != SOURCE_COACH)
			continue;
		render_rating_day(&rs->v[i], day);
		if (strcmp(day, oldest) < 0)
			continue;
		for (j = 0; j < n && strcmp(v[j].day, day) != 0; j++)
			continue;
		if (j == n) {
			if (n == ROUNDS_MAX)
				continue;
			memcpy(v[n].day, day, sizeof(day));
			v[n++].answered = 1;
		}
		if (!rs->v[i].paired)
			v[j].answered = 0;
	}
	for (j = 0; j < n; j++)
		buf_printf(out, "%s %d\n", v[j].day, v[j].answered);
}

/*
 * Texts: whether a reminder reaches p, and if not why, into ctx's
 * "texts" in words: the roster's reason, else a consent [privacy]
 * requires and is missing, saying whose (theirs, or a minor's
 * guardian's); "unreached" too when nothing does (waiting for them
 * will not help).  The answer, for row_actions().
 */
static enum reach
texts_state(const struct render_ctx *r, const struct person *p, json_t *ctx)
{
	enum reach	 reach = message_reach(p, CHANNEL_SMS);
	int		 whose;

	if (reach == REACH_YES && (whose = person_consent_whose(r->db, p,
	    "reminder", r->now)) != -1)
		reach = (enum reach)whose;
	json_object_set_new(ctx, "texts",
	    json_string(message_reach_words(reach)));
	if (reach != REACH_YES)
		json_object_set_new(ctx, "unreached",
		    json_string(message_reach_words(reach)));
	return reach;
}

/*
 * What a coach can do about p from the dashboard, as links into ctx,
 * only where the command would act: remind an athlete now when a text
 * reaches them (reach) and their prompts are not paused, pause their
 * prompts (or resume them, and "paused" says so), invite an athlete
 * again who has no password yet and has a number or an address.  A
 * coach reads this page already: an invitation to one is not offered.
 * An athlete out injured or ill is asked nothing while the episode
 * lasts (episode_askable()): neither a reminder nor a pause, which
 * would do nothing, is offered beside their flag of it.
 */
static void
row_actions(const struct render_ctx *r, const struct person *p,
    const struct athlete_data *d, enum reach reach, json_t *ctx)
{
	sqlite3_stmt	*st;
	int		 paused = 0, out;

	if (p->role != ROLE_ATHLETE)
		return;
	out = episode_askable(r->db, p->id) == 0;
	if (!d->registered && (message_reach(p, CHANNEL_SMS) == REACH_YES ||
	    message_reach(p, CHANNEL_EMAIL) == REACH_YES))
		json_object_set_new(ctx, "invite_href", render_action(r,
		    "gen.cmd_invite", p->handle, NULL));
	st = db_query(r->db, STMT_PERSON_PAUSED, "i", p->id);
	if (db_row(r->db, st) == OUT_ROW) {
		paused = sqlite3_column_int(st, 0) != 0;
		sqlite3_reset(st);
	}
	json_object_set_new(ctx, "paused", json_boolean(paused));
	if (!paused && !out && reach == REACH_YES)
		json_object_set_new(ctx, "remind_href", render_action(r,
		    "gen.cmd_remind", p->handle, NULL));
	if (paused || !out)
		json_object_set_new(ctx, paused ? "resume_href" :
		    "pause_href", render_action(r, paused ? "gen.cmd_resume" :
		    "gen.cmd_pause", p->handle, NULL));
}

/*
 * An athlete's row of the squad's training load, when they have
 * sessions: this week's load (and whether today's planned sessions
 * wait for the day's end, which the blind rule keeps them till), the
 * change in load units from last week (once the athlete had begun by
 * then) and their usual week (once known): figures side by side, no
 * ratio of them and no mark drawn from one (cox-numbers(7)).
 */
static void
load_row(const struct athlete_data *d, json_t *ctx)
{
	const struct load_summary *w = &d->coach_week;
	char	 n[RENDER_GROUPED_MAX];

	if (d->load.sessions == 0)
		return;
	json_object_set_new(ctx, "has_load", json_true());
	json_object_set_new(ctx, "load_week",
	    json_string(render_grouped(w->week, n)));
	json_object_set_new(ctx, "load_later", json_boolean(d->load.blind >
	    0));
	if (w->last_ok)
		json_object_set_new(ctx, "load_change",
		    json_string(render_change(w->week - w->last, n)));
	if (w->usual_ok)
		json_object_set_new(ctx, "load_usual",
		    json_string(render_grouped(w->usual, n)));
}

/*
 * The athlete's last 28 days as the squad's heatmap adds them up
 * (render_heat.c): after their name (two lines of coach-heat.html, the
 * name linked and plain), a line "YYYY-MM-DD SLEEP STRESS FATIGUE
 * SORENESS ILL LOAD" per day with anything to show, each item its own
 * answer (0 none), never their sum, and the day's load as coaches may
 * see it (today's without what the day's end reveals).  Dated lines,
 * not cells, so a row not rendered again since an earlier day still
 * lines up.
 */
static int
heat_of(const struct render_ctx *r, const struct athlete_data *d,
    json_t *ctx, struct buf *out)
{
	const struct load	*l = &d->load;
	size_t			 k;
	long			 load;
	int			 i, any;

	if (tmpl_render(r->tmpl, "coach-heat.html", ctx, out) == -1)
		return -1;
	for (i = 0; i < 28; i++) {
		k = LOAD_DAYS - 28 + (size_t)i;
		load = l->daily[k] - (k == LOAD_DAYS - 1 ? l->blind : 0);
		any = d->items[0][i] || d->items[1][i] || d->items[2][i] ||
		    d->items[3][i];
		if (!any && !d->ill[i] && load <= 0)
			continue;
		buf_printf(out, "%s %d %d %d %d %d %ld\n", r->day[i],
		    d->items[0][i], d->items[1][i], d->items[2][i],
		    d->items[3][i], d->ill[i], load > 0 ? load : 0);
	}
	return buf_failed(out) ? -1 : 0;
}

/*
 * The athlete's pairs of the last GAP_MONTHS months, as the squad's
 * season of gaps adds them up (render_gaps.c): a line "METRIC MONTH
 * GAP" per coach rating and the self-rating paired with it, the month
 * the coach's round's, the gap the athlete's score less the coach's.
 */
static void
gaps_of(const struct render_ctx *r, const struct rating_set *rs,
    struct buf *out)
{
	char	 oldest[8];
	size_t	 i;

	render_month_back(r->day[27], GAP_MONTHS - 1, oldest);
	for (i = 1; i < rs->n; i++) {
		const struct rating *c = &rs->v[i - 1], *s = &rs->v[i];

		if (s->source != SOURCE_SELF || !s->paired ||
		    c->source != SOURCE_COACH || c->metric_id != s->metric_id ||
		    strncmp(c->rated_on, oldest, 7) < 0)
			continue;
		/* a line per pair of the season: no printf */
		buf_long(out, (long)c->metric_id);
		buf_putc(out, ' ');
		buf_add(out, c->rated_on, strnlen(c->rated_on, 7));
		buf_putc(out, ' ');
		buf_long(out, (long)s->score - c->score);
		buf_putc(out, '\n');
	}
}

/* A coach's figures on one athlete: against the athlete, and their peers. */
struct rater_stat {
	int64_t	 rater;
	int	 pairs;		/* coach ratings the athlete answered */
	long	 over_self;	/* the sum of coach less self over them */
	int	 peers;		/* ratings other coaches also gave that round */
	double	 over_peers;	/* the sum of this one less the others' mean */
	double	 apart;		/* the sum of the same, unsigned */
};

/* A coach's score of a metric in a month's rounds, by rater_of. */
struct round_score {
	int64_t	 metric, rater;
	char	 month[8];
	int	 score;
	size_t	 seq;	/* its place as read */
};

/* Whether a and b are of one metric and month: one round's scores. */
static int
round_same(const struct round_score *a, const struct round_score *b)
{
	return a->metric == b->metric && strcmp(a->month, b->month) == 0;
}

/*
 * By metric and month, then as read: a round's scores are added up in
 * the order they were read whatever the C library's qsort() does with
 * equals (glibc's keeps them; the figures are sums of fractions).
 */
static int
round_cmp(const void *x, const void *y)
{
	const struct round_score *a = x, *b = y;
	int	 c;

	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	if ((c = strcmp(a->month, b->month)) != 0)
		return c;
	return (a->seq > b->seq) - (a->seq < b->seq);
}

static struct rater_stat *
rater_stat(struct rater_stat *v, size_t *n, int64_t rater)
{
	size_t	 i;

	for (i = 0; i < *n && v[i].rater != rater; i++)
		continue;
	if (i == *n) {
		memset(&v[i], 0, sizeof(v[i]));
		v[i].rater = rater;
		(*n)++;
	}
	return &v[i];
}

/* Whether metric id is a scale: leniency is a judgement's, not a time's. */
static int
judged(const struct render_ctx *r, int64_t id)
{
	size_t	 i;

	for (i = 0; i < r->nmetrics; i++)
		if (r->metrics[i].id == id)
			return r->metrics[i].kind == METRIC_SCALE;
	return 0;
}

/*
 * How each coach's scores of the athlete, in rounds of the last
 * GAP_MONTHS months, compare with the athlete's own (each answered
 * pair) and with other coaches' of the same metric in the same month,
 * as the head coaches' part adds them up (render_raters.c): a line
 * "RATER PAIRS OVER_SELF PEERS OVER_PEERS APART" per coach.
 */
static int
raters_of(const struct render_ctx *r, const struct rating_set *rs,
    struct buf *out)
{
	struct rater_stat	*st;
	struct round_score	*c_at;
	char			 since[11];
	size_t			 nwho = 0, nst = 0, nc = 0, i, j, g, h;
	int64_t			 a;
	double			 sum;
	int			 n;

	render_season(r, since, NULL);
	/* who gave each coach score of the season's rounds: read with it */
	for (i = 0; i < rs->n; i++)
		nwho += rs->v[i].source == SOURCE_COACH &&
		    rs->v[i].rater != 0 && strcmp(rs->v[i].rated_on, since) >= 0;
	if (nwho == 0)
		return 0;
	st = calloc(nwho, sizeof(*st));
	c_at = calloc(nwho, sizeof(*c_at));
	if (st == NULL || c_at == NULL) {
		free(st);
		free(c_at);
		return -1;
	}
	for (i = 0; i < rs->n; i++) {
		const struct rating *c = &rs->v[i];

		if (c->source != SOURCE_COACH || (a = c->rater) == 0 ||
		    strcmp(c->rated_on, since) < 0 || !judged(r, c->metric_id))
			continue;
		if (i + 1 < rs->n && rs->v[i + 1].source == SOURCE_SELF &&
		    rs->v[i + 1].paired && rs->v[i + 1].metric_id ==
		    c->metric_id) {
			struct rater_stat *s = rater_stat(st, &nst, a);
			s->pairs++;
			s->over_self += c->score - rs->v[i + 1].score;
		}
		c_at[nc].metric = c->metric_id;
		memcpy(c_at[nc].month, c->rated_on, 7);
		c_at[nc].month[7] = '\0';
		c_at[nc].score = c->score;
		c_at[nc].seq = nc;
		c_at[nc++].rater = a;
	}
	/*
	 * each score against the other coaches' of its metric and month;
	 * read by metric and time, they are in that order but for a score
	 * given for a day before one already read
	 */
	for (i = 1; i < nc && round_cmp(&c_at[i - 1], &c_at[i]) <= 0; i++)
		continue;
	if (i < nc)
		qsort(c_at, nc, sizeof(*c_at), round_cmp);
	for (g = 0; g < nc; g = h) {
		for (h = g + 1; h < nc && round_same(&c_at[g], &c_at[h]); h++)
			continue;
		for (i = g; i < h; i++) {
			for (sum = 0, n = 0, j = g; j < h; j++)
				if (c_at[j].rater != c_at[i].rater) {
					sum += c_at[j].score;
					n++;
				}
			if (n > 0) {
				struct rater_stat *s = rater_stat(st, &nst,
				    c_at[i].rater);
				s->peers++;
				s->over_peers += c_at[i].score - sum / n;
				s->apart += fabs(c_at[i].score - sum / n);
			}
		}
	}
	for (i = 0; i < nst; i++)
		buf_printf(out, "%lld %d %ld %d %.4f %.4f\n",
		    (long long)st[i].rater, st[i].pairs, st[i].over_self,
		    st[i].peers, st[i].over_peers, st[i].apart);
	free(st);
	free(c_at);
	return buf_failed(out) ? -1 : 0;
}

/*
 * Whether the athlete's wellness is trending worse, item by item: an
 * item's answers of the last 7 days (TREND_LAST or more) on average
 * TREND_WORSE points or more above its answers of the 21 days before
 * (TREND_BEFORE or more), 1 best and 7 worst; the items are never
 * added up (cox-numbers(7)).  If so, the dashboard's line naming each
 * such item into out, after the day it was rendered on, which the part
 * reads to leave out a line grown stale (render_heat.c).
 */
#define TREND_LAST	3
#define TREND_BEFORE	7
#define TREND_WORSE	1.0
static int
trend_of(const struct render_ctx *r, const struct athlete_data *d,
    json_t *ctx, struct buf *out)
{
	static const char *const names[4] = { "gen.item_sleep",
	    "gen.item_stress", "gen.item_fatigue", "gen.item_soreness" };
	struct buf	 text = { 0 };
	char		 a[FIXED1_MAX + 1], b[FIXED1_MAX + 1];
	double		 last, before;
	int		 i, k, nl, nb, rc, n = 0;

	for (k = 0; k < 4; k++) {
		last = before = 0;
		nl = nb = 0;
		for (i = 0; i < 28; i++) {
			if (d->items[k][i] == 0)
				continue;
			if (i >= 21) {
				last += d->items[k][i];
				nl++;
			} else {
				before += d->items[k][i];
				nb++;
			}
		}
		if (nl < TREND_LAST || nb < TREND_BEFORE ||
		    last / nl < before / nb + TREND_WORSE)
			continue;
		render_fixed1(a, last / nl);
		render_fixed1(b, before / nb);
		if (n++ > 0)
			words_printf(&text, NULL, "gen.flag_item_and");
		words_printf(&text, NULL, "gen.trend_item", words_get(NULL,
		    names[k]), a, b);
	}
	if (n == 0 || buf_failed(&text)) {
		buf_free(&text);
		return n == 0 ? 0 : -1;
	}
	json_object_set_new(ctx, "trend_items", render_json_buf(&text));
	buf_puts(out, r->day[27]);
	rc = tmpl_render(r->tmpl, "coach-trend.html", ctx, out);
	json_object_del(ctx, "trend_items");
	return rc;
}

/*
 * Whether p's guardian gets copies ("guardian"), or texted STOP to have
 * none ("guardian_stopped"), into ctx; neither without one.
 */
static void
guardian_state(const struct person *p, json_t *ctx)
{
	int	 has;

	has = p->guardian_phone != NULL || p->guardian_email != NULL;
	json_object_set_new(ctx, "guardian", json_boolean(has &&
	    !p->guardian_opted_out));
	json_object_set_new(ctx, "guardian_stopped", json_boolean(has &&
	    p->guardian_opted_out));
}

/*
 * Renders a person's pieces of the dashboard into row: the row of the
 * matrix, the roster row, entries for "not answered" and wellness
 * flags, their rating rounds and their row of training load.  link is the magic link fragment of
 * their page.
 */
int
render_coach_row(const struct render_ctx *r, const struct person *p,
    const struct athlete_data *d, const char *page, const char *link,
    int64_t created, struct coach_row *row)
{
	static const char *const tmpl[ROW__MAX] = { "coach-row.html",
	    "coach-roster.html", "coach-pending.html", "coach-flag.html",
	    NULL, "coach-load.html", NULL, NULL, NULL, NULL };

	struct metric_view	*mv;
	json_t			*ctx = NULL, *cells, *pending, *phones;
	struct buf		 why = { 0 };
	char			 day[11], date[WORDS_DATE_MAX];
	const struct rating	*rated = NULL;
	int64_t			 since = 0;
	enum reach		 reach;
	int			 rc = -1, gaps = 0;
	size_t			 i, j;

	if ((mv = calloc(r->nmetrics + 1, sizeof(*mv))) == NULL)
		goto out;
	render_metric_views(r, &d->rs, ROLE_COACH, mv);
	cells = json_array();
	pending = json_array();
	for (i = 0; i < r->nmetrics; i++) {
		/*
		 * Every key the cell template reads is set, null or false
		 * when empty: a missing key would be looked up in the row
		 * (whose "pending" is a list) and show the wrong thing.
		 */
		json_t *c = json_pack("{s:n, s:n, s:n, s:b, s:o}", "coach",
		    "self", "gap", "pending", 0, "erg", render_erg(r, d, mv,
		    i, ROLE_COACH));
		if (mv[i].coach) {
			json_object_set_new(c, "coach",
			    render_value(mv[i].m, mv[i].coach->score));
			if (rated == NULL ||
			    mv[i].coach->created_at > rated->created_at)
				rated = mv[i].coach;
		}
		if (mv[i].self)
			json_object_set_new(c, "self",
			    render_value(mv[i].m, mv[i].self->score));
		if (mv[i].coach && mv[i].self) {
			int g = mv[i].self->score - mv[i].coach->score;

			json_object_set_new(c, "gap", render_gap(mv[i].m, g));
			/* over: the athlete rates themself better; a time
			 * is better lower */
			if (metric_lower_better(mv[i].m))
				g = -g;
			if (mv[i].m->kind == METRIC_SCALE)
				gaps += abs(g);
			json_object_set_new(c, "cls", json_string(g > 0 ?
			    "over" : g < 0 ? "under" : "even"));
			json_object_set_new(c, "sym", json_string(g > 0 ?
			    "\xe2\x96\xb2" : g < 0 ? "\xe2\x96\xbc" : "="));
		}
		if (mv[i].pending) {
			json_object_set_new(c, "pending", json_true());
			json_array_append_new(pending,
			    json_string(mv[i].m->name));
			/* waiting since the oldest rating not answered */
			for (j = mv[i].first; j < mv[i].first + mv[i].n; j++)
				if (d->rs.v[j].source == SOURCE_COACH &&
				    !d->rs.v[j].paired && (since == 0 ||
				    d->rs.v[j].created_at < since))
					since = d->rs.v[j].created_at;
		}
		json_array_append_new(cells, c);
	}
	day_string((time_t)created, day);
	ctx = json_pack("{s:s, s:s, s:s, s:s, s:o, s:o, s:s, s:s, s:i}",
	    "name", p->name, "handle", p->handle, "page", page, "link", link,
	    "cells", cells, "pending", pending, "role", role_words(p->role),
	    "added", words_date(day, date), "gaps", gaps);
	if (ctx == NULL)
		goto out;
	if (rated != NULL) {
		render_rating_day(rated, day);
		json_object_set_new(ctx, "rated", json_string(words_date(day,
		    date)));
	}
	/* since: as kept, for sorting and <time>; since_date: in words */
	if (since != 0) {
		day_string((time_t)since, day);
		json_object_set_new(ctx, "since", json_string(day));
		json_object_set_new(ctx, "since_date", json_string(
		    words_date(day, date)));
	}
	json_object_set_new(ctx, "squads", json_string(""));
	for (i = 0; i < p->squads.n; i++)
		json_object_set_new(ctx, "squads", json_sprintf("%s%s%s",
		    json_string_value(json_object_get(ctx, "squads")),
		    i ? words_get(NULL, "gen.list_sep") : "", p->squads.v[i]));
	phones = json_array();
	for (i = 0; i < p->phones.n; i++)
		json_array_append_new(phones, json_string(p->phones.v[i]));
	json_object_set_new(ctx, "phones", phones);
	json_object_set_new(ctx, "email", p->email ? json_string(p->email) :
	    json_null());
	reach = texts_state(r, p, ctx);
	json_object_set_new(ctx, "registered", json_boolean(d->registered));
	json_object_set_new(ctx, "pending_count",
	    json_integer((json_int_t)json_array_size(pending)));
	json_object_set_new(ctx, "pending_names", render_pending_names(r, mv));
	json_object_set_new(ctx, "is_athlete",
	    json_boolean(p->role == ROLE_ATHLETE));
	json_object_set_new(ctx, "minor", json_boolean(p->role == ROLE_ATHLETE &&
	    person_is_minor(p, r->now)));
	guardian_state(p, ctx);
	row_actions(r, p, d, reach, ctx);
	load_row(d, ctx);
	if (wellness_flag(&d->ws, r->now, &why) && !buf_failed(&why))
		json_object_set_new(ctx, "flag", json_string(why.data));
	for (i = 0; i < ROW__MAX; i++)
		if (tmpl[i] != NULL &&
		    tmpl_render(r->tmpl, tmpl[i], ctx, &row->part[i]) == -1)
			goto out;
	if (p->role == ROLE_ATHLETE) {
		rounds_of(r, &d->rs, &row->part[ROW_ROUNDS]);
		gaps_of(r, &d->rs, &row->part[ROW_GAPS]);
		if (raters_of(r, &d->rs, &row->part[ROW_RATERS]) == -1)
			goto out;
		if (trend_of(r, d, ctx, &row->part[ROW_TREND]) == -1)
			goto out;
		if (heat_of(r, d, ctx, &row->part[ROW_HEAT]) == -1)
			goto out;
	}
	if (buf_failed(&row->part[ROW_ROUNDS]) ||
	    buf_failed(&row->part[ROW_GAPS]))
		goto out;
	rc = 0;
out:
	json_decref(ctx);
	buf_free(&why);
	free(mv);
	return rc;
}

/*
 * The sections of a part that are its members' fragments as this file
 * writes them, put together as they are (render_part.c).
 */
static const struct part_section part_pending = { "pending",
    PART_SQUAD | PART_TEAM | PART_HAS | PART_ACT, "pending", NULL };
PART_SECTION(part_pending, 100);
static const struct part_section part_flags = { "flags",
    PART_SQUAD | PART_TEAM | PART_HAS | PART_ACT, "flag", NULL };
PART_SECTION(part_flags, 200);
static const struct part_section part_rows = { "rows",
    PART_SQUAD | PART_TEAM, "row", NULL };
PART_SECTION(part_rows, 700);
static const struct part_section part_load = { "load",
    PART_SQUAD | PART_TEAM | PART_HAS, "load", NULL };
PART_SECTION(part_load, 800);
static const struct part_section part_roster = { "roster",
    PART_SQUAD | PART_TEAM, "roster", NULL };
PART_SECTION(part_roster, 1900);
