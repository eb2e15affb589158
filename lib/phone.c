/*
 * phone.c - phone numbers as people write them in spreadsheets
 * ("07700 900123", "(555) 010-4477", "+44 (0)7700 900123",
 * "0044 7700 900123") made into E.164 ("+447700900123").
 *
 * A number without an international prefix is read in the team's
 * default country: the national trunk prefix is dropped and the
 * country's calling code added.  This is not a numbering-plan database:
 * it checks the lengths that countries' plans allow for the countries
 * it knows, and E.164's 15-digit limit for the rest.
 */
#include <ctype.h>
#include <string.h>

#include "lib.h"

struct country {
	const char	*iso;		/* ISO 3166-1 alpha-2 */
	const char	*cc;		/* calling code */
	const char	*trunk;		/* national prefix dropped, "" if none */
	unsigned	 min, max;	/* significant national digits */
};

static const struct country countries[] = {
	{ "AT", "43", "0", 4, 13 },
	{ "AU", "61", "0", 9, 9 },
	{ "BE", "32", "0", 8, 9 },
	{ "BR", "55", "0", 10, 11 },
	{ "CA", "1", "1", 10, 10 },
	{ "CH", "41", "0", 9, 9 },
	{ "CZ", "420", "", 9, 9 },
	{ "DE", "49", "0", 6, 13 },
	{ "DK", "45", "", 8, 8 },
	{ "ES", "34", "", 9, 9 },
	{ "FI", "358", "0", 5, 12 },
	{ "FR", "33", "0", 9, 9 },
	{ "GB", "44", "0", 9, 10 },
	{ "GR", "30", "", 10, 10 },
	{ "HU", "36", "06", 8, 9 },
	{ "IE", "353", "0", 7, 9 },
	{ "IN", "91", "0", 10, 10 },
	{ "IT", "39", "", 6, 11 },	/* the leading 0 is part of the number */
	{ "JP", "81", "0", 9, 10 },
	{ "NL", "31", "0", 9, 9 },
	{ "NO", "47", "", 8, 8 },
	{ "NZ", "64", "0", 8, 10 },
	{ "PL", "48", "", 9, 9 },
	{ "PT", "351", "", 9, 9 },
	{ "SE", "46", "0", 7, 9 },
	{ "US", "1", "1", 10, 10 },
	{ "ZA", "27", "0", 9, 9 },
};

static const struct country *
country_by_iso(const char *iso)
{
	size_t	 i;

	for (i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
		if (str_casecmp_ascii(countries[i].iso, iso) == 0)
			return &countries[i];
	return NULL;
}

int
phone_country_known(const char *iso)
{
	return iso != NULL && country_by_iso(iso) != NULL;
}

/* The known country whose calling code starts the digits, if any. */
static const struct country *
country_by_digits(const char *digits)
{
	size_t	 i;

	for (i = 0; i < sizeof(countries) / sizeof(countries[0]); i++)
		if (strncmp(digits, countries[i].cc,
		    strlen(countries[i].cc)) == 0)
			return &countries[i];
	return NULL;
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

/* "+" cc national; the caller checked that at most 15 digits result. */
static void
e164_write(char out[PHONE_MAX], const char *cc, const char *national)
{
	size_t	 a = strlen(cc), b = strlen(national);

	out[0] = '+';
	memcpy(out + 1, cc, a);
	memcpy(out + 1 + a, national, b);
	out[1 + a + b] = '\0';
}

/*
 * Writes the E.164 form of in to out.  country is the default for
 * numbers written without an international prefix.  On failure returns
 * -1 and points *why at a short reason.
 */
int
phone_normalize(const char *in, const char *country, char out[PHONE_MAX],
    const char **why)
{
	const struct country	*c;
	char			 digits[32];
	const char		*national;
	size_t			 len;
	int			 plus;

	*why = NULL;
	if (phone_digits(in, digits, sizeof(digits), &plus) == -1) {
		*why = "has characters that are not part of a phone number";
		return -1;
	}
	if (!plus && strncmp(digits, "00", 2) == 0) {
		memmove(digits, digits + 2, strlen(digits + 2) + 1);
		plus = 1;
	}
	if (plus) {
		if (digits[0] == '0' || digits[0] == '\0') {
			*why = "does not start with a country code after '+'";
			return -1;
		}
		c = country_by_digits(digits);
		national = c != NULL ? digits + strlen(c->cc) : NULL;
	} else {
		national = digits;
		if ((c = country_by_iso(country ? country : "")) == NULL) {
			*why = "has no country code and no known default "
			    "country is set";
			return -1;
		}
	}
	if (c != NULL) {
		/*
		 * "07700 900123" at home, "+44 07700 900123" abroad: where
		 * a country has a trunk prefix, no number starts with it.
		 */
		len = strlen(c->trunk);
		if (len > 0 && strncmp(national, c->trunk, len) == 0)
			national += len;
		len = strlen(national);
		if (len < c->min || len > c->max) {
			*why = "has the wrong number of digits";
			return -1;
		}
		if (strlen(c->cc) + len > 15) {
			*why = "is longer than 15 digits";
			return -1;
		}
		e164_write(out, c->cc, national);
		return 0;
	}
	len = strlen(digits);
	if (len < 7 || len > 15) {
		*why = "has the wrong number of digits";
		return -1;
	}
	e164_write(out, "", digits);
	return 0;
}

/*
 * Splits a spreadsheet cell that may hold several numbers ("07700
 * 900123 / 07700 900456", one per line, or separated by ';', ',', '|'
 * or the word "or") into trimmed, non-empty pieces.
 */
int
phone_split(const char *cell, struct strlist *out)
{
	char	 piece[128];
	size_t	 n = 0;
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
		if (*trim(piece) != '\0' && strlist_add(out, trim(piece)) == -1)
			return -1;
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
