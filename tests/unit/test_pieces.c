/*
 * Unit tests for gen/pieces.c: a page cut into the page and its pieces,
 * and put back as the browser does (unlock.js), which must give the
 * page as rendered, marks aside.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../gen/gen.h"

/* A span of n bytes of c, in group name. */
static void
span(struct buf *b, const char *name, int c, size_t n)
{
	buf_printf(b, "<!--cox:g %s-->", name);
	while (n-- > 0)
		buf_putc(b, c);
	buf_puts(b, "<!--cox:/g-->");
}

/* What unlock.js does: each piece's spans back where its marks are. */
static char *
put_back(const struct pieces *ps)
{
	struct buf	 out = { 0 }, mark = { 0 };
	const char	*at, *spans, *end, *next;
	size_t		 i;
	char		*html = strndup(ps->live.data, ps->live.len);

	for (i = 0; i < ps->n; i++) {
		const struct buf *p = &ps->v[i].plain;
		buf_reset(&mark);
		buf_printf(&mark, "<!--cox:%s-->", ps->v[i].name);
		spans = p->data + strlen(ps->v[i].name);
		end = p->data + p->len;
		buf_reset(&out);
		for (at = html; (next = strstr(at, mark.data)) != NULL;
		    at = next + mark.len) {
			const char *s = spans + 1, *e;
			assert_true(spans < end);	/* as many spans as marks */
			e = memchr(s, '\0', (size_t)(end - s));
			e = e != NULL ? e : end;
			buf_add(&out, at, (size_t)(next - at));
			buf_add(&out, s, (size_t)(e - s));
			spans = e;
		}
		assert_true(spans == end);	/* every span put back */
		buf_puts(&out, at);
		free(html);
		html = strndup(out.data, out.len);
	}
	buf_free(&out);
	buf_free(&mark);
	return html;
}

/* The page with its marks dropped: what the reader must see. */
static char *
unmarked(const char *html)
{
	struct buf	 out = { 0 };
	const char	*at = html, *m;
	char		*s;

	while ((m = strstr(at, "<!--cox:")) != NULL) {
		buf_add(&out, at, (size_t)(m - at));
		at = strstr(m, "-->") + 3;
	}
	buf_puts(&out, at);
	s = strndup(out.data, out.len);
	buf_free(&out);
	return s;
}

static void
test_cut_and_back(void **state)
{
	struct pieces	 ps = { 0 };
	struct buf	 page = { 0 };
	char		*back, *want;

	(void)state;
	buf_puts(&page, "<h1>x</h1><table>");
	span(&page, "h202609", 'a', 700);	/* one month, two tables */
	span(&page, "w", 'w', 200);		/* small: stays */
	buf_puts(&page, "</table><table>");
	span(&page, "h202609", 'b', 700);
	span(&page, "h202610", 'c', 1500);
	buf_puts(&page, "now</table>");
	assert_int_equal(pieces_cut(&ps, page.data, page.len), 0);
	assert_int_equal(ps.n, 2);
	assert_string_equal(ps.v[0].name, "h202609");
	assert_string_equal(ps.v[1].name, "h202610");
	/* the name, then a 0 and a span, each */
	assert_int_equal(ps.v[0].plain.len, strlen("h202609") + 2 * 701);
	assert_null(strstr(ps.live.data, "aaaa"));
	assert_non_null(strstr(ps.live.data, "wwww"));	/* kept in the page */
	assert_null(strstr(ps.live.data, "cox:g"));
	back = put_back(&ps);
	want = unmarked(page.data);
	assert_string_equal(back, want);
	free(back);
	free(want);
	/* the same page cuts the same, from reused room */
	assert_int_equal(pieces_cut(&ps, page.data, page.len), 0);
	assert_int_equal(ps.n, 2);
	pieces_free(&ps);
	buf_free(&page);
}

static void
test_no_marks(void **state)
{
	static const char html[] = "<p>nothing to cut</p>";
	struct pieces	 ps = { 0 };

	(void)state;
	assert_int_equal(pieces_cut(&ps, html, strlen(html)), 0);
	assert_int_equal(ps.n, 0);
	assert_int_equal(ps.live.len, strlen(html));
	assert_memory_equal(ps.live.data, html, strlen(html));
	pieces_free(&ps);
}

static void
test_malformed(void **state)
{
	static const char *const bad[] = {
		"<!--cox:g x-->never closed",
		"<!--cox:g -->no name<!--cox:/g-->",
		"<!--cox:g Up-->capitals<!--cox:/g-->",
		"<!--cox:g a-b-->a dash<!--cox:/g-->",
		"<!--cox:g a-->nested<!--cox:g b-->x<!--cox:/g--><!--cox:/g-->",
		"<!--cox:g aaaaaaaaaaaaaaaaaaaaaaaaaaaaa-->long<!--cox:/g-->",
		"<!--cox:g a",
	};
	struct pieces	 ps = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pieces_cut(&ps, bad[i], strlen(bad[i])) != -1)
			fail_msg("'%s' was cut", bad[i]);
	pieces_free(&ps);
}

/* Groups past PIECES_MAX stay in the page, and the page is whole. */
static void
test_too_many(void **state)
{
	struct pieces	 ps = { 0 };
	struct buf	 page = { 0 };
	char		 name[16], *back, *want;
	int		 i;

	(void)state;
	for (i = 0; i < PIECES_MAX + 5; i++) {
		snprintf(name, sizeof(name), "g%d", i);
		span(&page, name, 'a' + i % 26, PIECE_MIN);
	}
	assert_int_equal(pieces_cut(&ps, page.data, page.len), 0);
	assert_int_equal(ps.n, PIECES_MAX);
	back = put_back(&ps);
	want = unmarked(page.data);
	assert_string_equal(back, want);
	free(back);
	free(want);
	pieces_free(&ps);
	buf_free(&page);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_and_back),
		cmocka_unit_test(test_no_marks),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
