/*
 * texts.c - the registry of the kinds of text an athlete (or their
 * guardian) may send: each kind's own file defines its keywords, what
 * it does and the questions it answers (struct sms_text) and places
 * them in the registry with SMS_TEXTS(table, order) (text.h), so a new
 * kind is its file alone.  The linker gathers the entries (section
 * cox_texts); registry_table() (lib/registry.c) gives them by their
 * order keys, ascending, sorted once at first use by whichever of the
 * daemon's threads reads a text first.
 *
 * The order is which reading wins: the answers to a question cox asked
 * are tried first, in this order (reply.c); then the keywords, two
 * words before one word before a word after lead words, each pass in
 * this order (keyword.c); then the scores (grammar.c).  The keys are
 * hundreds, to leave room between; today's, in order (test_registry
 * checks this list):
 *
 *	 100 ostrc_texts	ostrc_answer.c	the weekly health question's
 *						answers
 *	 200 avail_texts	avail_text.c	who is coming: "yes", "no",
 *						"late 10"
 *	 300 optout_texts	optout.c	help, stop, start
 *	 400 link_texts		link.c		link
 *	 500 note_texts		note.c		note, and "ok", "thanks"
 *	 600 guess_texts	guess.c		guess
 *	 700 illness_texts	illness.c	sick, injured, "I'm sick"
 *	 800 mydata_texts	mydata.c	mydata, my data
 *	 900 erglink_texts	erglink.c	erg link, erg unlink
 *	1000 scores_texts	scores.c	technique 4 sleep 2
 *	1100 positional_texts	positional.c	4, and 8 4 3 4 3
 *	1200 effort_texts	effort.c	rpe 7 90
 *	9900 unread_texts	unread.c	what none of them reads: last
 */
#include "text.h"

REGISTRY_DEFINE(sms_texts, cox_texts);
