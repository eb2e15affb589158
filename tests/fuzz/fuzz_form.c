/*
 * fuzz_form.c - libFuzzer harness for the webhook's form parsing and
 * the signature check over what it yields.  Invariants: never more
 * parameters than asked for, every name and value a string inside the
 * body's own buffer, a signature made for the parameters verifies, and
 * the shape check of Twilio's parameters reads any set of them safely.
 */
#include <stdlib.h>
#include <string.h>

#include "../../ingest/text/text.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct form_param p[32];
	char		*body, sig[29];
	int		 n, i;

	if ((body = malloc(size + 1)) == NULL)
		return 0;
	memcpy(body, data, size);
	body[size] = '\0';
	n = form_parse(body, p, 32);
	if (n > 32)
		abort();
	for (i = 0; i < n; i++)
		if (p[i].name < body || p[i].name > body + size ||
		    p[i].value < body || p[i].value > body + size)
			abort();
	if (n >= 0 && twilio_signature("token", "https://x.example/t", p,
	    (size_t)n, sig) == 0 && !twilio_valid("token",
	    "https://x.example/t", p, (size_t)n, sig, NULL))
		abort();
	if (n >= 0) {
		(void)form_twilio_shaped(p, n, 0, NULL, "+15005550006, +44");
		(void)form_twilio_shaped(p, n, 1,
		    "AC00000000000000000000000000000000", NULL);
	}
	free(body);
	return 0;
}
