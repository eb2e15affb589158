/*
 * csv.c - reads what spreadsheets export: RFC 4180 plus the dialects
 * seen in the wild.  A UTF-8 byte order mark is skipped; CRLF, LF and
 * lone CR all end a record; the delimiter (comma, semicolon or tab) is
 * the one that occurs most often outside quotes in the first record;
 * quoted fields may hold delimiters, doubled quotes and line breaks.
 * Text after a closing quote is kept, as spreadsheets do.
 *
 * The reader works on a caller-owned buffer and owns each record it
 * returns until the next call.  Every record remembers the line it
 * started on so that problems can be reported by line number.
 */
#include <stdlib.h>
#include <string.h>

#include "plumbing.h"

struct csv_reader {
	const char		*p;
	const char		*end;
	char			 delim;
	unsigned long		 line;
	struct buf		 field;		/* scratch for one field */
	struct csv_record	 rec;
	char			 err[128];
};

static char
csv_sniff(const char *p, const char *end)
{
	size_t	 comma = 0, semi = 0, tab = 0;
	int	 quoted = 0;

	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\n' || *p == '\r')
			break;
		else if (*p == ',')
			comma++;
		else if (*p == ';')
			semi++;
		else if (*p == '\t')
			tab++;
	}
	if (semi > comma && semi >= tab)
		return ';';
	if (tab > comma && tab > semi)
		return '\t';
	return ',';
}

struct csv_reader *
csv_open(const char *data, size_t len)
{
	struct csv_reader	*r;

	if ((r = calloc(1, sizeof(*r))) == NULL) {
		log_error("out of memory");
		return NULL;
	}
	r->p = data;
	r->end = data + len;
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0)
		r->p += 3;
	r->delim = csv_sniff(r->p, r->end);
	r->line = 1;
	return r;
}

char
csv_delimiter(const struct csv_reader *r)
{
	return r->delim;
}

const char *
csv_error(const struct csv_reader *r)
{
	return r->err;
}

static void
csv_clear(struct csv_reader *r)
{
	size_t	 i;

	for (i = 0; i < r->rec.nfields; i++)
		free(r->rec.fields[i]);
	r->rec.nfields = 0;
}

void
csv_close(struct csv_reader *r)
{
	if (r == NULL)
		return;
	csv_clear(r);
	free(r->rec.fields);
	buf_free(&r->field);
	free(r);
}

static int
csv_push(struct csv_reader *r)
{
	char	*copy;

	if (r->rec.nfields == CSV_MAX_FIELDS) {
		snprintf(r->err, sizeof(r->err), "line %lu: more than %d "
		    "fields", r->rec.line, CSV_MAX_FIELDS);
		return -1;
	}
	if (r->rec.fields == NULL &&
	    (r->rec.fields = calloc(CSV_MAX_FIELDS, sizeof(char *))) == NULL)
		goto nomem;
	if ((copy = malloc(r->field.len + 1)) == NULL)
		goto nomem;
	if (r->field.len > 0)
		memcpy(copy, r->field.data, r->field.len);
	copy[r->field.len] = '\0';
	r->rec.fields[r->rec.nfields++] = copy;
	buf_reset(&r->field);
	return 0;
nomem:
	snprintf(r->err, sizeof(r->err), "out of memory");
	return -1;
}

/* Consumes one line break at r->p if there is one; returns 1 if so. */
static int
csv_newline(struct csv_reader *r)
{
	if (r->p < r->end && *r->p == '\r') {
		r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		return 1;
	}
	if (r->p < r->end && *r->p == '\n') {
		r->p++;
		r->line++;
		return 1;
	}
	return 0;
}

static int
csv_char(struct csv_reader *r, char c)
{
	if (c == '\0') {
		snprintf(r->err, sizeof(r->err), "line %lu: NUL byte in "
		    "the file", r->line);
		return -1;
	}
	if (r->field.len >= CSV_MAX_FIELD) {
		snprintf(r->err, sizeof(r->err), "line %lu: a field longer "
		    "than %d bytes", r->line, CSV_MAX_FIELD);
		return -1;
	}
	if (buf_putc(&r->field, c) == -1) {
		snprintf(r->err, sizeof(r->err), "out of memory");
		return -1;
	}
	return 0;
}

/* Reads a quoted field body; r->p is just past the opening quote. */
static int
csv_quoted(struct csv_reader *r)
{
	unsigned long	 start = r->line;

	for (;;) {
		if (r->p >= r->end) {
			snprintf(r->err, sizeof(r->err), "line %lu: a quoted "
			    "field is never closed", start);
			return -1;
		}
		if (*r->p == '"') {
			if (r->p + 1 < r->end && r->p[1] == '"') {
				if (csv_char(r, '"') == -1)
					return -1;
				r->p += 2;
				continue;
			}
			r->p++;
			return 0;
		}
		if (*r->p == '\r' || *r->p == '\n') {
			/* A line break inside quotes is kept as "\n". */
			csv_newline(r);
			if (csv_char(r, '\n') == -1)
				return -1;
			continue;
		}
		if (csv_char(r, *r->p++) == -1)
			return -1;
	}
}

/*
 * Reads the next record into *out.  Returns 1 with a record, 0 at the
 * end of the data, -1 on malformed input (csv_error() says why).
 */
int
csv_read(struct csv_reader *r, struct csv_record **out)
{
	csv_clear(r);
	buf_reset(&r->field);
	if (r->p >= r->end)
		return 0;
	r->rec.line = r->line;
	for (;;) {
		if (r->p < r->end && *r->p == '"') {
			r->p++;
			if (csv_quoted(r) == -1)
				return -1;
		}
		while (r->p < r->end && *r->p != r->delim && *r->p != '\r' &&
		    *r->p != '\n')
			if (csv_char(r, *r->p++) == -1)
				return -1;
		if (csv_push(r) == -1)
			return -1;
		if (r->p >= r->end || csv_newline(r))
			break;
		r->p++;		/* the delimiter */
	}
	*out = &r->rec;
	return 1;
}

/*
 * Appends one field of a CSV record to out (RFC 4180: quoted when it
 * holds a comma, a quote, a line break or edge spaces, quotes doubled),
 * then a comma, or CRLF when last.  A text field that a spreadsheet
 * would read as a formula (=, +, -, @, tab, CR first) gets a leading
 * apostrophe, so an athlete's "=HYPERLINK(...)" stays text in
 * LibreOffice and Excel; numbers are written as they are.
 */
int
csv_put(struct buf *out, const char *s, int text, int last)
{
	size_t	 n = strlen(s);
	int	 quote, rc = 0;

	quote = strpbrk(s, ",\"\r\n;") != NULL || (n > 0 &&
	    (s[0] == ' ' || s[n - 1] == ' '));
	if (quote)
		rc |= buf_puts(out, "\"");
	if (text && n > 0 && strchr("=+-@\t\r", s[0]) != NULL)
		rc |= buf_puts(out, "'");
	for (; *s != '\0'; s++)
		rc |= *s == '"' ? buf_puts(out, "\"\"") : buf_add(out, s, 1);
	if (quote)
		rc |= buf_puts(out, "\"");
	rc |= buf_puts(out, last ? "\r\n" : ",");
	return rc ? -1 : 0;
}
