/*
 * grammar.c - what athletes text (DESIGN.md §4 "An athlete's text"),
 * read tolerantly:
 *
 *	technique 4 fitness 3	self-ratings (metric words are resolved
 *	tech4, Technique: 4	later, so unique prefixes work)
 *	4			a bare score, for the only pending metric
 *	8 4 3 4 3		scores alone, in the order of the prompt
 *	technique 4/5		a score out of the scale's top
 *	erg 1-10: 7		the prompt's scale kept in the reply
 *	sleep 2 stress 5 fatigue 3 sore 4	wellness (Hooper, 1-7)
 *	sick [note], injured [note]
 *	guess technique 4	what the coach's hidden score is, before
 *	guess 4 3		the reveal (named, or in the waiting order)
 *	rpe 7 90, RPE 7, 90 min	a session's effort (CR-10) and minutes;
 *	rpe 7 1h30, rpe 7 1:30	"rpe 7" alone leaves the minutes unsaid,
 *	rpe 7 1,5h, rpe 7 1.5 h	"yesterday", "am" or "pm" may follow
 *	7/10 90'
 *	effort 7 90		an everyday word for it ("Belastung"),
 *				unless the team named a metric or an item so
 *	note <text>
 *	link, help, stop, start	(and Twilio's other opt-out words)
 *	mydata, my data		everything stored about them, by email
 *
 * Ratings, wellness and a session's effort may be mixed in one text.
 * What phones add is read past: curly quotes and dashes, "!", emoji, a
 * greeting before and a "thanks" after.  The parser is pure; the daemon resolves metric words
 * and the order of positional scores, and writes the reply; it hands
 * the parser only the names of its metrics and check-in items, which
 * win over an everyday word for a session's effort.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"

/* The keywords (lib/words/: kw.NAME, aliases in every language). */
static const struct {
	const char	*name;
	enum sms_kind	 kind;
} keywords[] = {
	{ "kw.help", SMS_HELP }, { "kw.stop", SMS_STOP },
	{ "kw.start", SMS_START }, { "kw.link", SMS_LINK },
	{ "kw.note", SMS_NOTE }, { "kw.guess", SMS_GUESS },
	{ "kw.sick", SMS_ILL }, { "kw.injured", SMS_ILL },
	{ "kw.mydata", SMS_MYDATA },
};

/* Hooper items and the catalogue's words people use for them. */
static const struct {
	const char	*name;
	const char	*item;
} wellness_words[] = {
	{ "kw.sleep", "sleep" }, { "kw.stress", "stress" },
	{ "kw.fatigue", "fatigue" }, { "kw.soreness", "soreness" },
};

static const char *
wellness_item(const char *w)
{
	size_t	 i;

	for (i = 0; i < sizeof(wellness_words) / sizeof(wellness_words[0]); i++)
		if (words_is(wellness_words[i].name, w))
			return wellness_words[i].item;
	return NULL;
}

/*
 * Whether c may be in a word: an ASCII letter, or any byte of a UTF-8
 * character beyond ASCII, so that "arrêt", "müde" and "sueño" are words
 * as "stop" is (what they mean is the catalogue's to say).
 */
static int
letter(unsigned char c)
{
	return isalpha(c) || c >= 0x80;
}

static size_t	separator(const char *);
static size_t	emoji(const char *);

/* s past white space and emoji, which read as a space. */
static const char *
blank_past(const char *s)
{
	size_t	 n;

	for (;;)
		if (isspace((unsigned char)*s))
			s++;
		else if ((n = emoji(s)) > 0)
			s += n;
		else
			return s;
}

/* Whether the word at s goes on at s: a letter, not a curly quote. */
static int
letter_at(const char *s)
{
	return letter((unsigned char)*s) && ((unsigned char)*s < 0x80 ||
	    separator(s) == 0);
}

/*
 * Whether the digits at s belong to the word they follow: when letters
 * end the word after them, as a metric "ergo2k" does.  "sleep3" is a
 * word and a score, and so are both halves of "sleep3stress2" and
 * "tech4fit3".
 */
static int
word_digits(const char *s)
{
	size_t	 n = strspn(s, "0123456789");

	if (n == 0 || !letter_at(s + n))
		return 0;
	while (letter_at(s + n))
		n++;
	return !isdigit((unsigned char)s[n]);
}

/* The first word: letters, or a lone '?'. */
static void
first_word(const char *s, char *dst, size_t size)
{
	size_t	 n = 0;

	s = blank_past(s);
	if (*s == '?') {
		snprintf(dst, size, "?");
		return;
	}
	while (letter_at(s) && n + 1 < size)
		dst[n++] = *s++;
	dst[n] = '\0';
	if (letter_at(s))
		dst[0] = '\0';		/* longer than any keyword */
}

/* Copies the text after the first word, trimmed, into dst. */
static void
rest_of(const char *body, char *dst, size_t size)
{
	const char	*p = blank_past(body);

	while (*p != '\0' && !isspace((unsigned char)*p) && *p != ',' &&
	    *p != ':')
		p++;
	while (isspace((unsigned char)*p) || *p == ',' || *p == ':' ||
	    *p == '-')
		p++;
	snprintf(dst, size, "%s", p);
	while (*dst != '\0' && isspace((unsigned char)dst[strlen(dst) - 1]))
		dst[strlen(dst) - 1] = '\0';
}

/*
 * Words said around the scores, read past: a greeting before, thanks
 * (or kisses) after.
 */
static int
politeness(const char *w, int after)
{
	return words_is(after ? "kw.thanks" : "kw.hello", w);
}

/*
 * How many bytes at s are an emoji or a piece of one, 0 when none.
 * Athletes put them anywhere in a text, so they read as a space (the
 * text itself is kept as sent).  The ranges hold pictographs and
 * symbols only, no letter or digit of any script (not the dingbat
 * digits U+2776-2793, nor the enclosed alphanumerics), and what joins
 * or dresses them: the zero-width joiner, the keycap, the text and
 * emoji variation selectors, skin tones (U+1F3FB-1F3FF), regional
 * indicators (flags) and tags (a region's flag).  Only well-formed
 * UTF-8 is read, stopping at a byte that does not continue it (the
 * NUL too); any other byte stays a letter, as before.
 */
static size_t
emoji(const char *s)
{
	static const struct {
		unsigned	 lo, hi;
	} pictographic[] = {
		{ 0x200d, 0x200d },	/* zero-width joiner */
		{ 0x203c, 0x203c },	/* double exclamation mark */
		{ 0x2049, 0x2049 },	/* exclamation question mark */
		{ 0x20e3, 0x20e3 },	/* combining enclosing keycap */
		{ 0x2190, 0x21ff },	/* arrows */
		{ 0x2300, 0x23ff },	/* miscellaneous technical: watch */
		{ 0x25a0, 0x25ff },	/* geometric shapes */
		{ 0x2600, 0x2775 },	/* symbols, dingbats: sun, check */
		{ 0x2794, 0x27bf },	/* dingbats after their digits */
		{ 0x2934, 0x2935 },	/* curved arrows */
		{ 0x2b00, 0x2bff },	/* symbols and arrows: star, circle */
		{ 0xfe0e, 0xfe0f },	/* text and emoji presentation */
		{ 0x1f000, 0x1f0ff },	/* mahjong, domino, playing cards */
		{ 0x1f1e6, 0x1f1ff },	/* regional indicators */
		{ 0x1f300, 0x1faff },	/* pictographs, emoticons, skin tones */
		{ 0xe0020, 0xe007f },	/* tags */
	};
	const unsigned char	*p = (const unsigned char *)s;
	unsigned		 c;
	size_t			 i, len;

	if (p[0] >= 0xe0 && p[0] <= 0xef) {
		len = 3;
		c = p[0] & 0x0f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		len = 4;
		c = p[0] & 0x07;
	} else
		return 0;	/* none is ASCII or two bytes long */
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < (len == 3 ? 0x800u : 0x10000u))
		return 0;	/* overlong */
	for (i = 0; i < sizeof(pictographic) / sizeof(pictographic[0]); i++)
		if (c >= pictographic[i].lo && c <= pictographic[i].hi)
			return len;
	return 0;
}

/*
 * How many bytes of s are a separator: white space and the punctuation
 * phones put between words and scores, curly quotes, dashes, ellipses,
 * no-break spaces and emoji (UTF-8) included; 0 when s is not one.
 */
static size_t
separator(const char *s)
{
	static const char *const wide[] = { "\xc2\xa0", "\xe2\x80\x98",
	    "\xe2\x80\x99", "\xe2\x80\x9c", "\xe2\x80\x9d",
	    "\xe2\x80\x93", "\xe2\x80\x94", "\xe2\x80\xa6" };
	size_t	 i;

	if (*s != '\0' && (isspace((unsigned char)*s) ||
	    strchr(",;:=.!?()\"'*-", *s) != NULL))
		return 1;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (!strncmp(s, wide[i], strlen(wide[i])))
			return strlen(wide[i]);
	return emoji(s);
}

/* A word or a number of a text, with what was written beside it. */
struct token {
	char	 s[33];
	int	 den;		/* "4/5": 5; 0 when not written */
	int	 mins;		/* a length written as one: 90', 1h30, 1:30,
				 * 1,5h */
	int	 effort;	/* a word a session's effort follows:
				 * EFFORT_WORD, or EFFORT_UNLESS_NAME */
};

enum { EFFORT_WORD = 1, EFFORT_UNLESS_NAME };

/*
 * Whether w says a session's effort follows: the scale's name ("rpe",
 * kw.rpe), or an everyday word for it ("effort", "Belastung",
 * kw.effort) that the team has not given a metric or a check-in item,
 * as a club may: "effort 4" then rates their metric Effort.  A word
 * that starts one metric's name, as the team may shorten it ("training"
 * of "Training attendance"), is EFFORT_UNLESS_NAME: an effort only
 * with a length after its score (read_effort()), so "training 4" rates
 * the metric and "training 6 90" is a session.
 */
static int
effort_word(const char *w, const struct sms_names *names)
{
	const char	*hint;

	if (words_is("kw.rpe", w))
		return EFFORT_WORD;
	if (!words_is("kw.effort", w))
		return 0;
	if (names == NULL)
		return EFFORT_WORD;
	if ((names->metrics != NULL && metric_named(names->metrics->v,
	    names->metrics->n, w) != NULL) ||
	    checkin_item_match(names->items, w) != NULL)
		return 0;
	return names->metrics != NULL && metric_match(names->metrics->v,
	    names->metrics->n, w, &hint) != NULL ? EFFORT_UNLESS_NAME :
	    EFFORT_WORD;
}

/*
 * How many bytes at s write a number's minute mark (90', 90’, 90′); 0
 * when s is not one.
 */
static size_t
minute_mark(const char *s)
{
	if (*s == '\'')
		return 1;
	if (!strncmp(s, "\xe2\x80\x99", 3) || !strncmp(s, "\xe2\x80\xb2", 3))
		return 3;
	return 0;
}

/*
 * Hours with tenths after the digits of s (len of them), "1,5h",
 * "1.5h", "1,5 h", "1.5 hours", "1,5 Std.": a decimal comma as French
 * and German write one, and the hours' word after it, which says this
 * is no score.  Sets *mins and returns the bytes it takes past the
 * digits, the word included; 0, *mins untouched, when none is written.
 */
static size_t
decimal_hours(const char *s, size_t len, int *mins)
{
	const char	*f = s + len + 1;	/* the tenths */
	char		 unit[16];
	size_t		 d, gap, u;

	if (len > 3 || (s[len] != '.' && s[len] != ',') ||
	    !isdigit((unsigned char)*f))
		return 0;
	for (d = 0; isdigit((unsigned char)f[d]); d++)
		;
	gap = f[d] == ' ';
	for (u = 0; letter_at(f + d + gap + u); u++)
		if (u + 1 == sizeof(unit))
			return 0;	/* longer than any such word */
	memcpy(unit, f + d + gap, u);
	unit[u] = '\0';
	if (d > 2 || !words_is("kw.hours", unit))
		return 0;
	/* "1.25h" is 75 minutes; "1.33h" the nearest whole minute */
	*mins = atoi(s) * 60 + (atoi(f) * 60 + (d == 1 ? 5 : 50)) /
	    (d == 1 ? 10 : 100);
	return 1 + d + gap + u;
}

/*
 * The length of a session written in one piece after the digits of s
 * (len of them): "1h30", "2h", "1:30", or "90'" (its mark is left to
 * be read past as a separator).  Sets *mins and returns the bytes it
 * takes past the digits; 0, *mins untouched, when none is written.
 */
static size_t
duration(const char *s, size_t len, int *mins)
{
	const char	*m = s + len + 1;	/* the minutes after h or : */
	int		 h = atoi(s);
	size_t		 d;

	if (len > 3)
		return 0;
	if (s[len] == 'h' || s[len] == 'H') {
		for (d = 0; isdigit((unsigned char)m[d]); d++)
			;
		/* "1hr" is a number and a word; "1h30min" a length */
		if (d > 2 || (d == 0 && letter((unsigned char)m[0])) ||
		    (d > 0 && atoi(m) > 59))
			return 0;
		*mins = h * 60 + (d > 0 ? atoi(m) : 0);
		return 1 + d;
	}
	if (s[len] == ':' && isdigit((unsigned char)m[0]) &&
	    isdigit((unsigned char)m[1]) && !isdigit((unsigned char)m[2]) &&
	    atoi(m) < 60) {
		*mins = h * 60 + atoi(m);
		return 3;
	}
	if (minute_mark(s + len) > 0)
		*mins = h;
	return 0;
}

/*
 * Whether a comma between digits may be a decimal mark: after the name
 * of a metric, not after an effort or a check-in item (whole numbers);
 * and among scores alone when the reader's language writes decimals
 * with a comma, "4 6:25,0 80,9", where the daemon reads the token by
 * the metric at its place: a time's or a number's tenths, or two whole
 * scores at a scale's, "4,3" (reply.c).  Where "82.5" is written, "4,3"
 * alone stays two scores.
 */
static int
decimal_comma(const struct token tok[], int n)
{
	int	 i;

	if (n > 0 && letter((unsigned char)tok[n - 1].s[0]))
		return !tok[n - 1].effort &&
		    wellness_item(tok[n - 1].s) == NULL;
	if (words_decimal() != ',')
		return 0;
	for (i = 0; i < n; i++)
		if (letter((unsigned char)tok[i].s[0]) &&
		    !politeness(tok[i].s, 0))
			return 0;
	return 1;
}

/*
 * Splits the text into words and numbers: "tech4,fitness: 3/5" gives
 * "tech", "4", "fitness", "3" (and den 5 for the 3); "1h30" is one
 * token of 90 minutes.  Returns the count, or -1 when the text holds
 * something else (other characters, over-long words).
 */
static int
tokens(const char *s, const struct sms_names *names, struct token tok[],
    int max)
{
	char	 num[4];
	size_t	 len, sep, hours;
	long	 v;
	int	 n = 0, mins;

	while (*s != '\0') {
		if ((sep = separator(s)) > 0) {
			s += sep;
			continue;
		}
		if (n == max)
			return -1;
		len = 0;
		mins = 0;
		if (isdigit((unsigned char)*s)) {
			while (isdigit((unsigned char)s[len]))
				len++;
			/* a scale copied from the prompt, "erg 1-10: 7" */
			if (s[len] == '-' && isdigit((unsigned char)s[len + 1]) &&
			    n > 0 && letter((unsigned char)tok[n - 1].s[0])) {
				for (len++; isdigit((unsigned char)s[len]); len++)
					;
				s += len;
				continue;
			}
			/* hours with tenths, but not as the whole score an
			 * effort's word wants: "rpe 7,5h" is 7 for five
			 * hours, as "rpe 7,90" is 7 for 90 minutes */
			hours = n == 0 || !tok[n - 1].effort ?
			    decimal_hours(s, len, &mins) : 0;
			len += hours > 0 ? hours : duration(s, len, &mins);
			/* a time or a number's tenths: 6:45.3, 82.5, and
			 * 82,5 after a name ("weight 82,5"; "rpe 7,90" is
			 * an effort and a length) or among scores alone
			 * (decimal_comma()); the metric says if it may be */
			if ((s[len] == '.' || (s[len] == ',' &&
			    decimal_comma(tok, n))) &&
			    isdigit((unsigned char)s[len + 1])) {
				for (len++; isdigit((unsigned char)s[len]); len++)
					;
				mins = 0;	/* not a session's length */
			}
		} else if (letter_at(s))
			while (letter_at(s + len) || s[len] == '-' ||
			    s[len] == '_' || word_digits(s + len))
				len++;
		else
			return -1;
		if (len >= sizeof(tok[n].s))
			return -1;
		memcpy(tok[n].s, s, len);
		tok[n].s[len] = '\0';
		tok[n].den = 0;
		tok[n].mins = mins;
		tok[n].effort = letter((unsigned char)tok[n].s[0]) ?
		    effort_word(tok[n].s, names) : 0;
		s += len;
		/* a score written out of its top: 4/5 */
		if (isdigit((unsigned char)tok[n].s[0]) && *s == '/' &&
		    isdigit((unsigned char)s[1])) {
			for (len = 1; isdigit((unsigned char)s[len]); len++)
				if (len > 3)
					return -1;
			memcpy(num, s + 1, len - 1);
			num[len - 1] = '\0';
			if (parse_long(num, 1, 100, &v) == -1)
				return -1;
			tok[n].den = (int)v;
			s += len;
		}
		n++;
	}
	return n;
}

/* Drops the polite words before and after what says something. */
static int
trim_politeness(struct token tok[], int n)
{
	int	 from = 0;

	while (n > 0 && letter((unsigned char)tok[n - 1].s[0]) &&
	    politeness(tok[n - 1].s, 1))
		n--;
	while (from < n && letter((unsigned char)tok[from].s[0]) &&
	    politeness(tok[from].s, 0))
		from++;
	memmove(tok, tok + from, (size_t)(n - from) * sizeof(*tok));
	return n - from;
}

static int
is_word(const struct token *t, const char *name)
{
	return letter((unsigned char)t->s[0]) && words_is(name, t->s);
}

/* A time or a number with tenths, which a metric of that kind reads. */
static int
is_value(const struct token *t)
{
	return isdigit((unsigned char)t->s[0]) && t->den == 0 &&
	    strspn(t->s, "0123456789:.,") == strlen(t->s) &&
	    strpbrk(t->s, ":.,") != NULL;
}

static int
is_number(const struct token *t)
{
	return isdigit((unsigned char)t->s[0]) && t->mins == 0 &&
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

/*
 * Where a session's effort starts at tok[i] (n tokens): "rpe 7" (or
 * "rpe 7/10", "effort 7": effort_word()), or a score out of 10 with a
 * length marked as one, "7/10 90'" or "7/10 90 min", that follows no
 * metric's name ("technique 7/10" is a rating).  Sets s->rpe and
 * returns the tokens it takes, 0 when none starts there, -1 when "rpe"
 * has no score after it, or an everyday word a number that is none
 * ("effort 6.5").
 */
static int
read_effort(const struct token *tok, int n, int i, struct sms_session *s)
{
	long	 v;
	int	 mins;

	if (tok[i].effort) {
		/* without a number an everyday word is only a word:
		 * "merci pour l'entraînement" */
		if ((i + 1 == n || !isdigit((unsigned char)tok[i + 1].s[0])) &&
		    !words_is("kw.rpe", tok[i].s))
			return 0;
		/* a metric's shortened name with a score alone is the
		 * metric's: "training 4" */
		if (tok[i].effort == EFFORT_UNLESS_NAME && i + 1 < n &&
		    tok[i + 1].mins == 0 && (i + 2 == n ||
		    read_minutes(tok + i + 2, n - i - 2, &mins) == 0))
			return 0;
		if (i + 1 == n || !is_number(&tok[i + 1]) ||
		    (tok[i + 1].den != 0 && tok[i + 1].den != 10) ||
		    parse_long(tok[i + 1].s, 0, 100, &v) == -1)
			return -1;
		s->rpe = (int)v;
		return 2;
	}
	if (!is_number(&tok[i]) || tok[i].den != 10 ||
	    (i > 0 && letter((unsigned char)tok[i - 1].s[0])) ||
	    parse_long(tok[i].s, 0, 100, &v) == -1)
		return 0;
	if (!(i + 1 < n && tok[i + 1].mins > 0) &&
	    read_minutes(tok + i + 1, n - i - 1, &mins) != 2)
		return 0;
	s->rpe = (int)v;
	return 1;
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
 * Takes a session's effort out of tok (n tokens), into c->session:
 * its score, then a length, then "yesterday" and "am" or "pm" in any
 * order.  Returns the tokens left, or -1 when the effort is not
 * readable or said twice.
 */
static int
read_session(struct token tok[], int n, struct sms_cmd *c)
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
		/* "rpe 5 45 min yesterday", "rpe 5 yesterday 45 min" */
		for (k = 0; k < 2; k++) {
			j = read_when(tok, n, j, s);
			if (k == 0)
				j += read_minutes(tok + j, n - j, &s->minutes);
		}
		memmove(tok + i, tok + j, (size_t)(n - j) * sizeof(*tok));
		n -= j - i;
		i--;
	}
	return n;
}

/*
 * The scores of a text (or of what follows "guess"): named, alone, or
 * one bare score, and a session's effort beside named scores or alone.
 * Sets c's kind, pairs, bare and session; SMS_UNKNOWN with advice when
 * it holds something else.
 */
static void
read_scores(const char *body, const struct sms_names *names,
    struct sms_cmd *c)
{
	struct token	 tok[SMS_MAX_PAIRS * 2 + 1];
	const char	*item, *how = "sms.unreadable";
	long		 v;
	size_t		 i;
	int		 n, j, words;

	n = tokens(body, names, tok, (int)(sizeof(tok) / sizeof(tok[0])));
	if (n > 0 && (n = read_session(tok, n, c)) == -1)
		how = "sms.rpe_how";
	words = n;
	if (n >= 0)
		n = trim_politeness(tok, n);
	if (n == 0 && words > 0 && !c->session.given) {
		/* "ok", "thanks coach": said, nothing to read */
		c->kind = SMS_ACK;
		snprintf(c->text, sizeof(c->text), "%s", body);
		return;
	}
	/* a unit after a value, "82.5 kg": the metric knows its own */
	for (j = 1; j < n; j++)
		if (letter((unsigned char)tok[j].s[0]) &&
		    isdigit((unsigned char)tok[j - 1].s[0]) &&
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
		how = "sms.rpe_how";	/* only named scores go beside it */
	/* "80,9" alone is one score or two by the metric waiting */
	if (n == 1 && tok[0].den == 0 && !c->session.given &&
	    strchr(tok[0].s, ',') == NULL &&
	    (is_value(&tok[0]) || parse_long(tok[0].s, 0, 100, &v) == 0)) {
		c->kind = SMS_BARE;
		if (is_value(&tok[0]))
			memcpy(c->bare_value, tok[0].s, strlen(tok[0].s) + 1);
		else
			c->bare = (int)v;
		return;
	}
	/* scores alone: the daemon knows the order they answer */
	for (j = 0; j < n && isdigit((unsigned char)tok[j].s[0]); j++)
		;
	if (n >= 1 && j == n && n <= SMS_MAX_PAIRS && !c->session.given) {
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
	for (j = 0; j < n; j += 2) {
		item = letter((unsigned char)tok[j].s[0]) ?
		    wellness_item(tok[j].s) : NULL;
		if (!letter((unsigned char)tok[j].s[0]) ||
		    ((item != NULL || !is_value(&tok[j + 1])) &&
		    parse_long(tok[j + 1].s, 0, 100, &v) == -1))
			goto unknown;
		if (item == NULL && is_value(&tok[j + 1])) {
			memcpy(c->pairs[c->npairs].value, tok[j + 1].s,
			    strlen(tok[j + 1].s) + 1);
			v = 0;
		}
		/* tokens and item names are shorter than a word's buffer */
		memcpy(c->pairs[c->npairs].word, item ? item : tok[j].s,
		    strlen(item ? item : tok[j].s) + 1);
		for (i = 0; c->pairs[c->npairs].word[i] != '\0'; i++)
			c->pairs[c->npairs].word[i] = (char)tolower(
			    (unsigned char)c->pairs[c->npairs].word[i]);
		c->pairs[c->npairs].score = (int)v;
		c->pairs[c->npairs].out_of = tok[j + 1].den;
		c->pairs[c->npairs].wellness = item != NULL;
		c->npairs++;
	}
	c->kind = SMS_SCORES;
	return;
unknown:
	c->kind = SMS_UNKNOWN;
	c->npairs = 0;
	memset(&c->session, 0, sizeof(c->session));
	c->how = how;
}

/*
 * "guess technique 4", "guess 4 3": what the athlete thinks their
 * coach's hidden scores are, named or in the order of what waits.
 */
static void
read_guess(const char *body, const struct sms_names *names,
    struct sms_cmd *c)
{
	char	 rest[SMS_MAX_BYTES + 1];
	size_t	 i;

	rest_of(body, rest, sizeof(rest));
	read_scores(rest, names, c);
	if (c->kind == SMS_BARE) {
		c->pairs[0].score = c->bare;
		memcpy(c->pairs[0].value, c->bare_value,
		    sizeof(c->pairs[0].value));
		c->npairs = 1;
		c->kind = SMS_POSITIONAL;
	}
	for (i = 0; i < c->npairs; i++)
		if (c->pairs[i].wellness)
			c->kind = SMS_UNKNOWN;
	if (c->session.given || c->kind == SMS_ACK)
		c->kind = SMS_UNKNOWN;
	if (c->kind == SMS_UNKNOWN) {
		c->text[0] = '\0';
		c->npairs = 0;
		memset(&c->session, 0, sizeof(c->session));
		c->how = "sms.guess_how";
		return;
	}
	c->positional = c->kind == SMS_POSITIONAL;
	c->kind = SMS_GUESS;
}

/* A text whose first word is keyword name, of kind. */
static void
read_keyword(const char *body, const char *name, enum sms_kind kind,
    const struct sms_names *names, struct sms_cmd *c)
{
	c->kind = kind;
	if (kind == SMS_ILL)
		snprintf(c->illness, sizeof(c->illness), "%s",
		    strcmp(name, "kw.injured") == 0 ? "injured" : "sick");
	if (kind == SMS_NOTE || kind == SMS_ILL)
		rest_of(body, c->text, sizeof(c->text));
	if (kind == SMS_NOTE && c->text[0] == '\0') {
		c->kind = SMS_UNKNOWN;
		c->how = "sms.note_how";
	}
	if (kind == SMS_GUESS)
		read_guess(body, names, c);
}

/*
 * Reads what an athlete texted (DESIGN.md §4) into *c: its kind, the
 * metric or wellness scores, a note; names (NULL: none) are the team's
 * own words.  Returns 0; a text that says nothing known is kind
 * SMS_UNKNOWN with c->how naming the catalogue's advice, which the
 * reply writes with the team's metrics (reply.c).
 */
int
sms_parse(const char *body, const struct sms_names *names,
    struct sms_cmd *c)
{
	char		 first[16], second[16];
	char		 rest[SMS_MAX_BYTES + 1];
	size_t		 i;

	memset(c, 0, sizeof(*c));
	c->kind = SMS_UNKNOWN;
	if (strlen(body) > SMS_MAX_BYTES || utf8_chars(body) > SMS_MAX_BODY) {
		c->how = "sms.too_long";
		return 0;
	}
	/* the first word decides, whatever follows (notes hold anything) */
	first_word(body, first, sizeof(first));
	/* "my data", "mes données": the second word does */
	if (words_is("kw.my", first)) {
		rest_of(body, rest, sizeof(rest));
		first_word(rest, second, sizeof(second));
		if (words_is("kw.mydata", second)) {
			c->kind = SMS_MYDATA;
			return 0;
		}
	}
	if (first[0] != '\0')
		for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
			if (words_is(keywords[i].name, first)) {
				read_keyword(body, keywords[i].name,
				    keywords[i].kind, names, c);
				return 0;
			}
	read_scores(body, names, c);
	return 0;
}
