/*
 * thread.c - a coach's email that replies to one cox sent.
 *
 * cox forwards an athlete's note (or illness report, or a text it could
 * not read) to their coaches by email (thread_forward(), in
 * text/thread_forward.c), and confirms each ratings email with one.
 * Every email cox sends has a Message-ID with a random part, kept as
 * the message's provider_id, and is about something (message.about):
 * the note, or the ratings email.  A reply names it in In-Reply-To or
 * References, which is how thread_find knows it; the sender has passed
 * the same checks as a ratings email before this is asked.  What the
 * coach writes above the quoted text then means:
 *
 *  - to a forwarded note: the answer, texted to the athlete with the
 *    coach's name, and the note archived; "archive" alone on the first
 *    line archives it; a guardian's note (guardian.c) is answered to
 *    the guardian's number, by a coach of an athlete it is the
 *    guardian of;
 *  - to a confirmation: "undo" alone on the first line (a signature may
 *    follow) takes back what that email
 *    stored (scores it added deleted, scores it corrected put back,
 *    texts it queued and not yet sent cancelled), telling no athlete
 *    anything but one a correction of it had reached (the scores as
 *    they now are); anything else is read as a new email, of ratings
 *    or commands (command.c).
 *
 * "archive" and "undo" are the catalogue's keywords kw.archive and
 * kw.undo, understood in every language shipped.
 *
 * Whoever replies must be a coach on the roster now (not removed, not
 * made an athlete since) and coach the athlete (a forward) or have
 * sent the email (an undo; head coaches may undo any).  A refused reply is
 * answered by email with the reason; every reply is kept in the message
 * log, about what it answered.
 */
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "../../lib/sql.h"

/*
 * "undo" of email ?1: the scores it corrected (and no later email
 * corrected again) as they were, then the ones it added deleted
 */
STMT(STMT_UNDO_RESTORE,
    "UPDATE rating SET (score, comment, rater_id, message_id) = "
    "(SELECT c.score, c.comment, c.rater_id, c.was_message FROM "
    "rating_change c WHERE c.message_id = ?1 AND c.rating_id = "
    "rating.id) WHERE message_id = ?1 AND source = 'coach' AND id IN "
    "(SELECT rating_id FROM rating_change WHERE message_id = ?1)");
STMT(STMT_UNDO_DELETE,
    "DELETE FROM rating WHERE message_id = ? AND source = 'coach'");
/*
 * the scores a later email replaced from email ?1, being undone:
 * that email now replaced what ?1 had replaced, or (ORPHAN)
 * nothing, when ?1 added the score
 */
STMT(STMT_UNDO_REPARENT,
    "UPDATE rating_change SET (score, comment, rater_id, was_message) "
    "= (SELECT p.score, p.comment, p.rater_id, p.was_message FROM "
    "rating_change p WHERE p.message_id = ?1 AND p.rating_id = "
    "rating_change.rating_id) WHERE was_message = ?1 AND rating_id IN "
    "(SELECT rating_id FROM rating_change WHERE message_id = ?1)");
STMT(STMT_UNDO_ORPHAN,
    "DELETE FROM rating_change WHERE was_message = ?1");
STMT(STMT_UNDO_FORGET,
    "DELETE FROM rating_change WHERE message_id = ?");
/* the texts it queued that have not gone yet */
STMT(STMT_UNDO_CANCEL,
    "UPDATE message SET status = 'cancelled', error = 'undone by the "
    "coach' WHERE about = ? AND direction = 'out' AND +channel = 'sms' "
    "AND status = 'queued'");
/* and their guardians' copies (by text or email) */
STMT(STMT_UNDO_CANCEL_GUARDIAN,
    "UPDATE message SET status = 'cancelled', error = 'undone by the "
    "coach' WHERE kind = 'guardian' AND status = 'queued' AND about IN "
    "(SELECT id FROM message WHERE about = ? AND direction = 'out' AND "
    "+channel = 'sms' AND status = 'cancelled')");
/*
 * Who email ?1 texted a correction that went (ingest/intake.c):
 * its own text, or one that a later text took in, the first after
 * it (not an undo's notice) not itself taken in by another, and
 * that went.
 */
STMT(STMT_UNDO_TOLD,
    "SELECT DISTINCT m.person_id FROM message m WHERE m.about = ? AND "
    "m.direction = 'out' AND +m.channel = 'sms' AND m.kind = "
    "'correction' AND m.person_id IS NOT NULL AND (m.status IN ("
    CORRECTION_WENT ") OR (m.status = 'cancelled' AND m.error = '"
    CORRECTION_MERGED "' AND (SELECT w.status IN (" CORRECTION_WENT
    ") FROM message w WHERE w.person_id = m.person_id AND w.id > m.id "
    "AND w.direction = 'out' AND +w.channel = 'sms' AND w.kind = "
    "'correction' AND (w.status != 'cancelled' OR w.error IS NULL OR "
    "w.error != '" CORRECTION_MERGED "') AND NOT " CORRECTION_NOTICE("w")
    " ORDER BY w.id LIMIT 1))) "
    "ORDER BY m.person_id");
/* whose scores email ?1 corrected, before it is undone */
STMT(STMT_UNDO_ATHLETES,
    "SELECT DISTINCT r.athlete_id FROM rating_change c JOIN rating r "
    "ON r.id = c.rating_id WHERE c.message_id = ? ORDER BY "
    "r.athlete_id");
/*
 * the coach scores email ?1 corrected that their athletes had
 * answered (what a correction text of it named): by athlete, in
 * the page's order
 */
STMT(STMT_UNDO_ANSWERED,
    "SELECT r.athlete_id, r.id FROM rating_change c JOIN rating r ON "
    "r.id = c.rating_id JOIN metric t ON t.id = r.metric_id WHERE "
    "c.message_id = ? AND EXISTS (SELECT 1 " CORRECTION_ANSWER ") "
    "ORDER BY r.athlete_id, t.position, t.id, r.rated_on");
/* an email of ours a coach replies to, by its Message-ID */
STMT(STMT_THREAD_FIND,
    "SELECT m.id, coalesce(m.kind, ''), coalesce(m.about, 0), "
    "coalesce(m.person_id, 0), coalesce(a.person_id, 0), "
    "coalesce(a.kind, ''), coalesce(a.peer, '') "
    "FROM message m LEFT JOIN message a ON a.id = m.about "
    "WHERE m.channel = 'email' AND m.direction = 'out' AND "
    "m.provider_id = ?");
/* who sent message ?, what became of it, when */
STMT(STMT_MESSAGE_GET,
    "SELECT coalesce(person_id, 0), status, created_at FROM message "
    "WHERE id = ?");
/*
 * an athlete of coach ?1's (as person_coaches()) whose guardian
 * is number ?2, the first on the roster: whom the coach answers a
 * guardian's note about (ingest/thread.c)
 */
STMT(STMT_COACHES_WARD,
    "SELECT a.id FROM person a JOIN person c ON c.id = ?1 AND "
    "c.active WHERE a.guardian_phone = ?2 AND a.active AND "
    "a.role = 'athlete' AND (c.role = 'head_coach' OR (c.role = "
    "'coach' AND EXISTS (SELECT 1 FROM membership mc JOIN membership "
    "ma ON ma.squad_id = mc.squad_id WHERE mc.person_id = c.id AND "
    "ma.person_id = a.id))) ORDER BY a.id LIMIT 1");

/* What thread_find read of a reply: kinds as kept in message.kind. */
static const char *const act_kinds[] = { "ratings", "answer", "archive",
	"undo" };

const char *
thread_kind(const struct thread *t)
{
	return act_kinds[t->act];
}

/*
 * The words above the quoted text (quote_strip() blanked it): lines
 * without trailing blanks, no more than one empty line in a row, none
 * first or last.
 */
static int
answer_text(const char *text, struct buf *out)
{
	const char	*p = text, *nl, *e;
	int		 blank = 0;

	buf_reset(out);
	while (*p != '\0') {
		nl = strchr(p, '\n');
		e = nl ? nl : p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\r'))
			e--;
		while (p < e && (*p == ' ' || *p == '\t'))
			p++;
		if (e == p)
			blank = out->len > 0;
		else {
			if (out->len > 0)
				buf_puts(out, blank ? "\n\n" : "\n");
			buf_add(out, p, (size_t)(e - p));
			blank = 0;
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	if (out->len == 0)
		buf_puts(out, "");
	return buf_failed(out) ? -1 : 0;
}

/*
 * Whether the answer's first line is keyword name ("kw.undo") alone, in
 * any language the team has, give or take case, punctuation, a please
 * and what it is done to ("Undo that please", "archive it", "annuler
 * ce mail"; kw.polite, kw.this_one).  What follows the line (a phone's
 * signature) does not matter.
 */
int
thread_only_word(const char *text, const char *name)
{
	char	 line[256], *w, *save = NULL;
	size_t	 n = strcspn(text, "\n");
	int	 words = 0;

	if (n == 0 || n >= sizeof(line))
		return 0;
	memcpy(line, text, n);
	line[n] = '\0';
	for (w = strtok_r(line, " \t\r,.;:!?-", &save); w != NULL;
	    w = strtok_r(NULL, " \t\r,.;:!?-", &save))
		if (words++ == 0 ? !words_is(name, w) :
		    !words_is("kw.polite", w) && !words_is("kw.this_one", w))
			return 0;
	return words > 0;
}

/*
 * Whether the answer's first word is keyword name, whatever follows it
 * ("undo that, wrong Tom").
 */
static int
thread_first_word(const char *text, const char *name)
{
	char	 word[64];
	size_t	 n = strcspn(text, " \t\n,.;:!-");

	if (n == 0 || n >= sizeof(word))
		return 0;
	memcpy(word, text, n);
	word[n] = '\0';
	return words_is(name, word);
}

/*
 * Whether m replies to an email of ours that a reply can act on; fills
 * t when so.  m's text is already stripped of quotes.  Returns 1, 0
 * (read it as a ratings email), or -1 on a database error.
 */
int
thread_find(struct db *db, const struct mail_parts *m, struct thread *t)
{
	sqlite3_stmt	*st;
	struct buf	 words = { 0 };
	const char	*kind;
	size_t		 i;
	int		 rc = 0;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < m->refs.n && rc == 0; i++) {
		st = db_query(db, STMT_THREAD_FIND, "t", m->refs.v[i]);
		if ((rc = db_row(db, st)) != OUT_ROW)
			continue;
		kind = db_text(st, 1);
		t->sent = sqlite3_column_int64(st, 0);
		t->about = sqlite3_column_int64(st, 2);
		t->athlete = sqlite3_column_int64(st, 4);
		if (strcmp(kind, "forward") == 0) {
			t->act = THREAD_ANSWER;
			/* a guardian's note: its number answers it */
			if (strcmp(db_text(st, 5), "guardian") == 0 &&
			    (t->guardian = xstrdup(db_text(st, 6))) == NULL)
				rc = -1;
		} else if (strcmp(kind, "reply") == 0 &&
		    strcmp(db_text(st, 5), "ratings") == 0)
			t->act = THREAD_UNDO;
		else
			rc = 0;	/* an invitation, a command's answer: no */
		sqlite3_reset(st);
	}
	if (rc != 1 || t->about == 0) {
		/* read as a new email: ratings, commands */
		free(t->guardian);
		t->guardian = NULL;
		t->act = THREAD_NONE;
		return rc == -1 ? -1 : 0;
	}
	if (answer_text(m->text ? m->text : "", &words) == -1) {
		buf_free(&words);
		return -1;
	}
	if (t->act == THREAD_ANSWER && thread_only_word(words.data, "kw.archive"))
		t->act = THREAD_ARCHIVE;
	else if (t->act == THREAD_UNDO && !thread_only_word(words.data,
	    "kw.undo")) {
		t->act = THREAD_NONE;	/* new ratings, sent as a reply */
		t->undo_not_alone = thread_first_word(words.data, "kw.undo");
	}
	if (t->act == THREAD_NONE) {
		buf_free(&words);
		return 0;
	}
	t->text = buf_steal(&words);
	return t->text == NULL ? -1 : 1;
}

void
thread_free(struct thread *t)
{
	free(t->guardian);
	free(t->text);
	memset(t, 0, sizeof(*t));
}

/* Why nothing was sent to who, in the reply to the coach. */
static void
answer_refused(const struct thread *t, const char *who, size_t n,
    enum reach reach, struct buf *reply)
{
	if (t->text[0] == '\0')
		words_printf(reply, NULL, "mail.answer_empty", who);
	else if (n > ANSWER_MAX)
		words_printf(reply, NULL, "mail.answer_long", who, n,
		    ANSWER_MAX);
	else if (reach == REACH_REMOVED)
		words_printf(reply, NULL, "mail.answer_removed", who);
	else if (reach == REACH_BLOCKED)
		words_printf(reply, NULL, "mail.answer_blocked", who);
	else if (reach == REACH_OPTED_OUT)
		words_printf(reply, NULL, "mail.answer_opted_out", who);
	else
		words_printf(reply, NULL, "mail.answer_no_number", who);
}

/*
 * A coach's answer to a note, texted to the athlete a, or to a's
 * guardian when the note was theirs; *why if refused.
 */
static int
answer(struct db *db, const struct thread *t, const struct person *coach,
    const struct person *a, int64_t msg, struct buf *reply, const char **why)
{
	static const char *const refused[REACH__MAX] = {
		[REACH_REMOVED] = "no longer on the roster",
		[REACH_BLOCKED] = "blocked",
		[REACH_OPTED_OUT] = "opted out of texts",
		[REACH_NO_NUMBER] = "no number",
	};
	struct buf	 sms = { 0 }, who = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .person = a->id,
	    .kind = "answer", .about = msg };
	enum reach	 reach = message_reach(a, CHANNEL_SMS);
	size_t		 n = utf8_chars(t->text);
	int		 rc;

	if (t->guardian != NULL) {
		m.kind = "guardian";
		m.peer = t->guardian;
		reach = message_reach_guardian(a);
	}
	if (t->text[0] == '\0')
		*why = "nothing to send";
	else if (n > ANSWER_MAX)
		*why = "longer than a text may be";
	else if (reach != REACH_YES)
		*why = refused[reach];
	if (*why != NULL) {
		if (t->guardian != NULL)
			words_printf(&who, NULL, "mail.guardian_of", a->name);
		else
			buf_puts(&who, a->name);
		answer_refused(t, buf_failed(&who) ? a->name : who.data, n,
		    reach, reply);
		buf_free(&who);
		return 0;
	}
	words_printf(&sms, NULL, "sms.answer", coach->name, t->text);
	m.body = sms.data;
	rc = buf_failed(&sms) ? -1 : message_queue(db, &m, &reach);
	buf_free(&sms);
	if (rc == -1)
		return -1;
	/* held for a consent: say whose, and keep the note in the inbox */
	if (reach != REACH_YES) {
		*why = "no consent";
		words_printf(reply, NULL, "mail.answer_no_consent", a->name);
		waiting_unreached(reply, reach, a->guardian_name);
		buf_puts(reply, "\n");
		return 0;
	}
	return db_exec(db, STMT_INBOX_ARCHIVE, "i", t->about);
}

/* The coach scores an email corrected that their athletes had answered. */
struct answered {
	int64_t		*athlete;	/* each rating's, in order */
	int64_t		*rating;
	size_t		 n;
};

static void
answered_free(struct answered *a)
{
	free(a->athlete);
	free(a->rating);
	a->athlete = a->rating = NULL;
	a->n = 0;
}

/* Reads into a those of email about, before it is undone: 0 or -1. */
static int
answered_read(struct db *db, int64_t about, struct answered *a)
{
	sqlite3_stmt	*st = db_query(db, STMT_UNDO_ANSWERED, "i", about);
	int64_t		*na, *nr;
	int		 rc;

	while ((rc = db_row(db, st)) == OUT_ROW) {
		na = reallocarray(a->athlete, a->n + 1, sizeof(*na));
		if (na != NULL)
			a->athlete = na;
		nr = reallocarray(a->rating, a->n + 1, sizeof(*nr));
		if (nr != NULL)
			a->rating = nr;
		if (na == NULL || nr == NULL) {
			log_error("out of memory");
			sqlite3_reset(st);
			rc = OUT_FAILED;
			break;
		}
		a->athlete[a->n] = sqlite3_column_int64(st, 0);
		a->rating[a->n++] = sqlite3_column_int64(st, 1);
	}
	if (rc == OUT_FAILED)
		answered_free(a);
	return rc == OUT_FAILED ? -1 : 0;
}

/*
 * The athletes email about had texted a correction of a score they
 * had answered (intake.c), the text gone: told, in their words,
 * that the coach took it back, and the scores it had corrected (of
 * the ratings in a) as they are now, about the undo (msg).  Counts
 * them into *n.  Returns 0 or -1.
 */
static int
undo_tell(struct db *db, int64_t about, int64_t msg,
    const struct answered *a, size_t *n)
{
	struct message	 m = { .channel = CHANNEL_SMS, .kind = "correction",
	    .about = msg };
	struct buf	 body = { 0 };
	const char	*reader;
	enum reach	 reach;
	int64_t		*people = NULL;
	size_t		 i, j, k;
	size_t		 npeople = 0;
	int		 rc = -1;

	*n = 0;
	if (db_ids(db, db_query(db, STMT_UNDO_TOLD, "i", about), &people,
	    &npeople) == -1)
		return -1;
	for (i = 0, rc = 0; rc == 0 && i < npeople; i++) {
		m.person = people[i];
		for (j = 0; j < a->n && a->athlete[j] != m.person; j++)
			continue;
		for (k = j; k < a->n && a->athlete[k] == m.person; k++)
			continue;
		reader = person_reader(db, m.person);
		buf_reset(&body);
		rc = correction_undone(db, a->rating + j, k - j, &body);
		words_reader(reader);
		m.body = body.data;
		if (rc == -1 || message_queue(db, &m, &reach) != OUT_OK)
			rc = -1;
		else
			*n += reach == REACH_YES;
	}
	free(people);
	buf_free(&body);
	return rc;
}

/*
 * Makes again the correction texts not sent yet of people, whose scores
 * an email just undone had corrected: what is left to tell them, from
 * the emails still kept (correct.c), or nothing.  Counts into *n those
 * a text is queued for.  Returns 0 or -1.
 */
static int
undo_retell(struct db *db, const int64_t *people, size_t npeople,
    size_t *n)
{
	struct correction c;
	size_t		 i;

	*n = 0;
	for (i = 0; i < npeople; i++) {
		if (correction_tell(db, people[i], 0, &c) == -1)
			return -1;
		*n += c.queued;
		free(c.ratings);
	}
	return 0;
}

/*
 * "undo": takes back what ratings email t->about stored, telling no
 * athlete anything but those it had texted a correction of a score
 * they had answered (undo_tell()).  Only its sender or a head coach
 * may.
 *
 * A score is always the one from the latest email not undone, or
 * none, in whatever order emails and undos come: rating_change keeps,
 * for each correction, the score the correcting email replaced and
 * which email set it.  Undoing an email puts back what it replaced
 * (that is never an undone email's), deletes what it added, and,
 * where a later email has since replaced one of its scores, hands
 * that email's record what this one had replaced (or nothing, so
 * that undoing the later one deletes the score): an undone email's
 * score never comes back.
 */
static int
undo(struct db *db, const struct thread *t, const struct person *coach,
    int64_t msg, struct buf *reply, const char **why)
{
	sqlite3_stmt	*st;
	char		 status[16] = "", day[11] = "", date[WORDS_DATE_MAX];
	int64_t		 sender = 0;
	int64_t		*people = NULL;
	struct answered	 answered = { 0 };
	size_t		 restored, removed, replaced, told, retold;
	size_t		 npeople = 0;
	int		 rc, again;

	st = db_query(db, STMT_MESSAGE_GET, "i", t->about);
	if ((rc = db_row(db, st)) == OUT_FAILED)
		return -1;
	if (rc == 1) {
		sender = sqlite3_column_int64(st, 0);
		snprintf(status, sizeof(status), "%s", db_text(st, 1));
		day_string((time_t)sqlite3_column_int64(st, 2), day);
		sqlite3_reset(st);
	}
	if (sender != coach->id && coach->role != ROLE_HEAD_COACH) {
		*why = "not the sender of the ratings";
		return buf_puts(reply, words_get(NULL,
		    "mail.undo_not_sender"));
	}
	if (strcmp(status, "stored") != 0) {
		*why = "nothing to undo";
		again = strcmp(status, "undone") == 0;
		return words_printf(reply, NULL, again ? "mail.undo_again" :
		    "mail.undo_nothing", words_date(day, date));
	}
	/* whose corrections it made, before they are forgotten */
	if (db_ids(db, db_query(db, STMT_UNDO_ATHLETES, "i", t->about),
	    &people, &npeople) == -1)
		return -1;
	if (answered_read(db, t->about, &answered) == -1)
		goto fail;
	if (db_exec(db, STMT_UNDO_RESTORE, "i", t->about) == -1)
		goto fail;
	restored = (size_t)db_changes(db);
	if (db_exec(db, STMT_UNDO_DELETE, "i", t->about) == -1)
		goto fail;
	removed = (size_t)db_changes(db);
	if (db_exec(db, STMT_UNDO_REPARENT, "i", t->about) == -1)
		goto fail;
	replaced = (size_t)db_changes(db);
	if (db_exec(db, STMT_UNDO_ORPHAN, "i", t->about) == -1)
		goto fail;
	replaced += (size_t)db_changes(db);
	if (db_exec(db, STMT_UNDO_FORGET, "i", t->about) == -1 ||
	    db_exec(db, STMT_UNDO_CANCEL, "i", t->about) == -1 ||
	    db_exec(db, STMT_UNDO_CANCEL_GUARDIAN, "i", t->about) == -1 ||
	    undo_tell(db, t->about, msg, &answered, &told) == -1 ||
	    db_exec(db, STMT_MESSAGE_SET_STATUS, "ti", "undone",
	    t->about) == -1 || undo_retell(db, people, npeople,
	    &retold) == -1)
		goto fail;
	free(people);
	answered_free(&answered);
	words_printf(reply, NULL, "mail.undone", words_date(day, date));
	words_printf_n(reply, NULL, "mail.undone_removed", removed, removed);
	if (restored > 0)
		words_printf_n(reply, NULL, "mail.undone_restored", restored,
		    restored);
	if (replaced > 0)
		words_printf_n(reply, NULL, "mail.undone_replaced", replaced,
		    replaced);
	buf_puts(reply, words_get(NULL, told + retold > 0 ?
	    "mail.undone_texts_told" : "mail.undone_texts"));
	if (told > 0)
		words_printf_n(reply, NULL, "mail.undone_told", told, told);
	if (retold > 0)
		words_printf_n(reply, NULL, "mail.undone_retold", retold,
		    retold);
	return 0;
fail:
	free(people);
	answered_free(&answered);
	return -1;
}

/*
 * The athlete whose note t answers, into *a (the caller clears it), if
 * coach coaches them: the note's athlete, or for a guardian's note the
 * first of coach's athletes whose guardian the number is (a number may
 * be two sisters' guardian's, and each sister's coaches had the note).
 * 1 so; 0 not, refused in reply and *why; -1 on a database error.
 */
static int
note_athlete(struct db *db, const struct thread *t,
    const struct person *coach, struct person *a, struct buf *reply,
    const char **why)
{
	sqlite3_stmt	*st;
	int64_t		 id = t->athlete;
	int		 rc;

	if (t->guardian != NULL) {
		st = db_query(db, STMT_COACHES_WARD, "it", coach->id,
		    t->guardian);
		if ((rc = db_row(db, st)) == OUT_FAILED)
			return -1;
		if (rc == OUT_OK) {
			*why = "not a coach of the guardian's athletes";
			return buf_puts(reply, words_get(NULL,
			    "mail.not_your_guardian")) == -1 ? -1 : 0;
		}
		id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return person_load(db, id, a) == -1 ? -1 : 1;
	}
	if (person_load(db, id, a) == -1)
		return -1;
	if ((rc = person_coaches(db, coach->id, a->id)) != 0)
		return rc;
	*why = "not a coach of the athlete";
	return words_printf(reply, NULL, "mail.not_your_athlete",
	    a->name) == -1 ? -1 : 0;
}

/*
 * Carries out reply t from coach (0: the sender is not in the roster),
 * stored as message msg, in the caller's transaction.  What to tell
 * the coach goes to reply (nothing when an answer went as asked), and
 * *why says why it was refused (NULL when it was not).  Returns 0, or
 * -1 on a database error.
 */
int
thread_act(struct db *db, const struct thread *t, int64_t coach_id,
    int64_t msg, struct buf *reply, const char **why)
{
	struct person	 coach = { 0 }, a = { 0 };
	int		 rc = -1;

	*why = NULL;
	if (coach_id == 0 || person_load(db, coach_id, &coach) == -1 ||
	    !coach.active || coach.role == ROLE_ATHLETE) {
		*why = "the sender is not a coach in the roster";
		rc = buf_puts(reply, words_get(NULL, "mail.not_a_coach"));
		goto out;
	}
	if (t->act == THREAD_UNDO) {
		rc = undo(db, t, &coach, msg, reply, why);
		goto out;
	}
	if ((rc = note_athlete(db, t, &coach, &a, reply, why)) != 1)
		goto out;
	rc = t->act == THREAD_ARCHIVE ? db_exec(db, STMT_INBOX_ARCHIVE, "i",
	    t->about) : answer(db, t, &coach, &a, msg, reply, why);
out:
	person_clear(&coach);
	person_clear(&a);
	return rc == -1 ? -1 : 0;
}
