/*
 * ostrc_answer.c - the weekly health question's answers by text, as
 * the registry of texts (texts.c) asks them: the question and its
 * scoring are shared/ostrc.c's, which the reminders ask from too.
 */
#include "text.h"

/*
 * The registry's way to ask (texts.c): an athlete's own text, before
 * any keyword, by clock_now() as the question was asked (remind.c).
 */
static enum outcome
ostrc_answer(struct db *db, const struct person *p, int guardian,
    const char *body, struct buf *reply)
{
	return ostrc_text(db, p->id, body, clock_now(), reply);
}

static int64_t
ostrc_question(struct db *db, const struct person *p, int guardian,
    const char *body)
{
	(void)guardian;
	return ostrc_asked(db, p->id, body, clock_now());
}

static const struct sms_answer answers[] = {
	{ "health", 0, 1, ostrc_answer, ostrc_question },
	{ 0 }
};

static const struct sms_text ostrc_texts = { NULL, NULL, answers };
SMS_TEXTS(ostrc_texts, 100);
