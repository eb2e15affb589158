/*
 * fuzz_sms.c - libFuzzer harness for the athletes' text grammar.
 * Bodies are UTF-8, as the webhook refuses any other (webhook.c).
 * Invariants: a valid kind (SMS_MYDATA the last), pairs within bounds
 * (words of letters, or none for scores alone; a letter is the
 * grammar's: ASCII, or any byte of a character beyond ASCII), scores
 * 0-100 and tops 1-100, advice for every text it cannot read; a session
 * only alone or beside named scores, its effort 0-100 and its minutes
 * bounded; a value (a time or a number with tenths) of digits, ':' and
 * a decimal mark ('.' or ',') only, terminated, never with a score, a
 * top or a wellness item.  Each body is read as from an athlete whose
 * language writes "82.5", then "82,5" (scores alone keep the comma).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "../../ingest/ingest.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const char *const langs[] = { "en", "fr" };
	struct sms_cmd	 c;
	char		*body;
	size_t		 i, l;
	int		 named;

#define BAD_VALUE(v)	(memchr((v), '\0', sizeof(v)) == NULL || \
	strspn((v), "0123456789:.,") != strlen(v) || \
	((v)[0] != '\0' && !isdigit((unsigned char)(v)[0])))

	if ((body = malloc(size + 1)) == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	if (!utf8_valid(body, size) || strlen(body) != size) {
		free(body);
		return 0;
	}
	for (l = 0; l < sizeof(langs) / sizeof(langs[0]); l++) {
		words_reader(langs[l]);
		sms_parse(body, &c);
		named = c.kind == SMS_SCORES || (c.kind == SMS_GUESS &&
		    !c.positional);
		if (c.kind > SMS_MYDATA || c.npairs > SMS_MAX_PAIRS ||
		    (c.kind == SMS_RPE) != (c.session.given && c.npairs == 0) ||
		    (c.session.given && c.kind != SMS_RPE &&
		    c.kind != SMS_SCORES) ||
		    c.session.rpe < 0 || c.session.rpe > 100 ||
		    c.session.minutes < 0 || c.session.minutes > 9999 * 60 ||
		    (c.kind == SMS_UNKNOWN && c.error[0] == '\0') ||
		    (c.kind != SMS_SCORES && c.kind != SMS_POSITIONAL &&
		    c.kind != SMS_GUESS && c.npairs != 0) ||
		    ((c.kind == SMS_POSITIONAL || c.kind == SMS_GUESS) &&
		    c.npairs == 0))
			abort();
		for (i = 0; i < c.npairs; i++)
			if (named !=
			    (isalpha((unsigned char)c.pairs[i].word[0]) ||
			    (unsigned char)c.pairs[i].word[0] >= 0x80) ||
			    (c.kind == SMS_GUESS && c.pairs[i].wellness) ||
			    c.pairs[i].score < 0 || c.pairs[i].score > 100 ||
			    c.pairs[i].out_of < 0 || c.pairs[i].out_of > 100 ||
			    BAD_VALUE(c.pairs[i].value) ||
			    (c.pairs[i].value[0] && (c.pairs[i].score != 0 ||
			    c.pairs[i].out_of != 0 || c.pairs[i].wellness)))
				abort();
		if (BAD_VALUE(c.bare_value) ||
		    (c.bare_value[0] && c.bare != 0))
			abort();
	}
	free(body);
	return 0;
}
