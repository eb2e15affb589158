/*
 * page.h - what a page is made with, below any page of its own:
 * templates (template.c), SVG charts (chart.c), Markdown (markdown.c),
 * a page cut into its pieces (pieces.c) and sealed (seal.c).
 */
#ifndef COX_GEN_PAGE_H
#define COX_GEN_PAGE_H

#include <limits.h>

#include <sodium.h>

#include "../lib/season.h"

/* template.c: logic-less templates over jansson values */
typedef struct json_t json_t;
struct tmpl_set;
struct tmpl_set	*tmpl_set_new(void);
int		 tmpl_add(struct tmpl_set *, const char *name, const char *src,
		    size_t len);
int		 tmpl_load_dir(struct tmpl_set *, const char *dir);
int		 tmpl_render(const struct tmpl_set *, const char *name,
		    json_t *ctx, struct buf *out);
void		 tmpl_set_free(struct tmpl_set *);
int		 tmpl_set_lang(struct tmpl_set *, const char *lang);

/* chart.c: SVG charts written directly */
/* no score: 0 may be one (a scale from 0, a count) */
#define CHART_NONE	INT_MIN
struct chart_pair {
	const char	*name;
	long		 min, max;
	int		 coach, self;	/* CHART_NONE: not shown */
};
struct chart_point {
	int		 coach, self;	/* CHART_NONE: none that round */
	char		 day[11];	/* the round's date, YYYY-MM-DD */
};
int	 chart_pairs(struct buf *, const struct chart_pair *, size_t);
int	 chart_history(struct buf *, const struct chart_point *, size_t,
	    const struct metric *, const char *title, const char *today,
	    const char *place);
int	 chart_club(struct buf *, const struct checkin_items *,
	    const int club[][28], const char *first_day, const char *last_day);
int	 chart_items(struct buf *, const int items[4][28], const int ill[28],
	    const char *first_day, const char *last_day);
int	 chart_load(struct buf *, const long daily[28],
	    const double usual[28], const char *first_day,
	    const char *last_day);
#define CHART_PLAN_ROWS	12	/* planned sessions a chart draws */
int	 chart_plan(struct buf *, const struct plan_set *, size_t first,
	    size_t end);
long	 chart_day_number(const char *day);

/* markdown.c: cmark, safe mode */
int	 markdown_html(struct buf *, const char *md);
void	 markdown_done(void);

/* pieces.c: a page's plaintext cut into the page and its pieces */
#define PIECE_MIN	1024	/* bytes: a smaller group stays in the page */
#define PIECES_MAX	64	/* groups a page; those past it stay in it */
struct piece {
	char		 name[24];	/* its group's: [a-z0-9] */
	size_t		 len;		/* its spans' bytes, and a byte each */
	struct buf	 plain;		/* "NAME", then a 0 and a span, each */
	struct buf	 coded;		/* plain as sealed: seal_piece_id() */
	char		 id[33];	/* its file's name: seal_piece_id() */
};
struct span {
	int		 group;		/* in pieces.v, or -1 */
	char		 place[36];	/* in the page: [a-z0-9-] */
	char		 run[64];	/* its run's mark: pieces.c */
	int		 out;		/* in its piece, not the page */
	int		 parent, prev;	/* the span it is in; the one before it
					   there (indexes, or -1) */
	size_t		 mark, from, to, end;	/* offsets in the page */
};
#define PIECES_DEPTH	4	/* spans in spans in ... */
#define PIECES_PLACES	256	/* places whose runs are counted */
struct pieces {
	struct buf	 live;		/* the page, a mark for each run */
	struct piece	 v[PIECES_MAX];
	size_t		 n;
	struct span	*span;
	size_t		 nspan, capspan;
	struct {
		char	 name[36];
		unsigned runs;
	}		 place[PIECES_PLACES];	/* run_of()'s count */
	size_t		 nplace;
};
int	 pieces_cut(struct pieces *, const char *html, size_t len);
int	 pieces_history(char name[16], const char *day, const char *today);
int	 pieces_closed(const struct piece *);
void	 pieces_reset(struct pieces *);
void	 pieces_free(struct pieces *);

/* seal.c: page encryption */
#define SEAL_VERSION	6	/* the payload's: site-templates/payload.md */
extern const char seal_format[];	/* "payload 6": in fingerprints */
#define SEAL_PLAIN	0	/* a plaintext's first byte: as it is */
#define SEAL_DEFLATE	1	/* raw DEFLATE of it (libdeflate) */
size_t	 seal_block(size_t len);
/* One worker's compressors, made on first use (seal_deflate()): for
 * what is sealed again and again, and for what is sealed once. */
struct libdeflate_compressor;
struct seal_squeeze {
	struct libdeflate_compressor	*often, *once;
};
int	 seal_deflate(struct buf *out, const void *, size_t,
	    struct seal_squeeze *, int once);
void	 seal_squeeze_free(struct seal_squeeze *);
/* A registered key a page is sealed to, and its wrapped secret key. */
struct seal_key {
	unsigned char	 pk[32];
	char		*wrapped;	/* canonical JSON, or NULL */
	int64_t		 person;
	int		 unusable;	/* no box can be sealed to it */
	/* seal_shared() of pk, when usable */
	unsigned char	 shared[crypto_box_BEFORENMBYTES];
};
int	 seal_shared(const struct site_sender *, const unsigned char pk[32],
	    unsigned char shared[crypto_box_BEFORENMBYTES]);
int	 seal_page(const char *site_id, const char *path,
	    const struct page_keys *, const unsigned char sender[32],
	    const struct seal_key *, size_t nkeys,
	    const char *html, size_t len, struct seal_squeeze *,
	    const unsigned char fp[32], const struct pieces *, struct buf *work,
	    struct buf *out);
int	 seal_piece_id(const struct page_keys *, struct piece *,
	    struct seal_squeeze *);
int	 seal_piece(const char *site_id, const char *path,
	    const struct page_keys *, struct piece *, struct buf *out);
int	 seal_piece_whole(const struct piece *, size_t size);
void	 seal_fingerprint(const struct page_keys *,
	    const struct seal_key *, size_t nkeys, const struct pieces *,
	    unsigned char out[32]);

#endif
