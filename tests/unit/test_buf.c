/*
 * Unit tests for lib/buf.c's wiped buffers: what a buffer marked with
 * buf_wipe() lets go (when it grows, when it is freed) is zero by the
 * time free() sees it, and the build's scratch marks the buffers that
 * hold a page before it is sealed, and zeroes what its compressors let
 * go.  free() is wrapped (the Makefile links this test with
 * --wrap=free) to look at each block it is given.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <malloc.h>
#include <string.h>
#include <cmocka.h>

#include "../../gen/gen.h"

void	__real_free(void *);
void	__wrap_free(void *);

/* The block watched, its size, and what was found when it was freed. */
static const char	*watched;
static size_t		 watched_len;
static int		 seen, seen_zero;
/* While counting: the blocks freed, and those not zero when they were. */
static int		 counting, freed, dirty;

void
__wrap_free(void *p)
{
	const char	*c = p;
	size_t		 i, n;

	if (p != NULL && counting) {
		freed++;
		for (i = 0, n = malloc_usable_size(p); i < n; i++)
			if (c[i] != 0) {
				dirty++;
				break;
			}
	}
	if (p != NULL && p == watched) {
		seen = 1;
		seen_zero = 1;
		for (i = 0; i < watched_len; i++)
			if (watched[i] != 0)
				seen_zero = 0;
		watched = NULL;
	}
	__real_free(p);
}

static void
watch(const struct buf *b)
{
	watched = b->data;
	watched_len = b->cap;
	seen = seen_zero = 0;
}

static const char secret[] = "Ada Lovelace: sleep 2, stress 7, injured";

/* Grows b until its data moves; returns 0 once it has, -1 if never. */
static int
grow_until_moved(struct buf *b)
{
	const char	*was = b->data;
	int		 i;

	for (i = 0; i < 64; i++) {
		assert_int_equal(buf_puts(b, secret), 0);
		if (b->data != was)
			return 0;
	}
	return -1;
}

static void
test_grow_wipes(void **state)
{
	struct buf	 b = { 0 };
	char		*hold;
	size_t		 i, n = strlen(secret);

	(void)state;
	buf_wipe(&b);
	assert_int_equal(buf_puts(&b, secret), 0);
	watch(&b);
	/* a block after it, so that realloc() could not grow in place */
	hold = malloc(16);
	assert_int_equal(grow_until_moved(&b), 0);
	assert_true(seen);
	assert_true(seen_zero);
	/* and nothing lost: each copy of the secret, then the end */
	assert_int_equal(b.len % n, 0);
	for (i = 0; i < b.len; i += n)
		assert_memory_equal(b.data + i, secret, n);
	assert_int_equal(b.data[b.len], '\0');
	free(hold);
	watch(&b);
	buf_free(&b);
	assert_true(seen);
	assert_true(seen_zero);
	assert_null(b.data);
}

/* The same steps without buf_wipe(): what the check above would see. */
static void
test_unmarked_leaves(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	assert_int_equal(buf_puts(&b, secret), 0);
	watch(&b);
	buf_free(&b);
	assert_true(seen);
	assert_false(seen_zero);
}

/* A marked buffer whose append failed zeroes what buf_steal() drops. */
static void
test_steal_failed(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	buf_wipe(&b);
	assert_int_equal(buf_puts(&b, secret), 0);
	assert_int_equal(buf_add(&b, secret, SIZE_MAX), -1);
	watch(&b);
	assert_null(buf_steal(&b));
	assert_true(seen);
	assert_true(seen_zero);
}

/* A buffer freed or reset is still marked when it is used again. */
static void
test_mark_kept(void **state)
{
	struct buf	 b = { 0 };

	(void)state;
	buf_wipe(&b);
	assert_int_equal(buf_puts(&b, secret), 0);
	buf_free(&b);
	assert_int_equal(buf_puts(&b, secret), 0);
	buf_reset(&b);
	assert_int_equal(buf_puts(&b, secret), 0);
	watch(&b);
	buf_free(&b);
	assert_true(seen_zero);
}

/* What the build renders and seals a page in zeroes what it lets go. */
static void
test_scratch_marked(void **state)
{
	struct scratch	 s;
	struct buf	*page[] = { &s.plain, &s.work, &s.pieces.live, &s.pieces.v[0].plain,
			    &s.pieces.v[0].coded,
			    &s.pieces.v[PIECES_MAX - 1].plain,
			    &s.pieces.v[PIECES_MAX - 1].coded };
	size_t		 i;

	(void)state;
	scratch_init(&s);
	for (i = 0; i < sizeof(page) / sizeof(*page); i++) {
		assert_int_equal(buf_puts(page[i], secret), 0);
		watch(page[i]);
		assert_int_equal(grow_until_moved(page[i]), 0);
		assert_true(seen_zero);
	}
	scratch_free(&s);
	for (i = 0; i < sizeof(page) / sizeof(*page); i++) {
		scratch_init(&s);
		assert_int_equal(buf_puts(page[i], secret), 0);
		watch(page[i]);
		scratch_free(&s);
		assert_true(seen);
		assert_true(seen_zero);
	}
}

/*
 * A worker's compressors, whose tables held where a page repeats
 * itself, zero what they let go when its scratch does.
 */
static void
test_squeeze_wiped(void **state)
{
	struct scratch	 s;
	struct buf	 z = { 0 };
	int		 i;

	(void)state;
	scratch_init(&s);
	for (i = 0; i < 64; i++)
		assert_int_equal(buf_puts(&s.plain, secret), 0);
	assert_int_equal(seal_deflate(&z, s.plain.data, s.plain.len,
	    &s.squeeze, 0), 0);
	assert_int_equal(seal_deflate(&z, s.plain.data, s.plain.len,
	    &s.squeeze, 1), 0);
	buf_free(&s.plain);
	counting = 1;
	freed = dirty = 0;
	scratch_free(&s);
	counting = 0;
	assert_int_equal(freed, 2);		/* one block a compressor */
	assert_int_equal(dirty, 0);
	buf_free(&z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_wipes),
		cmocka_unit_test(test_unmarked_leaves),
		cmocka_unit_test(test_mark_kept),
		cmocka_unit_test(test_steal_failed),
		cmocka_unit_test(test_scratch_marked),
		cmocka_unit_test(test_squeeze_wiped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
