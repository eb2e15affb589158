/*
 * maildir.c - cox mail --maildir DIR [--watch]: coach mail delivered
 * into a Maildir.  Entries of new/ are read in groups, committed
 * together, and only then moved: to cur/ when stored, to .Rejected/ when
 * answered with errors, to .Quarantine/ when quarantined (never
 * deleted, but by cox roster erase: kept.c).  What failed for a passing
 * reason stays in new/.
 */
#include <sys/inotify.h>

#include <dirent.h>
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mail.h"

/* Makes dir's sub/cur/ (sub "" is the inbox), and a sub-folder's new/, tmp/. */
static int
maildir_folders(const char *dir, const char *sub)
{
	char	 path[4096];

	if (snprintf(path, sizeof(path), "%s/%s%scur", dir, sub,
	    *sub ? "/" : "") >= (int)sizeof(path) || dir_make(path, 0700) == -1)
		return -1;
	if (*sub) {
		snprintf(path, sizeof(path), "%s/%s/new", dir, sub);
		(void)dir_make(path, 0700);
		snprintf(path, sizeof(path), "%s/%s/tmp", dir, sub);
		(void)dir_make(path, 0700);
	}
	return 0;
}

/*
 * Moves a Maildir entry from new/ to sub/cur/ (sub "" is the inbox).
 * The folders are made when the move finds them missing, so a run
 * makes them once, not once a message.
 */
static int
maildir_move(const char *dir, const char *name, const char *sub)
{
	char	 from[4096], to[4096];

	if (snprintf(from, sizeof(from), "%s/new/%s", dir, name) >=
	    (int)sizeof(from) || snprintf(to, sizeof(to), "%s/%s%scur/%s%s%s",
	    dir, sub, *sub ? "/" : "", name, strchr(name, ':') ? "" : ":2,",
	    "S") >= (int)sizeof(to))
		return -1;
	if (rename(from, to) == 0)
		return 0;
	if (errno == ENOENT && maildir_folders(dir, sub) == 0 &&
	    rename(from, to) == 0)
		return 0;
	log_error("%s: %s", from, strerror(errno));
	return -1;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}


/*
 * Reads entry e of dir's new/ into raw and begins its preparation
 * (intake_prepare_begin()) as in.
 */
static void
maildir_begin(struct mailer *mx, const char *dir, const struct dirent *e,
    struct incoming *in, struct buf *raw)
{
	/* the unique part of a Maildir name, without its flags */
	snprintf(in->key, sizeof(in->key), "%.*s",
	    (int)strcspn(e->d_name, ":"), e->d_name);
	snprintf(in->raw_path, sizeof(in->raw_path), "%s/new/%s", dir,
	    e->d_name);
	buf_reset(raw);
	if (file_read_head(in->raw_path, MAIL_MAX_SIZE, raw,
	    &in->too_big) == -1)
		return;
	intake_prepare_begin(mx, in, raw->data, raw->len);
}

/*
 * Reads, writes and moves one group of entries of new/: all are
 * committed in one transaction (each in its own savepoint), and only
 * then moved out of new/.  Returns how many were stored or answered.
 */
static int
maildir_batch(struct mailer *mx, const char *dir, struct dirent **names,
    int n, int tally[MAIL_OUTCOMES])
{
	struct incoming		*in;
	struct buf		 raw = { 0 };
	enum mail_outcome	*out;
	int			 i, j, done = 0, ok;

	if ((in = calloc((size_t)n, sizeof(*in))) == NULL ||
	    (out = calloc((size_t)n, sizeof(*out))) == NULL) {
		free(in);
		return -1;
	}
	for (i = 0; i < n; i++) {
		in[i].source = "maildir";
		in[i].what = MAIL_RETRY;	/* until prepared */
	}
	/*
	 * One read transaction to prepare the group (reads do not take and
	 * drop the lock message by message, and never block writers), then
	 * one short write transaction to record it.  The parser works on
	 * the next entry while this process reads the one before.
	 */
	ok = db_read(mx->ws->db) == 0 &&
	    (mx->index = ratemail_index(mx->ws->db)) != NULL;
	if (ok && n > 0 && !stop_requested())
		maildir_begin(mx, dir, names[0], &in[0], &raw);
	for (i = 0; ok && i < n; i++) {
		intake_prepare_take(&in[i]);
		if (i + 1 < n && !stop_requested())
			maildir_begin(mx, dir, names[i + 1], &in[i + 1], &raw);
		intake_prepare_end(mx, &in[i]);
		/* the same message twice in one group: the first counts */
		for (j = 0; j < i; j++)
			if (in[i].what == MAIL_STORED &&
			    !strcmp(in[j].hash, in[i].hash))
				in[i].what = MAIL_DUPLICATE;
	}
	db_rollback(mx->ws->db);	/* the read transaction */
	ok = ok && db_begin(mx->ws->db) == 0;
	for (i = 0; i < n; i++)
		out[i] = ok ? intake_record(mx, &in[i]) : MAIL_RETRY;
	if (ok && db_commit(mx->ws->db) == -1)
		ok = 0;
	if (!ok) {
		db_rollback(mx->ws->db);
		waiting_forget(&mx->waiting);	/* it kept what was undone */
	}
	ratemail_index_free(mx->index);
	mx->index = NULL;
	for (i = 0; i < n; i++) {
		tally[ok ? out[i] : MAIL_RETRY]++;
		if (!ok || out[i] == MAIL_RETRY)
			continue;	/* stays in new/ for the next pass */
		(void)maildir_move(dir, names[i]->d_name, out[i] ==
		    MAIL_QUARANTINED ? ".Quarantine" : out[i] ==
		    MAIL_REJECTED ? ".Rejected" : "");
		done += out[i] == MAIL_STORED || out[i] == MAIL_REJECTED;
	}
	for (i = 0; i < n; i++)
		intake_free(&in[i]);
	free(in);
	free(out);
	buf_free(&raw);
	return done;
}

/*
 * Calls fn(arg, path, name) for each entry cox filed in Maildir dir
 * (cur/, .Rejected/cur/, .Quarantine/cur/, as maildir_batch() moves
 * them; not new/, which is still to read), until fn returns -1.  A
 * folder that is missing has none.  Returns 0, or -1 (a folder that
 * cannot be read, said, or fn's).
 */
int
maildir_each_filed(const char *dir, int (*fn)(void *, const char *,
    const char *), void *arg)
{
	static const char *const filed[] = { "", ".Rejected", ".Quarantine",
	    NULL };
	struct dirent	*e;
	char		 sub[4096], path[4352];
	size_t		 i;
	int		 rc = 0;
	DIR		*d;

	for (i = 0; rc == 0 && filed[i] != NULL; i++) {
		if (snprintf(sub, sizeof(sub), "%s/%s%scur", dir, filed[i],
		    *filed[i] ? "/" : "") >= (int)sizeof(sub))
			return -1;
		if ((d = opendir(sub)) == NULL) {
			if (errno == ENOENT)
				continue;
			log_error("%s: %s", sub, strerror(errno));
			return -1;
		}
		while (rc == 0 && (e = readdir(d)) != NULL)
			if (e->d_name[0] != '.' && snprintf(path, sizeof(path),
			    "%s/%s", sub, e->d_name) < (int)sizeof(path))
				rc = fn(arg, path, e->d_name);
		closedir(d);
	}
	return rc;
}

/* The pass's one line: what became of the k messages it found. */
static void
pass_summary(const char *path, int k, const int tally[MAIL_OUTCOMES])
{
	log_info("%s: %d message%s: %d stored, %d rejected, %d quarantined, "
	    "%d already stored, %d left for the next pass", path, k,
	    k == 1 ? "" : "s", tally[MAIL_STORED], tally[MAIL_REJECTED],
	    tally[MAIL_QUARANTINED], tally[MAIL_DUPLICATE], k -
	    tally[MAIL_STORED] - tally[MAIL_REJECTED] -
	    tally[MAIL_QUARANTINED] - tally[MAIL_DUPLICATE]);
}

/*
 * One pass over new/; returns how many were stored or answered.  A pass
 * that found mail ends with one line saying what became of it; on a
 * terminal, a progress line counts the messages meanwhile.
 */
static int
maildir_scan(struct mailer *mx, const char *dir)
{
	struct dirent	**list = NULL;
	char		  path[4096];
	int		  n, i, k, done = 0, r, tally[MAIL_OUTCOMES] = { 0 };

	snprintf(path, sizeof(path), "%s/new", dir);
	if ((n = scandir(path, &list, NULL, by_name)) == -1) {
		log_error("%s: %s", path, strerror(errno));
		return -1;
	}
	/* hidden entries are not mail */
	for (i = k = 0; i < n; i++)
		if (list[i]->d_name[0] == '.')
			free(list[i]);
		else
			list[k++] = list[i];
	for (i = 0; i < k && !stop_requested(); i += MAIL_BATCH) {
		log_progress("messages", i, k);
		r = maildir_batch(mx, dir, list + i, k - i < MAIL_BATCH ?
		    k - i : MAIL_BATCH, tally);
		if (r > 0)
			done += r;
	}
	log_progress_end();
	if (k > 0)
		pass_summary(path, k, tally);
	waiting_forget(&mx->waiting);	/* read once a pass */
	for (i = 0; i < k; i++)
		free(list[i]);
	free(list);
	return done;
}

/*
 * Watches new/ with inotify: after a burst of deliveries goes quiet
 * for half a second, one pass stores them all and runs the hook once.
 * Every minute a pass also retries what failed for a passing reason.
 * Each pass that goes round is systemd's watchdog ping (when the unit
 * has one), so a pass stuck for good restarts the daemon.
 */
static enum outcome
maildir_watch(struct mailer *mx, const char *dir)
{
	struct pollfd	 pfd;
	char		 path[4096], events[4096];
	long long	 usec;
	int		 fd, r, wait_ms = 60000;

	/*
	 * The watcher is what a mail server delivers to: with nothing to
	 * watch the unit would only restart, so its Maildir is made here,
	 * the user's only, as the user the unit runs as (the mail server's
	 * delivery as that user writes into it).  cox init does not make
	 * one: doctor counts a workspace's Maildir as a way in for mail.
	 */
	snprintf(path, sizeof(path), "%s/new", dir);
	if (!file_exists(path)) {
		if (dir_make(path, 0700) == -1 ||
		    maildir_folders(dir, "") == -1 ||
		    snprintf(events, sizeof(events), "%s/tmp", dir) >=
		    (int)sizeof(events) || dir_make(events, 0700) == -1)
			return OUT_CANTCREAT;
		log_info("made the Maildir %s", dir);
	}
	if ((fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK)) == -1 ||
	    inotify_add_watch(fd, path, IN_MOVED_TO | IN_CLOSE_WRITE) == -1) {
		log_error("%s: cannot watch: %s", path, strerror(errno));
		return OUT_OSERR;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	log_info("watching %s", path);
	if ((usec = notify_watchdog_usec()) > 0 && usec / 4000 < wait_ms)
		wait_ms = (int)(usec / 4000);
	notify_send("READY=1\nSTATUS=watching for mail");
	while (!stop_requested()) {
		if (maildir_scan(mx, dir) > 0)
			(void)hook_post_ingest(mx->ws);
		notify_alive();		/* a pass went round */
		if ((r = poll(&pfd, 1, wait_ms)) <= 0)
			continue;
		/* drain, then wait for the burst to go quiet */
		do {
			while (read(fd, events, sizeof(events)) > 0)
				continue;
		} while (!stop_requested() && poll(&pfd, 1, 500) > 0);
	}
	close(fd);
	return OUT_OK;
}

/*
 * One pass over dir's new/, or with watch, passes until a signal; the
 * post-ingest hook runs after a pass that stored or answered anything.
 * Returns OUT_OK, OUT_IOERR (new/ cannot be read), OUT_CANTCREAT (the
 * watched Maildir cannot be made) or OUT_OSERR.
 */
enum outcome
maildir_run(struct mailer *mx, const char *dir, int watch)
{
	int	 n;

	if (watch)
		return maildir_watch(mx, dir);
	if ((n = maildir_scan(mx, dir)) > 0)
		(void)hook_post_ingest(mx->ws);
	return n < 0 ? OUT_IOERR : OUT_OK;
}
