/*
 * hook.c - the workspace's hooks/ (DESIGN.md §5 "Hooks"): hook_run()
 * runs one and waits; hook_ingested() is what every ingester calls
 * after a commit, so that a burst of deliveries or texts causes one
 * run of hooks/post-ingest, in a detached process that nobody waits
 * for, once the burst has gone quiet.
 *
 * The debounce works across processes (every cox mail --stdin is a
 * process of its own) through three files in the workspace: .hook-due,
 * whose modification time is the last ingest; .hook-busy, on which
 * every ingest under way holds a read lock (hook_busy()); and
 * .hook-lock, held by the one runner that waits until ingests have
 * been quiet for HOOK_QUIET_MS and none is under way, then runs the
 * hook.  A slow delivery in the middle of a burst thus does not split
 * the burst in two runs.  A runner's first wait is only HOOK_FIRST_MS:
 * a lone text is on its page sooner, and a burst whose messages come
 * further apart than that costs one run more (its first message's).
 *
 * A hook's output is read line by line and each line logged, "hook
 * NAME: line": to our standard error (the journal under systemd, a
 * terminal for cox publish) and, headed by its UTC time, to the
 * workspace's hooks.log (moved to hooks.log.1 past HOOK_LOG_MAX), which
 * cox status reads for failures.
 */
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plumbing.h"
#include "workspace.h"

#define HOOK_QUIET_MS	500	/* after the last ingest, before the hook */
#define HOOK_FIRST_MS	100	/* the same, before a runner's first run */
#define HOOK_LOG_MAX	(1024 * 1024)	/* then hooks.log becomes hooks.log.1 */

/*
 * Whether the environment variable name=value in e holds a secret, or
 * says where one is, that a hook must not inherit: COX_*_PASSWORD,
 * _TOKEN, _PASSPHRASE, _SECRET, the same with _FILE (the file holding
 * it), COX_*_KEY_FILE (an SSH key) and CREDENTIALS_DIRECTORY (systemd's
 * folder of them); cox.conf(5): how secrets reach cox.  A hook that
 * pushes reads the token from [site] remote_token_file in cox.conf, as
 * cox publish does.
 */
static int
env_secret(const char *e)
{
	static const char *const ends[] = { "_PASSWORD", "_TOKEN",
	    "_PASSPHRASE", "_SECRET", "_PASSWORD_FILE", "_TOKEN_FILE",
	    "_PASSPHRASE_FILE", "_SECRET_FILE", "_KEY_FILE" };
	size_t		 i, n, len = strcspn(e, "=");

	if (e[len] != '=')
		return 0;
	if (len == strlen("CREDENTIALS_DIRECTORY") &&
	    !strncmp(e, "CREDENTIALS_DIRECTORY", len))
		return 1;
	if (strncmp(e, "COX_", 4) != 0)
		return 0;
	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		n = strlen(ends[i]);
		if (len >= n && !strncmp(e + len - n, ends[i], n))
			return 1;
	}
	return 0;
}

/*
 * Whether e is systemd's word to this daemon (its notify socket, its
 * watchdog): a hook's own programs must not speak for the daemon.
 */
static int
env_daemon_own(const char *e)
{
	return !strncmp(e, "NOTIFY_SOCKET=", 14) ||
	    !strncmp(e, "WATCHDOG_USEC=", 14) ||
	    !strncmp(e, "WATCHDOG_PID=", 13);
}

/*
 * The environment of a hook, made before fork (a child of a threaded
 * daemon may only call what is async-signal-safe until it execs):
 * ours without a secret or systemd's word to the daemon, and without
 * the names of set (name, value, ..., NULL), which come last with
 * their values.  NULL when out of memory.
 */
static char **
env_for_hook(char *const set[], char *const vals[])
{
	extern char	**environ;
	char		**e;
	size_t		  n = 0, k = 0, i, j, len;

	while (environ[n] != NULL)
		n++;
	for (i = 0; set[i] != NULL; i += 2)
		n++;
	if ((e = calloc(n + 1, sizeof(*e))) == NULL)
		return NULL;
	for (i = 0; environ[i] != NULL; i++) {
		if (env_secret(environ[i]) || env_daemon_own(environ[i]))
			continue;
		len = strcspn(environ[i], "=");
		for (j = 0; set[j] != NULL; j += 2)
			if (strlen(set[j]) == len &&
			    !strncmp(environ[i], set[j], len))
				break;
		if (set[j] == NULL && (e[k++] = strdup(environ[i])) == NULL)
			goto fail;
	}
	for (j = 0; set[j] != NULL; j += 2) {
		len = strlen(set[j]) + strlen(vals[j / 2]) + 2;
		if ((e[k] = malloc(len)) == NULL)
			goto fail;
		snprintf(e[k++], len, "%s=%s", set[j], vals[j / 2]);
	}
	return e;
fail:
	while (k > 0)
		free(e[--k]);
	free(e);
	return NULL;
}

static void
env_free(char **e)
{
	size_t	 i;

	for (i = 0; e != NULL && e[i] != NULL; i++)
		free(e[i]);
	free(e);
}

/*
 * Whether the shipped post-ingest (rebuild, commit, push) runs in a
 * workspace that has none of its own: yes unless [hooks] post_ingest
 * (or $COX_HOOKS_POST_INGEST) says off.
 */
static int
default_post_ingest(const struct workspace *ws)
{
	const char	*v = config_get(ws->conf, "hooks", "post_ingest");

	if (v == NULL || !strcmp(v, "default"))
		return 1;
	if (strcmp(v, "off") != 0)
		log_warn("%s: [hooks] post_ingest = %s: use default or off; "
		    "taking off", config_path(ws->conf), v);
	return 0;
}

/*
 * The program that is hook NAME of the workspace: WORKSPACE/hooks/NAME
 * when it exists (a warning if it cannot run); for post-ingest, else
 * the shipped one, unless turned off.  Returns 1 with path set, 0 when
 * there is none to run.
 */
static int
hook_path(const struct workspace *ws, const char *name, char *path,
    size_t size)
{
	if (snprintf(path, size, "%s/hooks/%s", ws->dir, name) >= (int)size)
		return 0;
	if (access(path, F_OK) == 0) {
		if (access(path, X_OK) == 0)
			return 1;
		log_warn("%s is not executable, so it does not run: chmod "
		    "+x it, or remove it", path);
		return 0;
	}
	if (strcmp(name, "post-ingest") != 0 || !default_post_ingest(ws))
		return 0;
	return snprintf(path, size, "%s/hooks/%s", install_datadir(), name) <
	    (int)size && access(path, X_OK) == 0;
}

/*
 * value, with a leading ws->dir made the absolute dir abs: the hook runs
 * in the workspace, where a relative workspace path means nothing (and
 * "cox -C ws" is how an operator types it).  NULL when out of memory.
 */
static char *
absolute(const struct workspace *ws, const char *abs, const char *value)
{
	struct buf	 b = { 0 };
	size_t		 n = strlen(ws->dir);

	if (strncmp(value, ws->dir, n) == 0 && (value[n] == '\0' ||
	    value[n] == '/'))
		buf_printf(&b, "%s%s", abs, value + n);
	else
		buf_puts(&b, value);
	return buf_failed(&b) ? (buf_free(&b), NULL) : buf_steal(&b);
}

/* hooks.log, where every hook's lines go too. */
struct hooklog {
	int	 fd;		/* open for appending, or -1 */
	int	 same;		/* it is our standard error (the runner's) */
};

/*
 * Opens the workspace's hooks.log into hl, moved aside first when past
 * HOOK_LOG_MAX; unless our standard error is it already (the detached
 * runner's, which hook_detach() rotated), where log_msg() puts lines.
 */
static void
hooklog_open(const struct workspace *ws, struct hooklog *hl)
{
	struct stat	 err, st;
	char		 log[4096], old[4100];

	hl->fd = -1;
	hl->same = 0;
	if (snprintf(log, sizeof(log), "%s/hooks.log", ws->dir) >=
	    (int)sizeof(log) || snprintf(old, sizeof(old), "%s.1", log) >=
	    (int)sizeof(old))
		return;
	if (stat(log, &st) == 0 && fstat(2, &err) == 0 &&
	    st.st_dev == err.st_dev && st.st_ino == err.st_ino) {
		hl->same = 1;
		return;
	}
	if (stat(log, &st) == 0 && st.st_size > HOOK_LOG_MAX)
		(void)rename(log, old);
	hl->fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
}

/* A line about hook output or its end: logged, and into hooks.log. */
static void
hooklog_say(const struct hooklog *hl, enum log_level level, const char *fmt,
    ...)
{
	char	 line[2048];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_msg(level, "%s", line);
	if (hl->fd != -1)
		(void)log_to_fd(hl->fd, level, "%s", line);
}

/*
 * Reads what hook name writes (its standard output and error, on fd)
 * to the end, each line said (hooklog_say()); a line longer than the
 * buffer is said in pieces.  A hook that leaves a process of its own
 * holding its output is waited for until that lets go of it.
 */
static void
hook_read(int fd, const struct hooklog *hl, const char *name)
{
	char	 b[1024];
	size_t	 n = 0, i, start;
	ssize_t	 r;

	for (;;) {
		if ((r = read(fd, b + n, sizeof(b) - 1 - n)) == -1 &&
		    errno == EINTR)
			continue;
		if (r <= 0)
			break;
		n += (size_t)r;
		for (start = 0, i = 0; i < n; i++)
			if (b[i] == '\n') {
				b[i] = '\0';
				hooklog_say(hl, LOGL_INFO, "hook %s: %s", name,
				    b + start);
				start = i + 1;
			}
		memmove(b, b + start, n - start);
		n -= start;
		if (n == sizeof(b) - 1) {
			b[n] = '\0';
			hooklog_say(hl, LOGL_INFO, "hook %s: %s", name, b);
			n = 0;
		}
	}
	if (n > 0) {
		b[n] = '\0';
		hooklog_say(hl, LOGL_INFO, "hook %s: %s", name, b);
	}
}

/*
 * Runs hook NAME (hook_path()) with env (name, value, ..., NULL; at
 * most seven pairs) added to its environment and no secret of ours in
 * it, in the workspace; paths in the workspace reach it absolute.  Its
 * output is logged line by line (hook_read()).  Returns 0 when there is
 * none or it succeeded, -1 (logged) otherwise.
 */
int
hook_run(const struct workspace *ws, const char *name, char *const env[])
{
	struct hooklog	 hl = { -1, 0 };
	char	 path[4096], *abs, *vals[8] = { 0 }, *rel, **envp = NULL;
	pid_t	 pid;
	int	 st, i, rc = -1, out[2] = { -1, -1 };

	if (!hook_path(ws, name, path, sizeof(path)))
		return 0;
	if ((abs = realpath(ws->dir, NULL)) == NULL ||
	    (rel = absolute(ws, abs, path)) == NULL) {
		log_error("hook %s: %s: %s", name, ws->dir, strerror(errno));
		free(abs);
		return -1;
	}
	snprintf(path, sizeof(path), "%s", rel);
	free(rel);
	hooklog_open(ws, &hl);
	for (i = 0; env[i] != NULL; i += 2)
		if (i / 2 >= 7 ||
		    (vals[i / 2] = absolute(ws, abs, env[i + 1])) == NULL) {
			hooklog_say(&hl, LOGL_ERROR, "hook %s: %s", name,
			    i / 2 >= 7 ? "too many variables" :
			    strerror(errno));
			goto out;
		}
	if ((envp = env_for_hook(env, vals)) == NULL ||
	    pipe2(out, O_CLOEXEC) == -1) {
		hooklog_say(&hl, LOGL_ERROR, "hook %s: %s", name,
		    strerror(errno));
		goto out;
	}
	fflush(stdout);
	if ((pid = fork()) == -1) {
		hooklog_say(&hl, LOGL_ERROR, "hook %s: %s", name,
		    strerror(errno));
		goto out;
	}
	if (pid == 0) {
		if (chdir(abs) == -1 || dup2(out[1], 1) == -1 ||
		    dup2(out[1], 2) == -1)
			_exit(126);
		execve(path, (char *[]){ path, NULL }, envp);
		_exit(127);
	}
	close(out[1]);
	out[1] = -1;
	hook_read(out[0], &hl, name);
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			goto out;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		hooklog_say(&hl, LOGL_ERROR, "hook %s failed (status %d)", name,
		    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < 2; i++)
		if (out[i] != -1)
			close(out[i]);
	if (hl.fd != -1)
		close(hl.fd);
	env_free(envp);
	for (i = 0; i < 8; i++)
		free(vals[i]);
	free(abs);
	return rc;
}

/* Runs hooks/post-ingest now, told the workspace and this binary. */
int
hook_post_ingest(const struct workspace *ws)
{
	return hook_run(ws, "post-ingest", (char *[]){ "COX_WORKSPACE",
	    (char *)ws->dir, "COX", (char *)install_exe(), NULL });
}

/* .hook-busy, opened (close-on-exec); -1 if it cannot be. */
static int
hook_busy_open(const struct workspace *ws)
{
	char	 path[4096];

	if (snprintf(path, sizeof(path), "%s/.hook-busy", ws->dir) >=
	    (int)sizeof(path))
		return -1;
	return open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
}

/*
 * A POSIX record lock on all of fd, waiting for it: unlike flock(),
 * not inherited by children (a delivery's parser worker, or the runner
 * it forks), which would otherwise keep it past the delivery.
 */
static int
busy_lock(int fd, short type)
{
	struct flock	 fl = { .l_type = type, .l_whence = SEEK_SET };

	while (fcntl(fd, F_SETLKW, &fl) == -1)
		if (errno != EINTR)
			return -1;
	return 0;
}

/*
 * Says an ingest is under way, until the descriptor returned is handed
 * to hook_ingested() (or closed): the post-ingest hook waits for it.
 * Returns -1 when it cannot (the hook then only waits for quiet).
 */
int
hook_busy(const struct workspace *ws)
{
	int	 fd;

	if ((fd = hook_busy_open(ws)) != -1 && busy_lock(fd, F_RDLCK) == -1) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static int64_t
mtime_ms(const char *path)
{
	struct stat	 st;

	if (stat(path, &st) == -1)
		return 0;
	return (int64_t)st.st_mtim.tv_sec * 1000 + st.st_mtim.tv_nsec / 1000000;
}

static int64_t
now_ms(void)
{
	struct timespec	 t;

	clock_gettime(CLOCK_REALTIME, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/*
 * The detached runner: once ingests have been quiet for HOOK_QUIET_MS,
 * runs the hook; again if more came meanwhile.  It holds the lock while
 * it waits or runs, and looks once more after letting go, in case an
 * ingest found the lock taken just before.
 */
static void
hook_runner(const struct workspace *ws, const char *due, int lock)
{
	int64_t	 seen, age, quiet = HOOK_FIRST_MS;
	int	 busy;

	for (;;) {
		while ((age = now_ms() - mtime_ms(due)) < quiet)
			poll(NULL, 0, (int)(quiet - age));
		/* wait for the ingests under way, then for quiet again */
		if ((busy = hook_busy_open(ws)) != -1) {
			(void)busy_lock(busy, F_WRLCK);
			close(busy);
		}
		if (now_ms() - mtime_ms(due) < quiet)
			continue;
		seen = mtime_ms(due);
		(void)hook_post_ingest(ws);
		quiet = HOOK_QUIET_MS;	/* any run after: the burst over first */
		if (mtime_ms(due) != seen)
			continue;
		flock(lock, LOCK_UN);
		if (mtime_ms(due) == seen || flock(lock, LOCK_EX | LOCK_NB) == -1)
			break;
	}
}

/*
 * Starts the runner in a grandchild, free of the caller's stdio: its
 * standard error is the caller's when that is the journal (the lines
 * of a daemon's hooks belong there), else hooks.log, moved to
 * hooks.log.1 first past HOOK_LOG_MAX (the one before is dropped).
 * The grandchild execs this program (hook_runner_main()) at once,
 * handing it lock: the caller may be a daemon with threads, whose child
 * must not run more than async-signal-safe calls (a lock another thread
 * held at the fork stays held for ever in the child), so everything is
 * made before.
 */
static void
hook_detach(const struct workspace *ws, int lock)
{
	static const char	 failed[] = "cox: the post-ingest runner "
				     "could not start (exec failed)\n";
	struct stat		 st;
	const char		*exe = install_exe();
	char			 log[4096], old[4100], fd[16];
	char			*argv[] = { "cox", "--hook-runner",
				     (char *)ws->dir, fd, NULL };
	pid_t			 pid;
	int			 nul, out, journal = log_to_journal();

	if (snprintf(log, sizeof(log), "%s/hooks.log", ws->dir) >=
	    (int)sizeof(log) || snprintf(old, sizeof(old), "%s.1", log) >=
	    (int)sizeof(old))
		return;
	snprintf(fd, sizeof(fd), "%d", lock);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		if (fork() != 0)
			_exit(0);
		setsid();
		if ((nul = open("/dev/null", O_RDWR)) != -1) {
			dup2(nul, 0);
			dup2(nul, 1);
			if (nul > 2)
				close(nul);
		}
		/* one runner at a time (it holds lock): the one to rotate */
		if (!journal && stat(log, &st) == 0 && st.st_size > HOOK_LOG_MAX)
			(void)rename(log, old);
		if (!journal && (out = open(log, O_WRONLY | O_CREAT | O_APPEND,
		    0600)) != -1 && out != 2) {
			dup2(out, 2);
			close(out);
		}
		if (fcntl(lock, F_SETFD, 0) != -1)
			execv(exe, argv);
		if (write(2, failed, sizeof(failed) - 1) == -1)
			_exit(126);	/* nowhere left to say it */
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			continue;
}

/*
 * cox --hook-runner DIR FD, as hook_detach() starts it: the runner for
 * workspace DIR, holding the lock on descriptor FD.
 */
enum outcome
hook_runner_main(const char *dir, const char *fd)
{
	struct workspace	 ws = { 0 };
	char			 path[4096], *end;
	long			 lock;
	int			 fl;

	errno = 0;
	lock = strtol(fd, &end, 10);
	if (errno != 0 || end == fd || *end != '\0' || lock < 3 ||
	    lock > INT_MAX || (fl = fcntl((int)lock, F_GETFD)) == -1) {
		log_error("--hook-runner: %s is not the lock's descriptor", fd);
		return OUT_BADINPUT;
	}
	/* the hook it runs must not hold the lock */
	(void)fcntl((int)lock, F_SETFD, fl | FD_CLOEXEC);
	/* hooks.log or the journal: lines with their time, either way */
	log_setup("cox", 1, getenv("COX_DEBUG") ? LOGL_DEBUG : LOGL_INFO);
	if (snprintf(ws.dir, sizeof(ws.dir), "%s", dir) >=
	    (int)sizeof(ws.dir) || path_join(path, sizeof(path), dir,
	    "cox.conf") == -1 || (ws.conf = config_load(path)) == NULL)
		return OUT_CONFIG;
	if (snprintf(path, sizeof(path), "%s/.hook-due", dir) <
	    (int)sizeof(path))
		hook_runner(&ws, path, (int)lock);
	config_free(ws.conf);
	return OUT_OK;
}

/*
 * Called after an ingest committed: hooks/post-ingest runs once the
 * ingests have gone quiet and none is under way, detached, its output
 * appended to the workspace's hooks.log.  busy is what hook_busy()
 * returned for this ingest, or -1; it is closed here.  Never waits for
 * the hook.
 */
void
hook_ingested(const struct workspace *ws, int busy)
{
	char	 due[4096], lock[4096];
	int	 fd, lk;

	if (!hook_path(ws, "post-ingest", due, sizeof(due)) ||
	    snprintf(due, sizeof(due), "%s/.hook-due", ws->dir) >=
	    (int)sizeof(due) || snprintf(lock, sizeof(lock), "%s/.hook-lock",
	    ws->dir) >= (int)sizeof(lock)) {
		if (busy != -1)
			close(busy);
		return;		/* no hook: nothing to wait for */
	}
	fd = open(due, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd == -1 || futimens(fd, NULL) == -1) {
		log_warn("%s: %s; running the hook now", due, strerror(errno));
		if (fd != -1)
			close(fd);
		if (busy != -1)
			close(busy);
		(void)hook_post_ingest(ws);
		return;
	}
	close(fd);
	/* done: the runner forked below must not inherit our shared lock */
	if (busy != -1)
		close(busy);
	if ((lk = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) == -1)
		return;
	if (flock(lk, LOCK_EX | LOCK_NB) == 0)
		hook_detach(ws, lk);
	/* else a runner is waiting, and it sees this ingest */
	close(lk);
}
