/*
 * parts.c - the parts of the dashboard: one per squad, coach/SLUG/,
 * and the team's (TEAM_PART), which lists the others.  Which parts
 * a coach opens, linked with their magic links (a coach's own page
 * lists them, pool.c), and the run that renders, seals and writes the
 * parts whose squads show something new (gated.c for each).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gen.h"

/* A squad, and the part of the dashboard that is its. */
struct squad_part {
	int64_t		 id;
	char		*name;
	char		 page[64];	/* coach/SLUG/ */
	long		 athletes;
};

static void
squad_parts_free(struct squad_part *v, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/* The squads coach coaches (0: every squad), by name. */
static int
squad_parts(struct db *db, int64_t coach, struct squad_part **out, size_t *n)
{
	sqlite3_stmt	*st = db_query(db, STMT_SQUAD_PARTS, "i", coach);
	struct squad_part *v = NULL, *more;
	int		 rc;

	*n = 0;
	while ((rc = db_row(db, st)) == OUT_ROW) {
		if ((more = reallocarray(v, *n + 1, sizeof(*v))) == NULL) {
			sqlite3_reset(st);
			rc = -1;
			break;
		}
		v = more;
		v[*n].id = sqlite3_column_int64(st, 0);
		v[*n].name = xstrdup(db_text(st, 1));
		snprintf(v[*n].page, sizeof(v[*n].page), "coach/%s/",
		    db_text(st, 2));
		v[(*n)++].athletes = (long)sqlite3_column_int64(st, 3);
	}
	*out = v;
	return rc;
}

/*
 * A part's entry in a list of them, linked from root with its magic
 * link (for a coach who has not set a password yet).  Returns OUT_OK,
 * OUT_NOTFOUND when the part has no key (gated_key()) or OUT_FAILED.
 */
static enum outcome
part_link(struct build *b, json_t *a, const char *root, const char *page,
    const char *name, long athletes)
{
	struct page_keys k;
	char		 secret[64], href[256];
	enum outcome	 rc;

	if ((rc = gated_key(b, page, &k)) == OUT_OK &&
	    (pagekey_link(&k, secret, sizeof(secret)) == -1 ||
	    snprintf(href, sizeof(href), "%s%s#k=%s", root, page, secret) >=
	    (int)sizeof(href) || json_array_append_new(a, json_pack(
	    "{s:s, s:s, s:I, s:b, s:b}", "name", name, "href", href,
	    "athletes", (json_int_t)athletes, "one", athletes == 1, "team",
	    strcmp(page, TEAM_PART) == 0)) == -1))
		rc = OUT_FAILED;
	sodium_memzero(&k, sizeof(k));
	sodium_memzero(secret, sizeof(secret));
	sodium_memzero(href, sizeof(href));
	return rc;
}

/* The athletes in no squad, whom the team's part shows. */
static long
team_athletes(struct build *b)
{
	sqlite3_stmt	*st = db_query(b->ws->db, STMT_TEAM_ATHLETES, "");
	long		 n = 0;

	if (db_row(b->ws->db, st) == OUT_ROW) {
		n = (long)sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	return n;
}

/*
 * The parts of the dashboard coach opens, linked from root, into *out:
 * a head coach's (head) the team's and every squad's, a coach's their
 * squads'.  Returns OUT_OK, OUT_NOTFOUND when a part has no key (see
 * gated_key()) or OUT_FAILED.
 */
enum outcome
parts_list(struct build *b, const char *root, int64_t coach, int head,
    json_t **out)
{
	struct squad_part *v;
	json_t		*a = json_array();
	size_t		 n, i;
	enum outcome	 rc = OUT_OK;

	*out = NULL;
	if (squad_parts(b->ws->db, head ? 0 : coach, &v, &n) == -1)
		rc = OUT_FAILED;
	if (rc == OUT_OK && head)
		rc = part_link(b, a, root, TEAM_PART, words_get(NULL,
		    "gen.team_part"), team_athletes(b));
	for (i = 0; rc == OUT_OK && i < n; i++)
		rc = part_link(b, a, root, v[i].page, v[i].name,
		    v[i].athletes);
	squad_parts_free(v, n);
	if (rc != OUT_OK) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return OUT_OK;
}

/* One part of the dashboard: squad's, or (squad NULL) the team's. */
static int
part_build(struct build *b, struct scratch *s, const struct squad_part *sq,
    json_t *parts)
{
	struct gated	 g;
	enum outcome	 key;
	int		 rc = 0;

	memset(&g, 0, sizeof(g));
	g.page = sq != NULL ? sq->page : TEAM_PART;
	g.root = "../../";
	g.kind = "coach";
	buf_reset(&s->plain);
	if ((key = gated_key(b, g.page, &g.k)) == OUT_NOTFOUND)
		rc = notes_again(&b->notes, 0);
	else if (key != OUT_OK || gated_prepare(b, &g, 0, sq != NULL ?
	    db_query(b->ws->db, STMT_SQUAD_COACH_KEYS, "i", sq->id) : NULL,
	    1) == -1 || render_dashboard(b->r, g.root, sq != NULL ? sq->id :
	    0, sq != NULL ? sq->name : words_get(NULL, "gen.team_part_h"),
	    parts, &g.readers, &s->plain) == -1 || gated_write(b, &g, &s->plain, s) == -1 ||
	    gated_note(b, &g) == -1)
		rc = -1;
	gated_clear(&g);
	return rc;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t	 x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The dashboard's parts: the team's, and those of the nsquads squads
 * (sorted here), or every squad's when all.  An unchanged part is not
 * rewritten (gated_write()).  A part whose key was dropped meanwhile
 * leaves the whole dashboard to the next build.  Returns 0 or -1.
 */
int
parts_build(struct build *b, int64_t *squads, size_t nsquads, int all)
{
	struct squad_part *v;
	struct scratch	 s;
	json_t		*parts = json_array();
	size_t		 nv, i;
	enum outcome	 linked = OUT_OK;
	int		 rc = 0;

	memset(&s, 0, sizeof(s));
	if (nsquads > 0)
		qsort(squads, nsquads, sizeof(*squads), cmp_id);
	if (squad_parts(b->ws->db, 0, &v, &nv) == -1)
		linked = OUT_FAILED;
	for (i = 0; linked == OUT_OK && i < nv; i++)
		linked = part_link(b, parts, "../../", v[i].page, v[i].name,
		    v[i].athletes);
	if (linked == OUT_NOTFOUND) {
		rc = notes_again(&b->notes, 0);
		goto out;
	}
	if (linked != OUT_OK)
		rc = -1;
	/* where the one dashboard was, before it came in parts */
	if (rc == 0)
		rc = gated_remove(b, "coach/");
	if (rc == 0)
		rc = part_build(b, &s, NULL, parts);
	for (i = 0; rc == 0 && i < nv; i++)
		if (all || (nsquads > 0 && bsearch(&v[i].id, squads,
		    nsquads, sizeof(*squads), cmp_id) != NULL))
			rc = part_build(b, &s, &v[i], NULL);
out:
	squad_parts_free(v, nv);
	json_decref(parts);
	scratch_free(&s);
	return rc;
}
