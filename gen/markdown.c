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

#define ARENA_BLOCK	(64 * 1024)
#define ALIGN		alignof(max_align_t)

struct block {
	struct block	*next;
	size_t		 size, used;
	size_t		 last;		/* offset of the latest allocation */
	alignas(max_align_t) unsigned char data[];
};

/* Each allocation is preceded by its size, for realloc. */
struct head {
	alignas(max_align_t) size_t size;
};

static _Thread_local struct block *arena;

static void *
arena_alloc(size_t n)
{
	struct block	*b = arena;
	size_t		 need = sizeof(struct head) + (n + ALIGN - 1) / ALIGN *
			    ALIGN;
	struct head	*h;

	if (n > SIZE_MAX / 2)
		goto nomem;
	if (b == NULL || b->size - b->used < need) {
		size_t size = need > ARENA_BLOCK ? need : ARENA_BLOCK;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			goto nomem;
		b->size = size;
		b->used = 0;
		b->next = arena;
		arena = b;
	}
	h = (struct head *)(b->data + b->used);
	h->size = n;
	b->last = b->used;
	b->used += need;
	return h + 1;
nomem:
	/* as cmark's own allocator does */
	fprintf(stderr, "cox: out of memory rendering markdown\n");
	abort();
}

static void *
arena_calloc(size_t n, size_t size)
{
	void	*p;

	if (size != 0 && n > SIZE_MAX / size)
		return arena_alloc(SIZE_MAX);
	p = arena_alloc(n * size);
	memset(p, 0, n * size);
	return p;
}

static void *
arena_realloc(void *old, size_t n)
{
	struct head	*h;
	struct block	*b = arena;
	void		*p;
	size_t		 need;

	if (old == NULL)
		return arena_alloc(n);
	h = (struct head *)old - 1;
	/* the latest allocation grows in place while its block has room */
	need = sizeof(struct head) + (n + ALIGN - 1) / ALIGN * ALIGN;
	if (b != NULL && (unsigned char *)h == b->data + b->last &&
	    n <= SIZE_MAX / 2 && b->size - b->last >= need) {
		h->size = n;
		b->used = b->last + need;
		return old;
	}
	p = arena_alloc(n);
	memcpy(p, old, h->size < n ? h->size : n);
	return p;
}

static void
arena_free(void *p)
{
	(void)p;	/* all of it goes in arena_reset() */
}

static cmark_mem arena_mem = { arena_calloc, arena_realloc, arena_free };

/* Empties the arena, keeping one block for the next text. */
static void
arena_reset(void)
{
	struct block	*b, *next;

	if (arena == NULL)
		return;
	for (b = arena->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	arena->next = NULL;
	arena->used = 0;
	if (arena->size > ARENA_BLOCK) {	/* a long text's: not kept */
		free(arena);
		arena = NULL;
	}
}

/* Gives back the calling thread's arena; call before the thread ends. */
void
markdown_done(void)
{
	arena_reset();
	free(arena);
	arena = NULL;
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
	arena_reset();
	return rc;
}
