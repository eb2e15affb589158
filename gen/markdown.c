/*
 * markdown.c - markdown to HTML with cmark in its default safe mode:
 * raw HTML is replaced by a comment and javascript:, vbscript:, file:
 * and most data: links are dropped.  CMARK_OPT_UNSAFE is never used,
 * because comments and rubrics come from email.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "gen.h"

int
markdown_html(struct buf *out, const char *md)
{
	char	*html;
	int	 rc;

	html = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT |
	    CMARK_OPT_SMART);
	if (html == NULL) {
		log_error("out of memory rendering markdown");
		return -1;
	}
	rc = buf_puts(out, html);
	free(html);
	return rc;
}
