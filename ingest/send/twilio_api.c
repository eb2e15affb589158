/*
 * twilio_api.c - the way out for texts: one text at a time to
 * Twilio's Messages API (REST over HTTPS, JSON answers), with a status
 * callback to cox sms serve; and [sms] and [whatsapp] of cox.conf for
 * sending.  A WhatsApp message goes the same way, between
 * "whatsapp:" addresses, as free text or as an approved template
 * (ContentSid and ContentVariables).  outbox.c queues, claims, chooses
 * the way (message_route()) and retries; this only sends.
 */
#include <stdlib.h>
#include <string.h>

#include <curl/curl.h>
#include <jansson.h>
#include <sodium.h>

#include "send.h"

struct twilio {
	const char	*api;		/* https://api.twilio.com */
	const char	*account;
	char		*token;
	const char	*from;		/* [sms] from, or NULL with a service */
	const char	*service;	/* [sms] messaging_service_sid */
	const char	*wa_from;	/* [whatsapp] from, or NULL */
	const char	*wa_service;	/* [whatsapp] messaging_service_sid */
	const char	*callback_url;	/* public URL of /twilio/status */
	long		 timeout;
	struct buf	 callback;	/* holds callback */
};

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf	*b = arg;

	if (b->len + size * n > 64 * 1024 || buf_add(b, p, size * n) == -1)
		return 0;
	return size * n;
}

/* A request to Twilio's API at url, its answer collected in resp. */
static void
twilio_session(CURL *c, const struct twilio *t, const char *url,
    struct buf *resp)
{
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_USERNAME, t->account);
	curl_easy_setopt(c, CURLOPT_PASSWORD, t->token);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, resp);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, t->timeout);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
}

/*
 * The form that sends o: To, From (or a Messaging Service), Body or a
 * template with its variables, and where its status is to be told.
 * Returns 0, or -1 out of memory.
 */
static int
twilio_form(CURL *c, const struct twilio *t, const struct outgoing *o,
    struct buf *form)
{
	char		 to[64], from[64], *e;
	const char	*fields[5][2];
	size_t		 i;

	snprintf(to, sizeof(to), "%s%s", o->whatsapp ? "whatsapp:" : "",
	    o->to);
	snprintf(from, sizeof(from), "whatsapp:%s", t->wa_from ?
	    (phone_whatsapp(t->wa_from) ? phone_whatsapp(t->wa_from) :
	    t->wa_from) : "");
	fields[0][0] = "To";
	fields[0][1] = to;
	/* a Messaging Service picks the sender from its pool */
	if (!o->whatsapp) {
		fields[1][0] = t->service ? "MessagingServiceSid" : "From";
		fields[1][1] = t->service ? t->service : t->from;
	} else {
		fields[1][0] = t->wa_service ? "MessagingServiceSid" : "From";
		fields[1][1] = t->wa_service ? t->wa_service : from;
	}
	fields[2][0] = o->content_sid ? "ContentSid" : "Body";
	fields[2][1] = o->content_sid ? o->content_sid : o->body;
	fields[3][0] = "ContentVariables";
	fields[3][1] = o->content_sid ? o->variables : NULL;
	fields[4][0] = "StatusCallback";
	fields[4][1] = t->callback_url;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i][1] == NULL)
			continue;
		e = curl_easy_escape(c, fields[i][1], 0);
		buf_printf(form, "%s%s=%s", form->len ? "&" : "", fields[i][0],
		    e ? e : "");
		curl_free(e);
	}
	return buf_failed(form) ? -1 : 0;
}

/* Whether s is shaped as a Messaging Service SID: MG and 32 hex digits. */
int
twilio_service_shaped(const char *s)
{
	return strlen(s) == 34 && strncmp(s, "MG", 2) == 0 &&
	    strspn(s + 2, "0123456789abcdef") == 32;
}

/* What Twilio's error code says of the recipient (enum peer_said). */
static int
peer_said(long code)
{
	switch (code) {
	case 21610:
		return PEER_STOP;
	case 63016:
		return PEER_WINDOW;
	case 63014:
		return PEER_WA_BLOCKED;
	default:
		return PEER_OK;
	}
}

/*
 * Hands one text to Twilio (twilio_sender's send).  Returns 0 taken, 1
 * to try again (429, 5xx, no connection), 2 refused, 3 when Twilio may
 * have it but did not answer; sid gets Twilio's message SID, *stop
 * what Twilio's error said of the recipient (enum peer_said: 21610,
 * 63016, 63014).
 */
static int
twilio_send(const void *conf, const struct outgoing *o, char sid[64],
    int *stop, char *why, size_t whysize)
{
	const struct twilio *t = conf;
	struct buf	 resp = { 0 }, form = { 0 };
	char		 url[512];
	json_t		*j = NULL;
	json_error_t	 jerr;
	CURL		*c;
	CURLcode	 rc;
	long		 http = 0, conn = 0;
	int		 r = 1;
	long		 code;

	*stop = PEER_OK;
	sid[0] = '\0';
	if ((c = curl_easy_init()) == NULL)
		return 1;
	if (twilio_form(c, t, o, &form) == -1) {
		snprintf(why, whysize, "out of memory");
		goto out;	/* r = 1: tried again later */
	}
	snprintf(url, sizeof(url), "%s/2010-04-01/Accounts/%s/Messages.json",
	    t->api, t->account);
	twilio_session(c, t, url, &resp);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.data);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
	curl_easy_getinfo(c, CURLINFO_REQUEST_SIZE, &conn);
	if (rc != CURLE_OK) {
		/* sent but no answer: Twilio may have it, so not again */
		r = conn > 0 && rc == CURLE_OPERATION_TIMEDOUT ? 3 : 1;
		snprintf(why, whysize, "%s%s", curl_easy_strerror(rc), r == 3 ?
		    "; not sent again in case Twilio took it" : "");
		goto out;
	}
	if (resp.data != NULL)
		j = json_loadb(resp.data, resp.len, 0, &jerr);
	if (http == 200 || http == 201) {
		const char *s = json_string_value(json_object_get(j, "sid"));
		snprintf(sid, 64, "%s", s ? s : "");
		snprintf(why, whysize, "accepted");
		r = 0;
	} else {
		code = (long)json_integer_value(json_object_get(j, "code"));
		snprintf(why, whysize, "Twilio said %ld (error %ld)", http,
		    code);
		*stop = peer_said(code);
		r = http == 429 || http >= 500 ? 1 : 2;
	}
out:
	json_decref(j);
	buf_free(&resp);
	buf_free(&form);
	curl_easy_cleanup(c);
	return r;
}

/*
 * [sms] of cox.conf for sending into *out (twilio_sender's open;
 * twilio_close() frees it); -1 (reported) when it is wrong.
 */
static int
twilio_open(struct config *conf, void **out)
{
	struct twilio	*t;
	const char	*pub;

	*out = NULL;
	if (config_get(conf, "sms", "account_sid") == NULL)
		return 0;	/* not configured: *out stays NULL */
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	*out = t;
	t->api = config_get(conf, "sms", "api_url");
	if (t->api == NULL)
		t->api = "https://api.twilio.com";
	t->service = config_get(conf, "sms", "messaging_service_sid");
	if (t->service != NULL && !twilio_service_shaped(t->service)) {
		log_error("[sms] messaging_service_sid is not a Messaging "
		    "Service SID (MG and 32 hex digits): copy it from the "
		    "Twilio console");
		return -1;
	}
	if (config_require(conf, "sms", "account_sid", "", &t->account) == -1 ||
	    (t->service == NULL && config_require(conf, "sms", "from", "put "
	    "the number texts come from, e.g. from = +441234567890, or a "
	    "messaging_service_sid", &t->from) == -1) ||
	    config_long(conf, "sms", "api_timeout", 30, 1, 300,
	    &t->timeout) == -1 ||
	    config_secret(conf, "sms", "auth_token", &t->token) == -1)
		return -1;
	t->wa_from = config_get(conf, "whatsapp", "from");
	t->wa_service = config_get(conf, "whatsapp", "messaging_service_sid");
	if ((pub = config_get(conf, "sms", "public_url")) != NULL) {
		if (buf_printf(&t->callback, "%s/twilio/status", pub) == -1)
			return -1;
		t->callback_url = t->callback.data;
	}
	return 0;
}

static void
twilio_close(void *conf)
{
	struct twilio	*t = conf;

	if (t == NULL)
		return;
	secret_free(t->token);
	buf_free(&t->callback);
	free(t);
}

/*
 * Twilio's API knows the account and takes the token (twilio_sender's
 * probe); -1 with a line in problems when not.
 */
static int
twilio_probe(const void *conf, struct strlist *problems)
{
	const struct twilio *t = conf;
	struct buf	 resp = { 0 };
	char		 url[512], why[256];
	json_t		*j;
	CURL		*c;
	CURLcode	 rc;
	long		 http = 0;

	if ((c = curl_easy_init()) == NULL)
		return -1;
	snprintf(url, sizeof(url), "%s/2010-04-01/Accounts/%s.json", t->api,
	    t->account);
	twilio_session(c, t, url, &resp);
	rc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &http);
	curl_easy_cleanup(c);
	if (rc != CURLE_OK) {
		snprintf(why, sizeof(why), "%s", curl_easy_strerror(rc));
		buf_free(&resp);
		goto fail;
	}
	j = resp.data != NULL ? json_loadb(resp.data, resp.len, 0, NULL) :
	    NULL;
	snprintf(why, sizeof(why), "Twilio said %ld (error %lld)", http,
	    (long long)json_integer_value(json_object_get(j, "code")));
	json_decref(j);
	buf_free(&resp);
	if (http == 200)
		return 0;
fail:
	strlist_addf(problems, "[sms] account_sid %s: %s; copy the Account "
	    "SID and Auth Token from the Twilio console", t->account, why);
	return -1;
}

const struct sender twilio_sender = {
	.channel = CHANNEL_SMS,
	.noun = "text",
	.taken = "accepted by Twilio",
	.open = twilio_open,
	.close = twilio_close,
	.send = twilio_send,
	.probe = twilio_probe,
};
