/*
 * fuzz_mail.c - libFuzzer harness for the whole path an email takes:
 * libetpan's MIME parsing, charset conversion, HTML to text, header
 * decoding, then the rating format on the text and on every CSV.
 * It runs mime_parse() in-process so the fuzzer sees libetpan's
 * coverage; cox mail itself runs it in a limited child process.
 */
#include <stdlib.h>
#include <string.h>

#include "../../ingest/mail/mail.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct mail_parts m;
	struct rm_parse	 p = { 0 };
	size_t		 i;

	log_setup("fuzz_mail", 0, LOGL_SILENT);
	(void)mime_parse((const char *)data, size, &m);
	if (m.text != NULL && !utf8_valid(m.text, strlen(m.text)))
		abort();	/* everything handed on must be UTF-8 */
	if (m.text != NULL) {
		quote_strip(m.text);
		ratemail_parse_text(m.text, &p);
	}
	for (i = 0; i < m.csv.n; i++)
		ratemail_parse_csv(m.csv.v[i], strlen(m.csv.v[i]), &p);
	ratemail_free(&p);
	mail_parts_free(&m);
	return 0;
}
