/*
 * pool.c - the jobs of cox build and the threads that run them: a job
 * is everything one person shows up in (their page, their dashboard
 * row), prepared from the database by the main thread (job_prepare),
 * rendered and sealed by a worker (job_render), and noted for the
 * database by the main thread again (job_finish, notes.c).
 */
#include <pthread.h>

#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sodium.h>

#include "gen.h"

/* the coaches of athlete ?'s squads, whose keys open their page */
STMT(STMT_READER_KEYS,
    "SELECT k.person_id, k.public_key, k.wrapped_secret "
    "FROM person_key k JOIN person p ON p.id = k.person_id "
    "WHERE p.active = 1 AND p.role = 'coach' AND k.revoked_at IS NULL "
    "AND k.person_id IN (SELECT mc.person_id FROM membership ma "
    "JOIN membership mc ON mc.squad_id = ma.squad_id "
    "WHERE ma.person_id = ?) ORDER BY k.id");

void
job_free(struct job *j)
{
	if (j == NULL)
		return;
	person_clear(&j->p);
	gated_clear(&j->g);
	coach_row_free(&j->row);
	json_decref(j->parts);
	sodium_memzero(j->rel, sizeof(j->rel));
	free(j);
}

/*
 * Reads what person id's share of the build needs.  Sets *out to NULL
 * when nothing is to be rendered (they left: their page and rows go;
 * or a key of theirs was dropped: the next build renders them).
 */
int
job_prepare(struct build *b, int64_t id, struct job **out)
{
	struct job	*j;
	char		 link[64];
	enum outcome	 key;
	int		 rc;

	*out = NULL;
	if ((j = calloc(1, sizeof(*j))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	if (person_load(b->ws->db, id, &j->p) == -1) {
		job_free(j);
		/* gone from the table: nothing of theirs may remain */
		return notes_rows_gone(&b->notes, id);
	}
	snprintf(j->page, sizeof(j->page), "a/%s/", j->p.slug);
	if (!j->p.active) {
		rc = gated_remove(b, j->page) == -1 ||
		    notes_rows_gone(&b->notes, id) == -1;
		job_free(j);
		return rc ? -1 : 0;
	}
	j->athlete = j->p.role == ROLE_ATHLETE;
	j->home = !j->athlete;
	j->g.page = j->page;
	j->g.root = "../../";
	j->g.kind = j->athlete ? "athlete" : "coach";
	j->g.squeeze = j->athlete;
	/*
	 * An athlete's page opens for them, the coaches of their squads
	 * and the head coaches; a coach's, which lists the parts of the
	 * dashboard they open, for them alone.  A key dropped since the
	 * build made the missing ones (revoked): the next build makes
	 * the page with a new one.
	 */
	if ((key = gated_key(b, j->page, &j->g.k)) == OUT_OK && j->home)
		key = parts_list(b, j->g.root, id, j->p.role ==
		    ROLE_HEAD_COACH, &j->parts);
	if (key == OUT_NOTFOUND) {
		job_free(j);
		return notes_again(&b->notes, id);
	}
	if (key != OUT_OK || pagekey_link(&j->g.k, link, sizeof(link)) == -1 ||
	    gated_prepare(b, &j->g, id, j->athlete ? db_query(b->ws->db,
	    STMT_READER_KEYS, "i", id) : NULL, j->athlete) == -1) {
		sodium_memzero(link, sizeof(link));
		job_free(j);
		return -1;
	}
	snprintf(j->rel, sizeof(j->rel), "../../%s#k=%s", j->page, link);
	sodium_memzero(link, sizeof(link));
	*out = j;
	return 0;
}

/* Renders a job's page and row; r reads through its own connection. */
void
job_render(const struct build *b, const struct render_ctx *r, struct job *j,
    struct scratch *s)
{
	struct athlete_data data;
	struct render_ctx rl = *r;
	const char	*was;
	int		 rc;

	j->rc = -1;
	if (render_load(r, j->p.id, &data) == -1)
		return;
	buf_reset(&s->plain);
	/*
	 * Their own page in their language (its templates' words and
	 * those made in C); their rows of the dashboard in the team's,
	 * which every coach of the squad reads.
	 */
	if ((j->g.lang = render_lang(r, j->p.language)) > 0)
		rl.tmpl = r->langs->tmpl[j->g.lang - 1];
	was = words_reader(j->g.lang > 0 ? j->p.language : NULL);
	if (j->g.lang > 0)
		render_updated(&rl);
	jsonmem_begin();	/* the page's tree, let go at once */
	rc = j->athlete ? render_athlete(&rl, &j->p, &data, &j->g.readers,
	    j->g.root, &s->plain) : render_coach_home(&rl, &j->p, j->parts,
	    &s->plain);
	jsonmem_end();
	words_reader(was);
	if (rc == 0 && gated_write(b, &j->g, &s->plain, s) == 0 &&
	    render_coach_row(r, &j->p, &data, j->page, j->rel,
	    j->p.created_at, &j->row) == 0)
		j->rc = 0;
	render_data_free(&data);
}

/* Stores what a worker rendered. */
static int
job_note(struct build *b, struct job *j)
{
	size_t	 i;

	if (j->rc == -1 || gated_note(b, &j->g) == -1)
		return -1;
	for (i = 0; i < ROW__MAX; i++)
		if (notes_row(&b->notes, j->p.id, coach_row_parts[i],
		    j->row.part[i].data ? j->row.part[i].data : "") == -1)
			return -1;
	return 0;
}

/* A worker: takes jobs off todo, renders each, hands it back on done. */
static void *
pool_worker(void *arg)
{
	struct pool		*pl = arg;
	struct render_ctx	 r;
	struct scratch		 s;
	struct db		*db;
	struct job		*j;
	int			 ok;

	scratch_init(&s);
	ok = worker_open(pl->b, &r, &db) == 0;
	pthread_mutex_lock(&pl->mu);
	for (;;) {
		while (pl->todo == NULL && !pl->stop)
			pthread_cond_wait(&pl->todo_cv, &pl->mu);
		if ((j = pl->todo) == NULL)
			break;
		if ((pl->todo = j->next) == NULL)
			pl->todo_tail = &pl->todo;
		pthread_mutex_unlock(&pl->mu);
		j->next = NULL;
		if (ok)
			job_render(pl->b, &r, j, &s);
		else
			j->rc = -1;
		pthread_mutex_lock(&pl->mu);
		*pl->done_tail = j;
		pl->done_tail = &j->next;
		pthread_cond_signal(&pl->done_cv);
	}
	pthread_mutex_unlock(&pl->mu);
	worker_close(&s, db);
	return NULL;
}

int
pool_start(struct pool *pl, struct build *b, size_t n)
{
	memset(pl, 0, sizeof(*pl));
	pl->b = b;
	pl->todo_tail = &pl->todo;
	pl->done_tail = &pl->done;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->todo_cv, NULL);
	pthread_cond_init(&pl->done_cv, NULL);
	for (; pl->nthreads < n; pl->nthreads++)
		if (pthread_create(&pl->thread[pl->nthreads], NULL,
		    pool_worker, pl) != 0) {
			log_error("cannot start a build thread");
			return -1;
		}
	return 0;
}

void
pool_submit(struct pool *pl, struct job *j)
{
	pthread_mutex_lock(&pl->mu);
	*pl->todo_tail = j;
	pl->todo_tail = &j->next;
	pthread_cond_signal(&pl->todo_cv);
	pthread_mutex_unlock(&pl->mu);
}

/* The next job a worker finished, waiting for one. */
struct job *
pool_done(struct pool *pl)
{
	struct job	*j;

	pthread_mutex_lock(&pl->mu);
	while (pl->done == NULL)
		pthread_cond_wait(&pl->done_cv, &pl->mu);
	j = pl->done;
	if ((pl->done = j->next) == NULL)
		pl->done_tail = &pl->done;
	pthread_mutex_unlock(&pl->mu);
	j->next = NULL;
	return j;
}

/* Stops the workers once they finished what they hold. */
void
pool_stop(struct pool *pl)
{
	struct job	*j;
	size_t		 i;

	pthread_mutex_lock(&pl->mu);
	pl->stop = 1;
	while ((j = pl->todo) != NULL) {	/* not started: dropped */
		pl->todo = j->next;
		job_free(j);
	}
	pl->todo_tail = &pl->todo;
	pthread_cond_broadcast(&pl->todo_cv);
	pthread_mutex_unlock(&pl->mu);
	for (i = 0; i < pl->nthreads; i++)
		pthread_join(pl->thread[i], NULL);
	while ((j = pl->done) != NULL) {
		pl->done = j->next;
		job_free(j);
	}
	pthread_cond_destroy(&pl->todo_cv);
	pthread_cond_destroy(&pl->done_cv);
	pthread_mutex_destroy(&pl->mu);
}

/*
 * Notes a finished job (their mark goes when the build's notes are
 * all written).
 */
int
job_finish(struct build *b, struct job *j)
{
	int	 rc;

	rc = job_note(b, j);
	job_free(j);
	return rc;
}
