/*
 * phone.c - phone numbers as people write them in spreadsheets
 * ("07700 900123", "(201) 555-0123", "+44 (0)7700 900123",
 * "0044 7700 900123", "0712 123456") made into E.164 ("+447700900123"),
 * and refused, with the reason, when no text can reach them.
 *
 * A number without an international prefix is read in the team's
 * default country.  The numbering plans are libphonenumber's, every
 * country it knows (through phonenumber.cc); what is decided here is
 * which kinds of line a team may text: mobiles, and numbers a plan
 * cannot tell from a mobile (the US's); VoIP numbers too, since many
 * take texts and Twilio says so for those that do not.  Landlines,
 * pagers, forwarding and service numbers are refused.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "plumbing.h"

int
phone_country_known(const char *iso)
{
	return iso != NULL && strlen(iso) == 2 && phonenumber_region_known(iso);
}

/*
 * A mobile number as the people of country write it, for examples in
 * help texts: libphonenumber's example for the country, but Britain's
 * own range for drama (phone_fictional()) in Britain, and in E.164,
 * which reads anywhere, when the library knows none.  Returns out.
 */
const char *
phone_example(const char *country, char out[PHONE_EXAMPLE_MAX])
{
	if (country != NULL && strcasecmp(country, "GB") == 0)
		snprintf(out, PHONE_EXAMPLE_MAX, "07700 900123");
	else if (country == NULL || phonenumber_example(country, out,
	    PHONE_EXAMPLE_MAX) == -1)
		snprintf(out, PHONE_EXAMPLE_MAX, "+447700900123");
	return out;
}

/*
 * Keeps the digits of s, noting a leading "+" and dropping a "(0)" that
 * follows a country code.  Returns -1 on letters or other junk.
 */
static int
phone_digits(const char *s, char *digits, size_t size, int *plus)
{
	size_t	 n = 0;

	*plus = 0;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+') {
		*plus = 1;
		s++;
	}
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s)) {
			if (n + 1 >= size)
				return -1;
			digits[n++] = *s;
		} else if (strncmp(s, "(0)", 3) == 0 && n > 0) {
			s += 2;
		} else if (strchr(" -.()/\t\xc2\xa0", *s) == NULL)
			return -1;
	}
	digits[n] = '\0';
	return 0;
}

/*
 * Ofcom keeps 07700 900000 to 07700 900999 for drama: no phone will
 * ever have one, so libphonenumber calls them invalid.  The demo, the
 * tests and the manuals use them, and they are taken as mobiles; the
 * one exception to the numbering plans, and no other number is let
 * through by it (a text to one fails at Twilio, as it should).
 */
static int
phone_fictional(const char *e164)
{
	return strlen(e164) == 13 && strncmp(e164, "+447700900", 10) == 0;
}

/*
 * The reason a number written without '+' was refused, naming country,
 * where it was read: a French mobile read in Britain "has the wrong
 * number of digits" only there.  name is the catalogue's, with the
 * country's %s; plain, the reason without it, should memory run out.
 * In the calling thread's buffer.
 */
static const char *
read_in(const char *name, const char *plain, const char *country)
{
	static __thread char buf[320];
	struct buf	 b = { 0 };
	char		 cc[3] = "";
	size_t		 i;

	for (i = 0; i < 2 && country[i] != '\0'; i++)
		cc[i] = (char)toupper((unsigned char)country[i]);
	if (words_printf(&b, NULL, name, cc) == -1 || b.data == NULL) {
		buf_free(&b);
		return words_get(NULL, plain);
	}
	snprintf(buf, sizeof(buf), "%s", b.data);
	buf_free(&b);
	return buf;
}

/*
 * Whether a number of this kind can receive texts: 0, or -1 with the
 * reason in *why, in the reader's words (a coach's reply, or the
 * team's language).  plus and digits are the number as written,
 * country where it was read when written without '+'.
 */
static int
phone_textable(enum phone_kind kind, int plus, const char *digits,
    const char *country, const char **why)
{
	switch (kind) {
	case PHONE_MOBILE:
	case PHONE_VOIP:
		return 0;
	case PHONE_NOCOUNTRY:
		*why = words_get(NULL, plus ? "mail.phone_no_code" :
		    "mail.phone_no_country");
		break;
	case PHONE_LENGTH:
	case PHONE_UNKNOWN:
		*why = words_get(NULL, kind == PHONE_LENGTH ?
		    "mail.phone_length" : "mail.phone_unused");
		if (kind == PHONE_LENGTH && strlen(digits) > 15)
			*why = words_get(NULL, "mail.phone_too_long");
		else if (!plus && country != NULL)	/* read in country */
			*why = kind == PHONE_LENGTH ? read_in(
			    "mail.phone_length_in", "mail.phone_length",
			    country) : read_in("mail.phone_unused_in",
			    "mail.phone_unused", country);
		break;
	case PHONE_FIXED:
		*why = words_get(NULL, "mail.phone_landline");
		break;
	case PHONE_PAGER:
		*why = words_get(NULL, "mail.phone_pager");
		break;
	case PHONE_PERSONAL:
		*why = words_get(NULL, "mail.phone_personal");
		break;
	case PHONE_SERVICE:
		*why = words_get(NULL, "mail.phone_service");
		break;
	}
	return -1;
}

/*
 * Whether s is a number as E.164 writes it and as numbers are stored:
 * "+", then 2 to 15 digits, the first not 0.  Shape only: whether such
 * a number is in use is phone_normalize()'s to say.
 */
int
phone_e164_shaped(const char *s)
{
	size_t	 n = strlen(s);

	return n >= 3 && n <= 16 && s[0] == '+' && s[1] != '0' &&
	    strspn(s + 1, "0123456789") == n - 1;
}

/*
 * The E.164 number of a WhatsApp address as Twilio writes one
 * ("whatsapp:+447700900123"), or NULL when address is not one (a plain
 * number included).  Points into address.
 */
const char *
phone_whatsapp(const char *address)
{
	static const char prefix[] = "whatsapp:";

	if (strncmp(address, prefix, sizeof(prefix) - 1) != 0)
		return NULL;
	return address + sizeof(prefix) - 1;
}

/*
 * Reads in as libphonenumber does, in country when it has no
 * international prefix: its E.164 form in out, its kind in *kind, and
 * in *plus and digits what was written.  Returns -1 with *why when in
 * is no number's characters or memory ran out.
 */
static int
phone_read(const char *in, const char *country, char out[PHONE_MAX],
    enum phone_kind *kind, int *plus, char digits[32], const char **why)
{
	char	 number[34];

	*why = NULL;
	if (phone_digits(in, digits, 32, plus) == -1) {
		*why = words_get(NULL, "mail.phone_chars");
		return -1;
	}
	if (!*plus && strncmp(digits, "00", 2) == 0) {
		memmove(digits, digits + 2, strlen(digits + 2) + 1);
		*plus = 1;
	}
	if (*plus && digits[0] == '0') {
		*kind = PHONE_NOCOUNTRY;
		return 0;
	}
	snprintf(number, sizeof(number), "%s%s", *plus ? "+" : "", digits);
	if (phonenumber_read(number, *plus ? "ZZ" : country ? country : "",
	    out, kind) == OUT_FAILED) {
		*why = "could not be read (out of memory)";
		return -1;
	}
	if (*kind == PHONE_UNKNOWN && phone_fictional(out))
		*kind = PHONE_MOBILE;
	return 0;
}

/*
 * Writes the E.164 form of in to out.  country is the default for
 * numbers written without an international prefix.  On failure returns
 * -1 and points *why at a short reason; a number no text can reach
 * (a landline, an invalid number) fails.
 */
int
phone_normalize(const char *in, const char *country, char out[PHONE_MAX],
    const char **why)
{
	char		 digits[32];
	enum phone_kind	 kind;
	int		 plus;

	if (phone_read(in, country, out, &kind, &plus, digits, why) == -1)
		return -1;
	return phone_textable(kind, plus, digits, country, why);
}

/*
 * Whether s is a number of its country's plan, of any kind: a landline
 * is one (which the import refuses for what it is), "01522" is not.
 */
static int
phone_is_number(const char *s, const char *country)
{
	char		 out[PHONE_MAX], digits[32];
	const char	*why;
	enum phone_kind	 kind;
	int		 plus;

	return phone_read(s, country, out, &kind, &plus, digits, &why) == 0 &&
	    kind != PHONE_NOCOUNTRY && kind != PHONE_LENGTH &&
	    kind != PHONE_UNKNOWN;
}

/*
 * Adds a piece of a cell to out; after a '/' (slash), it joins the piece
 * before when the two make one number and are not two numbers already:
 * Germans write "01522/3456789", area code or network and number.
 */
static int
phone_piece(struct strlist *out, const char *piece, const char *country,
    int slash)
{
	char	 joined[260], *before, *one;

	if (slash && out->n > 0) {
		before = out->v[out->n - 1];
		snprintf(joined, sizeof(joined), "%s/%s", before, piece);
		if (phone_is_number(joined, country) &&
		    (!phone_is_number(before, country) ||
		    !phone_is_number(piece, country))) {
			if ((one = xstrdup(joined)) == NULL)
				return -1;
			free(before);
			out->v[out->n - 1] = one;
			return 0;
		}
	}
	return strlist_add(out, piece);
}

/*
 * Splits a spreadsheet cell that may hold several numbers ("07700
 * 900123 / 07700 900456", one per line, or separated by ';', ',', '|'
 * or the word "or") into trimmed, non-empty pieces.  A slash between
 * the parts of one number of country ("01522/3456789") is kept.
 */
int
phone_split(const char *cell, const char *country, struct strlist *out)
{
	char	 piece[128], *s;
	size_t	 n = 0;
	int	 slash = 0;
	const char *p;

	for (p = cell;; p++) {
		int end = *p == '\0' || strchr("/;,|\n", *p) != NULL ||
		    ((p == cell || isspace((unsigned char)p[-1])) &&
		    (p[0] == 'o' || p[0] == 'O') &&
		    (p[1] == 'r' || p[1] == 'R') &&
		    isspace((unsigned char)p[2]));
		if (!end) {
			if (n + 1 < sizeof(piece))
				piece[n++] = *p;
			else
				return -1;
			continue;
		}
		piece[n] = '\0';
		s = trim(piece);
		if (*s != '\0' && phone_piece(out, s, country, slash) == -1)
			return -1;
		slash = *p == '/' && *s != '\0';
		n = 0;
		if (*p == '\0')
			break;
		if (*p == 'o' || *p == 'O')
			p++;
	}
	return 0;
}

/*
 * The provider's error code in what was recorded: the code itself from
 * a status callback, or "(error 21610)" in the outbox's own words.
 */
const char *
phone_error_code(const char *text, char *buf, size_t size)
{
	const char	*p = strstr(text, "error ");
	size_t		 n;

	if (*text != '\0' && strspn(text, "0123456789") == strlen(text))
		return text;
	if (p == NULL || (n = strspn(p + 6, "0123456789")) == 0 || n >= size)
		return "";
	memcpy(buf, p + 6, n);
	buf[n] = '\0';
	return buf;
}

/*
 * What an operator or coach can do about a Twilio error code on a text
 * (the codes Twilio documents for messages): the catalogue's entry
 * page.hint_sms_CODE; NULL for a code that has none.
 */
const char *
phone_error_hint(const char *code)
{
	char	 name[32];

	if (code == NULL || *code == '\0' || strlen(code) > 8 ||
	    strspn(code, "0123456789") != strlen(code))
		return NULL;
	snprintf(name, sizeof(name), "page.hint_sms_%s", code);
	return words_find(NULL, name);
}
