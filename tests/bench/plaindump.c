/*
 * plaindump.c - writes the plaintext of every athlete page of a
 * workspace (what cox build encrypts) to DIR/N.html, so make bench can
 * hand peers exactly the same pages.  Usage: plaindump WORKSPACE DIR
 */
#include <stdlib.h>
#include <string.h>

#include "../../gen/gen.h"

struct dump {
	struct render_ctx	*r;
	const char		*dir;
	unsigned		 n;
};

static int
one(struct person *p, void *arg)
{
	struct dump	*d = arg;
	struct athlete_data data;
	struct buf	 html = { 0 };
	char		 path[4096];
	int		 rc;

	if (p->role != ROLE_ATHLETE)
		return 0;
	if (render_load(d->r, p->id, &data) == -1)
		return -1;
	snprintf(path, sizeof(path), "%s/%u.html", d->dir, d->n++);
	rc = buf_puts(&html, "<!doctype html><html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\"><title>Page</title></head><body>") ||
	    render_athlete(d->r, p, &data, NULL, "../../", &html) ||
	    buf_puts(&html, "</body></html>\n") ||
	    file_replace(path, html.data, html.len, 0644, 0);
	render_data_free(&data);
	buf_free(&html);
	return rc ? -1 : 0;
}

int
main(int argc, char **argv)
{
	struct workspace	 ws;
	struct tmpl_set		*t;
	struct dump		 d = { NULL, NULL, 0 };
	char			 tdir[4096];

	if (argc != 3) {
		fprintf(stderr, "usage: plaindump workspace dir\n");
		return 64;
	}
	if (workspace_open(argv[1], &ws) != OUT_OK)
		return 1;
	snprintf(tdir, sizeof(tdir), "%s/site-templates", install_datadir());
	if ((t = tmpl_set_new()) == NULL || tmpl_load_dir(t, tdir) == -1 ||
	    (d.r = render_new(ws.db, ws.conf, t, time(NULL))) == NULL)
		return 1;
	d.dir = argv[2];
	if (dir_make(d.dir, 0755) == -1 ||
	    person_list(ws.db, 0, one, &d) == -1)
		return 1;
	printf("%u\n", d.n);
	render_free(d.r);
	tmpl_set_free(t);
	workspace_close(&ws);
	return 0;
}
