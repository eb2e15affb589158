/*
 * Unit tests for lib/jsonmem.c: inside a window jansson's values come
 * from the thread's arena and are all taken back when it closes (the
 * next window reuses the same memory, and under AddressSanitizer what
 * was kept is poisoned); a value made before the window lives on
 * through a tree of the window that held it; outside windows, and on
 * a thread that never opens one, jansson's values are malloc()'s.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <pthread.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#endif

#include "../../lib/plumbing.h"

static int
setup(void **state)
{
	(void)state;
	jsonmem_setup();
	return 0;
}

/* A page's worth of tree: objects, arrays, strings, numbers. */
static json_t *
tree(int n)
{
	json_t	*root = json_object(), *a = json_array();
	int	 i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:i, s:s, s:f}", "i", i,
		    "name", "Ada Lovelace", "x", i / 3.0));
	json_object_set_new(root, "rows", a);
	return root;
}

/*
 * Freeing in a window gives nothing back until it closes; then the next
 * window's first value is where the last window's first one was.
 */
static void
test_window_reuses(void **state)
{
	json_t	*first, *next, *t;
	void	*was;

	(void)state;
	jsonmem_begin();
	first = json_string("first");
	was = first;
	t = tree(200);
	json_decref(first);
	next = json_string("first");
	assert_ptr_not_equal(next, was);	/* freed, not given back */
	json_decref(next);
	json_decref(t);
	jsonmem_end();

	jsonmem_begin();
	first = json_string("first");
	assert_ptr_equal(first, was);	/* all taken back, reused */
	json_decref(first);
	jsonmem_end();
}

/* A value of the heap, held by a window's tree, outlives the window. */
static void
test_heap_value_survives(void **state)
{
	json_t	*keep = json_pack("{s:s}", "team", "Riverside RC"), *t;

	(void)state;
	jsonmem_begin();
	t = tree(50);
	json_object_set(t, "keep", keep);	/* a reference, not a copy */
	json_decref(t);
	jsonmem_end();
	assert_int_equal(keep->refcount, 1);
	assert_string_equal(json_string_value(json_object_get(keep, "team")),
	    "Riverside RC");
	/* made and freed outside any window: malloc and free */
	json_object_set_new(keep, "more", tree(10));
	json_decref(keep);
}

#if defined(__SANITIZE_ADDRESS__)
/* A value kept past its window is poisoned: its first use is caught. */
static void
test_kept_value_poisoned(void **state)
{
	json_t	*kept;

	(void)state;
	jsonmem_begin();
	kept = json_string("kept by mistake");
	assert_int_equal(__asan_address_is_poisoned(kept), 0);
	jsonmem_end();
	assert_int_not_equal(__asan_address_is_poisoned(kept), 0);
}
#endif

/* Another thread, never in a window, frees a main thread's value. */
static void *
other(void *arg)
{
	json_t	*t = tree(20);

	json_decref(arg);
	json_decref(t);
	return NULL;
}

static void
test_other_thread(void **state)
{
	pthread_t	 th;
	json_t		*v = tree(20);

	(void)state;
	jsonmem_begin();
	json_decref(tree(20));
	jsonmem_end();
	assert_int_equal(pthread_create(&th, NULL, other, v), 0);
	assert_int_equal(pthread_join(th, NULL), 0);
	jsonmem_done();
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_reuses),
		cmocka_unit_test(test_heap_value_survives),
#if defined(__SANITIZE_ADDRESS__)
		cmocka_unit_test(test_kept_value_poisoned),
#endif
		cmocka_unit_test(test_other_thread),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
