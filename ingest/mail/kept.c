/*
 * kept.c - the copies of mail cox keeps outside cox.db, as cox roster
 * erase reads them: mail/raw/ and mail/quarantine/ (intake.c keeps each
 * message's bytes there; cox mail --prune drops them after [mail]
 * keep_days) and the Maildirs cox mail --maildir files mail in
 * (maildir.c; kept until deleted there).
 *
 * A copy of an email that named the person in cox.db (lib/erase.c,
 * erase_mail_find(), read before their rows went), or whose bytes name
 * them (erase_names_text()), is removed; a copy with a part in an
 * encoding that hides its words from its bytes (base64,
 * quoted-printable) is counted instead, for the operator to hear what
 * stays and for how long.  MIME is not decoded here: that is the
 * sandboxed parser's (mime.c), and this runs outside the sandbox.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>

#include "mail.h"

/* What kept_erase() has seen, and where it is. */
struct kept_walk {
	struct erase_names	*names;
	/* what named them here: hashes, or a Maildir's entries */
	const struct strlist	*tied;
	int			 dry;
	int			 box;	/* in a Maildir */
	/* by file, "device:inode" (one file may have two names) */
	struct strlist		 gone;	/* removed */
	struct strlist		 unread;	/* counted */
	struct kept_erased	*k;
};

/*
 * Whether raw mail, read as bytes, has a part in an encoding (base64,
 * quoted-printable) that hides its words from a search of its bytes.
 */
static int
kept_encoded(const char *s)
{
	static const char field[] = "content-transfer-encoding:";
	const char	*line, *v;

	for (line = s; line != NULL; line = strchr(line, '\n')) {
		line += *line == '\n';
		if (strncasecmp(line, field, sizeof(field) - 1) != 0)
			continue;
		v = line + sizeof(field) - 1;
		v += strspn(v, " \t");
		if (strncasecmp(v, "base64", 6) == 0 ||
		    strncasecmp(v, "quoted-printable", 16) == 0)
			return 1;
	}
	return 0;
}

/*
 * Whether the kept copy path (the message of stem, file id, changed at
 * mtime) names them: its email named them in cox.db, or its bytes do.
 * 1 so; 0 not (counted as not read when a part of it is encoded); -1
 * on an error.
 */
static int
kept_names(struct kept_walk *w, const char *path, const char *stem,
    const char *id, time_t mtime)
{
	struct buf	 raw = { 0 };
	int		 more, rc = -1;

	if (strlist_has(w->tied, stem))
		return 1;
	if (file_read_head(path, MAIL_MAX_SIZE, &raw, &more) == -1 ||
	    buf_putc(&raw, '\0') == -1)
		goto out;
	if ((rc = erase_names_text(w->names, raw.data)) != 0)
		goto out;
	if (kept_encoded(raw.data)) {
		if (w->box)
			w->k->unread_box++;
		else {
			w->k->unread++;
			if (mtime > w->k->last)
				w->k->last = mtime;
		}
		if (strlist_add(&w->unread, id) == -1)
			rc = -1;
	}
out:
	if (raw.data != NULL)	/* mail about people */
		sodium_memzero(raw.data, raw.len);
	buf_free(&raw);
	return rc;
}

/*
 * One kept copy, path, of the message of stem: removed when it names
 * them (kept_names()), and its other name with it, counted once.
 * Returns 0 or -1.
 */
static int
kept_one(struct kept_walk *w, const char *path, const char *stem)
{
	struct stat	 sb;
	char		 id[48];
	int		 named;

	if (lstat(path, &sb) == -1 || !S_ISREG(sb.st_mode))
		return 0;
	snprintf(id, sizeof(id), "%ju:%ju", (uintmax_t)sb.st_dev,
	    (uintmax_t)sb.st_ino);
	if (strlist_has(&w->unread, id))
		return 0;
	if (!strlist_has(&w->gone, id)) {
		if ((named = kept_names(w, path, stem, id, sb.st_mtime)) != 1)
			return named;
		w->k->removed++;
		if (strlist_add(&w->gone, id) == -1)
			return -1;
	}
	if (w->dry || unlink(path) == 0)
		return 0;
	log_error("%s: %s", path, strerror(errno));
	return -1;
}

/* A Maildir's entry: its unique part (before its flags) is its stem. */
static int
kept_entry(void *arg, const char *path, const char *name)
{
	char	 stem[256];

	snprintf(stem, sizeof(stem), "%.*s", (int)strcspn(name, ":"), name);
	return kept_one(arg, path, stem);
}

/* The copies in mail/FOLDER/, HASH.eml each.  Returns 0 or -1. */
static int
kept_folder(struct kept_walk *w, const char *dir)
{
	struct dirent	*e;
	char		 path[4352], stem[256];
	size_t		 n;
	int		 rc = 0;
	DIR		*d;

	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT)
			return 0;
		log_error("%s: %s", dir, strerror(errno));
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		n = strlen(e->d_name);
		if (n < 5 || n - 4 >= sizeof(stem) ||
		    strcmp(e->d_name + n - 4, ".eml") != 0 ||
		    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) >=
		    (int)sizeof(path))
			continue;
		snprintf(stem, sizeof(stem), "%.*s", (int)(n - 4), e->d_name);
		rc = kept_one(w, path, stem);
	}
	closedir(d);
	return rc;
}

/*
 * cox roster erase: the kept copies of mail that name whom names
 * names, as m found them and by their bytes, removed (dry: counted
 * only), from mail/raw/, mail/quarantine/ and the Maildirs mail came
 * through; the others with an encoded part counted, with the newest's
 * time in mail/ (it goes [mail] keep_days after).  Into *k.  Returns
 * OUT_OK, or OUT_IOERR when a folder could not be read or a copy
 * removed.
 */
enum outcome
kept_erase(struct workspace *ws, struct erase_names *names,
    const struct erase_mail *m, int dry, struct kept_erased *k)
{
	struct kept_walk w = { names, &m->hashes, dry, 0, { 0 }, { 0 }, k };
	char		 dir[4096];
	size_t		 i;
	int		 rc = 0;

	memset(k, 0, sizeof(*k));
	for (i = 0; rc == 0 && intake_kept[i] != NULL; i++) {
		if (snprintf(dir, sizeof(dir), "%s/mail/%s", ws->dir,
		    intake_kept[i]) >= (int)sizeof(dir))
			rc = -1;
		else
			rc = kept_folder(&w, dir);
	}
	w.tied = &m->keys;
	w.box = 1;
	for (i = 0; rc == 0 && i < m->maildirs.n; i++)
		rc = maildir_each_filed(m->maildirs.v[i], kept_entry, &w);
	strlist_free(&w.gone);
	strlist_free(&w.unread);
	return rc == 0 ? OUT_OK : OUT_IOERR;
}
