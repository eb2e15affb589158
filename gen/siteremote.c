/*
 * siteremote.c - the site repository and its remote: the push, a clone
 * of the remote, and the probe doctor runs, with the credentials they
 * offer (the deploy key, a token) and the remote's host key checked
 * against the workspace's known_hosts (hashed or plain), never the
 * machine's.  Through libgit2 only, as siterepo.c.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <sodium.h>

#include "gen.h"

struct push_auth {
	const struct site_remote *r;
	int		 tries;
};

static int
push_credentials(git_credential **out, const char *url, const char *user,
    unsigned int allowed, void *arg)
{
	struct push_auth	*a = arg;

	(void)url;
	if (a->tries++ > 0)
		return GIT_PASSTHROUGH;	/* refused once: do not loop */
	if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) &&
	    a->r->token != NULL)
		return git_credential_userpass_plaintext_new(out,
		    user ? user : "x-access-token", a->r->token);
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && a->r->ssh_key != NULL)
		return git_credential_ssh_key_new(out, user ? user : "git",
		    NULL, a->r->ssh_key, NULL);
	if (allowed & GIT_CREDENTIAL_SSH_KEY)
		return git_credential_ssh_key_from_agent(out,
		    user ? user : "git");
	return GIT_PASSTHROUGH;
}

/* Whether hostname is one of the comma-separated known_hosts names. */
static int
host_listed(const char *names, const char *hostname)
{
	unsigned char	 salt[64], want[64], got[EVP_MAX_MD_SIZE];
	char		 one[512], *save = NULL, *n;
	unsigned int	 gotlen = 0;
	size_t		 slen, wlen;
	const char	*end;

	if (snprintf(one, sizeof(one), "%s", names) >= (int)sizeof(one))
		return 0;
	for (n = strtok_r(one, ",", &save); n != NULL;
	    n = strtok_r(NULL, ",", &save)) {
		if (strncmp(n, "|1|", 3) != 0) {
			if (!strcmp(n, hostname))
				return 1;
			continue;
		}
		/* hashed (ssh-keyscan -H): |1|base64 salt|base64 HMAC-SHA1 */
		if ((end = strchr(n + 3, '|')) == NULL ||
		    sodium_base642bin(salt, sizeof(salt), n + 3, (size_t)(end -
		    n - 3), NULL, &slen, NULL, sodium_base64_VARIANT_ORIGINAL)
		    != 0 || sodium_base642bin(want, sizeof(want), end + 1,
		    strlen(end + 1), NULL, &wlen, NULL,
		    sodium_base64_VARIANT_ORIGINAL) != 0)
			continue;
		if (HMAC(EVP_sha1(), salt, (int)slen, (const unsigned char *)
		    hostname, strlen(hostname), got, &gotlen) != NULL &&
		    gotlen == wlen && !memcmp(got, want, wlen))
			return 1;
	}
	return 0;
}

/*
 * libgit2 leaves an SSH server's host key unchecked: it must be in the
 * known_hosts file ([site] known_hosts_file, else ~/.ssh/known_hosts)
 * under the remote's host name ("[host]:port" off port 22), or nothing
 * is sent to it.  HTTPS certificates keep libgit2's own check.
 */
static int
host_key_check(git_cert *cert, int valid, const char *host, void *arg)
{
	struct push_auth	*a = arg;
	git_cert_hostkey	*hk = (git_cert_hostkey *)cert;
	struct buf		 kh = { 0 };
	unsigned char		 key[4096];
	char			 name[300], path[4096], pflag[32], *line;
	char			*save = NULL;
	char			*f[3], *sp;
	const char		*file = a->r->known_hosts;
	size_t			 klen;
	int			 i, ok = 0;

	(void)valid;
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return GIT_PASSTHROUGH;
	if (a->r->port != 0 && a->r->port != 22)
		snprintf(name, sizeof(name), "[%s]:%u", host, a->r->port);
	else
		snprintf(name, sizeof(name), "%s", host);
	if (file == NULL && getenv("HOME") != NULL && snprintf(path,
	    sizeof(path), "%s/.ssh/known_hosts", getenv("HOME")) <
	    (int)sizeof(path))
		file = path;
	if (!(hk->type & GIT_CERT_SSH_RAW) || file == NULL ||
	    file_read(file, 1 << 20, &kh) == -1)
		goto out;
	for (line = strtok_r(kh.data, "\n", &save); line != NULL && !ok;
	    line = strtok_r(NULL, "\n", &save)) {
		for (i = 0, sp = NULL; i < 3; i++)
			if ((f[i] = strtok_r(i == 0 ? line : NULL, " \t",
			    &sp)) == NULL)
				break;
		if (i < 3 || f[0][0] == '#' || f[0][0] == '@')
			continue;
		ok = host_listed(f[0], name) &&
		    sodium_base642bin(key, sizeof(key), f[2], strlen(f[2]),
		    NULL, &klen, NULL, sodium_base64_VARIANT_ORIGINAL) == 0 &&
		    klen == hk->hostkey_len && !memcmp(key, hk->hostkey, klen);
	}
out:
	buf_free(&kh);
	if (ok)
		return 0;
	snprintf(pflag, sizeof(pflag), "-p %u ", a->r->port);
	log_error("%s: its SSH host key is not in %s; check the key's "
	    "fingerprint with the host's owner, then add it (ssh-keyscan -H "
	    "%s%s >>%s)", name, file ? file : "~/.ssh/known_hosts",
	    a->r->port != 0 && a->r->port != 22 ? pflag : "", host,
	    file ? file : "~/.ssh/known_hosts");
	return GIT_ECERTIFICATE;
}

/* Progress on a terminal while a push packs its objects and sends them. */
static int
pack_progress(int stage, uint32_t current, uint32_t total, void *payload)
{
	(void)payload;
	if (stage == GIT_PACKBUILDER_ADDING_OBJECTS)
		log_progress("objects counted", (long)current, 0);
	else
		log_progress("objects packed", (long)current, (long)total);
	return 0;
}

static int
push_progress(unsigned int current, unsigned int total, size_t bytes,
    void *payload)
{
	(void)bytes;
	(void)payload;
	log_progress("objects pushed", (long)current, (long)total);
	return 0;
}

static void
remote_callbacks(git_remote_callbacks *cb, struct push_auth *auth)
{
	cb->credentials = push_credentials;
	cb->certificate_check = host_key_check;
	cb->pack_progress = pack_progress;
	cb->push_transfer_progress = push_progress;
	cb->payload = auth;
}

/*
 * Pushes the branch HEAD names to r's url.  force for squashed history.
 * r's token answers HTTPS authentication; SSH uses r's key file, else
 * the agent, and the host key must be known (host_key_check()).
 */
int
siterepo_push(const char *path, const struct site_remote *r, int force)
{
	git_repository	*repo = NULL;
	git_remote	*remote = NULL;
	git_reference	*head = NULL;
	git_push_options opts;
	struct push_auth auth = { r, 0 };
	const char	*branch;
	char		 spec[512];
	git_strarray	 specs = { (char *[]){ spec }, 1 };
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	if (siterepo_open_head(path, &repo, &head, &branch) == -1 ||
	    git_remote_create_anonymous(&remote, repo, r->url) < 0) {
		siterepo_fail(path);
		goto out;
	}
	if (snprintf(spec, sizeof(spec), "%s%s:%s", force ? "+" : "", branch,
	    branch) >= (int)sizeof(spec))
		goto out;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	remote_callbacks(&opts.callbacks, &auth);
	if (git_remote_push(remote, &specs, &opts) < 0) {
		siterepo_fail(r->url);
		goto out;
	}
	rc = 0;
out:
	log_progress_end();
	git_remote_free(remote);
	git_reference_free(head);
	git_repository_free(repo);
	return rc;
}

/*
 * Clones branch of r's url into path (which must not exist), so that a
 * restored workspace goes on from the published history; authenticated
 * and checked as siterepo_push() is.  Returns -1, logged, when it
 * cannot.
 */
int
siterepo_clone(const struct site_remote *r, const char *path,
    const char *branch)
{
	git_clone_options opts;
	git_repository	*repo = NULL;
	struct push_auth auth = { r, 0 };

	if (siterepo_setup() == -1)
		return -1;
	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	opts.checkout_branch = branch;
	remote_callbacks(&opts.fetch_opts.callbacks, &auth);
	if (git_clone(&repo, r->url, path, &opts) < 0) {
		siterepo_fail(r->url);
		return -1;
	}
	git_repository_free(repo);
	return 0;
}

/*
 * cox doctor --online: connects to r's url for a push (authenticated as
 * siterepo_push() would be) and lists its refs, sending nothing.
 * Returns -1, logged, when it cannot.
 */
int
siterepo_probe(const struct site_remote *r)
{
	git_remote	*remote = NULL;
	git_remote_callbacks cb;
	struct push_auth auth = { r, 0 };
	const git_remote_head **heads;
	size_t		 n;
	int		 rc = -1;

	if (siterepo_setup() == -1)
		return -1;
	git_remote_init_callbacks(&cb, GIT_REMOTE_CALLBACKS_VERSION);
	remote_callbacks(&cb, &auth);
	if (git_remote_create_detached(&remote, r->url) < 0 ||
	    git_remote_connect(remote, GIT_DIRECTION_PUSH, &cb, NULL, NULL) <
	    0 || git_remote_ls(&heads, &n, remote) < 0)
		siterepo_fail(r->url);
	else
		rc = 0;
	if (remote != NULL)
		git_remote_disconnect(remote);
	git_remote_free(remote);
	return rc;
}
