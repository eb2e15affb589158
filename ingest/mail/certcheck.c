/*
 * certcheck.c - verifies a TLS server's certificate chain with
 * libcrypto, for connections whose TLS library checks nothing itself
 * (libetpan's GnuTLS build completes a handshake with anyone).
 *
 * The chain is what the server sent, leaf first; it must lead to a
 * trusted root (the system's, or a given CA file), be valid now, be
 * meant for a TLS server, and name the host we asked for (DNS name, or
 * IP address).  Called after the handshake and before anything secret
 * (a password) is sent.
 */
#include <arpa/inet.h>
#include <string.h>

#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/x509_vfy.h>

#include "mail.h"

int
cert_chain_check(const unsigned char *const *der, const size_t *len,
    size_t n, const char *host, const char *ca_file, char *why,
    size_t whysize)
{
	X509_STORE		*store = NULL;
	X509_STORE_CTX		*ctx = NULL;
	X509_VERIFY_PARAM	*param;
	STACK_OF(X509)		*rest = NULL;
	X509			*leaf = NULL, *x;
	unsigned char		 ip[16];
	const unsigned char	*p;
	size_t			 i;
	int			 ok = 0;

	snprintf(why, whysize, "the server sent no certificate");
	if (n == 0)
		return -1;
	snprintf(why, whysize, "cannot check certificates (out of memory, "
	    "or an unreadable CA file)");
	if ((store = X509_STORE_new()) == NULL ||
	    (rest = sk_X509_new_null()) == NULL ||
	    (ctx = X509_STORE_CTX_new()) == NULL)
		goto out;
	if (ca_file != NULL ? X509_STORE_load_file(store, ca_file) != 1 :
	    X509_STORE_set_default_paths(store) != 1)
		goto out;
	for (i = 0; i < n; i++) {
		p = der[i];
		if ((x = d2i_X509(NULL, &p, (long)len[i])) == NULL) {
			snprintf(why, whysize, "the server sent a certificate "
			    "that cannot be read");
			goto out;
		}
		if (i == 0)
			leaf = x;
		else if (!sk_X509_push(rest, x)) {
			X509_free(x);
			goto out;
		}
	}
	if (X509_STORE_CTX_init(ctx, store, leaf, rest) != 1)
		goto out;
	param = X509_STORE_CTX_get0_param(ctx);
	X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_SSL_SERVER);
	if (inet_pton(AF_INET, host, ip) == 1 ||
	    inet_pton(AF_INET6, host, ip) == 1)
		ok = X509_VERIFY_PARAM_set1_ip_asc(param, host) == 1;
	else
		ok = X509_VERIFY_PARAM_set1_host(param, host, 0) == 1;
	if (!ok)
		goto out;
	ok = X509_verify_cert(ctx) == 1;
	if (!ok)
		snprintf(why, whysize, "%s",
		    X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx)));
out:
	X509_STORE_CTX_free(ctx);
	X509_free(leaf);
	sk_X509_pop_free(rest, X509_free);
	X509_STORE_free(store);
	return ok ? 0 : -1;
}
