/*
 * fuzz_csv.c - libFuzzer harness for the CSV reader and the parsers
 * every roster cell goes through (phone numbers, roles, emails, scales,
 * birth dates).
 *
 * Invariants checked beyond "no crash": records never exceed the field
 * limits, line numbers never go backwards, and a birth date taken is
 * a day as ISO writes it.
 */
#include <stdlib.h>
#include <string.h>

#include "../../lib/scores.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	struct strlist		 phones = { 0 };
	char			 e164[PHONE_MAX], dwhy[DAY_WHY_MAX], *day;
	const char		*why;
	unsigned long		 last = 0;
	enum role		 role;
	long			 lo, hi;
	size_t			 i, j;

	log_setup("fuzz_csv", 0, LOGL_ERROR);
	if ((r = csv_open((const char *)data, size)) == NULL)
		return 0;
	while (csv_read(r, &rec) == 1) {
		if (rec->nfields == 0 || rec->nfields > CSV_MAX_FIELDS ||
		    rec->line < last)
			abort();
		last = rec->line;
		for (i = 0; i < rec->nfields; i++) {
			if (strlen(rec->fields[i]) > CSV_MAX_FIELD)
				abort();
			phone_normalize(rec->fields[i], "GB", e164, &why);
			if (phone_split(rec->fields[i], "DE", &phones) == 0)
				for (j = 0; j < phones.n; j++)
					phone_normalize(phones.v[j], "US", e164,
					    &why);
			strlist_free(&phones);
			(void)role_parse(rec->fields[i], &role);
			(void)email_valid(rec->fields[i]);
			(void)metric_scale_parse(rec->fields[i], &lo, &hi);
			day = NULL;
			if (roster_birth_date(rec->fields[i],
			    (enum day_order)(i % 3), &day, dwhy) == 0 &&
			    (day == NULL || strlen(day) != 10))
				abort();
			free(day);
			(void)utf8_valid(rec->fields[i],
			    strlen(rec->fields[i]));
		}
	}
	csv_close(r);
	return 0;
}
