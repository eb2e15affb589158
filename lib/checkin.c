/*
 * checkin.c - check-in items a club adds to Hooper's four (sleep,
 * stress, fatigue, soreness, 1 best to 7 worst, the wellness row's own
 * columns): McLean's mood, or anything a club names with a scale and
 * the end that is better (the OSTRC's questions are health.c's now).
 *
 * An athlete answers them in the same text as the four ("sleep 2 mood
 * 4"); each answer is a checkin_value row of that check-in's wellness
 * row, so erasure, retention and the pages' dirty marks follow the
 * check-in.  A retired item is no longer asked nor shown; its answers
 * stay in exports.
 *
 * Flags (wellness_flag(), the dashboard's and the digest's, then
 * checkin_flag() for the club's items): a daily item's latest answer flags when it is
 * in the worst third of its scale and worse than the athlete's own
 * baseline (at least 7 earlier answers) by a third of the scale or 1.5
 * standard deviations; a weekly item's answer flags in the worse half
 * of its scale.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"
#include "db.h"
#include "scores.h"
#include "season.h"

STMT(STMT_CHECKIN_ITEMS,
    "SELECT id, slug, name, lo, hi, better = 'high', every = 'week' "
    "FROM checkin_item WHERE retired = 0 ORDER BY id");
STMT(STMT_CHECKIN_ITEM_INSERT,
    "INSERT INTO checkin_item (slug, name, lo, hi, better, every, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (slug) DO "
    "UPDATE SET name = excluded.name, lo = excluded.lo, "
    "hi = excluded.hi, better = excluded.better, "
    "every = excluded.every, retired = 0");
STMT(STMT_CHECKIN_ITEM_RETIRE,
    "UPDATE checkin_item SET retired = 1 WHERE slug = ? AND retired = 0");
STMT(STMT_CHECKIN_VALUES_SINCE,
    "SELECT v.wellness_id, v.item_id, v.value FROM wellness w "
    "JOIN checkin_value v ON v.wellness_id = w.id "
    "WHERE w.athlete_id = ? AND w.day >= ? ORDER BY w.day, w.id");

/* The text keywords an item's slug may not be: they mean something. */
static const char *const reserved[] = {
	"kw.help", "kw.stop", "kw.start", "kw.link", "kw.note", "kw.guess",
	"kw.mydata", "kw.sick", "kw.injured", "kw.sleep", "kw.stress",
	"kw.fatigue", "kw.soreness", "kw.rpe", "kw.units",
};

/*
 * Presets: McLean et al. (2010)'s fifth item.  The OSTRC's questions
 * were one too, until the OSTRC-H2 was asked as published ([health]
 * ask, lib/health.c): four items a week, with no gatekeeper question
 * nor a problem to answer them for, cannot be scored as Clarsen et al.
 * score them, and a flag in their worse half called symptoms alone a
 * substantial problem, which it never is.
 */
static const struct checkin_item mclean[] = {
	{ 0, "mood", "Mood", 1, 5, 1, 0 },
};

/* The club's items in use, in the order they were added. */
int
checkin_items_load(struct db *db, struct checkin_items *out)
{
	sqlite3_stmt		*st = db_query(db, STMT_CHECKIN_ITEMS, "");
	struct checkin_item	*it;
	int			 rc;

	memset(out, 0, sizeof(*out));
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if (out->n == CHECKIN_ITEMS_MAX)
			continue;	/* checkin_item_add() keeps it so */
		it = &out->v[out->n++];
		it->id = sqlite3_column_int64(st, 0);
		snprintf(it->slug, sizeof(it->slug), "%s", db_text(st, 1));
		snprintf(it->name, sizeof(it->name), "%s", db_text(st, 2));
		it->lo = sqlite3_column_int(st, 3);
		it->hi = sqlite3_column_int(st, 4);
		it->higher_better = sqlite3_column_int(st, 5);
		it->weekly = sqlite3_column_int(st, 6);
	}
	return rc == OUT_OK ? 0 : -1;
}

/* The item a texted word names: its slug or name, any case; or NULL. */
const struct checkin_item *
checkin_item_match(const struct checkin_items *items, const char *word)
{
	size_t	 i;

	if (items == NULL)
		return NULL;
	for (i = 0; i < items->n; i++)
		if (strcasecmp(items->v[i].slug, word) == 0 ||
		    strcasecmp(items->v[i].name, word) == 0)
			return &items->v[i];
	return NULL;
}

/*
 * Adds item (or changes the one of its slug, and brings it back if
 * retired).  Returns 0, or -1 with *why: a slug that is a keyword or a
 * metric's, a scale that is not one, one item too many.
 */
int
checkin_item_add(struct db *db, const struct checkin_item *it,
    const char **why)
{
	struct checkin_items	 have;
	struct metric		 m = { 0 };
	size_t			 i;
	int			 rc;

	*why = "the database failed";
	if (!metric_slug_valid(it->slug)) {
		*why = "a slug has lower-case letters, digits and '-' only";
		return -1;
	}
	for (i = 0; i < sizeof(reserved) / sizeof(reserved[0]); i++)
		if (words_is(reserved[i], it->slug)) {
			*why = "that word already means something in a text";
			return -1;
		}
	if (it->name[0] == '\0' || !utf8_valid(it->name, strlen(it->name))) {
		*why = "an item needs a name";
		return -1;
	}
	if (it->lo < 0 || it->hi > 100 || it->lo >= it->hi) {
		*why = "a scale is two whole numbers from 0 to 100, the lower "
		    "first (1-5, 0-10)";
		return -1;
	}
	if ((rc = metric_load(db, it->slug, &m)) != 0) {
		metric_clear(&m);
		if (rc == 1)
			*why = "a metric has that slug";
		return -1;
	}
	if (checkin_items_load(db, &have) == -1)
		return -1;
	if (have.n >= CHECKIN_ITEMS_MAX &&
	    checkin_item_match(&have, it->slug) == NULL) {
		*why = "a club has at most 12 items of its own";
		return -1;
	}
	return db_exec(db, STMT_CHECKIN_ITEM_INSERT, "ttddtti", it->slug,
	    it->name, it->lo, it->hi, it->higher_better ? "high" : "low",
	    it->weekly ? "week" : "day", (int64_t)time(NULL));
}

/* Stops asking and showing the item of slug: 1, 0 when none, -1. */
int
checkin_item_retire(struct db *db, const char *slug)
{
	if (db_exec(db, STMT_CHECKIN_ITEM_RETIRE, "t", slug) == -1)
		return -1;
	return db_changes(db) > 0;
}

/* Adds the items of a preset ("mclean"): 0, or -1 with *why. */
int
checkin_preset(struct db *db, const char *name, const char **why)
{
	const struct checkin_item	*v;
	size_t				 n, i;

	if (strcmp(name, "mclean") == 0) {
		v = mclean;
		n = sizeof(mclean) / sizeof(mclean[0]);
	} else if (strcmp(name, "ostrc") == 0) {
		*why = "the OSTRC-H2 is asked on its own now: set [health] "
		    "ask = DAY HH:MM in cox.conf (cox.conf(5))";
		return -1;
	} else {
		*why = "the preset is mclean";
		return -1;
	}
	for (i = 0; i < n; i++)
		if (checkin_item_add(db, &v[i], why) == -1)
			return -1;
	return 0;
}

/*
 * The answers to the club's items of the check-ins in ws, which
 * wellness_load() read with the same athlete and since: both in the
 * order of day and id, so one pass.  Answers to retired items are left
 * out.  Sets ws->items.
 */
int
checkin_answers_load(struct db *db, int64_t athlete, const char *since,
    const struct checkin_items *items, struct wellness_set *ws)
{
	sqlite3_stmt	*st;
	struct wellness	*w;
	size_t		 i = 0, k;
	int64_t		 id, item;
	int		 rc;

	ws->items = items;
	if (items == NULL || items->n == 0)
		return 0;
	st = db_query(db, STMT_CHECKIN_VALUES_SINCE, "it", athlete, since);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		id = sqlite3_column_int64(st, 0);
		item = sqlite3_column_int64(st, 1);
		while (i < ws->n && ws->v[i].id != id)
			i++;
		if (i == ws->n) {	/* a check-in added since: next time */
			sqlite3_reset(st);
			rc = OUT_OK;
			break;
		}
		w = &ws->v[i];
		for (k = 0; k < items->n && items->v[k].id != item; k++)
			;
		if (k == items->n || w->nanswers == CHECKIN_ITEMS_MAX)
			continue;
		w->answers[w->nanswers].item = (int)k;
		w->answers[w->nanswers].value = sqlite3_column_int(st, 2);
		w->nanswers++;
	}
	return rc == OUT_OK ? 0 : -1;
}

/* How far value is from the item's best end, in its points. */
int
checkin_badness(const struct checkin_item *it, int value)
{
	return it->higher_better ? it->hi - value : value - it->lo;
}

/*
 * A bad answer: in the worst third of the scale, or for a weekly
 * questionnaire in the worse half.
 */
int
checkin_bad(const struct checkin_item *it, int value)
{
	int	 b = checkin_badness(it, value), span = it->hi - it->lo;

	return it->weekly ? 2 * b >= span : 3 * b >= 2 * span;
}

/* The latest answer to item k on or after day since, or NULL. */
static const struct wellness *
latest(const struct wellness_set *ws, int k, const char *since, int *value)
{
	size_t	 i, j;

	for (i = ws->n; i-- > 0 && strcmp(ws->v[i].day, since) >= 0;)
		for (j = 0; j < ws->v[i].nanswers; j++)
			if (ws->v[i].answers[j].item == k) {
				*value = ws->v[i].answers[j].value;
				return &ws->v[i];
			}
	return NULL;
}

/*
 * A flag on the club's items of ws as of now (the header above says
 * when): a daily answer counts from two days before now, a weekly one
 * from six.  Writes the reason to why; returns 1 or 0.
 */
int
checkin_flag(const struct wellness_set *ws, time_t now, struct buf *why)
{
	const struct checkin_item	*it;
	const struct wellness		*last;
	double				 sum, sq, mean, sd, x;
	char				 recent[11], week[11];
	char				 day[WORDS_DAY_MAX];
	size_t				 i, j, n;
	int				 k, v, best;

	if (ws->items == NULL || ws->n == 0)
		return 0;
	day_before(now, 2, recent);
	day_before(now, 6, week);
	for (k = 0; k < (int)ws->items->n; k++) {
		it = &ws->items->v[k];
		best = it->higher_better ? it->hi : it->lo;
		if ((last = latest(ws, k, it->weekly ? week : recent,
		    &v)) == NULL || !checkin_bad(it, v))
			continue;
		if (it->weekly) {
			words_printf(why, NULL, "gen.flag_checkin_week",
			    it->name, v, words_day(last->day, day), best);
			return 1;
		}
		for (sum = sq = 0, n = 0, i = 0; i < ws->n; i++) {
			if (strcmp(ws->v[i].day, last->day) >= 0)
				break;
			for (j = 0; j < ws->v[i].nanswers; j++)
				if (ws->v[i].answers[j].item == k) {
					x = checkin_badness(it,
					    ws->v[i].answers[j].value);
					sum += x;
					sq += x * x;
					n++;
				}
		}
		if (n < 7)
			continue;
		mean = sum / (double)n;
		sd = sqrt(fmax(0, sq / (double)n - mean * mean));
		if (checkin_badness(it, v) < mean + fmax((it->hi - it->lo) /
		    3.0, 1.5 * sd))
			continue;
		/* the baseline written as the item's own value */
		words_printf(why, NULL, "gen.flag_checkin", it->name, v,
		    words_day(last->day, day), best, it->higher_better ?
		    it->hi - mean : it->lo + mean);
		return 1;
	}
	return 0;
}

/*
 * The club's items for the check-in prompt, "mood 1-5 (5 best)", the
 * weekly ones only when weekly; appended to out.  Returns how many.
 */
int
checkin_prompt(const struct checkin_items *items, int weekly,
    struct buf *out)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; items != NULL && i < items->n; i++) {
		const struct checkin_item *it = &items->v[i];

		if (it->weekly && !weekly)
			continue;
		if (n++ > 0)
			buf_puts(out, ", ");
		words_printf(out, NULL, "sms.item_scale", it->slug, it->lo,
		    it->hi, it->higher_better ? it->hi : it->lo);
	}
	return n;
}

/* Item k (0 sleep, 1 stress, 2 fatigue, 3 soreness) of a check-in. */
static int
wellness_item(const struct wellness *w, int k)
{
	return k == 0 ? w->sleep : k == 1 ? w->stress : k == 2 ? w->fatigue :
	    w->soreness;
}

/*
 * Hooper's items of the latest check-in, last, each against the
 * athlete's own baseline for that item (its answers before last's
 * day, 7 or more): flagged when answered 6 or 7 and worse than the
 * item's mean by 2 points or 1.5 standard deviations, whichever is
 * more.  Item by item, never their sum: a day whose items add up to an
 * ordinary total can still hide a night without sleep, and a sum hides
 * which item moved (Saw et al. 2016; cox-numbers(7)).  Every flagged
 * item, in words into why; returns how many.
 */
static int
wellness_flag_items(const struct wellness_set *ws,
    const struct wellness *last, struct buf *why)
{
	static const char *const names[4] = { "gen.item_sleep",
	    "gen.item_stress", "gen.item_fatigue", "gen.item_soreness" };
	double	 sum, sq, mean, sd;
	char	 day[WORDS_DAY_MAX];
	size_t	 i, n;
	int	 k, v, flagged = 0;

	for (k = 0; k < 4; k++) {
		if ((v = wellness_item(last, k)) < 6)
			continue;
		for (sum = sq = 0, n = 0, i = 0; i < ws->n; i++) {
			int x = wellness_item(&ws->v[i], k);

			if (&ws->v[i] == last || x == 0 ||
			    strcmp(ws->v[i].day, last->day) >= 0)
				continue;
			sum += x;
			sq += (double)x * x;
			n++;
		}
		if (n < 7)
			continue;
		mean = sum / (double)n;
		sd = sqrt(fmax(0, sq / (double)n - mean * mean));
		if (v < mean + fmax(2, 1.5 * sd))
			continue;
		if (flagged++ > 0)
			words_printf(why, NULL, "gen.flag_item_and");
		words_printf(why, NULL, "gen.flag_item", words_get(NULL,
		    names[k]), v, words_day(last->day, day), mean, sd);
	}
	return flagged;
}

/*
 * A flag, as of now, on check-ins ws (oldest first, the last 28 days
 * at least): an item of the latest check-in of the last 3 days well
 * above the athlete's own baseline for it (wellness_flag_items()), or
 * illness in the last 3 days, or else one of the club's items.  The
 * dashboard and the coaches' digest share it.  Writes the reason in
 * words to why; returns 2 for illness, 1 for a wellness flag, 0 none.
 */
int
wellness_flag(const struct wellness_set *ws, time_t now, struct buf *why)
{
	const struct wellness	*last = NULL;
	char			 recent[11], day[WORDS_DAY_MAX];
	size_t			 i;

	day_before(now, 2, recent);
	for (i = ws->n; i-- > 0;)
		if (ws->v[i].illness[0] && strcmp(ws->v[i].day, recent) >= 0) {
			words_printf(why, NULL, strcmp(ws->v[i].illness,
			    "injured") == 0 ? "gen.flag_injured" :
			    "gen.flag_sick", words_day(ws->v[i].day, day));
			if (ws->v[i].note[0] != '\0')
				words_printf(why, NULL, "gen.flag_note",
				    ws->v[i].note);
			return 2;
		}
	for (i = ws->n; i-- > 0;)
		if (ws->v[i].sleep || ws->v[i].stress || ws->v[i].fatigue ||
		    ws->v[i].soreness) {
			last = &ws->v[i];
			break;
		}
	if (last != NULL && strcmp(last->day, recent) >= 0 &&
	    wellness_flag_items(ws, last, why) > 0)
		return 1;
	return checkin_flag(ws, now, why);
}
