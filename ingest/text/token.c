/*
 * token.c - the words and numbers of an athlete's text, as phones write
 * them (DESIGN.md §4 "An athlete's text"): letters of any script, digits
 * with what is written in one piece with them ("4/5", "1h30", "90'",
 * "7m20", "1,5h", "2k"), numbers spelt as words ("six"), and what is
 * read past as a space (curly quotes, dashes, ellipses, emoji).  The
 * grammar (grammar.c) and the keywords (keyword.c) read these; the
 * catalogue's kw. entries say what each word means.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text.h"

/* Hooper items and the catalogue's words people use for them. */
static const struct {
	const char	*name;
	const char	*item;
} wellness_words[] = {
	{ "kw.sleep", "sleep" }, { "kw.stress", "stress" },
	{ "kw.fatigue", "fatigue" }, { "kw.soreness", "soreness" },
};

/* The Hooper item word w names ("sleep" for "sommeil"), or NULL. */
const char *
token_wellness(const char *w)
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
void
token_first(const char *s, char *dst, size_t size)
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

/*
 * Whether s says nothing but words of the catalogue's entries names
 * (NULL-ended): white space, emoji and punctuation say nothing; a
 * digit, another word in any script, or a word longer than any
 * keyword says something.
 */
int
token_only(const char *s, const char *const *names)
{
	char	 w[32];
	size_t	 n, i;

	for (;;) {
		s = blank_past(s);
		if (*s == '\0')
			return 1;
		if (isdigit((unsigned char)*s))
			return 0;
		if ((n = separator(s)) > 0 || !letter_at(s)) {
			s += n > 0 ? n : 1;	/* "&", "(", "#", "/" */
			continue;
		}
		for (n = 0; letter_at(s); s++) {
			if (n + 1 == sizeof(w))
				return 0;
			w[n++] = *s;
		}
		w[n] = '\0';
		for (i = 0; names[i] != NULL && !words_is(names[i], w); i++)
			continue;
		if (names[i] == NULL)
			return 0;
	}
}

/* Copies the text after the first word, trimmed, into dst. */
void
token_rest(const char *body, char *dst, size_t size)
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
int
token_polite(const char *w, int after)
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
 * scores at a scale's, "4,3" (positional.c).  Where "82.5" is
 * written, "4,3" alone stays two scores.
 */
static int
decimal_comma(const struct token tok[], int n)
{
	int	 i;

	if (n > 0 && tok[n - 1].word)
		return !tok[n - 1].effort &&
		    token_wellness(tok[n - 1].s) == NULL;
	if (words_decimal() != ',')
		return 0;
	for (i = 0; i < n; i++)
		if (tok[i].word && !token_polite(tok[i].s, 0))
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
int
token_split(const char *s, const struct sms_names *names, struct token tok[],
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


/* s past its first word and the separators after it. */
const char *
token_past(const char *s)
{
	size_t	 n;

	s = blank_past(s);
	while (letter_at(s))
		s++;
	while ((n = separator(s)) > 0)
		s += n;
	return s;
}
