/*
 * intake_sender.c - whether a coach email comes from whom it says: one
 * From address, on [mail] coaches, its domain's dmarc=pass from the
 * border MTA (authres.c), and the secret token in the envelope
 * recipient when one is set; and a calendar's answer to an invitation,
 * from anyone whose domain passed.  Nothing else acts.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

/* Whether addr is on the comma-separated allow-list. */
static int
allowed(const char *list, const char *addr)
{
	const char	*p = list, *e;
	size_t		 n = strlen(addr);

	while (*p != '\0') {
		while (*p == ',' || *p == ' ' || *p == '\t')
			p++;
		for (e = p; *e != '\0' && *e != ',' && *e != ' '; e++)
			continue;
		if ((size_t)(e - p) == n && !strncasecmp(p, addr, n))
			return 1;
		p = e;
	}
	return 0;
}

/*
 * NULL when the domain of m's one From address passed DMARC at the
 * border MTA ([mail] authserv_id), or the operator trusts From as it
 * is written; else why not.
 */
static const char *
domain_passed(const struct mailer *mx, const struct mail_parts *m)
{
	const char	*at;

	if (mx->authserv == NULL && !mx->from_trusted)
		return "not authenticated: [mail] authserv_id is not set";
	if (mx->authserv != NULL &&
	    ((at = strrchr(m->from, '@')) == NULL ||
	    !authres_dmarc_pass(&m->auth, mx->authserv, at + 1)))
		return "no dmarc=pass for the From domain from the border MTA";
	return NULL;
}

/* NULL when the sender is who they say and may send ratings. */
const char *
intake_authenticate(const struct mailer *mx, const struct mail_parts *m)
{
	const char	*why;

	if (m->from_count != 1 || m->from == NULL)
		return "From must name exactly one address";
	if (!allowed(mx->coaches, m->from))
		return "the sender is not in [mail] coaches";
	if ((why = domain_passed(mx, m)) != NULL)
		return why;
	if (mx->token != NULL) {
		char	 want[128];
		snprintf(want, sizeof(want), "+%s@", mx->token);
		if (mx->recipient == NULL || strstr(mx->recipient, want) == NULL)
			return "the envelope recipient lacks the secret token";
	}
	return NULL;
}

/*
 * NULL when a calendar's answer to an invitation comes from who it
 * says: one From address its domain's DMARC passed at the border (as a
 * coach's must, but from anyone: ingest/avail.c takes it only from an
 * address that was invited).  Else why not.
 */
const char *
intake_calendar_sender(const struct mailer *mx, const struct mail_parts *m)
{
	if (m->from_count != 1 || m->from == NULL)
		return "From must name exactly one address";
	return domain_passed(mx, m);
}
