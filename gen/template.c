/*
 * template.c - a small logic-less template engine over jansson values.
 *
 *	{{name}}		the value, HTML-escaped ("a.b" looks inside)
 *	{{{name}}}		the value as is: only for HTML the generator
 *				made itself (rendered markdown, SVG)
 *	{{#name}}..{{/name}}	once per array element, or once if the
 *				value is an object or true-ish
 *	{{^name}}..{{/name}}	once if the value is missing or false-ish
 *	{{>name}}		another template of the same set
 *	{{.}}			the current value; {{! ... }} a comment
 *	{{t.name}}		the catalogue's entry name (lib/words/) in
 *				the set's language, itself template source
 *				rendered in the current context
 *
 * Names are looked up from the innermost section outwards.  Templates
 * are parsed once into a tree and rendered many times.
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

#define TMPL_MAX_DEPTH	32
#define TMPL_MAX_SIZE	(256 * 1024)

enum tnode_type { TN_TEXT, TN_VAR, TN_RAW, TN_SECTION, TN_INVERTED,
	TN_PARTIAL, TN_WORDS };

struct tnode {
	enum tnode_type	 type;
	char		*text;		/* text, or the name */
	size_t		 len;
	struct tnode	*kids;		/* sections: the body */
	size_t		 nkids;
};

struct tmpl {
	char		*name;
	struct tnode	 root;
};

struct tmpl_set {
	struct tmpl	*v;
	size_t		 n;
	char		*lang;		/* NULL: the team's language */
};

static void
tnode_free(struct tnode *t)
{
	size_t	 i;

	for (i = 0; i < t->nkids; i++)
		tnode_free(&t->kids[i]);
	free(t->kids);
	free(t->text);
}

static struct tnode *
tnode_add(struct tnode *parent, enum tnode_type type, const char *s,
    size_t len)
{
	struct tnode	*kids, *t;

	if ((kids = reallocarray(parent->kids, parent->nkids + 1,
	    sizeof(*kids))) == NULL)
		return NULL;
	parent->kids = kids;
	t = &kids[parent->nkids];
	memset(t, 0, sizeof(*t));
	if ((t->text = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(t->text, s, len);
	t->text[len] = '\0';
	t->len = len;
	t->type = type;
	parent->nkids++;
	return t;
}

/* Copies the tag's name, trimmed, into a NUL-terminated buffer. */
static int
tag_name(const char *s, size_t len, char *dst, size_t size)
{
	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0 || len >= size)
		return -1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 0;
}

static int tmpl_parse(const struct tmpl_set *, const char *, size_t,
    size_t *, struct tnode *, const char *, int, const char **);

/*
 * Parses the catalogue's entry that t names ("t.NAME") as t's body, so
 * a page's words are looked up once, when its template is loaded.
 */
static int
words_parse(const struct tmpl_set *set, struct tnode *t, int depth,
    const char **why)
{
	const char	*text;
	size_t		 pos = 0;

	if ((text = words_find(set->lang, t->text + 2)) == NULL) {
		*why = "a {{t.name}} names no entry of the catalogue";
		return -1;
	}
	return tmpl_parse(set, text, strlen(text), &pos, t, NULL, depth + 1,
	    why);
}

/*
 * Parses src[*pos..] into parent until "{{/close}}" (or the end when
 * close is NULL).  *why says what is wrong on failure.
 */
static int
tmpl_parse(const struct tmpl_set *set, const char *src, size_t len,
    size_t *pos, struct tnode *parent, const char *close, int depth,
    const char **why)
{
	const char	*open, *end;
	struct tnode	*t;
	char		 name[128];
	size_t		 start, taglen;
	enum tnode_type	 type;
	int		 triple;

	if (depth > TMPL_MAX_DEPTH) {
		*why = "sections nested too deeply";
		return -1;
	}
	while (*pos < len) {
		start = *pos;
		open = memmem(src + start, len - start, "{{", 2);
		if (open == NULL)
			open = src + len;
		if (open > src + start &&
		    tnode_add(parent, TN_TEXT, src + start,
		    (size_t)(open - (src + start))) == NULL)
			goto nomem;
		if (open == src + len) {
			*pos = len;
			break;
		}
		triple = open + 2 < src + len && open[2] == '{';
		end = memmem(open, (size_t)(src + len - open),
		    triple ? "}}}" : "}}", triple ? 3 : 2);
		if (end == NULL) {
			*why = "a '{{' is never closed";
			return -1;
		}
		*pos = (size_t)(end - src) + (triple ? 3 : 2);
		open += triple ? 3 : 2;
		taglen = (size_t)(end - open);
		type = triple ? TN_RAW : TN_VAR;
		if (!triple && taglen > 0) {
			switch (*open) {
			case '!':
				continue;
			case '#': type = TN_SECTION; break;
			case '^': type = TN_INVERTED; break;
			case '>': type = TN_PARTIAL; break;
			case '&': type = TN_RAW; break;
			case '/':
				if (tag_name(open + 1, taglen - 1, name,
				    sizeof(name)) == -1 || close == NULL ||
				    strcmp(name, close) != 0) {
					*why = "a {{/...}} closes no open "
					    "section";
					return -1;
				}
				return 0;
			}
			if (type != TN_VAR)
				open++, taglen--;
		}
		if (tag_name(open, taglen, name, sizeof(name)) == -1) {
			*why = "an empty or over-long tag name";
			return -1;
		}
		if (type == TN_VAR && strncmp(name, "t.", 2) == 0)
			type = TN_WORDS;
		if ((t = tnode_add(parent, type, name, strlen(name))) == NULL)
			goto nomem;
		if ((type == TN_SECTION || type == TN_INVERTED) &&
		    tmpl_parse(set, src, len, pos, t, t->text, depth + 1,
		    why) == -1)
			return -1;
		if (type == TN_WORDS && words_parse(set, t, depth, why) == -1)
			return -1;
	}
	if (close != NULL) {
		*why = "a section is never closed";
		return -1;
	}
	return 0;
nomem:
	*why = "out of memory";
	return -1;
}

/* Parses src as template name into the set.  Logs what is wrong. */
int
tmpl_add(struct tmpl_set *set, const char *name, const char *src,
    size_t len)
{
	struct tmpl	*v, *t;
	const char	*why = NULL;
	size_t		 pos = 0;

	if ((v = reallocarray(set->v, set->n + 1, sizeof(*v))) == NULL) {
		log_error("out of memory");
		return -1;
	}
	set->v = v;
	t = &set->v[set->n];
	memset(t, 0, sizeof(*t));
	if ((t->name = xstrdup(name)) == NULL)
		return -1;
	set->n++;
	if (tmpl_parse(set, src, len, &pos, &t->root, NULL, 0, &why) == -1) {
		log_error("template %s: %s (near byte %zu)", name, why, pos);
		return -1;
	}
	return 0;
}

struct tmpl_set *
tmpl_set_new(void)
{
	struct tmpl_set	*s = calloc(1, sizeof(*s));

	if (s == NULL)
		log_error("out of memory");
	return s;
}

/* Loads every *.html file of dir, named by the file name. */
int
tmpl_load_dir(struct tmpl_set *set, const char *dir)
{
	struct dirent	*de;
	struct buf	 b = { 0 };
	DIR		*d;
	char		 path[4096];
	size_t		 n;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL) {
		log_error("%s: cannot open the templates folder", dir);
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (n < 6 || strcmp(de->d_name + n - 5, ".html") != 0)
			continue;
		buf_reset(&b);
		if (path_join(path, sizeof(path), dir, de->d_name) == -1 ||
		    file_read(path, TMPL_MAX_SIZE, &b) == -1 ||
		    tmpl_add(set, de->d_name, b.data, b.len) == -1)
			rc = -1;
	}
	closedir(d);
	buf_free(&b);
	return rc;
}

void
tmpl_set_free(struct tmpl_set *set)
{
	size_t	 i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++) {
		free(set->v[i].name);
		tnode_free(&set->v[i].root);
	}
	free(set->v);
	free(set->lang);
	free(set);
}

/*
 * The language of the set's {{t.name}} words; call before adding
 * templates.  NULL (the default) is the team's language.
 */
int
tmpl_set_lang(struct tmpl_set *set, const char *lang)
{
	free(set->lang);
	set->lang = NULL;
	if (lang != NULL && (set->lang = xstrdup(lang)) == NULL)
		return -1;
	return 0;
}

static const struct tmpl *
tmpl_find(const struct tmpl_set *set, const char *name)
{
	size_t	 i;

	for (i = 0; i < set->n; i++)
		if (strcmp(set->v[i].name, name) == 0)
			return &set->v[i];
	return NULL;
}

/* The context stack: innermost value last. */
struct tctx {
	json_t	*stack[TMPL_MAX_DEPTH * 2 + 2];
	int	 depth;
};

/* A name, or a dotted path ("a.b"), from the innermost context out. */
static json_t *
lookup(const struct tctx *c, const char *name)
{
	const char	*seg, *dot;
	size_t		 len;
	json_t		*v = NULL;
	int		 i;

	if (strcmp(name, ".") == 0)
		return c->stack[c->depth - 1];
	dot = strchr(name, '.');
	len = dot ? (size_t)(dot - name) : strlen(name);
	for (i = c->depth - 1; i >= 0 && v == NULL; i--)
		if (json_is_object(c->stack[i]))
			v = json_object_getn(c->stack[i], name, len);
	while (v != NULL && dot != NULL) {
		seg = dot + 1;
		dot = strchr(seg, '.');
		len = dot ? (size_t)(dot - seg) : strlen(seg);
		v = json_object_getn(v, seg, len);
	}
	return v;
}

static int
truthy(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
	case JSON_TRUE:
		return 1;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_INTEGER:
		return json_integer_value(v) != 0;
	case JSON_REAL:
		return json_real_value(v) != 0;
	default:
		return 0;
	}
}

static int
emit_value(struct buf *out, json_t *v, int raw)
{
	if (v == NULL)
		return 0;	/* a missing value renders as nothing */
	switch (json_typeof(v)) {
	case JSON_STRING:
		return raw ? buf_add(out, json_string_value(v),
		    json_string_length(v)) : html_escape(out,
		    json_string_value(v), json_string_length(v));
	case JSON_INTEGER:
		return buf_long(out, (long)json_integer_value(v));
	case JSON_REAL:
		return buf_printf(out, "%g", json_real_value(v));
	default:
		return 0;
	}
}

static int render_nodes(const struct tmpl_set *, const struct tnode *,
    struct tctx *, struct buf *);

static int
render_section(const struct tmpl_set *set, const struct tnode *t,
    struct tctx *c, struct buf *out)
{
	json_t	*v = lookup(c, t->text), *el;
	size_t	 i;
	int	 rc = 0;

	if (t->type == TN_INVERTED)
		return v != NULL && truthy(v) ? 0 : render_nodes(set, t, c, out);
	if (v == NULL || !truthy(v))
		return 0;
	if (c->depth >= (int)(sizeof(c->stack) / sizeof(c->stack[0]))) {
		log_error("template: sections nested too deeply");
		return -1;
	}
	if (json_is_array(v)) {
		json_array_foreach(v, i, el) {
			c->stack[c->depth++] = el;
			rc = render_nodes(set, t, c, out);
			c->depth--;
			if (rc == -1)
				break;
		}
		return rc;
	}
	c->stack[c->depth++] = v;
	rc = render_nodes(set, t, c, out);
	c->depth--;
	return rc;
}

static int
render_nodes(const struct tmpl_set *set, const struct tnode *parent,
    struct tctx *c, struct buf *out)
{
	const struct tnode	*t;
	const struct tmpl	*p;
	size_t			 i;
	int			 rc = 0;

	for (i = 0; i < parent->nkids && rc == 0; i++) {
		t = &parent->kids[i];
		switch (t->type) {
		case TN_TEXT:
			rc = buf_add(out, t->text, t->len);
			break;
		case TN_VAR:
		case TN_RAW:
			rc = emit_value(out, lookup(c, t->text),
			    t->type == TN_RAW);
			break;
		case TN_SECTION:
		case TN_INVERTED:
			rc = render_section(set, t, c, out);
			break;
		case TN_WORDS:
			rc = render_nodes(set, t, c, out);
			break;
		case TN_PARTIAL:
			if ((p = tmpl_find(set, t->text)) == NULL) {
				log_error("template: no partial '%s'", t->text);
				return -1;
			}
			if (c->depth >= TMPL_MAX_DEPTH) {
				log_error("template: partials nested too "
				    "deeply");
				return -1;
			}
			/* a partial sees the same context one level down */
			c->stack[c->depth] = c->stack[c->depth - 1];
			c->depth++;
			rc = render_nodes(set, &p->root, c, out);
			c->depth--;
			break;
		}
	}
	return rc;
}

/* Renders template name with ctx, appending to out. */
int
tmpl_render(const struct tmpl_set *set, const char *name, json_t *ctx,
    struct buf *out)
{
	const struct tmpl	*t = tmpl_find(set, name);
	struct tctx		 c;

	if (t == NULL) {
		log_error("no template '%s'", name);
		return -1;
	}
	c.stack[0] = ctx;
	c.depth = 1;
	return render_nodes(set, &t->root, &c, out);
}
