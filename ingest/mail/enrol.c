/*
 * enrol.c - the roster a coach keeps by email (DESIGN.md §4
 * "A coach's email"): an athlete added to a squad and invited, moved
 * to another squad, or removed, each answered with what was done and
 * the line that undoes it.  command.c reads the lines and resolves whom and
 * which squad they name, within the coach's reach; what a person is
 * and how one is stored stays lib/person.c's, the invitation
 * lib/account.c's, as cox roster add, cox invite and cox roster remove
 * do them from a shell.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

/*
 * The invitation to set a password an athlete just added (or taken
 * back) gets, as "invite @h" queues one; its page asks for their
 * consent where [privacy] consent = required, which the answer says.
 * Returns 0 or -1.
 */
static int
enrol_invite(const struct enrol *e, const struct person *p,
    struct buf *reply)
{
	const char	*consent = config_get(e->conf, "privacy", "consent");
	struct invite_run ir = { .db = e->db, .by = e->coach,
	    .club = config_get(e->conf, "team", "name"),
	    .base = workspace_base_url(e->conf) };

	if (ir.base == NULL)	/* its link would lead nowhere */
		return buf_puts(reply, words_get(NULL,
		    "mail.cmd_added_nosite"));
	if (config_long(e->conf, "accounts", "invite_days", 7, 1, 90,
	    &ir.days) == -1)
		ir.days = 7;
	if (invite_queue(&ir, p->id) == -1)
		return -1;
	if (ir.registered > 0)	/* taken back, their password still set */
		return 0;
	if (ir.queued == 0)
		return words_printf(reply, NULL, "mail.cmd_invite_unreached",
		    p->name);
	words_printf(reply, NULL, "mail.cmd_added_invited", words_get(NULL,
	    p->email != NULL ? "mail.cmd_by_email" : "mail.cmd_by_text"));
	if (consent != NULL && strcmp(consent, "required") == 0)
		buf_puts(reply, words_get(NULL, "mail.cmd_added_consent"));
	return buf_failed(reply) ? -1 : 0;
}

/*
 * Adds the athlete e describes to e->squad, or takes back the removed
 * athlete e->back (their history kept) into it, in the caller's
 * transaction, and invites them.  Returns 0 or -1.
 */
int
enrol_add(const struct enrol *e, struct buf *reply)
{
	struct person	 p = { .role = ROLE_ATHLETE };
	size_t		 i;
	int		 rc = -1;

	if (e->back != 0 && person_load(e->db, e->back, &p) == -1)
		goto out;
	if (e->back == 0 && (p.name = xstrdup(e->name)) == NULL)
		goto out;
	p.active = 1;
	if (e->email != NULL && p.email == NULL &&
	    (p.email = xstrdup(e->email)) == NULL)
		goto out;
	for (i = 0; e->phone != NULL && i < p.phones.n &&
	    strcmp(p.phones.v[i], e->phone) != 0; i++)
		continue;
	if (e->phone != NULL && i == p.phones.n &&
	    strlist_add(&p.phones, e->phone) == -1)
		goto out;
	strlist_free(&p.squads);
	if (strlist_add(&p.squads, e->squad) == -1 ||
	    person_save(e->db, &p) == -1)
		goto out;
	words_printf(reply, NULL, e->back ? "mail.cmd_readded" :
	    "mail.cmd_added", p.name, p.handle, e->squad, e->phone != NULL ?
	    e->phone : e->email);
	if (enrol_invite(e, &p, reply) == -1)
		goto out;
	/* a name guessed wrong, a number mistyped: one line takes it back */
	if (e->head)
		words_printf(reply, NULL, "mail.cmd_added_undo", p.handle);
	rc = buf_failed(reply) ? -1 : 0;
out:
	person_clear(&p);
	return rc;
}

/*
 * Athlete into squad (its name, as stored), out of those of theirs
 * coach has (a head coach: all of them); another coach's squads they
 * are in stay.  The answer names the squads they left, and how to move
 * them back when that was one.  In the caller's transaction; 0 or -1.
 */
int
enrol_move(struct db *db, int64_t coach, int64_t athlete, const char *squad,
    struct buf *reply)
{
	struct person	 p = { 0 };
	struct strlist	 kept = { 0 }, left = { 0 };
	struct buf	 from = { 0 };
	sqlite3_stmt	*st;
	enum outcome	 row;
	size_t		 i;
	int		 rc = -1, mine, there = 0;

	if (person_load(db, athlete, &p) == -1)
		goto out;
	for (i = 0; i < p.squads.n; i++) {
		st = db_query(db, STMT_CMD_SQUAD, "it", coach, p.squads.v[i]);
		if ((row = db_row(db, st)) == OUT_FAILED)
			goto out;
		mine = row == OUT_ROW && sqlite3_column_int(st, 2);
		if (row == OUT_ROW)
			sqlite3_reset(st);
		there |= strcasecmp(p.squads.v[i], squad) == 0;
		if (strlist_add(mine && strcasecmp(p.squads.v[i], squad) ?
		    &left : &kept, p.squads.v[i]) == -1)
			goto out;
	}
	if (there && left.n == 0) {
		rc = words_printf(reply, NULL, "mail.cmd_move_same", p.name,
		    squad);
		goto out;
	}
	if (!there && strlist_add(&kept, squad) == -1)
		goto out;
	strlist_free(&p.squads);
	p.squads = kept;
	memset(&kept, 0, sizeof(kept));
	if (person_save(db, &p) == -1)
		goto out;
	for (i = 0; i < left.n; i++)
		buf_printf(&from, "%s%s", i ? ", " : "", left.v[i]);
	words_printf(reply, NULL, "mail.cmd_moved", p.name, p.handle,
	    left.n ? from.data : words_get(NULL, "mail.cmd_moved_none"),
	    squad);
	if (left.n == 1)
		words_printf(reply, NULL, "mail.cmd_moved_undo", p.handle,
		    left.v[0]);
	rc = buf_failed(reply) || buf_failed(&from) ? -1 : 0;
out:
	buf_free(&from);
	strlist_free(&kept);
	strlist_free(&left);
	person_clear(&p);
	return rc;
}

/*
 * Athlete off the roster, as cox roster remove takes them: their
 * history kept, their keys revoked, so that their page opens nothing
 * from the next build on.  The answer gives the add line that takes
 * them back.  In the caller's transaction; 0 or -1.
 */
int
enrol_remove(struct db *db, int64_t athlete, struct buf *reply)
{
	struct person	 p = { 0 };
	int		 rc = -1;

	if (person_load(db, athlete, &p) == -1)
		goto out;
	if (!p.active) {
		rc = words_printf(reply, NULL, "mail.cmd_remove_already", p.name,
		    p.handle);
		goto out;
	}
	if (person_deactivate(db, athlete) == -1 ||
	    person_revoke(db, &p) == -1)
		goto out;
	words_printf(reply, NULL, "mail.cmd_removed", p.name, p.handle);
	if (p.phones.n > 0 || p.email != NULL)
		words_printf(reply, NULL, "mail.cmd_removed_undo", p.name,
		    p.phones.n > 0 ? p.phones.v[0] : p.email,
		    p.squads.n > 0 ? " " : "", p.squads.n > 0 ?
		    p.squads.v[0] : "");
	rc = buf_failed(reply) ? -1 : 0;
out:
	person_clear(&p);
	return rc;
}
