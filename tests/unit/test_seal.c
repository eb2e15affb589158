/*
 * Unit tests for seal_box() (gen/seal.c): what it makes opens with
 * libsodium's crypto_box_seal_open, as the browser opens it; the same
 * key and reader give the same bytes, another reader another box under
 * the page's one ephemeral key, another content key another key pair;
 * a small-order public key is refused.  A piece (seal_piece_id(),
 * seal_piece()) opens as payload.md says, named by a keyed hash of
 * the bytes sealed, so that another encoding is another file; its
 * file's size is told from a torn one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../gen/gen.h"

static void
opens_with_seal_open(void **state)
{
	unsigned char	 pk[32], sk[32], content[32], out[32];
	unsigned char	 box[32 + crypto_box_SEALBYTES];

	(void)state;
	crypto_box_keypair(pk, sk);
	randombytes_buf(content, sizeof(content));
	assert_int_equal(seal_box(box, content, pk), 0);
	assert_int_equal(crypto_box_seal_open(out, box, sizeof(box), pk, sk), 0);
	assert_memory_equal(out, content, 32);
	box[40] ^= 1;
	assert_int_equal(crypto_box_seal_open(out, box, sizeof(box), pk, sk),
	    -1);
}

static void
same_inputs_same_bytes(void **state)
{
	unsigned char	 pk[32], pk2[32], sk[32], sk2[32], content[32];
	unsigned char	 out[32];
	unsigned char	 a[32 + crypto_box_SEALBYTES], b[sizeof(a)];

	(void)state;
	crypto_box_keypair(pk, sk);
	crypto_box_keypair(pk2, sk2);
	randombytes_buf(content, sizeof(content));
	assert_int_equal(seal_box(a, content, pk), 0);
	assert_int_equal(seal_box(b, content, pk), 0);
	assert_memory_equal(a, b, sizeof(a));
	assert_int_equal(seal_box(b, content, pk2), 0);
	/* a page's readers share its ephemeral key; their boxes differ */
	assert_memory_equal(a, b, 32);
	assert_memory_not_equal(a + 32, b + 32, sizeof(a) - 32);
	assert_int_equal(crypto_box_seal_open(out, b, sizeof(b), pk2, sk2), 0);
	assert_memory_equal(out, content, 32);
	assert_int_equal(crypto_box_seal_open(out, b, sizeof(b), pk, sk), -1);
	content[0] ^= 1;
	assert_int_equal(seal_box(b, content, pk), 0);
	assert_memory_not_equal(a, b, 32);
}

static void
small_order_refused(void **state)
{
	unsigned char	 zero[32] = { 0 }, content[32] = { 1 };
	unsigned char	 box[32 + crypto_box_SEALBYTES];

	(void)state;
	assert_int_equal(seal_box(box, content, zero), -1);
}

/* p with plaintext text, encoded (squeezed or not) and named. */
static void
piece_make(struct piece *p, const char *text, struct buf *squeeze,
    const struct page_keys *k)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "h202610");
	assert_int_equal(buf_puts(&p->plain, text), 0);
	assert_int_equal(seal_piece_id(k, p, squeeze), 0);
}

static void
piece_opens_named_by_its_bytes(void **state)
{
	static const char text[] = "h202610\0run\0<tr><td>technique</td>"
	    "<td>4</td></tr><tr><td>technique</td><td>4</td></tr>";
	struct page_keys k;
	struct piece	 a, b;
	struct buf	 squeeze = { 0 }, file = { 0 }, ad = { 0 };
	crypto_generichash_state st;
	unsigned char	 h[16], pt[512];
	unsigned long long n;
	char		 hex[33];
	size_t		 coded, len;

	(void)state;
	memset(&k, 0, sizeof(k));
	randombytes_buf(k.content, sizeof(k.content));
	piece_make(&a, text, &squeeze, &k);
	piece_make(&b, text, NULL, &k);
	assert_string_not_equal(a.id, b.id);	/* the encoding names it */
	assert_int_equal((unsigned char)a.coded.data[0], SEAL_DEFLATE);
	assert_int_equal((unsigned char)b.coded.data[0], SEAL_PLAIN);
	/* the name: BLAKE2b-128 of the tag, the format and the bytes */
	crypto_generichash_init(&st, k.content, 32, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)"cox piece id",
	    sizeof("cox piece id"));
	crypto_generichash_update(&st, (const unsigned char *)seal_format,
	    strlen(seal_format) + 1);
	crypto_generichash_update(&st, (const unsigned char *)a.coded.data,
	    a.coded.len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	assert_string_equal(a.id, hex);
	coded = a.coded.len;
	assert_int_equal(seal_piece("site", "a/b/", &k, &a, &file), 0);
	assert_true(seal_piece_whole(&(struct piece){ .coded = { .len =
	    coded } }, file.len));
	assert_false(seal_piece_whole(&(struct piece){ .coded = { .len =
	    coded } }, file.len - 512));
	/* opens with the nonce before it, the page's and its own name */
	buf_printf(&ad, "cox%d", SEAL_VERSION);
	buf_add(&ad, "", 1);
	buf_puts(&ad, "site");
	buf_add(&ad, "", 1);
	buf_puts(&ad, "a/b/");
	buf_add(&ad, "", 1);
	buf_puts(&ad, a.id);
	assert_int_equal(crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &n,
	    NULL, (unsigned char *)file.data + 24, file.len - 24,
	    (unsigned char *)ad.data, ad.len, (unsigned char *)file.data,
	    k.content), 0);
	assert_int_equal(sodium_unpad(&len, pt, (size_t)n, seal_block(coded)),
	    0);
	assert_int_equal(len, coded);
	assert_int_equal(pt[0], SEAL_DEFLATE);
	buf_free(&a.plain);
	buf_free(&a.coded);
	buf_free(&b.plain);
	buf_free(&b.coded);
	buf_free(&squeeze);
	buf_free(&file);
	buf_free(&ad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_with_seal_open),
		cmocka_unit_test(same_inputs_same_bytes),
		cmocka_unit_test(small_order_refused),
		cmocka_unit_test(piece_opens_named_by_its_bytes),
	};

	if (sodium_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
