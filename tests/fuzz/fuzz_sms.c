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
 * language writes "82.5", then "82,5" (scores alone keep the comma),
 * each time for no team's names and for a team that named a metric and
 * a check-in item with everyday words for a session's effort.
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
	static char	 slug[] = "effort", name[] = "Training";
	static struct metric metric = { .slug = slug, .name = name };
	static const struct metric_set metrics = { &metric, 1 };
	static const struct checkin_items items = { .n = 1,
	    .v = { { 0, "belastung", "Belastung", 1, 7, 0, 0 } } };
	static const struct sms_names team = { &metrics, &items };
	const struct sms_names *teams[] = { NULL, &team };
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
	for (l = 0; l < 2 * sizeof(langs) / sizeof(langs[0]); l++) {
		words_reader(langs[l / 2]);
		sms_parse(body, teams[l % 2], &c);
		named = c.kind == SMS_SCORES || (c.kind == SMS_GUESS &&
		    !c.positional);
		if (c.kind > SMS_MYDATA || c.npairs > SMS_MAX_PAIRS ||
		    (c.kind == SMS_RPE) != (c.session.given && c.npairs == 0) ||
		    (c.session.given && c.kind != SMS_RPE &&
		    c.kind != SMS_SCORES) ||
		    c.session.rpe < 0 || c.session.rpe > 100 ||
		    c.session.minutes < 0 || c.session.minutes > 9999 * 60 ||
		    (c.kind == SMS_UNKNOWN && c.how == NULL) ||
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
