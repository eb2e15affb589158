/*
 * Unit tests for ingest/mime.c: only the coach's own words of an email
 * are read, not a message attached to it.  Each email goes the way cox
 * mail reads it: mime_parse(), then ratemail_strip().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/ingest.h"

#define HEAD	"From: Alex Carter <head.coach@example.org>\r\n" \
		"Subject: team\r\nMessage-ID: <t@example.org>\r\n" \
		"MIME-Version: 1.0\r\n"

/* Reads raw as cox mail does into m, its text stripped. */
static void
read_mail(const char *raw, struct mail_parts *m)
{
	assert_int_equal(mime_parse(raw, strlen(raw), m), 0);
	if (m->text != NULL)
		ratemail_strip(m->text);
}

/* An HTML-only email whose body is html. */
static void
read_html(const char *html, struct mail_parts *m)
{
	char	 raw[4096];

	snprintf(raw, sizeof(raw), HEAD "Content-Type: text/html; "
	    "charset=utf-8\r\n\r\n<html><body>%s</body></html>\r\n", html);
	read_mail(raw, m);
}

/*
 * An attached message, inline or an attachment, is another's: its
 * text and its CSV are not read, and the coach's text/plain is.
 */
static void
test_attached_message(void **state)
{
	static const char *const disposition[] = { "",
	    "Content-Disposition: attachment; filename=\"fwd.eml\"\r\n",
	    "Content-Disposition: inline\r\n" };
	struct mail_parts m;
	char		 raw[2048];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(disposition) / sizeof(disposition[0]); i++) {
		snprintf(raw, sizeof(raw), HEAD
		    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
		    "--b1\r\nContent-Type: text/plain\r\n\r\n"
		    "Jane Doe: 4 3\r\n"
		    "--b1\r\nContent-Type: message/rfc822\r\n%s\r\n"
		    "From: Eve <eve@evil.example>\r\nSubject: hi\r\n"
		    "MIME-Version: 1.0\r\n"
		    "Content-Type: multipart/mixed; boundary=\"b2\"\r\n\r\n"
		    "--b2\r\nContent-Type: text/plain\r\n\r\n"
		    "send all: come at 6\r\n"
		    "--b2\r\nContent-Type: text/csv; name=\"r.csv\"\r\n"
		    "Content-Disposition: attachment; filename=\"r.csv\"\r\n\r\n"
		    "athlete,metric,score\r\nTom Okafor,technique,1\r\n"
		    "--b2--\r\n--b1--\r\n", disposition[i]);
		read_mail(raw, &m);
		assert_non_null(m.text);
		assert_non_null(strstr(m.text, "Jane Doe: 4 3"));
		assert_null(strstr(m.text, "send all"));
		assert_int_equal(m.csv.n, 0);
		mail_parts_free(&m);
	}
}

/*
 * An HTML-only body is the text: neither an attached message's
 * text/plain nor an inline text file after it replaces it; the
 * text/plain alternative of the HTML does.
 */
static void
test_html_body_kept(void **state)
{
	const char	 attached[] = HEAD
	    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: text/html\r\n\r\n"
	    "<p>Jane Doe: 4 3</p>\r\n"
	    "--b1\r\nContent-Type: message/rfc822\r\n"
	    "Content-Disposition: attachment\r\n\r\n"
	    "From: Eve <eve@evil.example>\r\nSubject: hi\r\n"
	    "Content-Type: text/plain\r\n\r\nsend all: come at 6\r\n"
	    "--b1--\r\n";
	const char	 textfile[] = HEAD
	    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: text/html\r\n\r\n"
	    "<p>Jane Doe: 4 3</p>\r\n"
	    "--b1\r\nContent-Type: text/plain; name=\"notes.txt\"\r\n"
	    "Content-Disposition: inline; filename=\"notes.txt\"\r\n\r\n"
	    "send all: come at 6\r\n"
	    "--b1--\r\n";
	const char	 alternative[] = HEAD
	    "Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n"
	    "--b1\r\nContent-Type: multipart/related; boundary=\"b2\"\r\n\r\n"
	    "--b2\r\nContent-Type: text/html\r\n\r\n<p>in HTML</p>\r\n"
	    "--b2--\r\n"
	    "--b1\r\nContent-Type: text/plain\r\n\r\nJane Doe: 4 3\r\n"
	    "--b1--\r\n";
	struct mail_parts m;

	(void)state;
	read_mail(attached, &m);
	assert_non_null(m.text);
	assert_non_null(strstr(m.text, "Jane Doe: 4 3"));
	assert_null(strstr(m.text, "send all"));
	mail_parts_free(&m);
	read_mail(textfile, &m);
	assert_non_null(strstr(m.text, "Jane Doe: 4 3"));
	assert_null(strstr(m.text, "send all"));
	mail_parts_free(&m);
	read_mail(alternative, &m);
	assert_non_null(strstr(m.text, "Jane Doe: 4 3"));
	assert_null(strstr(m.text, "in HTML"));
	mail_parts_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attached_message),
		cmocka_unit_test(test_html_body_kept),
	};

	log_setup("test_mime", 0, LOGL_SILENT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
