/*
 * keyword.c - what an athlete texts (DESIGN.md §4 "An athlete's text"),
 * read first by the words it starts with:
 *
 *	help, stop, start	(and Twilio's other opt-out words)
 *	link			an invitation by text
 *	note <text>		words for the coaches
 *	guess technique 4	the coach's hidden score, guessed
 *	sick [note], injured [note], I'm sick, bin verletzt
 *	mydata, my data		everything stored about them, by email
 *	erg link, erg unlink	their Concept2 Logbook
 *
 * and, when it starts with none, for its scores (grammar.c).  Each kind
 * of text's own file lists its keywords (struct sms_keyword) and places
 * them in the registry (texts.c) at an order key; which keyword wins is
 * that order, in three passes: two words first ("erg link": "erg 7" is
 * a score of a metric erg), then the first word alone (it decides,
 * whatever follows: notes hold anything), then a keyword after the
 * words that lead to it.  Twilio's opt-out and opt-in words are the
 * exception: they act only alone ("STOP", "Stop."), as Twilio's own
 * filtering of them does, give or take a please or the texts a stop
 * names (said_alone()), since they begin everyday sentences too
 * ("cancel tues sorry", "cancelar el martes", "end of the session").
 */
#include <stddef.h>
#include <string.h>

#include "text.h"

/* Which keywords a pass looks at. */
enum pass {
	PASS_TWO,	/* a first word and the second: "my data" */
	PASS_ONE,	/* the first word alone */
	PASS_LEAD	/* a word after the lead words: "I'm sick" */
};

/*
 * The first keyword, in the registry's order, that pass p finds for
 * the words first and second (PASS_TWO only); NULL when none does.
 */
static const struct sms_keyword *
keyword_find(enum pass p, const char *first, const char *second)
{
	const struct sms_text	*t;
	const struct sms_keyword *k;
	size_t			 i;

	for (i = 0; (t = registry_table(&sms_texts, i)) != NULL; i++)
		for (k = t->keywords; k != NULL && k->name != NULL; k++) {
			if (p == PASS_TWO ? k->then == NULL ||
			    !words_is(k->then, second) : k->then != NULL ||
			    (p == PASS_LEAD && !k->lead))
				continue;
			if (words_is(k->name, first))
				return k;
		}
	return NULL;
}

/*
 * "I'm sick", "Hi coach, feeling ill", "je suis malade", "bin
 * verletzt": where a keyword that may follow lead words starts in body
 * after those words (kw.lead, and greetings), itself into *k; NULL when
 * the text does not start so.
 */
static const char *
after_lead(const char *body, const struct sms_keyword **k)
{
	const char	*p = body;
	char		 w[16];
	int		 n;

	for (n = 0; n < 6; n++) {
		token_first(p, w, sizeof(w));
		if (w[0] == '\0')
			return NULL;
		if ((*k = keyword_find(PASS_LEAD, w, NULL)) != NULL)
			return p;
		if (!words_is("kw.lead", w) && !token_polite(w, 0))
			return NULL;
		p = token_past(p);
	}
	return NULL;
}

/*
 * Whether after, what follows a text's opt-out or opt-in word (kind),
 * says nothing more than please ("Stop please", "Arrêtez svp"), or for
 * a stop, the texts it stops and whose ("stop texting me", "STOP SMS
 * please"): no other word, no digit, glued to the word or not
 * ("cancel2moro", "cancel-tues"); punctuation and emoji say nothing.
 * "cancel me", "end me" name no texts: they stop nothing.
 */
static int
said_alone(const char *after, enum sms_kind kind)
{
	static const char *const polite[] = { "kw.polite", NULL };
	static const char *const polite_me[] = { "kw.polite", "kw.stop_me",
	    NULL };
	static const char *const texts[] = { "kw.polite", "kw.stop_me",
	    "kw.stop_texts", NULL };

	if (token_only(after, polite))
		return 1;
	/* every word one of these, and not every one polite or "me" */
	return kind == SMS_STOP && token_only(after, texts) &&
	    !token_only(after, polite_me);
}

/* Whether a word of body is an opt-out word. */
static int
stop_named(const char *body)
{
	const char	*p, *q;
	char		 w[16];

	for (p = body; *p != '\0'; p = q > p ? q : p + 1) {
		token_first(p, w, sizeof(w));
		if (w[0] != '\0' && words_is("kw.stop", w))
			return 1;
		q = token_past(p);
	}
	return 0;
}

/*
 * Reads what an athlete texted (DESIGN.md §4) into *c: its kind, the
 * metric or wellness scores, a note; names (NULL: none) are the team's
 * own words.  Returns 0; a text that says nothing known is kind
 * SMS_UNKNOWN with c->how naming the catalogue's advice, which the
 * reply writes with the team's metrics (unread.c).
 */
int
sms_parse(const char *body, const struct sms_names *names,
    struct sms_cmd *c)
{
	const struct sms_keyword *k = NULL;
	const char	*at = body;
	char		 first[16], second[16] = "";
	char		 rest[SMS_MAX_BYTES + 1];
	size_t		 past = offsetof(struct sms_cmd, text) + sizeof(c->text);

	/* all but the note's 6 KiB, a string read to its end only */
	memset(c, 0, offsetof(struct sms_cmd, text) + 1);
	memset((char *)c + past, 0, sizeof(*c) - past);
	c->kind = SMS_UNKNOWN;
	if (strlen(body) > SMS_MAX_BYTES || utf8_chars(body) > SMS_MAX_BODY) {
		c->how = "sms.too_long";
		return 0;
	}
	token_first(body, first, sizeof(first));
	if (first[0] != '\0') {
		token_rest(body, rest, sizeof(rest));
		token_first(rest, second, sizeof(second));
		if ((k = keyword_find(PASS_TWO, first, second)) == NULL)
			k = keyword_find(PASS_ONE, first, NULL);
		if (k != NULL && (k->kind == SMS_STOP ||
		    k->kind == SMS_START) && !said_alone(token_past(body),
		    k->kind)) {
			c->stop_word = k->kind == SMS_STOP;
			k = NULL;
		}
	}
	if (k == NULL && (at = after_lead(body, &k)) == NULL) {
		grammar_scores(body, names, c);
		/* "please stop", "can you stop texting me": no opt-out, as
		   Twilio hears none, but the answer says how to make one (and
		   "please stop" is no thanks to leave unanswered) */
		if ((c->kind == SMS_UNKNOWN || c->kind == SMS_ACK) &&
		    (c->stop_word || stop_named(body))) {
			c->kind = SMS_UNKNOWN;
			c->stop_word = 1;
		}
		return 0;
	}
	c->kind = k->kind;
	if (k->read != NULL)
		k->read(k, at, names, c);
	return 0;
}
