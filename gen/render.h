/*
 * render.h - the plaintext of the gated pages: what the renderers
 * share (render.c), an athlete's page and its sections, a coach's own
 * page, a person's pieces of the dashboard (render_row.c) and the
 * dashboard's parts with the registry of their sections
 * (render_part.c).
 */
#ifndef COX_GEN_RENDER_H
#define COX_GEN_RENDER_H

#include "page.h"

/*
 * The shipped languages besides the team's, for the pages of people who
 * read another (build.c loads a template set for each, assets.c makes
 * the page scripts' words in each).
 */
#define PAGE_LANGS	8
struct page_langs {
	size_t			 n;
	char			 code[PAGE_LANGS][8];
	struct tmpl_set		*tmpl[PAGE_LANGS];
};

/* render.c: what the renderers of gated pages share */
struct render_ctx {
	struct db		*db;
	const struct tmpl_set	*tmpl;
	const struct page_langs	*langs;		/* NULL: the team's only */
	time_t			 now;
	const char		*team;
	const char		*sms_number;
	char			*address;	/* the team's email, or NULL */
	struct metric_set	 ms;
	struct metric		*metrics;	/* ms.v and ms.n */
	size_t			 nmetrics;
	char			**rubric;	/* each metric's, as HTML */
	struct checkin_items	 items;		/* the club's check-in items */
	char			 day[28][11];	/* the last 28 days, oldest first */
	int			 monday;	/* day[monday] is the first Monday */
	char			 updated[WORDS_DATE_MAX]; /* the build's day */
	double			 erg_noise;	/* [erg] noise, % in power */
	int			 erg_chart_watts; /* [erg] chart = watts */
};
struct render_ctx *render_new(struct db *, struct config *,
		    const struct tmpl_set *, time_t now);
/* 1 + lang's index in r->langs, or 0 for the team's (or one not shipped) */
int		 render_lang(const struct render_ctx *, const char *lang);
void		 render_updated(struct render_ctx *);
size_t		 render_fixed1(char out[FIXED1_MAX + 1], double);
json_t		*render_signed1(double);
json_t		*render_plain1(double);
#define RENDER_GROUPED_MAX	48	/* a long, 6 separators of 3 bytes */
const char	*render_grouped(long, char out[RENDER_GROUPED_MAX]);
const char	*render_change(long, char out[RENDER_GROUPED_MAX]);
#define RENDER_VALUE_MAX	(METRIC_VALUE_MAX + 16)	/* and separators */
const char	*render_value_text(const struct metric *, long kept,
		    char out[RENDER_VALUE_MAX]);
json_t		*render_value(const struct metric *, long kept);
int		 render_value_html(struct buf *, const struct metric *, long);
json_t		*render_gap(const struct metric *, long gap);
#define RENDER_ERG_MAX	(RENDER_VALUE_MAX + 32)	/* "1:45.0 (302.3 W)" */
const char	*render_erg_value(const struct metric *, long kept,
		    char out[RENDER_ERG_MAX]);
void		 render_free(struct render_ctx *);
struct guess {
	int64_t			 rating;	/* the coach rating guessed */
	int			 score;
};
struct athlete_data {
	struct rating_set	 rs;
	struct wellness_set	 ws;
	int			 ill[28];	/* oldest first */
	int			 items[4][28];	/* sleep..soreness, 0 none */
	int			 club[CHECKIN_ITEMS_MAX][28];	/* -1 none */
	struct guess		*guesses;	/* by rating id */
	size_t			 nguesses;
	unsigned		 guessed, close;	/* revealed; within 1 */
	int			 registered;	/* has a key not revoked */
	struct load		 load;		/* sessions of LOAD_DAYS */
	struct load_summary	 week;		/* and this week's figures */
	struct load_summary	 coach_week;	/* as coaches may see them */
	struct logbook_measure	*erg;		/* tests from the Logbook */
	size_t			 nerg;
};
int		 render_load(const struct render_ctx *, int64_t athlete,
		    struct athlete_data *);
void		 render_data_free(struct athlete_data *);
/*
 * What a viewer sees of one metric: the latest coach rating they may
 * see and the self-rating paired with it (so a gap always compares one
 * pair, never two rounds), or the latest self-rating when no coach
 * rating is visible; and whether a coach rating waits for an answer.
 */
struct metric_view {
	const struct metric	*m;
	const struct rating	*coach;
	const struct rating	*self;
	const struct rating	*latest;	/* a later self-rating, if other */
	int			 pending;	/* unanswered coach rating */
	size_t			 first, n;	/* its ratings in the set */
};
void		 render_metric_views(const struct render_ctx *,
		    const struct rating_set *, enum role viewer,
		    struct metric_view *);
/* render_erg.c: erg tests in watts, with their noise */
json_t		*render_erg(const struct render_ctx *, const struct athlete_data *,
		    const struct metric_view *, size_t i, enum role viewer);
json_t		*render_erg_rows(const struct athlete_data *,
		    const struct metric *);
json_t		*render_pending_names(const struct render_ctx *,
		    const struct metric_view *);
void		 render_rating_day(const struct rating *, char out[11]);
json_t		*render_json_buf(struct buf *);
/* The season the squad's gaps are shown over, in months, this one last. */
#define GAP_MONTHS	12
void		 render_month_back(const char *day, int back, char out[8]);
void		 render_season(const struct render_ctx *, char since[11],
		    json_t *ctx);
/*
 * Who opens a gated page: the people whose keys it is sealed to, each
 * once, in the order of its keys (gated.c gathers them from the same
 * list), and its magic link.
 */
/* A person a page names as a reader, checked once a build (gated.c). */
struct reader_seen {
	int64_t		 person;
	unsigned char	 pk[32];
	int		 ok;		/* a box can be sealed to pk */
	unsigned char	 shared[crypto_box_BEFORENMBYTES];	/* when ok */
	char		*name;
	enum role	 role;
};
/* Those checked so far, found by person through slot (index + 1, 0). */
struct readers_seen {
	struct reader_seen	*v;
	size_t			 n, cap;
	uint32_t		*slot;		/* 2 * cap of them */
};
void		 readers_seen_free(struct readers_seen *);
struct reader {
	int64_t		 person;
	char		*name;
	enum role	 role;
	int		 own;		/* the page is theirs */
};
struct readers {
	struct reader	*v;
	size_t		 n;
	int64_t		 link;		/* when its magic link was made */
	struct buf	 own;		/* its person's public keys: base64,
					   a space apart */
};
int		 render_readers(const struct readers *, json_t *ctx);

/* render_action.c: the dashboard's actions, as mailto: links */
json_t		*render_action(const struct render_ctx *, const char *name,
		    const char *a, const char *b);
json_t		*render_sheet(const struct render_ctx *, int64_t squad,
		    int64_t coach, const char *title);

/* render_athlete.c: an athlete's page */
int		 render_athlete(const struct render_ctx *,
		    const struct person *, struct athlete_data *,
		    const struct readers *, const char *root, struct buf *);
/* render_metric.c: one metric's block of it */
json_t		*render_athlete_metric(const struct render_ctx *,
		    const struct rating_set *, const struct metric_view *,
		    struct athlete_data *);
/* render_wellness.c: its check-ins */
int		 render_wellness(const struct render_ctx *,
		    const struct athlete_data *, json_t *ctx);
/* render_training.c: its training load */
int		 render_training(const struct athlete_data *, json_t *ctx);
/* render_plan.c: planned sessions, on it and on a squad's part */
int		 render_plan_athlete(const struct render_ctx *,
		    const struct person *, json_t *ctx);
/* render_season.c: its season */
int		 render_season_athlete(const struct render_ctx *,
		    const struct person *, const struct athlete_data *,
		    json_t *ctx);

/* render_row.c: a person's pieces of the dashboard */
/* A person's pieces of the dashboard, stored as fragments by name. */
enum { ROW_ROW, ROW_ROSTER, ROW_PENDING, ROW_FLAG, ROW_ROUNDS, ROW_LOAD,
	ROW_HEAT, ROW_GAPS, ROW_TREND, ROW_RATERS, ROW__MAX };
struct coach_row {
	struct buf	 part[ROW__MAX];
};
extern const char *const coach_row_parts[ROW__MAX];
#define ROUND_DAYS	56	/* the rounds a dashboard counts: 8 weeks */
int		 render_coach_row(const struct render_ctx *,
		    const struct person *, const struct athlete_data *,
		    const char *page, const char *link, int64_t created,
		    struct coach_row *);
void		 coach_row_free(struct coach_row *);

/* render_health.c: OSTRC-H2 weeks and injury episodes on the pages */
int		 render_health_athlete(const struct render_ctx *,
		    int64_t athlete, json_t *ctx);

/* render_part.c: a part of the dashboard, a squad's or the team's */
int		 render_dashboard(const struct render_ctx *, const char *root,
		    int64_t squad, const char *name, json_t *parts,
		    const struct readers *, struct buf *);
/* A part being drawn, as its sections read it. */
struct part {
	const struct render_ctx	*r;
	int64_t			 squad;		/* 0: the team's part */
	json_t			*team;		/* squad 0: kind -> fragments */
};
json_t		*part_fragments(const struct part *, const char *kind);
int		 part_set(json_t *ctx, const char *name, json_t *v);
const char	*part_line(const char *at, const char *end, char *ln,
		    size_t size);
/*
 * A section of a part, which its own file defines and places in
 * render_part.c's registry with PART_SECTION() at an order key, the
 * page's order: the parts it is on, its name in the template's
 * context, and what puts it there: its members' fragments of kind frag
 * (render_row.c), render, or both.  render returns 0, or -1 to fail
 * the part.
 */
#define PART_SQUAD	0x01	/* on a squad's part */
#define PART_TEAM	0x02	/* on the team's part */
#define PART_HAS	0x04	/* has_NAME says whether it has any, on
				   every part: the template asks */
#define PART_ACT	0x08	/* what it has needs acting on: has_act */
struct part_section {
	const char	*name;
	unsigned	 flags;
	const char	*frag;
	int		(*render)(const struct part *, json_t *ctx);
};
extern struct registry part_sections;	/* registry_table(): part_section */
/* A section s in the registry, at its order key (render_part.c). */
#define PART_SECTION(s, order)	REGISTRY_ENTRY(cox_sections, order, s, \
	_Generic(&(s), const struct part_section *: &(s)))

/* render_home.c: a coach's own page */
int		 render_coach_home(const struct render_ctx *,
		    const struct person *, json_t *parts, struct buf *);

#endif
