/*
 * erg.c - erg tests read as rowers compare them: a time metric marked
 * as an erg piece (a 500 m split, a 2k, a 6k, a 30:00 piece at its
 * average split) has its times turned into watts, and per kilogram
 * with the athlete's weight (a number metric marked "weight"); a
 * change between two tests is called better or worse only when it is
 * larger than the test's typical error.
 *
 * Concept2's formula: watts = 2.80 / pace^3, pace in seconds per
 * metre, so 1:45.0 per 500 m is 2.80 / 0.21^3 = 302.3 W.  The typical
 * error of a 2k is about 2 % in power from one attempt to the next,
 * and about as much again is learnt by doing the test twice (Schabort,
 * Hopkins and Hawley 1999, J Sports Sci 17:627): [erg] noise, 2 by
 * default, is that share.  Pure: no database, no words.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"
#include "scores.h"

#define ERG_NOISE_DEFAULT	2.0	/* % in power: Schabort et al. 1999 */

static const struct {
	const char	*name;		/* as kept and as shown */
	const char	*alias[3];	/* as a coach may write it too */
	long		 metres;	/* the distance the time is over */
} pieces[] = {
	[ERG_NONE] = { "", { "none", "off", NULL }, 0 },
	[ERG_SPLIT] = { "500m", { "500", "split", NULL }, 500 },
	[ERG_2K] = { "2k", { "2000m", "2000", NULL }, 2000 },
	[ERG_6K] = { "6k", { "6000m", "6000", NULL }, 6000 },
	/* kept as its average split, as an erg's monitor shows it */
	[ERG_30MIN] = { "30min", { "30:00", "30'", NULL }, 500 },
	[ERG_WEIGHT] = { "weight", { "kg", NULL, NULL }, 0 },
};

const char *
erg_piece_name(enum erg_piece p)
{
	return pieces[p].name;
}

/* "2k", "2000m", "30:00", "weight", "none"... into *p; -1 when none. */
int
erg_piece_parse(const char *s, enum erg_piece *p)
{
	size_t	 i, j;

	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++) {
		if (i != ERG_NONE && strcasecmp(s, pieces[i].name) == 0)
			goto found;
		for (j = 0; j < 3 && pieces[i].alias[j] != NULL; j++)
			if (strcasecmp(s, pieces[i].alias[j]) == 0)
				goto found;
	}
	return -1;
found:
	*p = (enum erg_piece)i;
	return 0;
}

/* Whether m's values are an erg piece's times, which have watts. */
int
erg_timed(const struct metric *m)
{
	return m->kind == METRIC_TIME && m->erg != ERG_NONE &&
	    m->erg != ERG_WEIGHT;
}

/*
 * The watts of a time kept (tenths of a second) over m's piece:
 * 2.80 / (seconds / metres)^3.  0 when m is no erg piece or the time
 * is none.
 */
double
erg_watts(const struct metric *m, long kept)
{
	double	 pace;

	if (!erg_timed(m) || kept <= 0)
		return 0;
	pace = (double)kept / 10.0 / (double)pieces[m->erg].metres;
	return 2.80 / (pace * pace * pace);
}

/* Watts per kilogram of a weight kept in tenths of a kg; 0 without. */
double
erg_per_kg(double watts, long weight_kept)
{
	if (watts <= 0 || weight_kept <= 0)
		return 0;
	return watts / ((double)weight_kept / 10.0);
}

/*
 * A change from one test's watts to the next's, against noise (the
 * typical error, % in power): ERG_BETTER only when more power by more
 * than it, ERG_WORSE when less by more than it, else ERG_NOISE.  The
 * change in % into *pct.
 */
enum erg_change
erg_compare(double before, double after, double noise, double *pct)
{
	*pct = 0;
	if (before <= 0 || after <= 0)
		return ERG_NOISE;
	*pct = (after - before) / before * 100.0;
	if (*pct > noise)
		return ERG_BETTER;
	if (*pct < -noise)
		return ERG_WORSE;
	return ERG_NOISE;
}

/*
 * [erg] noise, the test's typical error in % of power ("2", "1.5"),
 * into *noise: ERG_NOISE_DEFAULT when not set, and when not a number
 * from 0.1 to 20 (said once as a bad setting).
 */
void
erg_noise_read(const struct config *c, double *noise)
{
	const char	*v = config_get(c, "erg", "noise");
	char		*end;
	double		 d;

	*noise = ERG_NOISE_DEFAULT;
	if (v == NULL)
		return;
	d = strtod(v, &end);
	if (end == v || *end != '\0' || !(d >= 0.1 && d <= 20)) {
		config_bad(c, "erg", "noise", "write the test's typical error "
		    "in % of power, from 0.1 to 20 (2 by default)");
		return;
	}
	*noise = d;
}

/* [erg] chart = watts: erg tests drawn in watts rather than times. */
int
erg_chart_watts(const struct config *c)
{
	const char	*v = config_get(c, "erg", "chart");

	if (v == NULL || strcmp(v, "time") == 0)
		return 0;
	if (strcmp(v, "watts") == 0)
		return 1;
	config_bad(c, "erg", "chart", "write 'time' or 'watts'");
	return 0;
}

/*
 * Whether m, of its kind and unit, may be marked as piece p: a piece
 * a time, the weight a number in kg.
 */
int
erg_fits(const struct metric *m, enum erg_piece p)
{
	if (p == ERG_NONE)
		return 1;
	if (p == ERG_WEIGHT)
		return m->kind == METRIC_NUMBER && strcmp(m->unit, "kg") == 0;
	return m->kind == METRIC_TIME;
}

/*
 * erg_watts(ERG, SCORE) in SQL, for the exports: a score's watts to a
 * tenth when ERG (metric.erg) is a piece, else NULL.
 */
static void
sql_watts(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct metric	 m = { .kind = METRIC_TIME };
	const char	*erg = (const char *)sqlite3_value_text(argv[0]);

	(void)argc;
	if (erg == NULL || erg_piece_parse(erg, &m.erg) == -1 ||
	    !erg_timed(&m) || sqlite3_value_type(argv[1]) != SQLITE_INTEGER) {
		sqlite3_result_null(cx);
		return;
	}
	sqlite3_result_double(cx, erg_tenth(erg_watts(&m,
	    (long)sqlite3_value_int64(argv[1]))));
}

/* erg_watts() on connection h, before any statement names it. */
int
erg_sql_register(sqlite3 *h)
{
	return sqlite3_create_function_v2(h, "erg_watts", 2, SQLITE_UTF8 |
	    SQLITE_DETERMINISTIC, NULL, sql_watts, NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : -1;
}

/* Rounded to a tenth, for a figure that must not read 302.35 as 302.4. */
double
erg_tenth(double v)
{
	return floor(v * 10.0 + 0.5) / 10.0;
}
