/*
 * fuzz_seatmail.c - libFuzzer harness for the seat racing a coach
 * emails (ingest/seatmail.c).  Invariants: every piece read has two
 * crews of names that are not empty, each within a boat's size, and
 * two times above 0, and when nothing is wrong at least one name; no
 * more pieces than a race holds; every problem says what it is; and
 * the same text read twice reads the same.  A
 * race seatmail_act() would keep (no problem, each name a rower by
 * its spelling, no one twice in a piece, crews of one size) is worked
 * out (lib/seatrace.c): every figure it keeps is finite, every rank
 * within the side, and each swap within the race.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../../ingest/mail/mail.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void
check(const struct seat_mail *sm)
{
	size_t	 i, k;
	int	 c;

	if (sm->n > SEAT_MAX_PIECES)
		abort();
	for (i = 0; i < sm->n; i++)
		for (c = 0; c < 2; c++) {
			if (sm->v[i].tenths[c] <= 0 ||
			    sm->v[i].n[c] > SEAT_MAX_CREW || sm->v[i].line == 0)
				abort();
			for (k = 0; k < sm->v[i].n[c]; k++)
				if (sm->v[i].name[c][k] == NULL ||
				    sm->v[i].name[c][k][0] == '\0')
					abort();
		}
	for (i = 0; i < sm->errors.n; i++)
		if (sm->errors.v[i].what == NULL)
			abort();
	/* a piece read without a problem has a rower in each crew */
	for (i = 0; sm->errors.n == 0 && i < sm->n; i++)
		if (sm->v[i].n[0] == 0 || sm->v[i].n[1] == 0)
			abort();
}

/*
 * sm as seatmail_act() would work it out, names standing for rowers as
 * written, into s: 0, or -1 when it would be refused.
 */
static int
race_of(const struct seat_mail *sm, const char **names,
    struct seat_race *s)
{
	size_t	 i, k, j;
	int	 c, r;

	memset(s, 0, sizeof(*s));
	if (sm->errors.n > 0 || sm->n < 2)
		return -1;
	for (i = 0; i < sm->n; i++) {
		struct seat_piece *p = &s->piece[s->npieces++];
		if (sm->v[i].n[0] != sm->v[i].n[1])
			return -1;
		for (c = 0; c < 2; c++) {
			p->tenths[c] = sm->v[i].tenths[c];
			for (k = 0; k < sm->v[i].n[c]; k++) {
				for (r = 0; r < (int)s->nrowers; r++)
					if (strcmp(names[r],
					    sm->v[i].name[c][k]) == 0)
						break;
				if (r == (int)s->nrowers) {
					if (r == SEAT_MAX_ROWERS)
						return -1;
					names[r] = sm->v[i].name[c][k];
					s->rower[r].name = names[r];
					/* a side by the name's first byte */
					s->rower[r].side = (enum seat_side)
					    ((unsigned char)names[r][0] % 3);
					s->nrowers++;
				}
				for (j = 0; j < p->ncrew[0] + p->ncrew[1]; j++)
					if ((j < p->ncrew[0] ? p->crew[0][j] :
					    p->crew[1][j - p->ncrew[0]]) == r)
						return -1;
				p->crew[c][p->ncrew[c]++] = r;
			}
		}
	}
	return 0;
}

/* The figures seat_analyse() gave s, checked. */
static void
check_race(struct seat_race *s)
{
	size_t	 i;

	if (seat_analyse(s) == -1)
		abort();
	if (!(s->noise == -1 || (isfinite(s->noise) && s->noise >= 0)))
		abort();
	for (i = 0; i < s->nrowers; i++) {
		const struct seat_rower *w = &s->rower[i];
		if (w->pieces < 1 || w->rank < 1 ||
		    w->rank > (int)s->nrowers || w->by_time < 1 ||
		    w->by_time > (int)s->nrowers || !isfinite(w->swap) ||
		    w->swap < 0 || (s->fitted && !isfinite(w->effect)))
			abort();
	}
	for (i = 0; i < s->nswaps; i++)
		if (s->swap[i].from >= s->swap[i].to ||
		    s->swap[i].to >= s->npieces || s->swap[i].tenths < 0 ||
		    s->swap[i].faster == s->swap[i].slower)
			abort();
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static struct seat_race race;	/* large: not on the stack */
	struct seat_mail a, b;
	const char	*names[SEAT_MAX_ROWERS];
	char		*text;

	log_setup("fuzz_seatmail", 0, LOGL_SILENT);
	if (memchr(data, '\0', size) != NULL ||
	    (text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (seatmail_parse(text, &a) == -1 || seatmail_parse(text, &b) == -1)
		abort();
	check(&a);
	if (a.n != b.n || a.errors.n != b.errors.n)
		abort();
	if (race_of(&a, names, &race) == 0)
		check_race(&race);
	(void)seatmail_is(text, text);
	seatmail_free(&a);
	seatmail_free(&b);
	free(text);
	return 0;
}
