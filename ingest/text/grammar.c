/*
 * grammar.c - the scores an athlete texts (DESIGN.md §4
 * "An athlete's text"), read tolerantly from the words and numbers of
 * token.c:
 *
 *	technique 4 fitness 3	self-ratings (metric words are resolved
 *	tech4, Technique: 4	later, so unique prefixes work)
 *	4			a bare score, for the only pending metric
 *	8 4 3 4 3		scores alone, in the order of the prompt
 *	technique 4/5		a score out of the scale's top
 *	erg 1-10: 7		the prompt's scale kept in the reply
 *	sleep 2 stress 5 fatigue 3 sore 4	wellness (Hooper, 1-7)
 *	sleep bad		a check-in item's answer in a word
 *	rpe 7 90, RPE 7, 90 min	a session's effort (CR-10) and minutes;
 *	rpe 7 1h30, rpe 7 1:30	"rpe 7" alone leaves the minutes unsaid,
 *	rpe 7 1,5h, rpe 7 1.5 h	"yesterday", "am" or "pm" may follow
 *	7/10 90'
 *	effort 7 90		an everyday word for it ("Belastung"),
 *				unless the team named a metric or an item so
 *	ok, thanks coach	polite words alone
 *
 * Ratings, wellness and a session's effort may be mixed in one text.
 * What phones add is read past: curly quotes and dashes, "!", emoji, a
 * greeting before and a "thanks" after.  A text that starts with a
 * keyword is read by that keyword's feature first (keyword.c); this is
 * what is left.  The reading is pure; the daemon resolves metric words
 * and the order of positional scores, and writes the reply.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"


/*
 * Whether t is a word that says nothing a text is read for: not a
 * metric's or a check-in item's name, a wellness item, an effort or a
 * polite word.  After "Hi" it is a name: "Hi Maggie! 6, 7, 7.10, 4".
 */
static int
plain_word(const struct token *t, const struct sms_names *names)
{
	const char	*hint;

	return t->word && !t->effort && token_wellness(t->s) == NULL &&
	    !token_polite(t->s, 0) && !token_polite(t->s, 1) &&
	    (names == NULL || ((names->metrics == NULL ||
	    metric_match(names->metrics->v, names->metrics->n, t->s,
	    &hint) == NULL) && checkin_item_match(names->items,
	    t->s) == NULL));
}

/*
 * Drops the polite words before and after what says something ("Thx,
 * 8 7 6:45 5 x"), and the name they greet or sign with: "Hi Maggie"
 * before scores alone
 * (two of them at least, so that "Hi technique 4" keeps its name),
 * "thanks, Ben" after anything.
 */
static int
trim_politeness(struct token tok[], int n, const struct sms_names *names)
{
	int	 from = 0, k, j;

	while (n > 0 && tok[n - 1].word && (token_polite(tok[n - 1].s, 1) ||
	    (n > 1 && plain_word(&tok[n - 1], names) && tok[n - 2].word &&
	    token_polite(tok[n - 2].s, 1))))
		n--;
	while (from < n && tok[from].word && (token_polite(tok[from].s, 0) ||
	    (token_polite(tok[from].s, 1) && n - from > 2)))
		from++;
	for (k = from; from > 0 && k < n && k < from + 2 &&
	    plain_word(&tok[k], names); k++)
		;
	for (j = k; j < n && !tok[j].word; j++)
		;
	if (k > from && j == n && n - k >= 2)
		from = k;
	memmove(tok, tok + from, (size_t)(n - from) * sizeof(*tok));
	return n - from;
}

static int
is_word(const struct token *t, const char *name)
{
	return t->word && words_is(name, t->s);
}

/*
 * A time or a number with tenths, or a whole number past any score
 * ("415" seconds), which a metric of that kind reads.
 */
static int
is_value(const struct token *t)
{
	return !t->word && t->den == 0 &&
	    strspn(t->s, "0123456789:.,") == strlen(t->s) &&
	    (strpbrk(t->s, ":.,") != NULL || (t->mins == 0 &&
	    strlen(t->s) >= 3 && strlen(t->s) <= 7 &&
	    strcmp(t->s, "100") != 0));
}

static int
is_number(const struct token *t)
{
	return !t->word && t->mins == 0 &&
	    strspn(t->s, "0123456789") == strlen(t->s);
}

/*
 * The session's length from tok (n of them on): "90", "90 min", "2 h",
 * "1h30", "90'".  Sets *mins (bounded: the reply checks the range) and
 * returns the tokens it takes, 0 when none says a length.
 */
static int
read_minutes(const struct token *tok, int n, int *mins)
{
	long	 v;

	if (n > 0 && tok[0].mins > 0 && tok[0].den == 0) {
		*mins = tok[0].mins;
		return n > 1 && is_word(&tok[1], "kw.minutes") ? 2 : 1;
	}
	if (n == 0 || !is_number(&tok[0]) || tok[0].den != 0 ||
	    parse_long(tok[0].s, 0, 9999, &v) == -1)
		return 0;
	*mins = (int)v;
	if (n > 1 && is_word(&tok[1], "kw.hours")) {
		*mins = (int)v * 60;
		return 2;
	}
	return n > 1 && is_word(&tok[1], "kw.minutes") ? 2 : 1;
}

/* Past the words said between an effort and its score: "like a". */
static int
past_fillers(const struct token *tok, int n, int j)
{
	while (j < n && is_word(&tok[j], "kw.filler"))
		j++;
	return j;
}

/*
 * Where a session's effort starts at tok[i] (n tokens): "rpe 7" (or
 * "rpe 7/10", "effort 7", "felt like a 6": effort_word()), or a score
 * out of 10 with a length marked as one, "7/10 90'" or "7/10 90 min",
 * that follows no metric's name ("technique 7/10" is a rating); "7/10
 * 6:50" is no session, a time being written so.  Sets s->rpe and
 * returns the tokens it takes, 0 when none starts there, -1 when "rpe"
 * has no score after it, or an everyday word a number that is none
 * ("effort 6.5").
 */
static int
read_effort(const struct token *tok, int n, int i, struct sms_session *s)
{
	long	 v;
	int	 mins, k;

	if (tok[i].effort) {
		k = past_fillers(tok, n, i + 1);
		/* without a number an everyday word is only a word:
		 * "merci pour l'entraînement" */
		if ((k == n || tok[k].word) && !words_is("kw.rpe", tok[i].s))
			return 0;
		/* a metric's shortened name with a score alone is the
		 * metric's: "training 4" */
		if (tok[i].effort == EFFORT_UNLESS_NAME && k < n &&
		    tok[k].mins == 0 && (k + 1 == n ||
		    read_minutes(tok + k + 1, n - k - 1, &mins) == 0))
			return 0;
		if (k == n || !is_number(&tok[k]) ||
		    (tok[k].den != 0 && tok[k].den != 10) ||
		    parse_long(tok[k].s, 0, 100, &v) == -1)
			return -1;
		s->rpe = (int)v;
		return k + 1 - i;
	}
	if (!is_number(&tok[i]) || tok[i].den != 10 ||
	    (i > 0 && tok[i - 1].word) ||
	    parse_long(tok[i].s, 0, 100, &v) == -1)
		return 0;
	if (!(i + 1 < n && tok[i + 1].mins > 0 && !tok[i + 1].colon) &&
	    read_minutes(tok + i + 1, n - i - 1, &mins) != 2)
		return 0;
	s->rpe = (int)v;
	return 1;
}

/*
 * A session's length said before its effort, "did 75 min, felt like a
 * 6", "1h30 rpe 7", ending at tok[i]: sets *mins and returns where it
 * starts (its filler word "did" too), i when none is said there.
 */
static int
minutes_before(const struct token *tok, int i, int *mins)
{
	long	 v;
	int	 from = i;

	if (i >= 2 && is_number(&tok[i - 2]) && tok[i - 2].den == 0 &&
	    parse_long(tok[i - 2].s, 0, 9999, &v) == 0 &&
	    (is_word(&tok[i - 1], "kw.minutes") ||
	    is_word(&tok[i - 1], "kw.hours"))) {
		*mins = (int)v * (is_word(&tok[i - 1], "kw.hours") ? 60 : 1);
		from = i - 2;
	} else if (i >= 1 && tok[i - 1].mins > 0 && tok[i - 1].den == 0) {
		*mins = tok[i - 1].mins;
		from = i - 1;
	} else
		return i;
	return from > 0 && is_word(&tok[from - 1], "kw.filler") ? from - 1 :
	    from;
}

/*
 * Past when a session was at tok[j] (at most two words: "yesterday",
 * "am", "pm" and their translations), noted in s; returns where what
 * follows starts.
 */
static int
read_when(struct token tok[], int n, int j, struct sms_session *s)
{
	int	 k;

	for (k = 0; k < 2 && j < n; k++, j++)
		if (is_word(&tok[j], "kw.yesterday"))
			s->ago = 1;
		else if (is_word(&tok[j], "kw.am"))
			snprintf(s->slot, sizeof(s->slot), "am");
		else if (is_word(&tok[j], "kw.pm"))
			snprintf(s->slot, sizeof(s->slot), "pm");
		else
			break;
	return j;
}

/*
 * The session's length after its effort at tok[j] (n tokens), "90
 * min", "for 90 mins", into *mins: returns where what follows starts.
 */
static int
length_after(const struct token *tok, int n, int j, int *mins)
{
	int	 f = past_fillers(tok, n, j), took;

	if ((took = read_minutes(tok + j, n - j, mins)) > 0)
		return j + took;
	if (f > j && (took = read_minutes(tok + f, n - f, mins)) > 0)
		return f + took;
	return j;
}

/*
 * Takes a session's effort out of tok (n tokens), into c->session:
 * its score, then a length, then "yesterday" and "am" or "pm" in any
 * order; *at is where it was, the tokens before it.  Returns the tokens
 * left, or -1 when the effort is not readable or said twice.
 */
static int
read_session(struct token tok[], int n, struct sms_cmd *c, int *at)
{
	struct sms_session	*s = &c->session;
	int			 i, j, k, took;

	for (i = 0; i < n; i++) {
		if ((took = read_effort(tok, n, i, s)) == -1)
			return -1;
		if (took == 0)
			continue;
		if (s->given)
			return -1;	/* one session a text */
		s->given = 1;
		j = i + took;
		/* "rpe 5 45 min yesterday", "rpe 5 yesterday 45 min",
		 * "rpe 7 for 90 mins" */
		for (k = 0; k < 2; k++) {
			j = read_when(tok, n, j, s);
			if (k == 0)
				j = length_after(tok, n, j, &s->minutes);
		}
		/* or its length before it: "did 75 min, felt like a 6" */
		if (s->minutes == 0)
			i = minutes_before(tok, i, &s->minutes);
		memmove(tok + i, tok + j, (size_t)(n - j) * sizeof(*tok));
		n -= j - i;
		*at = i--;
	}
	return n;
}

/* How an item was felt, in words, on Hooper's scale (1 best, 7 worst). */
static const struct {
	const char	*name;
	int		 level;
} levels[] = {
	{ "kw.level_1", 1 }, { "kw.level_2", 2 }, { "kw.level_4", 4 },
	{ "kw.level_6", 6 }, { "kw.level_7", 7 },
};

/* The level word t says, "bad" 6; 0 when none. */
static int
level_word(const struct token *t)
{
	size_t	 i;

	for (i = 0; t->word && i < sizeof(levels) / sizeof(levels[0]); i++)
		if (words_is(levels[i].name, t->s))
			return levels[i].level;
	return 0;
}

/*
 * Whether tok[j] names a check-in item, wellness (*item set to its
 * Hooper item) or the club's, whose answer a level word may give.
 */
static int
item_word(const struct token *t, const struct sms_names *names,
    const char **item)
{
	*item = t->word ? token_wellness(t->s) : NULL;
	return *item != NULL || (t->word && names != NULL &&
	    checkin_item_match(names->items, t->s) != NULL);
}

/* Drops the words that join two scores: "technique 4 and fitness 3". */
static int
drop_joins(struct token tok[], int n)
{
	int	 j;

	for (j = 1; j + 1 < n; j++)
		if (is_word(&tok[j], "kw.and") && !tok[j - 1].word) {
			memmove(tok + j, tok + j + 1,
			    (size_t)(n - j - 1) * sizeof(*tok));
			n--;
			j--;
		}
	return n;
}

/*
 * Pair p of a metric or an item named by tok[0] and its score tok[1]:
 * a whole number, a time or a number with tenths (the metric reads
 * it), or for a check-in item a level word ("sleep bad": 6, worded).
 * Returns 0, or -1 when tok[1] is none of those.
 */
static int
read_pair(const struct token tok[2], const struct sms_names *names,
    struct sms_pair *p)
{
	const char	*item;
	long		 v = 0;
	size_t		 i;
	int		 items;

	items = item_word(&tok[0], names, &item);
	if (!tok[0].word)
		return -1;
	if (items && level_word(&tok[1]) > 0) {
		v = level_word(&tok[1]);
		p->worded = 1;
		snprintf(p->said, sizeof(p->said), "%s", tok[1].s);
	} else if ((item != NULL || !is_value(&tok[1])) &&
	    parse_long(tok[1].s, 0, 100, &v) == -1)
		return -1;
	if (item == NULL && !p->worded && is_value(&tok[1]))
		memcpy(p->value, tok[1].s, strlen(tok[1].s) + 1);
	/* tokens and item names are shorter than a word's buffer */
	memcpy(p->word, item ? item : tok[0].s,
	    strlen(item ? item : tok[0].s) + 1);
	for (i = 0; p->word[i] != '\0'; i++)
		p->word[i] = (char)tolower((unsigned char)p->word[i]);
	p->score = (int)v;
	p->out_of = tok[1].den;
	p->wellness = item != NULL;
	return 0;
}

/*
 * What a text it could not read comes closest to saying, into c->near:
 * each number, with the word before it when one is there ("feel 4"),
 * else alone, but not one written as a word ("one more thing"); and the
 * first word it could not place, into c->bad.  The daemon writes from
 * them the line the athlete may send back.
 */
static void
read_near(const char *body, const struct sms_names *names,
    struct sms_cmd *c)
{
	struct token	 tok[SMS_MAX_PAIRS * 2 + 1];
	struct sms_pair	*p;
	long		 v;
	int		 n, j, named;

	n = token_split(body, names, tok, (int)(sizeof(tok) / sizeof(tok[0])));
	for (j = 0; j < n && c->nnear < SMS_MAX_PAIRS; j++) {
		if (tok[j].word || tok[j].spelt) {
			if (c->bad[0] == '\0' && !token_polite(tok[j].s, 0) &&
			    !token_polite(tok[j].s, 1) &&
			    (j + 1 == n || tok[j + 1].word))
				memcpy(c->bad, tok[j].s, strlen(tok[j].s) + 1);
			continue;
		}
		p = &c->near[c->nnear];
		named = j > 0 && tok[j - 1].word && !token_polite(tok[j - 1].s,
		    0) && !token_polite(tok[j - 1].s, 1);
		if (named && read_pair(tok + j - 1, names, p) == 0) {
			c->nnear++;
			continue;
		}
		memset(p, 0, sizeof(*p));
		if (is_value(&tok[j]))
			memcpy(p->value, tok[j].s, strlen(tok[j].s) + 1);
		else if (parse_long(tok[j].s, 0, 100, &v) == 0)
			p->score = (int)v;
		else
			continue;
		p->out_of = tok[j].den;
		c->nnear++;
	}
}

/*
 * The scores of a text (or of what follows "guess"): named, alone, or
 * one bare score, and a session's effort beside scores or alone.
 * Sets c's kind, pairs, bare and session; SMS_UNKNOWN with advice, and
 * the closest reading (read_near()), when it holds something else.
 */
void
grammar_scores(const char *body, const struct sms_names *names,
    struct sms_cmd *c)
{
	struct token	 tok[SMS_MAX_PAIRS * 2 + 1];
	const char	*how = "sms.unreadable";
	long		 v;
	int		 n, j, words, at = 0, late = 0;

	n = token_split(body, names, tok, (int)(sizeof(tok) / sizeof(tok[0])));
	if (n > 0 && (n = read_session(tok, n, c, &at)) == -1)
		how = "sms.rpe_how";
	/* a number after a session is its garbled length ("rpe 7 1h75"),
	 * not a score alone as those before it are */
	for (j = at; c->session.given && j < n; j++)
		late |= !tok[j].word;
	words = n;
	if (n >= 0)
		n = drop_joins(tok, trim_politeness(tok, n, names));
	if (n == 0 && words > 0 && !c->session.given) {
		/* "ok", "thanks coach": said, nothing to read */
		c->kind = SMS_ACK;
		snprintf(c->text, sizeof(c->text), "%s", body);
		return;
	}
	/* a unit after a value, "82.5 kg": the metric knows its own */
	for (j = 1; j < n; j++)
		if (tok[j].word && !tok[j - 1].word &&
		    words_is("kw.units", tok[j].s)) {
			memmove(tok + j, tok + j + 1,
			    (size_t)(n - j - 1) * sizeof(*tok));
			n--;
			j--;
		}
	if (n == 0 && c->session.given) {
		c->kind = SMS_RPE;
		return;
	}
	if (c->session.given)
		how = "sms.rpe_how";	/* scores go beside it, not others */
	/* "80,9" alone is one score or two by the metric waiting */
	if (n == 1 && tok[0].den == 0 && !c->session.given &&
	    strchr(tok[0].s, ',') == NULL && !tok[0].word &&
	    (is_value(&tok[0]) || parse_long(tok[0].s, 0, 100, &v) == 0)) {
		c->kind = SMS_BARE;
		if (is_value(&tok[0]))
			memcpy(c->bare_value, tok[0].s, strlen(tok[0].s) + 1);
		else
			c->bare = (int)v;
		return;
	}
	/* scores alone: the daemon knows the order they answer */
	for (j = 0; j < n && !tok[j].word; j++)
		;
	if (n >= 1 && j == n && n <= SMS_MAX_PAIRS && !late) {
		for (j = 0; j < n; j++) {
			if (is_value(&tok[j])) {
				memcpy(c->pairs[j].value, tok[j].s,
				    strlen(tok[j].s) + 1);
				continue;
			}
			if (parse_long(tok[j].s, 0, 100, &v) == -1)
				goto unknown;
			c->pairs[j].score = (int)v;
			c->pairs[j].out_of = tok[j].den;
		}
		c->npairs = (size_t)n;
		c->kind = SMS_POSITIONAL;
		return;
	}
	if (n <= 0 || n % 2 != 0)
		goto unknown;
	for (j = 0; j < n; j += 2)
		if (read_pair(tok + j, names, &c->pairs[c->npairs++]) == -1)
			goto unknown;
	c->kind = SMS_SCORES;
	return;
unknown:
	c->kind = SMS_UNKNOWN;
	memset(c->pairs, 0, sizeof(c->pairs));
	c->npairs = 0;
	memset(&c->session, 0, sizeof(c->session));
	c->how = how;
	if (strcmp(how, "sms.unreadable") == 0) {
		read_near(body, names, c);
		snprintf(c->text, sizeof(c->text), "%s", body);
	}
}
