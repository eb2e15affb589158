/*
 * seatrace.c - seat racing's arithmetic, and its results kept (the
 * formulas and their sources are in cox-mail(8), SEAT RACING; the
 * email they come in: DESIGN.md §4 "A coach's email").  A race is pieces rowed by two crews
 * each, every crew's time known; from them, per side:
 *
 *   one swap:   two pieces whose crews differ by one swap (a rower of
 *               each crew changed places) put the change in margin on
 *               the two swapped rowers; the comparisons so found place
 *               the rowers of a side on one line (seat_swaps(),
 *               seat_positions());
 *   two swaps:  each rower's crews' times added up (seat_totals());
 *   least squares: a crew's time is the sum of its rowers' effects and
 *               the piece's, fitted to every time at once; the spread
 *               of what the fit leaves (the residual standard
 *               deviation) is the pieces' noise, and rowers closer
 *               than it are not told apart (seat_fit()).
 *
 * Pure, apart from seat_store() and what reads the results back: no
 * names are resolved here, rowers are indexes the caller gives.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "scores.h"

/*
 * Seat racing (lib/seatrace.c, v37): times in tenths, effects,
 * one-swap places and the noise in hundredths of a second; -1
 * for none is kept as NULL.
 */
STMT(STMT_SEAT_RACE_ADD,
    "INSERT INTO seat_race (coach_id, day, pieces, noise, created_at, "
    "message_id) VALUES (nullif(?1, 0), ?2, ?3, nullif(?4, -1), ?5, "
    "nullif(?6, 0))");
STMT(STMT_SEAT_ROWER_ADD,
    "INSERT INTO seat_race_rower (race_id, person_id, side, pieces, "
    "total, effect, swap, rank, apart) VALUES (?1, ?2, ?3, ?4, ?5, "
    "CASE WHEN ?6 THEN ?7 END, nullif(?8, -1), ?9, nullif(?10, -1))");

/* A pivot smaller than this (relative) is taken for a singular system. */
#define SEAT_EPS	1e-9

/*
 * Solves a x = b in place (a: n x n, row major; b becomes x) by
 * Gaussian elimination with partial pivoting: the systems here are a
 * few dozen unknowns.  Returns 0, or -1 when a is singular.
 */
int
seat_solve(double *a, double *b, size_t n)
{
	size_t	 i, j, k, p;
	double	 t, scale = 0;

	for (i = 0; i < n * n; i++)
		if (fabs(a[i]) > scale)
			scale = fabs(a[i]);
	if (scale == 0)
		return -1;
	for (k = 0; k < n; k++) {
		for (p = k, i = k + 1; i < n; i++)
			if (fabs(a[i * n + k]) > fabs(a[p * n + k]))
				p = i;
		if (fabs(a[p * n + k]) < SEAT_EPS * scale)
			return -1;
		if (p != k) {
			for (j = 0; j < n; j++) {
				t = a[k * n + j];
				a[k * n + j] = a[p * n + j];
				a[p * n + j] = t;
			}
			t = b[k], b[k] = b[p], b[p] = t;
		}
		for (i = k + 1; i < n; i++) {
			t = a[i * n + k] / a[k * n + k];
			for (j = k; j < n; j++)
				a[i * n + j] -= t * a[k * n + j];
			b[i] -= t * b[k];
		}
	}
	for (k = n; k-- > 0; ) {
		for (j = k + 1; j < n; j++)
			b[k] -= a[k * n + j] * b[j];
		b[k] /= a[k * n + k];
	}
	return 0;
}

/* Whether rower r is in crew c of piece p. */
static int
in_crew(const struct seat_piece *p, int c, int r)
{
	size_t	 i;

	for (i = 0; i < p->ncrew[c]; i++)
		if (p->crew[c][i] == r)
			return 1;
	return 0;
}

/*
 * Whether crew a of piece p and crew b of piece q differ by one swap:
 * the same size, all rowers but one the same.  *out is a's rower not
 * in b, *in b's not in a.
 */
static int
one_apart(const struct seat_piece *p, int a, const struct seat_piece *q,
    int b, int *out, int *in)
{
	size_t	 i, nout = 0, nin = 0;

	if (p->ncrew[a] != q->ncrew[b])
		return 0;
	for (i = 0; i < p->ncrew[a]; i++)
		if (!in_crew(q, b, p->crew[a][i]) && nout++ == 0)
			*out = p->crew[a][i];
	for (i = 0; i < q->ncrew[b]; i++)
		if (!in_crew(p, a, q->crew[b][i]) && nin++ == 0)
			*in = q->crew[b][i];
	return nout == 1 && nin == 1;
}

/*
 * The one-swap comparisons of race s into s->swap: for every two pieces
 * i < j whose first crews (or, written the other way round, the first
 * of i and the second of j) differ by one swap, and whose other crews
 * are that swap's mirror.  Crew c's margin is the other crew's time
 * less its own (positive: c won); when it grows from i to j, c got
 * faster, and the rower who came into c is the faster of the two by
 * the change (Holland's one-swap rule, as lindig/seat-racing tables
 * it).
 */
void
seat_swaps(struct seat_race *s)
{
	const struct seat_piece	*p, *q;
	struct seat_swap	*w;
	size_t			 i, j;
	int			 c, out, in, out2, in2;
	long			 mi, mj, change;

	s->nswaps = 0;
	for (i = 0; i < s->npieces; i++)
		for (j = i + 1; j < s->npieces; j++) {
			p = &s->piece[i], q = &s->piece[j];
			for (c = 0; c < 2; c++)
				if (one_apart(p, 0, q, c, &out, &in) &&
				    one_apart(p, 1, q, !c, &out2, &in2) &&
				    out == in2 && in == out2)
					break;
			if (c == 2 || s->nswaps == SEAT_MAX_SWAPS)
				continue;
			mi = p->tenths[1] - p->tenths[0];
			mj = q->tenths[!c] - q->tenths[c];
			change = mj - mi;
			w = &s->swap[s->nswaps++];
			w->from = i, w->to = j;
			w->faster = change >= 0 ? in : out;
			w->slower = change >= 0 ? out : in;
			w->tenths = labs(change);
		}
}

/* The root of r in the union-find parent[]. */
static int
root_of(int *parent, int r)
{
	while (parent[r] != r)
		r = parent[r] = parent[parent[r]];
	return r;
}

/*
 * Each rower's place on the line the one-swap comparisons draw
 * (s->rower[].swap, seconds behind the fastest of those compared with
 * them, .group which rowers share a line; -1: never swapped).  With
 * more comparisons than rowers less one, the line is the least-squares
 * fit to them all, so two that disagree are averaged.  Returns 0 or -1.
 */
int
seat_positions(struct seat_race *s)
{
	int	 parent[SEAT_MAX_ROWERS];
	double	*a = NULL, *b = NULL, low;
	size_t	 n = s->nrowers, i, j, k;
	int	 g, f, sl, rc = -1;

	if (n == 0)
		return 0;	/* no one to place: no system to solve */
	for (i = 0; i < n; i++)
		parent[i] = (int)i, s->rower[i].group = -1;
	for (k = 0; k < s->nswaps; k++)
		parent[root_of(parent, s->swap[k].faster)] =
		    root_of(parent, s->swap[k].slower);
	for (k = 0; k < s->nswaps; k++) {
		s->rower[s->swap[k].faster].group = root_of(parent,
		    s->swap[k].faster);
		s->rower[s->swap[k].slower].group = root_of(parent,
		    s->swap[k].slower);
	}
	if ((a = calloc(n * n, sizeof(*a))) == NULL ||
	    (b = calloc(n, sizeof(*b))) == NULL)
		goto out;
	/* normal equations of: slower - faster = change, for each swap,
	 * and each line's places adding up to 0 */
	for (k = 0; k < s->nswaps; k++) {
		f = s->swap[k].faster, sl = s->swap[k].slower;
		a[sl * n + sl] += 1, a[f * n + f] += 1;
		a[sl * n + f] -= 1, a[f * n + sl] -= 1;
		b[sl] += s->swap[k].tenths / 10.0;
		b[f] -= s->swap[k].tenths / 10.0;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (i == j || (s->rower[i].group != -1 &&
			    s->rower[i].group == s->rower[j].group))
				a[i * n + j] += 1;	/* alone: 0 */
	if (seat_solve(a, b, n) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		g = s->rower[i].group;
		for (low = INFINITY, j = 0; j < n; j++)
			if (g != -1 && s->rower[j].group == g && b[j] < low)
				low = b[j];
		s->rower[i].swap = g == -1 ? 0 : b[i] - low;
	}
	rc = 0;
out:
	free(a);
	free(b);
	return rc;
}

/*
 * Each rower's total: their crews' times added up, how many pieces
 * they rowed, and their rank on their side by it (the two-swap
 * method's measure; by time a piece, the same order when all rowed
 * as many pieces, the fair one when not).
 */
void
seat_totals(struct seat_race *s)
{
	size_t	 i, r, k;
	int	 c;
	double	 mine, theirs;

	for (r = 0; r < s->nrowers; r++)
		s->rower[r].total = 0, s->rower[r].pieces = 0;
	for (i = 0; i < s->npieces; i++)
		for (c = 0; c < 2; c++)
			for (k = 0; k < s->piece[i].ncrew[c]; k++) {
				r = (size_t)s->piece[i].crew[c][k];
				s->rower[r].total += s->piece[i].tenths[c];
				s->rower[r].pieces++;
			}
	for (r = 0; r < s->nrowers; r++) {
		s->rower[r].by_time = 1;
		mine = (double)s->rower[r].total / s->rower[r].pieces;
		for (k = 0; k < s->nrowers; k++) {
			theirs = (double)s->rower[k].total / s->rower[k].pieces;
			if (s->rower[k].side == s->rower[r].side &&
			    (theirs < mine || (theirs == mine && k < r)))
				s->rower[r].by_time++;
		}
	}
}

/*
 * The least-squares fit: unknowns are each rower's effect and each
 * piece's, every crew time one equation (time = its rowers' effects +
 * its piece's).  Adding a constant to every rower of a side and taking
 * it off the pieces changes no time, so each side's effects are held
 * to add up to 0 (a penalty row in the normal equations, which leaves
 * the fit alone): an effect is then seconds slower (+) or faster (-)
 * than the side's average rower.  s->noise is the residual standard
 * deviation, sqrt(RSS / (times - unknowns + sides)), or -1 when no
 * time is left over to measure it; -1 returned when the pieces cannot
 * tell the effects apart (a crew that never changes).
 */
int
seat_fit(struct seat_race *s)
{
	size_t	 nr = s->nrowers, np = s->npieces, n = nr + np, i, j, k;
	double	*a, *b, *x = NULL, fit, rss = 0;
	int	 c, side, sides = 0, used[3] = { 0, 0, 0 }, rc = -1;
	long	 df;

	s->noise = -1;
	s->df = 0;
	if ((a = calloc(n * n, sizeof(*a))) == NULL ||
	    (b = calloc(n, sizeof(*b))) == NULL) {
		free(a);
		return -1;
	}
	for (i = 0; i < np; i++)
		for (c = 0; c < 2; c++) {
			/* the row: 1 for each rower of the crew, 1 for i */
			const struct seat_piece *p = &s->piece[i];
			double t = p->tenths[c] / 10.0;
			for (j = 0; j < p->ncrew[c]; j++) {
				for (k = 0; k < p->ncrew[c]; k++)
					a[p->crew[c][j] * n + p->crew[c][k]]++;
				a[p->crew[c][j] * n + nr + i]++;
				a[(nr + i) * n + p->crew[c][j]]++;
				b[p->crew[c][j]] += t;
			}
			a[(nr + i) * n + nr + i]++;
			b[nr + i] += t;
		}
	for (i = 0; i < nr; i++) {
		used[s->rower[i].side] = 1;
		for (j = 0; j < nr; j++)
			if (s->rower[i].side == s->rower[j].side)
				a[i * n + j] += 1;
	}
	for (side = 0; side < 3; side++)
		sides += used[side];
	if ((x = malloc(n * sizeof(*x))) == NULL)
		goto out;
	memcpy(x, b, n * sizeof(*x));
	if (seat_solve(a, x, n) == -1)
		goto out;
	for (i = 0; i < np; i++)
		for (c = 0; c < 2; c++) {
			fit = x[nr + i];
			for (j = 0; j < s->piece[i].ncrew[c]; j++)
				fit += x[s->piece[i].crew[c][j]];
			fit -= s->piece[i].tenths[c] / 10.0;
			rss += fit * fit;
		}
	for (i = 0; i < nr; i++)
		s->rower[i].effect = x[i];
	df = 2 * (long)np - (long)n + sides;
	s->df = df > 0 ? df : 0;
	if (df > 0)
		s->noise = sqrt(rss / (double)df);
	rc = 0;
out:
	free(a);
	free(b);
	free(x);
	return rc;
}

/* Rowers by side, then effect (fastest first), for seat_rank(). */
static int
rank_cmp(const void *pa, const void *pb, void *arg)
{
	const struct seat_race	*rank_race = arg;
	const struct seat_rower	*a = &rank_race->rower[*(const int *)pa];
	const struct seat_rower	*b = &rank_race->rower[*(const int *)pb];

	if (a->side != b->side)
		return a->side - b->side;
	if (rank_race->fitted && a->effect != b->effect)
		return a->effect < b->effect ? -1 : 1;
	/* by time a piece when the fit could not be made */
	return (double)a->total / a->pieces < (double)b->total / b->pieces ?
	    -1 : (double)a->total / a->pieces > (double)b->total / b->pieces;
}

/*
 * s->order: the rowers by side, each side fastest first (by effect,
 * else by time a piece); each rower's rank on their side, and whether
 * they are told apart from the next (.apart: 1 yes, 0 closer than the
 * noise, -1 no noise to say).
 */
void
seat_rank(struct seat_race *s)
{
	size_t	 i;
	int	 rank = 0, a, b;

	for (i = 0; i < s->nrowers; i++)
		s->order[i] = (int)i;
	qsort_r(s->order, s->nrowers, sizeof(s->order[0]), rank_cmp, s);
	for (i = 0; i < s->nrowers; i++) {
		a = s->order[i];
		rank = i > 0 && s->rower[s->order[i - 1]].side ==
		    s->rower[a].side ? rank + 1 : 1;
		s->rower[a].rank = rank;
		s->rower[a].apart = -1;
		if (i + 1 == s->nrowers || !s->fitted || s->noise < 0)
			continue;
		b = s->order[i + 1];
		if (s->rower[b].side == s->rower[a].side)
			s->rower[a].apart = s->rower[b].effect -
			    s->rower[a].effect >= s->noise;
	}
}

/*
 * All three methods over s, whose pieces and rowers the caller filled
 * in.  Returns 0, or -1 out of memory (a fit the pieces cannot make
 * is s->fitted 0, not an error).
 */
int
seat_analyse(struct seat_race *s)
{
	seat_totals(s);
	seat_swaps(s);
	if (seat_positions(s) == -1)
		return -1;
	s->fitted = seat_fit(s) == 0;
	seat_rank(s);
	return 0;
}

/*
 * Keeps s, raced on day by coach's pieces, in the caller's
 * transaction: a seat_race row (with msg, the email it came in, 0 for
 * none, which erasure reads for its rowers' names) and one
 * seat_race_rower row a rower (person ids in s->rower[].person).  *id
 * is the race's.  Returns 0 or -1.
 */
int
seat_store(struct db *db, const struct seat_race *s, int64_t coach,
    const char *day, int64_t now, int64_t msg, int64_t *id)
{
	static const char *const sides[] = { NULL, "stroke", "bow" };
	const struct seat_rower	*w;
	size_t			 i;

	/* hundredths of a second; -1 (NULL in the row): none */
	if (db_exec(db, STMT_SEAT_RACE_ADD, "itiiii", coach, day,
	    (int64_t)s->npieces, (int64_t)(s->noise >= 0 ?
	    lround(s->noise * 100) : -1), now, msg) == -1)
		return -1;
	*id = db_last_id(db);
	for (i = 0; i < s->nrowers; i++) {
		w = &s->rower[i];
		if (db_exec(db, STMT_SEAT_ROWER_ADD, "iitiiiiiii", *id,
		    w->person, sides[w->side], (int64_t)w->pieces,
		    (int64_t)w->total, (int64_t)s->fitted,
		    (int64_t)lround(w->effect * 100), (int64_t)(w->group
		    == -1 ? -1 : lround(w->swap * 100)),
		    (int64_t)w->rank, (int64_t)w->apart) == -1)
			return -1;
	}
	return 0;
}
