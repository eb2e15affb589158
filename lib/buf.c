/*
 * buf.c - a growing byte buffer and a list of strings.
 *
 * A buffer's data is always NUL-terminated once anything was added, so
 * text can be handed to C string functions without a copy.  Growth
 * doubles, and every size computation is checked for overflow.
 *
 * A buffer remembers a failed allocation: every append after it does
 * nothing and returns -1, so a caller may append many times and check
 * once, with buf_failed(), before it uses the data.
 *
 * A buffer marked with buf_wipe() holds what must not outlive it (a
 * page before it is sealed): it zeroes the memory it lets go, when it
 * grows as when it is freed, which realloc() would not.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "plumbing.h"

/* Whether n more bytes and the NUL fit in b as it is: no call then. */
static inline int
fits(const struct buf *b, size_t n)
{
	return !b->failed && b->cap > b->len && n < b->cap - b->len;
}

static int
buf_grow(struct buf *b, size_t more)
{
	size_t	 need, cap;
	char	*p;

	if (fits(b, more))
		return 0;
	if (b->failed)
		return -1;
	if (more > SIZE_MAX - b->len - 1)
		goto nomem;
	need = b->len + more + 1;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	if (!b->wipe || b->data == NULL) {
		if ((p = realloc(b->data, cap)) == NULL)
			goto nomem;
	} else {
		if ((p = malloc(cap)) == NULL)
			goto nomem;
		memcpy(p, b->data, b->len + 1);
		sodium_memzero(b->data, b->cap);
		free(b->data);
	}
	b->data = p;
	b->cap = cap;
	return 0;
nomem:
	log_error("out of memory");
	b->failed = 1;
	errno = ENOMEM;
	return -1;
}

/* Whether an append to b has failed since it was made or freed. */
int
buf_failed(const struct buf *b)
{
	return b->failed;
}

int
buf_add(struct buf *b, const void *p, size_t n)
{
	if (!fits(b, n) && buf_grow(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

/*
 * Makes room for n more bytes and returns where they go; the caller
 * writes them and adds n to len.  NULL when out of memory.
 */
char *
buf_reserve(struct buf *b, size_t n)
{
	if (!fits(b, n) && buf_grow(b, n) == -1)
		return NULL;
	return b->data + b->len;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int
buf_putc(struct buf *b, int c)
{
	char	 ch = (char)c;

	return buf_add(b, &ch, 1);
}

/* Formats into the free space; only when it does not fit, grows and again. */
int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	int	 rc;

	va_start(ap, fmt);
	rc = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

int
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list	 again;
	size_t	 room;
	int	 n;

	if (b->cap - b->len < 64 && buf_grow(b, 64) == -1)
		return -1;
	room = b->cap - b->len;
	va_copy(again, ap);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	if (n < 0) {
		b->failed = 1;
		va_end(again);
		return -1;
	}
	if ((size_t)n >= room) {
		if (buf_grow(b, (size_t)n) == -1) {
			va_end(again);
			return -1;
		}
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, again);
	}
	va_end(again);
	b->len += (size_t)n;
	return 0;
}

/*
 * A number with one decimal ("257.0", "-3.5") into out, which has room
 * for FIXED1_MAX bytes (no NUL), without printf's floating-point
 * machinery: charts write thousands of coordinates.  Returns the length.
 */
size_t
fixed1(char out[FIXED1_MAX], double v)
{
	char		 tmp[FIXED1_MAX], *p = tmp + sizeof(tmp);
	long long	 t;
	unsigned long long u;

	if (!(v > -1e15 && v < 1e15))	/* NaN and what no chart has */
		v = 0;
	t = (long long)(v * 10 + (v < 0 ? -0.5 : 0.5));
	u = t < 0 ? (unsigned long long)-t : (unsigned long long)t;
	*--p = (char)('0' + u % 10);
	*--p = '.';
	u /= 10;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (t < 0)
		*--p = '-';
	memcpy(out, p, (size_t)(tmp + sizeof(tmp) - p));
	return (size_t)(tmp + sizeof(tmp) - p);
}

int
buf_fixed1(struct buf *b, double v)
{
	char	 s[FIXED1_MAX];

	return buf_add(b, s, fixed1(s, v));
}

/* A whole number in decimal, without printf: charts write thousands. */
int
buf_long(struct buf *b, long v)
{
	char		 tmp[24], *p = tmp + sizeof(tmp);
	unsigned long	 u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u > 0);
	if (v < 0)
		*--p = '-';
	return buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

void
buf_free(struct buf *b)
{
	if (b == NULL)
		return;
	if (b->wipe && b->data != NULL)
		sodium_memzero(b->data, b->cap);
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

/*
 * Marks b as holding a secret: from now on, and after buf_free(), the
 * memory it lets go is zeroed first.  What buf_steal() hands over, its
 * caller takes that care of.
 */
void
buf_wipe(struct buf *b)
{
	b->wipe = 1;
}

/*
 * Appends len bytes of s in charset to out as UTF-8: charset NULL is
 * UTF-8 or, when the bytes are not, Windows-1252 (*guessed then set):
 * what Excel's "CSV (Comma delimited)" writes, and Windows mail
 * programs of old; text in another charset then shows its letters
 * wrong rather than being refused whole.  Invalid bytes are an error,
 * never silently replaced.  TEXT_OK, TEXT_INVALID (bytes not valid in
 * the charset), TEXT_CHARSET (one iconv does not know), TEXT_NUL (a NUL
 * in the text) or TEXT_NOMEM; out then holds nothing to keep.
 */
enum text_conv
buf_add_utf8(struct buf *out, const char *s, size_t len, const char *charset,
    int *guessed)
{
	iconv_t		 cd;
	char		*in = (char *)s, chunk[4096], *o;
	size_t		 inleft = len, oleft;

	*guessed = 0;
	if (charset == NULL && !utf8_valid(s, len)) {
		charset = "WINDOWS-1252";
		*guessed = 1;
	}
	if (charset == NULL || !strcasecmp(charset, "utf-8") ||
	    !strcasecmp(charset, "us-ascii") || !strcasecmp(charset, "utf8")) {
		if (!utf8_valid(s, len))
			return TEXT_INVALID;
		buf_add(out, s, len);
	} else {
		if ((cd = iconv_open("UTF-8", charset)) == (iconv_t)-1)
			return TEXT_CHARSET;
		while (inleft > 0) {
			o = chunk;
			oleft = sizeof(chunk);
			if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 &&
			    errno != E2BIG) {
				iconv_close(cd);
				return TEXT_INVALID;
			}
			buf_add(out, chunk, sizeof(chunk) - oleft);
		}
		iconv_close(cd);
	}
	if (buf_failed(out))
		return TEXT_NOMEM;
	if (out->len > 0 && memchr(out->data, '\0', out->len) != NULL)
		return TEXT_NUL;
	return TEXT_OK;
}

/*
 * Hands the data to the caller, who frees it; the buffer is left empty.
 * NULL when an append failed (the partial data is freed) or out of
 * memory.
 */
char *
buf_steal(struct buf *b)
{
	char	*p = b->data;

	if (b->failed) {
		if (b->wipe && p != NULL)
			sodium_memzero(p, b->cap);
		free(p);
		p = NULL;
	} else if (p == NULL)
		p = xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
	return p;
}

int
strlist_add(struct strlist *l, const char *s)
{
	char	**v, *copy;
	size_t	  cap;

	if (l->n == l->cap) {
		cap = l->cap ? l->cap * 2 : 8;
		if ((v = reallocarray(l->v, cap, sizeof(*v))) == NULL) {
			log_error("out of memory");
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	if ((copy = xstrdup(s)) == NULL)
		return -1;
	l->v[l->n++] = copy;
	return 0;
}

int
strlist_addf(struct strlist *l, const char *fmt, ...)
{
	struct buf b = { 0 };
	va_list	 ap;
	int	 n, rc = -1;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((b.data = malloc((size_t)n + 1)) == NULL) {
		log_error("out of memory");
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(b.data, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = strlist_add(l, b.data);
	free(b.data);
	return rc;
}

int
strlist_has(const struct strlist *l, const char *s)
{
	size_t	 i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

void
strlist_free(struct strlist *l)
{
	size_t	 i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->cap = 0;
}
