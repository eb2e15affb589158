/*
 * guardian.c - a text from a number the roster has as a minor's
 * guardian's (person.guardian_phone) and as nobody's own: the guardian
 * gets copies of what coaches write to the athlete (lib/message.c), and
 * may answer.
 *
 * STOP and START stop and restart the copies to that number, for every
 * athlete it is the guardian of, the athletes' own texts as they were
 * (person_guardian_optout()); HELP says what the number gets and how
 * to stop it.  Anything else goes to the athletes' coaches by email as
 * a note from their guardian (thread_forward(), "guardian"), and a
 * coach's reply to that email goes back to the guardian (thread.c).
 * reply_text() (reply.c) asks this once the text is stored, in the
 * batch's transaction; the text is kept under the first athlete, kind
 * 'guardian', so that it goes with them when they are erased, and is
 * read as theirs by nothing that counts an athlete's own answers.
 */
#include <stdlib.h>
#include <string.h>

#include "text.h"

/*
 * The athletes of ids (n of them), loaded into a (n of them, cleared by
 * the caller), and their names, "Jane Doe, Tom Doe", into names.
 * Returns 0 or -1.
 */
static int
wards_load(struct db *db, const int64_t *ids, size_t n, struct person *a,
    struct buf *names)
{
	size_t	 i;

	for (i = 0; i < n; i++) {
		if (person_load_row(db, ids[i], &a[i]) == -1)
			return -1;
		if (i > 0)
			buf_puts(names, words_get(NULL, "gen.list_sep"));
		buf_puts(names, a[i].name);
	}
	return buf_failed(names) ? -1 : 0;
}

/*
 * The guardian's words, body (their text msg), to the coaches of each
 * athlete of a (n of them), each coach's email naming their athlete;
 * the reply says they went, or, when notes go by email to nobody
 * (r->forward off), that this number passes nothing on.
 */
static int
guardian_note(const struct reply_ctx *r, const struct person *a, size_t n,
    int64_t msg, const char *body, const char *names, struct buf *reply)
{
	size_t	 i;

	if (!r->forward)
		return buf_puts(reply, words_get(NULL, "sms.guardian_unsent"));
	for (i = 0; i < n; i++)
		if (thread_pass_on(r->db, r->each, &a[i], msg, "guardian",
		    body) == -1)
			return -1;
	return words_printf(reply, NULL, "sms.guardian_note", names);
}

/* STOP, START: the copies to number stop or start, for every athlete. */
static int
guardian_stop(const struct reply_ctx *r, const char *number,
    const struct sms_cmd *cmd, const char *names, struct buf *reply)
{
	if (person_guardian_optout(r->db, number, cmd->kind == SMS_STOP) == -1)
		return -1;
	return words_printf(reply, NULL, cmd->kind == SMS_STOP ?
	    "sms.guardian_stop" : "sms.guardian_start", names);
}

/* HELP: what the number gets, and how to stop it. */
static int
guardian_help(const struct reply_ctx *r, const char *number,
    const struct sms_cmd *cmd, const char *names, struct buf *reply)
{
	return words_printf(reply, NULL, "sms.guardian_help", names);
}

/* The kinds of text a guardian's number acts on; any other is a note. */
static const struct {
	enum sms_kind	 kind;
	int		(*act)(const struct reply_ctx *, const char *number,
			    const struct sms_cmd *, const char *names,
			    struct buf *reply);
} acts[] = {
	{ SMS_STOP, guardian_stop },
	{ SMS_START, guardian_stop },
	{ SMS_HELP, guardian_help },
};

/*
 * Text msg (body, parsed as cmd) from number, the guardian's of the
 * athletes of ids (n of them, on the roster now): does what it asks
 * and writes the answer into reply.  OUT_OK, or OUT_FAILED on a
 * database error (the text is then tried again).
 */
enum outcome
guardian_text(const struct reply_ctx *r, const char *number,
    const int64_t *ids, size_t n, const struct sms_cmd *cmd, int64_t msg,
    const char *body, struct buf *reply)
{
	struct person	*a;
	struct buf	 names = { 0 };
	size_t		 i, k;
	int		 rc = -1;

	if ((a = calloc(n, sizeof(*a))) == NULL)
		return OUT_FAILED;
	if (wards_load(r->db, ids, n, a, &names) == -1)
		goto out;
	for (k = 0; k < sizeof(acts) / sizeof(acts[0]); k++)
		if (acts[k].kind == cmd->kind)
			break;
	if (k < sizeof(acts) / sizeof(acts[0]))
		rc = acts[k].act(r, number, cmd, names.data, reply);
	else
		rc = guardian_note(r, a, n, msg, body, names.data, reply);
out:
	for (i = 0; i < n; i++)
		person_clear(&a[i]);
	free(a);
	buf_free(&names);
	return rc == -1 ? OUT_FAILED : OUT_OK;
}
