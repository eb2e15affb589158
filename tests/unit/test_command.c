/*
 * Unit tests for ingest/command.c's parser: a golden table of email
 * bodies, each with the commands read (one line each, as describe()
 * writes them) and the text left for the ratings parser, the command
 * lines blanked in place so line numbers stay.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"

static const char *const names[CMD__MAX] = { "help", "sheet", "remind",
	"send", "resend", "archive", "invite", "number", "pause", "resume",
	"digest", "session", "cancel", "rest", "add", "move", "remove" };

/*
 * One command as "verb who=... all text=... id=N on=N at=N", or "bad",
 * or "typo WORD near=KEYWORD".
 */
static void
describe(const struct cmd_line *c, struct buf *out)
{
	buf_puts(out, names[c->verb]);
	if (c->typo) {
		buf_printf(out, " typo %s near=%s\n", c->text, c->near);
		return;
	}
	if (c->bad) {
		buf_puts(out, " bad\n");
		return;
	}
	if (c->who != NULL)
		buf_printf(out, " who=%s", c->who);
	if (c->all)
		buf_puts(out, " all");
	if (c->text != NULL)
		buf_printf(out, " text=%s", c->text);
	if (c->email != NULL)
		buf_printf(out, " email=%s", c->email);
	if (c->squad != NULL)
		buf_printf(out, " squad=%s", c->squad);
	if (c->plan.rest)
		buf_puts(out, " rest");
	if (c->id != 0)
		buf_printf(out, " id=%lld", (long long)c->id);
	if (c->on != -1)
		buf_printf(out, " on=%d", c->on);
	if (c->at != -1)
		buf_printf(out, " at=%d", c->at);
	buf_puts(out, "\n");
}

static const struct golden {
	const char	*in;
	const char	*commands;	/* describe()'s lines; "^" first */
	const char	*rest;		/* what the ratings parser reads */
} table[] = {
	{ "help", "^help\n", "    " },
	{ "HELP\n\nSent from my iPhone", "^help\n",
	    "    \n\nSent from my iPhone" },
	{ "  sheet  ", "^sheet\n", "         " },
	{ "sheet Senior Men", "^sheet who=Senior Men\n", NULL },
	{ "sheet on\nsheet OFF", "^sheet on=1\nsheet on=0\n", NULL },
	{ "sheet all", "^sheet bad\n", NULL },
	{ "remind @jdoe", "^remind who=@jdoe\n", NULL },
	{ "Remind @JDoe", "^remind who=@jdoe\n", NULL },
	{ "remind Senior Men", "^remind who=Senior Men\n", NULL },
	{ "remind all", "^remind all\n", NULL },
	{ "remind", "^remind bad\n", NULL },
	{ "remind @j doe", "^remind bad\n", NULL },
	{ "send @jdoe: Session moved to 7am",
	    "^send who=@jdoe text=Session moved to 7am\n", NULL },
	{ "send Senior Men:  at 7: bring kit ",
	    "^send who=Senior Men text=at 7: bring kit\n", NULL },
	{ "send @jdoe", "^send bad\n", NULL },
	{ "send @jdoe:   ", "^send bad\n", NULL },
	{ "send : hello", "^send bad\n", NULL },
	{ "resend", "^resend\n", NULL },
	{ "resend 43", "^resend id=43\n", NULL },
	{ "archive #43", "^archive id=43\n", NULL },
	{ "archive 4x", "^archive bad\n", NULL },
	{ "archive 0", "^archive bad\n", NULL },
	{ "invite @jdoe", "^invite who=@jdoe\n", NULL },
	/* a name, read as a person's, never a squad's or all */
	{ "invite Jane Doe", "^invite who=Jane Doe\n", NULL },
	{ "pause all", "^pause bad\n", NULL },
	{ "number @jdoe +44 7700 900123",
	    "^number who=@jdoe text=+44 7700 900123\n", NULL },
	{ "number @jdoe", "^number bad\n", NULL },
	{ "pause @jdoe\nresume @jdoe", "^pause who=@jdoe\nresume who=@jdoe\n",
	    NULL },
	{ "digest on", "^digest on=1\n", NULL },
	{ "digest at 07:00", "^digest at=420\n", NULL },
	{ "digest at 7:05", "^digest at=425\n", NULL },
	{ "digest at 24:00", "^digest bad\n", NULL },
	{ "digest at 7am", "^digest bad\n", NULL },
	/* as French and German coaches write the time */
	{ "digest at 6h30", "^digest at=390\n", NULL },
	{ "r\xc3\xa9" "cap \xc3\xa0 6h", "^digest at=360\n", NULL },
	{ "digest um 6.30 Uhr", "^digest at=390\n", NULL },
	{ "digest at 6h3", "^digest bad\n", NULL },
	{ "digest at 25h", "^digest bad\n", NULL },
	{ "digest at h30", "^digest bad\n", NULL },
	{ "digest", "^digest bad\n", NULL },
	/* a planned session, in French's own word */
	{ "s\xc3\xa9" "ance 2026-11-24 am Seniors Femmes: 90 min, rpe 4",
	    "^session who=Seniors Femmes\n", NULL },
	/* ratings stay; a command after them is not the first line */
	{ "Jane Doe: 4 4 3\nremind all\nTom: 3",
	    "remind all\n", "Jane Doe: 4 4 3\n          \nTom: 3" },
	/* a keyword inside a word, or not first, is no command */
	{ "Sheets: 4\nhelpful 3\ncan you help", "", NULL },
	/* a polite word around one is no part of it */
	{ "Remind juniors pls", "^remind who=juniors\n", NULL },
	{ "Please remind all, thanks!", "^remind all\n", NULL },
	{ "remind Senior Men thank you", "^remind who=Senior Men\n", NULL },
	{ "relancer juniors s'il te pla\xc3\xaet", "^remind who=juniors\n",
	    NULL },
	{ "pause Ty", "^pause who=Ty\n", NULL },
	{ "pls", "", NULL },
	/* ...but a send's text is the coach's own */
	{ "send @jdoe: see you at 7, thanks",
	    "^send who=@jdoe text=see you at 7, thanks\n", NULL },
	/* number, as every command, by a name */
	{ "number Poppy Adams 07700 900141",
	    "^number who=Poppy Adams text=07700 900141\n", NULL },
	{ "number Jack 07700 900150 pls", "^number who=Jack text=07700 900150\n",
	    NULL },
	{ "number @epark +447700900221", "^number who=@epark "
	    "text=+447700900221\n", NULL },
	{ "number Jack", "^number bad\n", NULL },
	{ "number 07700 900150", "^number bad\n", NULL },
	/* add: the name, the number and an address, the squad */
	{ "add Poppy Adams 07700 900141 Juniors",
	    "^add who=Poppy Adams text=07700 900141 squad=Juniors\n", NULL },
	{ "Add Poppy Adams, 07700 900141, poppy@example.org, to Junior Women",
	    "^add who=Poppy Adams text=07700 900141 email=poppy@example.org "
	    "squad=Junior Women\n", NULL },
	{ "add Poppy Adams poppy@example.org", "^add who=Poppy Adams "
	    "email=poppy@example.org\n", NULL },
	{ "add Poppy Adams Juniors", "^add bad\n", NULL },
	{ "add 07700 900141 Juniors", "^add bad\n", NULL },
	{ "add  ;6", "^add bad\n", NULL },
	/* move, remove: the squad is found when acted on */
	{ "move Ben to Juniors", "^move text=Ben to Juniors\n", NULL },
	{ "move Ben", "^move bad\n", NULL },
	{ "remove Ben Fletcher please", "^remove who=Ben Fletcher\n", NULL },
	{ "remove all", "^remove bad\n", NULL },
	/* plans: cancel, rest, a line a day starts */
	{ "cancel Sat am all", "^cancel all\n", NULL },
	{ "cancel Session Sat am all: 2h rpe 6 long row", "^cancel all\n",
	    NULL },
	{ "cancel the session", "^cancel bad\n", NULL },
	{ "rest Sunday Juniors", "^rest who=Juniors rest\n", NULL },
	{ "Session Sat am all: 2h rpe 6 long row", "^session all\n", NULL },
	{ "Sat am all: 2h rpe 6 long row", "^session all\n", NULL },
	{ "Sun: rest", "^session rest\n", NULL },
	{ "session sun all: rest day", "^session all rest\n", NULL },
	/* ...and prose, ratings and French's undo left alone */
	{ "Rest of the week was good\nSam: 4 5 6\nDo: rest\nannuler\ncancel",
	    "", NULL },
	{ "Tue: 4 5 6 7\nMonday: 90 min steady", "", NULL },
	/* ...but a typo of one, in a line with no digit, is said */
	{ "reminder @jdoe", "^remind typo reminder near=remind\n", NULL },
	{ "relancr @jdoe\nEnvoy\xc3\xa9 de mon iPhone",
	    "^remind typo relancr near=relancer\n",
	    "             \nEnvoy\xc3\xa9 de mon iPhone" },
	{ "FEUILE Seniors", "^sheet typo FEUILE near=feuille\n", NULL },
	/* one letter off, though two bytes: an accent where none goes */
	{ "Se\xc3\xa1nce mardi soir", "^session typo Se\xc3\xa1nce "
	    "near=seance\n", NULL },
	/* four letters, if five bytes, are too short to tell */
	{ "R\xc3\xa9" "ca Seniors", "", NULL },
	/* too short to tell, a digit (a rating), or too far: left alone */
	{ "Sent from my iPhone\nShet on", "", NULL },
	{ "Sheeta: 4 3 5", "", NULL },
	{ "Cordialement\nAlex Carter", "", NULL },
	/* a keyword with an ending, in prose: no command meant */
	{ "Sessions were hard this week\nInvited Jane too", "", NULL },
	{ "Pauses @jdoe", "^pause typo Pauses near=pause\n", NULL },
	{ "", "", "" },
};

static void
test_golden(void **state)
{
	struct cmd_list	 l;
	struct buf	 got = { 0 };
	char		*text;
	size_t		 i, j;
	int		 n;

	(void)state;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		text = strdup(table[i].in);
		assert_non_null(text);
		n = command_parse(text, &l);
		assert_int_equal(n, (int)l.n);
		buf_reset(&got);
		buf_puts(&got, "");
		for (j = 0; j < l.n; j++) {
			if (j == 0 && l.first)
				buf_puts(&got, "^");
			describe(&l.v[j], &got);
		}
		if (strcmp(got.data, table[i].commands) != 0)
			fail_msg("%s: got\n%s\nwant\n%s", table[i].in,
			    got.data, table[i].commands);
		if (table[i].rest != NULL)
			assert_string_equal(text, table[i].rest);
		else if (l.n > 0 && l.first && strchr(table[i].in, '\n') ==
		    NULL)
			assert_int_equal(strspn(text, " "), strlen(text));
		command_free(&l);
		free(text);
	}
	buf_free(&got);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
