/*
 * registry.c - the registries whose entries features place where the
 * linker gathers them (REGISTRY_ENTRY(), plumbing.h): each sorted by
 * its entries' order keys once, at first use, whichever thread comes
 * first, and read by place from then on.  So a new kind of text, family
 * of commands, digest part or dashboard section is its own file: the
 * registry's file lists nothing, and says in its opening comment which
 * keys are taken.
 */
#include <string.h>

#include "plumbing.h"

/* Whether a comes before b: a lower key, or a tie (a mistake) by name. */
static int
before(const struct registry_entry *a, const struct registry_entry *b)
{
	if (a->order != b->order)
		return a->order < b->order;
	return strcmp(a->name, b->name) < 0;
}

/*
 * r's entries, from its section, into r->v by order: an insertion sort,
 * as a registry has tens.  A registry of more than REGISTRY_MAX keeps
 * the first it can and says so (its test then fails: it lists them).
 */
static void
registry_sort(struct registry *r)
{
	const struct registry_entry	*e;
	size_t				 j;

	for (e = r->start; e != NULL && e < r->stop; e++) {
		if (r->n == REGISTRY_MAX) {
			log_error("registry %s: more than %d entries",
			    r->section, REGISTRY_MAX);
			break;
		}
		for (j = r->n; j > 0 && before(e, r->v[j - 1]); j--)
			r->v[j] = r->v[j - 1];
		r->v[j] = e;
		r->n++;
	}
}

/*
 * The i-th entry of r in order (0 first), or NULL past the last; r
 * sorted first if no one has yet.  The sorted flag is read without the
 * lock on every call after the first, so each lookup costs one load.
 */
static const struct registry_entry *
registry_at(struct registry *r, size_t i)
{
	if (!__atomic_load_n(&r->sorted, __ATOMIC_ACQUIRE)) {
		pthread_mutex_lock(&r->lock);
		if (!r->sorted) {
			registry_sort(r);
			__atomic_store_n(&r->sorted, 1, __ATOMIC_RELEASE);
		}
		pthread_mutex_unlock(&r->lock);
	}
	return i < r->n ? r->v[i] : NULL;
}

/* The i-th table of r in order, or NULL past the last. */
const void *
registry_table(struct registry *r, size_t i)
{
	const struct registry_entry *e = registry_at(r, i);

	return e != NULL ? e->table : NULL;
}

/* The name of r's i-th table ("ostrc_texts"), or NULL: for tests. */
const char *
registry_name(struct registry *r, size_t i)
{
	const struct registry_entry *e = registry_at(r, i);

	return e != NULL ? e->name : NULL;
}
