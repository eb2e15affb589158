/*
 * secret.c - secrets held as strings (tokens, passwords, texts that
 * carry a page link): their bytes are wiped before the memory goes back,
 * so a later allocation or a core file does not show them.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "plumbing.h"

/* Wipes the string s and frees it; NULL is nothing to do. */
void
secret_free(char *s)
{
	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}
