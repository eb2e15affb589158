/*
 * command_roster.c - the coach's commands that change the roster:
 * invite (an invitation again, lib/account.c), number (a number added
 * to an athlete), add (a new athlete, invited: enrol.c), move (into
 * another squad) and remove (off the roster, by a head coach).  A
 * number that is the team's or a guardian's is no athlete's.  Its
 * table, command_roster, is one of command.c's registry.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"

/* "invite @h": an invitation again, as cox invite --again queues it. */
static int
act_invite(struct cmd_run *r, const struct cmd_line *c)
{
	const struct config *conf = r->mx->ws->conf;
	struct invite_run ir = { .db = r->db, .again = 1, .by = r->coach,
	    .club = config_get(conf, "team", "name"),
	    .base = workspace_base_url(conf) };
	struct cmd_target	 t;
	int		 rc;

	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (ir.base == NULL)	/* its link would lead nowhere */
		return words_printf(r->reply, NULL, "mail.cmd_invite_nosite",
		    t.label);
	if (config_long(conf, "accounts", "invite_days", 7, 1, 90,
	    &ir.days) == -1)
		ir.days = 7;
	if (invite_queue(&ir, t.person) == -1)
		return -1;
	return words_printf(r->reply, NULL, ir.queued ? "mail.cmd_invited" :
	    "mail.cmd_invite_unreached", t.label);
}

/*
 * Whether e164 is one of the team's own numbers ([sms] numbers, or
 * from): texts from it would be cox's own, read as an athlete's.
 */
static int
team_number(const struct cmd_run *r, const char *e164)
{
	const struct config *conf = r->mx->ws->conf;
	const char	*list = config_get(conf, "sms", "numbers"), *p, *e;
	char		 one[PHONE_MAX], norm[PHONE_MAX];
	const char	*why;

	if (list == NULL)
		list = config_get(conf, "sms", "from");
	for (p = list; p != NULL && *p != '\0'; p = *e ? e + 1 : e) {
		e = p + strcspn(p, ",");
		snprintf(one, sizeof(one), "%.*s", (int)(e - p), p);
		if (phone_normalize(trim(one), r->mx->country, norm,
		    &why) == 0 && strcmp(norm, e164) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether e164 can be no athlete's by email: the team's own number, or
 * an athlete's guardian's (a text from it is the guardian's, never the
 * athlete's: a number both share is for an operator to say, with cox
 * roster).  Said in the reply, the athlete named when they are the
 * coach's.  Returns 0 when it is neither, 1 when refused, -1.
 */
static int
number_barred(struct cmd_run *r, const char *e164)
{
	struct person	 p = { 0 };
	int64_t		*wards = NULL;
	size_t		 n = 0, i;
	int		 rc = -1, mine = 0;

	if (team_number(r, e164))
		return words_printf(r->reply, NULL, "mail.cmd_number_team",
		    e164) == -1 ? -1 : 1;
	if (person_wards(r->db, e164, &wards, &n) == -1)
		return -1;
	for (i = 0; i < n && mine == 0; i++)
		if ((mine = person_coaches(r->db, r->coach, wards[i])) == -1)
			goto out;
	if (n == 0)
		rc = 0;
	else if (!mine)
		rc = words_printf(r->reply, NULL,
		    "mail.cmd_number_guardian_other", e164) == -1 ? -1 : 1;
	else if (person_load(r->db, wards[i - 1], &p) == 0)
		rc = words_printf(r->reply, NULL, "mail.cmd_number_guardian",
		    e164, p.name) == -1 ? -1 : 1;
out:
	person_clear(&p);
	free(wards);
	return rc;
}

/*
 * "number WHO NUMBER": a number added to an athlete, unless it is
 * anyone's already, the team's or a guardian's.
 */
static int
act_number(struct cmd_run *r, const struct cmd_line *c)
{
	struct person	 p = { 0 };
	struct cmd_target	 t;
	char		 e164[PHONE_MAX];
	const char	*why;
	int64_t		 other;
	enum outcome	 found;
	int		 rc;

	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	if (phone_normalize(c->text, r->mx->country, e164, &why) == -1)
		return words_printf(r->reply, NULL, "mail.cmd_number_bad",
		    c->text, why);
	if ((rc = number_barred(r, e164)) != 0)
		return rc == 1 ? 0 : -1;
	found = person_find(r->db, e164, r->mx->country, &other);
	if (found == OUT_FAILED)
		return -1;
	if (found != OUT_NOTFOUND)
		return words_printf(r->reply, NULL, found == OUT_OK &&
		    other == t.person ? "mail.cmd_number_has" :
		    "mail.cmd_number_taken", e164, t.label);
	rc = -1;
	if (person_load(r->db, t.person, &p) == -1 ||
	    strlist_add(&p.phones, e164) == -1 || person_save(r->db, &p) == -1)
		goto out;
	rc = words_printf(r->reply, NULL, "mail.cmd_number_added", e164,
	    t.label);
out:
	person_clear(&p);
	return rc;
}

/* The names of the coach's squads, ", " between them, into out. */
static int
squads_mine(struct cmd_run *r, struct buf *out)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;

	st = db_query(r->db, STMT_PLAN_SQUADS, "i", r->coach);
	while ((rc = db_row(r->db, st)) == OUT_ROW)
		buf_printf(out, "%s%s", out->len ? ", " : "", db_text(st, 1));
	buf_puts(out, "");
	return rc == OUT_FAILED || buf_failed(out) ? -1 : 0;
}

/*
 * The squad of the coach's called name (any case) into *id and label;
 * with name NULL, the coach's only squad.  Returns 0, 1 when refused
 * (why said in the reply, with the squads they have: what of a
 * "Juniors" that is "Junior Women"), or -1.
 */
static int
squad_mine(struct cmd_run *r, const char *name, int64_t *id,
    char label[128])
{
	struct buf	 all = { 0 };
	sqlite3_stmt	*st;
	enum outcome	 rc;
	int		 n = 0;

	if (name != NULL) {
		st = db_query(r->db, STMT_CMD_SQUAD, "it", r->coach, name);
		if ((rc = db_row(r->db, st)) == OUT_FAILED)
			return -1;
		if (rc == OUT_ROW) {
			*id = sqlite3_column_int64(st, 0);
			snprintf(label, 128, "%s", db_text(st, 1));
			n = sqlite3_column_int(st, 2);
			sqlite3_reset(st);
			if (n)
				return 0;
			return words_printf(r->reply, NULL,
			    "mail.cmd_not_your_squad", label) == -1 ? -1 : 1;
		}
	} else {
		st = db_query(r->db, STMT_PLAN_SQUADS, "i", r->coach);
		while ((rc = db_row(r->db, st)) == OUT_ROW)
			if (n++ == 0) {
				*id = sqlite3_column_int64(st, 0);
				snprintf(label, 128, "%s", db_text(st, 1));
			}
		if (rc == OUT_FAILED)
			return -1;
		if (n == 1)
			return 0;
	}
	if (squads_mine(r, &all) == -1)
		rc = OUT_FAILED;
	else if (name != NULL)
		rc = words_printf(r->reply, NULL, "mail.cmd_squad_none", name,
		    all.data);
	else if (n == 0)
		rc = buf_puts(r->reply, words_get(NULL,
		    "mail.cmd_squad_nothing"));
	else
		rc = words_printf(r->reply, NULL, "mail.cmd_squad_which", n,
		    all.data);
	buf_free(&all);
	return rc == -1 ? -1 : 1;
}

/*
 * Whether key (add's number or address) is someone's on the roster:
 * refused and said, the someone named only when they are the coach's;
 * a removed athlete of e's very name is taken back (e->back) by a head
 * coach, as the line remove answers with says.  Returns 0, 1 when
 * refused, or -1.
 */
static int
add_taken(struct cmd_run *r, struct enrol *e, const char *key)
{
	struct person	 p = { 0 };
	enum outcome	 found;
	int64_t		 id;
	int		 rc = -1, mine = 0;

	if ((found = person_find(r->db, key, r->mx->country, &id)) ==
	    OUT_NOTFOUND)
		return 0;
	if (found == OUT_FAILED || (found == OUT_OK &&
	    person_load(r->db, id, &p) == -1))
		goto out;
	if (found == OUT_OK && !p.active && e->head &&
	    p.role == ROLE_ATHLETE && strcasecmp(p.name, e->name) == 0 &&
	    (e->back == 0 || e->back == id)) {
		e->back = id;
		rc = 0;
		goto out;
	}
	if (found == OUT_OK && p.active && (mine = person_coaches(r->db, r->coach, id)) == -1)
		goto out;
	rc = words_printf(r->reply, NULL, mine ? "mail.cmd_add_has" :
	    "mail.cmd_number_taken", key, mine ? p.name : e->name,
	    p.handle) == -1 ? -1 : 1;
out:
	person_clear(&p);
	return rc;
}

/*
 * Whether e is someone the roster has: its number or address
 * (add_taken()), or an athlete of the coach's by its name, whom the
 * answer says how to give the number to instead.  Returns 0, 1 when
 * refused, or -1.
 */
static int
add_known(struct cmd_run *r, struct enrol *e)
{
	struct person	 p = { 0 };
	enum outcome	 found;
	int64_t		 id;
	int		 rc, mine;

	if ((e->phone != NULL && (rc = add_taken(r, e, e->phone)) != 0) ||
	    (e->email != NULL && (rc = add_taken(r, e, e->email)) != 0))
		return rc;
	if (e->back != 0)
		return 0;
	/* "add Jack ..." a second time: a number for the first, surely */
	if ((found = person_find(r->db, e->name, r->mx->country,
	    &id)) == OUT_FAILED)
		return -1;
	if (found != OUT_OK || (mine = person_coaches(r->db, r->coach, id)) == 0)
		return 0;
	rc = -1;
	if (mine == 1 && person_load(r->db, id, &p) == 0)
		rc = !p.active ? 0 : words_printf(r->reply, NULL,
		    "mail.cmd_add_same_name", p.name, p.handle, p.handle,
		    e->phone != NULL ? e->phone : e->email) == -1 ? -1 : 1;
	person_clear(&p);
	return rc;
}

/*
 * "add NAME NUMBER [EMAIL] [SQUAD]": a new athlete in a squad of the
 * coach's (with none named, their only one), invited (enrol.c).
 */
static int
act_add(struct cmd_run *r, const struct cmd_line *c)
{
	struct enrol	 e = { .db = r->db, .conf = r->mx->ws->conf,
	    .coach = r->coach, .head = r->head, .name = c->who };
	char		 e164[PHONE_MAX], squad[128] = "";
	const char	*why;
	int64_t		 id;
	int		 rc;

	if ((rc = squad_mine(r, c->squad, &id, squad)) != 0)
		return rc == 1 ? 0 : -1;
	e.squad = squad;
	if (c->text != NULL && phone_normalize(c->text, r->mx->country, e164,
	    &why) == -1)
		return words_printf(r->reply, NULL, "mail.cmd_number_bad",
		    c->text, why);
	if (c->text != NULL && (rc = number_barred(r, e164)) != 0)
		return rc == 1 ? 0 : -1;
	e.phone = c->text != NULL ? e164 : NULL;
	if (c->email != NULL && !email_valid(c->email))
		return words_printf(r->reply, NULL, "mail.cmd_email_bad",
		    c->email);
	e.email = c->email;
	if ((rc = add_known(r, &e)) != 0)
		return rc == 1 ? 0 : -1;
	return enrol_add(&e, r->reply);
}

/*
 * "move WHO [to] SQUAD": the squad is the longest end of the line that
 * names one ("move Ben to Junior Women"), the athlete what comes
 * before it, a "to" between left out.
 */
static int
act_move(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	struct buf	 all = { 0 };
	sqlite3_stmt	*st;
	enum outcome	 row = OUT_OK;
	char		*who, *p, label[128] = "";
	size_t		 n;
	int64_t		 id;
	int		 rc = -1;

	if ((who = xstrdup(c->text)) == NULL)
		return -1;
	for (p = who + strcspn(who, " \t"); *p != '\0';
	    p += strcspn(p, " \t")) {
		p += strspn(p, " \t");
		st = db_query(r->db, STMT_CMD_SQUAD, "it", r->coach, p);
		if ((row = db_row(r->db, st)) == OUT_FAILED)
			goto out;
		if (row == OUT_ROW) {
			sqlite3_reset(st);
			break;
		}
	}
	if (row != OUT_ROW) {
		if (squads_mine(r, &all) == 0)
			rc = words_printf(r->reply, NULL,
			    "mail.cmd_move_no_squad", all.data);
		goto out;
	}
	p[-1] = '\0';	/* the blank before the squad */
	if ((rc = squad_mine(r, p, &id, label)) != 0)
		goto out;
	/* "Ben to": the word before the squad is no part of the name */
	p = trim(who);
	for (n = strlen(p); n > 0 && !isspace((unsigned char)p[n - 1]); n--)
		continue;
	if (n > 0 && command_word(p + n, strlen(p + n), "kw.into"))
		p[n] = '\0';
	if ((rc = command_person(r, trim(p), &t)) == 0)
		rc = enrol_move(r->db, r->coach, t.person, label, r->reply);
out:
	buf_free(&all);
	free(who);
	return rc == 1 ? 0 : rc;
}

/* "remove WHO": an athlete off the roster, by a head coach (enrol.c). */
static int
act_remove(struct cmd_run *r, const struct cmd_line *c)
{
	struct cmd_target	 t;
	int		 rc;

	if (!r->head)
		return buf_puts(r->reply, words_get(NULL,
		    "mail.cmd_remove_head"));
	if ((rc = command_target(r, c, &t)) != 0)
		return rc == 1 ? 0 : -1;
	return enrol_remove(r->db, t.person, r->reply);
}

/*
 * Whether the word s (n bytes) is a piece of a phone number: digits and
 * what numbers are written with ("+44", "(0)7700", "900-141").
 */
static int
phone_piece(const char *s, size_t n)
{
	size_t	 i, digits = 0;

	for (i = 0; i < n; i++)
		if (isdigit((unsigned char)s[i]))
			digits++;
		else if (strchr("+()-./", s[i]) == NULL)
			return 0;
	return digits > 0;
}

/*
 * Whether the word s (n bytes) is meant as an email address: an '@'
 * after its first letter (an @handle starts with it), checked when
 * acted on.
 */
static int
address_piece(const char *s, size_t n)
{
	return n > 1 && memchr(s + 1, '@', n - 1) != NULL;
}

/*
 * Cuts a ("WHO NUMBER", trimmed, writable) where the number's pieces
 * start, into *number.  0, or -1 when no number follows a who.
 */
static int
split_number(char *a, char **number)
{
	char	*p = a, *start = NULL;
	size_t	 n;

	while (*p != '\0') {
		n = strcspn(p, " \t");
		if (!phone_piece(p, n))
			start = NULL;
		else if (start == NULL)
			start = p;
		p += n;
		p += strspn(p, " \t");
	}
	if (start == NULL || start == a)
		return -1;
	start[-1] = '\0';	/* the blank before it */
	*number = start;
	return 0;
}

/*
 * add's words (a, trimmed, writable): the name up to a number or an
 * address, the number's pieces and an address in either order, then
 * the squad (after "to" or "in" when written so), commas as blanks.
 * Into c->who, c->text (NULL: no number), c->email, c->squad (NULL:
 * not said).  0, or -1 when there is no name or neither a number nor
 * an address.
 */
static int
read_add(char *a, struct cmd_line *c)
{
	struct buf	 num = { 0 };
	char		*p;
	size_t		 n;

	for (p = a; *p != '\0'; p++)
		if (*p == ',' || *p == ';')
			*p = ' ';
	a = trim(a);
	for (p = a; *p != '\0'; p += strspn(p, " \t")) {
		n = strcspn(p, " \t");
		if (phone_piece(p, n) || address_piece(p, n))
			break;
		p += n;
	}
	if (p == a || *p == '\0')
		return -1;
	p[-1] = '\0';
	if ((c->who = xstrdup(trim(a))) == NULL || *c->who == '\0')
		return -1;
	for (; *p != '\0'; p += strspn(p, " \t")) {
		n = strcspn(p, " \t");
		if (phone_piece(p, n))
			buf_printf(&num, "%s%.*s", num.len ? " " : "", (int)n, p);
		else if (address_piece(p, n) && c->email == NULL) {
			if ((c->email = command_trimmed(p, n)) == NULL)
				break;
		} else
			break;
		p += n;
	}
	n = strcspn(p, " \t");
	if (n > 0 && p[n] != '\0' && command_word(p, n, "kw.into"))
		p = trim(p + n);
	if ((*p != '\0' && (c->squad = xstrdup(p)) == NULL) ||
	    buf_failed(&num) || (num.len > 0 &&
	    (c->text = buf_steal(&num)) == NULL)) {
		buf_free(&num);
		return -1;
	}
	return c->text != NULL || c->email != NULL ? 0 : -1;
}

/*
 * number's words: "number Poppy Adams 07700 900141", the athlete as
 * every command names one, then the number's pieces.
 */
static int
read_number(char *a, struct cmd_line *c)
{
	char	*p;

	if (split_number(a, &p) == -1 || (c->text = xstrdup(p)) == NULL)
		return -1;
	return command_read_athlete(trim(a), c);
}

/* move's words: the squad is found from the end when acted on. */
static int
read_move(char *a, struct cmd_line *c)
{
	if (strpbrk(a, " \t") == NULL)
		return -1;
	return (c->text = xstrdup(a)) == NULL ? -1 : 0;
}

static const struct cmd_def command_roster[] = {
	{ CMD_INVITE, "kw.invite", command_read_athlete, act_invite,
	    "mail.cmd_how_handle", NULL, 0 },
	{ CMD_NUMBER, "kw.number", read_number, act_number,
	    "mail.cmd_how_number", NULL, CMD_HOW_NUMBER },
	{ CMD_ADD, "kw.add", read_add, act_add, "mail.cmd_how_add", NULL,
	    CMD_HOW_NUMBER },
	{ CMD_MOVE, "kw.move", read_move, act_move, "mail.cmd_how_move",
	    NULL, 0 },
	{ CMD_REMOVE, "kw.remove", command_read_athlete, act_remove,
	    "mail.cmd_how_handle", NULL, 0 },
	{ .kw = NULL }
};
CMD_FAMILY(command_roster, 300);
