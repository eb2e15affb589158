/*
 * inbox.c - the texts the coaches read in their digest (digest.c) and
 * its hourly roundup: those that failed to go out, with what to do, and
 * those that came in for them, notes, texts cox could not read (unread.c
 * answers them), a guardian's and a stranger's, quoted.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shared.h"
#include "../../lib/sql.h"

/*
 * texts to coach ?1's athletes that failed since ?2: by when each
 * failed, not when it was queued, or a text queued before one digest
 * and failing after it would be in none
 */
STMT(STMT_DIGEST_FAILED,
    "SELECT m.id, p.name, p.handle, " OUT_CODE " FROM message m "
    "JOIN person p ON p.id = m.person_id WHERE m.direction = 'out' "
    "AND +m.channel = 'sms' AND m.status IN ('failed', 'undelivered') "
    "AND " OUT_STATUS_AT " BETWEEN ?2 AND ?3 AND NOT " OUT_RESENT
    " AND p.role = 'athlete' AND " CMD_COACHES("p.id") " ORDER BY m.id");
/*
 * what came in since ?2 and is not filed: notes and unread texts of
 * coach ?1's athletes (the unread ones when ?4, not when roundups
 * take them), and for a head coach texts from numbers on no roster:
 * id, kind, name (or number), handle, the words
 */
STMT(STMT_DIGEST_INBOX,
    /* the notes by message_inbox, the strangers' by message_person
       (NULL): one query with an OR of the two read every message */
    "SELECT m.id, m.kind, p.name, p.handle, m.body, 0 AS stranger, "
    "m.kind = 'unparsed' AS unread, p.language FROM message m "
    "JOIN person p ON "
    "p.id = m.person_id WHERE m.direction = 'in' AND m.kind IN "
    "('note', 'unparsed') AND (?4 AND m.kind = 'unparsed' OR "
    "?5 AND m.kind = 'note') "
    "AND m.archived = 0 AND +m.channel = 'sms' "
    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND "
    CMD_COACHES("+p.id") " "
    /* a known guardian's texts, under the athlete's name: the
       digest is where they reach the coaches (thread_pass_on());
       by message_person, each coach's athlete at a time (CROSS
       JOIN keeps that order), not by a read of every message */
    "UNION ALL SELECT m.id, 'guardian_of', p.name, p.handle, m.body, "
    "0, 0, NULL FROM person p CROSS JOIN message m "
    "ON m.person_id = p.id "
    "WHERE ?5 AND m.direction = 'in' AND m.kind = 'guardian' "
    "AND m.archived = 0 AND +m.channel = 'sms' "
    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND "
    CMD_COACHES("+p.id") " "
    /* a guardian's number is offered to no athlete ("number
       @HANDLE ..."): the guardian's texts are never theirs */
    "UNION ALL SELECT m.id, CASE WHEN EXISTS (SELECT 1 FROM person g "
    "WHERE g.guardian_phone = m.peer AND g.active) THEN 'guardian' "
    "ELSE 'unknown' END, m.peer, '', m.body, 1, "
    "m.kind = 'unparsed', NULL FROM message m WHERE m.person_id IS NULL "
    "AND m.direction = 'in' AND +m.channel = 'sms' AND m.archived = 0 "
    "AND m.created_at >= ?2 AND m.created_at <= ?3 AND EXISTS (SELECT 1 "
    "FROM person c WHERE c.id = ?1 AND c.role = 'head_coach') "
    "ORDER BY 6, 7, 1");

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

static const struct digest_part inbox_failed = {
	.stmt = STMT_DIGEST_FAILED, .heading = "mail.digest_failed",
	.line = failed_line
};
DIGEST_PART(inbox_failed, 500);

static const struct digest_part inbox_texts = {
	.stmt = STMT_DIGEST_INBOX, .heading = "mail.digest_inbox",
	.line = inbox_line, .unread = 1
};
DIGEST_PART(inbox_texts, 600);
