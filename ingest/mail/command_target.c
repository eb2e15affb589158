/*
 * command_target.c - whom a coach's command names, found: an athlete
 * of the coach's by @handle, address, number or name (as a rating line
 * names one), a squad of theirs, or everyone they command.  A coach
 * commands the people of their squads, a head coach everyone; whoever
 * is not theirs is answered alike, as written, so that a reply tells
 * nobody who else is on the roster.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "command.h"

/*
 * Whom who names among the athletes the coach commands: a handle, an
 * address, a number or a whole name, else as a rating line is read
 * ("theo", without the accents a phone's keyboard leaves out, a name
 * two people share of whom one is theirs).  OUT_OK with *id,
 * OUT_AMBIGUOUS (several of theirs), OUT_BADINPUT (someone who is no
 * athlete: a coach), OUT_NOTFOUND (none of theirs, whether or not
 * anyone else is so called), or OUT_FAILED.
 */
static enum outcome
whom(struct cmd_run *r, const char *who, int64_t *id)
{
	struct person	 p = { 0 };
	enum outcome	 rc;
	int		 role, mine;

	rc = person_find(r->db, who, r->mx->country, id);
	if (rc == OUT_OK) {
		if (person_load(r->db, *id, &p) == -1) {
			person_clear(&p);
			return OUT_FAILED;
		}
		role = p.role;
		person_clear(&p);
		/* a coach's number or account is no command's to touch */
		if (role != ROLE_ATHLETE)
			return OUT_BADINPUT;
		if ((mine = person_coaches(r->db, r->coach, *id)) == -1)
			return OUT_FAILED;
		if (mine)
			return OUT_OK;
		rc = OUT_NOTFOUND;
	}
	if (rc == OUT_FAILED || who[0] == '@')
		return rc;
	if (r->mx->index == NULL &&
	    (r->mx->index = ratemail_index(r->db)) == NULL)
		return OUT_FAILED;
	return ratemail_who(r->db, r->mx->index, r->coach, who, id);
}

/*
 * Resolves who (@handle, a name) into t->person, when coach commands
 * them.  Whoever is not theirs (of another squad, on no roster,
 * misspelt) is answered alike, as written: the reply tells nobody
 * whether anyone else is on the roster, nor their name.  Returns 0, 1
 * when refused (the reason in the reply), or -1.
 */
int
command_person(struct cmd_run *r, const char *who, struct cmd_target *t)
{
	struct person	 p = { 0 };
	const char	*why;

	switch (whom(r, who, &t->person)) {
	case OUT_OK:
		break;
	case OUT_FAILED:
		return -1;
	case OUT_AMBIGUOUS:
		why = "mail.cmd_several";
		goto refused;
	case OUT_BADINPUT:
		why = "mail.cmd_not_athlete";
		goto refused;
	default:
		why = "mail.cmd_not_yours";
		goto refused;
	}
	if (person_load(r->db, t->person, &p) == -1) {
		person_clear(&p);
		return -1;
	}
	snprintf(t->label, sizeof(t->label), "%s", p.name);
	person_clear(&p);
	return 0;
refused:
	return words_printf(r->reply, NULL, why, who) == -1 ? -1 : 1;
}

/*
 * Resolves what c names ("@handle", a squad's name, "all") into t,
 * within the coach's bounds.  Returns 0, 1 when refused (the reason in
 * the reply), or -1.
 */
int
command_target(struct cmd_run *r, const struct cmd_line *c,
    struct cmd_target *t)
{
	sqlite3_stmt	*st;
	enum outcome	 rc;
	int64_t		 id;
	int		 mine;

	memset(t, 0, sizeof(*t));
	if (c->all || c->who == NULL) {
		snprintf(t->label, sizeof(t->label), "%s", words_get(NULL,
		    "mail.cmd_everyone"));
		return 0;
	}
	if (c->who[0] == '@' || c->person)
		return command_person(r, c->who, t);
	st = db_query(r->db, STMT_CMD_SQUAD, "it", r->coach, c->who);
	if ((rc = db_row(r->db, st)) == OUT_FAILED)
		return -1;
	if (rc != OUT_ROW) {
		/* "remind Emily Clarke": a name, or a handle without '@';
		 * "send José: ...", as a rating line names him */
		if ((rc = whom(r, c->who, &id)) == OUT_FAILED)
			return -1;
		if (rc != OUT_NOTFOUND)
			return command_person(r, c->who, t);
		return words_printf(r->reply, NULL, "mail.cmd_no_squad",
		    c->who) == -1 ? -1 : 1;
	}
	t->squad = sqlite3_column_int64(st, 0);
	snprintf(t->label, sizeof(t->label), "%s", db_text(st, 1));
	mine = sqlite3_column_int(st, 2);
	sqlite3_reset(st);
	if (!mine)
		return words_printf(r->reply, NULL, "mail.cmd_not_your_squad",
		    t->label) == -1 ? -1 : 1;
	return 0;
}
