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

/* A span of n bytes of c, in group name, at place. */
static void
span(struct buf *b, const char *name, const char *place, int c, size_t n)
{
	buf_printf(b, "<!--cox:g %s %s-->", name, place);
	while (n-- > 0)
		buf_putc(b, c);
	buf_puts(b, "<!--cox:/g-->");
}

/*
 * What unlock.js does: each piece's spans, after its name, are pairs of
 * a run and a span; a run's spans, in the order of the pieces, go where
 * its mark is, then the marks they brought in, a pass a level.
 */
static char *
put_back(const struct pieces *ps)
{
	struct buf	 out = { 0 }, pass = { 0 }, mark = { 0 },
			 runs[64] = { { 0 } };
	char		 names[64][64];
	const char	*at, *end, *run, *sp, *next;
	size_t		 i, j, nruns = 0, depth;
	char		*html;

	for (i = 0; i < ps->n; i++) {
		at = ps->v[i].plain.data + strlen(ps->v[i].name);
		end = ps->v[i].plain.data + ps->v[i].plain.len;
		while (at < end) {
			assert_int_equal(*at, '\0');
			run = at + 1;
			sp = run + strlen(run) + 1;
			next = memchr(sp, '\0', (size_t)(end - sp));
			next = next != NULL ? next : end;
			for (j = 0; j < nruns && strcmp(names[j], run); j++)
				continue;
			if (j == nruns) {
				assert_true(nruns < 64);
				snprintf(names[nruns++], 64, "%s", run);
			}
			buf_add(&runs[j], sp, (size_t)(next - sp));
			at = next;
		}
	}
	/* a pass a level: spans hold the marks of the spans in them */
	buf_puts(&out, ps->live.data);
	for (depth = 0; strstr(out.data, "<!--cox:@") != NULL; depth++) {
		assert_true(depth < PIECES_DEPTH);
		buf_reset(&pass);
		for (at = out.data; (next = strstr(at, "<!--cox:@")) != NULL;
		    at = strstr(next, "-->") + 3) {
			buf_add(&pass, at, (size_t)(next - at));
			for (j = 0; j < nruns; j++) {
				buf_reset(&mark);
				buf_printf(&mark, "<!--cox:@%s-->", names[j]);
				if (strncmp(next, mark.data, mark.len) == 0)
					break;
			}
			assert_true(j < nruns);		/* a mark with no spans */
			buf_add(&pass, runs[j].data, runs[j].len);
			names[j][0] = '\0';		/* a run goes in once */
		}
		buf_puts(&pass, at);
		buf_reset(&out);
		buf_add(&out, pass.data, pass.len);
	}
	for (j = 0; j < nruns; j++) {
		assert_int_equal(names[j][0], '\0');	/* every run put back */
		buf_free(&runs[j]);
	}
	html = strndup(out.data, out.len);
	buf_free(&out);
	buf_free(&pass);
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

/* Puts ps back as the browser does: the page as rendered, marks aside. */
static void
assert_whole(const struct pieces *ps, const char *page)
{
	char	*back = put_back(ps), *want = unmarked(page);

	assert_string_equal(back, want);
	free(back);
	free(want);
}

static void
test_cut_and_back(void **state)
{
	struct pieces	 ps = { 0 };
	struct buf	 page = { 0 };

	(void)state;
	buf_puts(&page, "<h1>x</h1><table>");
	span(&page, "h202609", "ta", 'a', 700);	/* one month, two tables */
	span(&page, "w", "w", 'w', 200);	/* small: stays */
	buf_puts(&page, "</table><table>");
	span(&page, "h202609", "tb", 'b', 700);
	span(&page, "h202610", "tb", 'c', 1500);	/* one run with it */
	span(&page, "h202610", "tb", 'd', 30);	/* and its own next span */
	buf_puts(&page, "now</table>");
	assert_int_equal(pieces_cut(&ps, page.data, page.len), 0);
	assert_int_equal(ps.n, 2);
	assert_string_equal(ps.v[0].name, "h202609");
	assert_string_equal(ps.v[1].name, "h202610");
	/* the name, then a 0, a run, a 0 and a span, each */
	assert_int_equal(ps.v[0].plain.len, strlen("h202609") + 2 * (700 + 4));
	assert_null(strstr(ps.live.data, "aaaa"));
	assert_non_null(strstr(ps.live.data, "wwww"));	/* kept in the page */
	assert_null(strstr(ps.live.data, "cox:g"));
	/* one mark a run: ta, then tb for both months' three spans */
	assert_non_null(strstr(ps.live.data, "<!--cox:@ta-->"));
	assert_null(strstr(ps.live.data, "<!--cox:@tb.1-->"));
	assert_non_null(strstr(ps.live.data, "</table><table><!--cox:@tb-->now"));
	assert_whole(&ps, page.data);
	/* the same page cuts the same, from reused room */
	assert_int_equal(pieces_cut(&ps, page.data, page.len), 0);
	assert_int_equal(ps.n, 2);
	pieces_free(&ps);
	buf_free(&page);
}

/*
 * Spans in spans: the ratings a piece of their own, the history in them
 * pieces of theirs, a small group in them kept in their text; the page
 * keeps one mark, the ratings' piece the marks of the history's runs.
 */
static void
test_nested(void **state)
{
	struct pieces	 ps = { 0 };
	struct buf	 page = { 0 };
	const char	*m;

	(void)state;
	buf_puts(&page, "<h1>x</h1><!--cox:g m m--><p>now</p><table>");
	span(&page, "h2025", "ta", 'a', 1200);
	span(&page, "h2026t1", "ta", 'b', 1100);
	buf_puts(&page, "<tr>open</tr></table>");
	span(&page, "n", "na", 'n', 100);		/* small: stays */
	buf_puts(&page, "<table>");
	span(&page, "h2025", "tb", 'c', 900);
	buf_puts(&page, "</table><!--cox:/g--><p>wellness</p>");
	assert_int_equal(pieces_cut(&ps, page.data, page.len), 0);
	assert_int_equal(ps.n, 3);
	assert_string_equal(ps.v[0].name, "m");
	assert_string_equal(ps.live.data, "<h1>x</h1><!--cox:@m--><p>wellness</p>");
	m = ps.v[0].plain.data;
	/* the runs of the history are marked in the ratings' text */
	assert_non_null(memmem(m, ps.v[0].plain.len, "<table><!--cox:@ta--><tr>open", 29));
	assert_non_null(memmem(m, ps.v[0].plain.len, "<table><!--cox:@tb--></table>", 29));
	assert_non_null(memmem(m, ps.v[0].plain.len, "nnnn", 4));
	assert_null(memmem(m, ps.v[0].plain.len, "aaaa", 4));
	assert_whole(&ps, page.data);
	pieces_free(&ps);
	buf_free(&page);
}

/*
 * The history's groups: the year's, the one of this year's quarters
 * that are over, the month's.
 */
static void
test_history(void **state)
{
	char	 name[16];

	(void)state;
	assert_int_equal(pieces_history(name, "2025-12-31", "2026-11-23"), 0);
	assert_string_equal(name, "h2025");
	assert_int_equal(pieces_history(name, "2026-01-05", "2026-11-23"), 0);
	assert_string_equal(name, "h2026t3");
	assert_int_equal(pieces_history(name, "2026-05-17", "2026-11-23"), 0);
	assert_string_equal(name, "h2026t3");
	assert_int_equal(pieces_history(name, "2026-09-30", "2026-11-23"), 0);
	assert_string_equal(name, "h2026t3");
	assert_int_equal(pieces_history(name, "2026-10-01", "2026-11-23"), 0);
	assert_string_equal(name, "h202610");
	assert_int_equal(pieces_history(name, "2026-11-01", "2026-11-23"), -1);
	assert_int_equal(pieces_history(name, "2026-12-01", "2026-11-23"), -1);
	assert_int_equal(pieces_history(name, "2026-03-31", "2026-04-01"), 0);
	assert_string_equal(name, "h2026t1");
	assert_int_equal(pieces_history(name, "2026-02-01", "2026-07-01"), 0);
	assert_string_equal(name, "h2026t2");
	assert_int_equal(pieces_history(name, "2025-12-31", "2026-01-01"), 0);
	assert_string_equal(name, "h2025");
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
		"<!--cox:g x p-->never closed",
		"<!--cox:g -->no name<!--cox:/g-->",
		"<!--cox:g x-->no place<!--cox:/g-->",
		"<!--cox:g x -->no place<!--cox:/g-->",
		"<!--cox:g Up p-->capitals<!--cox:/g-->",
		"<!--cox:g a-b p-->a dash<!--cox:/g-->",
		"<!--cox:g a p.q-->a dot<!--cox:/g-->",
		"<!--cox:g a p-->in itself<!--cox:g a q-->x<!--cox:/g--><!--cox:/g-->",
		"<!--cox:g a p--><!--cox:g b q--><!--cox:g a r-->in itself, deeper"
		    "<!--cox:/g--><!--cox:/g--><!--cox:/g-->",
		"closed<!--cox:/g--> and never opened",
		"<!--cox:g a p-->one<!--cox:/g-->twice<!--cox:/g-->",
		"<!--cox:g a p--><!--cox:g b p--><!--cox:g c p--><!--cox:g d p-->"
		    "<!--cox:g e p-->too deep<!--cox:/g--><!--cox:/g--><!--cox:/g-->"
		    "<!--cox:/g--><!--cox:/g-->",
		"<!--cox:g aaaaaaaaaaaaaaaaaaaaaaaaaaaaa p-->long<!--cox:/g-->",
		"<!--cox:g a pppppppppppppppppppppppppppppppppppppppp-->long<!--cox:/g-->",
		"<!--cox:g a",
		"<!--cox:g a p>",
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
	char		 name[16];
	int		 i;

	(void)state;
	for (i = 0; i < PIECES_MAX + 5; i++) {
		snprintf(name, sizeof(name), "g%d", i);
		span(&page, name, i % 2 ? "odd" : "even", 'a' + i % 26,
		    PIECE_MIN);
	}
	assert_int_equal(pieces_cut(&ps, page.data, page.len), 0);
	assert_int_equal(ps.n, PIECES_MAX);
	assert_whole(&ps, page.data);
	pieces_free(&ps);
	buf_free(&page);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cut_and_back),
		cmocka_unit_test(test_nested),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_no_marks),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
