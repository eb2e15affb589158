/*
 * say.c - the sentences of a reply to a text, one after another (every
 * one a sms. entry of the catalogue of words, lib/words/, en.txt the
 * reference): an example of a rating from the team's own metrics, the
 * team's scales, a keyword as the reader texts it.  The kinds of text
 * (texts.c) write their replies with these.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

#define EXAMPLE_METRICS	2	/* named in an example of a rating */

/*
 * Starts one more sentence of a reply: a space after the one before.
 * Replies are short: most fit one SMS; none is over REPLY_MAX bytes
 * (reply.c).
 */
void
say_next(struct buf *reply)
{
	if (reply->len > 0)
		buf_putc(reply, ' ');
}

/*
 * Appends to reply the sentences another part wrote as it worked (how
 * a score was read, what an effort line kept), when it wrote any: they
 * come after what the text's own kind says.
 */
void
say_more(struct buf *reply, const struct buf *said)
{
	if (said->len > 0) {
		say_next(reply);
		buf_puts(reply, said->data);
	}
}

/* Appends the sentence of catalogue entry name to reply. */
void
say(struct buf *reply, const char *name)
{
	say_next(reply);
	buf_puts(reply, words_get(NULL, name));
}

/*
 * Catalogue entry name, which shows how to write a rating, into reply:
 * its example is the team's own first metrics (of those waiting, when
 * waiting is not NULL) at mid-scale, as the prompt's is, named
 * ("technique 3 endurance 3") then alone ("3 3"), so that a French team
 * rating "endurance" is not shown an English "fitness" it does not
 * have.  A team with no metric yet is told none instead (NULL:
 * nothing).
 */
void
say_example(const struct metric_set *ms, const char *waiting,
    const char *name, const char *none, struct buf *reply)
{
	struct metric		 v[EXAMPLE_METRICS];
	struct metric_set	 first = { v, 0 };
	struct buf		 named = { 0 }, alone = { 0 };
	size_t			 j;

	for (j = 0; j < ms->n && first.n < EXAMPLE_METRICS; j++)
		if (waiting == NULL || waiting[j])
			v[first.n++] = ms->v[j];
	if (first.n == 0) {
		if (none != NULL)
			say(reply, none);
		return;
	}
	metric_example(&first, NULL, 1, &named);
	metric_example(&first, NULL, 0, &alone);
	say_next(reply);
	words_printf(reply, NULL, name, named.data ? named.data : "",
	    alone.data ? alone.data : "");
	buf_free(&named);
	buf_free(&alone);
}

/* The team's metrics with their scales, for a reply: "erg 1-10, ...". */
const char *
say_scales(const struct metric_set *ms, struct buf *scales)
{
	buf_reset(scales);
	metric_scales(ms, NULL, scales);
	return scales->data != NULL ? scales->data : "";
}

/* The first word of keyword entry name in the reader's language. */
const char *
say_alias(const char *name, char *dst, size_t size)
{
	const char	*w = words_get(NULL, name);

	snprintf(dst, size, "%.*s", (int)strcspn(w, " "), w);
	return dst;
}
