/*
 * ratemail_csv.c - ratings in a CSV attachment: long (athlete, metric,
 * score, comment) or wide (athlete, then a column a metric), read as
 * the lines they stand for would be.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ratemail.h"

enum { CC_ATHLETE, CC_METRIC, CC_SCORE, CC_COMMENT, CC_OTHER };
static int
csv_col(const char *h)
{
	char	 word[64];
	size_t	 n;

	/* the cell's first word: "Score (1-5)", "Name:" */
	h += strspn(h, " \t\"'");
	for (n = 0; h[n] != '\0' && !strchr(" \t\"':(", h[n]) &&
	    n + 1 < sizeof(word); n++)
		word[n] = h[n];
	word[n] = '\0';
	if (words_is("kw.col_athlete", word))
		return CC_ATHLETE;
	if (words_is("kw.col_metric", word))
		return CC_METRIC;
	if (words_is("kw.col_score", word))
		return CC_SCORE;
	if (words_is("kw.col_comment", word))
		return CC_COMMENT;
	return CC_OTHER;
}

/*
 * Parses a CSV attachment: long (athlete, metric, score[, comment]) when
 * it has metric and score columns, else wide (athlete, one column per
 * metric holding scores).  Line numbers are the file's.
 */
int
ratemail_parse_csv(const char *data, size_t len, struct rm_parse *p)
{
	struct csv_reader	*r;
	struct csv_record	*rec;
	struct strlist		 head = { 0 };
	int			 cols[CSV_MAX_FIELDS], wide, rc = 0, got;
	int			 a = -1, m = -1, s = -1, c = -1;
	long			 score, max;
	size_t			 i;

	if ((r = csv_open(data, len)) == NULL)
		return -1;
	if ((got = csv_read(r, &rec)) != 1) {
		if (got == 0)
			ratemail_problem(&p->errors, 0, NULL, "mail.err_csv_empty");
		else
			ratemail_problem(&p->errors, 0, NULL, "mail.err_csv",
			    csv_error(r));
		csv_close(r);
		return 0;
	}
	for (i = 0; i < rec->nfields; i++) {
		cols[i] = csv_col(rec->fields[i]);
		strlist_add(&head, trim(rec->fields[i]));
		if (cols[i] == CC_ATHLETE && a == -1) a = (int)i;
		if (cols[i] == CC_METRIC && m == -1) m = (int)i;
		if (cols[i] == CC_SCORE && s == -1) s = (int)i;
		if (cols[i] == CC_COMMENT && c == -1) c = (int)i;
	}
	wide = m == -1 || s == -1;
	if (a == -1)
		a = 0;	/* wide sheets often leave the first header empty */
	while (rc == 0 && (got = csv_read(r, &rec)) == 1) {
		const char *who = (size_t)a < rec->nfields ?
		    trim(rec->fields[a]) : "";
		if (*who == '\0')
			continue;
		if ((rc = ratemail_span(p, who, 0, 0)) == -1)
			break;
		/* cells past the header have no metric (or column) name */
		for (i = 0; rc == 0 && i < rec->nfields && i < head.n; i++) {
			const char *v = trim(rec->fields[i]);
			const char *metric = wide ? head.v[i] :
			    (size_t)m < rec->nfields ? trim(rec->fields[m]) : "";
			/* wide: a column without a header names no metric */
			if (wide ? ((int)i == a || cols[i] == CC_COMMENT ||
			    *v == '\0' || *metric == '\0') : (int)i != s)
				continue;
			if (*metric == '\0') {
				rc = ratemail_problem(&p->errors, 0, who,
				    "mail.err_csv_no_metric", rec->line, v);
				continue;
			}
			if (!ratemail_score(v, &score, &max)) {
				rc = ratemail_problem(&p->errors, 0, who,
				    "mail.err_csv_score", rec->line, v, metric);
				continue;
			}
			rc = ratemail_add(p, rec->line, who, metric, score, max,
			    !wide && c >= 0 && (size_t)c < rec->nfields ?
			    trim(rec->fields[c]) : "");
		}
	}
	if (got == -1)
		ratemail_problem(&p->errors, 0, NULL, "mail.err_csv",
		    csv_error(r));
	strlist_free(&head);
	csv_close(r);
	return rc;
}
