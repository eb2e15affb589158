/*
 * imap.c - cox mail --imap URL [--idle]: coach mail from an IMAP
 * mailbox over TLS (libetpan).
 *
 * libetpan's GnuTLS build completes a TLS handshake with any server,
 * so the chain the server sent is checked with libcrypto (certcheck.c)
 * before the password goes out.  Messages are read by UID: the
 * mailbox's UIDVALIDITY and the highest UID done are kept in the
 * database, written in the same transaction as the messages, so a
 * crash at any moment neither loses nor repeats one (and the ingest
 * ledger would catch a repeat anyway).  Only after that commit is a
 * message flagged \Seen on the server.  With --idle the connection
 * waits in IDLE for new mail and is made again, with growing pauses,
 * when it drops.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libetpan/libetpan.h>

#include "mail.h"

#define IMAP_TIMEOUT	60	/* seconds for one command */
#define IMAP_IDLE_MAX	(25 * 60)	/* IDLE is renewed before 29 min */
#define IMAP_QUIET_MS	300	/* a burst of new mail, before a pass */
#define IMAP_BACKOFF_MAX 300

struct imap_src {
	char		 host[128];
	uint16_t	 port;
	char		 user[128];
	char		 mailbox[128];
	char		 state_key[420];	/* meta: "V:U" */
	char		*password;	/* or, with imap_auth = oauth2: */
	struct oauth2	*oauth;
	const char	*ca_file;
	mailimap	*imap;
	uint32_t	 uidvalidity;
};

/*
 * imaps://USER@HOST[:PORT][/MAILBOX], parsed by libcurl: an @ inside
 * the user name is written %40, as in any URL.
 */
static int
imap_url(const char *url, struct imap_src *src)
{
	CURLU	*u;
	char	*scheme = NULL, *user = NULL, *host = NULL, *port = NULL;
	char	*path = NULL, shown[URL_MASKED_MAX];
	int	 rc = -1;

	if ((u = curl_url()) == NULL)
		return -1;
	(void)url_masked(url, shown, sizeof(shown));	/* what logs say */
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    strcmp(scheme, "imaps") != 0) {
		log_error("%s: give an imaps:// URL (TLS is required); an @ "
		    "in the user name is written %%40", shown);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &user, CURLU_URLDECODE) !=
	    CURLUE_OK || *user == '\0' || strlen(user) >= sizeof(src->user)) {
		log_error("%s: give the user name: imaps://USER@HOST/MAILBOX",
		    shown);
		goto out;
	}
	if (curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    strlen(host) >= sizeof(src->host) ||
	    curl_url_get(u, CURLUPART_PORT, &port, CURLU_DEFAULT_PORT) !=
	    CURLUE_OK ||
	    curl_url_get(u, CURLUPART_PATH, &path, CURLU_URLDECODE) !=
	    CURLUE_OK || strlen(path) >= sizeof(src->mailbox)) {
		log_error("%s: the host, port or mailbox is not usable", shown);
		goto out;
	}
	snprintf(src->user, sizeof(src->user), "%s", user);
	/* an IPv6 address comes in brackets, which connect() must not see */
	snprintf(src->host, sizeof(src->host), "%.*s",
	    (int)strlen(host) - (host[0] == '[' ? 2 : 0),
	    host + (host[0] == '['));
	src->port = (uint16_t)atoi(port);
	snprintf(src->mailbox, sizeof(src->mailbox), "%s",
	    path[0] == '/' && path[1] != '\0' ? path + 1 : "INBOX");
	snprintf(src->state_key, sizeof(src->state_key), "imap:%s@%s:%u/%s",
	    src->user, src->host, src->port, src->mailbox);
	rc = 0;
out:
	curl_free(scheme);
	curl_free(user);
	curl_free(host);
	curl_free(port);
	curl_free(path);
	curl_url_cleanup(u);
	return rc;
}

static void
imap_close(struct imap_src *src)
{
	if (src->imap == NULL)
		return;
	(void)mailimap_logout(src->imap);
	mailimap_free(src->imap);
	src->imap = NULL;
}

static void
imap_forget(struct imap_src *src)
{
	secret_free(src->password);
	src->password = NULL;
	oauth2_free(src->oauth);
	src->oauth = NULL;
}

/*
 * The certificate file and the way to log in, from [mail] of cox.conf:
 * the password, or with imap_auth = oauth2 [oauth2]'s settings.  Returns
 * OUT_OK or OUT_CONFIG (reported); imap_forget() lets them go.
 */
static enum outcome
imap_settings(const struct config *conf, struct imap_src *src)
{
	int	 oauth;

	src->ca_file = config_get(conf, "mail", "imap_ca_file");
	if (oauth2_wanted(conf, "mail", "imap_auth", &oauth) == -1)
		return OUT_CONFIG;
	if (oauth)
		return oauth2_open(conf, &src->oauth);
	if (config_secret(conf, "mail", "imap_password", &src->password) == -1)
		return OUT_CONFIG;
	return OUT_OK;
}

/*
 * Logs in with the password, or with SASL XOAUTH2 and an access token;
 * a token the server refuses is traded for a new one, once (it may have
 * been revoked early).  Returns OUT_OK, OUT_DENIED or, when no token
 * could be had, oauth2_token()'s outcome; each failure logged.
 */
static enum outcome
imap_login(struct imap_src *src)
{
	const char	*token;
	enum outcome	 o;
	int		 again;

	if (src->oauth == NULL && mailimap_login(src->imap, src->user,
	    src->password) == MAILIMAP_NO_ERROR)
		return OUT_OK;
	for (again = 0; src->oauth != NULL && again < 2; again++) {
		if ((o = oauth2_token(src->oauth, again, &token)) != OUT_OK)
			return o;
		if (mailimap_oauth2_authenticate(src->imap, src->user,
		    token) == MAILIMAP_NO_ERROR)
			return OUT_OK;
		if (src->imap->imap_stream == NULL)
			break;	/* the server hung up */
	}
	log_error("imaps://%s:%u: login as %s refused (%s)", src->host,
	    src->port, src->user, src->imap->imap_response != NULL ?
	    src->imap->imap_response : "no reason given");
	return OUT_DENIED;
}

/* The chain the server sent, checked before the password goes out. */
static int
imap_check_cert(struct imap_src *src)
{
	carray		*chain;
	const unsigned char **der = NULL;
	size_t		*len = NULL, n, i;
	char		 why[256];
	int		 rc = -1;

	chain = mailstream_get_certificate_chain(src->imap->imap_stream);
	n = chain != NULL ? carray_count(chain) : 0;
	if (n > 0 && ((der = calloc(n, sizeof(*der))) == NULL ||
	    (len = calloc(n, sizeof(*len))) == NULL))
		goto out;
	for (i = 0; i < n; i++) {
		MMAPString *s = carray_get(chain, (unsigned)i);
		der[i] = (const unsigned char *)s->str;
		len[i] = s->len;
	}
	if (cert_chain_check(der, len, n, src->host, src->ca_file, why,
	    sizeof(why)) == 0)
		rc = 0;
	else
		log_error("imaps://%s:%u: certificate refused: %s; nothing was "
		    "sent to it", src->host, src->port, why);
out:
	if (chain != NULL) {
		for (i = 0; i < n; i++)
			mmap_string_free(carray_get(chain, (unsigned)i));
		carray_free(chain);
	}
	free(der);
	free(len);
	return rc;
}

/*
 * Connects, checks the certificate, logs in and selects the mailbox.
 * Returns OUT_OK, OUT_RETRY (a passing failure, logged), OUT_DENIED
 * (a certificate, login or mailbox that will be refused again) or
 * OUT_CONFIG (no refresh token to log in with).
 */
static enum outcome
imap_open(struct imap_src *src)
{
	enum outcome	 o;
	int		 r;

	if ((src->imap = mailimap_new(0, NULL)) == NULL)
		return OUT_RETRY;
	mailimap_set_timeout(src->imap, IMAP_TIMEOUT);
	r = mailimap_ssl_connect(src->imap, src->host, src->port);
	if (r != MAILIMAP_NO_ERROR_AUTHENTICATED &&
	    r != MAILIMAP_NO_ERROR_NON_AUTHENTICATED) {
		log_error("imaps://%s:%u: cannot connect (libetpan error %d)",
		    src->host, src->port, r);
		mailimap_free(src->imap);
		src->imap = NULL;
		return OUT_RETRY;
	}
	if (imap_check_cert(src) == -1) {
		mailimap_free(src->imap);	/* no logout: say nothing */
		src->imap = NULL;
		return OUT_DENIED;
	}
	if ((o = imap_login(src)) != OUT_OK) {
		imap_close(src);
		return o;
	}
	if ((r = mailimap_select(src->imap, src->mailbox)) !=
	    MAILIMAP_NO_ERROR || src->imap->imap_selection_info == NULL) {
		log_error("imaps://%s:%u: cannot open mailbox %s", src->host,
		    src->port, src->mailbox);
		imap_close(src);
		return OUT_DENIED;
	}
	src->uidvalidity = src->imap->imap_selection_info->sel_uidvalidity;
	log_info("imaps://%s:%u: %s open (UIDVALIDITY %u)", src->host,
	    src->port, src->mailbox, src->uidvalidity);
	return OUT_OK;
}

/* The highest UID done in this UIDVALIDITY (0 when none, or it moved). */
static int
imap_state(struct mailer *mx, struct imap_src *src, uint32_t *last)
{
	char		*v = NULL;
	unsigned long	 val, uid;

	*last = 0;
	if (db_meta_get(mx->ws->db, src->state_key, &v) == -1)
		return -1;
	if (v != NULL && sscanf(v, "%lu:%lu", &val, &uid) == 2 &&
	    val == src->uidvalidity)
		*last = (uint32_t)uid;
	else if (v != NULL)
		log_warn("%s: UIDVALIDITY changed; reading the mailbox again "
		    "(the ledger keeps what was stored from being stored "
		    "twice)", src->mailbox);
	free(v);
	return 0;
}

static int
by_uid(const void *a, const void *b)
{
	uint32_t	 x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* The UIDs above last, in order. */
static int
imap_new_uids(struct imap_src *src, uint32_t last, uint32_t **out,
    size_t *n)
{
	struct mailimap_set		*set;
	struct mailimap_fetch_type	*ft;
	clist				*result = NULL;
	clistiter			*c;
	uint32_t			*v = NULL, *more;
	int				 r;

	*out = NULL;
	*n = 0;
	/* a FETCH alone need not show mail that came since the server
	 * last looked (Dovecot rescans a Maildir on NOOP, not on FETCH) */
	if (mailimap_noop(src->imap) != MAILIMAP_NO_ERROR)
		return -1;
	set = mailimap_set_new_interval(last + 1, 0);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_uid());
	r = mailimap_uid_fetch(src->imap, set, ft, &result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return -1;
	for (c = clist_begin(result); c != NULL; c = clist_next(c)) {
		struct mailimap_msg_att *att = clist_content(c);
		uint32_t uid = 0;
		clistiter *i;
		for (i = clist_begin(att->att_list); i != NULL;
		    i = clist_next(i)) {
			struct mailimap_msg_att_item *it = clist_content(i);
			if (it->att_type == MAILIMAP_MSG_ATT_ITEM_STATIC &&
			    it->att_data.att_static->att_type ==
			    MAILIMAP_MSG_ATT_UID)
				uid = it->att_data.att_static->att_data.att_uid;
		}
		/* "last+1:*" returns the newest message even if it is old */
		if (uid <= last)
			continue;
		if ((more = reallocarray(v, *n + 1, sizeof(*v))) == NULL) {
			mailimap_fetch_list_free(result);
			free(v);
			return -1;
		}
		v = more;
		v[(*n)++] = uid;
	}
	mailimap_fetch_list_free(result);
	if (*n > 0)
		qsort(v, *n, sizeof(*v), by_uid);
	*out = v;
	return 0;
}

/*
 * One message's bytes, fetched without setting \Seen, and never more
 * than one byte over the size limit: a huge message is not read into
 * memory, only marked too big (its head kept and quarantined).
 */
static int
imap_body(struct imap_src *src, uint32_t uid, struct buf *raw, int *big)
{
	struct mailimap_set		*set;
	struct mailimap_fetch_type	*ft;
	clist				*result = NULL;
	clistiter			*c, *i;
	int				 r, found = 0;

	buf_reset(raw);
	*big = 0;
	set = mailimap_set_new_single(uid);
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_body_peek_section_partial(
	    mailimap_section_new(NULL), 0, MAIL_MAX_SIZE + 1));
	r = mailimap_uid_fetch(src->imap, set, ft, &result);
	mailimap_fetch_type_free(ft);
	mailimap_set_free(set);
	if (r != MAILIMAP_NO_ERROR)
		return -1;
	for (c = clist_begin(result); c != NULL && !found; c = clist_next(c)) {
		struct mailimap_msg_att *att = clist_content(c);
		for (i = clist_begin(att->att_list); i != NULL;
		    i = clist_next(i)) {
			struct mailimap_msg_att_item *it = clist_content(i);
			struct mailimap_msg_att_body_section *b;
			if (it->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC ||
			    it->att_data.att_static->att_type !=
			    MAILIMAP_MSG_ATT_BODY_SECTION)
				continue;
			b = it->att_data.att_static->att_data.att_body_section;
			*big = b->sec_length > MAIL_MAX_SIZE;
			buf_add(raw, b->sec_body_part, *big ? MAIL_MAX_SIZE :
			    b->sec_length);
			found = 1;
		}
	}
	mailimap_fetch_list_free(result);
	return found && !buf_failed(raw) ? 0 : -1;
}

/* Flags UIDs first..last \Seen (what a crash left unflagged too). */
static void
imap_flag_seen(struct imap_src *src, uint32_t first, uint32_t last)
{
	struct mailimap_set		*set;
	struct mailimap_flag_list	*fl;
	struct mailimap_store_att_flags	*sf;

	set = mailimap_set_new_interval(first, last);
	fl = mailimap_flag_list_new_empty();
	mailimap_flag_list_add(fl, mailimap_flag_new_seen());
	sf = mailimap_store_att_flags_new_add_flags_silent(fl);
	if (mailimap_uid_store(src->imap, set, sf) != MAILIMAP_NO_ERROR)
		log_warn("%s: could not flag UIDs %u:%u as seen (they are "
		    "stored; only the flag is missing)", src->mailbox, first,
		    last);
	mailimap_store_att_flags_free(sf);
	mailimap_set_free(set);
}

/*
 * Fetches message uid into raw, keeps its bytes on disk and begins its
 * preparation (intake_prepare_begin()) as in.  Returns 0, or -1 when
 * the connection failed.
 */
static int
imap_begin(struct mailer *mx, struct imap_src *src, struct incoming *in,
    uint32_t uid, struct buf *raw)
{
	int	 big;

	snprintf(in->key, sizeof(in->key), "%s:%u:%u", src->state_key,
	    src->uidvalidity, uid);
	if (imap_body(src, uid, raw, &big) == -1)
		return -1;
	in->too_big = big;
	intake_hash(raw->data, raw->len, in->hash);
	if (intake_keep_raw(mx, "raw", in->hash, raw->data, raw->len,
	    in->raw_path, sizeof(in->raw_path)) == -1)
		return 0;	/* tried again next pass */
	intake_prepare_begin(mx, in, raw->data, raw->len);
	return 0;
}

/*
 * New messages, MAIL_BATCH at a time: their bytes kept on disk, read
 * under a read transaction, then written with the new highest UID in
 * one transaction, then flagged.  Returns how many were stored or
 * answered, or -1 when the connection or the database failed.
 */
static int
imap_pass(struct mailer *mx, struct imap_src *src)
{
	struct incoming		*in = NULL;
	enum mail_outcome	*out = NULL;
	struct buf		 raw[2] = { { 0 }, { 0 } };
	uint32_t		*uids = NULL, last, upto;
	size_t			 n, at, k, i;
	char			 state[64];
	int			 done = 0, ok = 1, blocked;

	if (imap_state(mx, src, &last) == -1 ||
	    imap_new_uids(src, last, &uids, &n) == -1)
		return -1;
	/* a crash between a commit and its flags left some unflagged */
	if (last > 0 && n == 0)
		imap_flag_seen(src, 1, last);
	for (at = 0; ok && at < n && !stop_requested(); at += k) {
		k = n - at < MAIL_BATCH ? n - at : MAIL_BATCH;
		if ((in = calloc(k, sizeof(*in))) == NULL ||
		    (out = calloc(k, sizeof(*out))) == NULL) {
			ok = 0;
			break;
		}
		for (i = 0; i < k; i++) {
			in[i].source = "imap";
			in[i].what = MAIL_RETRY;	/* until prepared */
		}
		/* the parser works on the next while this reads the one before */
		ok = db_read(mx->ws->db) == 0 &&
		    imap_begin(mx, src, &in[0], uids[at], &raw[0]) == 0;
		for (i = 0; ok && i < k; i++) {
			intake_prepare_take(&in[i]);
			if (i + 1 < k && imap_begin(mx, src, &in[i + 1],
			    uids[at + i + 1], &raw[(i + 1) % 2]) == -1)
				ok = 0;
			intake_prepare_end(mx, &in[i]);
			if (in[i].what == MAIL_QUARANTINED)
				(void)intake_quarantine(mx, &in[i],
				    raw[i % 2].data, raw[i % 2].len);
		}
		db_rollback(mx->ws->db);
		/*
		 * The UID noted is the highest with every message up to it
		 * done: one to try again holds it back (those after it are
		 * read again next time, and the ledger knows them).
		 */
		upto = last;
		blocked = 0;
		if (ok && db_begin(mx->ws->db) == 0) {
			for (i = 0; i < k; i++) {
				out[i] = intake_record(mx, &in[i]);
				if (out[i] == MAIL_RETRY)
					blocked = 1;
				else if (!blocked)
					upto = uids[at + i];
			}
			snprintf(state, sizeof(state), "%u:%u",
			    src->uidvalidity, upto);
			if (db_meta_set(mx->ws->db, src->state_key, state) == -1 ||
			    db_commit(mx->ws->db) == -1) {
				db_rollback(mx->ws->db);
				waiting_forget(&mx->waiting);
				ok = 0;
			}
		} else
			ok = 0;
		ratemail_index_free(mx->index);
		mx->index = NULL;
		for (i = 0; ok && i < k; i++) {
			if (out[i] == MAIL_RETRY)
				continue;
			imap_flag_seen(src, uids[at + i], uids[at + i]);
			done += out[i] == MAIL_STORED ||
			    out[i] == MAIL_REJECTED;
		}
		last = upto;
		for (i = 0; i < k; i++)
			intake_free(&in[i]);
		free(in);
		free(out);
		in = NULL;
		out = NULL;
	}
	waiting_forget(&mx->waiting);	/* read once a pass */
	free(uids);
	buf_free(&raw[0]);
	buf_free(&raw[1]);
	return ok ? done : -1;
}

/*
 * Waits in IDLE until the server says something, or a timeout.  The
 * server may tell of mail that came meanwhile right after its "+ idling"
 * line, in the same read: then it is in the stream's buffer already,
 * and the socket would stay quiet until the next delivery.
 */
static int
imap_wait(struct imap_src *src)
{
	struct pollfd	 pfd;
	int		 waited, r, told;

	if (mailimap_idle(src->imap) != MAILIMAP_NO_ERROR)
		return -1;
	told = src->imap->imap_stream != NULL &&
	    src->imap->imap_stream->read_buffer_len > 0;
	pfd.fd = mailimap_idle_get_fd(src->imap);
	pfd.events = POLLIN;
	for (waited = 0; !told && !stop_requested() && waited < IMAP_IDLE_MAX;
	    waited++) {
		notify_alive();
		if ((r = poll(&pfd, 1, 1000)) != 0)
			break;
	}
	if (!stop_requested() && waited < IMAP_IDLE_MAX)
		poll(NULL, 0, IMAP_QUIET_MS);	/* let a burst arrive */
	return mailimap_idle_done(src->imap) == MAILIMAP_NO_ERROR ? 0 : -1;
}

/*
 * One pass over the mailbox at url, or with idle, passes as mail comes
 * until a signal, connecting again with growing pauses; the daemon
 * pings systemd's watchdog while it waits or goes round, so a read that
 * never returns (a connection dead without a word) restarts it.  Returns OUT_OK,
 * OUT_BADINPUT (url), OUT_CONFIG, OUT_DENIED or OUT_RETRY.
 */
enum outcome
imap_run(struct mailer *mx, const char *url, int idle)
{
	struct imap_src	 src;
	int		 backoff = 1, n, s;
	enum outcome	 status = OUT_OK, r;

	memset(&src, 0, sizeof(src));
	if (imap_url(url, &src) == -1)
		return OUT_BADINPUT;
	if (imap_settings(mx->ws->conf, &src) != OUT_OK) {
		imap_forget(&src);
		return OUT_CONFIG;
	}
	if (idle)
		notify_send("READY=1\nSTATUS=watching the mailbox");
	while (!stop_requested()) {
		notify_alive();
		if (src.imap == NULL && (r = imap_open(&src)) != OUT_OK) {
			if (!idle) {
				status = r;
				break;
			}
			log_info("trying again in %d s", backoff);
			for (s = 0; s < backoff && !stop_requested(); s++) {
				notify_alive();
				sleep(1);
			}
			backoff = backoff * 2 > IMAP_BACKOFF_MAX ?
			    IMAP_BACKOFF_MAX : backoff * 2;
			continue;
		}
		backoff = 1;
		if ((n = imap_pass(mx, &src)) == -1) {
			log_warn("imaps://%s:%u: the connection or the database "
			    "failed during a pass", src.host, src.port);
			imap_close(&src);
			if (!idle) {
				status = OUT_RETRY;
				break;
			}
			continue;
		}
		if (n > 0)
			(void)hook_post_ingest(mx->ws);
		if (!idle)
			break;
		/* what landed while that pass or the hook ran: no IDLE told */
		if (n > 0)
			continue;
		if (imap_wait(&src) == -1) {
			log_warn("imaps://%s:%u: IDLE failed; connecting again",
			    src.host, src.port);
			imap_close(&src);
		}
	}
	if (idle)
		notify_send("STOPPING=1");
	imap_close(&src);
	imap_forget(&src);
	return status;
}

/*
 * cox doctor --online: connects to url as cox mail --imap would (the
 * certificate checked, logged in, the mailbox selected) and leaves.
 * Returns OUT_OK, OUT_BADINPUT (url), OUT_CONFIG (no password), or
 * OUT_RETRY and OUT_DENIED with the reason logged.
 */
enum outcome
imap_probe(const struct config *conf, const char *url)
{
	struct imap_src	 src;
	enum outcome	 r;

	memset(&src, 0, sizeof(src));
	if (imap_url(url, &src) == -1)
		return OUT_BADINPUT;
	if (imap_settings(conf, &src) != OUT_OK) {
		imap_forget(&src);
		return OUT_CONFIG;
	}
	if ((r = imap_open(&src)) == OUT_OK)
		imap_close(&src);
	imap_forget(&src);
	return r;
}
