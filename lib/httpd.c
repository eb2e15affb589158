/*
 * httpd.c - one libmicrohttpd answer from a buffer: a status, a body,
 * its type and any other headers, queued on a connection.
 *
 * lib/ knows no HTTP otherwise.  This lives here only because its two
 * users are cox preview (gen/preview.c) and cox sms serve (ingest/),
 * which may not include each other; it is kept to this one function
 * (and one list of headers), and it writes no header its caller did
 * not name.
 */
#include <string.h>

#include <microhttpd.h>

#include "plumbing.h"

/* The headers of an answer no cache may keep. */
const char *const httpd_no_store[] = { "Cache-Control", "no-store", NULL };

/*
 * Queues on c an answer with status code, body (copied; "" for none),
 * Content-Type type unless NULL, then the headers of the NULL-ended
 * list of names and values.  Returns MHD_YES, or MHD_NO when out of
 * memory (libmicrohttpd then closes the connection).
 */
int
httpd_respond(struct MHD_Connection *c, unsigned code, const char *type,
    const char *body, const char *const *headers)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;
	size_t			 len = strlen(body);

	r = MHD_create_response_from_buffer(len, (void *)body, len > 0 ?
	    MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_PERSISTENT);
	if (r == NULL)
		return MHD_NO;
	if (type != NULL)
		MHD_add_response_header(r, "Content-Type", type);
	for (; headers != NULL && headers[0] != NULL; headers += 2)
		MHD_add_response_header(r, headers[0], headers[1]);
	ret = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	return ret;
}
