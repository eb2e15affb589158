/*
 * render_part.c - the plaintext of a part of the dashboard: a squad's,
 * for its coaches and the head coaches, or the team's, for the head
 * coaches alone (who is in no squad, unknown senders, the squads'
 * parts to open).  One template and one function make both: the rows
 * its members left (render_row.c), what came in and went out, and the
 * rating rounds added up.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

STMT(STMT_COACH_NAMES,
    /* person_staff */
    "SELECT id, name FROM person WHERE role != 'athlete' AND "
    "role IN ('coach', 'head_coach') ORDER BY id");
/* the dashboard's part of squad ?2: its members' fragments ?1 */
STMT(STMT_FRAGMENT_SQUAD,
    "SELECT f.body FROM membership m "
    "JOIN person p ON p.id = m.person_id "
    "JOIN fragment f ON f.person_id = m.person_id AND f.part = ? "
    "WHERE m.squad_id = ? AND p.active = 1 "
    "ORDER BY p.name COLLATE NOCASE, p.id");
/*
 * the head coaches' part: who is in no squad, found from the
 * people (a walk of everyone), then their fragments of every kind
 * the part shows at once, kind by kind (the raters' are added up
 * for the whole team: STMT_FRAGMENT_ALL)
 */
STMT(STMT_FRAGMENT_TEAM,
    "SELECT f.part, f.body FROM person p CROSS JOIN fragment f ON "
    "f.person_id = p.id AND f.part != 'raters' "
    "WHERE p.active = 1 AND NOT EXISTS (SELECT 1 "
    "FROM membership m WHERE m.person_id = p.id) "
    "ORDER BY f.part, p.name COLLATE NOCASE, p.id");
/*
 * every active person's: a range of the part's rows alone, in the
 * order they are kept (its one reader adds them up: no sort)
 */
STMT(STMT_FRAGMENT_ALL,
    "SELECT f.body FROM fragment f JOIN person p ON p.id = f.person_id "
    "WHERE f.part = ? AND p.active = 1 ORDER BY f.person_id");
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
/* a squad part's: the last races any of its members rowed in */
STMT(STMT_SEAT_RACES_SQUAD,
    "SELECT r.id, r.day, r.pieces, r.noise FROM seat_race r "
    "WHERE r.id IN (SELECT w.race_id FROM membership m "
    "JOIN seat_race_rower w ON w.person_id = m.person_id "
    "WHERE m.squad_id = ?1) ORDER BY r.day DESC, r.id DESC LIMIT 3");
/* ...and its members' rows of one, side by side, fastest first */
STMT(STMT_SEAT_ROWERS_SQUAD,
    "SELECT p.name, w.side, w.rank, w.effect, w.total, w.pieces, "
    "w.swap, w.apart FROM seat_race_rower w "
    "JOIN membership m ON m.person_id = w.person_id "
    "AND m.squad_id = ?2 JOIN person p ON p.id = w.person_id "
    "WHERE w.race_id = ?1 ORDER BY w.side, w.rank");

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

/*
 * Whose fragments a part shows: squad's members, each kind read when
 * asked for; or (squad 0) the people in no squad, whom only a walk of
 * everyone finds, so every kind of theirs is read at once (team).
 */
struct frags {
	struct db	*db;
	int64_t		 squad;
	json_t		*team;		/* squad 0: kind -> their fragments */
};

/* fs->team read: the fragments of the people in no squad, by kind. */
static int
frags_team(struct frags *fs)
{
	sqlite3_stmt	*st = db_query(fs->db, STMT_FRAGMENT_TEAM, "");
	struct buf	 b = { 0 };
	char		 kind[64] = "";
	int		 rc;

	if ((fs->team = json_object()) == NULL)
		return -1;
	for (;;) {
		rc = db_row(fs->db, st);
		/* rows come kind by kind: one ends at the next, or the end */
		if (kind[0] != '\0' && (rc != OUT_ROW ||
		    strcmp(kind, db_text(st, 0)) != 0) &&
		    json_object_set_new(fs->team, kind, render_json_buf(&b))
		    == -1)
			rc = -1;
		if (rc != OUT_ROW)
			break;
		snprintf(kind, sizeof(kind), "%s", db_text(st, 0));
		buf_add(&b, sqlite3_column_text(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
	}
	buf_free(&b);
	if (rc == -1) {
		sqlite3_reset(st);
		return -1;
	}
	return 0;
}

/* The fragments part of the part's people (struct frags), as one string. */
static json_t *
fragments(const struct frags *fs, const char *part)
{
	struct buf	 b = { 0 };
	sqlite3_stmt	*st;
	json_t		*v;
	int		 rc;

	if (fs->squad == 0)
		return (v = json_object_get(fs->team, part)) != NULL ?
		    json_incref(v) : json_string("");
	st = db_query(fs->db, STMT_FRAGMENT_SQUAD, "ti", part, fs->squad);
	while ((rc = db_row(fs->db, st)) == OUT_ROW)
		buf_add(&b, sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	if (rc == -1) {
		buf_free(&b);
		return NULL;
	}
	return render_json_buf(&b);
}

/*
 * The line at at (up to end) into ln, NUL-terminated (empty when it
 * does not fit); returns where the next line starts.  sscanf() on the
 * whole text would measure all that is left at every line: the team's
 * fragments are a line per athlete, metric and month.
 */
static const char *
line_copy(const char *at, const char *end, char *ln, size_t size)
{
	const char	*nl = memchr(at, '\n', (size_t)(end - at));
	size_t		 len = (size_t)((nl != NULL ? nl : end) - at);

	if (len >= size)
		len = 0;
	memcpy(ln, at, len);
	ln[len] = '\0';
	return nl != NULL ? nl + 1 : end;
}

/*
 * A line of the "gaps" fragments, "METRIC YYYY-MM GAP" (render_row.c),
 * read: 0, or -1 when it is not one.  The team's part reads a line per
 * athlete, metric and month: no sscanf.
 */
static int
gap_line(const char *ln, long long *metric, char month[8], int *gap)
{
	char	*end;
	long	 g;

	errno = 0;
	*metric = strtoll(ln, &end, 10);
	if (end == ln || *end != ' ' || errno != 0 || strlen(end + 1) < 9 ||
	    end[8] != ' ')
		return -1;
	memcpy(month, end + 1, 7);
	month[7] = '\0';
	ln = end + 9;
	g = strtol(ln, &end, 10);
	if (end == ln || *end != '\0' || errno != 0 || g < INT_MIN ||
	    g > INT_MAX)
		return -1;
	*gap = (int)g;
	return 0;
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

/* One rating round of a squad, added up from its members' rounds. */
struct round {
	char	 day[11];
	int	 rated, answered;
};

static int
round_cmp(const void *a, const void *b)
{
	return strcmp(((const struct round *)b)->day,
	    ((const struct round *)a)->day);	/* newest first */
}

/*
 * The squad's rating rounds of the last weeks, newest first: how many
 * athletes the coaches rated that day and how many have answered, from
 * the "rounds" fragments ("YYYY-MM-DD 0|1" lines) of its members.
 */
static json_t *
rounds(const struct render_ctx *r, json_t *lines)
{
	struct round	 v[64];
	const char	*p = json_string_value(lines), *end;
	char		 oldest[11], day[11], ln[64], date[WORDS_DATE_MAX];
	json_t		*a;
	size_t		 i, n = 0;
	int		 done;

	if (p == NULL)
		return NULL;
	day_before(r->now, ROUND_DAYS, oldest);
	for (end = p + json_string_length(lines); p < end; ) {
		p = line_copy(p, end, ln, sizeof(ln));
		if (sscanf(ln, "%10s %d", day, &done) != 2)
			break;
		if (strlen(day) != 10 || strcmp(day, oldest) < 0)
			continue;
		for (i = 0; i < n && strcmp(v[i].day, day) != 0; i++)
			continue;
		if (i == n) {
			if (n == sizeof(v) / sizeof(v[0]))
				continue;
			memcpy(v[n].day, day, sizeof(day));
			v[n].rated = v[n].answered = 0;
			n++;
		}
		v[i].rated++;
		v[i].answered += done != 0;
	}
	qsort(v, n, sizeof(v[0]), round_cmp);
	a = json_array();
	for (i = 0; i < n && i < 6; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:i, s:i}",
		    "date", words_date(v[i].day, date), "day", v[i].day,
		    "rated", v[i].rated, "answered", v[i].answered, "waiting",
		    v[i].rated - v[i].answered));
	return a;
}

/*
 * What a part offers to do as a whole: rate the squad (the sheet) and
 * remind everyone who has not answered, when a reminder reaches one of
 * them at least (their entry is marked data-remind: coach-pending.html;
 * a week in which no athlete's consent was recorded offered a link
 * that texted no one); or, with no team address, the word that says
 * what to set.  Into ctx.
 */
static void
part_actions(const struct render_ctx *r, int64_t squad, const char *name,
    json_t *ctx)
{
	const char	*pending = json_string_value(json_object_get(ctx,
	    "pending"));

	if (r->address == NULL) {
		json_object_set_new(ctx, "no_address", json_true());
		return;
	}
	json_object_set_new(ctx, "address", json_string(r->address));
	if (squad == 0)
		return;
	json_object_set_new(ctx, "rate_href", render_sheet(r, squad, 0, name));
	if (pending != NULL && strstr(pending, " data-remind") != NULL)
		json_object_set_new(ctx, "remind_all_href", render_action(r,
		    "gen.cmd_remind_squad", name, NULL));
}

/*
 * has_NAME in ctx: whether its NAME, a list or fragments (blank for
 * whom they do not concern), has any.  Returns that.
 */
static int
part_has(json_t *ctx, const char *name)
{
	json_t	*v = json_object_get(ctx, name);
	char	 has[24];
	int	 any = json_is_string(v) ? json_string_value(v)[strspn(
	    json_string_value(v), " \t\r\n")] != '\0' :
	    json_array_size(v) > 0;

	snprintf(has, sizeof(has), "has_%s", name);
	json_object_set_new(ctx, has, json_boolean(any));
	return any;
}

/*
 * Squad's planned sessions of the last 28 days and those to come, as
 * its coaches may see them (lib/load.c leaves out the athletes' efforts
 * until a session's day is over): render_plan() into ctx.
 */
static int
part_plan(const struct render_ctx *r, int64_t squad, json_t *ctx)
{
	struct plan_set	 ps;
	int		 rc;

	if (squad == 0)
		return 0;
	if (plan_read_squad(r->db, squad, r->day[0], r->day[27], &ps) == -1)
		return -1;
	rc = render_plan(r, &ps, 1, ctx);
	plan_set_free(&ps);
	return rc;
}

/*
 * The class of one item's answer in a day's wellness cell, on the
 * item's own scale (1 best, 7 worst), 6 or 7 the darkest as on the
 * athlete's chart: each item shaded by itself, never by a sum.
 */
static const char *
heat_class(int v)
{
	return v == 0 ? "miss" : v <= 2 ? "h1" : v <= 4 ? "h2" : v == 5 ?
	    "h3" : "h4";
}

/* One athlete's days in the heatmap, their name as their fragment has it. */
struct heat_row {
	const char	*linked, *plain;	/* in the fragments' text */
	size_t		 llen, plen;
	int		 items[28][4], ill[28];	/* sleep..soreness, 0 none */
	long		 load[28];
};

/* Whether day i of the heatmap is a Monday, the first of a week. */
static int
heat_monday(const struct render_ctx *r, int i)
{
	return i >= r->monday && (i - r->monday) % 7 == 0;
}

/*
 * A wellness row's cell for day i opens or closes the span of the week
 * it is in, when that week (Monday to Sunday) is over and all in the
 * 28 days: each such week a piece of the dashboard (gen/pieces.c),
 * named for its Monday ("h20261116"), which the days sliding by leave
 * as it is (a day's shades are its own answers'), rather than the
 * whole map sealed again each day.  Not the load's rows: a day's
 * shade there is its share of the 28 days' highest, which moves.
 */
static void
heat_week(const struct render_ctx *r, int i, int open, struct buf *out)
{
	const char	*d;
	int		 monday = i - (open ? 0 : 6);

	if (!heat_monday(r, monday) || monday + 6 >= 27)
		return;
	if (!open) {
		buf_puts(out, "<!--cox:/g-->");
		return;
	}
	d = r->day[monday];
	buf_printf(out, "<!--cox:g h%.4s%.2s%.2s hw-->", d, d + 5, d + 8);
}

/*
 * An athlete's row of wellness, and with loads their row of load; their
 * name in the dashboard's piece of names ("an", with the matrix's:
 * coach-row.html), which changes with the roster, not with the days.
 */
static void
heat_rows(const struct render_ctx *r, const struct heat_row *h, int loads,
    struct buf *out)
{
	long	 max = 0;
	char	 n[RENDER_GROUPED_MAX];
	int	 i, k, lv, any;

	buf_puts(out, "<tbody><tr><th scope=\"row\"><!--cox:g an hn-->");
	buf_add(out, h->linked, h->llen);
	buf_printf(out, "<!--cox:/g--><span class=\"vh\">, %s</span></th>",
	    words_get(NULL, "gen.heat_wellness"));
	for (i = 0; i < 28; i++) {
		any = h->items[i][0] || h->items[i][1] || h->items[i][2] ||
		    h->items[i][3];
		heat_week(r, i, 1, out);
		buf_printf(out, "<td class=\"%s%s\">", any ? "w" : "miss",
		    heat_monday(r, i) ? " wk" : "");
		/* the four in their order, one under the other, each shaded */
		for (k = 0; any && k < 4; k++) {
			buf_printf(out, "%s<span class=\"%s\">", k ? " " : "",
			    heat_class(h->items[i][k]));
			if (h->items[i][k] > 0)
				buf_printf(out, "%d", h->items[i][k]);
			else
				buf_puts(out, "\xc2\xb7");	/* not answered */
			buf_puts(out, "</span>");
		}
		if (!any && !h->ill[i])
			buf_puts(out, "\xe2\x80\x93");	/* no check-in */
		if (h->ill[i])
			buf_puts(out, "\xc3\x97");
		buf_puts(out, "</td>");
		heat_week(r, i, 0, out);
	}
	buf_puts(out, "</tr>\n");
	if (!loads) {
		buf_puts(out, "</tbody>\n");
		return;
	}
	for (i = 0; i < 28; i++)
		if (h->load[i] > max)
			max = h->load[i];
	buf_puts(out, "<tr class=\"load\"><th scope=\"row\"><span "
	    "class=\"vh\">");
	buf_add(out, h->plain, h->plen);
	buf_printf(out, ", </span>%s</th>", words_get(NULL, "gen.heat_load"));
	for (i = 0; i < 28; i++) {
		lv = h->load[i] <= 0 ? 0 : h->load[i] * 3 <= max ? 1 :
		    h->load[i] * 3 <= max * 2 ? 2 : 3;
		buf_printf(out, "<td class=\"l%d%s\">", lv,
		    heat_monday(r, i) ? " wk" : "");
		if (h->load[i] > 0)
			buf_puts(out, render_grouped(h->load[i], n));
		buf_puts(out, "</td>");
	}
	buf_puts(out, "</tr></tbody>\n");
}

/* The line at *at of the fragments' text (up to end): its length; *next after it. */
static size_t
heat_line(const char *at, const char *end, const char **next)
{
	const char	*nl = memchr(at, '\n', (size_t)(end - at));

	*next = nl != NULL ? nl + 1 : end;
	return (size_t)((nl != NULL ? nl : end) - at);
}

/*
 * The squad's last 28 days, athletes by days: a row of wellness each,
 * and one of load when anyone's load shows, from the "heat" fragments
 * (render_row.c), whose dated lines are put in the columns of this
 * build's days; a day after the one a row was rendered on had nothing,
 * so shows as missed.  JSON null when no athlete has a day to show,
 * NULL on error; *loads says whether the rows of load are there.
 */
static json_t *
heat(const struct render_ctx *r, const struct frags *fs, int *loads)
{
	struct buf	 b = { 0 };
	json_t		*frag = fragments(fs, "heat");
	struct heat_row	*v = NULL, *more, *h = NULL;
	const char	*at, *end, *next;
	size_t		 n = 0, cap = 0, i, len;
	int		 any = 0, d, it[4], sick;
	long		 l;
	char		 day[11], ln[64];

	*loads = 0;
	if (frag == NULL)
		return NULL;
	at = json_string_value(frag);
	end = at + json_string_length(frag);
	for (; at < end; at = next) {
		len = heat_line(at, end, &next);
		if (*at == '<') {	/* the next athlete: linked, plain */
			if (n == cap) {
				cap = cap ? cap * 2 : 16;
				if ((more = reallocarray(v, cap,
				    sizeof(*v))) == NULL) {
					free(v);
					json_decref(frag);
					return NULL;
				}
				v = more;
			}
			h = memset(&v[n++], 0, sizeof(*h));
			h->linked = at;
			h->llen = len;
			h->plain = next;
			h->plen = heat_line(next, end, &next);
			continue;
		}
		if (h == NULL || len >= sizeof(ln))
			continue;
		memcpy(ln, at, len);
		ln[len] = '\0';
		if (sscanf(ln, "%10s %d %d %d %d %d %ld", day, &it[0], &it[1],
		    &it[2], &it[3], &sick, &l) != 7)
			continue;	/* or a line of a sum, before items */
		for (d = 0; d < 28 && strcmp(r->day[d], day) != 0; d++)
			continue;
		if (d == 28)
			continue;	/* out of the window now */
		memcpy(h->items[d], it, sizeof(it));
		h->ill[d] = sick;
		h->load[d] = l;
		any = 1;
		*loads |= l > 0;
	}
	for (i = 0; any && i < n; i++)
		heat_rows(r, &v[i], *loads, &b);
	free(v);
	json_decref(frag);
	if (!any) {
		buf_free(&b);
		return json_null();
	}
	return render_json_buf(&b);
}

/*
 * How a metric's gap moved between the first and the last month with
 * GAP_TREND_PAIRS pairs or more: a sentence into the list, or none.
 */
#define GAP_TREND_PAIRS	3
static void
gap_trend(const char *metric, char months[GAP_MONTHS][8],
    const double sum[GAP_MONTHS], const int n[GAP_MONTHS], json_t *list)
{
	struct buf line = { 0 };
	char	 a[FIXED1_MAX + 1], b[FIXED1_MAX + 1];
	char	 from[WORDS_DATE_MAX], to[WORDS_DATE_MAX];
	double	 first, last;
	int	 i, f = -1, l = -1;
	const char *how;

	for (i = 0; i < GAP_MONTHS; i++)
		if (n[i] >= GAP_TREND_PAIRS) {
			if (f == -1)
				f = i;
			l = i;
		}
	if (f == -1 || f == l)
		return;
	first = sum[f] / n[f];
	last = sum[l] / n[l];
	render_fixed1(a, first);
	render_fixed1(b, last);
	/* a tenth of a point either way is noise in whole-point scores */
	how = last < first - 0.25 ? "gen.gap_closer" : last > first + 0.25 ?
	    "gen.gap_wider" : "gen.gap_same";
	if (words_printf(&line, NULL, how, metric, a, words_date(months[f],
	    from), n[f], b, words_date(months[l], to), n[l]) == 0)
		json_array_append_new(list, json_stringn(line.data, line.len));
	buf_free(&line);
}

/*
 * The squad's coach-and-self gaps over the last GAP_MONTHS months, from
 * the "gaps" fragments (render_row.c): per metric and month of the
 * coach's round, how far apart the two scores of a pair were on average
 * (the absolute gap), and for each metric whether that is closing, in
 * words.  JSON null when the squad has no pair in the season, NULL on
 * error.
 */
static json_t *
gaps(const struct render_ctx *r, const struct frags *fs)
{
	json_t		*frag = fragments(fs, "gaps"), *out, *rows,
			*cols, *trends, *cells;
	char		 months[GAP_MONTHS][8], month[8], v[FIXED1_MAX + 1];
	double		(*sum)[GAP_MONTHS];
	int		(*n)[GAP_MONTHS], any = 0, shown[GAP_MONTHS] = { 0 };
	const char	*at, *end;
	char		 ln[64], date[WORDS_DATE_MAX];
	long long	 metric;
	size_t		 i;
	int		 m, gap;

	if (frag == NULL)
		return NULL;
	sum = calloc(r->nmetrics + 1, sizeof(*sum));
	n = calloc(r->nmetrics + 1, sizeof(*n));
	if (sum == NULL || n == NULL) {
		free(sum);
		free(n);
		json_decref(frag);
		return NULL;
	}
	for (m = 0; m < GAP_MONTHS; m++)
		render_month_back(r->day[27], GAP_MONTHS - 1 - m, months[m]);
	at = json_string_value(frag);
	end = at + json_string_length(frag);
	while (at < end) {
		at = line_copy(at, end, ln, sizeof(ln));
		if (gap_line(ln, &metric, month, &gap) == -1)
			continue;
		for (i = 0; i < r->nmetrics && r->metrics[i].id != metric; i++)
			continue;
		for (m = 0; m < GAP_MONTHS && strcmp(months[m], month); m++)
			continue;
		if (i == r->nmetrics || m == GAP_MONTHS)
			continue;	/* a metric removed, a month gone by */
		/* a time's and a number's gaps in seconds or units */
		sum[i][m] += abs(gap) / (r->metrics[i].kind == METRIC_SCALE ?
		    1.0 : 10.0);
		n[i][m]++;
		shown[m] = any = 1;
	}
	json_decref(frag);
	if (!any) {
		free(sum);
		free(n);
		return json_null();
	}
	cols = json_array();
	for (m = 0; m < GAP_MONTHS; m++)
		if (shown[m])
			json_array_append_new(cols, json_string(
			    words_date(months[m], date)));
	rows = json_array();
	trends = json_array();
	for (i = 0; i < r->nmetrics; i++) {
		cells = json_array();
		for (m = 0; m < GAP_MONTHS; m++) {
			if (!shown[m])
				continue;
			if (n[i][m] == 0) {
				json_array_append_new(cells, json_pack("{s:n}",
				    "v"));
				continue;
			}
			render_fixed1(v, sum[i][m] / n[i][m]);
			json_array_append_new(cells, json_pack("{s:s, s:i}",
			    "v", v, "n", n[i][m]));
		}
		json_array_append_new(rows, json_pack("{s:o, s:o}", "name",
		    r->metrics[i].kind == METRIC_SCALE ? json_string(
		    r->metrics[i].name) : json_sprintf("%s (%s)",
		    r->metrics[i].name, r->metrics[i].kind == METRIC_TIME ?
		    "s" : r->metrics[i].unit), "cells", cells));
		gap_trend(r->metrics[i].name, months, sum[i], n[i], trends);
	}
	free(sum);
	free(n);
	out = json_pack("{s:o, s:o}", "months", cols, "rows", rows);
	if (out != NULL && json_array_size(trends) > 0) {
		json_object_set(out, "trends", trends);
		json_object_set_new(out, "has_trends", json_true());
	}
	json_decref(trends);
	return out;
}

/*
 * Who is trending worse: the "trend" fragments' lines (render_row.c)
 * rendered since yesterday; an older one spoke of a week gone by.
 */
static json_t *
trends(const struct render_ctx *r, const struct frags *fs)
{
	struct buf	 b = { 0 };
	json_t		*frag = fragments(fs, "trend");
	const char	*at, *end, *nl;

	if (frag == NULL)
		return NULL;
	at = json_string_value(frag);
	end = at + json_string_length(frag);
	for (; at < end; at = nl + 1) {
		if ((nl = memchr(at, '\n', (size_t)(end - at))) == NULL)
			nl = end;
		if (nl - at > 10 && strncmp(at, r->day[26], 10) >= 0)
			buf_add(&b, at + 10, (size_t)(nl - at) - 10 + 1);
	}
	json_decref(frag);
	return render_json_buf(&b);
}

/* A signed figure with one decimal, "+0.4", "-1.2", "0.0". */
static json_t *
signed1(double v)
{
	char	 s[FIXED1_MAX + 2];

	s[0] = '+';
	render_fixed1(s + (v >= 0.05), v);
	return json_string(s);
}

/* A figure with one decimal, "0.8". */
static json_t *
plain1(double v)
{
	char	 s[FIXED1_MAX + 1];

	render_fixed1(s, v);
	return json_string(s);
}

/*
 * For the head coaches, each coach's scores against the athletes' own
 * and against the other coaches' on the same athletes, metric and
 * month, over the last GAP_MONTHS months: the "raters" fragments of
 * every athlete (render_row.c) added up by coach.  JSON null when no
 * coach has a figure, NULL on error.
 */
struct rater_sum {
	int64_t		 rater;
	long		 pairs, over_self, peers;
	long long	 over_peers, apart;	/* in RATER_UNITs */
};
/*
 * raters_of() writes its figures to four decimals: added up as whole
 * ten-thousandths they make the same sum in any order, so the part is
 * the same bytes whichever order the athletes' rows are read in.
 */
#define RATER_UNIT	10000.0

static json_t *
raters(const struct render_ctx *r)
{
	sqlite3_stmt	*st = db_query(r->db, STMT_FRAGMENT_ALL, "t", "raters");
	struct rater_sum *v = NULL, *more, x;
	size_t		 n = 0, cap = 0, i;
	json_t		*rows, *row;
	const char	*at;
	char		*end, *ok;
	int		 rc, pairs, peers;
	long		 over;
	long long	 rater;

	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		for (at = db_text(st, 0); *at != '\0'; at = end) {
			/* "rater pairs over peers over_peers apart\n", as
			 * raters_of() wrote it; strto*() as sscanf() is slow */
			rater = strtoll(at, &end, 10);
			pairs = (int)strtol(ok = end, &end, 10);
			over = strtol(end, &end, 10);
			peers = (int)strtol(end, &end, 10);
			x.over_peers = llround(strtod(end, &end) * RATER_UNIT);
			x.apart = llround(strtod(end, &end) * RATER_UNIT);
			if (end == at || end == ok)
				break;
			for (i = 0; i < n && v[i].rater != rater; i++)
				continue;
			if (i == n) {
				if (n == cap) {
					cap = cap ? cap * 2 : 8;
					if ((more = reallocarray(v, cap,
					    sizeof(*v))) == NULL) {
						rc = -1;
						break;
					}
					v = more;
				}
				memset(&v[n++], 0, sizeof(*v));
				v[i].rater = rater;
			}
			v[i].pairs += pairs;
			v[i].over_self += over;
			v[i].peers += peers;
			v[i].over_peers += x.over_peers;
			v[i].apart += x.apart;
		}
		if (rc == -1)
			break;
	}
	sqlite3_reset(st);
	if (rc == -1) {
		free(v);
		return NULL;
	}
	rows = json_array();
	st = db_query(r->db, STMT_COACH_NAMES, "");
	while ((rc = db_row(r->db, st)) == OUT_ROW) {
		for (i = 0; i < n && v[i].rater != sqlite3_column_int64(st, 0);
		    i++)
			continue;
		if (i == n)
			continue;
		row = json_pack("{s:s, s:i, s:o, s:i, s:o, s:o}", "name",
		    db_text(st, 1), "pairs", (int)v[i].pairs, "self",
		    v[i].pairs ? signed1((double)v[i].over_self / v[i].pairs) :
		    json_null(), "peers", (int)v[i].peers, "over",
		    v[i].peers ? signed1(v[i].over_peers / RATER_UNIT /
		    v[i].peers) : json_null(), "apart", v[i].peers ?
		    plain1(v[i].apart / RATER_UNIT / v[i].peers) :
		    json_null());
		json_array_append_new(rows, row);
	}
	sqlite3_reset(st);
	free(v);
	if (rc == -1) {
		json_decref(rows);
		return NULL;
	}
	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return json_null();
	}
	return rows;
}

/* The heatmap's columns: this build's 28 days, a mark on each Monday. */
static json_t *
heat_days(const struct render_ctx *r)
{
	json_t	*days = json_array();
	int	 i;

	for (i = 0; i < 28; i++)
		json_array_append_new(days, json_pack("{s:s, s:s, s:b}",
		    "date", r->day[i], "dom", r->day[i][8] == '0' ?
		    r->day[i] + 9 : r->day[i] + 8, "wk", heat_monday(r, i)));
	return days;
}

/*
 * The rows of seat race id for squad's part: its members only (a race
 * may mix squads, and a part shows nobody else's), each side's fastest
 * first, with the three methods' figures (lib/seatrace.c).  A JSON
 * array, or NULL on error.
 */
static json_t *
seat_rows(const struct render_ctx *r, int64_t id, int64_t squad)
{
	static const struct metric clock = { .kind = METRIC_TIME };
	sqlite3_stmt	*st = db_query(r->db, STMT_SEAT_ROWERS_SQUAD, "ii", id,
	    squad);
	json_t		*rows = json_array(), *o;
	const char	*side, *last = NULL;
	char		 total[METRIC_VALUE_MAX];
	int		 rc = OUT_OK;

	while (rows != NULL && (rc = db_row(r->db, st)) == OUT_ROW) {
		side = sqlite3_column_type(st, 1) == SQLITE_NULL ? NULL :
		    strcmp(db_text(st, 1), "stroke") == 0 ? "page.seat_stroke" :
		    "page.seat_bow";
		metric_value_write(&clock, (long)sqlite3_column_int64(st, 4),
		    words_decimal(), total, sizeof(total));
		o = json_pack("{s:s, s:I, s:s}", "name", db_text(st, 0),
		    "rank", (json_int_t)sqlite3_column_int64(st, 2),
		    "total", total);
		/* a side's rows under its name, not a column of it: the
		 * table fits a phone's width */
		if (o != NULL && side != NULL && side != last)
			json_object_set_new(o, "side_h",
			    json_string(words_get(NULL, side)));
		last = side;
		if (o != NULL && sqlite3_column_type(st, 3) != SQLITE_NULL)
			json_object_set_new(o, "effect", signed1(
			    sqlite3_column_int64(st, 3) / 100.0));
		if (o != NULL && sqlite3_column_type(st, 6) != SQLITE_NULL)
			json_object_set_new(o, "swap", plain1(
			    sqlite3_column_int64(st, 6) / 100.0));
		if (o != NULL && sqlite3_column_type(st, 7) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 7) == 0)
			json_object_set_new(o, "close", json_true());
		if (o == NULL || json_array_append_new(rows, o) == -1) {
			json_decref(rows);
			rows = NULL;
		}
	}
	if (rows == NULL || rc != OUT_OK) {
		sqlite3_reset(st);
		json_decref(rows);
		return NULL;
	}
	return rows;
}

/*
 * The last seat races squad's members rowed in (seat_rows() each),
 * newest first: a JSON array, or NULL on error.
 */
static json_t *
seat_races(const struct render_ctx *r, int64_t squad)
{
	sqlite3_stmt	*st = db_query(r->db, STMT_SEAT_RACES_SQUAD, "i", squad);
	json_t		*races = json_array(), *o, *rows;
	char		 date[WORDS_DATE_MAX];
	int64_t		 ids[3];
	size_t		 n = 0, i;
	int		 rc = OUT_OK;

	while (races != NULL && n < 3 && (rc = db_row(r->db, st)) == OUT_ROW) {
		ids[n++] = sqlite3_column_int64(st, 0);
		/* the newest open, the older folded: a part stays short */
		o = json_pack("{s:s, s:s, s:I, s:b}", "day", db_text(st, 1),
		    "date", words_date(db_text(st, 1), date), "pieces",
		    (json_int_t)sqlite3_column_int64(st, 2), "older", n > 1);
		if (o != NULL && sqlite3_column_type(st, 3) != SQLITE_NULL)
			json_object_set_new(o, "noise", plain1(
			    sqlite3_column_int64(st, 3) / 100.0));
		if (o == NULL || json_array_append_new(races, o) == -1) {
			json_decref(races);
			races = NULL;
		}
	}
	if (races == NULL || (rc != OUT_OK && rc != OUT_ROW)) {
		sqlite3_reset(st);
		json_decref(races);
		return NULL;
	}
	if (rc == OUT_ROW)
		sqlite3_reset(st);
	/* each race's rows read once the races' statement is done */
	for (i = 0; i < n; i++) {
		if ((rows = seat_rows(r, ids[i], squad)) == NULL) {
			json_decref(races);
			return NULL;
		}
		json_object_set_new(json_array_get(races, i), "rows", rows);
	}
	return races;
}

/*
 * One part of the dashboard: squad's (named name), or with squad 0 the
 * head coaches' part: who is in no squad, unknown senders, and parts,
 * the squads' parts to open from it.  Only what its readers may see;
 * it ends with who they are (rd, from the keys it is sealed to).
 */
static int
dashboard(const struct render_ctx *r, const struct frags *fs, const char *root,
    int64_t squad, const char *name, json_t *parts, const struct readers *rd,
    struct buf *out)
{
	/* what needs acting on first, then what does not */
	static const char *const lists[] = { "pending", "flags", "failed",
	    "inbox", "unknown", "outbox", "rounds", "load", "heat", "trend",
	    "raters", "seat", "episodes", "health" };

	json_t	*ctx, *metrics = json_array(), *lines, *v, *hv;
	size_t	 i;
	int	 rc, automatic = 0, none = 0, act = 0, loads;
	char	 since[11], date[WORDS_DATE_MAX];

	for (i = 0; i < r->nmetrics; i++)
		json_array_append_new(metrics, json_pack("{s:s, s:s}", "name",
		    r->metrics[i].name, "slug", r->metrics[i].slug));
	lines = fragments(fs, "rounds");
	ctx = json_pack("{s:s, s:s, s:s, s:o, s:o*, s:o*, s:o*, s:o*, s:o*, "
	    "s:o*, s:o*, s:o*}", "team", r->team, "root", root, "squad", name,
	    "metrics", metrics, "rows", fragments(fs, "row"),
	    "roster", fragments(fs, "roster"),
	    "pending", fragments(fs, "pending"),
	    "flags", fragments(fs, "flag"),
	    "inbox", inbox(r, squad),
	    "outbox", outbox(r, squad, 0, 0, &automatic),
	    "failed", outbox(r, squad, 1, r->now - 30 * 86400, &none),
	    "rounds", rounds(r, lines));
	json_decref(lines);
	if (ctx == NULL)
		return -1;
	json_object_set_new(ctx, "load", fragments(fs, "load"));
	if ((hv = heat(r, fs, &loads)) == NULL) {
		json_decref(ctx);
		return -1;
	}
	json_object_set_new(ctx, "heat", hv);	/* ctx keeps hv */
	if ((v = gaps(r, fs)) == NULL) {
		json_decref(ctx);
		return -1;
	}
	json_object_set_new(ctx, "gaps", v);
	if ((v = trends(r, fs)) == NULL) {
		json_decref(ctx);
		return -1;
	}
	json_object_set_new(ctx, "trend", v);
	if (squad == 0 && (v = raters(r)) == NULL) {
		json_decref(ctx);
		return -1;
	}
	if (squad == 0)
		json_object_set_new(ctx, "raters", v);
	if (json_is_string(hv)) {
		json_object_set_new(ctx, "heat_days", heat_days(r));
		json_object_set_new(ctx, "heat_first", json_string(
		    words_date(r->day[0], date)));
		json_object_set_new(ctx, "heat_last", json_string(
		    words_date(r->day[27], date)));
		json_object_set_new(ctx, "heat_first_day",
		    json_string(r->day[0]));
		json_object_set_new(ctx, "heat_last_day",
		    json_string(r->day[27]));
		json_object_set_new(ctx, "heat_loads", json_boolean(loads));
	}
	if (squad != 0 && (v = seat_races(r, squad)) == NULL) {
		json_decref(ctx);
		return -1;
	}
	if (squad != 0)
		json_object_set_new(ctx, "seat", v);
	if (part_plan(r, squad, ctx) == -1 ||
	    render_health_part(r, squad, ctx) == -1 ||
	    render_avail(r, squad, ctx) == -1 || (squad == 0 &&
	    json_object_set_new(ctx, "unknown", inbox(r, -1)) == -1)) {
		json_decref(ctx);
		return -1;
	}
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		if (part_has(ctx, lists[i]) && i < 5)
			act = 1;
	json_object_set_new(ctx, "has_act", json_boolean(act));
	json_object_set_new(ctx, "automatic", json_integer(automatic));
	json_object_set_new(ctx, "sent", json_integer((json_int_t)
	    json_array_size(json_object_get(ctx, "outbox")) - automatic));
	json_object_set_new(ctx, "team_part", json_boolean(squad == 0));
	/*
	 * The team's part shows the rows of those in no squad alone: its
	 * statements say so, or "no ratings" would read as the team's
	 * while each squad's part shows them.
	 */
	v = json_object_get(ctx, "rows");
	json_object_set_new(ctx, "no_rows", json_boolean(squad == 0 &&
	    (!json_is_string(v) || json_string_length(v) == 0)));
	render_season(r, since, ctx);
	part_actions(r, squad, name, ctx);
	if (parts != NULL)
		json_object_set(ctx, "parts", parts);
	rc = render_readers(rd, ctx) == -1 ? -1 :
	    tmpl_render(r->tmpl, "coach.html", ctx, out);
	json_decref(ctx);
	return rc;
}

int
render_dashboard(const struct render_ctx *r, const char *root, int64_t squad,
    const char *name, json_t *parts, const struct readers *rd,
    struct buf *out)
{
	struct frags	 fs = { r->db, squad, NULL };
	int		 rc;

	rc = squad == 0 && frags_team(&fs) == -1 ? -1 :
	    dashboard(r, &fs, root, squad, name, parts, rd, out);
	json_decref(fs.team);
	return rc;
}
