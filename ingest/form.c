/*
 * form.c - application/x-www-form-urlencoded bodies, as Twilio posts
 * them: split in place into name and value pairs, decoded with
 * libmicrohttpd's unescaper.  Signatures over them: twilio_sig.c.
 */
#include <string.h>

#include <microhttpd.h>

#include "ingest.h"

/*
 * Splits an application/x-www-form-urlencoded body in place into
 * params (decoded with libmicrohttpd's unescaper).  Returns the count,
 * or -1 when there are more than max.
 */
int
form_parse(char *body, struct form_param *params, size_t max)
{
	char	*pair, *eq, *save = NULL, *p;
	size_t	 n = 0;

	for (pair = strtok_r(body, "&", &save); pair != NULL;
	    pair = strtok_r(NULL, "&", &save)) {
		if (n == max)
			return -1;
		for (p = pair; *p != '\0'; p++)
			if (*p == '+')
				*p = ' ';
		if ((eq = strchr(pair, '=')) != NULL)
			*eq++ = '\0';
		else
			eq = pair + strlen(pair);
		MHD_http_unescape(pair);
		MHD_http_unescape(eq);
		params[n].name = pair;
		params[n].value = eq;
		n++;
	}
	return (int)n;
}

/* The value of the first parameter called name, or NULL. */
const char *
form_get(const struct form_param *p, int n, const char *name)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}
