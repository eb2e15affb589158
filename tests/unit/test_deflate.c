/*
 * Unit tests for deflate_raw() (gen/deflate.c), against another
 * decoder: Python's zlib inflates each output back to its input.  The
 * inputs reach the format's corners (nothing, one byte, a run longer
 * than the longest repeat, bytes that repeat nothing, a repeat exactly
 * the window away, counts whose Huffman code would be too long) and a
 * page as the build writes it, which must shrink at least four times,
 * in a block of its own codes.
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

/* p[0..n) through deflate_raw() and back; returns the squeezed size. */
static size_t
round_trip(const void *p, size_t n)
{
	static struct buf room;		/* kept, as a build keeps it */
	struct buf	 z = { 0 }, back = { 0 }, again = { 0 }, fresh = { 0 };
	size_t		 len;

	assert_int_equal(buf_add(&z, "x", 1), 0);	/* appends */
	assert_int_equal(deflate_raw(&z, p, n, &room, 0), 0);
	assert_int_equal(z.data[0], 'x');
	memmove(z.data, z.data + 1, --z.len);
	assert_int_equal(inflate_py(&z, &back), 0);
	assert_int_equal(back.len, n);
	if (n > 0)
		assert_memory_equal(back.data, p, n);
	/* the same input, the same bytes, in a room used before or not */
	assert_int_equal(deflate_raw(&again, p, n, &fresh, 0), 0);
	assert_int_equal(again.len, z.len);
	assert_memory_equal(again.data, z.data, z.len);
	/* and in a room full of junk: nothing is read that was not written */
	memset(fresh.data, 0xa5, fresh.cap);
	buf_reset(&again);
	assert_int_equal(deflate_raw(&again, p, n, &fresh, 0), 0);
	assert_int_equal(again.len, z.len);
	assert_memory_equal(again.data, z.data, z.len);
	buf_free(&fresh);
	/* never more than nine bits a byte */
	assert_true(z.len <= n + n / 8 + 16);
	len = z.len;
	/* and the quick search, for what is sealed once */
	buf_reset(&z);
	buf_reset(&back);
	assert_int_equal(deflate_raw(&z, p, n, &room, 1), 0);
	assert_int_equal(inflate_py(&z, &back), 0);
	assert_int_equal(back.len, n);
	if (n > 0)
		assert_memory_equal(back.data, p, n);
	buf_free(&z);
	buf_free(&back);
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
	/* every byte value, every length from 3 to 258 repeated */
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
 * A room used before holds another input's chains: what it compresses
 * must not depend on them.  Chains are of five bytes, and a position
 * starts one when the eight bytes read from it are there.  The first
 * input leaves, at the slot of a position of the second that is too
 * near its end to start one (89 of 96), a link back to its start, where
 * the same five bytes are: a compressor that read it would find a
 * repeat there that a room full of junk does not (round_trip()'s last
 * comparison; a new room is zeroed, and a zero links to the start too).
 */
static void
a_room_used_before(void **state)
{
	unsigned char	 q[97];

	(void)state;
	randombytes_buf(q, sizeof(q));
	memcpy(q, "XYZWV", 5);
	memcpy(q + 89, "XYZWV", 5);	/* q[89..94) repeats q[0..5) */
	round_trip(q, 97);		/* the first input: 89 starts a chain */
	round_trip(q, 96);		/* then its first 96 bytes */
	round_trip("XYZWV", 5);
	round_trip("aaaaaaaa", 8);
}

/*
 * Counts as skewed as Fibonacci's, in random order: a Huffman code of
 * them would be 25 bits long, past the 15 the format allows.
 */
static void
skewed_counts(void **state)
{
	unsigned char	*p;
	uint32_t	 fib[26] = { 1, 1 }, r;
	size_t		 n = 0, i, s;

	(void)state;
	for (i = 2; i < 26; i++)
		fib[i] = fib[i - 1] + fib[i - 2];
	for (i = 0; i < 26; i++)
		n += fib[i];
	assert_non_null(p = malloc(n));
	for (i = 0, n = 0; i < 26; i++)
		for (s = 0; s < fib[i]; s++)
			p[n++] = (unsigned char)(i * 9);
	for (i = n - 1; i > 0; i--) {		/* shuffled */
		r = randombytes_uniform((uint32_t)i + 1);
		s = p[i];
		p[i] = p[r];
		p[r] = (unsigned char)s;
	}
	round_trip(p, n);
	free(p);
}

/* Lengths 3 to 258 and distances 1 to 32768, each code and extra bit. */
static void
every_code(void **state)
{
	struct buf	 in = { 0 };
	unsigned char	 noise[300];
	size_t		 len, d, i;

	(void)state;
	for (len = 3; len <= 258; len += 1) {
		randombytes_buf(noise, sizeof(noise));
		buf_add(&in, noise, len);
		buf_add(&in, "#", 1);
		buf_add(&in, noise, len);
	}
	for (d = 1; d <= 32768; d = d * 3 / 2 + 1) {
		randombytes_buf(noise, 8);
		buf_add(&in, noise, 8);
		while (in.len % 1024 != 0)
			buf_putc(&in, in.len * 7 % 253);
		for (i = 0; i < 8; i++)		/* overlaps when d < 8 */
			buf_putc(&in, in.data[in.len - d]);
	}
	assert_false(buf_failed(&in));
	round_trip(in.data, in.len);
	buf_free(&in);
}

/* A page as render writes it: an athlete's, with its charts. */
static void
a_page_shrinks(void **state)
{
	struct buf	 html = { 0 }, z2 = { 0 }, room = { 0 };
	size_t		 z;
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
	z = round_trip(html.data, html.len);
	assert_true(z * 4 < html.len);
	/* in a block of codes made for it (BFINAL 1, BTYPE 2) */
	buf_reset(&html);
	for (i = 0; i < 400; i++)
		buf_printf(&html, "<tr><td>%d</td><td>%d</td></tr>\n",
		    i * 7 % 5 + 1, i * 3 % 5 + 1);
	assert_int_equal(deflate_raw(&z2, html.data, html.len, &room, 0), 0);
	assert_int_equal(z2.data[0] & 7, 1 | 2 << 1);
	/* and a byte in the fixed codes (BTYPE 1): shorter than a table */
	buf_reset(&z2);
	assert_int_equal(deflate_raw(&z2, "a", 1, &room, 0), 0);
	assert_int_equal(z2.data[0] & 7, 1 | 1 << 1);
	buf_free(&z2);
	buf_free(&room);
	buf_free(&html);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(corners),
		cmocka_unit_test(every_code),
		cmocka_unit_test(skewed_counts),
		cmocka_unit_test(a_room_used_before),
		cmocka_unit_test(a_page_shrinks),
	};

	if (sodium_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
