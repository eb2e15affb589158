/*
 * doctor_online.c - cox doctor --online: logs in where cox will, the
 * SMTP server, Twilio's API, the IMAP mailbox, the OAuth2 token
 * endpoint and the site's remote, sending nothing.  Only the ways out
 * that are set up are tried, and the ok names them; with none, there
 * is nothing to vouch for.  Secrets the units load that this user
 * cannot read (doctor_secrets.c) leave it nothing to log in with, so
 * nothing is tried then and it says why.
 */
#include <string.h>

#include "cmd.h"

/* The ways out that are set up (SMTP, Twilio) answer a login. */
static void
online_outbox(struct doctor *d)
{
	struct outbox	*ob = NULL;
	struct strlist	 said = { 0 };
	char		 ok[96];
	int		 mail, texts;
	size_t		 i;

	/* refused above, and a failed probe would print it whole */
	if (url_has_password(config_get(d->ws.conf, "smtp", "url"))) {
		doctor_check(d, "online.outbox", "");
		doctor_bad(d, "[smtp] url is not tried online while it carries "
		    "a password");
		return;
	}
	if (outbox_new(d->ws.conf, &ob) != OUT_OK) {
		doctor_check(d, "online.outbox", "");
		doctor_bad(d, "the outbox's settings are wrong (above)");
		return;
	}
	mail = outbox_mail(ob);
	texts = outbox_texts(ob);
	snprintf(ok, sizeof(ok), "the ways out answer: %s%s%s", mail ?
	    "SMTP" : "", mail && texts ? ", " : "", texts ? "Twilio" : "");
	doctor_check(d, "online.outbox", ok);
	if (!mail && !texts)
		doctor_bad(d, "no way out to log in to: neither [smtp] url nor "
		    "Twilio's [sms] account_sid is set (above), so nothing "
		    "cox writes leaves");
	else
		d->checks += outbox_probe(ob, &said);
	outbox_free(ob);
	for (i = 0; i < said.n; i++)
		doctor_bad(d, "%s", said.v[i]);
	strlist_free(&said);
}

/* With OAuth2, the token endpoint gives an access token. */
static void
online_oauth2(struct doctor *d)
{
	struct oauth2	*o = NULL;
	const char	*token;

	if (!doctor_uses_oauth2(d, "mail", "imap_auth") &&
	    !doctor_uses_oauth2(d, "smtp", "auth"))
		return;
	doctor_check(d, "online.oauth2", "the token endpoint gives cox an "
	    "access token");
	if (oauth2_open(d->ws.conf, &o) != OUT_OK ||
	    oauth2_token(o, 0, &token) != OUT_OK)
		doctor_bad(d, "no access token for [oauth2]'s refresh token "
		    "(above): cox mail --imap and the outbox cannot log in");
	oauth2_free(o);
}

/* The IMAP mailbox, when there is one, lets cox in. */
static void
online_imap(struct doctor *d)
{
	const char	*imap = config_get(d->ws.conf, "mail", "imap_url");
	char		 m[URL_MASKED_MAX];

	if (imap == NULL)
		return;
	doctor_check(d, "online.imap", "the IMAP mailbox lets cox in");
	if (imap_probe(d->ws.conf, imap) != OUT_OK)
		doctor_bad(d, "[mail] imap_url %s: cox mail --imap cannot get "
		    "in (above): check the address, the password and "
		    "imap_ca_file", url_masked(imap, m, sizeof(m)));
}

/* The site's remote, when there is one, takes a push. */
static void
online_remote(struct doctor *d)
{
	struct site_remote r;
	char		 m[URL_MASKED_MAX];
	enum outcome	 o;

	if (config_get(d->ws.conf, "site", "remote") == NULL)
		return;
	doctor_check(d, "online.remote", "the site's remote takes a push");
	if ((o = site_remote_load(&d->ws, &r)) == OUT_CONFIG)
		doctor_bad(d, "[site] remote's secret cannot be read (above)");
	else if (o == OUT_OK && siterepo_probe(&r) == -1)
		doctor_bad(d, "[site] remote %s cannot be pushed to (above): "
		    "check the address, the token or SSH key, and the host key",
		    url_masked(r.url, m, sizeof(m)));
	site_remote_free(&r);
}

/* --online: each server cox will talk to, without sending anything. */
void
doctor_online(struct doctor *d)
{
	if (d->props.n > 0) {
		doctor_check(d, "online", "");
		doctor_bad(d, "nothing is tried online: the units' secrets "
		    "cannot be read by this user (above); run doctor as the "
		    "units run, as said above");
		return;
	}
	online_outbox(d);
	online_imap(d);
	online_oauth2(d);
	online_remote(d);
}
