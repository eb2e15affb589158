/*
 * Unit tests for seal_box() (gen/seal.c): what it makes opens with
 * libsodium's crypto_box_seal_open, as the browser opens it; the same
 * key and reader give the same bytes, another reader or key others;
 * a small-order public key is refused.
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
	unsigned char	 pk[32], pk2[32], sk[32], content[32];
	unsigned char	 a[32 + crypto_box_SEALBYTES], b[sizeof(a)];

	(void)state;
	crypto_box_keypair(pk, sk);
	crypto_box_keypair(pk2, sk);
	randombytes_buf(content, sizeof(content));
	assert_int_equal(seal_box(a, content, pk), 0);
	assert_int_equal(seal_box(b, content, pk), 0);
	assert_memory_equal(a, b, sizeof(a));
	assert_int_equal(seal_box(b, content, pk2), 0);
	assert_memory_not_equal(a, b, 32);	/* another ephemeral key */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(opens_with_seal_open),
		cmocka_unit_test(same_inputs_same_bytes),
		cmocka_unit_test(small_order_refused),
	};

	if (sodium_init() == -1)
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
