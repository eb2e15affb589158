/*
 * html.c - the text a mail client shows of an HTML-only email, through
 * libxml2's HTML parser (every entity decoded, broken markup recovered),
 * as a coach would read it: block ends become line breaks, table cells
 * are separated by tabs as a spreadsheet pastes them, and what the
 * coach did not write is marked as a plain-text reply marks it, each
 * line begun with '>' (quote_strip() then blanks it): a blockquote,
 * the containers Gmail, Thunderbird, Yahoo and Proton Mail put a
 * message replied to or forwarded in, and all from the start of
 * Outlook's quoted thread on.
 *
 * Text a mail client would not show is no text at all: script, style,
 * head, title and template; elements with the hidden attribute; and
 * those hidden by style, inline or by a class, id or element name that
 * a <style> rule hides (display:none, visibility:hidden, mso-hide:all,
 * no opacity, no font size, no height or width with overflow hidden,
 * a transparent colour).  A <style> rule is read loosely: the classes
 * and ids its selectors name last, and the elements they name alone,
 * are hidden wherever they are, which may hide more than a browser
 * would; a selector this reading does not know may hide less.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "mail.h"

#define CSS_MAX_DECL	64	/* bytes of a declaration read */

/* The names <style> rules hide, in lower case, each list sorted. */
struct hidden {
	struct strlist	 classes, ids, tags;
};

/* Elements that end a line of text. */
static int
html_block(const char *name)
{
	static const char *const v[] = { "br", "p", "div", "tr", "li", "ul",
	    "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
	    "pre", "hr", "dd", "dt", "section", "article", "header", "footer" };
	size_t	 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcasecmp(name, v[i]))
			return 1;
	return 0;
}

/* Elements whose text no mail client shows. */
static int
html_skipped(const char *name)
{
	static const char *const v[] = { "script", "style", "head", "title",
	    "template", "iframe" };
	size_t	 i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (!strcasecmp(name, v[i]))
			return 1;
	return 0;
}

/* Whether the class attribute of n lists one of the n names of v. */
static int
has_class(xmlNodePtr n, const char *const *v, size_t nv)
{
	xmlChar		*cls;
	const char	*p;
	size_t		 i, len;
	int		 rc = 0;

	if ((cls = xmlGetProp(n, (const xmlChar *)"class")) == NULL)
		return 0;
	for (p = (const char *)cls; *p != '\0' && !rc; p += len) {
		p += strspn(p, " \t\r\n\f");
		len = strcspn(p, " \t\r\n\f");
		for (i = 0; i < nv && !rc; i++)
			rc = len == strlen(v[i]) && !strncasecmp(p, v[i], len);
	}
	xmlFree(cls);
	return rc;
}

/*
 * Whether n holds another message: a blockquote, as Gmail, Apple Mail,
 * Thunderbird and Outlook on the web quote the message replied to, or
 * the container Gmail (a forward is no blockquote there), Thunderbird,
 * Yahoo and Proton Mail put the message replied to or forwarded in.
 * Or the signature Gmail marks as one ("gmail_signature"): a name, a
 * role, a club and a number under it are no athlete's scores, and
 * read as a line they were refused as one.
 */
static int
html_quote(xmlNodePtr n)
{
	static const char *const quotes[] = { "gmail_quote",
	    "gmail_quote_container", "moz-forward-container", "yahoo_quoted",
	    "protonmail_quote", "gmail_signature" };

	if (n->type != XML_ELEMENT_NODE)
		return 0;
	return !strcasecmp((const char *)n->name, "blockquote") ||
	    has_class(n, quotes, sizeof(quotes) / sizeof(quotes[0]));
}

/*
 * Whether n starts the thread Outlook quotes below a reply, which is no
 * blockquote but all that follows: on the web an empty <div
 * id="appendonsend">, a rule, <div id="divRplyFwdMsg"> holding the
 * From and Sent lines in the sender's language, then the message; on
 * phones and in the new Outlook <div
 * id="mail-editor-reference-message-container">.  A message quoted
 * again has its ids begin "x_".
 */
static int
html_outlook_quote(xmlNodePtr n)
{
	static const char *const ids[] = { "appendonsend", "divRplyFwdMsg",
	    "mail-editor-reference-message-container" };
	xmlChar		*id;
	const char	*s;
	size_t		 i;
	int		 rc = 0;

	if (n->type != XML_ELEMENT_NODE ||
	    (id = xmlGetProp(n, (const xmlChar *)"id")) == NULL)
		return 0;
	for (s = (const char *)id; strncasecmp(s, "x_", 2) == 0; s += 2)
		continue;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]) && !rc; i++)
		rc = strcasecmp(s, ids[i]) == 0;
	xmlFree(id);
	return rc;
}

/* Whether CSS value v is a zero, with or without its unit ("0", "0px"). */
static int
css_zero(const char *v)
{
	int	 digits = 0;

	if (*v == '+' || *v == '-')
		v++;
	for (; *v == '0' || *v == '.'; v++)
		digits += *v == '0';
	return digits > 0 && (*v < '1' || *v > '9');
}

/*
 * Whether declaration d ("display:none", white space and comments gone,
 * in lower case) hides what it styles; notes a zero height or width in
 * *small and a hidden overflow in *overflow, which hide together.
 */
static int
css_declaration(char *d, int *small, int *overflow)
{
	char	*v, *imp;

	if ((v = strchr(d, ':')) == NULL)
		return 0;
	*v++ = '\0';
	if ((imp = strstr(v, "!important")) != NULL)
		*imp = '\0';
	*small |= (!strcmp(d, "height") || !strcmp(d, "max-height") ||
	    !strcmp(d, "width") || !strcmp(d, "max-width")) && css_zero(v);
	*overflow |= (!strcmp(d, "overflow") || !strcmp(d, "overflow-x") ||
	    !strcmp(d, "overflow-y")) && !strcmp(v, "hidden");
	return (!strcmp(d, "display") && !strcmp(v, "none")) ||
	    (!strcmp(d, "visibility") && (!strcmp(v, "hidden") ||
	    !strcmp(v, "collapse"))) ||
	    (!strcmp(d, "mso-hide") && !strcmp(v, "all")) ||
	    (!strcmp(d, "opacity") && css_zero(v)) ||
	    ((!strcmp(d, "font-size") || !strcmp(d, "font")) && css_zero(v)) ||
	    (!strcmp(d, "color") && !strcmp(v, "transparent"));
}

/*
 * Whether the declarations of s (len bytes: "display: none; color:
 * red") hide what they style.  Comments, white space, case and
 * !important are not read; a declaration longer than any that hides
 * is cut short, never read on into the next.
 */
static int
css_hides(const char *s, size_t len)
{
	char	 d[CSS_MAX_DECL];
	size_t	 n = 0, i;
	int	 small = 0, overflow = 0, hides = 0;

	for (i = 0; i <= len && !hides; i++) {
		if (i + 1 < len && s[i] == '/' && s[i + 1] == '*') {
			for (i += 2; i + 1 < len && !(s[i] == '*' &&
			    s[i + 1] == '/'); i++)
				continue;
			/* to the comment's '/', or short of the end */
			i = i + 1 < len ? i + 1 : len - 1;
			continue;
		}
		if (i == len || s[i] == ';') {
			d[n] = '\0';
			hides = css_declaration(d, &small, &overflow);
			n = 0;
		} else if (strchr(" \t\r\n\f", s[i]) == NULL &&
		    n + 1 < sizeof(d))
			d[n++] = s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i];
	}
	return hides || (small && overflow);
}

static int
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || (c & 0x80);
}

/* Adds the len bytes at s to l, in lower case. */
static void
add_lower(struct strlist *l, const char *s, size_t len)
{
	char	*v;
	size_t	 i;

	if (len == 0 || (v = strndup(s, len)) == NULL)
		return;
	for (i = 0; i < len; i++)
		if (v[i] >= 'A' && v[i] <= 'Z')
			v[i] += 32;
	strlist_add(l, v);
	free(v);
}

/*
 * Adds to h the names selector s (len bytes) styles last in each of
 * its comma-separated selectors: ".a b.c, #d, e" gives class c, id d
 * and element e (an element named with a class or id is not all of
 * its kind).  What follows a ':' or '[' is not read ("a:hover" is a).
 */
static void
css_names(struct hidden *h, const char *s, size_t len)
{
	const char	*e = s + len, *sel, *end, *p, *last;
	size_t		 n;

	for (sel = s; sel < e; sel = end + 1) {
		if ((end = memchr(sel, ',', (size_t)(e - sel))) == NULL)
			end = e;
		/* the last compound selector, after the last combinator */
		for (last = end; last > sel &&
		    strchr(" \t\r\n\f", last[-1]) != NULL; last--)
			continue;
		for (p = last; p > sel && strchr(" \t\r\n\f>+~", p[-1]) == NULL;
		    p--)
			continue;
		for (n = 0; p + n < last && (name_char(p[n]) || p[n] == '*');
		    n++)
			continue;
		if (p + n == last || p[n] == ':' || p[n] == '[')
			add_lower(&h->tags, p, n);	/* "b", "b:hover" */
		for (p += n; p < last && *p != ':' && *p != '['; ) {
			if (*p != '.' && *p != '#') {
				p++;
				continue;
			}
			for (n = 1; p + n < last && name_char(p[n]); n++)
				continue;
			add_lower(*p == '.' ? &h->classes : &h->ids, p + 1, n - 1);
			p += n;
		}
		if (end == e)
			break;
	}
}

/*
 * Adds to h the names that the rules of style sheet s hide (css_names()
 * of each rule whose declarations css_hides()); at-rules' own blocks
 * are not rules, the rules inside them (@media) are.
 */
static void
css_sheet(struct hidden *h, const char *s)
{
	const char	*p, *sel = s, *open = NULL;

	for (p = s; *p != '\0'; p++) {
		if (p[0] == '/' && p[1] == '*') {
			if ((p = strstr(p + 2, "*/")) == NULL)
				return;
			p++;
		} else if (*p == '{') {
			if (open != NULL)	/* a rule inside an at-rule */
				sel = open + 1;
			open = p;
		} else if (*p == '}') {
			sel += strspn(sel, " \t\r\n\f");
			if (open != NULL && sel < open && *sel != '@' &&
			    css_hides(open + 1, (size_t)(p - open - 1)))
				css_names(h, sel, (size_t)(open - sel));
			sel = p + 1;
			open = NULL;
		} else if (*p == ';' && open == NULL)
			sel = p + 1;	/* after "@import ...;" */
	}
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
sort(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(l->v[0]), cmp_str);
}

static int
sorted_has(const struct strlist *l, const char *s)
{
	return l->n > 0 && bsearch(&s, l->v, l->n, sizeof(l->v[0]),
	    cmp_str) != NULL;
}

/* Reads every <style> of the document below root into h, sorted. */
static void
hidden_read(struct hidden *h, xmlNodePtr root)
{
	xmlNodePtr	 n = root;
	xmlChar		*css;

	while (n != NULL) {
		if (n->type == XML_ELEMENT_NODE &&
		    !strcasecmp((const char *)n->name, "style") &&
		    (css = xmlNodeGetContent(n)) != NULL) {
			css_sheet(h, (const char *)css);
			xmlFree(css);
		} else if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != NULL && n != root && n->next == NULL)
			n = n->parent;
		n = n == NULL || n == root ? NULL : n->next;
	}
	sort(&h->classes);
	sort(&h->ids);
	sort(&h->tags);
}

static void
hidden_free(struct hidden *h)
{
	strlist_free(&h->classes);
	strlist_free(&h->ids);
	strlist_free(&h->tags);
}

/*
 * Whether attribute name of n, in lower case, is one of sorted l's; or,
 * with words, any of its words (a class attribute's).
 */
static int
attr_listed(xmlNodePtr n, const char *name, const struct strlist *l,
    int words)
{
	xmlChar		*v;
	char		*p, *w, save;
	int		 rc = 0;

	if (l->n == 0 || (v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return 0;
	for (p = (char *)v; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	for (p = (char *)v; *p != '\0' && !rc; p = w) {
		if (words)
			p += strspn(p, " \t\r\n\f");
		w = p + (words ? strcspn(p, " \t\r\n\f") : strlen(p));
		save = *w;
		*w = '\0';
		rc = *p != '\0' && sorted_has(l, p);
		*w = save;
	}
	xmlFree(v);
	return rc;
}

/* Whether element n and all in it are hidden from the reader (h). */
static int
html_hidden(xmlNodePtr n, const struct hidden *h)
{
	xmlChar	*style;
	int	 rc;

	if (html_skipped((const char *)n->name) ||
	    xmlHasProp(n, (const xmlChar *)"hidden") != NULL ||
	    sorted_has(&h->tags, "*") ||
	    sorted_has(&h->tags, (const char *)n->name) ||
	    attr_listed(n, "class", &h->classes, 1) ||
	    attr_listed(n, "id", &h->ids, 0))
		return 1;
	if ((style = xmlGetProp(n, (const xmlChar *)"style")) == NULL)
		return 0;
	rc = css_hides((const char *)style, strlen((const char *)style));
	xmlFree(style);
	return rc;
}

/*
 * Appends a text node's words, white space (and no-break spaces) as
 * one; quoted, depth deep, each line it starts begins with as many
 * '>', as a plain-text reply quotes, so that the quoted lines are cut
 * as a plain-text reply's are (quote_strip()).
 */
static void
html_words(struct buf *b, const char *s, int depth)
{
	int	 space = b->len > 0 && b->data[b->len - 1] != '\n' &&
		    b->data[b->len - 1] != '\t' && b->data[b->len - 1] != ' ';
	int	 i;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
		    (s[0] == '\xc2' && s[1] == '\xa0' && s++)) {
			if (space)
				buf_putc(b, ' ');
			space = 0;
			continue;
		}
		if (depth > 0 && (b->len == 0 || b->data[b->len - 1] == '\n')) {
			for (i = 0; i < depth; i++)
				buf_putc(b, '>');
			buf_putc(b, ' ');
		}
		buf_putc(b, *s);
		space = 1;
	}
}

/* Ends the line unless it is ended, dropping the spaces before. */
static void
html_break(struct buf *b, char c)
{
	while (b->len > 0 && b->data[b->len - 1] == ' ')
		b->data[--b->len] = '\0';
	if (c == '\t' || (b->len > 0 && b->data[b->len - 1] != '\n'))
		buf_putc(b, c);
}

/* Whether element n is a table cell that starts after text on its line. */
static int
html_cell(xmlNodePtr n, const struct buf *b)
{
	return n->type == XML_ELEMENT_NODE &&
	    (!strcasecmp((const char *)n->name, "td") ||
	    !strcasecmp((const char *)n->name, "th")) &&
	    b->len > 0 && b->data[b->len - 1] != '\n';
}

/*
 * The text of UTF-8 html as its reader sees it (the opening comment
 * says how): a string the caller frees, "" for no text.
 */
char *
html_text(const char *html)
{
	struct hidden	 h = { 0 };
	struct buf	 b = { 0 };
	htmlDocPtr	 doc;
	xmlNodePtr	 n, root;
	int		 quoted = 0;	/* quotes n is in */
	int		 outlook = 0;	/* past the start of Outlook's quote */
	int		 up;		/* n's are left: its parents' are not */

	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		return xstrdup("");
	}
	hidden_read(&h, root);
	for (n = root; n != NULL; ) {
		outlook |= html_outlook_quote(n);
		if (n->type == XML_TEXT_NODE && n->content != NULL)
			html_words(&b, (const char *)n->content,
			    quoted + outlook);
		else if (html_cell(n, &b))
			html_break(&b, '\t');
		if (n->type == XML_ELEMENT_NODE && n->children != NULL &&
		    !html_hidden(n, &h)) {
			/* marked for its leaving: the test reads attributes */
			n->_private = html_quote(n) ? &quoted : NULL;
			quoted += n->_private != NULL;
			n = n->children;
			continue;
		}
		/* leaving n, and each parent whose last child it is */
		for (up = 0; n != NULL; n = n->parent, up = 1) {
			if (n->type == XML_ELEMENT_NODE &&
			    html_block((const char *)n->name))
				html_break(&b, '\n');
			if (up && n->_private == &quoted)
				quoted--;
			if (n == root)
				n = NULL;
			if (n == NULL || n->next != NULL)
				break;
		}
		if (n != NULL)
			n = n->next;
	}
	hidden_free(&h);
	xmlFreeDoc(doc);
	if (b.data == NULL)
		return xstrdup("");
	return buf_steal(&b);
}
