/*
 * arena.c - memory handed out by bumping a pointer and taken back all
 * at once: for the many small allocations of one text or one page
 * (cmark's nodes, gen/markdown.c; jansson's values, jsonmem.c), which
 * malloc() and free() one by one cost more than the work they serve.
 *
 * An arena is blocks of at least a->block bytes, newest first.  After
 * arena_reset() what was handed out must not be used again; under
 * AddressSanitizer (the tests' build) it is poisoned, so a use is caught
 * where it happens.  An arena belongs to one thread.
 */
#include <stdalign.h>
#include <stddef.h>
#include <stdlib.h>

#include "plumbing.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define POISON(p, n)	ASAN_POISON_MEMORY_REGION((p), (n))
#define UNPOISON(p, n)	ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define POISON(p, n)	((void)(p), (void)(n))
#define UNPOISON(p, n)	((void)(p), (void)(n))
#endif

#define ALIGN	alignof(max_align_t)

struct arena_block {
	struct arena_block	*next;
	size_t			 size, used;
	size_t			 last;	/* the latest allocation's offset */
	alignas(max_align_t) unsigned char data[];
};

static size_t
rounded(size_t n)
{
	return (n + ALIGN - 1) / ALIGN * ALIGN;
}

/* n bytes, aligned for anything; NULL when out of memory. */
void *
arena_alloc(struct arena *a, size_t n)
{
	struct arena_block	*b = a->head;
	size_t			 need, size;
	void			*p;

	if (n > SIZE_MAX / 2)
		return NULL;
	need = rounded(n);
	if (b == NULL || b->size - b->used < need) {
		size = need > a->block ? need : a->block;
		if ((b = malloc(sizeof(*b) + size)) == NULL)
			return NULL;
		b->size = size;
		b->used = 0;
		b->next = a->head;
		a->head = b;
		POISON(b->data, b->size);
	}
	p = b->data + b->used;
	b->last = b->used;
	b->used += need;
	UNPOISON(p, n);
	return p;
}

/*
 * Makes p, the latest allocation, n bytes long where it is, when its
 * block has the room: 0, or -1 (then nothing changed).
 */
int
arena_resize(struct arena *a, void *p, size_t n)
{
	struct arena_block	*b = a->head;

	if (b == NULL || (unsigned char *)p != b->data + b->last ||
	    n > SIZE_MAX / 2 || b->size - b->last < rounded(n))
		return -1;
	b->used = b->last + rounded(n);
	UNPOISON(p, n);
	return 0;
}

/* Whether p was handed out by a. */
int
arena_owns(const struct arena *a, const void *p)
{
	const unsigned char	*q = p;
	const struct arena_block *b;

	for (b = a->head; b != NULL; b = b->next)
		if (q >= b->data && q < b->data + b->size)
			return 1;
	return 0;
}

/* Takes everything back, keeping one block of the usual size. */
void
arena_reset(struct arena *a)
{
	struct arena_block	*b, *next;

	if ((b = a->head) == NULL)
		return;
	for (b = b->next; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	b = a->head;
	b->next = NULL;
	b->used = b->last = 0;
	if (b->size > a->block) {	/* one huge text's: not kept */
		free(b);
		a->head = NULL;
		return;
	}
	POISON(b->data, b->size);
}

/* Gives every block back. */
void
arena_free(struct arena *a)
{
	arena_reset(a);
	free(a->head);
	a->head = NULL;
}
