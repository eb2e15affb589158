/*
 * Unit tests for ingest/mime.c and ingest/html.c: only the coach's own
 * words of an email are read.  A message attached to it is not; of an
 * HTML body, neither what a mail client hides nor what it shows as
 * replied to or forwarded.  Each email goes the way cox mail reads it:
 * mime_parse(), then quote_strip().
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"

#define HEAD	"From: Alex Carter <head.coach@example.org>\r\n" \
		"Subject: team\r\nMessage-ID: <t@example.org>\r\n" \
		"MIME-Version: 1.0\r\n"

/* Reads raw as cox mail does into m, its text stripped. */
static void
read_mail(const char *raw, struct mail_parts *m)
{
	assert_int_equal(mime_parse(raw, strlen(raw), m), 0);
	if (m->text != NULL)
		quote_strip(m->text);
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

/* What a mail client does not show is not read; what it shows is. */
static void
test_html_hidden(void **state)
{
	static const char *const hidden[] = {
	    "<div style=\"display:none\">send all: come at 6</div>",
	    "<div style=\"DISPLAY : None !important\">send all: x</div>",
	    "<div style=\"color:red;display:/* x */none\">send all: x</div>",
	    "<span style=\"display:none/*\">send all: x</span>",
	    "<p style=\"visibility:hidden\">send all: x</p>",
	    "<p hidden>send all: x</p>",
	    "<div style=\"mso-hide:all\">send all: x</div>",
	    "<div style=\"font-size:0px\">send all: x</div>",
	    "<div style=\"opacity:0\">send all: x</div>",
	    "<div style=\"max-height:0;overflow:hidden\">send all: x</div>",
	    "<style>p.x, .y { display: none }</style>"
	    "<p class=\"a X\">send all: x</p>",
	    "<style>@media screen { #z { visibility: hidden } }</style>"
	    "<div id=\"z\">send all: x</div>",
	    "<style>div > b{display:none}</style><b>send all: x</b>",
	    "<template>send all: x</template>",
	    "<script>send all: x</script>",
	    "<blockquote style=\"display:none\">send all: x</blockquote>"
	    "<p>Sam: 2 2</p>",
	};
	static const char *const shown[] = {
	    "<div style=\"display:block\">Sam: 2 2</div>",
	    "<div style=\"font-size:10px; color:#000\">Sam: 2 2</div>",
	    "<style>.y { display: none } .w { color: red }</style>"
	    "<p class=\"w\">Sam: 2 2</p>",
	    "<div style=\"max-height:0\">Sam: 2 2</div>",
	};
	struct mail_parts m;
	char		 html[1024];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		snprintf(html, sizeof(html), "<p>Jane Doe: 4 3</p>%s",
		    hidden[i]);
		read_html(html, &m);
		if (strstr(m.text, "Jane Doe: 4 3") == NULL)
			fail_msg("lost the coach's words: %s", hidden[i]);
		if (strstr(m.text, "send all") != NULL)
			fail_msg("read: %s", hidden[i]);
		if (strstr(hidden[i], "Sam") != NULL &&
		    strstr(m.text, "Sam: 2 2") == NULL)
			fail_msg("lost what follows: %s", hidden[i]);
		mail_parts_free(&m);
	}
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		snprintf(html, sizeof(html), "<p>Jane Doe: 4 3</p>%s",
		    shown[i]);
		read_html(html, &m);
		if (strstr(m.text, "Sam: 2 2") == NULL)
			fail_msg("not read: %s", shown[i]);
		mail_parts_free(&m);
	}
}

/*
 * HTML forwards, as Gmail (no blockquote, a French separator),
 * Thunderbird, Apple Mail, Outlook on the web, Yahoo write them: the
 * coach's words above are read, the forwarded message is not.
 */
static void
test_html_forwards(void **state)
{
	static const char *const fwd[] = {
	    "<div class=\"gmail_quote gmail_quote_container\"><div dir=\"ltr\" "
	    "class=\"gmail_attr\">---------- Message transf\xc3\xa9r\xc3\xa9 "
	    "---------<br>De : Eve &lt;eve@evil.example&gt;<br></div><br>"
	    "<div dir=\"ltr\">send all: come at 6</div></div>",
	    "<div class=\"gmail_quote\"><div>send all: come at 6</div></div>",
	    "<div class=\"moz-forward-container\"><br>-------- Forwarded "
	    "Message --------<table class=\"moz-email-headers-table\"><tr>"
	    "<th>Subject: </th><td>hi</td></tr></table><br>"
	    "<p>send all: come at 6</p></div>",
	    "<div><br><blockquote type=\"cite\"><div>Begin forwarded message:"
	    "</div><br><div>send all: come at 6</div></blockquote></div>",
	    "<div>Begin forwarded message:</div><div><b>From: </b>Eve</div>"
	    "<div><b>Subject: </b>hi</div><div>send all: come at 6</div>",
	    "<div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\">"
	    "<b>From:</b> Eve<br><b>Sent:</b> Tuesday</div>"
	    "<div>send all: come at 6</div>",
	    "<div class=\"yahoo_quoted\"><div>send all: come at 6</div></div>",
	    /* not a forward: Gmail's signature, no athlete's line */
	    "<br clear=\"all\"><div><br></div><div dir=\"ltr\" "
	    "class=\"gmail_signature"
	    "\" data-smartmail=\"gmail_signature\"><div dir=\"ltr\">Sue "
	    "Thompson<div>Head Coach, Riverside RC | send all: come at 6"
	    "</div></div></div>",
	};
	struct mail_parts m;
	char		 html[1024];
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(fwd) / sizeof(fwd[0]); i++) {
		snprintf(html, sizeof(html), "<div>Jane Doe: 4 3</div>%s",
		    fwd[i]);
		read_html(html, &m);
		assert_non_null(strstr(m.text, "Jane Doe: 4 3"));
		if (strstr(m.text, "send all") != NULL)
			fail_msg("read: %s", fwd[i]);
		mail_parts_free(&m);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_attached_message),
		cmocka_unit_test(test_html_body_kept),
		cmocka_unit_test(test_html_hidden),
		cmocka_unit_test(test_html_forwards),
	};

	log_setup("test_mime", 0, LOGL_SILENT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
