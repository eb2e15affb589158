/*
 * Unit tests for gen/seal.c: a page's boxes (seal_page()) open with
 * libsodium's crypto_box_open_easy from the payload's sender key, as
 * the browser opens them, each with its own reader's secret only; the
 * same page gives the same bytes, another content key other nonces; a
 * small-order public key is refused (seal_shared()) and a key marked
 * unusable left out.  A piece (seal_piece_id(),
 * seal_piece()) opens as payload.md says, named by a keyed hash of
 * the bytes sealed, so that another encoding is another file; its
 * file's size is told from a torn one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <jansson.h>

#include "../../gen/gen.h"

/* A site's sender key pair, and n readers' keys readied for sealing. */
static void
readers_make(struct site_sender *snd, struct seal_key *keys,
    unsigned char (*sk)[32], size_t n)
{
	size_t	 i;

	crypto_box_keypair(snd->pk, snd->sk);
	memset(keys, 0, n * sizeof(*keys));
	for (i = 0; i < n; i++) {
		crypto_box_keypair(keys[i].pk, sk[i]);
		keys[i].person = (int64_t)i + 1;
		assert_int_equal(seal_shared(snd, keys[i].pk, keys[i].shared),
		    0);
	}
}

/* The payload seal_page() makes of a small page, as JSON. */
static json_t *
sealed_page(const struct page_keys *k, const struct site_sender *snd,
    const struct seal_key *keys, size_t n)
{
	static const char html[] = "<p>hello</p>";
	static const unsigned char fp[32];
	struct buf	 work = { 0 }, out = { 0 };
	json_t		*j;

	assert_int_equal(seal_page("site", "a/b/", k, snd->pk, keys, n, html,
	    strlen(html), NULL, fp, NULL, &work, &out), 0);
	j = json_loads(out.data, 0, NULL);
	assert_non_null(j);
	buf_free(&work);
	buf_free(&out);
	return j;
}

/* Opens the box of the payload's i-th key entry with sk, into out. */
static int
box_open(json_t *payload, size_t i, const unsigned char sk[32],
    unsigned char out[32], int flip)
{
	unsigned char	 box[24 + 48], sender[32];
	size_t		 n;
	json_t		*e = json_array_get(json_object_get(payload, "keys"), i);
	const char	*b = json_string_value(json_object_get(e, "box"));
	const char	*s = json_string_value(json_object_get(payload,
			    "sender"));

	assert_non_null(b);
	assert_non_null(s);
	assert_int_equal(sodium_base642bin(box, sizeof(box), b, strlen(b),
	    NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(n, sizeof(box));
	assert_int_equal(sodium_base642bin(sender, sizeof(sender), s,
	    strlen(s), NULL, &n, NULL, sodium_base64_VARIANT_ORIGINAL), 0);
	assert_int_equal(n, sizeof(sender));
	box[30] ^= (unsigned char)flip;
	return crypto_box_open_easy(out, box + 24, 48, box, sender, sk);
}

static void
boxes_open_with_box_open(void **state)
{
	struct site_sender snd;
	struct seal_key	 keys[2];
	struct page_keys k;
	unsigned char	 sk[2][32], out[32];
	json_t		*p;

	(void)state;
	readers_make(&snd, keys, sk, 2);
	randombytes_buf(k.content, 32);
	randombytes_buf(k.link, 32);
	p = sealed_page(&k, &snd, keys, 2);
	assert_int_equal(json_integer_value(json_object_get(p, "version")),
	    SEAL_VERSION);
	/* the link's entry first, then one a reader, in their order */
	assert_int_equal(json_array_size(json_object_get(p, "keys")), 3);
	assert_int_equal(box_open(p, 1, sk[0], out, 0), 0);
	assert_memory_equal(out, k.content, 32);
	assert_int_equal(box_open(p, 2, sk[1], out, 0), 0);
	assert_memory_equal(out, k.content, 32);
	/* a reader opens their own box only, and a changed box not */
	assert_int_equal(box_open(p, 2, sk[0], out, 0), -1);
	assert_int_equal(box_open(p, 1, sk[0], out, 1), -1);
	/* the nonce as payload.md says: BLAKE2b-192 keyed with the content
	 * key, of "cox person box" and its 0 byte, then the reader's key */
	{
		crypto_generichash_state st;
		unsigned char	 want[24], box[72];
		const char	*b = json_string_value(json_object_get(
				    json_array_get(json_object_get(p, "keys"),
				    2), "box"));
		size_t		 n;

		crypto_generichash_init(&st, k.content, 32, sizeof(want));
		crypto_generichash_update(&st,
		    (const unsigned char *)"cox person box",
		    sizeof("cox person box"));
		crypto_generichash_update(&st, keys[1].pk, 32);
		crypto_generichash_final(&st, want, sizeof(want));
		assert_int_equal(sodium_base642bin(box, sizeof(box), b,
		    strlen(b), NULL, &n, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		assert_memory_equal(box, want, sizeof(want));
	}
	json_decref(p);
}

static void
same_inputs_same_bytes(void **state)
{
	struct site_sender snd;
	struct seal_key	 keys[2];
	struct page_keys k;
	unsigned char	 sk[2][32];
	json_t		*a, *b, *c;
	const char	*x, *y;

	(void)state;
	readers_make(&snd, keys, sk, 2);
	randombytes_buf(k.content, 32);
	randombytes_buf(k.link, 32);
	a = sealed_page(&k, &snd, keys, 2);
	b = sealed_page(&k, &snd, keys, 2);
	assert_true(json_equal(a, b));
	k.content[0] ^= 1;
	c = sealed_page(&k, &snd, keys, 2);
	/* another content key, another nonce under the reader's key */
	x = json_string_value(json_object_get(json_array_get(
	    json_object_get(a, "keys"), 1), "box"));
	y = json_string_value(json_object_get(json_array_get(
	    json_object_get(c, "keys"), 1), "box"));
	assert_memory_not_equal(x, y, 32);	/* base64 of the 24-byte nonce */
	json_decref(a);
	json_decref(b);
	json_decref(c);
}

static void
small_order_refused(void **state)
{
	struct site_sender snd;
	unsigned char	 zero[32] = { 0 }, shared[32];

	(void)state;
	crypto_box_keypair(snd.pk, snd.sk);
	assert_int_equal(seal_shared(&snd, zero, shared), -1);
}

static void
unusable_left_out(void **state)
{
	struct site_sender snd;
	struct seal_key	 keys[2];
	struct page_keys k;
	unsigned char	 sk[2][32], out[32];
	json_t		*p;

	(void)state;
	readers_make(&snd, keys, sk, 2);
	keys[0].unusable = 1;
	randombytes_buf(k.content, 32);
	randombytes_buf(k.link, 32);
	p = sealed_page(&k, &snd, keys, 2);
	assert_int_equal(json_array_size(json_object_get(p, "keys")), 2);
	assert_int_equal(box_open(p, 1, sk[1], out, 0), 0);
	assert_memory_equal(out, k.content, 32);
	json_decref(p);
}

/* p with plaintext text, encoded (squeezed or not) and named. */
static void
piece_make(struct piece *p, const char *text, struct seal_squeeze *squeeze,
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
	struct seal_squeeze squeeze = { 0 };
	struct buf	 file = { 0 }, ad = { 0 };
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
	seal_squeeze_free(&squeeze);
	buf_free(&file);
	buf_free(&ad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(boxes_open_with_box_open),
		cmocka_unit_test(same_inputs_same_bytes),
		cmocka_unit_test(small_order_refused),
		cmocka_unit_test(unusable_left_out),
		cmocka_unit_test(piece_opens_named_by_its_bytes),
	};

	if (sodium_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
