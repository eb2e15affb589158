/*
 * fuzz_ratemail.c - libFuzzer harness for the coach's rating format:
 * the same bytes as a body (stripped of quotes and signature, then
 * parsed) and as a CSV attachment.  Invariants: every parsed line has
 * an athlete, a metric or a place in the order, and a line number
 * within the text; no score is beyond the parser's bounds (a whole
 * number's, a time's or a number's tenths); every span
 * and problem is within the text.  What a refusal quotes back of the
 * text (every athlete refused) is written without fault.
 */
#include <stdlib.h>
#include <string.h>

#include "../../ingest/ingest.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static void
check(const struct rm_parse *p, unsigned long lines)
{
	size_t	 i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].athlete[0] == '\0' || (p->v[i].metric[0] == '\0' &&
		    p->v[i].pos <= 0) || p->v[i].line == 0 ||
		    p->v[i].line > lines || p->v[i].score < 0 ||
		    (p->v[i].max >= 0 && (p->v[i].score > 9999999 ||
		    p->v[i].max > 1000)) || (p->v[i].max < 0 &&
		    ((p->v[i].max != RM_TENTHS && p->v[i].max != RM_TIME) ||
		    p->v[i].score > 1000000)))
			abort();
	for (i = 0; i < p->nspans; i++)
		if (p->spans[i].first > p->spans[i].last ||
		    p->spans[i].last > lines || p->spans[i].head > lines)
			abort();
	for (i = 0; i < p->errors.n; i++)
		if (p->errors.v[i].line > lines || p->errors.v[i].what == NULL)
			abort();
}

/* The refusal of every athlete of p, quoted from text. */
static void
quote_all(const char *text, const struct rm_parse *p)
{
	struct rm_result r = { .errors = p->errors };
	struct buf	 out = { 0 };

	if ((r.refused = malloc(p->nspans + 1)) == NULL)
		return;
	memset(r.refused, 1, p->nspans + 1);
	if (ratemail_refusals(text, p, &r, &out) == -1 && !buf_failed(&out))
		abort();
	free(r.refused);
	buf_free(&out);
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct rm_parse	 p = { 0 };
	char		*text;
	unsigned long	 lines = 1, csv_lines = 1;
	size_t		 i;

	log_setup("fuzz_ratemail", 0, LOGL_SILENT);
	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	/* the text splits at LF; CSV also at a lone CR (old Mac exports) */
	for (i = 0; i < size; i++) {
		lines += data[i] == '\n';
		csv_lines += data[i] == '\n' || (data[i] == '\r' &&
		    (i + 1 == size || data[i + 1] != '\n'));
	}
	ratemail_strip(text);
	ratemail_parse_text(text, &p);
	check(&p, lines);
	quote_all(text, &p);
	ratemail_free(&p);
	ratemail_parse_csv((const char *)data, size, &p);
	check(&p, csv_lines);
	ratemail_free(&p);
	free(text);
	return 0;
}
