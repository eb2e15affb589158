/*
 * form.c - application/x-www-form-urlencoded bodies, as Twilio posts
 * them: split in place into name and value pairs, decoded with
 * libmicrohttpd's unescaper.  Signatures over them: twilio_sig.c.
 */
#include <string.h>

#include <microhttpd.h>

#include "text.h"

/*
 * Splits an application/x-www-form-urlencoded body in place into
 * params (decoded with libmicrohttpd's unescaper).  Returns the count,
 * or -1 when there are more than max or a name or value holds a NUL
 * (%00): read as C strings, what follows it would be dropped from the
 * value and from the signature checked over it, so one signed request
 * could be sent again with anything after a %00.  Twilio sends none.
 */
int
form_parse(char *body, struct form_param *params, size_t max)
{
	char	*pair, *eq, *save = NULL, *p;
	size_t	 n = 0, len;

	for (pair = strtok_r(body, "&", &save); pair != NULL;
	    pair = strtok_r(NULL, "&", &save)) {
		if (n == max)
			return -1;
		for (p = pair; *p != '\0'; p++)
			if (*p == '+')
				*p = ' ';
		if ((eq = strchr(pair, '=')) != NULL)
			*eq++ = '\0';
		else
			eq = pair + strlen(pair);
		len = MHD_http_unescape(pair);
		if (len != strlen(pair))
			return -1;
		len = MHD_http_unescape(eq);
		if (len != strlen(eq))
			return -1;
		params[n].name = pair;
		params[n].value = eq;
		n++;
	}
	return (int)n;
}

/* The value of the first parameter called name, or NULL. */
const char *
form_get(const struct form_param *p, int n, const char *name)
{
	int	 i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, name) == 0)
			return p[i].value;
	return NULL;
}

/* "AC" or "SM"/"MM" and 32 lower-case hex digits. */
static int
sid_shaped(const char *v, const char *prefixes)
{
	size_t	 i;

	if (strlen(v) != 34)
		return 0;
	for (i = 0; prefixes[i] != '\0'; i += 2)
		if (v[0] == prefixes[i] && v[1] == prefixes[i + 1])
			break;
	if (prefixes[i] == '\0')
		return 0;
	return strspn(v + 2, "0123456789abcdef") == 32;
}

/*
 * From or To as Twilio writes them: E.164, or a WhatsApp address
 * ("whatsapp:+E164"); *whatsapp says which.
 */
static int
address_shaped(const char *v, int *whatsapp)
{
	const char	*n = phone_whatsapp(v);

	*whatsapp = n != NULL;
	return phone_e164_shaped(n != NULL ? n : v);
}

static int
digits_shaped(const char *v)
{
	return *v != '\0' && strlen(v) <= 9 && strspn(v, "0123456789") ==
	    strlen(v);
}

static int
ascii_upper(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* Whether name is as Twilio names its parameters: "MediaUrl0", "WaId". */
static int
name_shaped(const char *name)
{
	size_t	 n;

	if (!ascii_upper(name[0]))
		return 0;
	/* by hand: strspn() builds its table of 62 bytes on every call,
	 * twenty calls a text */
	for (n = 1; ascii_upper(name[n]) || (name[n] >= 'a' &&
	    name[n] <= 'z') || (name[n] >= '0' && name[n] <= '9'); n++)
		continue;
	return name[n] == '\0' && n < 64;
}

/*
 * Whether the parameter that signs right after Body (the least name
 * above it) is one Twilio sends: else it may be the end of the text,
 * cut off under a name of its own ("Body=note &Cannot row=..." signs
 * as "Body=note Cannot row...") so that a captured text is stored
 * without its words.  Only these sort between Body and From, which a
 * text always has.
 */
static int
body_whole(const struct form_param *p, int n)
{
	static const char *const after_body[] = { "ButtonPayload",
	    "ButtonText", "ChannelMetadata", "Forwarded",
	    "FrequentlyForwarded", "From", NULL };
	const char	*next = NULL;
	int		 i;

	for (i = 0; i < n; i++)
		if (strcmp(p[i].name, "Body") > 0 &&
		    (next == NULL || strcmp(p[i].name, next) < 0))
			next = p[i].name;
	for (i = 0; next != NULL && after_body[i] != NULL; i++)
		if (strcmp(next, after_body[i]) == 0)
			return 1;
	return next == NULL;
}

/*
 * Whether a signed webhook request has the shape Twilio gives it: the
 * signature joins names and values without separators, so one captured
 * request could be cut again into others that sign alike.  Every
 * parameter here must have Twilio's shape and appear once: message
 * SIDs SM or MM and 32 hex digits, the account ours (account, when
 * set), numbers E.164 (for WhatsApp "whatsapp:+E164", From and To
 * alike) and To ours (numbers: a comma-separated list, when set, with
 * the WhatsApp sender as "whatsapp:+E164"); a text needs MessageSid,
 * AccountSid, From, To and Body, a status callback MessageSid,
 * MessageStatus and AccountSid.  Every name is as Twilio's are (a
 * capital, then letters and digits), and what follows Body is one of
 * Twilio's (body_whole()).  Returns NULL when it has, else what is
 * wrong (for the log).
 */
const char *
form_twilio_shaped(const struct form_param *p, int n, int status,
    const char *account, const char *numbers)
{
	static const char *const need_sms[] = { "MessageSid", "AccountSid",
	    "From", "To", "Body", NULL };
	static const char *const need_status[] = { "MessageSid",
	    "MessageStatus", "AccountSid", NULL };
	static const char *const states[] = { "accepted", "scheduled",
	    "queued", "sending", "sent", "delivered", "undelivered", "failed",
	    "receiving", "received", "read", "canceled",
	    "partially_delivered", NULL };
	const char *const *need = status ? need_status : need_sms;
	const char	*v, *sid;
	size_t		 len;
	int		 i, j, k, wa, kinds = 0;

	for (i = 0; need[i] != NULL; i++)
		if (form_get(p, n, need[i]) == NULL)
			return "a parameter Twilio always sends is missing";
	sid = form_get(p, n, "MessageSid");
	if (!status && !body_whole(p, n))
		return "a parameter Twilio does not send follows Body (its "
		    "text cut in two?)";
	for (i = 0; i < n; i++) {
		if (!name_shaped(p[i].name))
			return "a parameter's name is not as Twilio's are";
		for (j = 0; j < i; j++)
			if (p[i].name[0] == p[j].name[0] &&
			    !strcmp(p[i].name, p[j].name))
				return "a parameter appears twice";
		v = p[i].value;
		if ((!strcmp(p[i].name, "MessageSid") && !sid_shaped(v, "SMMM"))
		    || ((!strcmp(p[i].name, "SmsSid") ||
		    !strcmp(p[i].name, "SmsMessageSid")) && strcmp(v, sid)))
			return "a message SID is not shaped as Twilio's";
		if (!strcmp(p[i].name, "AccountSid") && (!sid_shaped(v, "AC") ||
		    (account != NULL && strcmp(v, account) != 0)))
			return "AccountSid is not this team's account";
		if (!strcmp(p[i].name, "From") || !strcmp(p[i].name, "To")) {
			if (!address_shaped(v, &wa))
				return "a number is not E.164";
			kinds |= wa ? 2 : 1;
		}
		if ((!strcmp(p[i].name, "NumMedia") ||
		    !strcmp(p[i].name, "NumSegments") ||
		    !strcmp(p[i].name, "ErrorCode")) && !digits_shaped(v))
			return "a count or code is not a number";
		if (!strcmp(p[i].name, "MessageStatus")) {
			for (k = 0; states[k] != NULL && strcmp(v, states[k]);
			    k++)
				continue;
			if (states[k] == NULL)
				return "MessageStatus is not one Twilio sends";
		}
	}
	if (kinds == 3)
		return "From and To are not both WhatsApp or both SMS";
	if (!status && numbers != NULL) {
		v = form_get(p, n, "To");
		len = strlen(v);
		for (sid = numbers; (sid = strstr(sid, v)) != NULL; sid += len)
			if ((sid == numbers || sid[-1] == ',' ||
			    sid[-1] == ' ') && (sid[len] == '\0' ||
			    sid[len] == ',' || sid[len] == ' '))
				return NULL;
		return "To is not one of the team's numbers";
	}
	return NULL;
}
