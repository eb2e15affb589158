/*
 * parts.c - the parts of the dashboard: one per squad, coach/SLUG/,
 * and the team's (TEAM_PART), which lists the others.  Which parts
 * a coach opens, linked with their magic links (a coach's own page
 * lists them, pool.c), and the run that renders, seals and writes the
 * parts whose squads show something new (gated.c for each).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gen.h"

STMT(STMT_SQUAD_COACH_KEYS,
    "SELECT k.person_id, k.public_key, k.wrapped_secret "
    "FROM person_key k JOIN person p ON p.id = k.person_id "
    "WHERE p.active = 1 AND p.role = 'coach' AND k.revoked_at IS NULL "
    "AND k.person_id IN (SELECT person_id FROM membership "
    "WHERE squad_id = ?) ORDER BY k.id");
/* squads, with their athletes; ?1: only those person ?1 coaches
 * (0: all of them) */
STMT(STMT_SQUAD_PARTS,
    "SELECT s.id, s.name, s.slug, (SELECT count(*) FROM membership m "
    "JOIN person p ON p.id = m.person_id WHERE m.squad_id = s.id "
    "AND p.active = 1 AND p.role = 'athlete') FROM squad s "
    "WHERE ?1 = 0 OR s.id IN (SELECT squad_id FROM membership "
    "WHERE person_id = ?1) ORDER BY s.name COLLATE NOCASE, s.id");
STMT(STMT_TEAM_ATHLETES,
    "SELECT count(*) FROM person p WHERE active = 1 AND "
    "role = 'athlete' AND NOT EXISTS (SELECT 1 FROM membership m "
    "WHERE m.person_id = p.id)");

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

/* One part of the dashboard to build: squad's, or (NULL) the team's. */
struct part_job {
	struct gated		 g;
	const struct squad_part	*sq;
	json_t			*parts;	/* the team's lists the others */
	int			 ready;	/* prepared: to render */
	int			 rc;
};

/* The parts to render, shared by the threads that take them in turn. */
struct part_run {
	const struct build	*b;
	struct part_job		*v;
	size_t			 n, next;
	pthread_mutex_t		 mu;
};

/* Reads what part pj needs on the main thread (the page's keys). */
static int
part_prepare(struct build *b, struct part_job *pj)
{
	enum outcome	 key;

	pj->g.page = pj->sq != NULL ? pj->sq->page : TEAM_PART;
	pj->g.root = "../../";
	pj->g.kind = "coach";
	if ((key = gated_key(b, pj->g.page, &pj->g.k)) == OUT_NOTFOUND)
		return notes_again(&b->notes, 0);
	if (key != OUT_OK || gated_prepare(b, &pj->g, 0, pj->sq != NULL ?
	    db_query(b->ws->db, STMT_SQUAD_COACH_KEYS, "i", pj->sq->id) :
	    NULL, 1) == -1)
		return -1;
	pj->ready = 1;
	return 0;
}

/* Renders, seals and writes part pj; r reads through its own connection. */
static void
part_render(const struct build *b, const struct render_ctx *r,
    struct part_job *pj, struct scratch *s)
{
	int	 rc;

	buf_reset(&s->plain);
	jsonmem_begin();	/* the part's tree, let go at once */
	rc = render_dashboard(r, pj->g.root, pj->sq != NULL ? pj->sq->id : 0,
	    pj->sq != NULL ? pj->sq->name : words_get(NULL,
	    "gen.team_part_h"), pj->parts, &pj->g.readers, &s->plain);
	jsonmem_end();
	pj->rc = rc == -1 || gated_write(b, &pj->g, &s->plain, s) == -1 ?
	    -1 : 0;
}

/*
 * A thread of the parts' run: a squad's part reads its athletes' rows,
 * which the people's run wrote and committed, from its own snapshot.
 */
static void *
part_worker(void *arg)
{
	struct part_run		*pr = arg;
	struct render_ctx	 r;
	struct scratch		 s;
	struct db		*db;
	size_t			 i;
	int			 ok;

	scratch_init(&s);
	ok = worker_open(pr->b, &r, &db) == 0;
	for (;;) {
		pthread_mutex_lock(&pr->mu);
		i = pr->next++;
		pthread_mutex_unlock(&pr->mu);
		if (i >= pr->n)
			break;
		if (!pr->v[i].ready)
			continue;
		if (ok)
			part_render(pr->b, &r, &pr->v[i], &s);
		else
			pr->v[i].rc = -1;
	}
	worker_close(&s, db);
	return NULL;
}

/*
 * Renders the prepared parts of v (n of them): on as many threads as
 * the people's pages were, or here when there are few.
 */
static void
parts_render(struct build *b, struct part_job *v, size_t n)
{
	struct part_run	 pr = { b, v, n, 0, PTHREAD_MUTEX_INITIALIZER };
	struct scratch	 s;
	pthread_t	 tid[POOL_MAX];
	size_t		 threads = pool_size(n), started = 0, i;

	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, part_worker, &pr) != 0)
			break;
	for (i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	if (started > 0 && pr.next >= n)
		return;
	/* no thread (few parts, or none could start): the rest here */
	scratch_init(&s);
	for (i = pr.next; i < n; i++)
		if (v[i].ready)
			part_render(b, b->r, &v[i], &s);
	scratch_free(&s);
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
	struct part_job	*pj = NULL;
	json_t		*parts = json_array();
	size_t		 nv, i, n = 0;
	enum outcome	 linked = OUT_OK;
	int		 rc = 0;

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
	/* the team's part, then the squads' that show something new */
	if (rc == 0 && (pj = calloc(nv + 1, sizeof(*pj))) == NULL)
		rc = -1;
	if (rc == 0) {
		pj[n++].parts = parts;
		for (i = 0; i < nv; i++)
			if (all || (nsquads > 0 && bsearch(&v[i].id, squads,
			    nsquads, sizeof(*squads), cmp_id) != NULL))
				pj[n++].sq = &v[i];
	}
	for (i = 0; rc == 0 && i < n; i++)
		rc = part_prepare(b, &pj[i]);
	if (rc == 0)
		parts_render(b, pj, n);
	for (i = 0; i < n; i++) {
		if (rc == 0 && pj[i].ready && (pj[i].rc == -1 ||
		    gated_note(b, &pj[i].g) == -1))
			rc = -1;
		gated_clear(&pj[i].g);
	}
	free(pj);
out:
	squad_parts_free(v, nv);
	json_decref(parts);
	return rc;
}
