/*
 * Unit tests for lib/seatrace.c: the three methods of seat racing
 * against published worked examples, and a race with a repeated crew
 * whose noise shows.
 *
 * The published examples are the two tables of Christian Lindig's
 * "Seat Racing" (https://github.com/lindig/seat-racing, README.md,
 * "One-Swap Method" and "Two-Swaps Method"): eight rowers, a to d on
 * bow side and 1 to 4 on stroke, racing boats R and Q six times over
 * 750 m.  Its numbers are reproduced to the tenth of a second: every
 * one-swap change and the rankings it draws ("c (faster by 4.0 than)
 * d (faster by 0.7 than) b"; "2 (faster by 3.3 than) 3 (faster by 4.6
 * than) 4"; a and 1 not compared), and every rower's total time with
 * its rank.  The README's times are simulated (its two-swaps.r draws
 * the rowers' power at random) and printed rounded to the tenth, its
 * totals added up before rounding: three totals of the rounded times
 * (a 987.5, c 976.1, 4 991.5) are a tenth above the printed ones
 * (987.4, 976.0, 991.4), so each total is checked within a tenth.
 */
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../lib/scores.h"

/* The README's rowers: bow side a to d, stroke side 1 to 4. */
static const char rowers[] = "abcd1234";

static int
idx(char c)
{
	return (int)(strchr(rowers, c) - rowers);
}

/*
 * s from pieces written as the README's rows: the rowers in boat R,
 * the rest in Q, and the two times (Q's first, as the README lists
 * them), in tenths.
 */
static void
lindig_race(struct seat_race *s, const char *const *in_r, const long *q,
    const long *r, size_t n)
{
	size_t	 i, k;

	memset(s, 0, sizeof(*s));
	s->nrowers = 8;
	for (k = 0; k < 8; k++)
		s->rower[k].side = k < 4 ? SIDE_BOW : SIDE_STROKE;
	s->npieces = n;
	for (i = 0; i < n; i++) {
		for (k = 0; k < 8; k++) {
			int c = strchr(in_r[i], rowers[k]) != NULL ? 0 : 1;
			s->piece[i].crew[c][s->piece[i].ncrew[c]++] = (int)k;
		}
		s->piece[i].tenths[0] = r[i];
		s->piece[i].tenths[1] = q[i];
	}
}

/* The swap between pieces from and to (1-based), or NULL. */
static const struct seat_swap *
swap_of(const struct seat_race *s, size_t from, size_t to)
{
	size_t	 k;

	for (k = 0; k < s->nswaps; k++)
		if (s->swap[k].from == from - 1 && s->swap[k].to == to - 1)
			return &s->swap[k];
	return NULL;
}

static void
swap_is(const struct seat_race *s, size_t from, size_t to, char faster,
    char slower, long tenths)
{
	const struct seat_swap	*w = swap_of(s, from, to);

	assert_non_null(w);
	assert_int_equal(w->faster, idx(faster));
	assert_int_equal(w->slower, idx(slower));
	assert_int_equal(w->tenths, tenths);
}

/* The one-swap table: six swaps, the margins' changes and the lines. */
static void
test_one_swap(void **state)
{
	static const char *const in_r[] = { "ab12", "ac12", "ac13", "ad13",
	    "ad14", "ab14" };
	static const long q[] = { 1640, 1664, 1647, 1627, 1605, 1602 };
	static const long r[] = { 1637, 1614, 1630, 1650, 1674, 1678 };
	struct seat_race	*s = calloc(1, sizeof(*s));

	(void)state;
	assert_non_null(s);
	lindig_race(s, in_r, q, r, 6);
	assert_int_equal(seat_analyse(s), 0);
	/* "For all races": into R, into Q, change, faster, slower */
	assert_int_equal(s->nswaps, 6);
	swap_is(s, 1, 2, 'c', 'b', 47);
	swap_is(s, 2, 3, '2', '3', 33);
	swap_is(s, 3, 4, 'c', 'd', 40);
	swap_is(s, 4, 5, '3', '4', 46);
	swap_is(s, 5, 6, 'd', 'b', 7);
	/* "We can also compare Race 6 and Race 1" */
	swap_is(s, 1, 6, '2', '4', 79);
	/* c (faster by 4.0 than) d (faster by 0.7 than) b */
	assert_true(fabs(s->rower[idx('c')].swap - 0.0) < 0.05);
	assert_true(fabs(s->rower[idx('d')].swap - 4.0) < 0.05);
	assert_true(fabs(s->rower[idx('b')].swap - 4.7) < 0.05);
	/* 2 (faster by 3.3 than) 3 (faster by 4.6 than) 4 */
	assert_true(fabs(s->rower[idx('2')].swap - 0.0) < 0.05);
	assert_true(fabs(s->rower[idx('3')].swap - 3.3) < 0.05);
	assert_true(fabs(s->rower[idx('4')].swap - 7.9) < 0.05);
	assert_int_equal(s->rower[idx('c')].group, s->rower[idx('b')].group);
	assert_int_equal(s->rower[idx('2')].group, s->rower[idx('4')].group);
	assert_int_not_equal(s->rower[idx('c')].group,
	    s->rower[idx('2')].group);
	/* "We can't observe the speed of athletes a and 1" */
	assert_int_equal(s->rower[idx('a')].group, -1);
	assert_int_equal(s->rower[idx('1')].group, -1);
	free(s);
}

/* The two-swaps table: each rower's total time and their rank. */
static void
test_two_swaps(void **state)
{
	static const char *const in_r[] = { "ab12", "bd13", "bc23", "ab34",
	    "bd24", "bc14" };
	static const long q[] = { 1640, 1632, 1674, 1606, 1630, 1628 };
	static const long r[] = { 1637, 1645, 1605, 1674, 1647, 1648 };
	static const struct { char who; long total; int rank; } want[] = {
		{ 'c', 9760, 1 }, { 'd', 9840, 2 }, { 'b', 9856, 3 },
		{ 'a', 9874, 4 }, { '2', 9755, 1 }, { '3', 9822, 2 },
		{ '1', 9840, 3 }, { '4', 9914, 4 },
	};
	struct seat_race	*s = calloc(1, sizeof(*s));
	size_t			 i;

	(void)state;
	assert_non_null(s);
	lindig_race(s, in_r, q, r, 6);
	assert_int_equal(seat_analyse(s), 0);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct seat_rower *w = &s->rower[idx(want[i].who)];
		assert_int_equal(w->pieces, 6);
		assert_true(labs(w->total - want[i].total) <= 1);
		assert_int_equal(w->by_time, want[i].rank);
	}
	/* as many unknowns as times: no noise to measure */
	assert_true(s->noise < 0);
	assert_int_equal(s->df, 0);
	free(s);
}

/*
 * A double's four scullers (no sides), five pieces of which two repeat
 * a crew: AB v CD, AC v BD, AD v BC, AB v CD, AC v BD.  The repeats
 * disagree by a few tenths, which is the noise the least squares
 * measures.  The numbers were worked out apart from this code: the
 * piece effects taken out as each piece's margin, D = -(A + B + C),
 * the normal equations solved in exact fractions (each crew time's
 * residual is half its piece's margin's).
 */
static void
test_noise(void **state)
{
	static const char *const crews[][2] = { { "AB", "CD" },
	    { "AC", "BD" }, { "AD", "BC" }, { "AB", "CD" }, { "AC", "BD" } };
	static const long t[][2] = { { 3975, 4026 }, { 3980, 4020 },
	    { 4004, 3996 }, { 3979, 4023 }, { 3976, 4025 } };
	static const double effect[] = { -2.1, -0.275, -0.125, 2.5 };
	static const long total[] = { 19914, 19995, 20001, 20098 };
	struct seat_race	*s = calloc(1, sizeof(*s));
	size_t			 i, k;
	int			 c;

	(void)state;
	assert_non_null(s);
	s->nrowers = 4;
	s->npieces = 5;
	for (i = 0; i < 5; i++)
		for (c = 0; c < 2; c++) {
			for (k = 0; k < 2; k++)
				s->piece[i].crew[c][k] = crews[i][c][k] - 'A';
			s->piece[i].ncrew[c] = 2;
			s->piece[i].tenths[c] = t[i][c];
		}
	assert_int_equal(seat_analyse(s), 0);
	assert_true(s->fitted);
	for (k = 0; k < 4; k++) {
		assert_true(fabs(s->rower[k].effect - effect[k]) < 1e-6);
		assert_int_equal(s->rower[k].total, total[k]);
		assert_int_equal(s->rower[k].rank, (int)k + 1);
	}
	/* RSS 0.325 over 10 times - 9 unknowns + 1 held = 2 */
	assert_int_equal(s->df, 2);
	assert_true(fabs(s->noise - sqrt(0.325 / 2)) < 1e-6);
	assert_true(s->noise > 0.4 && s->noise < 0.41);
	/* B and C are 0.15 s apart, less than the noise: not separable;
	 * A from B and C from D are */
	assert_int_equal(s->rower[0].apart, 1);
	assert_int_equal(s->rower[1].apart, 0);
	assert_int_equal(s->rower[2].apart, 1);
	assert_int_equal(s->rower[3].apart, -1);
	/* one swap: every two pieces whose crews are not the same (A
	 * stays in the first boat, so is never swapped); the repeats
	 * disagree: B beat C by 0.2 and 0.4 s, C beat B by 0.5 and 1.1 s */
	assert_int_equal(s->nswaps, 8);
	assert_int_equal(s->rower[0].group, -1);
	assert_non_null(swap_of(s, 4, 5));
	assert_int_equal(swap_of(s, 4, 5)->faster, 2);
	assert_int_equal(swap_of(s, 1, 5)->faster, 1);
	assert_null(swap_of(s, 1, 4));
	free(s);
}

/* A crew that never changes: its rowers cannot be told apart. */
static void
test_unseparated(void **state)
{
	struct seat_race	*s = calloc(1, sizeof(*s));
	size_t			 i;

	(void)state;
	assert_non_null(s);
	s->nrowers = 4;
	s->npieces = 3;
	for (i = 0; i < 3; i++) {
		s->piece[i].crew[0][0] = 0, s->piece[i].crew[0][1] = 1;
		s->piece[i].crew[1][0] = 2, s->piece[i].crew[1][1] = 3;
		s->piece[i].ncrew[0] = s->piece[i].ncrew[1] = 2;
		s->piece[i].tenths[0] = 4000 + (long)i;
		s->piece[i].tenths[1] = 4010;
	}
	assert_int_equal(seat_analyse(s), 0);
	assert_false(s->fitted);
	assert_int_equal(s->nswaps, 0);
	assert_int_equal(s->rower[0].apart, -1);
	free(s);
}

/* The solver on a small system with a known answer, and a singular one. */
static void
test_solve(void **state)
{
	double	 a[9] = { 0, 2, 1, 1, 1, 1, 2, 1, 3 };
	double	 b[3] = { 7, 6, 13 };
	double	 z[4] = { 1, 2, 2, 4 }, zb[2] = { 1, 2 };

	(void)state;
	assert_int_equal(seat_solve(a, b, 3), 0);
	assert_true(fabs(b[0] - 1) < 1e-9);
	assert_true(fabs(b[1] - 2) < 1e-9);
	assert_true(fabs(b[2] - 3) < 1e-9);
	assert_int_equal(seat_solve(z, zb, 2), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_swap),
		cmocka_unit_test(test_two_swaps),
		cmocka_unit_test(test_noise),
		cmocka_unit_test(test_unseparated),
		cmocka_unit_test(test_solve),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
