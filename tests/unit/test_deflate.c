/*
 * Unit tests for seal_deflate() (gen/seal.c, by libdeflate), against
 * another decoder: Python's zlib inflates each output back to its
 * input.  The inputs reach the format's corners (nothing, one byte, a
 * run longer than the longest repeat, bytes that repeat nothing, a
 * repeat exactly the window away) and a page as the build writes it,
 * which must shrink at least four times.  What is sealed must be the
 * same bytes each time, so that a page sealed again is the same file:
 * a compressor used before, for other inputs, gives what a new one
 * gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../gen/gen.h"

/* The compressors kept from one input to the next, as a worker keeps them. */
static struct seal_squeeze	 kept;

/* Python's inflate of z, into out; the exit status of the decoder. */
static int
inflate_py(const struct buf *z, struct buf *out)
{
	char	 in[] = "/tmp/cox-deflate-XXXXXX", cmd[256];
	FILE	*f;
	char	 chunk[65536];
	size_t	 n;
	int	 fd, rc;

	assert_true((fd = mkstemp(in)) != -1);
	assert_int_equal(write(fd, z->data, z->len), (ssize_t)z->len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "python3 -c 'import sys, zlib; "
	    "d = zlib.decompressobj(-15); "
	    "sys.stdout.buffer.write(d.decompress(open(sys.argv[1], \"rb\")"
	    ".read())); sys.exit(0 if d.eof and not d.unused_data else 3)' %s",
	    in);
	assert_non_null(f = popen(cmd, "r"));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(buf_add(out, chunk, n), 0);
	rc = pclose(f);
	unlink(in);
	return rc;
}

/* Whether z inflates to p[0..n). */
static void
inflates_to(const struct buf *z, const void *p, size_t n)
{
	struct buf	 back = { 0 };

	assert_int_equal(inflate_py(z, &back), 0);
	assert_int_equal(back.len, n);
	if (n > 0)
		assert_memory_equal(back.data, p, n);
	buf_free(&back);
}

/*
 * p[0..n) through seal_deflate() and back, by the compressor for what
 * is sealed again and again and by the one for what is sealed once;
 * returns the first's size.
 */
static size_t
round_trip(const void *p, size_t n)
{
	struct seal_squeeze fresh = { 0 };
	struct buf	 z = { 0 }, again = { 0 };
	size_t		 len;
	int		 once;

	for (once = 1; once >= 0; once--) {
		buf_reset(&z);
		assert_int_equal(buf_add(&z, "x", 1), 0);	/* appends */
		assert_int_equal(seal_deflate(&z, p, n, &kept, once), 0);
		assert_int_equal(z.data[0], 'x');
		assert_int_equal(z.data[z.len], '\0');
		memmove(z.data, z.data + 1, --z.len);
		inflates_to(&z, p, n);
		/* the same input, the same bytes, from a new compressor */
		buf_reset(&again);
		assert_int_equal(seal_deflate(&again, p, n, &fresh, once), 0);
		assert_int_equal(again.len, z.len);
		assert_memory_equal(again.data, z.data, z.len);
	}
	/* never much more than the input: stored blocks at worst */
	assert_true(z.len <= n + n / 8 + 16);
	len = z.len;
	seal_squeeze_free(&fresh);
	buf_free(&z);
	buf_free(&again);
	return len;
}

static void
corners(void **state)
{
	unsigned char	*p;
	size_t		 i;

	(void)state;
	round_trip("", 0);
	round_trip("a", 1);
	round_trip("abcabcabc", 9);
	assert_non_null(p = malloc(200000));
	/* a run: distance 1, repeats of 258 and one shorter */
	memset(p, 'z', 1000);
	assert_true(round_trip(p, 1000) < 20);
	/* noise: literals only, expansion bounded */
	randombytes_buf(p, 200000);
	round_trip(p, 200000);
	/* every byte value, lengths from 3 to 258 repeated */
	for (i = 0; i < 200000; i++)
		p[i] = (unsigned char)(i % 251 + (i / 2000) % 7);
	round_trip(p, 200000);
	/* a block of noise, again exactly the window away, and just past */
	randombytes_buf(p, 32768);
	memcpy(p + 32768, p, 300);
	memcpy(p + 32768 + 300, p + 299, 300);
	assert_true(round_trip(p, 32768 + 600) < 32768 + 32768 / 8 + 100);
	free(p);
}

/*
 * A compressor holds what it last read: the same input sealed between
 * others, or after a larger one, is the same bytes each time.
 */
static void
a_compressor_used_before(void **state)
{
	static const char page[] = "<tr><td>2026-11-01</td><td>4</td></tr>"
	    "<tr><td>2026-11-02</td><td>4</td></tr>";
	struct buf	 first = { 0 }, then = { 0 };
	unsigned char	 noise[70000];

	(void)state;
	assert_int_equal(seal_deflate(&first, page, sizeof(page) - 1, &kept,
	    0), 0);
	randombytes_buf(noise, sizeof(noise));
	memcpy(noise + 1000, page, sizeof(page) - 1);
	assert_int_equal(seal_deflate(&then, noise, sizeof(noise), &kept, 0),
	    0);
	buf_reset(&then);
	assert_int_equal(seal_deflate(&then, page, sizeof(page) - 1, &kept,
	    0), 0);
	assert_int_equal(then.len, first.len);
	assert_memory_equal(then.data, first.data, first.len);
	/* and after a compressor was let go, one is made again */
	seal_squeeze_free(&kept);
	assert_null(kept.often);
	buf_reset(&then);
	assert_int_equal(seal_deflate(&then, page, sizeof(page) - 1, &kept,
	    0), 0);
	assert_int_equal(then.len, first.len);
	assert_memory_equal(then.data, first.data, first.len);
	buf_free(&first);
	buf_free(&then);
}

/* A page as render writes it: an athlete's, with its charts. */
static void
a_page_shrinks(void **state)
{
	struct buf	 html = { 0 };
	int		 i, w;

	(void)state;
	buf_puts(&html, "<!doctype html><main><h1>Alex Morgan</h1>");
	for (i = 0; i < 5; i++) {
		buf_printf(&html, "<section class=\"metric\" id=\"m%d\"><h2>"
		    "Metric %d</h2><svg viewBox=\"0 0 320 160\" role=\"img\">",
		    i, i);
		for (w = 0; w < 40; w++)
			buf_printf(&html, "<circle class=\"coach\" cx=\"%d\" "
			    "cy=\"%d\" r=\"3\"><title>2026-%02d-%02d coach %d"
			    "</title></circle>", 26 + w * 7, 20 + (w * 37 + i)
			    % 120, 1 + w / 4, 1 + w % 28, 1 + (w + i) % 5);
		buf_puts(&html, "</svg><table><tr><th>Date</th><th>Coach</th>"
		    "<th>You</th></tr>");
		for (w = 0; w < 40; w++)
			buf_printf(&html, "<tr><td>2026-%02d-%02d</td><td>%d"
			    "</td><td>%d</td></tr>", 1 + w / 4, 1 + w % 28,
			    1 + (w + i) % 5, 1 + (w * 3 + i) % 5);
		buf_puts(&html, "</table></section>");
	}
	assert_false(buf_failed(&html));
	assert_true(round_trip(html.data, html.len) * 4 < html.len);
	buf_free(&html);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corners),
		cmocka_unit_test(a_compressor_used_before),
		cmocka_unit_test(a_page_shrinks),
	};
	int	 rc;

	if (sodium_init() == -1)
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	seal_squeeze_free(&kept);
	return rc;
}
