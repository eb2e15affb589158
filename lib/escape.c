/*
 * escape.c - escaping at the sink, one helper per context.  Every byte
 * of data written into a page goes through one of these.
 */
#include <string.h>

#include "plumbing.h"

/* HTML text and quoted attribute values: & < > " ' become entities. */
int
html_escape(struct buf *out, const char *s, size_t len)
{
	const char	*p, *end = s + len, *run = s;
	const char	*ent;

	for (p = s; p < end; p++) {
		switch (*p) {
		case '&': ent = "&amp;"; break;
		case '<': ent = "&lt;"; break;
		case '>': ent = "&gt;"; break;
		case '"': ent = "&quot;"; break;
		case '\'': ent = "&#39;"; break;
		default: continue;
		}
		if (buf_add(out, run, (size_t)(p - run)) == -1 ||
		    buf_puts(out, ent) == -1)
			return -1;
		run = p + 1;
	}
	return buf_add(out, run, (size_t)(end - run));
}

int
html_puts(struct buf *out, const char *s)
{
	return html_escape(out, s, strlen(s));
}
