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

#include "text.h"

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
	    strchr(",;:=.!?()\"'*-&+", *s) != NULL))
		return 1;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (!strncmp(s, wide[i], strlen(wide[i])))
			return strlen(wide[i]);
	return emoji(s);
}

/* A word or a number of a text, with what was written beside it. */
struct token {
	char	 s[33];
	int	 word;		/* letters, or a name such as "2k": no number */
	int	 spelt;		/* a number written as a word, "six" */
	int	 den;		/* "4/5": 5; 0 when not written */
	int	 mins;		/* a length written as one: 90', 1h30, 1:30,
				 * 1,5h */
	int	 colon;		/* that length written 1:30, as a time is */
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

	if (n > 0 && tok[n - 1].word)
		return !tok[n - 1].effort &&
		    wellness_item(tok[n - 1].s) == NULL;
	if (words_decimal() != ',')
		return 0;
	for (i = 0; i < n; i++)
		if (tok[i].word && !politeness(tok[i].s, 0))
			return 0;
	return 1;
}

/*
 * "7m20", "7m20s": minutes and seconds written with an m, as a phone's
 * keyboard hides the colon, after the digits of s (len of them).  Sets
 * out to the time as a metric reads it, "7:20", and returns the bytes
 * it takes past the digits; 0 when s does not go on so.
 */
static size_t
minute_time(const char *s, size_t len, char *out, size_t size)
{
	const char	*m = s + len;
	size_t		 k = 3;

	if (len > 2 || (m[0] != 'm' && m[0] != 'M') ||
	    !isdigit((unsigned char)m[1]) || !isdigit((unsigned char)m[2]) ||
	    m[1] > '5')
		return 0;
	if (m[3] == 's' || m[3] == 'S')
		k = 4;
	if (letter_at(m + k) || isdigit((unsigned char)m[k]))
		return 0;
	snprintf(out, size, "%.*s:%c%c", (int)len, s, m[1], m[2]);
	return k;
}

/*
 * Whether the digits of s (len of them) and the letters after them are
 * one word, as a team names a metric ("2k" of "2k erg"): how many
 * bytes it takes, or 0 when it is a number and its unit ("90min",
 * "2h", "82kg", "6am") that starts no metric's name ("500m" of "500m
 * split" is one), or digits follow the letters.
 */
static size_t
digit_word(const char *s, size_t len, const struct sms_names *names)
{
	const char	*hint;
	char		 w[33];
	size_t		 n = len;

	while (letter_at(s + n))
		n++;
	if (n == len || n >= sizeof(w) || isdigit((unsigned char)s[n]))
		return 0;
	memcpy(w, s, n);
	w[n] = '\0';
	if (names != NULL && names->metrics != NULL &&
	    metric_match(names->metrics->v, names->metrics->n, w,
	    &hint) != NULL)
		return n;
	if (words_is("kw.minutes", w + len) || words_is("kw.hours", w + len) ||
	    words_is("kw.units", w + len) || words_is("kw.am", w + len) ||
	    words_is("kw.pm", w + len))
		return 0;
	return n;
}

/* The catalogue's numbers written as words, "six", "sept", "zehn". */
static const char *const number_words[] = { "kw.num_0", "kw.num_1",
	"kw.num_2", "kw.num_3", "kw.num_4", "kw.num_5", "kw.num_6",
	"kw.num_7", "kw.num_8", "kw.num_9", "kw.num_10" };

/*
 * A word that writes a score, "Six", "sept", into its digits in place;
 * not when it names one of the team's metrics or check-in items.
 * Returns whether it did.
 */
static int
number_word(char *w, size_t size, const struct sms_names *names)
{
	const char	*hint;
	size_t		 i;

	for (i = 0; i < sizeof(number_words) / sizeof(number_words[0]); i++)
		if (words_is(number_words[i], w))
			break;
	if (i == sizeof(number_words) / sizeof(number_words[0]) ||
	    (names != NULL && ((names->metrics != NULL &&
	    metric_match(names->metrics->v, names->metrics->n, w,
	    &hint) != NULL) || checkin_item_match(names->items, w) != NULL)))
		return 0;
	snprintf(w, size, "%zu", i);
	return 1;
}

/*
 * The number at s: its digits, and what is written in one piece with
 * them (a scale copied from the prompt is skipped: *skip set).  Sets
 * *t's text, mins and colon; returns the bytes it takes.
 */
static size_t
number_at(const char *s, const struct token tok[], int n,
    const struct sms_names *names, struct token *t, int *skip)
{
	size_t	 len = 0, hours, more;
	int	 mins = 0;

	*skip = 0;
	while (isdigit((unsigned char)s[len]))
		len++;
	/* a scale copied from the prompt, "erg 1-10: 7" */
	if (s[len] == '-' && isdigit((unsigned char)s[len + 1]) &&
	    n > 0 && tok[n - 1].word) {
		for (len++; isdigit((unsigned char)s[len]); len++)
			;
		*skip = 1;
		return len;
	}
	if ((more = minute_time(s, len, t->s, sizeof(t->s))) > 0)
		return len + more;
	/* hours with tenths, but not as the whole score an effort's word
	 * wants: "rpe 7,5h" is 7 for five hours, as "rpe 7,90" is 7 for
	 * 90 minutes */
	hours = n == 0 || !tok[n - 1].effort ?
	    decimal_hours(s, len, &mins) : 0;
	more = hours > 0 ? hours : duration(s, len, &mins);
	t->colon = hours == 0 && more == 3 && s[len] == ':';
	len += more;
	/* a time or a number's tenths: 6:45.3, 82.5, and 82,5 after a
	 * name ("weight 82,5"; "rpe 7,90" is an effort and a length) or
	 * among scores alone (decimal_comma()); the metric says if it may
	 * be */
	if ((s[len] == '.' || (s[len] == ',' && decimal_comma(tok, n))) &&
	    isdigit((unsigned char)s[len + 1])) {
		for (len++; isdigit((unsigned char)s[len]); len++)
			;
		mins = 0;	/* not a session's length */
		t->colon = 0;
	} else if (more == 0 && mins == 0 &&
	    (more = digit_word(s, len, names)) > 0) {
		t->word = 1;	/* "2k": a metric's name */
		len = more;
	}
	t->mins = mins;
	if (len >= sizeof(t->s))
		return len;	/* the caller refuses it */
	memcpy(t->s, s, len);
	t->s[len] = '\0';
	return len;
}

/*
 * Splits the text into words and numbers: "tech4,fitness: 3/5" gives
 * "tech", "4", "fitness", "3" (and den 5 for the 3); "1h30" is one
 * token of 90 minutes, "7m20" the time 7:20, "six" the number 6.
 * Returns the count, or -1 when the text holds something else (other
 * characters, over-long words).
 */
static int
tokens(const char *s, const struct sms_names *names, struct token tok[],
    int max)
{
	struct token	*t;
	char		 num[4];
	size_t		 len, sep;
	long		 v;
	int		 n = 0, skip;

	while (*s != '\0') {
		if ((sep = separator(s)) > 0) {
			s += sep;
			continue;
		}
		if (n == max)
			return -1;
		t = &tok[n];
		memset(t, 0, sizeof(*t));
		len = 0;
		if (isdigit((unsigned char)*s)) {
			len = number_at(s, tok, n, names, t, &skip);
			if (skip) {
				s += len;
				continue;
			}
		} else if (letter_at(s)) {
			while (letter_at(s + len) || s[len] == '-' ||
			    s[len] == '_' || word_digits(s + len))
				len++;
			if (len < sizeof(t->s)) {
				memcpy(t->s, s, len);
				t->s[len] = '\0';
				t->spelt = number_word(t->s, sizeof(t->s),
				    names);
				t->word = !t->spelt;
			}
		} else
			return -1;
		if (len >= sizeof(t->s))
			return -1;
		t->effort = t->word ? effort_word(t->s, names) : 0;
		s += len;
		/* a score written out of its top: 4/5 */
		if (!t->word && *s == '/' && isdigit((unsigned char)s[1])) {
			for (len = 1; isdigit((unsigned char)s[len]); len++)
				if (len > 3)
					return -1;
			memcpy(num, s + 1, len - 1);
			num[len - 1] = '\0';
			if (parse_long(num, 1, 100, &v) == -1)
				return -1;
			t->den = (int)v;
			s += len;
		}
		n++;
	}
	return n;
}

/*
 * Whether t is a word that says nothing a text is read for: not a
 * metric's or a check-in item's name, a wellness item, an effort or a
 * polite word.  After "Hi" it is a name: "Hi Maggie! 6, 7, 7.10, 4".
 */
static int
plain_word(const struct token *t, const struct sms_names *names)
{
	const char	*hint;

	return t->word && !t->effort && wellness_item(t->s) == NULL &&
	    !politeness(t->s, 0) && !politeness(t->s, 1) &&
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

	while (n > 0 && tok[n - 1].word && (politeness(tok[n - 1].s, 1) ||
	    (n > 1 && plain_word(&tok[n - 1], names) && tok[n - 2].word &&
	    politeness(tok[n - 2].s, 1))))
		n--;
	while (from < n && tok[from].word && (politeness(tok[from].s, 0) ||
	    (politeness(tok[from].s, 1) && n - from > 2)))
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
	*item = t->word ? wellness_item(t->s) : NULL;
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

	n = tokens(body, names, tok, (int)(sizeof(tok) / sizeof(tok[0])));
	for (j = 0; j < n && c->nnear < SMS_MAX_PAIRS; j++) {
		if (tok[j].word || tok[j].spelt) {
			if (c->bad[0] == '\0' && !politeness(tok[j].s, 0) &&
			    !politeness(tok[j].s, 1) &&
			    (j + 1 == n || tok[j + 1].word))
				memcpy(c->bad, tok[j].s, strlen(tok[j].s) + 1);
			continue;
		}
		p = &c->near[c->nnear];
		named = j > 0 && tok[j - 1].word && !politeness(tok[j - 1].s,
		    0) && !politeness(tok[j - 1].s, 1);
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
static void
read_scores(const char *body, const struct sms_names *names,
    struct sms_cmd *c)
{
	struct token	 tok[SMS_MAX_PAIRS * 2 + 1];
	const char	*how = "sms.unreadable";
	long		 v;
	int		 n, j, words, at = 0, late = 0;

	n = tokens(body, names, tok, (int)(sizeof(tok) / sizeof(tok[0])));
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
		c->nnear = 0;
		c->bad[0] = '\0';
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

/* s past its first word and the separators after it. */
static const char *
past_word(const char *s)
{
	size_t	 n;

	s = blank_past(s);
	while (letter_at(s))
		s++;
	while ((n = separator(s)) > 0)
		s += n;
	return s;
}

/*
 * "I'm sick", "Hi coach, feeling ill", "je suis malade", "bin
 * verletzt": where an illness keyword starts in body after the words
 * that lead to it (kw.lead, and greetings), with its name in *name;
 * NULL when the text does not start so.
 */
static const char *
ill_after_lead(const char *body, const char **name)
{
	const char	*p = body;
	char		 w[16];
	int		 k;

	for (k = 0; k < 6; k++) {
		first_word(p, w, sizeof(w));
		if (w[0] == '\0')
			return NULL;
		if (words_is("kw.sick", w) || words_is("kw.injured", w)) {
			*name = words_is("kw.sick", w) ? "kw.sick" :
			    "kw.injured";
			return p;
		}
		if (!words_is("kw.lead", w) && !politeness(w, 0))
			return NULL;
		p = past_word(p);
	}
	return NULL;
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
	const char	*ill, *name;
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
	/* "erg link", "erg unlink": "erg 7" is a score of a metric erg */
	if (words_is("kw.erg", first)) {
		rest_of(body, rest, sizeof(rest));
		first_word(rest, second, sizeof(second));
		if (words_is("kw.link", second) || words_is("kw.unlink",
		    second)) {
			c->kind = words_is("kw.link", second) ? SMS_ERG_LINK :
			    SMS_ERG_UNLINK;
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
	if ((ill = ill_after_lead(body, &name)) != NULL) {
		read_keyword(ill, name, SMS_ILL, names, c);
		return 0;
	}
	read_scores(body, names, c);
	return 0;
}
