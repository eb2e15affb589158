/*
 * demo.c - cox demo: the whole loop on the demo team in content/,
 * driven through the same front ends a coach would use.
 *
 * This week's coach ratings arrive as an email (content/mail/) through
 * cox mail, and the athletes' answers as texts through a running cox
 * sms serve, signed as Twilio signs them.  Older rounds, check-ins and
 * a few messages are written straight into the database by demo_seed()
 * (lib/demo.c).  A front end made of front ends, so it lives here.
 */
#include <sys/wait.h>

#include <fcntl.h>
#include <glob.h>
#include <signal.h>
#include <unistd.h>

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"

#define DEMO_NUMBER	"+441234567890"	/* the demo team's Twilio number */
/* the demo club's mail server, whose verdict content/mail/ carries */
#define DEMO_AUTHSERV	"mx.club.example"

/* Runs one cox front end with the given words; returns its status. */
static int
run(int (*cmd)(int, char **), char **words)
{
	int	 argc = 0;

	while (words[argc] != NULL)
		argc++;
	fflush(stdout);
	return cmd(argc, words);
}

static size_t
discard(char *p, size_t size, size_t n, void *arg)
{
	(void)p;
	(void)arg;
	return size * n;
}

/* Posts one text to the daemon at port, signed as Twilio signs it. */
static int
demo_text(const char *public, const char *token, int port,
    const char *from, const char *sid, const char *body)
{
	/* every parameter Twilio always sends, shaped as it shapes them */
	struct form_param p[6] = { { "From", from }, { "To", DEMO_NUMBER },
	    { "MessageSid", sid }, { "Body", body },
	    { "AccountSid", "AC00000000000000000000000000000000" },
	    { "NumMedia", "0" } };
	struct curl_slist *h = NULL;
	struct buf	 form = { 0 };
	char		 url[256], sig[29], hdr[64], *e;
	CURL		*c;
	long		 code = 0;
	size_t		 i;

	snprintf(url, sizeof(url), "%s/twilio/sms", public);
	if (twilio_signature(token, url, p, 6, sig) == -1 ||
	    (c = curl_easy_init()) == NULL)
		return -1;
	for (i = 0; i < 6; i++) {
		e = curl_easy_escape(c, p[i].value, 0);
		buf_printf(&form, "%s%s=%s", i ? "&" : "", p[i].name, e);
		curl_free(e);
	}
	snprintf(hdr, sizeof(hdr), "X-Twilio-Signature: %s", sig);
	h = curl_slist_append(h, hdr);
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/twilio/sms", port);
	curl_easy_setopt(c, CURLOPT_URL, url);
	if (buf_failed(&form))
		goto out;
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.data);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, 10L);
	if (curl_easy_perform(c) == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
out:
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	buf_free(&form);
	return code == 200 ? 0 : -1;
}

struct replies {
	struct db	*db;
	struct metric_set ms;
	const char	*public, *token;
	int		 port, n, failed;
};


/*
 * Two athletes in three answer this week's email by text: their own
 * score for each metric the coach rated, near the coach's.  Message
 * SIDs are fixed, so running the demo again answers nothing twice.
 */
static int
reply_one(struct person *p, void *arg)
{
	struct replies	*r = arg;
	struct rating_set rs;
	struct buf	 text = { 0 };
	char		 sid[64];
	size_t		 i, j;
	int		 score;

	if (p->role != ROLE_ATHLETE || p->id % 3 == 0 || p->phones.n == 0)
		return 0;
	if (ratings_load(r->db, p->id, &rs) == -1)
		return -1;
	for (i = 0; i < rs.n; i++) {
		if (rs.v[i].source != SOURCE_COACH || rs.v[i].paired)
			continue;
		for (j = 0; j < r->ms.n; j++)
			if (r->ms.v[j].id == rs.v[i].metric_id)
				break;
		if (j == r->ms.n)
			continue;
		score = rs.v[i].score + demo_rand(-1, 0);
		buf_printf(&text, "%s%s %d", text.len ? " " : "",
		    r->ms.v[j].slug, score > 0 ? score : 1);
	}
	ratings_free(&rs);
	if (buf_failed(&text)) {
		buf_free(&text);
		return -1;
	}
	if (text.len > 0) {
		snprintf(sid, sizeof(sid), "SM%032llx", (long long)p->id);
		if (demo_text(r->public, r->token, r->port, p->phones.v[0], sid,
		    text.data) == 0)
			r->n++;
		else
			r->failed++;
	}
	buf_free(&text);
	return 0;
}

/* Starts cox sms serve for the workspace; returns its pid or -1. */
static pid_t
start_sms(const char *dir, int port)
{
	const char	*self = install_exe();
	char		 listen[64], log[4096];
	pid_t		 pid;
	int		 fd;

	snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
	snprintf(log, sizeof(log), "%s/sms.log", dir);
	fflush(NULL);
	if ((pid = fork()) == 0) {
		if ((fd = open(log, O_WRONLY | O_CREAT | O_APPEND, 0600)) != -1) {
			dup2(fd, STDERR_FILENO);
			close(fd);
		}
		execl(self, "cox", "-C", dir, "sms", "serve", "--listen", listen,
		    (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Waits until the daemon answers /healthz. */
static int
wait_healthy(int port)
{
	char	 url[128];
	CURL	*c;
	long	 code = 0;
	int	 i;

	snprintf(url, sizeof(url), "http://127.0.0.1:%d/healthz", port);
	for (i = 0; i < 100 && code != 200; i++) {
		if ((c = curl_easy_init()) == NULL)
			return -1;
		curl_easy_setopt(c, CURLOPT_URL, url);
		curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
		curl_easy_setopt(c, CURLOPT_TIMEOUT, 2L);
		if (curl_easy_perform(c) == CURLE_OK)
			curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
		curl_easy_cleanup(c);
		if (code != 200)
			usleep(100 * 1000);
	}
	return code == 200 ? 0 : -1;
}

/*
 * The athletes' answers go through a running cox sms serve, signed as
 * Twilio signs them, as they would on a real team.
 */
static int
demo_replies(const char *dir)
{
	struct workspace ws;
	struct replies	 r = { 0 };
	char		*token = NULL;
	const char	*pub;
	long		 port;
	pid_t		 pid = -1;
	int		 status;

	if ((status = cli_exit(workspace_open(dir, &ws))) != 0)
		return status;
	status = EX_CONFIG;
	if (config_require(ws.conf, "sms", "public_url", "", &pub) == -1 ||
	    config_secret(ws.conf, "sms", "auth_token", &token) == -1 ||
	    parse_long(strrchr(pub, ':') ? strrchr(pub, ':') + 1 : "", 1,
	    65535, &port) == -1)
		goto out;
	r.db = ws.db;
	r.public = pub;
	r.token = token;
	r.port = (int)port;
	status = EX_UNAVAILABLE;
	if (metric_set_load(ws.db, &r.ms) == -1 ||
	    (pid = start_sms(dir, r.port)) == -1 || wait_healthy(r.port) == -1) {
		log_error("cox sms serve did not start; see %s/sms.log", dir);
		goto out;
	}
	if (person_list(ws.db, 0, reply_one, &r) == -1)
		goto out;
	printf("%d athletes texted their own scores to cox sms serve%s\n",
	    r.n, r.failed ? " (some were refused; see sms.log)" : "");
	status = r.failed ? EX_SOFTWARE : 0;
out:
	if (pid > 0) {
		kill(pid, SIGTERM);
		waitpid(pid, NULL, 0);
	}
	metric_set_free(&r.ms);
	secret_free(token);
	workspace_close(&ws);
	return status;
}

/* This week's coach email, delivered through cox mail via a Maildir. */
static int
demo_mail(const char *dir, char **words)
{
	struct buf	 b = { 0 };
	glob_t		 g = { 0 };
	char		 pattern[4096], path[4096], md[4096];
	size_t		 i;
	int		 rc = EX_CANTCREAT;

	if (path_join(pattern, sizeof(pattern), install_datadir(),
	    "content/mail/*.eml") == -1 ||
	    snprintf(md, sizeof(md), "%s/mail/demo-inbox", dir) >=
	    (int)sizeof(md))
		return EX_SOFTWARE;
	if (glob(pattern, 0, NULL, &g) != 0)
		return EX_NOINPUT;
	for (i = 0; i < g.gl_pathc; i++) {
		buf_reset(&b);
		if (snprintf(path, sizeof(path), "%s/new/demo-%zu.eml", md,
		    i) >= (int)sizeof(path) || file_read(g.gl_pathv[i], 1 << 20, &b) == -1 ||
		    file_replace(path, b.data, b.len, 0600,
		    FILE_DURABLE | FILE_MKDIRS) == -1)
			goto out;
	}
	if (snprintf(path, sizeof(path), "%s/cur", md) < (int)sizeof(path))
		(void)dir_make(path, 0700);
	words[0] = "mail"; words[1] = "-C"; words[2] = (char *)dir;
	words[3] = "--maildir"; words[4] = md; words[5] = NULL;
	rc = run(cmd_mail, words);
out:
	buf_free(&b);
	globfree(&g);
	return rc;
}

/* Replaces the line from with to in the config text b and file conf. */
static int
conf_replace(const char *conf, struct buf *b, const char *from,
    const char *to)
{
	struct buf	 nb = { 0 };
	char		*at;
	int		 rc;

	if ((at = strstr(b->data, from)) == NULL)
		return 0;	/* changed already, by the demo or by hand */
	buf_add(&nb, b->data, (size_t)(at - b->data));
	buf_puts(&nb, to);
	buf_puts(&nb, at + strlen(from));
	rc = buf_failed(&nb) ? -1 :
	    file_write_atomic(conf, nb.data, nb.len, 0644);
	buf_free(b);
	*b = nb;
	return rc;
}

/*
 * The demo's Twilio side: a random auth token in a file of the
 * workspace, and the daemon's public URL on a loopback port below the
 * kernel's range for outgoing connections' ports.
 */
static int
demo_sms_conf(const char *dir, const char *conf, struct buf *b)
{
	char	 path[4096], token[48], line[4200];

	if (strstr(b->data, "\npublic_url = ") != NULL)
		return 0;
	if (random_token(token, sizeof(token), 24) == -1 ||
	    snprintf(path, sizeof(path), "%s/demo-twilio-token", dir) >=
	    (int)sizeof(path) || file_replace(path, token, strlen(token),
	    0600, FILE_DURABLE) == -1)
		return -1;
	snprintf(line, sizeof(line), "\n[sms]\npublic_url = "
	    "http://127.0.0.1:%d\nauth_token_file = %s\nfrom = "
	    DEMO_NUMBER "\n", 20000 + (int)(getpid() % 10000), path);
	return conf_replace(conf, b, "\n[sms]\n", line);
}

/*
 * Copies the demo's public pages and team name into the workspace, and
 * sets its cox.conf for the demo.
 */
static int
demo_pages(const char *dir)
{
	struct buf	 b = { 0 };
	char		 src[4096], dst[4096], conf[4096];
	int		 rc = -1;

	if (path_join(src, sizeof(src), install_datadir(),
	    "content/pages/index.md") == -1 ||
	    snprintf(dst, sizeof(dst), "%s/pages", dir) >= (int)sizeof(dst) ||
	    dir_make(dst, 0755) == -1 ||
	    snprintf(dst, sizeof(dst), "%s/pages/index.md", dir) >=
	    (int)sizeof(dst))
		return -1;
	/* the demo's home page replaces the starter cox init wrote */
	if (file_read(dst, 1 << 20, &b) == -1 ||
	    (strncmp(b.data, "# Our squad\n", 12) == 0 &&
	    (buf_reset(&b), file_read(src, 1 << 20, &b) == -1 ||
	    file_write_atomic(dst, b.data, b.len, 0644) == -1)))
		goto out;
	buf_reset(&b);
	if (snprintf(conf, sizeof(conf), "%s/cox.conf", dir) >=
	    (int)sizeof(conf) || file_read(conf, 1 << 20, &b) == -1)
		goto out;
	rc = conf_replace(conf, &b, "\nname = My Club\n",
	    "\nname = Riverside Rowing Club\n");
	if (rc == 0)
		rc = conf_replace(conf, &b, "\n# coaches = coach@example.org\n",
		    "\ncoaches = head.coach@example.org, "
		    "priya.coach@example.org\n");
	/* the demo's invented coaches get no digest: what the demo writes
	 * would then hang on the time of day it runs */
	if (rc == 0)
		rc = conf_replace(conf, &b, "\n# off = yes\n", "\noff = yes\n");
	if (rc == 0)
		rc = conf_replace(conf, &b, "\n# address = team@example.org\n",
		    "\naddress = ratings@club.example\n");
	/* an address of its own: cox init's example is no site's, and
	 * what would link to it (an invitation) is held back */
	if (rc == 0)
		rc = conf_replace(conf, &b, "\nbase_url = " SITE_URL_EXAMPLE
		    "\n", "\nbase_url = https://rrc.example/team\n");
	if (rc == 0)
		rc = demo_sms_conf(dir, conf, &b);
out:
	buf_free(&b);
	return rc;
}

/*
 * cox demo [dir]: a workspace for the demo team (default demo-team),
 * then each step of the loop through the front end a person would use;
 * stops at the first that fails, with its exit status.
 */
int
cmd_demo(int argc, char **argv)
{
	char		 roster[4096], pattern[4096], *dir;
	glob_t		 g = { 0 };
	char		*words[64];
	size_t		 i, n;
	int		 k, status, seeded;
	const struct cli cli = { "cox demo [dir]", NULL, 0, 1,
	    "name at most one folder" };

	if ((k = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	dir = k < argc ? argv[k] : "demo-team";
	/* the demo builds and publishes once, at its end, and not also
	 * after each step that ingests (its workspace keeps the default) */
	setenv("COX_HOOKS_POST_INGEST", "off", 1);
	if (path_join(roster, sizeof(roster), install_datadir(),
	    "content/roster.csv") == -1 ||
	    path_join(pattern, sizeof(pattern), install_datadir(),
	    "content/metrics/*.md") == -1)
		return EX_SOFTWARE;
	if (glob(pattern, 0, NULL, &g) != 0 || g.gl_pathc > 50) {
		log_error("%s: no metric files (is COX_DATADIR right?)",
		    pattern);
		globfree(&g);
		return EX_NOINPUT;
	}
	printf("== workspace %s\n", dir);
	/* a British team wherever the demo runs: the machine's zone,
	 * which cox init would take with its country, is not the team's;
	 * its clock stays on UTC, as it always has */
	if ((status = run(cmd_init, (char *[]){ "init", "--country", "GB",
	    "--authserv-id", DEMO_AUTHSERV, dir, NULL })) != 0)
		goto out;
	if (demo_pages(dir) == -1) {
		status = EX_CANTCREAT;
		goto out;
	}
	printf("\n== metrics from %s\n", pattern);
	n = 0;
	words[n++] = "metric"; words[n++] = "add"; words[n++] = "-C";
	words[n++] = dir; words[n++] = "--file";
	for (i = 0; i < g.gl_pathc; i++)
		words[n++] = g.gl_pathv[i];
	words[n] = NULL;
	if ((status = run(cmd_metric, words)) != 0)
		goto out;
	printf("\n== roster from %s\n", roster);
	if ((status = run(cmd_roster, (char *[]){ "roster", "import", "-C",
	    dir, roster, NULL })) != 0)
		goto out;
	printf("\n== the team (cox -C %s roster list)\n", dir);
	if ((status = run(cmd_roster, (char *[]){ "roster", "list", "-C", dir,
	    NULL })) != 0)
		goto out;
	printf("\n== earlier rounds and check-ins\n");
	if ((status = cli_exit(demo_seed(dir, &seeded))) != 0)
		goto out;
	printf(seeded ? "seeded ratings, check-ins and messages\n" :
	    "ratings already there; not seeding again\n");
	printf("\n== this week's ratings, emailed by the head coach "
	    "(cox -C %s mail)\n", dir);
	if ((status = demo_mail(dir, words)) != 0)
		goto out;
	printf("\n== athletes answer by text (cox -C %s sms serve)\n", dir);
	if ((status = demo_replies(dir)) != 0)
		goto out;
	printf("\n== the site (cox -C %s build)\n", dir);
	if ((status = run(cmd_build, (char *[]){ "build", "-C", dir,
	    NULL })) != 0)
		goto out;
	printf("\n== publishing it (cox -C %s publish)\n", dir);
	status = run(cmd_publish, (char *[]){ "publish", "-C", dir, NULL });
out:
	globfree(&g);
	return status;
}
