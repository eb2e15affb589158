/*
 * render_messages.c - what came in and went out, on a part of the
 * dashboard: the inbox (notes and unparsed texts of the part's people,
 * with the links that answer and archive them), the texts of numbers
 * nobody has (with whose they might be, by a name in them), what went
 * out and what failed to, with the provider's code and the link that
 * sends it again.  Its sections: part_failed, part_inbox, part_unknown,
 * part_outbox.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"
#include "../lib/sql.h"

/*
 * What a dashboard shows of message m sent: a text whole (a few hundred
 * characters at most; cut, it read "boat-"); of an email only its
 * subject, as a confirmation to a coach can name athletes of other
 * squads than the part's.
 */
#define OUT_GIST	"CASE WHEN m.channel = 'sms' THEN m.body " \
	"ELSE coalesce(m.subject, '') END"

/*
 * Whether message m answers a text that stored an athlete's own scores
 * or session effort, or that was read as an effort or a guess at scores
 * ("rpe 7 90" completes the row an earlier "rpe 7" made; a check-in is
 * stored as kind 'scores' too, so that kind alone does not say): its
 * words would tell coaches what the blind rule keeps from their pages
 * (a score before theirs, a later view, an effort before the session is
 * over), so the dashboard shows it sent but not what it says.
 */
#define TEXT_BLIND(t)	"(EXISTS (SELECT 1 FROM message b WHERE b.id = " t \
	" AND b.kind IN ('guess', 'rpe')) OR EXISTS (SELECT 1 FROM rating b " \
	"WHERE b.message_id = " t " AND b.source = 'self') OR EXISTS (SELECT " \
	"1 FROM session_rpe b WHERE b.message_id = " t "))"

#define OUT_BLIND	"(m.about IS NOT NULL AND m.kind IN ('twiml', 'reply') " \
	"AND " TEXT_BLIND("m.about") ")"

/*
 * The answers texts were given (schema v33), as rows of what went out:
 * sent with the answer to the request, so never failed nor sent again;
 * its text's own id, kind 'twiml' as the rows of one before.
 */
#define OUT_ANSWER(name)	"SELECT m.created_at, " name ", m.channel, " \
	"'sent', '', '', m.answer, 'twiml', m.id, 0, " TEXT_BLIND("m.id")

STMT(STMT_INBOX_SQUAD,
    "SELECT m.created_at, p.name, m.kind, m.body, m.id, p.handle "
    "FROM membership ms JOIN person p ON p.id = ms.person_id "
    "JOIN message m ON m.person_id = ms.person_id "
    "WHERE ms.squad_id = ? AND m.direction = 'in' "
    "AND m.kind IN ('note', 'unparsed') AND m.archived = 0 "
    "ORDER BY m.created_at DESC, m.id DESC LIMIT ?");
/* people in no squad: the head coaches' */
STMT(STMT_INBOX_TEAM,
    "SELECT m.created_at, p.name, m.kind, m.body, m.id, p.handle "
    "FROM message m JOIN person p ON p.id = m.person_id "
    "WHERE m.direction = 'in' AND m.kind IN ('note', 'unparsed') "
    "AND m.archived = 0 AND NOT EXISTS (SELECT 1 FROM membership ms "
    "WHERE ms.person_id = m.person_id) "
    "ORDER BY m.created_at DESC, m.id DESC LIMIT ?");
/* texts from numbers on nobody's roster, apart: the head coaches' */
STMT(STMT_INBOX_UNKNOWN,
    "SELECT created_at, peer, kind, body, id, '' FROM message "
    "WHERE direction = 'in' AND +channel = 'sms' AND person_id IS NULL "
    "AND archived = 0 "
    "ORDER BY created_at DESC, id DESC LIMIT ?");
/*
 * What went out to squad ?1's athletes since ?3, newest first, only
 * what failed when ?2: the last error code a status callback gave
 * and the first words of the text.  What went to its coaches (a
 * head coach is in every squad) is about anyone in the team: it is
 * in the team part, for the head coaches.
 */
STMT(STMT_OUTBOX_SQUAD,
    "SELECT m.created_at, p.name, m.channel, m.status, "
    "coalesce(m.error, ''), " OUT_CODE ", " OUT_GIST ", "
    "coalesce(m.kind, ''), m.id, " OUT_RESENT ", " OUT_BLIND " "
    "FROM membership ms "
    "JOIN person p ON p.id = ms.person_id AND p.role = 'athlete' "
    "JOIN message m ON m.person_id = ms.person_id "
    "WHERE ms.squad_id = ?1 AND m.direction = 'out' AND (?2 = 0 OR "
    "m.status IN ('failed', 'undelivered') AND NOT " OUT_RESENT ") "
    "AND m.created_at >= ?3 UNION ALL " OUT_ANSWER("p.name") " "
    "FROM membership ms "
    "JOIN person p ON p.id = ms.person_id AND p.role = 'athlete' "
    "JOIN message m ON m.person_id = ms.person_id "
    "WHERE ms.squad_id = ?1 AND ?2 = 0 AND m.direction = 'in' AND "
    "m.created_at >= ?3 AND m.answer != '' ORDER BY 9 DESC LIMIT ?4");
/* by message_person, the few people in no squad and nobody: read
   newest first by id, it was every text the team was ever sent
   when fewer than the limit were theirs */
#define OUT_TEAM_PEOPLE	"(m.person_id IS NULL OR m.person_id IN (SELECT " \
"q.id FROM person q WHERE q.role != 'athlete' OR NOT EXISTS (SELECT " \
"1 FROM membership ms WHERE ms.person_id = q.id)))"

STMT(STMT_OUTBOX_TEAM,
    "SELECT m.created_at, coalesce(p.name, m.peer), m.channel, "
    "m.status, coalesce(m.error, ''), " OUT_CODE ", "
    OUT_GIST ", coalesce(m.kind, ''), m.id, " OUT_RESENT ", "
    OUT_BLIND " FROM message m LEFT JOIN person p ON p.id = m.person_id "
    "WHERE m.direction = 'out' AND " OUT_TEAM_PEOPLE " AND (?1 = 0 "
    "OR m.status IN ('failed', 'undelivered') AND NOT " OUT_RESENT ") "
    "AND m.created_at >= ?2 UNION ALL "
    OUT_ANSWER("coalesce(p.name, m.peer)") " FROM message m LEFT JOIN "
    "person p ON p.id = m.person_id WHERE ?1 = 0 AND m.direction = "
    "'in' AND " OUT_TEAM_PEOPLE " AND m.created_at >= ?2 AND "
    "m.answer != '' ORDER BY 9 DESC LIMIT ?3");

#define INBOX_ROWS	50
#define OUTBOX_ROWS	50

/*
 * A value the database keeps in English words (a message's channel,
 * status or kind) in the dashboard's language: the catalogue's
 * page.msg_VALUE, else the value as kept.
 */
static const char *
value_words(const char *v)
{
	const char	*w;
	char		 name[64];

	if (snprintf(name, sizeof(name), "page.msg_%s", v) >=
	    (int)sizeof(name) || (w = words_find(NULL, name)) == NULL)
		return v;
	return w;
}

#define NAME_WORDS	6	/* the most words of a name matched */
#define TEXT_WORDS	512	/* the words of a text looked at */

/*
 * The team's athletes by the words of their names, to guess whose an
 * unknown sender's number might be: each full name to its handle (the
 * first in roster order), each first name to the handles of all who
 * have it.  Keys are name_words() of the name.
 */
struct names {
	json_t	*full;		/* "jane doe": "jdoe" */
	json_t	*first;		/* "jane": ["jdoe"] */
};

/*
 * The words of s (runs of ASCII letters and digits, or of bytes beyond
 * ASCII), ASCII folded to lowercase and one space between them, into
 * out (strlen(s) + 1 bytes at least); where each starts in out into at
 * (the first max words).  Returns how many words.  Matching words, not
 * bytes, is what finds "Sam O'Neill" in "its sam oneill" no more than
 * "Ann" in "Joanna".
 */
static size_t
name_words(const char *s, char *out, size_t *at, size_t max)
{
	const unsigned char	*p;
	size_t			 n = 0, o = 0;
	int			 in = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (!isalnum(*p) && *p < 0x80) {
			in = 0;
			continue;
		}
		if (!in) {
			if (n == max)
				break;
			if (n > 0)
				out[o++] = ' ';
			at[n++] = o;
			in = 1;
		}
		out[o++] = (char)tolower(*p);
	}
	out[o] = '\0';
	return n;
}

static void
names_free(struct names *nm)
{
	json_decref(nm->full);
	json_decref(nm->first);
}

/* The active athletes' names, read once for all of an inbox's texts. */
static int
names_load(struct db *db, struct names *nm)
{
	sqlite3_stmt	*st = db_query(db, STMT_SHEET_ATHLETES, "ii", 0, 0);
	json_t		*a;
	const char	*name;
	char		 key[512], first[512], fkey[512];
	size_t		 at[NAME_WORDS + 1];
	int		 rc;

	nm->full = json_object();
	nm->first = json_object();
	while ((rc = db_row(db, st)) == OUT_ROW) {
		name = db_text(st, 0);
		if (strlen(name) >= sizeof(key))
			continue;
		snprintf(first, sizeof(first), "%.*s", (int)strcspn(name, " "),
		    name);
		if (name_words(name, key, at, NAME_WORDS + 1) > NAME_WORDS ||
		    name_words(first, fkey, at, NAME_WORDS + 1) == 0)
			continue;
		if (json_object_get(nm->full, key) == NULL)
			json_object_set_new(nm->full, key,
			    json_string(db_text(st, 1)));
		if ((a = json_object_get(nm->first, fkey)) == NULL) {
			a = json_array();
			json_object_set_new(nm->first, fkey, a);
		}
		json_array_append_new(a, json_string(db_text(st, 1)));
	}
	if (rc == -1 || nm->full == NULL || nm->first == NULL) {
		names_free(nm);
		return -1;
	}
	return 0;
}

/*
 * Whose an unknown sender's number might be, by a name in their text:
 * the handle of the athlete whose full name it holds, else of the one
 * athlete whose first name it holds, else the words' placeholder (the
 * coach writes the handle).  Into out, of size bytes.  A text's words
 * are looked up, not the team's names searched for: the team part's
 * inbox costs as much with 10,000 athletes as with 20.
 */
static void
unknown_handle(const struct names *nm, const char *text, char *out,
    size_t size)
{
	size_t	 at[TEXT_WORDS], n, i, k, len;
	char	*w;
	json_t	*v, *one = NULL;
	int	 many = 0;

	snprintf(out, size, "%s", words_get(NULL, "gen.cmd_someone"));
	if ((w = malloc(strlen(text) + 1)) == NULL)
		return;
	n = name_words(text, w, at, TEXT_WORDS);
	for (i = 0; i < n; i++)
		for (k = 1; k <= NAME_WORDS && i + k <= n; k++) {
			len = (i + k < n ? at[i + k] - 1 : strlen(w)) - at[i];
			if ((v = json_object_getn(nm->full, w + at[i], len)) !=
			    NULL) {
				snprintf(out, size, "%s", json_string_value(v));
				free(w);
				return;
			}
			if ((v = json_object_getn(nm->first, w + at[i], len)) ==
			    NULL)
				continue;
			if (json_array_size(v) > 1 || (one != NULL &&
			    !json_equal(one, json_array_get(v, 0))))
				many = 1;
			else
				one = json_array_get(v, 0);
		}
	if (one != NULL && !many)
		snprintf(out, size, "%s", json_string_value(one));
	free(w);
}

/* Whether number is an athlete's guardian's, into *is: 0 or -1. */
static int
guardian_number(const struct render_ctx *r, const char *number, int *is)
{
	int64_t	*wards = NULL;
	size_t	 n = 0;

	if (person_wards(r->db, number, &wards, &n) == -1)
		return -1;
	free(wards);
	*is = n > 0;
	return 0;
}

/*
 * The latest notes and unparsed texts of squad's members, or (squad
 * 0) of people in no squad, or (squad -1) of numbers nobody has, with
 * the links that answer, archive or (a number no guardian has) add
 * them.
 */
static json_t *
inbox(const struct render_ctx *r, int64_t squad)
{
	sqlite3_stmt	*st;
	struct names	 nm = { 0 };
	json_t		*a = json_array(), *o;
	char		 day[11], date[WORDS_DATE_MAX], id[24], who[64];
	int		 rc, guardian;

	if (squad > 0)
		st = db_query(r->db, STMT_INBOX_SQUAD, "ii", squad,
		    (int64_t)INBOX_ROWS);
	else
		st = db_query(r->db, squad == 0 ? STMT_INBOX_TEAM :
		    STMT_INBOX_UNKNOWN, "i", (int64_t)INBOX_ROWS);
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		day_string((time_t)sqlite3_column_int64(st, 0), day);
		snprintf(id, sizeof(id), "%lld",
		    (long long)sqlite3_column_int64(st, 4));
		o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:o*}", "date",
		    words_date(day, date), "name", db_text(st, 1), "kind",
		    value_words(db_text(st, 2)),
		    "text", db_text(st, 3), "id", id, "handle", db_text(st, 5),
		    "archive_href", render_action(r, "gen.cmd_archive", id,
		    NULL));
		if (squad >= 0)
			json_object_set_new(o, "answer_href", render_action(r,
			    "gen.cmd_send", db_text(st, 5), NULL));
		else {
			/* the team's names, once, when a number nobody has
			 * texted: most builds have none to look up */
			if (nm.full == NULL && names_load(r->db, &nm) == -1) {
				sqlite3_reset(st);
				json_decref(o);
				json_decref(a);
				return NULL;
			}
			/* a guardian's number is never an athlete's: no
			 * tap adds it to the child their text names */
			if (guardian_number(r, db_text(st, 1), &guardian) ==
			    -1) {
				sqlite3_reset(st);
				json_decref(o);
				json_decref(a);
				names_free(&nm);
				return NULL;
			}
			unknown_handle(&nm, db_text(st, 3), who, sizeof(who));
			if (!guardian)
				json_object_set_new(o, "add_href", render_action(
				    r, "gen.cmd_number", who, db_text(st, 1)));
		}
		json_array_append_new(a, o);
	}
	names_free(&nm);
	if (rc == -1) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* What to do about a message that failed, in words; NULL if unknown. */
static const char *
failure_hint(const char *channel, const char *code)
{
	if (strcmp(channel, "email") == 0)
		return words_get(NULL, "gen.hint_email");
	return phone_error_hint(code);
}

/* Whether cox sent o by itself in answer to someone: folded away. */
static int
outbox_automatic(const char *kind)
{
	return strcmp(kind, "twiml") == 0 || strcmp(kind, "reply") == 0;
}

/*
 * Whether name is one of list's, joined by gen.list_sep: a person sent
 * the same text twice is named once on its row.
 */
static int
listed_name(const char *list, const char *name)
{
	const char	*sep = words_get(NULL, "gen.list_sep"), *at, *end;
	size_t		 n = strlen(name);

	if (*sep == '\0')
		return strcmp(list, name) == 0;
	for (at = list; at != NULL; at = end != NULL ? end + strlen(sep) :
	    NULL) {
		end = strstr(at, sep);
		if ((end != NULL ? (size_t)(end - at) : strlen(at)) == n &&
		    strncmp(at, name, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether o, a row of what went out, is prev's message to one more
 * person (the same text the same day, as a round's prompts are): then
 * prev names them too and o is dropped.
 */
static int
outbox_same(json_t *prev, json_t *o)
{
	static const char *const keys[] = { "date", "kind", "status", "text",
	    "what" };
	size_t	 i;

	if (prev == NULL || json_is_true(json_object_get(o, "failed")))
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!json_equal(json_object_get(prev, keys[i]),
		    json_object_get(o, keys[i])))
			return 0;
	if (!listed_name(json_string_value(json_object_get(prev, "name")),
	    json_string_value(json_object_get(o, "name"))))
		json_object_set_new(prev, "name", json_sprintf("%s%s%s",
		    json_string_value(json_object_get(prev, "name")),
		    words_get(NULL, "gen.list_sep"),
		    json_string_value(json_object_get(o, "name"))));
	return 1;
}

/*
 * A message's words as the dashboard shows them: an invitation keeps
 * "{link}" where its link goes when sent (ingest/outbox.c), which a
 * coach reads as page.msg_link ("(their link)"), not as a placeholder.
 */
static json_t *
outbox_text(const char *text)
{
	struct buf	 b = { 0 };
	const char	*at = strstr(text, "{link}");

	if (at == NULL)
		return json_string(text);
	buf_add(&b, text, (size_t)(at - text));
	buf_puts(&b, words_get(NULL, "page.msg_link"));
	buf_puts(&b, at + strlen("{link}"));
	return render_json_buf(&b);
}

/* One row of what went out, st's, for the dashboard. */
static json_t *
outbox_row(const struct render_ctx *r, sqlite3_stmt *st)
{
	json_t		*o;
	const char	*code;
	char		 day[11], date[WORDS_DATE_MAX], num[16], id[24];

	day_string((time_t)sqlite3_column_int64(st, 0), day);
	snprintf(id, sizeof(id), "%lld", (long long)sqlite3_column_int64(st, 8));
	code = phone_error_code(*db_text(st, 5) ? db_text(st, 5) :
	    db_text(st, 4), num, sizeof(num));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:b, s:b}",
	    "date", words_date(day, date), "name", db_text(st, 1), "kind",
	    value_words(db_text(st, 2)), "status",
	    value_words(db_text(st, 3)), "error", db_text(st, 4), "text",
	    sqlite3_column_int(st, 10) ? json_string(words_get(NULL,
	    "page.c_outbox_blind")) : outbox_text(db_text(st, 6)), "what",
	    db_text(st, 7), "failed",
	    strcmp(db_text(st, 3), "failed") == 0 ||
	    strcmp(db_text(st, 3), "undelivered") == 0, "auto",
	    outbox_automatic(db_text(st, 7)));
	if (o == NULL)
		return NULL;
	if (*code != '\0')
		json_object_set_new(o, "code", json_string(code));
	if (json_is_true(json_object_get(o, "failed"))) {
		if (failure_hint(db_text(st, 2), code) != NULL)
			json_object_set_new(o, "hint", json_string(
			    failure_hint(db_text(st, 2), code)));
		/* texts only, once: a resent one has its new row */
		if (strcmp(db_text(st, 2), "sms") == 0 &&
		    !sqlite3_column_int(st, 9))
			json_object_set_new(o, "resend_href", render_action(r,
			    "gen.cmd_resend", id, NULL));
	}
	return o;
}

/*
 * What went out to squad's athletes (squad 0: to the coaches, people in
 * no squad and unknown numbers), newest first: the last OUTBOX_ROWS, one
 * row for a text many had, or with failed what failed since since, with
 * the provider's code, what to do and the link that sends it again.
 * *automatic counts the rows cox sent in answer to someone.
 */
static json_t *
outbox(const struct render_ctx *r, int64_t squad, int failed, time_t since,
    int *automatic)
{
	sqlite3_stmt	*st;
	json_t		*a = json_array(), *o, *prev = NULL;
	int		 rc;

	if (squad != 0)
		st = db_query(r->db, STMT_OUTBOX_SQUAD, "iiii", squad,
		    (int64_t)failed, (int64_t)since, (int64_t)OUTBOX_ROWS);
	else
		st = db_query(r->db, STMT_OUTBOX_TEAM, "iii", (int64_t)failed,
		    (int64_t)since, (int64_t)OUTBOX_ROWS);
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		if ((o = outbox_row(r, st)) == NULL || outbox_same(prev, o)) {
			json_decref(o);
			continue;
		}
		*automatic += json_is_true(json_object_get(o, "auto"));
		json_array_append_new(a, o);
		prev = o;
	}
	if (rc == -1) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* The latest notes and texts of the part's people: inbox(). */
static int
inbox_render(const struct part *p, json_t *ctx)
{
	/* a list that cannot be read is left out, not the part */
	json_object_set_new(ctx, "inbox", inbox(p->r, p->squad));
	return 0;
}

/* The texts of numbers nobody has, on the team's part: inbox(). */
static int
unknown_render(const struct part *p, json_t *ctx)
{
	return json_object_set_new(ctx, "unknown", inbox(p->r, -1));
}

/* What failed to go out in the last 30 days: outbox(). */
static int
failed_render(const struct part *p, json_t *ctx)
{
	int	 automatic = 0;

	json_object_set_new(ctx, "failed", outbox(p->r, p->squad, 1,
	    p->r->now - 30 * 86400, &automatic));
	return 0;
}

/*
 * What went out (outbox()), and how many of its rows cox sent by itself
 * ("automatic", folded away) and how many people did ("sent").
 */
static int
outbox_render(const struct part *p, json_t *ctx)
{
	int	 automatic = 0;

	json_object_set_new(ctx, "outbox", outbox(p->r, p->squad, 0, 0,
	    &automatic));
	json_object_set_new(ctx, "automatic", json_integer(automatic));
	json_object_set_new(ctx, "sent", json_integer((json_int_t)
	    json_array_size(json_object_get(ctx, "outbox")) - automatic));
	return 0;
}

static const struct part_section part_failed = { "failed",
    PART_SQUAD | PART_TEAM | PART_HAS | PART_ACT, NULL, failed_render };
PART_SECTION(part_failed, 300);
static const struct part_section part_inbox = { "inbox",
    PART_SQUAD | PART_TEAM | PART_HAS | PART_ACT, NULL, inbox_render };
PART_SECTION(part_inbox, 400);
static const struct part_section part_unknown = { "unknown",
    PART_TEAM | PART_HAS | PART_ACT, NULL, unknown_render };
PART_SECTION(part_unknown, 500);
static const struct part_section part_outbox = { "outbox",
    PART_SQUAD | PART_TEAM | PART_HAS, NULL, outbox_render };
PART_SECTION(part_outbox, 1800);
