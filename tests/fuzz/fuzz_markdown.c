/*
 * fuzz_markdown.c - libFuzzer harness for markdown_html(): any bytes as
 * a comment or rubric.
 *
 * Checked beyond "no crash": the output is byte for byte what cmark
 * makes with its own allocator, so the arena markdown.c gives cmark
 * never changes a page; and with CMARK_OPT_SAFE semantics, no raw
 * <script of the input survives.
 */
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "../../gen/gen.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct buf	 out = { 0 };
	char		*md, *want;

	if ((md = malloc(size + 1)) == NULL)
		return 0;
	memcpy(md, data, size);
	md[size] = '\0';	/* markdown_html() takes C strings */
	want = cmark_markdown_to_html(md, strlen(md), CMARK_OPT_DEFAULT |
	    CMARK_OPT_SMART);
	if (markdown_html(&out, md) != 0 ||
	    strcmp(out.data ? out.data : "", want) != 0)
		abort();	/* the arena changed what cmark makes */
	if (out.data != NULL && strstr(out.data, "<script") != NULL)
		abort();	/* raw HTML passed through */
	free(want);
	free(md);
	buf_free(&out);
	markdown_done();
	return 0;
}
