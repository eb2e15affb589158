/*
 * thread_forward.c - the start of a thread: an athlete's words (a note,
 * an illness, an injury, a text cox could not read, or their
 * guardian's) forwarded by email to their coaches, at once or in the
 * morning's digest.  A coach's reply to that email comes back by mail
 * (mail/thread.c reads it).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/*
 * who gets athlete ?1's notes: the coaches of their squads with an
 * address; the head coaches when none of those has one; with
 * their language, and whether they get a digest (coach_pref, on
 * for head coaches unless they turned it off), where notes wait
 */
STMT(STMT_NOTE_COACHES,
    "WITH sc AS (SELECT DISTINCT c.id, c.email, c.language, c.role "
    "FROM person c "
    "JOIN membership mc ON mc.person_id = c.id JOIN membership ma ON "
    "ma.squad_id = mc.squad_id AND ma.person_id = ?1 WHERE c.active "
    "AND c.role != 'athlete' AND c.email IS NOT NULL AND NOT c.blocked) "
    "SELECT id, email, language, coalesce((SELECT cp.digest FROM "
    "coach_pref cp WHERE cp.person_id = sc.id), role = 'head_coach') "
    "FROM sc UNION ALL "
    "SELECT id, email, language, coalesce((SELECT cp.digest FROM "
    "coach_pref cp WHERE cp.person_id = person.id), 1) FROM person "
    "WHERE active AND role = 'head_coach' AND email IS NOT NULL AND "
    "NOT blocked AND NOT EXISTS (SELECT 1 FROM sc) ORDER BY 1");

/*
 * When lang, the language the words were written in, is not the one
 * the coach reads, a line in the coach's saying which it was and what
 * cox understood (understood, a mail.understood_ entry): cox's own
 * words are the coach's, the person's are quoted as they wrote them,
 * not translated.
 */
static void
written_in(const char *lang, const char *understood, struct buf *body)
{
	char	 name[32];

	if (lang == NULL || strcmp(lang, words_lang()) == 0)
		return;
	snprintf(name, sizeof(name), "mail.lang_%s", lang);
	words_printf(body, NULL, "mail.written_in", words_find(NULL, name) !=
	    NULL ? words_get(NULL, name) : lang, words_get(NULL, understood));
}

/*
 * The email forwarding the words of a's guardian (guardian.c), named
 * by their name or else their number, into the empty buffers: a note
 * from the guardian, which a reply answers to the guardian.
 */
static void
forward_guardian(const struct person *a, const char *text, const char *lang,
    struct buf *subject, struct buf *body)
{
	words_printf(subject, NULL, "mail.guardian_note_subject", a->name);
	words_printf(body, NULL, "mail.guardian_note", a->guardian_name ?
	    a->guardian_name : a->guardian_phone ? a->guardian_phone : "",
	    a->name);
	written_in(lang, "mail.understood_guardian", body);
	buf_printf(body, "    %s\n\n", text[0] != '\0' ? text :
	    words_get(NULL, "mail.note_empty"));
	words_printf(body, NULL, "mail.guardian_note_how", a->name,
	    ANSWER_MAX);
}

/*
 * The subject and body of the email forwarding athlete a's words text
 * (what: NULL for a note, "sick", "injured", "unread" for a text cox
 * could not read, or "guardian" for their guardian's), written in
 * lang, into the empty buffers, in the words of the reader set.
 */
static void
forward_text(const struct person *a, const char *what, const char *text,
    const char *lang, struct buf *subject, struct buf *body)
{
	const char	*s = "mail.note_subject", *b = "mail.note";
	const char	*u = "mail.understood_note";

	if (what != NULL && strcmp(what, "guardian") == 0) {
		forward_guardian(a, text, lang, subject, body);
		return;
	}
	if (what != NULL && strcmp(what, "unread") == 0) {
		s = "mail.unread_subject";
		b = "mail.unread";
		u = "mail.understood_unread";
	} else if (what != NULL && strcmp(what, "injured") == 0) {
		s = "mail.injured_subject";
		b = "mail.injured";
		u = "mail.understood_injured";
	} else if (what != NULL) {
		s = "mail.sick_subject";
		b = "mail.sick";
		u = "mail.understood_sick";
	}
	words_printf(subject, NULL, s, a->name);
	words_printf(body, NULL, b, a->name);
	written_in(lang, u, body);
	buf_printf(body, "    %s\n\n", text[0] != '\0' ? text :
	    words_get(NULL, "mail.note_empty"));
	words_printf(body, NULL, "mail.note_how", a->name, ANSWER_MAX);
}

/*
 * Forwards athlete a's text msg (a note, or what: "sick", "injured",
 * "unread", or "guardian" for their guardian's; text its words) by
 * email to their coaches (all, or those who get no digest), in the
 * caller's transaction: each in their own language, with a line saying
 * what cox understood when the text was written in another (the
 * athlete's language is the reader's when called).  Returns 0 or -1.
 */
static int
forward_to(struct db *db, const struct person *a, int64_t msg,
    const char *what, const char *text, int all)
{
	sqlite3_stmt	*st;
	struct buf	 subject = { 0 }, body = { 0 };
	struct message	 m = { .channel = CHANNEL_EMAIL, .kind = "forward",
	    .about = msg };
	enum reach	 reach;
	struct {
		int64_t	 id;
		char	*email;
		char	 lang[8];
	}		 to[16];
	const char	*was = words_reader(a->language), *lang = words_lang();
	size_t		 n = 0, i;
	int		 rc;

	st = db_query(db, STMT_NOTE_COACHES, "i", a->id);
	while ((rc = db_row(db, st)) == OUT_ROW && n < sizeof(to) / sizeof(to[0])) {
		if (!all && sqlite3_column_int(st, 3))
			continue;	/* the digest shows it */
		to[n].id = sqlite3_column_int64(st, 0);
		snprintf(to[n].lang, sizeof(to[n].lang), "%s",
		    db_text(st, 2));
		if ((to[n].email = xstrdup(db_text(st, 1))) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	rc = rc == -1 ? -1 : 0;
	for (i = 0; i < n; i++) {
		words_reader(to[i].lang[0] != '\0' ? to[i].lang : NULL);
		buf_reset(&subject);
		buf_reset(&body);
		forward_text(a, what, text, lang, &subject, &body);
		if (buf_failed(&subject) || buf_failed(&body))
			rc = -1;
		m.person = to[i].id;
		m.peer = to[i].email;
		m.subject = subject.data;
		m.body = body.data;
		if (rc == 0)
			rc = message_queue(db, &m, &reach);
		free(to[i].email);
	}
	words_reader(was);
	buf_free(&subject);
	buf_free(&body);
	return rc;
}

/* Forwards a's text to all their coaches: forward_to(). */
int
thread_forward(struct db *db, const struct person *a, int64_t msg,
    const char *what, const char *text)
{
	return forward_to(db, a, msg, what, text, 1);
}

/*
 * Whether what a's text says cannot wait for the morning's digest: an
 * injury (a session may have to change today), or a word of
 * kw.urgent in any language, which may be a safeguarding matter (a
 * child saying they are unsafe, harassed, scared): better an email too
 * many than one a day late.  1 or 0.
 */
int
thread_urgent(const char *what, const char *text)
{
	char		 word[64];
	const char	*p = text;
	size_t		 n;

	if (what != NULL && strcmp(what, "injured") == 0)
		return 1;
	while (p != NULL && *p != '\0') {
		/* a word: letters and digits, and any byte of UTF-8 */
		for (n = 0; p[n] != '\0' && ((unsigned char)p[n] >= 0x80 ||
		    isalnum((unsigned char)p[n]) || p[n] == '-'); n++)
			continue;
		if (n > 0 && n < sizeof(word)) {
			memcpy(word, p, n);
			word[n] = '\0';
			if (words_is("kw.urgent", word))
				return 1;
		}
		p += n > 0 ? n : 1;
	}
	return 0;
}

/*
 * Passes athlete a's text msg on to their coaches (as thread_forward()
 * says): the head coach, and any coach who gets a digest, reads it
 * there the next morning, the digest being the one email a day besides
 * the answers to their own; each its own email at once when each ([mail]
 * forward_notes = each, or no digests at all), to coaches who get no
 * digest, and to all of them when it is urgent (thread_urgent()).
 * Returns 0 or -1.
 */
int
thread_pass_on(struct db *db, int each, const struct person *a, int64_t msg,
    const char *what, const char *text)
{
	return forward_to(db, a, msg, what, text, each ||
	    thread_urgent(what, text));
}
