/*
 * unwrap PASSWORD WRAPPED_JSON PUBLIC_KEY_HEX - opens, with libsodium in
 * C, a secret key that libsodium.js wrapped in the browser (site-
 * templates/account.js): Argon2id(password) at the blob's parameters,
 * then XChaCha20-Poly1305 with the public key as associated data.
 * Prints "ok" when the key opens and belongs to the public key, exits
 * 1 otherwise.  A cross-check of the two implementations for
 * tests/t/27-accounts.t.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

static int
bin(json_t *w, const char *name, unsigned char *out, size_t want)
{
	const char	*v = json_string_value(json_object_get(w, name));
	size_t		 len;

	return v != NULL && sodium_base642bin(out, want, v, strlen(v), NULL,
	    &len, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 && len == want ?
	    0 : -1;
}

int
main(int argc, char **argv)
{
	unsigned char	 salt[crypto_pwhash_SALTBYTES], pk[32], mine[32];
	unsigned char	 n[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char	 c[32 + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	unsigned char	 key[32], sk[32], ad[8 + 32];
	json_t		*w;
	int		 ok;

	if (argc != 4 || sodium_init() == -1 ||
	    (w = json_loads(argv[2], 0, NULL)) == NULL ||
	    sodium_hex2bin(pk, sizeof(pk), argv[3], strlen(argv[3]), NULL,
	    NULL, NULL) != 0 || bin(w, "salt", salt, sizeof(salt)) == -1 ||
	    bin(w, "n", n, sizeof(n)) == -1 || bin(w, "c", c, sizeof(c)) == -1)
		return 2;
	memcpy(ad, "coxwrap1", 8);
	memcpy(ad + 8, pk, 32);
	ok = crypto_pwhash(key, sizeof(key), argv[1], strlen(argv[1]), salt,
	    (unsigned long long)json_integer_value(json_object_get(w, "ops")),
	    (size_t)json_integer_value(json_object_get(w, "mem")),
	    crypto_pwhash_ALG_ARGON2ID13) == 0 &&
	    crypto_aead_xchacha20poly1305_ietf_decrypt(sk, NULL, NULL, c,
	    sizeof(c), ad, sizeof(ad), n, key) == 0 &&
	    crypto_scalarmult_base(mine, sk) == 0 && memcmp(mine, pk, 32) == 0;
	json_decref(w);
	puts(ok ? "ok" : "no");
	return ok ? 0 : 1;
}
