/* Unit tests for ingest/ratemail.c: the coach's rating format. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"

static void
test_design_example(void **state)
{
	struct rm_parse	 p = { 0 };

	(void)state;
	assert_int_equal(ratemail_parse_text(
	    "Hi all, ratings below.\n"
	    "date: 2026-11-20\n"
	    "\n"
	    "Jane Doe:\n"
	    "  technique 4  Catch timing is improving; keep the hands level.\n"
	    "  fitness 3/5\n"
	    "@jsmith:\n"
	    "  technique 2  Rushing the slide.\n"
	    "  erg score: 7 - New PB\n"
	    "\n"
	    "Thanks, see you Saturday\n"
	    "\n"
	    "@jsmith:\n"
	    "\n"
	    "  rhythm 3\n", &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_string_equal(p.date, "2026-11-20");
	assert_int_equal(p.n, 5);	/* the sign-off is not a rating */
	assert_string_equal(p.v[4].athlete, "@jsmith");
	assert_string_equal(p.v[0].athlete, "Jane Doe");
	assert_string_equal(p.v[0].metric, "technique");
	assert_int_equal(p.v[0].score, 4);
	assert_string_equal(p.v[0].comment,
	    "Catch timing is improving; keep the hands level.");
	assert_int_equal(p.v[0].line, 5);
	assert_int_equal(p.v[1].max, 5);
	assert_string_equal(p.v[2].athlete, "@jsmith");
	assert_string_equal(p.v[3].metric, "erg score");
	assert_int_equal(p.v[3].score, 7);
	assert_string_equal(p.v[3].comment, "New PB");
	ratemail_free(&p);
}

static void
test_errors_have_lines(void **state)
{
	struct rm_parse	 p = { 0 };

	(void)state;
	assert_int_equal(ratemail_parse_text(
	    "date: 31/11/2026\n"
	    "technique 4\n"
	    "Jane Doe:\n"
	    "  technique four\n", &p), 0);
	assert_int_equal(p.errors.n, 3);
	assert_int_equal(p.errors.v[0].line, 1);
	assert_true(p.errors.v[0].whole);
	assert_non_null(strstr(p.errors.v[0].what, "write the date"));
	assert_int_equal(p.errors.v[1].line, 2);
	assert_null(p.errors.v[1].athlete);
	assert_non_null(strstr(p.errors.v[1].what, "'technique 4' comes "
	    "before any athlete"));
	assert_int_equal(p.errors.v[2].line, 4);
	assert_string_equal(p.errors.v[2].athlete, "Jane Doe");
	assert_non_null(strstr(p.errors.v[2].what, "expected 'metric score"));
	ratemail_free(&p);
}

static void
test_strip(void **state)
{
	char	 text[] =
	    "Jane Doe:\n"
	    "> technique 1 quoted\n"
	    "  technique 4\n"
	    "-- \n"
	    "Coach Alex\n"
	    "fitness 2\n";
	char	 reply[] =
	    "Jane Doe:\n fitness 3\n"
	    "On Tue, 18 Nov 2026 at 09:00, Alex <a@example.org> wrote:\n"
	    "> Jane Doe:\n> fitness 1\n";
	char	 outlook[] = "Jane Doe:\n fitness 3\n\n"
	    "-----Original Message-----\nFrom: x\nJane Doe:\n fitness 1\n";
	struct rm_parse	 p = { 0 };

	(void)state;
	quote_strip(text);
	assert_int_equal(ratemail_parse_text(text, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].score, 4);
	assert_int_equal(p.v[0].line, 3);	/* line numbers kept */
	ratemail_free(&p);
	quote_strip(reply);
	assert_int_equal(ratemail_parse_text(reply, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].score, 3);
	ratemail_free(&p);
	quote_strip(outlook);
	assert_int_equal(ratemail_parse_text(outlook, &p), 0);
	assert_int_equal(p.n, 1);
	ratemail_free(&p);
}

/*
 * Replies written below the quote (Thunderbird, Apple Mail, mutt) and
 * between quoted lines are read; the attribution, wrapped or not, and
 * the quotes are not.
 */
static void
test_strip_bottom_and_interleaved(void **state)
{
	char	 bottom[] =
	    "On Tue, 18 Nov 2026 at 09:00, Alex Carter\r\n"
	    "<head.coach@example.org> wrote:\r\n"
	    "> Jane Doe:\r\n> fitness 1\r\n"
	    "\r\n"
	    "Jane Doe:\r\n  fitness 3 Better pacing\r\n"
	    "-- \r\nAlex\r\nJane Doe:\r\n fitness 2\r\n";
	char	 between[] =
	    "On 18/11/2026 09:00, Alex wrote:\n"
	    "> How did the squad do?\n"
	    "Jane Doe:\n  technique 4\n"
	    "> And the erg?\n"
	    "@jsmith:\n  technique 2\n";
	struct rm_parse	 p = { 0 };

	(void)state;
	quote_strip(bottom);
	assert_int_equal(ratemail_parse_text(bottom, &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(p.v[0].score, 3);
	assert_int_equal(p.v[0].line, 7);	/* line numbers kept */
	assert_string_equal(p.v[0].comment, "Better pacing");
	ratemail_free(&p);
	quote_strip(between);
	assert_int_equal(ratemail_parse_text(between, &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0].athlete, "Jane Doe");
	assert_string_equal(p.v[1].athlete, "@jsmith");
	ratemail_free(&p);
}

static void
test_csv_long_and_wide(void **state)
{
	const char	 lng[] = "Athlete,Metric,Score,Comment\r\n"
	    "Jane Doe,technique,4,\"Good, level hands\"\r\n"
	    "Jane Doe,fitness,x,\r\n";
	const char	 wide[] = ";technique;fitness\nJane Doe;4;3\n@jsmith;2;\n"
	    "Extra Cells;1;2;3;4;5\n";
	const char	 fr[] = "Athlète;Critère;Évaluation (1-5);Commentaire\n"
	    "Jane Doe;poids;82,5;\nJane Doe;technique;4;Mains à niveau\n";
	struct rm_parse	 p = { 0 };

	(void)state;
	assert_int_equal(ratemail_parse_csv(lng, sizeof(lng) - 1, &p), 0);
	assert_int_equal(p.n, 1);
	assert_string_equal(p.v[0].comment, "Good, level hands");
	assert_int_equal(p.errors.n, 1);
	assert_non_null(strstr(p.errors.v[0].what, "attachment line 3: 'x' is "
	    "not a score for fitness"));
	assert_string_equal(p.errors.v[0].athlete, "Jane Doe");
	ratemail_free(&p);
	assert_int_equal(ratemail_parse_csv(wide, sizeof(wide) - 1, &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_int_equal(p.n, 5);	/* cells past the header are ignored */
	assert_string_equal(p.v[1].metric, "fitness");
	assert_int_equal(p.v[1].score, 3);
	assert_string_equal(p.v[2].athlete, "@jsmith");
	ratemail_free(&p);
	/* long, its headers in French, a decimal comma */
	assert_int_equal(ratemail_parse_csv(fr, sizeof(fr) - 1, &p), 0);
	assert_int_equal(p.errors.n, 0);
	assert_int_equal(p.n, 2);
	assert_string_equal(p.v[0].metric, "poids");
	assert_int_equal(p.v[0].score, 825);
	assert_string_equal(p.v[1].comment, "Mains à niveau");
	ratemail_free(&p);
}

/*
 * What a parse holds, one line each: "athlete|metric|place/of|score/max|
 * comment" for a score, "!line athlete: problem" for a problem, in the
 * order found.
 */
static void
dump(const struct rm_parse *p, char *out, size_t size)
{
	size_t	 i, n = 0;

	out[0] = '\0';
	for (i = 0; i < p->n && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "%s|%s|%d/%d|%ld/%ld|%s\n",
		    p->v[i].athlete, p->v[i].metric, p->v[i].pos, p->v[i].of,
		    p->v[i].score, p->v[i].max, p->v[i].comment);
	for (i = 0; i < p->errors.n && n < size; i++)
		n += (size_t)snprintf(out + n, size - n, "!%lu %s: %s\n",
		    p->errors.v[i].line, p->errors.v[i].athlete ?
		    p->errors.v[i].athlete : "-", p->errors.v[i].what);
}

/*
 * The formats of item 1 as phones, mail apps and spreadsheets write
 * them, each against what it must read to.
 */
static const struct {
	const char	*text, *want;
} golden[] = {
	/* scores alone, in the team's order */
	{ "Jane Doe: 4 4 3 5 7\n",
	  "Jane Doe||1/5|4/0|\nJane Doe||2/5|4/0|\nJane Doe||3/5|3/0|\n"
	  "Jane Doe||4/5|5/0|\nJane Doe||5/5|7/0|\n" },
	/* autocorrect's space before the colon, trailing spaces, NBSP */
	{ "Jane Doe : 4\xc2\xa0" "3   \r\n",
	  "Jane Doe||1/2|4/0|\nJane Doe||2/2|3/0|\n" },
	/* blanks, "4/5", commas between scores */
	{ "Jane Doe: 4/5, _, 3\n@jsmith: _ _ _\n",
	  "Jane Doe||1/3|4/5|\nJane Doe||3/3|3/0|\n" },
	/* an order line, as the rating sheet writes it */
	{ "order: technique fitness\nJane Doe: 4 _\nSam: 2 3\n",
	  "Jane Doe|technique|0/0|4/0|\nSam|technique|0/0|2/0|\n"
	  "Sam|fitness|0/0|3/0|\n" },
	{ "order: technique fitness\nJane Doe: 4 3 2\n",
	  "!2 Jane Doe: 3 scores for 2 metrics: write one for each metric, "
	  "in order, and _ for one left out\n" },
	/* pairs on one line; a comment runs to the next comma */
	{ "Jane Doe: Technique 4, fitness 3 great week; rhythm 2\n",
	  "Jane Doe|Technique|0/0|4/0|\nJane Doe|fitness|0/0|3/0|great week\n"
	  "Jane Doe|rhythm|0/0|2/0|\n" },
	/* as athletes text: no commas between pairs, and no comment */
	{ "Jane Doe: technique 4 fitness 3/5 erg score 7\n",
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|fitness|0/0|3/5|\n"
	  "Jane Doe|erg score|0/0|7/0|\n" },
	{ "Jane Doe: technique 4 great week 3\n",
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|great week|0/0|3/0|\n" },
	{ "Jane Doe: technique 4 hands level, and early\n",
	  "Jane Doe|technique|0/0|4/0|hands level, and early\n" },
	{ "Jane Doe: technique 4, fitnes3\n",
	  "Jane Doe|technique|0/0|4/0|\n"
	  "!1 Jane Doe: 'fitnes3' is not 'metric score': write e.g. "
	  "{example}\n" },
	/* the en dash of a phone's keyboard */
	{ "Jane Doe:\n technique 4 \xe2\x80\x93 better \xe2\x80\x94 much\n"
	  "  fitness \xe2\x80\x93 3\n",
	  "Jane Doe|technique|0/0|4/0|better \xe2\x80\x94 much\n"
	  "Jane Doe|fitness|0/0|3/0|\n" },
	/* a table from Numbers or Excel: tabs, a header of metric names */
	{ "Name\tTechnique\tFitness\nJane Doe\t4\t3\nSam O'Neill\t\t2\n",
	  "Jane Doe|Technique|0/0|4/0|\nJane Doe|Fitness|0/0|3/0|\n"
	  "Sam O'Neill|Fitness|0/0|2/0|\n" },
	/* an HTML table as mime.c writes it: the empty first cell lost */
	{ "technique\tfitness\nJane Doe\t4\t3\n",
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|fitness|0/0|3/0|\n" },
	/* scores alone under a table's header, its name cell skipped */
	{ "Name\ttechnique\tfitness\nJane Doe: 4 3\n",
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|fitness|0/0|3/0|\n" },
	/* no header: the team's order */
	{ "Jane Doe\t4\t3\t\n",
	  "Jane Doe||1/0|4/0|\nJane Doe||2/0|3/0|\n" },
	/* markdown pipes, and commas */
	{ "| Athlete | technique | fitness |\n|---|---|---|\n"
	  "| Jane Doe | 4 | 3 |\n",
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|fitness|0/0|3/0|\n" },
	{ "Name,technique,fitness\nJane Doe,4,3\n",
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|fitness|0/0|3/0|\n" },
	{ "Jane Doe, 4, 3\n", "Jane Doe||1/0|4/0|\nJane Doe||2/0|3/0|\n" },
	/* a French spreadsheet's text: semicolons, decimal commas, "Nom" */
	{ "Nom;poids;technique\nJane Doe;82,5;4\n",
	  "Jane Doe|poids|0/0|825/-1|\nJane Doe|technique|0/0|4/0|\n" },
	{ "Jane Doe;4;3\n", "Jane Doe||1/0|4/0|\nJane Doe||2/0|3/0|\n" },
	/* prose with colons and commas is not ratings */
	/* prose with a number is tied to no athlete (its line quoted back) */
	{ "Hi all, here: 4 of you rated\nNote: 2 were sick\n"
	  "Jane Doe: 4 3\n",
	  "Jane Doe||1/2|4/0|\nJane Doe||2/2|3/0|\n"
	  "!1 -: 'Hi all, here 4' comes before any athlete; put the athlete's "
	  "name and a ':' on the line above\n"
	  "!2 -: 'Note 2' comes before any athlete; put the athlete's name and "
	  "a ':' on the line above\n" },
	/* a name and its scores without the ':' between, a time among
	 * them: read as if it had one (the reply says so) */
	{ "Jane Doe: 4 3\nAnna 3 4 7 1:58.0\n",
	  "Jane Doe||1/2|4/0|\nJane Doe||2/2|3/0|\n"
	  "Anna||1/4|3/0|\nAnna||2/4|4/0|\nAnna||3/4|7/0|\n"
	  "Anna||4/4|1180/-2|\n" },
	/* and with a comment after them, or a dash after the name */
	{ "Anna - 3 4 7 1:58.0 strong finish\n",
	  "Anna||1/4|3/0|strong finish\nAnna||2/4|4/0|\nAnna||3/4|7/0|\n"
	  "Anna||4/4|1180/-2|\n" },
	/* scores alone then words: the words are the line's comment */
	{ "Ben: 4 6 7:40 2 keeps rushing the slide, talk to him\n",
	  "Ben||1/4|4/0|keeps rushing the slide, talk to him\n"
	  "Ben||2/4|6/0|\nBen||3/4|4600/-2|\nBen||4/4|2/0|\n" },
	{ "Ben:\n  4 6 7:40 2 - keeps rushing\n",
	  "Ben||1/4|4/0|keeps rushing\n"
	  "Ben||2/4|6/0|\nBen||3/4|4600/-2|\nBen||4/4|2/0|\n" },
	/* one score then words is prose, not an athlete's */
	{ "Note: 2 sick\n",
	  "!1 -: 'Note 2' comes before any athlete; put the athlete's name "
	  "and a ':' on the line above\n" },
	/* surname first, in a line and in a table's cell */
	{ "Fletcher, Ben: 4 6\n\"Doe, Jane\",3,5\nGrant, Oliver\t1\t2\n",
	  "Fletcher, Ben||1/2|4/0|\nFletcher, Ben||2/2|6/0|\n"
	  "Doe, Jane||1/0|3/0|\nDoe, Jane||2/0|5/0|\n"
	  "Grant, Oliver||1/0|1/0|\nGrant, Oliver||2/0|2/0|\n" },
	/* a greeting in a name's place ("Hola a todos:") names nobody */
	{ "Hi all, see below:\n\nJane Doe: 4 3\n",
	  "Jane Doe||1/2|4/0|\nJane Doe||2/2|3/0|\n" },
	/* a correction in prose: the score, not the one it replaces */
	{ "Oliver erg 6:48.0 not 6:58.0, my bad\n",
	  "Oliver|erg|0/0|4080/-2|\n" },
	{ "Jane Doe:\n  technique 4 not 3\n",
	  "Jane Doe|technique|0/0|4/0|\n" },
	/* a time without its tenths among scores is a time (in tenths,
	 * for a time metric alone) */
	{ "Anna Berg \xe2\x80\x93 3 _ 4\nAnna: 3 4 7 1:58\n",
	  "Anna Berg||1/3|3/0|\nAnna Berg||3/3|4/0|\n"
	  "Anna||1/4|3/0|\nAnna||2/4|4/0|\nAnna||3/4|7/0|\n"
	  "Anna||4/4|1180/-2|\n" },
	/* an hour after a label is a time among scores too: the label is
	 * then no athlete's name, which ratecheck.c refuses; a time at a
	 * sentence's end keeps its place */
	{ "Practice: 7:30\nJane: 4 3 1:58.\n",
	  "Practice||1/1|4500/-2|\nJane||1/3|4/0|\nJane||2/3|3/0|\n"
	  "Jane||3/3|1180/-2|\n" },
	{ "Hi all, ratings below.\nNote: well done today\n"
	  "Training at 7:30 tomorrow\nJane: 4 3\n\nThanks, Alex\n",
	  "Jane||1/2|4/0|\nJane||2/2|3/0|\n" },
	/* a block, then a line of scores alone, with no blank between */
	{ "Jane Doe:\n  erg score: 7 - New PB\nSam: 4 3\n",
	  "Jane Doe|erg score|0/0|7/0|New PB\nSam||1/2|4/0|\nSam||2/2|3/0|\n" },
	/* the apostrophe a phone writes */
	{ "James O\xe2\x80\x99" "Brien: 3 4\n",
	  "James O'Brien||1/2|3/0|\nJames O'Brien||2/2|4/0|\n" },
	/* a comment with a comma, then a sentence and another pair */
	{ "Tom Walsh: fitness 4 Strong in the headwind, really led the boat. "
	  "Technique 3 catch late\n",
	  "Tom Walsh|fitness|0/0|4/0|Strong in the headwind, really led the "
	  "boat.\nTom Walsh|Technique|0/0|3/0|catch late\n" },
	{ "Tom Walsh: fitness 4 strong, and he led the boat for 3 lengths\n",
	  "Tom Walsh|fitness|0/0|4/0|strong, and he led the boat for 3 "
	  "lengths\n" },
	/* a block's comment holding a colon, an '@' and commas */
	{ "Jane Doe:\n  technique 4  @HYPERLINK(\"http://x.example/?\"&A1,"
	  "\"click\")\n",
	  "Jane Doe|technique|0/0|4/0|@HYPERLINK(\"http://x.example/?\"&A1,"
	  "\"click\")\n" },
	/* a decimal comma, as much of the world writes it: a comma
	 * between digits is the number's, not the list's */
	{ "Jane Doe: poids 82,5, split 1:45,3; technique 4,fitness 3\n",
	  "Jane Doe|poids|0/0|825/-1|\nJane Doe|split|0/0|1053/-2|\n"
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|fitness|0/0|3/0|\n" },
	{ "Jane Doe: 4,3\n", "Jane Doe||1/2|4/0|\nJane Doe||2/2|3/0|\n" },
	/* a unit after a value is the metric's, not a comment */
	{ "Jane Doe: poids 72,5 kg, erg 6:31,2 min; gewicht 88,4kg\n",
	  "Jane Doe|poids|0/0|725/-1|\nJane Doe|erg|0/0|3912/-2|\n"
	  "Jane Doe|gewicht|0/0|884/-1|\n" },
	{ "Jane Doe:\n  weight 80,4 Kilo good week\n  technique 4 min late\n",
	  "Jane Doe|weight|0/0|804/-1|good week\n"
	  "Jane Doe|technique|0/0|4/0|min late\n" },
	/* pairs on a line of a block, as a phone writes them */
	{ "Jane Doe:\n  technique 4, fitness 3\n  erg score 7; power 5 "
	  "strong, long\n",
	  "Jane Doe|technique|0/0|4/0|\nJane Doe|fitness|0/0|3/0|\n"
	  "Jane Doe|erg score|0/0|7/0|\nJane Doe|power|0/0|5/0|strong, long\n" },
	/* marks under lines quoted back are skipped */
	{ "Jane Doe:\n fitness 4\n(!) fitness 9 is outside 1-5\n",
	  "Jane Doe|fitness|0/0|4/0|\n" },
};

static void
test_golden(void **state)
{
	struct rm_parse	 p;
	char		 got[4096];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(golden) / sizeof(golden[0]); i++) {
		memset(&p, 0, sizeof(p));
		assert_int_equal(ratemail_parse_text(golden[i].text, &p), 0);
		dump(&p, got, sizeof(got));
		if (strcmp(got, golden[i].want) != 0)
			fail_msg("golden %zu:\n%s\ngot:\n%s\nwant:\n%s", i,
			    golden[i].text, got, golden[i].want);
		ratemail_free(&p);
	}
}

/*
 * Phone signatures and quoted threads are cut, in their languages; a
 * rating holding the same words is not.
 */
static void
test_strip_phones(void **state)
{
	static const char *const cut[] = {
	    "Sent from my iPhone", "Sent from my Samsung Galaxy smartphone.",
	    "Get Outlook for iOS", "Get Outlook for Android",
	    "Get Outlook for iOS<https://aka.ms/o0ukef>",
	    "Sent from Mail for Windows", "Sent from Yahoo Mail for iPhone",
	    "Sent from my Galaxy", "Envoy\xc3\xa9 de mon iPhone",
	    "Enviado desde mi iPhone", "Von meinem iPhone gesendet",
	    "Inviato da iPhone", "Verzonden met mijn iPhone",
	    "-----Original Message-----",
	    "________________________________\nFrom: Alex",
	    "From: Alex Carter <a@example.org>\nSent: Tuesday, 18 November",
	    "On Tue, 18 Nov 2026 at 09:00, Alex <a@example.org> wrote:",
	    "On 18 Nov 2026, at 09:00, Alex <a@example.org> wrote:",
	    "Le mar. 18 nov. 2026 \xc3\xa0 09:00, Alex <a@example.org> a "
	    "\xc3\xa9" "crit :",
	    /* Gmail's French, wrapped after "a"; and a no-break space */
	    "Le sam. 28 nov. 2026 \xc3\xa0 02:37, <a@example.org> a\n"
	    "\xc3\xa9" "crit :",
	    "Le mar. 18 nov. 2026 \xc3\xa0 09:00, Alex <a@example.org> a "
	    "\xc3\xa9" "crit\xc2\xa0:",
	    "Il giorno mar 18 nov 2026 alle ore 09:00 Alex <a@example.org> "
	    "ha\nscritto:",
	    "El mar, 18 nov 2026 a las 9:00, Alex (<a@example.org>) "
	    "escribi\xc3\xb3:",
	    "Am Di., 18. Nov. 2026 um 09:00 Uhr schrieb Alex <a@example.org>:",
	    /* a sign-off: the name, role and numbers below are no ratings */
	    "Cheers,\nMaggie O'Brien\nHead Coach | R\xc3\xado RC\n"
	    "M: 07700 900001",
	    "Kind regards", "CORDIALEMENT,\nT\xc3\xa9l. : 06 55 44 33 22",
	    "Viele Gr\xc3\xbc\xc3\x9f" "e!", "Un saludo.",
	};
	struct rm_parse	 p;
	char		 text[512];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		memset(&p, 0, sizeof(p));
		snprintf(text, sizeof(text), "Jane Doe: 4 3\n\n%s\n"
		    "> Sam: 1 1\nSam: 2 2\n", cut[i]);
		quote_strip(text);
		assert_int_equal(ratemail_parse_text(text, &p), 0);
		/* an attribution is blanked: a reply below it is read */
		if (p.n != 2 && !(p.n == 4 && strstr(cut[i], "a@example") &&
		    strncmp(cut[i], "From:", 5) != 0))
			fail_msg("not cut: %s (%zu scores)", cut[i], p.n);
		if (p.errors.n != 0)	/* read as ratings gone wrong */
			fail_msg("not cut: %s (%zu errors)", cut[i],
			    p.errors.n);
		assert_string_equal(p.v[0].athlete, "Jane Doe");
		ratemail_free(&p);
	}
	memset(&p, 0, sizeof(p));
	snprintf(text, sizeof(text), "Sent from my iPhone: 4 3\n"
	    "Jane Doe:\n sent from my phone 4\nThanks Sam: 3 3\n");
	quote_strip(text);
	assert_int_equal(ratemail_parse_text(text, &p), 0);
	assert_int_equal(p.n, 5);	/* not lines of their own */
	ratemail_free(&p);
}

/*
 * A forwarded message is not the coach's, in any client's form and
 * language: from its first line on, nothing is read (a command in it
 * neither), while the coach's own lines above it are.
 */
static void
test_strip_forwards(void **state)
{
	static const char *const cut[] = {
	    /* Thunderbird */
	    "-------- Forwarded Message --------\nSubject: \tx\n"
	    "Date: \tTue, 18 Nov 2026 09:00:00 +0000\n"
	    "From: \tEve <eve@evil.example>",
	    "-------- Original Message --------",
	    "-------- Message transf\xc3\xa9r\xc3\xa9 --------\nSujet : x",
	    "-------- Weitergeleitete Nachricht --------\nBetreff: x",
	    "-------- Mensaje reenviado --------\nAsunto: x",
	    /* Apple Mail, unquoted */
	    "Begin forwarded message:\n\nFrom: Eve <eve@evil.example>\n"
	    "Subject: x",
	    "D\xc3\xa9" "but du message r\xc3\xa9" "exp\xc3\xa9" "di\xc3\xa9 :",
	    "D\xc3\xa9" "but du message r\xc3\xa9" "exp\xc3\xa9" "di\xc3\xa9"
	    "\xc2\xa0:",
	    "Anfang der weitergeleiteten Nachricht:",
	    "Inicio del mensaje reenviado:",
	    /* Gmail */
	    "---------- Forwarded message ---------\n"
	    "From: Eve <eve@evil.example>\nDate: Tue, 18 Nov 2026 at 09:00",
	    "---------- Message transf\xc3\xa9r\xc3\xa9 ---------\n"
	    "De : Eve <eve@evil.example>\nDate: mar. 18 nov. 2026",
	    "---------- Weitergeleitete Nachricht ---------\n"
	    "Von: Eve <eve@evil.example>\nDate: Di., 18. Nov. 2026",
	    "---------- Mensaje reenviado ---------\nDe: Eve\n"
	    "Date: mar, 18 nov 2026",
	    "---------- Messaggio inoltrato ---------",
	    "---------- Doorgestuurd bericht ---------",
	    /* Outlook, Yahoo, mutt; dashes as a word processor makes them */
	    "-----Original Message-----", "-----Urspr\xc3\xbcngliche "
	    "Nachricht-----", "-----Message d'origine-----",
	    "-----Mensaje original-----",
	    "----- Forwarded Message -----",
	    "----- Forwarded message from Eve <eve@evil.example> -----",
	    "\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94 Weitergeleitete Nachricht "
	    "\xe2\x80\x94\xe2\x80\x94\xe2\x80\x94",
	    /* a header block alone, in the sender's language */
	    "De : Eve <eve@evil.example>\nEnvoy\xc3\xa9 : mardi 18 novembre",
	    "De\xc2\xa0: Eve\nEnvoy\xc3\xa9 le\xc2\xa0: mardi 18 novembre",
	    "De: Eve\nEnviado el: martes, 18 de noviembre",
	    "Von: Eve <eve@evil.example>\n\nBetreff: x",
	    "Fr\xc3\xa5n: Eve\nSkickat: den 18 november 2026",
	    "*From:* Eve\n*Sent:* Tuesday, 18 November 2026",
	};
	static const char *const kept[] = {
	    "--- Juniors ---", "Forwarded message about Sam: 3 3",
	    "From: the erg test", "Original message:  see below",
	};
	struct rm_parse	 p;
	char		 text[512];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		memset(&p, 0, sizeof(p));
		snprintf(text, sizeof(text), "Jane Doe: 4 3\n\n%s\n\n"
		    "send all: come at 6\nSam: 1 1\n", cut[i]);
		quote_strip(text);
		if (strstr(text, "send all") != NULL)
			fail_msg("not cut: %s", cut[i]);
		assert_int_equal(ratemail_parse_text(text, &p), 0);
		if (p.n != 2 || p.errors.n != 0)
			fail_msg("not cut: %s (%zu scores, %zu errors)", cut[i],
			    p.n, p.errors.n);
		assert_string_equal(p.v[0].athlete, "Jane Doe");
		ratemail_free(&p);
	}
	for (i = 0; i < sizeof(kept) / sizeof(kept[0]); i++) {
		snprintf(text, sizeof(text), "Jane Doe: 4 3\n%s\nSam: 1 1\n",
		    kept[i]);
		quote_strip(text);
		if (strstr(text, "Sam: 1 1") == NULL)
			fail_msg("cut: %s", kept[i]);
	}
}

/*
 * A refusal quotes the refused athlete's lines, under the date and the
 * order they need, each problem marked below its line; sent back, the
 * marks are skipped and the lines read as they were.
 */
static void
test_refusal_round_trip(void **state)
{
	const char	 text[] = "date: 2026-11-20\n"
	    "order: technique fitness\n"
	    "Jane Doe: 4 3\n"
	    "Tom Okafor: 9 3\n"
	    "Sam:\n"
	    "  rhythm 2\n";
	struct rm_parse	 p = { 0 }, again = { 0 };
	struct rm_result r = { 0 };
	struct buf	 out = { 0 };
	unsigned char	 refused[3] = { 0, 1, 0 };

	(void)state;
	assert_int_equal(ratemail_parse_text(text, &p), 0);
	assert_int_equal(p.nspans, 3);
	r.refused = refused;
	assert_int_equal(ratemail_problem(&r.errors, 4, "Tom Okafor",
	    "mail.err_range", "technique", "9", "1-5"), 0);
	assert_int_equal(ratemail_problem(&r.errors, 0, NULL,
	    "mail.err_csv_empty"), 0);
	assert_int_equal(rateanswer_refusals(text, &p, &r, &out), 0);
	assert_string_equal(out.data, "- attachment: empty\n"
	    "\n"
	    "date: 2026-11-20\n"
	    "order: technique fitness\n"
	    "Tom Okafor: 9 3\n"
	    "(!) technique 9 is outside 1-5\n");
	assert_int_equal(ratemail_parse_text(strchr(out.data, '\n') + 2,
	    &again), 0);
	assert_int_equal(again.errors.n, 0);
	assert_int_equal(again.n, 2);
	assert_string_equal(again.v[0].athlete, "Tom Okafor");
	assert_string_equal(again.v[1].metric, "fitness");
	assert_string_equal(again.date, "2026-11-20");
	ratemail_problems_free(&r.errors);
	ratemail_free(&again);
	ratemail_free(&p);
	buf_free(&out);
}

/*
 * A line of scores alone in a team whose language writes decimals with
 * a comma: "6:58,4" and "62,5" are one score each, "4,3" also two
 * scores (split, for ratecheck.c to choose by the metric at its place);
 * in English a comma between scores alone stays between them.
 */
static const struct {
	const char	*lang, *text, *want;
} commas[] = {
	{ "en", "Jane Doe: 4,3,5\n",
	  "Jane Doe||1/3|4/0|\nJane Doe||2/3|3/0|\nJane Doe||3/3|5/0|\n" },
	{ "fr", "Chlo\xc3\xa9 Lef\xc3\xa8vre: 4 3 6:58,4 62,5 _\n",
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||1/5|4/0|\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||2/5|3/0|\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||3/5|4184/-2|\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||4/5|625/-1|62+5\n" },
	/* the block above it keeps its own */
	{ "fr", "Jane Doe:\n  technique 4\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre: 4 3 6:58,4 62,5 _\n",
	  "Jane Doe|technique|0/0|4/0|\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||1/5|4/0|\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||2/5|3/0|\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||3/5|4184/-2|\n"
	  "Chlo\xc3\xa9 Lef\xc3\xa8vre||4/5|625/-1|62+5\n" },
	{ "fr", "Jane Doe: 4,3,5\n",
	  "Jane Doe||1/2|43/-1|4+3\nJane Doe||2/2|5/0|\n" },
	{ "fr", "Jane Doe: poids 82,5, technique 4,fitness 3\n",
	  "Jane Doe|poids|0/0|825/-1|\nJane Doe|technique|0/0|4/0|\n"
	  "Jane Doe|fitness|0/0|3/0|\n" },
	{ "de", "Lena M\xc3\xbcller: 4 3 6:58,4 62,5\n",
	  "Lena M\xc3\xbcller||1/4|4/0|\nLena M\xc3\xbcller||2/4|3/0|\n"
	  "Lena M\xc3\xbcller||3/4|4184/-2|\n"
	  "Lena M\xc3\xbcller||4/4|625/-1|62+5\n" },
};

static void
test_commas(void **state)
{
	struct rm_parse	 p;
	char		 got[4096];
	size_t		 i, j, n;

	(void)state;
	for (i = 0; i < sizeof(commas) / sizeof(commas[0]); i++) {
		assert_int_equal(words_default(commas[i].lang), 0);
		memset(&p, 0, sizeof(p));
		assert_int_equal(ratemail_parse_text(commas[i].text, &p), 0);
		assert_int_equal(words_default("en"), 0);
		/* dump()'s lines, a split's two scores for the comment */
		for (j = 0, n = 0; j < p.n; j++) {
			n += (size_t)snprintf(got + n, sizeof(got) - n,
			    "%s|%s|%d/%d|%ld/%ld|", p.v[j].athlete,
			    p.v[j].metric, p.v[j].pos, p.v[j].of, p.v[j].score,
			    p.v[j].max);
			if (p.v[j].split)
				n += (size_t)snprintf(got + n, sizeof(got) - n,
				    "%ld+%ld", p.v[j].whole[0], p.v[j].whole[1]);
			n += (size_t)snprintf(got + n, sizeof(got) - n, "\n");
		}
		got[n] = '\0';
		if (p.errors.n > 0 || strcmp(got, commas[i].want) != 0)
			fail_msg("%s '%s':\ngot:\n%s\nwant:\n%s(%zu problems)",
			    commas[i].lang, commas[i].text, got, commas[i].want,
			    p.errors.n);
		ratemail_free(&p);
	}
}

/* A value written back to the coach carries the team's decimal mark. */
static void
test_value_mark(void **state)
{
	struct rm_rating	 r = { .kind = METRIC_NUMBER, .unit = "kg" };
	char			 v[METRIC_VALUE_MAX];

	(void)state;
	rm_value_write(&r, 825, v, sizeof(v));
	assert_string_equal(v, "82.5 kg");
	assert_int_equal(words_default("fr"), 0);
	rm_value_write(&r, 825, v, sizeof(v));
	assert_string_equal(v, "82,5 kg");
	assert_int_equal(words_default("en"), 0);
}

/*
 * The day's line as coaches write it: in their language, French-spaced,
 * the day as their country writes it (the month first in the United
 * States: mdy), without a year the nearest to the email; refused, not
 * guessed, when it is no day.
 */
static void
test_date_lines(void **state)
{
	static const struct {
		const char	*line, *date;	/* NULL: refused */
		int		 mdy;
	} v[] = {
		{ "date: 2026-11-23", "2026-11-23", 0 },
		{ "DATE:2026-11-23", "2026-11-23", 0 },
		{ "date : 2026-11-23", "2026-11-23", 0 },
		{ "Datum: 24.11.2026", "2026-11-24", 0 },
		{ "fecha: 23/11/2026", "2026-11-23", 0 },
		{ "date : 3.2.2026", "2026-02-03", 0 },
		{ "date: 11/05/2026", "2026-05-11", 0 },
		{ "date: 11/05/2026", "2026-11-05", 1 },
		{ "date : 26/11", "2025-11-26", 0 },
		{ "Datum: 26.11.", "2025-11-26", 0 },
		{ "fecha: 3/3", "2026-03-03", 0 },
		{ "date: 23.11.26", "2026-11-23", 0 },
		{ "date: 12/28", "2025-12-28", 1 },
		{ "date: 23/11", NULL, 1 },
		{ "Datum: 31.11.2026", NULL, 0 },
		{ "date: 23.11.2026.", NULL, 0 },
		{ "date: tomorrow", NULL, 0 },
	};
	struct tm	 tm = { .tm_year = 126, .tm_mon = 1, .tm_mday = 27,
	    .tm_hour = 12, .tm_isdst = -1 };
	struct rm_parse	 p;
	char		 text[128];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(&p, 0, sizeof(p));
		/* the email came on 27 February 2026 */
		p.now = mktime(&tm);
		p.month_first = v[i].mdy;
		snprintf(text, sizeof(text), "%s\nJane Doe: technique 4\n",
		    v[i].line);
		assert_int_equal(ratemail_parse_text(text, &p), 0);
		if (v[i].date != NULL) {
			assert_string_equal(p.date, v[i].date);
			assert_int_equal(p.errors.n, 0);
		} else {
			assert_int_equal(p.errors.n, 1);
			assert_int_equal(p.errors.v[0].line, 1);
			assert_non_null(strstr(p.errors.v[0].what,
			    "write the date"));
		}
		ratemail_free(&p);
	}
	/* the country as cox.conf writes it, in any case */
	assert_int_equal(day_month_first("US"), 1);
	assert_int_equal(day_month_first("us"), 1);
	assert_int_equal(day_month_first("fr"), 0);
	assert_int_equal(day_month_first(NULL), 0);
}

/*
 * A line of scores no athlete owns is quoted back whole, in the order
 * of the email among the refused athletes' lines, its problem marked
 * under it; a line without its ':' is read as if it had one, and is
 * quoted back as written when its athlete is refused.
 */
static void
test_refusal_whole_line(void **state)
{
	const char	 text[] = "Hi all, here: 4 of you rated\n"
	    "Tom Okafor: 9 3 2 1:45.0\n"
	    "Anna 3 4 7 1:58.0\n"
	    "Jane Doe: 4 3 2 1:50.2\n";
	struct rm_parse	 p = { 0 }, again = { 0 };
	struct rm_result r = { 0 };
	struct buf	 out = { 0 };
	unsigned char	 refused[3] = { 1, 1, 0 };
	size_t		 i;

	(void)state;
	assert_int_equal(ratemail_parse_text(text, &p), 0);
	assert_int_equal(p.nspans, 3);	/* Anna's line is hers */
	assert_int_equal(p.errors.n, 1);
	assert_int_equal(p.n, 12);
	assert_int_equal(p.v[4].read, RM_READ_COLON);
	/* the parse's problems, as ratemail_resolve() copies them */
	assert_non_null(r.errors.v = calloc(p.errors.n, sizeof(*r.errors.v)));
	for (i = 0; i < p.errors.n; i++, r.errors.n++) {
		r.errors.v[i] = p.errors.v[i];
		assert_non_null(r.errors.v[i].what = strdup(p.errors.v[i].what));
		r.errors.v[i].athlete = p.errors.v[i].athlete == NULL ? NULL :
		    strdup(p.errors.v[i].athlete);
	}
	assert_int_equal(ratemail_problem(&r.errors, 2, "Tom Okafor",
	    "mail.err_range", "technique", "9", "1-5"), 0);
	r.refused = refused;
	assert_int_equal(rateanswer_refusals(text, &p, &r, &out), 0);
	assert_string_equal(out.data,
	    "Hi all, here: 4 of you rated\n"
	    "(!) 'Hi all, here 4' comes before any athlete; put the athlete's "
	    "name and a ':' on the line above\n"
	    "Tom Okafor: 9 3 2 1:45.0\n"
	    "(!) technique 9 is outside 1-5\n"
	    "Anna 3 4 7 1:58.0\n");
	/* the coach's fix: the greeting gone, the score made right */
	assert_int_equal(ratemail_parse_text(
	    "Tom Okafor: 4 3 2 1:45.0\n"
	    "(!) technique 9 is outside 1-5\n"
	    "Anna: 3 4 7 1:58.0\n",
	    &again), 0);
	assert_int_equal(again.errors.n, 0);
	assert_int_equal(again.n, 8);
	assert_string_equal(again.v[4].athlete, "Anna");
	assert_int_equal(again.v[7].score, 1180);
	ratemail_problems_free(&r.errors);
	ratemail_free(&again);
	ratemail_free(&p);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_example),
		cmocka_unit_test(test_errors_have_lines),
		cmocka_unit_test(test_date_lines),
		cmocka_unit_test(test_strip),
		cmocka_unit_test(test_strip_bottom_and_interleaved),
		cmocka_unit_test(test_csv_long_and_wide),
		cmocka_unit_test(test_value_mark),
		cmocka_unit_test(test_commas),
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_strip_phones),
		cmocka_unit_test(test_strip_forwards),
		cmocka_unit_test(test_refusal_round_trip),
		cmocka_unit_test(test_refusal_whole_line),
	};

	log_setup("test_ratemail", 0, LOGL_SILENT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
