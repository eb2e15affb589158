/*
 * url.c - URLs from the configuration, taken apart by libcurl's URL
 * parser rather than by hand.
 */
#include <string.h>

#include <curl/curl.h>

#include "lib.h"

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
