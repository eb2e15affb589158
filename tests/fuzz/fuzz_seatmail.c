/*
 * fuzz_seatmail.c - libFuzzer harness for the seat racing a coach
 * emails (ingest/seatmail.c).  Invariants: every piece read has two
 * crews of names that are not empty, each within a boat's size, and
 * two times above 0; no more pieces than a race holds; every problem
 * says what it is; and the same text read twice reads the same.
 */
#include <stdlib.h>
#include <string.h>

#include "../../ingest/ingest.h"

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
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct seat_mail a, b;
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
	(void)seatmail_is(text, text);
	seatmail_free(&a);
	seatmail_free(&b);
	free(text);
	return 0;
}
