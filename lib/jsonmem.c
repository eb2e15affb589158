/*
 * jsonmem.c - jansson's memory: the C library's, except while a thread
 * renders a page, when it comes from that thread's arena (arena.c).
 *
 * A page is rendered from a tree of jansson values (its template's
 * context): an athlete's is some four thousand of them, each a malloc()
 * and a free(), in a full build tens of millions, and malloc and free
 * were a tenth of the build's processor time.  Between jsonmem_begin()
 * and jsonmem_end() every value the calling thread makes is a pointer
 * bump in its arena and freeing it does nothing; jsonmem_end() takes
 * the whole arena back at once.  Values made before, and any made by
 * another thread, are malloc()'s and are freed as ever, whichever the
 * arena of the thread freeing them.
 *
 * The rules that come with it:
 *  - nothing made in the window outlives it: a render decrefs its tree
 *    before jsonmem_end() and keeps no value anywhere else (under
 *    AddressSanitizer a value kept is caught where it is used);
 *  - nothing made in the window is handed to free() (json_dumps()'s
 *    string would be: it is not called in the window);
 *  - windows do not nest, and a thread ends with jsonmem_done().
 *
 * jansson lets a program choose its allocator once, for every thread
 * (json_set_alloc_funcs()): jsonmem_setup() does, first in main().
 */
#include <stdlib.h>

#include <jansson.h>

#include "plumbing.h"

static _Thread_local struct arena	 arena = { NULL, 256 * 1024 };
static _Thread_local int		 in_window;

static void *
mem_alloc(size_t n)
{
	return in_window ? arena_alloc(&arena, n) : malloc(n);
}

/* What this thread's arena holds is let go at jsonmem_end(). */
static void
mem_free(void *p)
{
	if (!arena_owns(&arena, p))
		free(p);
}

void
jsonmem_setup(void)
{
	json_set_alloc_funcs(mem_alloc, mem_free);
}

void
jsonmem_begin(void)
{
	if (in_window)
		abort();	/* windows do not nest: a bug */
	in_window = 1;
}

void
jsonmem_end(void)
{
	in_window = 0;
	arena_reset(&arena);
}

/* Gives back the calling thread's arena; call before the thread ends. */
void
jsonmem_done(void)
{
	in_window = 0;
	arena_free(&arena);
}
