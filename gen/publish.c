/*
 * publish.c - cox publish: commit site/ (and push it) with libgit2.
 *
 * A commit is made only when the site changed; its author comes from
 * cox.conf, never from the machine's git configuration.  After a
 * successful publish the workspace's hooks/post-publish runs, when it
 * exists and is executable, with COX_WORKSPACE, COX_SITE, COX_COMMIT,
 * COX_COMMITTED (0 or 1) and COX_PUSHED (0 or 1) in its environment.
 */
#include <sys/wait.h>

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gen.h"

static const char usage[] = "cox publish [-C dir] [--push]";

/* Runs hooks/NAME of the workspace, if any; returns its exit status. */
int
hook_run(const struct workspace *ws, const char *name, char *const env[])
{
	char	 path[4096];
	pid_t	 pid;
	int	 st, i;

	if (snprintf(path, sizeof(path), "%s/hooks/%s", ws->dir, name) >=
	    (int)sizeof(path) || access(path, X_OK) != 0)
		return 0;
	fflush(stdout);
	if ((pid = fork()) == -1) {
		log_error("hook %s: %s", name, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		for (i = 0; env[i] != NULL; i += 2)
			setenv(env[i], env[i + 1], 1);
		execl(path, path, (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			return -1;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		log_error("hook %s failed (status %d)", name,
		    WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
		return -1;
	}
	return 0;
}

int
cmd_publish(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "push", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct workspace ws;
	const char	*name, *email, *history, *remote;
	char		 site[4096], oid[41] = "", *token = NULL;
	int		 c, push = 0, squash, made, status;

	optind = 0;
	while ((c = getopt_long(argc, argv, "C:ph", opts, NULL)) != -1)
		switch (c) {
		case 'C': cli_dir = optarg; break;
		case 'p': push = 1; break;
		case 'h': printf("usage: %s\n", usage); return 0;
		default: return cli_usage_error(usage, NULL);
		}
	if (argc != optind)
		return cli_usage_error(usage, "unexpected argument");
	if ((status = cli_open(&ws)) != 0)
		return status;
	status = EX_CONFIG;
	if (config_require(ws.conf, "site", "author_name", "put the name "
	    "site commits are made by, e.g. author_name = Club coxswain",
	    &name) == -1 || config_require(ws.conf, "site", "author_email",
	    "put the address site commits are made by", &email) == -1)
		goto out;
	history = config_get(ws.conf, "site", "history");
	if (history != NULL && strcmp(history, "keep") != 0 &&
	    strcmp(history, "squash") != 0) {
		config_bad(ws.conf, "site", "history", "put keep or squash");
		goto out;
	}
	squash = history != NULL && strcmp(history, "squash") == 0;
	if (push && config_require(ws.conf, "site", "remote", "put the git "
	    "URL or path to push the site to", &remote) == -1)
		goto out;
	if (push && config_get(ws.conf, "site", "remote_token_file") != NULL &&
	    config_secret(ws.conf, "site", "remote_token", &token) == -1)
		goto out;
	if (push && token == NULL && getenv("COX_SITE_REMOTE_TOKEN") != NULL)
		token = xstrdup(getenv("COX_SITE_REMOTE_TOKEN"));
	status = EX_IOERR;
	if (workspace_path(&ws, "site", site, sizeof(site)) == -1 ||
	    siterepo_commit(site, name, email, squash, &made, oid) == -1)
		goto out;
	printf(made ? "committed %s\n" : "nothing changed; no commit\n", oid);
	status = EX_UNAVAILABLE;
	if (push) {
		if (siterepo_push(site, remote, token, squash) == -1)
			goto out;
		printf("pushed to %s\n", remote);
	}
	status = hook_run(&ws, "post-publish", (char *[]){ "COX_WORKSPACE",
	    ws.dir, "COX_SITE", site, "COX_COMMIT", oid, "COX_COMMITTED",
	    made ? "1" : "0", "COX_PUSHED", push ? "1" : "0", NULL }) == 0 ?
	    0 : EX_SOFTWARE;
out:
	free(token);
	workspace_close(&ws);
	return status;
}
