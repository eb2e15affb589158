/*
 * text.c - small pure string helpers shared by every parser.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"

char *
xstrdup(const char *s)
{
	char	*p;

	if ((p = strdup(s)) == NULL)
		log_error("out of memory");
	return p;
}

/* Strips ASCII white space at both ends, in place; returns the start. */
char *
trim(char *s)
{
	char	*end;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

/*
 * Returns 1 when the n bytes are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing above U+10FFFF), 0 otherwise.
 */
int
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	unsigned	 c, need, min;

	while (p < end) {
		c = *p++;
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1; min = 0x80; c &= 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2; min = 0x800; c &= 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3; min = 0x10000; c &= 0x07;
		} else
			return 0;
		if ((size_t)(end - p) < need)
			return 0;
		while (need-- > 0) {
			if ((*p & 0xc0) != 0x80)
				return 0;
			c = (c << 6) | (*p++ & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return 0;
	}
	return 1;
}

/* "HH:MM" (len bytes) to minutes after midnight; -1 when it is not one. */
int
parse_clock(const char *s, size_t len)
{
	int	 h, m, n = 0;

	if (len != 5 || sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 ||
	    h < 0 || h > 23 || m < 0 || m > 59)
		return -1;
	return h * 60 + m;
}

/*
 * Whether s is a name: not empty, only lower-case ASCII letters, digits
 * and the characters of extra ("_." for "sms.help").
 */
int
name_valid(const char *s, const char *extra)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    strchr(extra, *s) == NULL)
			return 0;
	return 1;
}

int
str_casecmp_ascii(const char *a, const char *b)
{
	int	 ca, cb;

	do {
		ca = tolower((unsigned char)*a++);
		cb = tolower((unsigned char)*b++);
	} while (ca == cb && ca != '\0');
	return ca - cb;
}

void
ascii_lower(char *s)
{
	for (; *s != '\0'; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* A whole decimal number within [min, max]; 0 or -1. Logs nothing. */
int
parse_long(const char *s, long min, long max, long *out)
{
	char	*end;
	long	 v;

	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*
 * The septets UTF-8 text s takes in an SMS of the GSM 03.38 alphabet
 * (its extension table's characters take two), or -1 when a character
 * is not in it and the text would go as UCS-2 (70 characters a
 * segment, not 160).
 */
long
gsm7_length(const char *s)
{
	/* the basic set beyond ASCII, and the extension table */
	static const char *const basic[] = { "£", "¥", "è", "é", "ù", "ì",
	    "ò", "Ç", "Ø", "ø", "Å", "å", "Δ", "Φ", "Γ", "Λ", "Ω", "Π", "Ψ",
	    "Σ", "Θ", "Ξ", "Æ", "æ", "ß", "É", "¤", "¡", "Ä", "Ö", "Ñ", "Ü",
	    "§", "¿", "ä", "ö", "ñ", "ü", "à" };
	size_t	 i, len;
	long	 n = 0;

	while (*s != '\0') {
		if (strchr("^{}\\[~]|", *s) != NULL) {
			n += 2;
			s++;
			continue;
		}
		if (*s == '\n' || *s == '\r' || (*s >= ' ' && *s < 0x7f &&
		    *s != '`')) {
			n++;
			s++;
			continue;
		}
		if (strncmp(s, "€", strlen("€")) == 0) {
			n += 2;
			s += strlen("€");
			continue;
		}
		for (i = 0; i < sizeof(basic) / sizeof(basic[0]); i++)
			if (strncmp(s, basic[i], len = strlen(basic[i])) == 0)
				break;
		if (i == sizeof(basic) / sizeof(basic[0]))
			return -1;
		n++;
		s += len;
	}
	return n;
}

/* How many words, separated by spaces, s has. */
size_t
text_words(const char *s)
{
	const char	*p;
	size_t		 n = 0;

	for (p = s; *p != '\0'; p++)
		if (*p != ' ' && (p == s || p[-1] == ' '))
			n++;
	return n;
}

/* The characters (code points) of a UTF-8 string, not its bytes. */
size_t
utf8_chars(const char *s)
{
	size_t	 n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/*
 * The code point at *s (UTF-8, valid or not: a stray byte is itself),
 * moving *s past it; in lower case for the Latin letters of Western and
 * Central European languages (ASCII, Latin-1, Latin Extended-A), which
 * is what a keyword texted in capitals needs.
 */
static unsigned long
latin_lower_next(const unsigned char **s, const unsigned char *end)
{
	const unsigned char	*p = *s;
	unsigned long		 c = *p;
	int			 n = 0, i;

	if (c >= 0xc0 && c < 0xe0)
		n = 1, c &= 0x1f;
	else if (c >= 0xe0 && c < 0xf0)
		n = 2, c &= 0x0f;
	else if (c >= 0xf0 && c < 0xf8)
		n = 3, c &= 0x07;
	if (p + n >= end)
		n = 0, c = *p;
	for (i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			n = 0, c = *p;
			break;
		}
		c = c << 6 | (p[i] & 0x3f);
	}
	*s = p + n + 1;
	if ((c >= 'A' && c <= 'Z') || (c >= 0xc0 && c <= 0xde && c != 0xd7))
		return c + 0x20;
	if (((c >= 0x100 && c <= 0x137) || (c >= 0x14a && c <= 0x177)) &&
	    c % 2 == 0)
		return c + 1;
	if (((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17e)) &&
	    c % 2 == 1)
		return c + 1;
	return c == 0x178 ? 0xff : c;
}

/*
 * Whether a (alen bytes) and b (blen bytes) are the same word when case
 * is ignored in Latin letters: "SÍ" is "sí", "ARRÊT" is "arrêt".
 */
int
utf8_caseeq(const char *a, size_t alen, const char *b, size_t blen)
{
	const unsigned char	*p = (const unsigned char *)a, *pe = p + alen;
	const unsigned char	*q = (const unsigned char *)b, *qe = q + blen;

	while (p < pe && q < qe)
		if (latin_lower_next(&p, pe) != latin_lower_next(&q, qe))
			return 0;
	return p == pe && q == qe;
}

/*
 * The code points of s, in the case utf8_caseeq() compares, into v (at
 * most max); the count, or SIZE_MAX when s has more.
 */
static size_t
letters(const char *s, unsigned long *v, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + strlen(s);
	size_t			 n = 0;

	while (p < end) {
		if (n == max)
			return SIZE_MAX;
		v[n++] = latin_lower_next(&p, end);
	}
	return n;
}

/*
 * Levenshtein distance over letters (code points, case ignored as
 * utf8_caseeq() ignores it), for "did you mean" suggestions: "seance"
 * is one from "séance", as "Zoe" from "Zoë", where counting bytes made
 * each two.  Words of more than 64 letters are not worth comparing:
 * returns SIZE_MAX.
 */
size_t
edit_distance(const char *a, const char *b)
{
	unsigned long	 va[64], vb[64];
	size_t		 la, lb, i, j, prev, cur, best;
	size_t		 row[65];

	if ((la = letters(a, va, 64)) == SIZE_MAX ||
	    (lb = letters(b, vb, 64)) == SIZE_MAX)
		return SIZE_MAX;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			cur = row[j];
			best = prev + (va[i - 1] != vb[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			prev = cur;
		}
	}
	return row[lb];
}

/*
 * a (alen bytes) in the case utf8_caseeq() compares, as UTF-8 into out
 * (size bytes, NUL-terminated): two words are the same to it exactly
 * when they are the same here.  Returns the length, or size or more
 * when out was too small (out is then cut, and matches nothing).
 */
size_t
utf8_lower(const char *a, size_t alen, char *out, size_t size)
{
	const unsigned char	*p = (const unsigned char *)a, *pe = p + alen;
	unsigned long		 c;
	size_t			 n = 0, k;
	char			 u[4];

	while (p < pe) {
		c = latin_lower_next(&p, pe);
		if (c < 0x80)
			u[0] = (char)c, k = 1;
		else if (c < 0x800)
			u[0] = (char)(0xc0 | c >> 6),
			u[1] = (char)(0x80 | (c & 0x3f)), k = 2;
		else if (c < 0x10000)
			u[0] = (char)(0xe0 | c >> 12),
			u[1] = (char)(0x80 | (c >> 6 & 0x3f)),
			u[2] = (char)(0x80 | (c & 0x3f)), k = 3;
		else
			u[0] = (char)(0xf0 | c >> 18),
			u[1] = (char)(0x80 | (c >> 12 & 0x3f)),
			u[2] = (char)(0x80 | (c >> 6 & 0x3f)),
			u[3] = (char)(0x80 | (c & 0x3f)), k = 4;
		if (n + k < size)
			memcpy(out + n, u, k);
		n += k;
	}
	if (size > 0)
		out[n < size ? n : size - 1] = '\0';
	return n;
}

/*
 * s in lower case with the accents of Latin letters dropped, into out
 * (size bytes, NUL-terminated): "José Álvarez" is "jose alvarez",
 * "Björn Ødegård" "bjorn odegard", "Weiß" "weiss".  A phone keyboard
 * leaves accents out, so this is what a name is matched by when it is
 * not written as the roster has it.  Other characters, and stray bytes
 * of broken UTF-8, are kept as written.  Returns the length the whole
 * of it takes: size or more when out was too small (and was cut).
 */
size_t
latin_fold(const char *s, char *out, size_t size)
{
	/*
	 * The base letter of U+00DF..U+00FF and U+0100..U+017F (Latin-1's
	 * lower case, Latin Extended-A) as latin_lower_next() gives them;
	 * ' ' keeps the character, '*' is written with two letters.
	 */
	static const char latin1[] =
	    "*" "aaaaaa*ceeeeiiii" "dnooooo ouuuuy*y";
	static const char ext_a[] =
	    "aaaaaaccccccccdd" "ddeeeeeeeeeegggg" "gggghhhhiiiiiiii"
	    "ii**jjkkklllllll" "lllnnnnnnnnnoooo" "oo**rrrrrrssssss"
	    "sstttttttuuuuuuu" "uuuuwwyyyzzzzzzs";
	static const struct {
		unsigned long	 c;
		const char	*as;
	} two[] = {
		{ 0xdf, "ss" }, { 0xe6, "ae" }, { 0xfe, "th" },	/* ß æ þ */
		{ 0x133, "ij" }, { 0x153, "oe" },		/* ĳ œ */
	};
	const unsigned char	*p = (const unsigned char *)s, *from;
	const unsigned char	*end = p + strlen(s);
	unsigned long		 c;
	char			 one[2] = "";
	const char		*as;
	size_t			 n = 0, len, i;

	while (p < end) {
		from = p;
		c = latin_lower_next(&p, end);
		/* a stray byte (p - from == 1 beyond ASCII) is no letter */
		one[0] = ' ';
		if (c < 0x80)
			one[0] = (char)c;
		else if (p - from > 1 && c >= 0xdf && c <= 0xff)
			one[0] = latin1[c - 0xdf];
		else if (p - from > 1 && c >= 0x100 && c <= 0x17f)
			one[0] = ext_a[c - 0x100];
		as = one;
		for (i = 0; *as == '*' && i < sizeof(two) / sizeof(two[0]); i++)
			if (two[i].c == c)
				as = two[i].as;
		if (c >= 0x80 && *as == ' ') {
			as = (const char *)from;	/* kept as written */
			len = (size_t)(p - from);
		} else
			len = strlen(as);
		if (n + len < size)
			memcpy(out + n, as, len);
		else if (n < size)
			out[n] = '\0';	/* cut, and no part of a character */
		n += len;
	}
	if (n < size)
		out[n] = '\0';
	return n;
}

/*
 * Rewrites s in place as plain characters where phones and spreadsheets
 * put in others: no-break and other wide spaces become a space, a
 * full-width colon ':'; zero-width spaces go.  With quotes, curly and
 * angle quotes become ' and ", an ellipsis "...", a bullet '-'.
 * (Dashes stay, as comments have them.)
 */
void
text_plain(char *s, int quotes)
{
	static const struct {
		const char	*from;
		const char	*to;
		int		 quote;
	} subst[] = {
		{ "\xc2\xa0", " ", 0 }, { "\xe2\x80\xaf", " ", 0 },
		{ "\xe2\x80\x82", " ", 0 }, { "\xe2\x80\x83", " ", 0 },
		{ "\xe2\x80\x89", " ", 0 }, { "\xef\xbc\x9a", ":", 0 },
		{ "\xe2\x80\x8b", "", 0 }, { "\xef\xbb\xbf", "", 0 },
		{ "\xe2\x80\x98", "'", 1 }, { "\xe2\x80\x99", "'", 1 },
		{ "\xe2\x80\x9c", "\"", 1 }, { "\xe2\x80\x9d", "\"", 1 },
		{ "\xe2\x80\x9e", "\"", 1 }, { "\xc2\xab", "\"", 1 },
		{ "\xc2\xbb", "\"", 1 }, { "\xe2\x80\xa6", "...", 1 },
		{ "\xe2\x80\xa2", "-", 1 },
	};
	char	*w = s;
	size_t	 i, n, k;

	while (*s != '\0') {
		for (i = 0; i < sizeof(subst) / sizeof(subst[0]); i++)
			if ((quotes || !subst[i].quote) && strncmp(s,
			    subst[i].from, n = strlen(subst[i].from)) == 0)
				break;
		if (i == sizeof(subst) / sizeof(subst[0])) {
			*w++ = *s++;
			continue;
		}
		/* never longer than what it replaces: "..." is 3 of 3 */
		k = strlen(subst[i].to);
		memmove(w, subst[i].to, k);
		w += k;
		s += n;
	}
	*w = '\0';
}

/*
 * s's letters and digits into out (size bytes, NUL-terminated), ASCII
 * in lower case and the rest as written, everything else dropped: what
 * a spreadsheet's header or a role is looked up by ("E-mail" is
 * "email", "Téléphone portable" "téléphoneportable", "Head coach"
 * "headcoach"), with utf8_caseeq() for the case beyond ASCII.  Returns
 * its length (one too long for out is cut, and matches nothing).
 */
size_t
roster_squash(const char *s, char *out, size_t size)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = 0;

	for (; *p != '\0' && n + 1 < size; p++)
		if (p[0] == 0xc2 && p[1] == 0xa0)
			p++;		/* a no-break space */
		else if (*p >= 0x80)
			out[n++] = (char)*p;
		else if (isalnum(*p))
			out[n++] = (char)tolower(*p);
	out[n] = '\0';
	return n;
}

/*
 * The SMS segments text takes: 160 GSM-7 septets in one, 153 each when
 * split; 70 UTF-16 units in one, 67 each when split, as soon as one
 * character is outside GSM-7 (a name with "ł", a curly quote).
 */
int
sms_segments(const char *text)
{
	long		 n = gsm7_length(text);
	const unsigned char *p;
	size_t		 u = 0;

	if (n != -1)
		return n <= 160 ? 1 : (int)((n + 152) / 153);
	for (p = (const unsigned char *)text; *p != '\0'; p++)
		if ((*p & 0xc0) != 0x80)
			u += *p >= 0xf0 ? 2 : 1;	/* beyond the BMP: two */
	return u <= 70 ? 1 : (int)((u + 66) / 67);
}

static char	sms_lead_text[96];

#define LEAD_WORDS	32

/* A word of a club's name: where it starts, its bytes, its characters. */
struct lead_word {
	const char	*s;
	size_t		 len, chars;
};

/* The words of name, split at spaces; how many (LEAD_WORDS at most). */
static size_t
lead_words(const char *name, struct lead_word w[LEAD_WORDS])
{
	size_t	 n = 0, i;

	for (;;) {
		while (*name == ' ' || *name == '\t')
			name++;
		if (*name == '\0' || n == LEAD_WORDS)
			return n;
		w[n].s = name;
		w[n].chars = 0;
		for (i = 0; name[i] != '\0' && name[i] != ' ' &&
		    name[i] != '\t'; i++)
			w[n].chars += ((unsigned char)name[i] & 0xc0) != 0x80;
		w[n].len = i;
		name += i;
		n++;
	}
}

/* The characters of words from to to (not included), a space between. */
static size_t
lead_chars(const struct lead_word *w, size_t from, size_t to)
{
	size_t	 c = 0, i;

	for (i = from; i < to; i++)
		c += w[i].chars + (i > from);
	return c;
}

/*
 * Whether a word at the end of a club's name names no club: a year
 * ("von 1882") or a legal form ("e.V.", "Ltd.").
 */
static int
lead_nameless(const struct lead_word *w)
{
	size_t	 i;

	for (i = 0; i < w->len; i++)
		if (isdigit((unsigned char)w->s[i]) || w->s[i] == '.')
			return 1;
	return 0;
}

/* Sets the lead to the first len bytes of s and ": ", whole characters. */
static void
lead_put(const char *s, size_t len)
{
	if (len > sizeof(sms_lead_text) - 3) {
		len = sizeof(sms_lead_text) - 3;
		while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
			len--;
	}
	snprintf(sms_lead_text, sizeof(sms_lead_text), "%.*s: ", (int)len, s);
}

/*
 * Sets what opens every text cox starts: the club's short name and
 * ": ", so an athlete knows who writes.  short_name when given ([team]
 * short_name); else the name, or words of it, in SMS_NAME_MAX
 * characters, a few more than a short name should take, since a name
 * cut to fit may read as any club's ("Ruderclub Wannsee" cut to 16 is
 * "Ruderclub").  The whole name, if need be without a year or legal
 * form at its end ("Ruderverein Münster von 1882 e.V."); else its first
 * word, which often says which club, and as many of its last as fit,
 * which often say where ("Club d'Aviron de Paris": "Club de Paris");
 * else its first words that fit; else the first characters of its first
 * word.  Nothing without either.  Called when the workspace opens,
 * before any thread starts.
 */
void
sms_lead_set(const char *name, const char *short_name)
{
	struct lead_word w[LEAD_WORDS];
	char		 club[96];
	size_t		 n, from, to, i, len;
	int		 dropped = 0;

	sms_lead_text[0] = '\0';
	if (short_name != NULL) {
		if (*short_name != '\0')
			lead_put(short_name, strlen(short_name));
		return;
	}
	if (name == NULL || (n = lead_words(name, w)) == 0)
		return;
	for (; lead_chars(w, 0, n) > SMS_NAME_MAX && n > 1 &&
	    lead_nameless(&w[n - 1]); n--)
		dropped = 1;
	/* and the word that led to them: "von", "of" */
	for (; dropped && n > 1 && islower((unsigned char)w[n - 1].s[0]); n--)
		;
	/* the first word, then words from to to */
	from = 1;
	to = n;
	if (lead_chars(w, 0, n) > SMS_NAME_MAX) {
		for (from = 2; from < n && w[0].chars + 1 +
		    lead_chars(w, from, n) > SMS_NAME_MAX; from++)
			;
		if (from == n)
			for (from = 1, to = 1; to < n &&
			    lead_chars(w, 0, to + 1) <= SMS_NAME_MAX; to++)
				;
	}
	if (to == 1 && w[0].chars > SMS_NAME_MAX) {
		for (i = 0, len = 0; len < w[0].len; len++)
			if (((unsigned char)w[0].s[len] & 0xc0) != 0x80 &&
			    i++ == SMS_NAME_MAX)
				break;
		lead_put(w[0].s, len);
		return;
	}
	len = (size_t)snprintf(club, sizeof(club), "%.*s", (int)w[0].len,
	    w[0].s);
	for (i = from; i < to && len < sizeof(club); i++)
		len += (size_t)snprintf(club + len, sizeof(club) - len,
		    " %.*s", (int)w[i].len, w[i].s);
	lead_put(club, strlen(club));
}

/* What opens every text cox starts ("Riverside RC: "), or "". */
const char *
sms_lead(void)
{
	return sms_lead_text;
}
