/*
 * texts.c - the registry of the kinds of text an athlete (or their
 * guardian) may send, as git.c lists its builtins: each kind's own file
 * defines its keywords, what it does and the questions it answers
 * (struct sms_text), and a new kind adds its file and one line here.
 *
 * The order is which reading wins: the answers to a question cox asked
 * are tried first, in this order (reply.c); then the keywords, two
 * words before one word before a word after lead words, each pass in
 * this order (keyword.c); then the scores (grammar.c).
 */
#include "text.h"

const struct sms_text *const sms_texts[] = {
	&ostrc_texts,		/* the weekly health question's answers */
	&avail_texts,		/* who is coming: "yes", "no", "late 10" */
	&optout_texts,		/* help, stop, start */
	&link_texts,		/* link */
	&note_texts,		/* note, and "ok", "thanks" */
	&guess_texts,		/* guess */
	&illness_texts,		/* sick, injured, "I'm sick" */
	&mydata_texts,		/* mydata, my data */
	&erglink_texts,		/* erg link, erg unlink */
	&scores_texts,		/* technique 4 sleep 2 */
	&positional_texts,	/* 4, and 8 4 3 4 3 */
	&effort_texts,		/* rpe 7 90 */
	&unread_texts,		/* what none of them reads */
	NULL
};
