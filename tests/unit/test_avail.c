/*
 * Unit tests for the reader of an athlete's answer to a session's
 * question (lib/avail.c's avail_read()): a golden table of texts as
 * people send them, in every shipped language, each read as in, out
 * or maybe, late at a time, for the day it names, or as no answer at
 * all (a rating, a note), which the text's other readers then take;
 * and the coach's lines that ask, read by ingest/avail.c; and a
 * calendar's answer to an invitation (lib/ical.c), in Gmail's and Apple
 * Calendar's forms, beside what is no answer.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"
#include "../../ingest/text/text.h"

static const struct golden {
	const char	*in;
	const char	*want;	/* "in|out|maybe [late HH:MM] [day]", "-" */
} golden[] = {
	{ "in", "in" },
	{ "IN", "in" },
	{ "In!", "in" },
	{ "out", "out" },
	{ "yes", "in" },
	{ "Yes please", "-" },
	{ "no", "out" },
	{ "y", "in" },
	{ "N", "out" },
	{ "maybe", "maybe" },
	{ "Maybe.", "maybe" },
	{ "late 7:15", "in late 07:15" },
	{ "running late, 7h15", "in late 07:15" },
	{ "late", "in" },
	{ "can't make it", "out" },
	{ "Can\xe2\x80\x99t make it", "out" },
	{ "cant make it thursday", "out thursday" },
	{ "\xf0\x9f\x91\x8d", "in" },
	{ "\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbd", "in" },
	{ "\xf0\x9f\x91\x8e", "out" },
	{ "I'm in", "in" },
	{ "in Sat", "in sat" },
	{ "out tomorrow", "out tomorrow" },
	{ "out 2026-12-05", "out 2026-12-05" },
	/* French, German, Spanish */
	{ "oui", "in" },
	{ "non", "out" },
	{ "peut-être", "maybe" },
	{ "je peux pas", "out" },
	{ "en retard 7h15", "in late 07:15" },
	{ "ja", "in" },
	{ "nein", "out" },
	{ "vielleicht", "maybe" },
	{ "dabei Samstag", "in samstag" },
	{ "sí", "in" },
	{ "no puedo", "out" },
	{ "quizás", "maybe" },
	{ "llego tarde 7:15", "in late 07:15" },
	/* as they came, with a day and a sorry */
	{ "cant make tues sorry", "out tues" },
	{ "can't make it Thursday, sorry", "out thursday" },
	{ "je viens jeudi", "in jeudi" },
	{ "mais pas mardi, désolé", "out mardi" },
	{ "no puedo el martes, lo siento", "out martes" },
	{ "no puedo el jueves", "out jueves" },
	{ "kann Dienstag leider nicht", "out dienstag" },
	{ "sorry", "-" },
	/* not answers: the texts' other readers take them */
	{ "7 8 6", "-" },
	{ "rpe 6", "-" },
	{ "tech 4 fit 3", "-" },
	{ "in 2", "-" },
	{ "yes 4", "-" },
	{ "note sore knee", "-" },
	{ "in out", "-" },
	{ "\xf0\x9f\x91\x8d no", "-" },
	{ "out, late 7:15", "-" },
	{ "", "-" },
	{ "stop", "-" },
};

static void
test_golden(void **state)
{
	struct avail_said s;
	char		 got[64];
	size_t		 i;
	int		 fails = 0;

	(void)state;
	for (i = 0; i < sizeof(golden) / sizeof(golden[0]); i++) {
		if (!avail_read(golden[i].in, &s))
			snprintf(got, sizeof(got), "-");
		else
			snprintf(got, sizeof(got), "%s%s%s%s%s",
			    avail_answer_name(s.answer), *s.late ? " late " :
			    "", s.late, *s.when ? " " : "", s.when);
		for (char *p = got; *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p += 'a' - 'A';
		if (strcmp(got, golden[i].want) != 0) {
			print_error("%s: got \"%s\", want \"%s\"\n",
			    golden[i].in, got, golden[i].want);
			fails++;
		}
	}
	assert_int_equal(fails, 0);
}

/*
 * avail_read() stops at a number that is no time or date, which holds
 * only while no language's words for an answer, a day or lateness has
 * a digit: a translator's "2nite" would otherwise never be read.
 */
static void
test_no_digits(void **state)
{
	static const char *const names[] = { "kw.avail_in", "kw.avail_out",
	    "kw.avail_maybe", "kw.avail_late", "kw.avail_filler", "kw.sunday",
	    "kw.monday", "kw.tuesday", "kw.wednesday", "kw.thursday",
	    "kw.friday", "kw.saturday", "kw.today", "kw.tomorrow", NULL };
	char		 codes[128], *lang, *save = NULL;
	const char	*w;
	size_t		 i;
	int		 langs = 0;

	(void)state;
	assert_int_equal(words_ready(), OUT_OK);
	snprintf(codes, sizeof(codes), "%s", words_codes());
	for (lang = strtok_r(codes, ", ", &save); lang != NULL;
	    lang = strtok_r(NULL, ", ", &save), langs++)
		for (i = 0; names[i] != NULL; i++) {
			w = words_find(lang, names[i]);
			if (w != NULL && strpbrk(w, "0123456789") != NULL)
				fail_msg("%s %s has a digit: %s", lang,
				    names[i], w);
		}
	assert_true(langs >= 4);
}

/* The coach's lines, as command_parse() takes them out of an email. */
static void
test_lines(void **state)
{
	struct cmd_list	 l;
	char		 text[] = "avail sat am Senior Men: 7:00 Boathouse, "
	    "lights\nwho tomorrow\nattended sat Senior Men: all but Jane "
	    "Doe, Sam\nabsent sat: Tom\nattend-by-default Junior Women on\n"
	    "avail sat\nsession sat Senior Men: 90 min rpe 4 steady avail "
	    "7:00 Boathouse\nWho was missing on Tuesday?\nAttended the "
	    "regatta, all fine\n";

	(void)state;
	assert_true(command_parse(text, &l) >= 0);
	assert_int_equal(l.n, 7);
	assert_int_equal(l.v[0].verb, CMD_AVAIL);
	assert_false(l.v[0].bad);
	assert_string_equal(l.v[0].plan.when, "sat");
	assert_string_equal(l.v[0].plan.slot, "am");
	assert_string_equal(l.v[0].who, "Senior Men");
	assert_string_equal(l.v[0].text, "7:00 Boathouse, lights");
	assert_int_equal(l.v[1].verb, CMD_WHO);
	assert_false(l.v[1].bad);
	assert_string_equal(l.v[1].plan.when, "tomorrow");
	assert_int_equal(l.v[2].verb, CMD_ATTENDED);
	assert_string_equal(l.v[2].text, "all but Jane Doe, Sam");
	assert_int_equal(l.v[3].verb, CMD_ABSENT);
	assert_null(l.v[3].who);
	assert_int_equal(l.v[4].verb, CMD_ATTEND_DEFAULT);
	assert_int_equal(l.v[4].on, 1);
	assert_string_equal(l.v[4].who, "Junior Women");
	/* no ':' and nothing after it: not understood */
	assert_int_equal(l.v[5].verb, CMD_AVAIL);
	assert_true(l.v[5].bad);
	/* a plan line with avail after it: planned, and asked */
	assert_int_equal(l.v[6].verb, CMD_SESSION);
	assert_false(l.v[6].bad);
	assert_int_equal(l.v[6].plan.minutes, 90);
	assert_int_equal(l.v[6].plan.rpe, 4);
	assert_string_equal(l.v[6].plan.description, "steady");
	assert_string_equal(l.v[6].text, "7:00 Boathouse");
	/* prose that starts with who or attended is no command */
	assert_int_equal(l.n, 7);
	command_free(&l);
}

/* A calendar's REPLY, as Gmail and Apple Calendar write it. */
static void
test_ical(void **state)
{
	static const char gmail[] =
	    "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar "
	    "70.9054//EN\r\nVERSION:2.0\r\nCALSCALE:GREGORIAN\r\n"
	    "METHOD:REPLY\r\nBEGIN:VEVENT\r\nDTSTART:20261129T070000Z\r\n"
	    "DTSTAMP:20261128T120000Z\r\nORGANIZER;CN=Riverside Club:"
	    "mailto:ratings@club.example\r\nUID:abc123\r\nATTENDEE;"
	    "CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;"
	    "CN=Jane.Doe@Example.org;X-NUM-GUESTS=0:mailto:Jane.Doe@"
	    "Example.org\r\nSEQUENCE:1\r\nSUMMARY:Session\r\nEND:VEVENT"
	    "\r\nEND:VCALENDAR\r\n";
	static const char apple[] =
	    "BEGIN:VCALENDAR\r\nMETHOD:REPLY\r\nVERSION:2.0\r\nPRODID:-//"
	    "Apple Inc.//macOS 14.1//EN\r\nBEGIN:VEVENT\r\nATTENDEE;CN=\""
	    "Sam\";PARTSTAT=DECLINED;EMAIL=sam@example.org:\r\n mailto:sam@"
	    "example.org\r\nDTSTAMP:20261128T120000Z\r\nDTSTART:20261129T"
	    "070000Z\r\nORGANIZER:mailto:ratings@club.example\r\nSEQUENCE:0"
	    "\r\nUID:abc123\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
	struct ical_event e = { .uid = "abc123", .sequence = 2, .start =
	    1796000000, .minutes = 90, .summary = "Senior Men, session",
	    .location = "Boathouse; the slip", .organizer =
	    "ratings@club.example", .attendee = "jane@example.org" };
	struct ical_reply r;
	char		*req;

	(void)state;
	assert_int_equal(ical_reply_read(gmail, &r), 0);
	assert_string_equal(r.uid, "abc123");
	assert_string_equal(r.attendee, "jane.doe@example.org");
	assert_int_equal(r.answer, AVAIL_IN);
	assert_int_equal(r.sequence, 1);
	assert_int_equal(ical_reply_read(apple, &r), 0);
	assert_string_equal(r.attendee, "sam@example.org");
	assert_int_equal(r.answer, AVAIL_OUT);
	/* an invitation is no answer, nor is what is no iCalendar */
	assert_non_null(req = ical_invitation(&e, 1795000000));
	assert_int_equal(ical_reply_read(req, &r), -1);
	assert_non_null(strstr(req, "METHOD:REQUEST\r\n"));
	assert_non_null(strstr(req, "SEQUENCE:2\r\n"));
	/* RFC 5545's escapes, written by libical */
	assert_non_null(strstr(req, "Boathouse\\; the slip"));
	assert_non_null(strstr(req, "Senior Men\\, session"));
	free(req);
	assert_int_equal(ical_reply_read("in", &r), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_golden),
		cmocka_unit_test(test_no_digits),
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_ical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
