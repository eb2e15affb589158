/*
 * config.c - cox.conf: "key = value" lines under "[section]" headers,
 * full-line comments starting with '#' or ';'.
 *
 * A value can be overridden from the environment as COX_SECTION_KEY
 * (upper case), which is how CI and systemd pass settings.  Secrets are
 * never read from the file itself: config_secret() takes them from the
 * environment or from a file named by the "KEY_file" key (systemd
 * credentials, a mode-600 file), so cox.conf can be shared or committed.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"

#define CONFIG_MAX_SIZE		(256 * 1024)
#define CONFIG_MAX_SECRET	4096

struct config_entry {
	char	*section;
	char	*key;
	char	*value;
	unsigned long line;
};

struct config {
	char			*path;
	struct config_entry	*v;
	size_t			 n;
};

static struct config_entry *
config_lookup(const struct config *c, const char *section, const char *key)
{
	size_t	 i;

	for (i = 0; i < c->n; i++)
		if (strcmp(c->v[i].section, section) == 0 &&
		    strcmp(c->v[i].key, key) == 0)
			return &c->v[i];
	return NULL;
}

static int
config_add(struct config *c, const char *section, const char *key,
    const char *value, unsigned long line)
{
	struct config_entry	*v, *e;

	if ((e = config_lookup(c, section, key)) != NULL) {
		log_error("%s:%lu: '%s' is already set on line %lu of [%s]",
		    c->path, line, key, e->line, section);
		return -1;
	}
	if ((v = reallocarray(c->v, c->n + 1, sizeof(*v))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	c->v = v;
	e = &c->v[c->n];
	e->section = xstrdup(section);
	e->key = xstrdup(key);
	e->value = xstrdup(value);
	e->line = line;
	if (e->section == NULL || e->key == NULL || e->value == NULL) {
		free(e->section);
		free(e->key);
		free(e->value);
		return -1;
	}
	c->n++;
	return 0;
}

/* Parses one line; section is updated in place on a "[name]" line. */
static int
config_line(struct config *c, char *s, unsigned long line, char *section,
    size_t secsize)
{
	char	*eq, *key, *value, *end;
	size_t	 len;

	s = trim(s);
	if (*s == '\0' || *s == '#' || *s == ';')
		return 0;
	if (*s == '[') {
		if ((end = strchr(s, ']')) == NULL || end[1] != '\0')
			goto bad;
		*end = '\0';
		s = trim(s + 1);
		if (!name_valid(s, "_-.") || (len = strlen(s)) >= secsize)
			goto bad;
		memcpy(section, s, len + 1);
		return 0;
	}
	if ((eq = strchr(s, '=')) == NULL)
		goto bad;
	*eq = '\0';
	key = trim(s);
	value = trim(eq + 1);
	if (!name_valid(key, "_-."))
		goto bad;
	len = strlen(value);
	if (len >= 2 && value[0] == '"' && value[len - 1] == '"') {
		value[len - 1] = '\0';
		value++;
	}
	return config_add(c, section, key, value, line);
bad:
	log_error("%s:%lu: expected '[section]' or 'key = value' (lower-case "
	    "names), found something else", c->path, line);
	return -1;
}

/* Loads path; returns NULL after logging the first problem. */
struct config *
config_load(const char *path)
{
	struct buf	 text = { 0 };
	struct config	*c;
	char		 section[64] = "";
	char		*p, *nl;
	unsigned long	 line = 0;

	if ((c = calloc(1, sizeof(*c))) == NULL ||
	    (c->path = xstrdup(path)) == NULL)
		goto fail;
	if (file_read(path, CONFIG_MAX_SIZE, &text) == -1)
		goto fail;
	if (!utf8_valid(text.data, text.len) ||
	    memchr(text.data, '\0', text.len) != NULL) {
		log_error("%s: not a UTF-8 text file", path);
		goto fail;
	}
	for (p = text.data; p != NULL && *p != '\0'; p = nl) {
		line++;
		if ((nl = strchr(p, '\n')) != NULL)
			*nl++ = '\0';
		if (config_line(c, p, line, section, sizeof(section)) == -1)
			goto fail;
	}
	buf_free(&text);
	return c;
fail:
	buf_free(&text);
	config_free(c);
	return NULL;
}

void
config_free(struct config *c)
{
	size_t	 i;

	if (c == NULL)
		return;
	for (i = 0; i < c->n; i++) {
		free(c->v[i].section);
		free(c->v[i].key);
		free(c->v[i].value);
	}
	free(c->v);
	free(c->path);
	free(c);
}

const char *
config_path(const struct config *c)
{
	return c->path;
}

static void
env_name(char *dst, size_t size, const char *section, const char *key)
{
	char	*p;

	snprintf(dst, size, "COX_%s_%s", section, key);
	for (p = dst; *p != '\0'; p++)
		*p = (*p == '-' || *p == '.') ? '_' :
		    (char)toupper((unsigned char)*p);
}

/* The value from the environment or the file, NULL when unset or empty. */
const char *
config_get(const struct config *c, const char *section, const char *key)
{
	struct config_entry	*e;
	const char		*v;
	char			 env[160];

	env_name(env, sizeof(env), section, key);
	if ((v = getenv(env)) != NULL && *v != '\0')
		return v;
	if ((e = config_lookup(c, section, key)) == NULL || e->value[0] == '\0')
		return NULL;
	return e->value;
}

/* The one line every configuration problem is reported with. */
void
config_bad(const struct config *c, const char *section, const char *key,
    const char *hint)
{
	struct config_entry	*e = config_lookup(c, section, key);

	if (e != NULL)
		log_error("%s:%lu: [%s] %s is not valid: %s", c->path,
		    e->line, section, key, hint);
	else
		log_error("%s: [%s] %s is missing: %s", c->path, section,
		    key, hint);
}

int
config_require(const struct config *c, const char *section, const char *key,
    const char *hint, const char **out)
{
	if ((*out = config_get(c, section, key)) == NULL) {
		config_bad(c, section, key, hint);
		return -1;
	}
	return 0;
}

/*
 * The values of a list setting ("a@example.org, b@example.org":
 * commas or white space between them) added to out, which the caller
 * frees.  Returns how many, or -1 when out of memory.
 */
int
config_list(const struct config *c, const char *section, const char *key,
    struct strlist *out)
{
	const char	*p = config_get(c, section, key), *e;
	int		 n = 0;

	while (p != NULL && *p != '\0') {
		p += strspn(p, ", \t");
		if ((e = p + strcspn(p, ", \t")) == p)
			break;
		if (strlist_addf(out, "%.*s", (int)(e - p), p) == -1)
			return -1;
		n++;
		p = e;
	}
	return n;
}

int
config_long(const struct config *c, const char *section, const char *key,
    long def, long min, long max, long *out)
{
	const char	*v = config_get(c, section, key);
	char		 hint[96];

	if (v == NULL) {
		*out = def;
		return 0;
	}
	if (parse_long(v, min, max, out) == -1) {
		snprintf(hint, sizeof(hint), "put a whole number from %ld "
		    "to %ld there", min, max);
		config_bad(c, section, key, hint);
		return -1;
	}
	return 0;
}

/*
 * A secret from COX_SECTION_KEY or from the file named by KEY_file, with
 * one trailing newline removed.  The caller frees *out with
 * secret_free().  A secret written inline in cox.conf is refused.
 */
int
config_secret(const struct config *c, const char *section, const char *key,
    char **out)
{
	struct buf	 b = { 0 };
	const char	*v;
	char		 env[160], filekey[96];

	*out = NULL;
	env_name(env, sizeof(env), section, key);
	if ((v = getenv(env)) != NULL && *v != '\0')
		return (*out = xstrdup(v)) == NULL ? -1 : 0;
	if (config_lookup(c, section, key) != NULL) {
		config_bad(c, section, key, "secrets do not go in cox.conf; "
		    "use the environment or a *_file key naming a file");
		return -1;
	}
	snprintf(filekey, sizeof(filekey), "%s_file", key);
	if ((v = config_get(c, section, filekey)) == NULL) {
		char hint[256];
		snprintf(hint, sizeof(hint), "name a file holding the secret "
		    "(%s_file = /path) or set %s", key, env);
		config_bad(c, section, filekey, hint);
		return -1;
	}
	if (file_read(v, CONFIG_MAX_SECRET, &b) == -1)
		return -1;
	while (b.len > 0 && (b.data[b.len - 1] == '\n' ||
	    b.data[b.len - 1] == '\r'))
		b.data[--b.len] = '\0';
	if (b.len == 0 || strlen(b.data) != b.len) {
		buf_free(&b);
		config_bad(c, section, filekey, "the file it names is empty "
		    "or not text");
		return -1;
	}
	*out = buf_steal(&b);
	return 0;
}

/*
 * Whether the secret key is given at all (COX_SECTION_KEY or KEY_file),
 * for one that may be left out; config_secret() reads it.
 */
int
config_has_secret(const struct config *c, const char *section,
    const char *key)
{
	const char	*v;
	char		 env[160], filekey[96];

	env_name(env, sizeof(env), section, key);
	snprintf(filekey, sizeof(filekey), "%s_file", key);
	return ((v = getenv(env)) != NULL && *v != '\0') ||
	    config_get(c, section, filekey) != NULL;
}
