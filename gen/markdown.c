/*
 * markdown.c - markdown to HTML with cmark in its default safe mode:
 * raw HTML is replaced by a comment and javascript:, vbscript:, file:
 * and most data: links are dropped.  CMARK_OPT_UNSAFE is never used,
 * because comments and rubrics come from email.
 *
 * cmark allocates each node and buffer on its own.  A page shows a
 * hundred small comments, so cmark is given an arena instead (one per
 * thread, through its cmark_mem interface): allocation is a pointer
 * bump, and everything is given back at once after each text.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark.h>

#include "gen.h"

/* Each allocation is preceded by its size, for realloc. */
struct head {
	alignas(max_align_t) size_t size;
};

static _Thread_local struct arena arena = { NULL, 64 * 1024 };

static void *
md_alloc(size_t n)
{
	struct head	*h;

	if (n > SIZE_MAX / 2 ||
	    (h = arena_alloc(&arena, sizeof(*h) + n)) == NULL) {
		/* as cmark's own allocator does */
		fprintf(stderr, "cox: out of memory rendering markdown\n");
		abort();
	}
	h->size = n;
	return h + 1;
}

static void *
md_calloc(size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		return md_alloc(SIZE_MAX);
	p = md_alloc(n * size);
	memset(p, 0, n * size);
	return p;
}

static void *
md_realloc(void *old, size_t n)
{
	struct head	*h;
	void		*p;

	if (old == NULL)
		return md_alloc(n);
	h = (struct head *)old - 1;
	/* the latest allocation grows in place while its block has room */
	if (n <= SIZE_MAX / 2 && arena_resize(&arena, h, sizeof(*h) + n) == 0) {
		h->size = n;
		return old;
	}
	p = md_alloc(n);
	memcpy(p, old, h->size < n ? h->size : n);
	return p;
}

static void
md_free(void *p)
{
	(void)p;	/* all of it goes in arena_reset() */
}

static cmark_mem arena_mem = { md_calloc, md_realloc, md_free };

/* Gives back the calling thread's arena; call before the thread ends. */
void
markdown_done(void)
{
	arena_free(&arena);
}

int
markdown_html(struct buf *out, const char *md)
{
	cmark_parser	*p;
	cmark_node	*doc;
	char		*html;
	int		 rc;

	p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT | CMARK_OPT_SMART,
	    &arena_mem);
	cmark_parser_feed(p, md, strlen(md));
	doc = cmark_parser_finish(p);
	html = cmark_render_html(doc, CMARK_OPT_DEFAULT | CMARK_OPT_SMART);
	rc = buf_puts(out, html);
	arena_reset(&arena);
	return rc;
}
