/*
 * url.c - URLs from the configuration, taken apart by libcurl's URL
 * parser rather than by hand, and the addresses the servers listen on.
 */
#include <netinet/in.h>
#include <arpa/inet.h>

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "plumbing.h"

/*
 * The origin of an http(s) URL as a browser writes it in an Origin
 * header: scheme://host, with :port only when it is not the default.
 * Returns 0, or -1 when url is not an absolute http(s) URL or the
 * origin does not fit.
 */
int
url_origin(const char *url, char *dst, size_t size)
{
	CURLU	*u;
	char	*scheme = NULL, *host = NULL, *port = NULL;
	int	 rc = -1, n;

	dst[0] = '\0';
	if (url == NULL || (u = curl_url()) == NULL)
		return -1;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    (!strcmp(scheme, "https") || !strcmp(scheme, "http")) &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK) {
		(void)curl_url_get(u, CURLUPART_PORT, &port,
		    CURLU_NO_DEFAULT_PORT);
		n = snprintf(dst, size, "%s://%s%s%s", scheme, host,
		    port ? ":" : "", port ? port : "");
		rc = n > 0 && (size_t)n < size ? 0 : -1;
	}
	if (rc == -1)
		dst[0] = '\0';
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_url_cleanup(u);
	return rc;
}

/*
 * The port a URL names (ssh://git@host:2222/site.git gives 2222); 0 when
 * it names none, or it is not a URL (git@host:site.git, a path).
 */
unsigned
url_port(const char *url)
{
	CURLU		*u;
	char		*port = NULL;
	long		 n = 0;

	if (url == NULL || strstr(url, "://") == NULL ||
	    (u = curl_url()) == NULL)
		return 0;
	if (curl_url_set(u, CURLUPART_URL, url, CURLU_NON_SUPPORT_SCHEME) ==
	    CURLUE_OK && curl_url_get(u, CURLUPART_PORT, &port,
	    CURLU_NO_DEFAULT_PORT) == CURLUE_OK)
		(void)parse_long(port, 1, 65535, &n);
	curl_free(port);
	curl_url_cleanup(u);
	return (unsigned)n;
}

/*
 * Whether host, as libcurl's URL parser gives it (IPv4 numbers written
 * out in dotted decimal, IPv6 in brackets), is this machine: a literal
 * address in 127.0.0.0/8, ::1, or the name localhost.  Anything else,
 * 127.attacker.example or 127.0.0.1.nip.io among them, is a name that
 * DNS may point anywhere, and "localhost." with its dot is asked of DNS
 * too.
 */
static int
host_loopback(const char *host)
{
	struct in_addr	 a4;
	struct in6_addr	 a6;
	char		 v6[INET6_ADDRSTRLEN + 2];
	size_t		 n = strlen(host);

	if (!strcasecmp(host, "localhost"))
		return 1;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return (ntohl(a4.s_addr) >> 24) == 127;
	if (n < 3 || n - 2 >= sizeof(v6) || host[0] != '[' ||
	    host[n - 1] != ']')
		return 0;
	memcpy(v6, host + 1, n - 2);
	v6[n - 2] = '\0';
	return inet_pton(AF_INET6, v6, &a6) == 1 &&
	    IN6_IS_ADDR_LOOPBACK(&a6);
}

/*
 * Whether url reaches this machine only, decided on the host libcurl
 * parses from it (and would connect to), never on how the text begins:
 * http://127.0.0.1@evil.example/ is evil.example.  0 as well when url
 * does not parse.
 */
int
url_loopback(const char *url)
{
	CURLU	*u;
	char	*host = NULL;
	int	 yes = 0;

	if (url == NULL || (u = curl_url()) == NULL)
		return 0;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		yes = host_loopback(host);
	curl_free(host);
	curl_url_cleanup(u);
	return yes;
}

/* Appends s percent-encoded (RFC 3986 unreserved kept) to out. */
int
url_encode(const char *s, struct buf *out)
{
	char	*e = curl_easy_escape(NULL, s, 0);
	int	 rc;

	if (e == NULL)
		return -1;
	rc = buf_puts(out, e);
	curl_free(e);
	return rc;
}

/*
 * Where a password sits in url's userinfo (scheme://user:PASSWORD@host):
 * *start at its first byte, the return value at the '@' after it; NULL
 * when url has none.  Read by hand, as the bytes must stay as written.
 */
static const char *
url_password(const char *url, const char **start)
{
	const char	*auth, *end, *at, *colon;

	if (url == NULL || (auth = strstr(url, "://")) == NULL)
		return NULL;
	auth += 3;
	end = auth + strcspn(auth, "/?#");
	for (at = NULL, colon = auth; colon < end; colon++)
		if (*colon == '@')
			at = colon;
	if (at == NULL || (colon = memchr(auth, ':', (size_t)(at - auth))) ==
	    NULL)
		return NULL;
	*start = colon + 1;
	return at;
}

/* Whether url carries a password (scheme://user:password@host). */
int
url_has_password(const char *url)
{
	const char	*start;

	return url_password(url, &start) != NULL;
}

/*
 * url as it may be printed or logged: a password in its userinfo
 * written "****", the rest as it is (cut to fit size).  Returns dst, or
 * "(none)" for a NULL url.
 */
const char *
url_masked(const char *url, char *dst, size_t size)
{
	const char	*start, *at;

	if (url == NULL)
		return "(none)";
	if ((at = url_password(url, &start)) == NULL)
		snprintf(dst, size, "%s", url);
	else
		snprintf(dst, size, "%.*s****%s", (int)(start - url), url, at);
	return dst;
}

/* "127.0.0.1:8080", ":8080" or "8080" into an IPv4 socket address. */
int
listen_parse(const char *spec, struct sockaddr_in *sa)
{
	char		 host[64] = "127.0.0.1";
	const char	*colon = strrchr(spec, ':');
	long		 port;

	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	if (colon != NULL && colon != spec) {
		if ((size_t)(colon - spec) >= sizeof(host))
			return -1;
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	}
	if (parse_long(colon ? colon + 1 : spec, 1, 65535, &port) == -1 ||
	    inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	sa->sin_port = htons((uint16_t)port);
	return 0;
}
