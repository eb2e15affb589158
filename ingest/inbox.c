/*
 * inbox.c - the texts the coaches read in their digest (digest.c) and
 * its hourly roundup: those that failed to go out, with what to do, and
 * those that came in for them, notes, texts cox could not read (unread.c
 * answers them), a guardian's and a stranger's, quoted.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest.h"

#define GIST_MAX	160		/* bytes of a text quoted */

/* What an athlete texted, cut at GIST_MAX bytes between characters. */
static const char *
gist(const char *text, char out[GIST_MAX + 4])
{
	size_t	 n = strlen(text);

	if (n <= GIST_MAX)
		return text;
	n = GIST_MAX;
	while (n > 0 && ((unsigned char)text[n] & 0xc0) == 0x80)
		n--;
	memcpy(out, text, n);
	memcpy(out + n, "...", 4);
	return out;
}

/* A text that failed, with what to do. */
static void
failed_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	const char	*hint;

	if ((hint = phone_error_hint(db_text(st, 3))) == NULL)
		hint = words_get(NULL, "mail.digest_failed_why");
	words_printf(out, NULL, "mail.digest_failed_line", db_text(st, 1),
	    hint, (long long)sqlite3_column_int64(st, 0));
}

/*
 * A note, a text cox could not read, a known guardian's text under
 * their athlete's name, or one from a number on no roster (a
 * guardian's said so, and offered to no athlete).  An athlete who
 * writes in another language than the coach reads is said to, their
 * words quoted as written (cox translates nothing).
 */
void
inbox_line(sqlite3_stmt *st, time_t now, struct buf *out)
{
	const char	*kind = db_text(st, 1), *lang;
	const char	*was = words_reader(db_text(st, 7));
	struct buf	 in = { 0 };
	char		 cut[GIST_MAX + 4], name[32];
	long long	 id = (long long)sqlite3_column_int64(st, 0);

	/* the athlete's language, as a code, and then the coach's again */
	lang = words_lang();
	words_reader(was);
	if (strcmp(lang, words_lang()) != 0) {
		snprintf(name, sizeof(name), "mail.lang_%s", lang);
		words_printf(&in, NULL, "mail.digest_in", words_get(NULL,
		    name));
	}

	if (strcmp(kind, "unknown") == 0)
		words_printf(out, NULL, "mail.digest_unknown", db_text(st, 2),
		    gist(db_text(st, 4), cut), db_text(st, 2), id);
	else if (strcmp(kind, "guardian") == 0)
		words_printf(out, NULL, "mail.digest_guardian", db_text(st, 2),
		    gist(db_text(st, 4), cut), id);
	else if (strcmp(kind, "guardian_of") == 0)
		words_printf(out, NULL, "mail.digest_guardian_of",
		    db_text(st, 2), gist(db_text(st, 4), cut), id);
	else
		words_printf(out, NULL, strcmp(kind, "note") == 0 ?
		    "mail.digest_note" : "mail.digest_unparsed",
		    db_text(st, 2), in.data != NULL ? in.data : "",
		    gist(db_text(st, 4), cut), id);
	buf_free(&in);
}

const struct digest_part inbox_failed = {
	.stmt = STMT_DIGEST_FAILED, .heading = "mail.digest_failed",
	.line = failed_line
};

const struct digest_part inbox_texts = {
	.stmt = STMT_DIGEST_INBOX, .heading = "mail.digest_inbox",
	.line = inbox_line, .unread = 1
};
