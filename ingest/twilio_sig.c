/*
 * twilio_sig.c - X-Twilio-Signature, checked as Twilio's SDKs check it.
 *
 * The signature is base64(HMAC-SHA1(auth token, URL + every form
 * parameter's name and value, sorted bytewise by name and then value,
 * a name and value that repeat counted once)).
 * For a JSON body Twilio signs the URL alone, which carries
 * bodySHA256=hex(SHA-256(body)) in its query.  The URL is the public
 * one Twilio called (from cox.conf, never the proxy-side Host); like
 * the SDKs, the URL is tried as given, without its port, and with the
 * scheme's default port added, keeping any user:password@ (Twilio's
 * HTTP authentication).  Comparison is in constant time.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "ingest.h"

static int
param_cmp(const void *a, const void *b)
{
	const struct form_param	*x = a, *y = b;
	int			 c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* out gets the 28-character base64 signature and a NUL. */
int
twilio_signature(const char *token, const char *url,
    const struct form_param *params, size_t n, char out[29])
{
	struct form_param	*sorted = NULL;
	struct buf		 data = { 0 };
	unsigned char		 mac[EVP_MAX_MD_SIZE];
	unsigned int		 maclen = 0;
	size_t			 i;
	int			 rc = -1;

	if (n > 0 && (sorted = calloc(n, sizeof(*sorted))) == NULL)
		return -1;
	if (n > 0) {
		memcpy(sorted, params, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), param_cmp);
	}
	if (buf_puts(&data, url) == -1)
		goto out;
	for (i = 0; i < n; i++) {
		if (i > 0 && param_cmp(&sorted[i - 1], &sorted[i]) == 0)
			continue;	/* the SDKs sign a repeat once */
		if (buf_puts(&data, sorted[i].name) == -1 ||
		    buf_puts(&data, sorted[i].value) == -1)
			goto out;
	}
	if (HMAC(EVP_sha1(), token, (int)strlen(token),
	    (const unsigned char *)data.data, data.len, mac, &maclen) == NULL ||
	    maclen != 20)
		goto out;
	sodium_bin2base64(out, 29, mac, maclen, sodium_base64_VARIANT_ORIGINAL);
	rc = 0;
out:
	free(sorted);
	buf_free(&data);
	return rc;
}

/*
 * The URLs the SDKs accept for url: as given; without an explicit
 * port; with the scheme's default port when it has none.  The port is
 * the one after the host: past any user:password@ (the last '@' of the
 * authority) and any [IPv6] address.
 */
static void
url_variants(const char *url, struct strlist *out)
{
	const char	*host, *end, *colon, *at, *p;
	const char	*port = NULL;

	strlist_add(out, url);
	if (!strncmp(url, "https://", 8))
		port = "443";
	else if (!strncmp(url, "http://", 7))
		port = "80";
	if (port == NULL)
		return;
	host = strstr(url, "://") + 3;
	end = host + strcspn(host, "/?#");
	for (at = NULL, p = host; p < end; p++)
		if (*p == '@')
			at = p;
	if (at != NULL)
		host = at + 1;
	if (*host == '[' && (p = memchr(host, ']', (size_t)(end - host))))
		host = p + 1;
	colon = memchr(host, ':', (size_t)(end - host));
	if (colon != NULL)
		strlist_addf(out, "%.*s%s", (int)(colon - url), url, end);
	else
		strlist_addf(out, "%.*s:%s%s", (int)(end - url), url, port, end);
}

static int
sig_equal(const char *a, const char *b)
{
	size_t	 n = strlen(a);

	return n == strlen(b) && CRYPTO_memcmp(a, b, n) == 0;
}

/*
 * 1 when signature is valid for url and params under token, else 0.
 * tried (may be NULL) gets each URL variant with what it would need.
 */
int
twilio_valid(const char *token, const char *url,
    const struct form_param *params, size_t n, const char *signature,
    struct strlist *tried)
{
	struct strlist	 urls = { 0 };
	char		 sig[29];
	size_t		 i;
	int		 ok = 0;

	url_variants(url, &urls);
	for (i = 0; i < urls.n; i++) {
		if (twilio_signature(token, urls.v[i], params, n, sig) == -1)
			continue;
		if (tried != NULL)
			strlist_addf(tried, "%s -> %s", urls.v[i], sig);
		ok |= sig_equal(sig, signature);
	}
	strlist_free(&urls);
	return ok;
}

/* The bodySHA256 value in url's query, or NULL; copied into out. */
static const char *
body_hash_param(const char *url, char out[65])
{
	const char	*q = strchr(url, '?'), *p;

	for (p = q; p != NULL; p = strchr(p + 1, '&'))
		if (!strncmp(p + 1, "bodySHA256=", 11)) {
			snprintf(out, 65, "%.*s", (int)strcspn(p + 12, "&#"),
			    p + 12);
			return out;
		}
	return NULL;
}

/* The JSON variant: the body must hash to the URL's bodySHA256. */
int
twilio_valid_body(const char *token, const char *url, const char *body,
    size_t len, const char *signature, struct strlist *tried)
{
	unsigned char	 h[crypto_hash_sha256_BYTES];
	char		 want[65], got[65];

	if (body_hash_param(url, want) == NULL)
		return 0;
	crypto_hash_sha256(h, (const unsigned char *)body, len);
	sodium_bin2hex(got, sizeof(got), h, sizeof(h));
	if (!sig_equal(got, want)) {
		if (tried != NULL)
			strlist_addf(tried, "bodySHA256 in the URL is not the "
			    "body's (%s)", got);
		return 0;
	}
	return twilio_valid(token, url, NULL, 0, signature, tried);
}
