/*
 * ostrc.c - the OSTRC-H2 by text (DESIGN.md §4 "An athlete's text"):
 * the weekly question, and the answers to it and to the four questions
 * about each problem, one short text each.  lib/health.c scores and
 * keeps them; this file knows what a text says and what it is told.
 *
 *	cox: Any injury, illness or other health problem this week? ...
 *	athlete: no				nothing this week
 *	athlete: injury knee, sore lower back	an injury, by body area
 *	athlete: ill, cold, flu			an illness
 *	cox: Knee injury, 1 of 4: ... Reply 1-4.
 *	athlete: 3				one digit a question
 *
 * After the fourth answer the athlete is asked for another problem, as
 * the H2 asks about each.  A text that is none of these (a rating, a
 * check-in) is left to the reply rules (reply.c), so a pending question
 * never swallows anything else.  An answer that says the athlete's
 * participation was reduced or stopped opens an episode (health.c).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "shared.h"

/* The word of a text at *p, lower case, into w; *p moves past it. */
static int
next_word(const char **p, char *w, size_t size)
{
	size_t	 n;

	*p += strspn(*p, " \t\r\n,.;:!?-/()'\"");
	n = strcspn(*p, " \t\r\n,.;:!?-/()'\"");
	if (n == 0)
		return 0;
	snprintf(w, size, "%.*s", (int)n, *p);
	*p += n;
	return 1;
}

/*
 * What body says to the gatekeeper question: "none", "injury" (with
 * its area into area), "illness", "yes" (a problem, not which), or
 * NULL when it answers something else.  The answer is words: a text
 * with a number in it is a rating, a check-in or an effort ("sore 2
 * legs heavy", "8 7 knee fine now"), whatever body area it names, and
 * taken for an injury it would be lost to the reply rules (an
 * "injured" or "sick" text among them opens its episode there).
 */
static const char *
gate_read(const char *body, char area[HEALTH_AREA_MAX])
{
	const char	*p = body;
	char		 w[32];
	int		 first = 1, injury = 0, illness = 0, yes = 0;

	area[0] = '\0';
	if (strpbrk(body, "0123456789") != NULL)
		return NULL;
	health_area_read(body, area, HEALTH_AREA_MAX);
	while (next_word(&p, w, sizeof(w))) {
		if (first && words_is("kw.ostrc_no", w))
			return "none";
		if (first && words_is("kw.ostrc_yes", w))
			yes = 1;
		if (words_is("kw.injured", w) || words_is("kw.ostrc_injury", w))
			injury = 1;
		if (words_is("kw.sick", w) || words_is("kw.ostrc_illness", w))
			illness = 1;
		first = 0;
	}
	if (injury || area[0] != '\0')
		return "injury";
	if (illness)
		return "illness";
	return yes ? "yes" : NULL;
}

/* The one digit body is ("3", " 3. "), or -1. */
static int
digit_read(const char *body)
{
	const char	*p = body + strspn(body, " \t\r\n");
	int		 d;

	if (!isdigit((unsigned char)p[0]))
		return -1;
	d = p[0] - '0';
	p++;
	p += strspn(p, " \t\r\n.!");
	return *p == '\0' ? d : -1;
}

/* Question q (1-4) about the problem of h, into reply. */
static void
ask(const struct health_question *h, int q, struct buf *reply)
{
	static const char *const names[] = { "sms.ostrc_q1", "sms.ostrc_q2",
	    "sms.ostrc_q3", "sms.ostrc_q4" };
	struct buf	 what = { 0 };

	if (q == 1) {
		health_problem_words(h->problem, h->area, &what);
		words_printf(reply, NULL, names[0], what.data ? what.data : "");
		buf_free(&what);
		return;
	}
	buf_puts(reply, words_get(NULL, names[q - 1]));
}

/*
 * Opens an episode when the answer to Q1 (option) says the athlete's
 * participation was reduced (modified training) or stopped (out).
 */
static int
maybe_open(struct db *db, int64_t athlete, const struct health_question *h,
    int option, time_t now)
{
	if (option < 3)
		return 0;
	return episode_open(db, athlete, h->problem, h->area,
	    option == 4 ? "out" : "modified", "ostrc", now) == -1 ? -1 : 0;
}

/*
 * The answer a digit gives to question h->question of h, for athlete.
 * Returns OUT_OK (answered, reply written) or OUT_FAILED.
 */
static enum outcome
answer(struct db *db, int64_t athlete, struct health_question *h, int d,
    time_t now, struct buf *reply)
{
	struct ostrc_result	 res;
	int			 q = h->question;

	if (d < 1 || d > ostrc_options(q)) {
		words_printf(reply, NULL, "sms.ostrc_digit", ostrc_options(q));
		return OUT_OK;
	}
	if (health_answer(db, h, q, d, now, &res) == -1)
		return OUT_FAILED;
	if (q == 1 && maybe_open(db, athlete, h, d, now) == -1)
		return OUT_FAILED;
	if (q < OSTRC_QUESTIONS) {
		ask(h, q + 1, reply);
		return OUT_OK;
	}
	/* the H2 asks about every problem: another, for the same week */
	if (health_ask(db, athlete, h->week, now) == -1)
		return OUT_FAILED;
	words_printf(reply, NULL, "sms.ostrc_done", res.severity);
	return OUT_OK;
}

/*
 * A text body from athlete read as an answer to the health question
 * they have pending, inside the caller's transaction at now: OUT_OK
 * when it was one (stored, and the next question or thanks in reply),
 * OUT_NOTFOUND when it is no answer (nothing pending, or the text says
 * something else: the reply rules read it), OUT_FAILED.
 */
enum outcome
ostrc_text(struct db *db, int64_t athlete, const char *body, time_t now,
    struct buf *reply)
{
	struct health_question	 h;
	enum outcome		 rc;
	const char		*said;
	char			 area[HEALTH_AREA_MAX];
	int			 d;

	if ((rc = health_pending(db, athlete, now, &h)) != OUT_ROW)
		return rc == OUT_OK ? OUT_NOTFOUND : rc;
	if (h.question > 0) {
		if ((d = digit_read(body)) == -1)
			return OUT_NOTFOUND;
		return answer(db, athlete, &h, d, now, reply);
	}
	if ((said = gate_read(body, area)) == NULL)
		return OUT_NOTFOUND;
	if (strcmp(said, "yes") == 0) {
		buf_puts(reply, words_get(NULL, "sms.ostrc_which"));
		return OUT_OK;
	}
	if (health_problem(db, h.id, said, strcmp(said, "injury") == 0 ?
	    area : "", now) == -1)
		return OUT_FAILED;
	if (strcmp(said, "none") == 0) {
		/* a first "no" records the week; one after a problem ends it */
		buf_puts(reply, words_get(NULL, health_answered(db, athlete,
		    h.week, h.id) ? "sms.ostrc_no_more" : "sms.ostrc_none"));
		return OUT_OK;
	}
	snprintf(h.problem, sizeof(h.problem), "%s", said);
	snprintf(h.area, sizeof(h.area), "%s", strcmp(said, "injury") == 0 ?
	    area : "");
	ask(&h, 1, reply);
	return OUT_OK;
}

/*
 * When the health question that body would answer was asked of
 * athlete (their pending one, at now): its time, 0 when body is no
 * answer to it or none is pending, -1.  Reads nothing from the
 * database for a text that answers no question of it (a rating, a
 * check-in with its numbers).
 */
int64_t
ostrc_asked(struct db *db, int64_t athlete, const char *body, time_t now)
{
	struct health_question	 h;
	enum outcome		 rc;
	char			 area[HEALTH_AREA_MAX];
	int			 gate;

	gate = gate_read(body, area) != NULL;
	if (!gate && digit_read(body) == -1)
		return 0;
	if ((rc = health_pending(db, athlete, now, &h)) != OUT_ROW)
		return rc == OUT_OK ? 0 : -1;
	if (h.question > 0 ? digit_read(body) == -1 : !gate)
		return 0;
	return h.asked > 0 ? (int64_t)h.asked : 1;
}

/*
 * This week's question to athlete, asked at now for week (the day it
 * is asked): queued as a text of kind "health", which quiet hours hold
 * and no guardian is copied; the report is kept only when the text
 * reaches them.  Counts it in *queued or *skipped.  0 or -1.
 */
int
ostrc_prompt(struct db *db, int64_t athlete, const char *week, time_t now,
    int *queued, int *skipped)
{
	struct buf	 text = { 0 };
	const char	*was;
	int		 before = *queued, rc = -1;

	was = person_reader(db, athlete);
	buf_puts(&text, sms_lead());
	buf_puts(&text, words_get(NULL, "sms.ostrc_ask"));
	words_reader(was);
	if (buf_failed(&text))
		goto out;
	if (outbox_queue_text(db, athlete, text.data, "health", now, queued,
	    skipped) == -1)
		goto out;
	rc = *queued > before ? health_ask(db, athlete, week, now) : 0;
out:
	buf_free(&text);
	return rc;
}
