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
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sodium.h>

#include "text.h"

static int
param_cmp(const void *a, const void *b)
{
	const struct form_param	*x = a, *y = b;
	int			 c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/*
 * Each thread's HMAC-SHA1 context keyed with the token, copied for
 * every signature.  OpenSSL's one-shot HMAC() looks both algorithms up
 * by name at each call, a tenth of the webhook's request thread; the
 * daemon signs with one token for its whole life.  A context is known
 * by its token's hash, not a copy: another token (the tests sign with
 * several) makes another context.
 */
struct keyed {
	EVP_MAC_CTX	*ctx;		/* keyed, never updated */
	unsigned char	 token[crypto_generichash_BYTES];
};

static pthread_once_t	 keyed_once = PTHREAD_ONCE_INIT;
static pthread_key_t	 keyed_key;
static EVP_MAC		*hmac;		/* NULL: no context is kept */

static void
keyed_free(void *arg)
{
	struct keyed	*k = arg;

	if (k == NULL)
		return;
	EVP_MAC_CTX_free(k->ctx);
	sodium_memzero(k, sizeof(*k));
	free(k);
}

static void
keyed_setup(void)
{
	if ((hmac = EVP_MAC_fetch(NULL, "HMAC", NULL)) != NULL &&
	    pthread_key_create(&keyed_key, keyed_free) != 0) {
		EVP_MAC_free(hmac);
		hmac = NULL;
	}
}

static EVP_MAC_CTX *
mac_new(EVP_MAC *mac, const char *token)
{
	EVP_MAC_CTX	*ctx;
	OSSL_PARAM	 digest[2];

	digest[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
	    (char *)"SHA1", 0);
	digest[1] = OSSL_PARAM_construct_end();
	if ((ctx = EVP_MAC_CTX_new(mac)) != NULL &&
	    !EVP_MAC_init(ctx, (const unsigned char *)token, strlen(token),
	    digest)) {
		EVP_MAC_CTX_free(ctx);
		ctx = NULL;
	}
	return ctx;
}

/* A context for HMAC-SHA1 under token, for the caller to free; or NULL. */
static EVP_MAC_CTX *
keyed_ctx(const char *token)
{
	struct keyed	*k;
	EVP_MAC		*once;
	EVP_MAC_CTX	*ctx;
	unsigned char	 h[crypto_generichash_BYTES];

	crypto_generichash(h, sizeof(h), (const unsigned char *)token,
	    strlen(token), NULL, 0);
	if (pthread_once(&keyed_once, keyed_setup) == 0 && hmac != NULL) {
		k = pthread_getspecific(keyed_key);
		if (k != NULL && sodium_memcmp(k->token, h, sizeof(h)) != 0) {
			(void)pthread_setspecific(keyed_key, NULL);
			keyed_free(k);
			k = NULL;
		}
		if (k == NULL && (k = calloc(1, sizeof(*k))) != NULL) {
			memcpy(k->token, h, sizeof(h));
			if ((k->ctx = mac_new(hmac, token)) == NULL ||
			    pthread_setspecific(keyed_key, k) != 0) {
				keyed_free(k);
				k = NULL;
			}
		}
		if (k != NULL)
			return EVP_MAC_CTX_dup(k->ctx);
	}
	/* none kept (memory ran out at the first): one for this call */
	if ((once = EVP_MAC_fetch(NULL, "HMAC", NULL)) == NULL)
		return NULL;
	ctx = mac_new(once, token);
	EVP_MAC_free(once);	/* the context holds its own reference */
	return ctx;
}

static int
mac_puts(EVP_MAC_CTX *ctx, const char *s)
{
	return EVP_MAC_update(ctx, (const unsigned char *)s, strlen(s));
}

/*
 * The signature of url and sorted (n params, in param_cmp()'s order)
 * under token: 28 characters of base64 and a NUL into out.
 */
static int
sign_sorted(const char *token, const char *url,
    const struct form_param *sorted, size_t n, char out[29])
{
	EVP_MAC_CTX	*ctx;
	unsigned char	 mac[EVP_MAX_MD_SIZE];
	size_t		 i, maclen = 0;
	int		 ok;

	if ((ctx = keyed_ctx(token)) == NULL)
		return -1;
	ok = mac_puts(ctx, url);
	for (i = 0; ok && i < n; i++) {
		if (i > 0 && param_cmp(&sorted[i - 1], &sorted[i]) == 0)
			continue;	/* the SDKs sign a repeat once */
		ok = mac_puts(ctx, sorted[i].name) &&
		    mac_puts(ctx, sorted[i].value);
	}
	ok = ok && EVP_MAC_final(ctx, mac, &maclen, sizeof(mac)) &&
	    maclen == 20;
	EVP_MAC_CTX_free(ctx);
	if (!ok)
		return -1;
	sodium_bin2base64(out, 29, mac, maclen, sodium_base64_VARIANT_ORIGINAL);
	return 0;
}

/* params in param_cmp()'s order, for the caller to free; or NULL. */
static struct form_param *
params_sorted(const struct form_param *params, size_t n)
{
	struct form_param	*sorted;

	if ((sorted = calloc(n + 1, sizeof(*sorted))) == NULL)
		return NULL;
	if (n > 0) {
		memcpy(sorted, params, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), param_cmp);
	}
	return sorted;
}

/* out gets the 28-character base64 signature and a NUL. */
int
twilio_signature(const char *token, const char *url,
    const struct form_param *params, size_t n, char out[29])
{
	struct form_param	*sorted;
	int			 rc;

	if ((sorted = params_sorted(params, n)) == NULL)
		return -1;
	rc = sign_sorted(token, url, sorted, n, out);
	free(sorted);
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
	struct form_param	*sorted;
	struct strlist		 urls = { 0 };
	char			 sig[29];
	size_t			 i;
	int			 ok = 0;

	if ((sorted = params_sorted(params, n)) == NULL)
		return 0;
	url_variants(url, &urls);
	/* past a match, the other URLs only for the operator's list */
	for (i = 0; i < urls.n && (!ok || tried != NULL); i++) {
		if (sign_sorted(token, urls.v[i], sorted, n, sig) == -1)
			continue;
		if (tried != NULL)
			strlist_addf(tried, "%s -> %s", urls.v[i], sig);
		ok |= sig_equal(sig, signature);
	}
	strlist_free(&urls);
	free(sorted);
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
