/*
 * ratemail.h - the rating parser's pieces, shared among ratemail*.c
 * (ratemail.c reads a text line by line with them); what the rest of
 * mail/ calls is mail.h's.
 */
#ifndef COX_INGEST_MAIL_RATEMAIL_H
#define COX_INGEST_MAIL_RATEMAIL_H

#include "mail.h"

/*
 * The parser's pieces, shared among ratemail*.c (ratemail.c reads a
 * text line by line with them).
 */
#define RM_MAX_LINE	2000	/* bytes of a line read */
#define RM_MAX_CELLS	64	/* of a table's row, or scores on a line */
#define RM_METRIC_WORDS	3	/* of a metric's, in a line of pairs */
struct rm_state {			/* from one line of a text to the next */
	struct rm_parse	*p;
	unsigned long	 n;		/* the line read */
	char		 athlete[256];	/* the block's, or "" */
	int		 blank;		/* a blank line since its last */
	struct strlist	 order;		/* from "order:" or a table header */
	unsigned long	 head;		/* the line that gave it */
	int		 named;		/* the header's first cell: names? */
};
enum rm_like {				/* how a word is compared with metrics */
	LIKE_NAMED,		/* its name or slug */
	LIKE_KNOWN,		/* or a start of one, three letters or
				 * more, or a word of its name ("2k") */
	LIKE_LOOSE		/* or any start, or a misspelling */
};
/* ratemail_rating.c: what a parse keeps */
void	 ratemail_name_straight(char *s);
int	 ratemail_add(struct rm_parse *p, unsigned long line,
	    const char *athlete, const char *metric, long score, long max,
	    const char *comment);
int	 ratemail_span(struct rm_parse *p, const char *athlete,
	    unsigned long line, unsigned long head);
/* ratemail_word.c: what a word or a cell is */
int	 ratemail_score(const char *tok, long *score, long *max);
int	 ratemail_blank(const char *tok);
size_t	 ratemail_dash(const char *s);
size_t	 ratemail_dash_end(const char *s, size_t len);
int	 ratemail_bare_time(const struct rm_parse *p, const char *words,
	    size_t len, const char *tok, long *score, long *max);
int	 ratemail_split(const struct rm_parse *rp, char *s, char **metric,
	    long *score, long *max, char **comment);
int	 ratemail_cell_score(const char *tok, long *score, long *max);
int	 ratemail_prose_score(const char *tok, size_t len, long *score,
	    long *max);
int	 ratemail_cells(char *s, int sep, char **cell, int max);
int	 ratemail_comma_name(const char *s, int strict);
int	 ratemail_name_like_as(const char *s, int scored);
int	 ratemail_name_like(const char *s);
void	 ratemail_read_as(struct rm_parse *p, size_t first, int how);
int	 ratemail_metric_like(const struct rm_parse *p, const char *name,
	    enum rm_like how);
/* ratemail_table.c: tables, an order, scores alone */
int	 ratemail_scores_only(char *const *cell, int n);
int	 ratemail_scores_add(struct rm_state *st, const char *athlete,
	    char *const *cell, int n, int skip, int exact);
int	 ratemail_order_line(struct rm_state *st, const char *s);
int	 ratemail_table_row(struct rm_state *st, const char *s, int sep);
int	 ratemail_lead_scores(const char *rest, char *copy, char **cell,
	    const char **comment);
int	 ratemail_scores_line(struct rm_state *st, const char *athlete,
	    char *const *cell, int n, const char *comment, int how);
/* ratemail_pairs.c: a line of pairs */
int	 ratemail_pairs_line(struct rm_state *st, const char *athlete,
	    char *rest);
/* ratemail_guess.c: a phone's lines */
int	 ratemail_named_line(struct rm_state *st, const char *s);
int	 ratemail_colonless(const struct rm_state *st, const char *s,
	    char name[256], char *copy, char **cell, const char **comment);
int	 ratemail_named_pair(struct rm_state *st, const char *s);
int	 ratemail_stray_line(struct rm_state *st, const char *s,
	    const char *metric, long score);
int	 ratemail_correction_line(struct rm_state *st, const char *s);

#endif
