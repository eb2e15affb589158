/*
 * thread.c - a coach's email that replies to one cox sent.
 *
 * cox forwards an athlete's note (or illness report) to their coaches
 * by email (thread_forward), and confirms each ratings email with one.
 * Every email cox sends has a Message-ID with a random part, kept as
 * the message's provider_id, and is about something (message.about):
 * the note, or the ratings email.  A reply names it in In-Reply-To or
 * References, which is how thread_find knows it; the sender has passed
 * the same checks as a ratings email before this is asked.  What the
 * coach writes above the quoted text then means:
 *
 *  - to a forwarded note: the answer, texted to the athlete with the
 *    coach's name, and the note archived; "archive" alone archives it;
 *  - to a confirmation: "undo" alone takes back what that email
 *    stored (scores it added deleted, scores it corrected put back,
 *    texts it queued and not yet sent cancelled), telling no athlete
 *    anything; anything else is read as a new ratings email.
 *
 * Whoever replies must coach the athlete (a forward) or have sent the
 * email (an undo; head coaches may undo any).  A refused reply is
 * answered by email with the reason; every reply is kept in the message
 * log, about what it answered.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ingest.h"

#define ANSWER_MAX	480	/* characters: three SMS segments */

/* What thread_find read of a reply: kinds as kept in message.kind. */
static const char *const act_kinds[] = { "ratings", "answer", "archive",
	"undo" };

const char *
thread_kind(const struct thread *t)
{
	return act_kinds[t->act];
}

/*
 * The words above the quoted text (ratemail_strip() blanked it): lines
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

/* Whether the answer is word alone, give or take case and a full stop. */
static int
only_word(const char *text, const char *word)
{
	size_t	 n = strlen(word);

	return strncasecmp(text, word, n) == 0 && (text[n] == '\0' ||
	    (strchr(".!", text[n]) != NULL && text[n + 1] == '\0'));
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
		if ((rc = db_row(db, st)) != 1)
			continue;
		kind = db_text(st, 1);
		t->sent = sqlite3_column_int64(st, 0);
		t->about = sqlite3_column_int64(st, 2);
		t->athlete = sqlite3_column_int64(st, 4);
		if (strcmp(kind, "forward") == 0)
			t->act = THREAD_ANSWER;
		else if (strcmp(kind, "reply") == 0)
			t->act = THREAD_UNDO;
		else
			rc = 0;		/* an invitation, a reminder: no */
		sqlite3_reset(st);
	}
	if (rc != 1 || t->about == 0)
		return rc == -1 ? -1 : 0;
	if (answer_text(m->text ? m->text : "", &words) == -1) {
		buf_free(&words);
		return -1;
	}
	if (t->act == THREAD_ANSWER && only_word(words.data, "archive"))
		t->act = THREAD_ARCHIVE;
	else if (t->act == THREAD_UNDO && !only_word(words.data, "undo"))
		t->act = THREAD_NONE;	/* new ratings, sent as a reply */
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
	free(t->text);
	memset(t, 0, sizeof(*t));
}

/* Why nothing was sent to a, in the reply to the coach. */
static void
answer_refused(const struct thread *t, const struct person *a, size_t n,
    enum reach reach, struct buf *reply)
{
	buf_printf(reply, "Nothing was sent to %s: ", a->name);
	if (t->text[0] == '\0')
		buf_puts(reply, "your reply had no words above the quoted "
		    "note. Write your answer at the top.\n");
	else if (n > ANSWER_MAX)
		buf_printf(reply, "your answer has %zu characters; a text "
		    "takes up to %d. Shorten it and reply again.\n", n,
		    ANSWER_MAX);
	else if (reach == REACH_REMOVED)
		buf_puts(reply, "they are no longer on the roster.\n");
	else if (reach == REACH_BLOCKED || reach == REACH_OPTED_OUT)
		buf_printf(reply, "they %s. Talk to them in person.\n",
		    reach == REACH_BLOCKED ? "are blocked from texts" :
		    "have opted out of texts (they texted STOP)");
	else
		buf_puts(reply, "they have no number in the roster.\n");
}

/* A coach's answer to a note, texted to the athlete; *why if refused. */
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
	struct buf	 sms = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .person = a->id,
	    .kind = "answer", .about = msg };
	enum reach	 reach = message_reach(a, CHANNEL_SMS);
	size_t		 n = utf8_chars(t->text);
	int		 rc;

	if (t->text[0] == '\0')
		*why = "nothing to send";
	else if (n > ANSWER_MAX)
		*why = "longer than a text may be";
	else if (reach != REACH_YES)
		*why = refused[reach];
	if (*why != NULL) {
		answer_refused(t, a, n, reach, reply);
		return 0;
	}
	buf_printf(&sms, "%s: %s", coach->name, t->text);
	m.body = sms.data;
	rc = buf_failed(&sms) ? -1 : message_queue(db, &m, &reach);
	buf_free(&sms);
	if (rc == -1)
		return -1;
	return db_exec(db, STMT_INBOX_ARCHIVE, "i", t->about);
}

/*
 * "undo": takes back what ratings email t->about stored, telling no
 * athlete anything.  Only its sender or a head coach may.
 */
static int
undo(struct db *db, const struct thread *t, const struct person *coach,
    struct buf *reply, const char **why)
{
	sqlite3_stmt	*st;
	char		 status[16] = "", day[11] = "";
	int64_t		 sender = 0;
	size_t		 restored, removed;
	int		 rc;

	st = db_query(db, STMT_MESSAGE_GET, "i", t->about);
	if ((rc = db_row(db, st)) == -1)
		return -1;
	if (rc == 1) {
		sender = sqlite3_column_int64(st, 0);
		snprintf(status, sizeof(status), "%s", db_text(st, 1));
		day_string((time_t)sqlite3_column_int64(st, 2), day);
		sqlite3_reset(st);
	}
	if (sender != coach->id && coach->role != ROLE_HEAD_COACH) {
		*why = "not the sender of the ratings";
		return buf_puts(reply, "Only the coach who sent those ratings "
		    "(or a head coach) can undo them; nothing was changed.\n");
	}
	if (strcmp(status, "stored") != 0) {
		*why = "nothing to undo";
		return buf_printf(reply, "Your email of %s %s; there is "
		    "nothing to undo.\n", day, strcmp(status, "undone") == 0 ?
		    "was undone already" : "stored no ratings");
	}
	if (db_exec(db, STMT_UNDO_RESTORE, "i", t->about) == -1)
		return -1;
	restored = (size_t)db_changes(db);
	if (db_exec(db, STMT_UNDO_DELETE, "i", t->about) == -1)
		return -1;
	removed = (size_t)db_changes(db);
	if (db_exec(db, STMT_UNDO_FORGET, "i", t->about) == -1 ||
	    db_exec(db, STMT_UNDO_CANCEL, "i", t->about) == -1 ||
	    db_exec(db, STMT_MESSAGE_SET_STATUS, "ti", "undone",
	    t->about) == -1)
		return -1;
	buf_printf(reply, "Undone: your email of %s no longer counts.\n\n"
	    "- %zu score%s it added %s removed\n", day, removed,
	    removed == 1 ? "" : "s", removed == 1 ? "was" : "were");
	if (restored > 0)
		buf_printf(reply, "- %zu score%s it corrected %s back as "
		    "before\n", restored, restored == 1 ? "" : "s",
		    restored == 1 ? "is" : "are");
	buf_printf(reply, "- texts it asked for and not yet sent are "
	    "cancelled; nobody is told\n");
	return 0;
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
	sqlite3_stmt	*st;
	int		 rc = -1, coaches = 0;

	*why = NULL;
	if (coach_id == 0 || person_load(db, coach_id, &coach) == -1) {
		*why = "the sender is not a coach in the roster";
		rc = buf_puts(reply, "Your address is not a coach's in the "
		    "roster, so nothing was done.\n");
		goto out;
	}
	if (t->act == THREAD_UNDO) {
		rc = undo(db, t, &coach, reply, why);
		goto out;
	}
	if (person_load(db, t->athlete, &a) == -1)
		goto out;
	st = db_query(db, STMT_COACHES_ATHLETE, "ii", coach.id, a.id);
	if ((coaches = db_row(db, st)) == -1)
		goto out;
	sqlite3_reset(st);
	if (!coaches) {
		*why = "not a coach of the athlete";
		rc = buf_printf(reply, "You do not coach %s, so nothing was "
		    "sent or archived.\n", a.name);
		goto out;
	}
	rc = t->act == THREAD_ARCHIVE ? db_exec(db, STMT_INBOX_ARCHIVE, "i",
	    t->about) : answer(db, t, &coach, &a, msg, reply, why);
out:
	person_clear(&coach);
	person_clear(&a);
	return rc == -1 ? -1 : 0;
}

/*
 * Forwards athlete a's text msg (a note, or what: "sick", "injured";
 * text its words) by email to their coaches, in the caller's
 * transaction.  Returns 0 or -1.
 */
int
thread_forward(struct db *db, const struct person *a, int64_t msg,
    const char *what, const char *text)
{
	sqlite3_stmt	*st;
	struct buf	 subject = { 0 }, body = { 0 };
	struct message	 m = { .channel = CHANNEL_EMAIL, .kind = "forward",
	    .about = msg };
	enum reach	 reach;
	struct {
		int64_t	 id;
		char	*email;
	}		 to[16];
	size_t		 n = 0, i;
	int		 rc;

	st = db_query(db, STMT_NOTE_COACHES, "i", a->id);
	while ((rc = db_row(db, st)) == 1 && n < sizeof(to) / sizeof(to[0])) {
		to[n].id = sqlite3_column_int64(st, 0);
		if ((to[n].email = xstrdup(db_text(st, 1))) == NULL) {
			rc = -1;
			break;
		}
		n++;
	}
	sqlite3_reset(st);
	if (what == NULL) {
		buf_printf(&subject, "Note from %s", a->name);
		buf_printf(&body, "%s texted:\n\n", a->name);
	} else {
		buf_printf(&subject, "%s is %s", a->name, what);
		buf_printf(&body, "%s texted that they are %s:\n\n", a->name,
		    what);
	}
	buf_printf(&body, "    %s\n\n", text[0] != '\0' ? text :
	    "(no more words)");
	buf_printf(&body, "Reply to this email to answer: what you write "
	    "above the quoted text goes to %s as a text (up to %d "
	    "characters), with your name. Reply with the one word "
	    "\"archive\" to file the note without answering.\n", a->name,
	    ANSWER_MAX);
	rc = rc == -1 || buf_failed(&subject) || buf_failed(&body) ? -1 : 0;
	for (i = 0; i < n; i++) {
		m.person = to[i].id;
		m.peer = to[i].email;
		m.subject = subject.data;
		m.body = body.data;
		if (rc == 0)
			rc = message_queue(db, &m, &reach);
		free(to[i].email);
	}
	buf_free(&subject);
	buf_free(&body);
	return rc;
}
