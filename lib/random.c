/*
 * random.c - unguessable identifiers (page slugs, site ids) from
 * libsodium's CSPRNG, written as URL-safe base64 without padding.
 */
#include <sodium.h>

#include "plumbing.h"

/* Writes nbytes of randomness (at most 64) as base64url into dst. */
int
random_token(char *dst, size_t size, size_t nbytes)
{
	unsigned char	 raw[64];

	if (nbytes > sizeof(raw) || size < sodium_base64_ENCODED_LEN(nbytes,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
		log_error("random_token: buffer too small");
		return -1;
	}
	if (sodium_init() == -1) {
		log_error("libsodium failed to initialise");
		return -1;
	}
	randombytes_buf(raw, nbytes);
	sodium_bin2base64(dst, size, raw, nbytes,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
	return 0;
}
