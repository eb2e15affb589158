/*
 * pair.c - a pair of an athlete's text, a metric or check-in item named
 * and its score, as the reply reads it against the team's metrics
 * ("8/10" is 4 of 1-5, "7.10" is 7:10 of a time), and the line an
 * athlete may send back when a pair is wrong: each pair as the reply
 * read it, in the reader's words.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "text.h"

/*
 * "7.10", "6,55": minutes and seconds written with a decimal mark, as a
 * phone's keyboard hides the colon, into *kept (tenths of a second);
 * -1 when written otherwise.  Asked of a time only when the seconds
 * they would otherwise be fall out of its range.
 */
static int
minutes_marked(const char *s, long *kept)
{
	size_t	 n = strspn(s, "0123456789");

	if (n < 1 || n > 2 || (s[n] != '.' && s[n] != ',') ||
	    strspn(s + n + 1, "0123456789") != 2 || s[n + 3] != '\0' ||
	    s[n + 1] > '5')
		return -1;
	*kept = (atol(s) * 60 + atol(s + n + 1)) * 10;
	return 0;
}


/*
 * What pair x says of metric m, into *kept: a scale's whole number, a
 * time or a number as its kind reads it (metric_value_read(); "405" is
 * seconds, "82" kilograms; a time's "7.10" is 7:10 where 7.1 seconds
 * is out of its range).  A score out of another top is that fraction
 * of the scale's: READ_FRACTION when it lands on a score ("8/10" is 4
 * of 1-5), READ_BETWEEN when it falls between two (*kept the nearer,
 * halves up).  READ_BAD when not written as m's values are, READ_RANGE
 * out of its range (*kept as read).
 */
enum reading
pair_value(const struct metric *m, const struct sms_pair *x, long *kept)
{
	char	 written[40];
	long	 whole;
	int	 rc;

	if (x->value[0] != '\0')
		snprintf(written, sizeof(written), "%s", x->value);
	else
		snprintf(written, sizeof(written), "%d", x->score);
	if (x->out_of != 0 && (m->kind != METRIC_SCALE ||
	    x->out_of != m->scale_max)) {
		if (m->kind != METRIC_SCALE || x->value[0] != '\0')
			return READ_BAD;
		whole = (long)x->score * m->scale_max;
		*kept = (whole * 2 + x->out_of) / (2 * x->out_of);
		if (*kept < m->scale_min || *kept > m->scale_max)
			return READ_RANGE;
		return whole % x->out_of == 0 ? READ_FRACTION : READ_BETWEEN;
	}
	if ((rc = metric_value_read(m, written, kept)) == 0)
		return READ_OK;
	if (m->kind == METRIC_TIME && minutes_marked(written, kept) == 0 &&
	    *kept >= m->scale_min && *kept <= m->scale_max)
		return READ_OK;
	return rc == -2 ? READ_RANGE : READ_BAD;
}

/* v as m writes it, without its unit: "4", "7:10.0", "82.5". */
static const char *
value_text(const struct metric *m, long v, char out[METRIC_VALUE_MAX])
{
	struct metric	 bare = *m;

	bare.unit[0] = '\0';
	metric_value_write(&bare, v, words_decimal(), out, METRIC_VALUE_MAX);
	return out;
}

/* Hooper item word ("sleep"), as the reader texts it ("sommeil"). */
const char *
pair_item_alias(const char *word, char *dst, size_t size)
{
	char	 name[48];

	snprintf(name, sizeof(name), "kw.%s", word);
	return words_find(NULL, name) != NULL ? say_alias(name, dst, size) :
	    word;
}

/*
 * The answer a level word gives club item it ("sleep bad": Hooper's
 * level 6 of 7, 1 best), on the item's own scale: as far from its best
 * end, rounded.
 */
int
pair_item_level(const struct checkin_item *it, int level)
{
	int	 best = it->higher_better ? it->hi : it->lo;
	int	 worst = it->higher_better ? it->lo : it->hi;
	int	 span = (level - 1) * (worst - best);

	return best + (span >= 0 ? span + 3 : span - 3) / 6;
}

/*
 * Appends to out one pair of the line an athlete may send back, "word
 * value", as the reply reads pair x: a metric's slug and its value as
 * it writes it (as written when it does not read it, or out of range),
 * a wellness item in the reader's word, a check-in item's slug.
 * Nothing for a word that names none.
 */
void
pair_line(const struct reply_ctx *r, const struct sms_pair *x,
    struct buf *out)
{
	const struct metric	*m = NULL;
	const struct checkin_item *it = NULL;
	const char		*hint, *sep = out->len > 0 ? " " : "";
	char			 item[48], value[METRIC_VALUE_MAX];
	long			 kept;

	if (x->wellness)
		buf_printf(out, "%s%s %d", sep, pair_item_alias(x->word, item,
		    sizeof(item)), x->score);
	else if ((it = checkin_item_match(r->items, x->word)) != NULL)
		buf_printf(out, "%s%s %d", sep, it->slug, x->worded ?
		    pair_item_level(it, x->score) : x->score);
	else if ((m = metric_match(r->metrics->v, r->metrics->n, x->word,
	    &hint)) == NULL)
		return;		/* a word that names nothing */
	else if (pair_value(m, x, &kept) <= READ_FRACTION)
		buf_printf(out, "%s%s %s", sep, m->slug, value_text(m, kept,
		    value));
	else if (x->value[0] != '\0')
		buf_printf(out, "%s%s %s", sep, m->slug, x->value);
	else
		buf_printf(out, "%s%s %d", sep, m->slug, x->score);
}

/* Appends session x, when given, to a line to send back: "rpe 7 90". */
void
pair_session_line(const struct sms_session *x, struct buf *out)
{
	char	 rpe[16];

	if (!x->given)
		return;
	buf_printf(out, "%s%s %d", out->len ? " " : "",
	    say_alias("kw.rpe", rpe, sizeof(rpe)), x->rpe);
	if (x->minutes > 0)
		buf_printf(out, " %d", x->minutes);
}

/*
 * The line an athlete may send back for what cmd said, as the reply
 * read it (pair_line() each), with pair at written as instead ("" or
 * NULL: left out), then its session: into out, and returned ("" when
 * nothing is left).
 */
const char *
pair_line_of(const struct reply_ctx *r, const struct sms_cmd *cmd, size_t at,
    const char *as, struct buf *out)
{
	size_t	 i;

	buf_reset(out);
	for (i = 0; i < cmd->npairs; i++)
		if (i != at)
			pair_line(r, &cmd->pairs[i], out);
		else if (as != NULL && as[0] != '\0')
			buf_printf(out, "%s%s", out->len ? " " : "", as);
	pair_session_line(&cmd->session, out);
	return out->data != NULL && !buf_failed(out) ? out->data : "";
}

/*
 * What pair x (cmd's at) says of metric m, into *kept (pair_value()).
 * Returns 0, with what the athlete should hear of how it was read in
 * read ("8/10" as 4 of 1-5); or -1 with the reply saying m's range, or
 * where between two scores a fraction fell, and the line to send back
 * with the nearest score it may be (after lead, "guess", unless NULL).
 */
int
pair_read(const struct reply_ctx *r, const struct metric *m,
    const struct sms_cmd *cmd, size_t at, const char *lead, long *kept,
    struct buf *read, struct buf *reply)
{
	const struct sms_pair *x = &cmd->pairs[at];
	struct buf	 scales = { 0 }, line = { 0 }, as = { 0 };
	char		 range[METRIC_VALUE_MAX * 2 + 2], v[METRIC_VALUE_MAX];
	enum reading	 rc;

	switch ((rc = pair_value(m, x, kept))) {
	case READ_OK:
		return 0;
	case READ_FRACTION:
		metric_range_write(m, words_decimal(), range, sizeof(range));
		say_next(read);
		words_printf(read, NULL, "sms.read_fraction", x->score,
		    x->out_of, m->slug, *kept, range);
		return 0;
	default:
		break;
	}
	metric_range_write(m, words_decimal(), range, sizeof(range));
	if (rc == READ_BAD || *kept < m->scale_min)
		*kept = rc == READ_BAD ? metric_middle(m) : m->scale_min;
	else if (*kept > m->scale_max)
		*kept = m->scale_max;
	buf_printf(&as, "%s %s", m->slug, value_text(m, *kept, v));
	if (lead != NULL)
		buf_printf(&line, "%s ", lead);
	buf_puts(&line, pair_line_of(r, cmd, at, as.data, &scales));
	buf_reset(&scales);
	if (rc == READ_BETWEEN)
		words_printf(reply, NULL, "sms.fraction", m->slug, range,
		    x->score, x->out_of, *kept, line.data ? line.data : "");
	else
		words_printf(reply, NULL, "sms.range", m->slug, range,
		    line.data ? line.data : "", say_scales(r->metrics,
		    &scales));
	buf_free(&scales);
	buf_free(&line);
	buf_free(&as);
	return -1;
}
