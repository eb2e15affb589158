/*
 * intake_notify.c - the texts a coach's email sends athletes: the
 * prompt to answer the scores stored for them (not repeated word for
 * word within hours), a correction of a score they had answered, and
 * for the coach's reply who no text reaches, and why.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mail.h"

/*
 * the words of the latest prompt to athlete ?1 since ?2 that is on
 * its way or reached them, if they have texted nothing since it
 * (their guardian's texts are not theirs)
 */
STMT(STMT_NOTIFY_RECENT,
    "SELECT o.body FROM message o "
    "WHERE o.person_id = ?1 AND o.direction = 'out' "
    "AND o.kind = 'notify' AND o.created_at >= ?2 "
    "AND o.status IN ('queued', 'sending', 'sent', 'delivered', 'read') "
    "AND NOT EXISTS (SELECT 1 FROM message i WHERE i.person_id = ?1 "
    "AND i.direction = 'in' AND i.created_at >= o.created_at "
    "AND i.kind IS NOT 'guardian') "
    "ORDER BY o.created_at DESC, o.id DESC LIMIT 1");

/*
 * The prompt to an athlete: every metric waiting for their own score,
 * in the team's metric order (the page's, and the order scores alone
 * are read in), with its scale and an example reply, in one SMS when
 * it fits; a shorter form when it does not; in the athlete's language,
 * opening with the club's short name.
 */
static int
prompt_text(struct db *db, const struct metric_set *ms, int64_t athlete,
    struct buf *body)
{
	char		*waiting;
	const char	*was = person_reader(db, athlete);
	int		 n, rc = -1;

	if ((waiting = calloc(ms->n + 1, 1)) == NULL ||
	    (n = ratings_waiting(db, athlete, ms, waiting)) == -1)
		goto out;
	rc = n == 0 ? 0 :	/* answered already, by a text in between */
	    intake_prompt_compose(ms, waiting, body);
out:
	words_reader(was);
	free(waiting);
	return rc;
}

/*
 * The rating prompt for the metrics of ms that waiting marks (each
 * byte non-zero for one that waits; NULL: all of them), in the
 * reader's words, into body (emptied first): the first of its forms
 * that fits one text, opening with the club's short name.  Returns 0
 * or -1.
 */
int
intake_prompt_compose(const struct metric_set *ms, const char *waiting,
    struct buf *body)
{
	struct buf	 order = { 0 }, example = { 0 };
	char		*all = NULL;
	int		 rc = -1;

	if (waiting == NULL) {
		if ((all = malloc(ms->n + 1)) == NULL)
			return -1;
		memset(all, 1, ms->n);
		all[ms->n] = '\0';
		waiting = all;
	}
	metric_scales(ms, waiting, &order);
	metric_example(ms, waiting, 0, &example);
	if (buf_failed(&order) || buf_failed(&example))
		goto out;
	buf_reset(body);
	buf_puts(body, sms_lead());
	words_printf(body, NULL, "sms.prompt", order.data, example.data);
	if (!buf_failed(body) && sms_segments(body->data) > 1) {
		buf_reset(body);
		buf_puts(body, sms_lead());
		words_printf(body, NULL, "sms.prompt_short", order.data,
		    example.data);
	}
	if (!buf_failed(body) && sms_segments(body->data) > 1) {
		buf_reset(body);
		buf_puts(body, sms_lead());
		words_printf(body, NULL, "sms.prompt_shortest", order.data);
	}
	rc = buf_failed(body) ? -1 : 0;
out:
	free(all);
	buf_free(&order);
	buf_free(&example);
	return rc;
}

#define NOTIFY_QUIET	(6 * 3600)	/* a prompt not repeated within */

/*
 * Whether athlete's prompt body would only repeat, word for word, one
 * they were sent (or that waits in the outbox) in the last NOTIFY_QUIET
 * seconds and have not answered: a coach's second and third email of
 * an evening would text them the same words again, at the club's cost.
 * A prompt naming more that waits is sent; the reminders of remind.c
 * nudge later.  1: send nothing; 0: send body; -1 on a database error.
 */
static int
notify_repeats(struct db *db, int64_t athlete, const char *body)
{
	sqlite3_stmt	*st = db_query(db, STMT_NOTIFY_RECENT, "ii", athlete,
			    (int64_t)time(NULL) - NOTIFY_QUIET);
	int		 rc, same;

	if ((rc = db_row(db, st)) != OUT_ROW)
		return rc == OUT_OK ? 0 : -1;
	same = strcmp(db_text(st, 0), body) == 0;
	sqlite3_reset(st);
	return same;
}

/* "- NAME (why: no text reaches them, ...)" of athlete into out. */
static int
unreached_line(struct db *db, int64_t athlete, enum reach reach,
    struct buf *out)
{
	struct person	 p = { 0 };

	if (person_load_row(db, athlete, &p) == -1) {
		person_clear(&p);
		return -1;
	}
	buf_printf(out, "- %s", p.name);
	waiting_unreached(out, reach, p.guardian_name);
	buf_puts(out, "\n");
	person_clear(&p);
	return buf_failed(out) ? -1 : 0;
}

/*
 * One text per athlete with a new score (fresh[i] for r->v[i]; a
 * correction of a score they were texted about brings no new text):
 * which metrics wait for their answer, unless it would repeat the last
 * (notify_repeats()).  The texts are about email msg.  Each athlete
 * the text does not reach goes to unreached, a line to their coach
 * saying why ("- Jane Doe (no consent recorded yet: ...)"); *asked
 * counts those it reaches, or whom the same words reached already.
 */
int
intake_notify_athletes(struct db *db, const struct rm_result *r,
    const char *fresh, int64_t msg, struct buf *unreached, size_t *asked)
{
	struct metric_set ms = { 0 };
	struct message	 m = { .channel = CHANNEL_SMS, .kind = "notify",
	    .about = msg };
	struct buf	 body = { 0 };
	enum reach	 reach;
	size_t		 i, j;
	int		 rc = 0, k;

	if (metric_set_load(db, &ms) == -1)
		return -1;
	for (i = 0; i < r->n && rc == 0; i++) {
		for (j = 0; j < r->n; j++)
			if (r->v[j].athlete == r->v[i].athlete &&
			    (j < i || fresh[j]))
				break;
		/* texted already, or only corrections */
		if (j < i || j == r->n)
			continue;
		buf_reset(&body);
		m.person = r->v[i].athlete;
		/* out injured or ill: not asked (health.c) */
		if ((k = episode_askable(db, m.person)) != 1) {
			rc = k;
			continue;
		}
		if (prompt_text(db, &ms, m.person, &body) == -1) {
			rc = -1;
			break;
		}
		if (body.len == 0)
			continue;	/* answered already */
		if ((k = notify_repeats(db, m.person, body.data)) != 0) {
			rc = k == -1 ? -1 : 0;
			*asked += k == 1;
			continue;
		}
		m.body = body.data;
		/* those a text does not reach are never sent anything */
		if (message_queue(db, &m, &reach) != OUT_OK)
			rc = -1;
		else if (reach != REACH_YES)
			rc = unreached_line(db, m.person, reach, unreached);
		else
			(*asked)++;
	}
	buf_free(&body);
	metric_set_free(&ms);
	return rc;
}

/*
 * Tells the athlete of r->v[first] of the corrections told[] marks 3,
 * of scores they had answered, with any of the evening not sent yet
 * (correction_tell()); then marks told[] of theirs 1 where the text
 * names the score (rating[] the rows of r->v[]), 2 where it would but
 * does not reach them, else 0.  Returns 0 or -1.
 */
int
intake_notify_corrected(struct db *db, const struct rm_result *r, size_t first,
    char *told, const int64_t *rating, int64_t msg)
{
	struct correction c;
	size_t		 j, k;
	int64_t		 athlete = r->v[first].athlete;

	if (correction_tell(db, athlete, msg, &c) == -1)
		return -1;
	for (j = first; j < r->n; j++) {
		if (r->v[j].athlete != athlete)
			continue;
		for (k = 0; k < c.n && c.ratings[k] != rating[j]; k++)
			continue;
		told[j] = k == c.n ? 0 : c.reach == REACH_YES ? 1 : 2;
	}
	free(c.ratings);
	return 0;
}
