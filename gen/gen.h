/*
 * gen.h - what makes the site: cox build, cox publish, cox preview and
 * what they need: the site's git repository, templates, rendering,
 * charts and page encryption.  Includes lib/ only; never ingest/.
 */
#ifndef COX_GEN_H
#define COX_GEN_H

#include <limits.h>
#include <pthread.h>

#include <sodium.h>

#include "../lib/lib.h"

/* siterepo.c: site/ as a git work tree, through libgit2 only;
 * sitehistory.c its history made again; siteremote.c its remote */
int	 siterepo_setup(void);
void	 siterepo_fail(const char *what);
int	 siterepo_init(const char *path, const char *branch, int *created);
int	 siterepo_commit(const char *path, const char *name, const char *email,
	    int squash, const struct strlist *paths, int *made,
	    char oid_hex[41]);
int	 siterepo_index_refresh(const char *path);
struct git_repository;
struct git_reference;
int	 siterepo_open_head(const char *path, struct git_repository **,
	    struct git_reference **head, const char **branch);
/* The site's git remote, and how cox gets into it (publish.c loads it). */
struct site_remote {
	const char	*url;		/* [site] remote */
	char		*token;		/* HTTPS: remote_token_file's, or NULL */
	const char	*ssh_key;	/* SSH: ssh_key_file, or NULL: the agent */
	const char	*known_hosts;	/* SSH: known_hosts_file, or NULL */
	unsigned	 port;		/* SSH: the URL's port, 0 when none */
};
int	 siterepo_push(const char *path, const struct site_remote *,
	    int force);
int	 siterepo_keep(const char *path, size_t keep, int *rewrote);
int	 siterepo_prune(const char *path);
/* What siterepo_filter() leaves out of the history it makes again. */
struct site_filter {
	const struct strlist *gone;	/* out of every commit, or NULL */
	const struct strlist *old;	/* out of all but the newest, or NULL */
	int64_t		 before;	/* commits older dropped; 0: none */
	size_t		 keep;		/* the last keep only; 0: all */
};
int	 siterepo_filter(const char *path, const struct site_filter *,
	    int *rewrote);
int	 siterepo_holding(const char *path, const struct strlist *paths,
	    size_t *holding, size_t *total);
int	 siterepo_naming(const char *path, const char *dir,
	    const char *needle, struct strlist *out);
int	 siterepo_clone(const struct site_remote *, const char *path,
	    const char *branch);
int	 siterepo_probe(const struct site_remote *);
int	 siterepo_head(const char *path, char oid[41], int64_t *when);

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
 * A section of a part, which its own file defines and render_part.c's
 * registry lists in the page's order: the parts it is on, its name in
 * the template's context, and what puts it there: its members'
 * fragments of kind frag (render_row.c), render, or both.  render
 * returns 0, or -1 to fail the part.
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
/* render_row.c */
extern const struct part_section part_pending, part_flags, part_rows,
		 part_load, part_roster;
/* render_messages.c: what came in and went out */
extern const struct part_section part_failed, part_inbox, part_unknown,
		 part_outbox;
/* render_health.c */
extern const struct part_section part_episodes, part_health;
/* render_heat.c: the last 28 days; who is trending worse */
extern const struct part_section part_heat, part_trend;
/* render_gaps.c: the season's coach-and-self gaps */
extern const struct part_section part_gaps;
/* render_raters.c: the coaches as raters, on the team's part */
extern const struct part_section part_raters;
/* avail.c: who is coming, on a squad's part */
extern const struct part_section part_avail;
/* render_plan.c */
extern const struct part_section part_plan;
/* render_seat.c: seat races, on a squad's part */
extern const struct part_section part_seat;
/* render_rounds.c: the rating rounds */
extern const struct part_section part_rounds;

/* render_home.c: a coach's own page */
int		 render_coach_home(const struct render_ctx *,
		    const struct person *, json_t *parts, struct buf *);

/*
 * The parts of cox build, from the bottom up: each file calls only
 * those above it here, never back.  A build (struct build, build.c)
 * takes the dirty marks in a short write transaction, then reads the
 * database in the main thread from a read snapshot, renders and seals
 * pages in a pool of workers (pool.c) that write each gated page
 * (gated.c) as a file of site/ (sitefile.c), writes the assets and
 * public pages (assets.c) and the dashboard's parts (parts.c), and
 * notes what it wrote (notes.c).
 */
struct build;

/* notes.c: what a build writes to cox.db, kept until it writes it */
/*
 * What a build writes to the database, kept while it renders from a
 * read snapshot and written in short write transactions through a
 * connection of its own.
 */
struct note {
	enum stmt	 stmt;		/* the statement that writes it */
	int64_t		 id;		/* its person, or when */
	char		*a, *b;		/* its texts */
	unsigned char	 fp[32];	/* a page's fingerprint */
};
struct notes {
	struct db	*db;		/* the writing connection */
	struct note	*v;
	size_t		 n, cap, bytes;
};
int	 notes_open(struct notes *, struct db *);
void	 notes_free(struct notes *);
int	 notes_page(struct notes *, const char *file, const unsigned char fp[32]);
int	 notes_unlisted(struct notes *, const char *file);
int	 notes_row(struct notes *, int64_t person, const char *part,
	    const char *body);
int	 notes_rows_gone(struct notes *, int64_t person);
int	 notes_meta(struct notes *, const char *key, const char *value);
int	 notes_again(struct notes *, int64_t person);
int	 notes_due(const struct notes *);
int	 notes_write(struct notes *);
int	 notes_finish(struct notes *);

/* sitefile.c: one file of site/, written only when its bytes changed */
enum outcome sitefile_put(const char *site, const char *rel, const char *data,
	    size_t len, int *wrote);
#define RECORD_FILE ".site-changes"
int	 sitefile_changed(struct build *, const char *rel);
int	 sitefile_record_begin(const struct workspace *);
int	 sitefile_record_end(const struct build *);
enum outcome sitefile_record_take(const struct workspace *, struct strlist *,
	    const char **why);
void	 sitefile_record_done(const struct workspace *);
enum outcome sitefile_write(struct build *, const char *rel, const char *data,
	    size_t len);

/* assets.c: the files besides gated pages: assets, public pages */
int	 assets_build(struct build *);
int	 assets_register(struct build *);
int	 assets_public(struct build *);
int	 assets_locators(struct build *);
json_t	*assets_page_ctx(const struct build *, const char *root, int lang);
void	 assets_shell_fp(const unsigned char content[32], unsigned char fp[32]);
int	 assets_prune(struct build *);

/* gated.c: one gated page, its keys, sealed and written */
/*
 * One gated page: what the main thread reads from the database for it
 * (keys, the manifest's fingerprint), and what renders it elsewhere.
 */
struct gated {
	const char	*page;		/* "a/SLUG/", "coach/", "coach/SLUG/" */
	int		 lang;		/* 1 + its reader's in langs; 0 the team's */
	const char	*root;		/* from the page to the site's top */
	const char	*kind;		/* "athlete", "coach" */
	int		 squeeze;	/* compressed: an athlete's (seal.c) */
	struct page_keys k;
	struct seal_key	*keys;
	size_t		 nkeys;
	struct readers	 readers;	/* whose keys and link open it */
	unsigned char	 old[32];	/* the manifest's fingerprint */
	int		 has_old;
	unsigned char	 fp[32];	/* the plaintext's and the shell's */
	int		 sealed;	/* fp is new to the manifest */
	int		 written;	/* and the file had other bytes */
	struct strlist	 files;		/* pieces written or removed */
};

/*
 * The buffers a thread renders and seals pages in, kept from one page
 * to the next: pages are alike in size, so after the first few nothing
 * is allocated or copied to grow.
 */
struct scratch {
	struct buf	 plain, payload, html, work;
	struct seal_squeeze squeeze;	/* this worker's compressors */
	struct pieces	 pieces;
	struct buf	 there;		/* the ids of the page's piece files */
	struct buf	 dents;		/* getdents64() reads folders here */
	json_t		*shell;		/* assets_page_ctx() of the last page */
	char		 shell_root[64];	/* ...for this root */
	int		 shell_lang;		/* ...and language */
};

enum outcome gated_key(struct build *, const char *page, struct page_keys *);
void	 gated_keys_free(struct seal_key *, size_t);
int	 gated_keys_add(struct build *, sqlite3_stmt *, struct seal_key **,
	    size_t *);
int	 gated_prepare(struct build *, struct gated *, int64_t who,
	    sqlite3_stmt *readers, int heads);
void	 gated_clear(struct gated *);
void	 scratch_init(struct scratch *);
void	 scratch_free(struct scratch *);
int	 gated_write(const struct build *, struct gated *, struct buf *plain,
	    struct scratch *);
int	 gated_note(struct build *, const struct gated *);
int	 gated_remove(struct build *, const char *page);

/* parts.c: the dashboard's parts, which a coach opens, and their run */
/*
 * The dashboard comes in parts, all at the same depth, so the rows
 * they share link the same way: one per squad, coach/SLUG/, for its
 * coaches and the head coaches, and the team's, for the head coaches
 * alone (who is in no squad, unknown senders, the list of squads).
 */
#define TEAM_PART	"coach/team/"
enum outcome parts_list(struct build *, const char *root, int64_t coach,
	    int head, json_t **);
int	 parts_build(struct build *, int64_t *squads, size_t nsquads, int all);

/* pool.c: the jobs of a build (one a person) and the workers */
/*
 * Everything one person shows up in (their page, their dashboard row):
 * prepared from the database by the main thread, rendered by a worker,
 * noted in the database by the main thread again.
 */
struct job {
	struct person	 p;
	char		 page[64];
	char		 rel[160];	/* their page and magic link */
	int		 athlete;	/* an athlete's page */
	int		 home;		/* a coach's page: their dashboards */
	json_t		*parts;		/* which, for a coach */
	struct gated	 g;
	struct coach_row row;
	int		 rc;
	struct job	*next;
};

/*
 * Workers: each renders, seals and writes pages with its own read-only
 * connection, whose view begins when it starts (no earlier than the
 * main thread's: what was stored since is marked for the next build);
 * the main thread alone notes what they wrote.  At most
 * POOL_WINDOW jobs are out at a time, so memory stays flat.
 */
#define POOL_MAX	8
#define POOL_WINDOW	64
#define POOL_MIN_JOBS	8	/* fewer people: the main thread renders */

struct pool {
	struct build	*b;
	pthread_mutex_t	 mu;
	pthread_cond_t	 todo_cv, done_cv;
	struct job	*todo, **todo_tail, *done, **done_tail;
	int		 stop, failed;
	size_t		 nthreads;
	pthread_t	 thread[POOL_MAX];
};

void	 job_free(struct job *);
int	 job_prepare(struct build *, int64_t id, struct job **);
void	 job_render(const struct build *, const struct render_ctx *,
	    struct job *, struct scratch *);
int	 job_finish(struct build *, struct job *);
size_t	 pool_size(size_t jobs);
int	 worker_open(const struct build *, struct render_ctx *, struct db **);
void	 worker_close(struct scratch *, struct db *);
int	 pool_start(struct pool *, struct build *, size_t n);
void	 pool_submit(struct pool *, struct job *);
struct job *pool_done(struct pool *);
void	 pool_stop(struct pool *);

/* build.c: cox build, over all of the above */
struct build {
	struct workspace	*ws;
	struct render_ctx	*r;
	struct tmpl_set		*tmpl;
	struct page_langs	 langs;
	const char		*site_id;
	char			 site[4096];
	int			 force;
	unsigned		 written, unchanged, removed;
	crypto_generichash_state fp;	/* fingerprint of the inputs */
	unsigned char	 shell_in[32];	/* ...of the templates and words */
	struct seal_key		*head;		/* every page is sealed to */
	size_t			 nhead;
	struct strlist		 unusable;	/* people whose key is not */
	struct readers_seen	 seen;		/* gated.c's readers, once */
	struct site_sender	 sender;	/* what boxes are from */
	struct notes		 notes;		/* what it writes to cox.db */
	struct strlist		 changed;	/* paths written or removed */
};
enum outcome build_site(struct workspace *, int force, unsigned *written);

/* publish.c: cox publish */
struct publish_result {
	int		 committed;	/* the commit step succeeded */
	int		 made;		/* a commit was made (site changed) */
	char		 oid[41];	/* its id */
	const char	*pushed;	/* the remote pushed to, or NULL */
};
enum outcome site_remote_load(const struct workspace *, struct site_remote *);
void	 site_remote_free(struct site_remote *);
enum outcome publish_site(struct workspace *, int push, int all,
	    struct publish_result *);
int	 publish_force_next(struct workspace *);

/* erase.c: cox roster erase */
struct erase_plan {
	int64_t		 person;
	struct person	 p;
	size_t		*counts;	/* rows per person_tables entry */
	char		 site[4096];
	struct strlist	 paths;		/* theirs in site/: a/SLUG, l/... */
	size_t		 files;		/* of them in site/ now */
	size_t		 holding;	/* commits holding one of paths */
	size_t		 commits;	/* of the site's history */
	const char	*backup_dir;	/* [backup] dir, or NULL */
	long		 backup_keep;	/* [backup] keep */
	struct strlist	 backups;	/* backups made since they came */
	size_t		 redacted;	/* others' texts that named them */
	int		 scrubbed;	/* db_scrub(): 0, 1, 2 or -1 */
	struct erase_names *names;	/* what names them, outside cox.db */
	struct erase_mail mail;		/* mail about them cox.db stood for */
};
enum outcome erase_plan(struct workspace *, int64_t person,
	    struct erase_plan *);
void	 erase_plan_free(struct erase_plan *);
enum outcome erase_person(struct workspace *, struct erase_plan *,
	    int *rewrote, char audit[33]);
enum outcome erase_history_before(struct workspace *, time_t cut,
	    int *rewrote);

/* preview.c: cox preview */
struct sockaddr_in;
enum outcome preview_serve(const char *site, const struct sockaddr_in *);

/* init.c: cox init, cox demo */
enum outcome init_workspace(const char *dir, const char *lang,
		    const char *cc, const char *zone, const char *authserv,
		    struct strlist *made);
enum outcome init_restored(const char *dir, int *cloned);

/* versions.c: the libraries only gen/ links, one "name version" a line */
const char	*gen_versions(void);

#endif
