/*
 * sheet.c - the rating sheet a coach fills in on a phone: the metrics
 * named once, in the team's order (the order athletes text scores in),
 * then one line per athlete with a blank for each score:
 *
 *	order: technique fitness rhythm power attitude
 *	Jane Doe: _ _ _ _ _
 *	John Smith: _ _ _ _ _
 *
 * The coach replaces the blanks with numbers and sends it back; an
 * athlete whose line still has blanks only is not rated (ratemail.c).
 * The dashboard offers it as a mailto: link (sheet_mailto), `sheet` by
 * email sends it back as text.  Athletes whose names are the same are
 * written by their handle.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "plumbing.h"
#include "db.h"
#include "scores.h"
#include "sql.h"

/*
 * the rating sheet: active athletes whom person ?1 coaches (0:
 * anyone; CMD_COACHES), of squad ?2 (0: any)
 */
STMT_SHARED(STMT_SHEET_ATHLETES,
    "SELECT p.name, p.handle FROM person p WHERE p.active = 1 AND "
    "p.role = 'athlete' AND (?2 = 0 OR p.id IN (SELECT person_id "
    "FROM membership WHERE squad_id = ?2)) AND " CMD_COACHES("p.id")
    " ORDER BY p.name COLLATE NOCASE, p.id");

/*
 * Writes the sheet for squad (0: every squad) as coach (0: anyone; a
 * coach sees the athletes of their squads, a head coach everyone) to
 * out, lines ending "\n".  Returns how many athletes it has, or -1.
 */
int
sheet_text(struct db *db, int64_t squad, int64_t coach, struct buf *out)
{
	struct metric_set	 ms;
	struct strlist		 names = { 0 }, handles = { 0 };
	sqlite3_stmt		*st;
	enum outcome		 rc;
	size_t			 i, j;
	int			 same;

	if (metric_set_load(db, &ms) == -1)
		return -1;
	st = db_query(db, STMT_SHEET_ATHLETES, "ii", coach, squad);
	while ((rc = db_row(db, st)) == OUT_ROW) {
		strlist_add(&names, db_text(st, 0));
		strlist_add(&handles, db_text(st, 1));
	}
	if (st != NULL)
		sqlite3_reset(st);
	if (rc == OUT_FAILED || names.n != handles.n) {
		metric_set_free(&ms);
		strlist_free(&names);
		strlist_free(&handles);
		return -1;
	}
	buf_printf(out, "%s:", words_get(NULL, "mail.sheet_order"));
	for (j = 0; j < ms.n; j++)
		buf_printf(out, " %s", ms.v[j].slug);
	buf_puts(out, "\n");
	for (i = 0; i < names.n; i++) {
		same = (i > 0 && strcasecmp(names.v[i], names.v[i - 1]) == 0) ||
		    (i + 1 < names.n && strcasecmp(names.v[i],
		    names.v[i + 1]) == 0);
		if (same)
			buf_printf(out, "@%s:", handles.v[i]);
		else
			buf_printf(out, "%s:", names.v[i]);
		for (j = 0; j < ms.n; j++)
			buf_puts(out, " _");
		buf_puts(out, "\n");
	}
	metric_set_free(&ms);
	i = names.n;
	strlist_free(&names);
	strlist_free(&handles);
	return buf_failed(out) ? -1 : (int)i;
}

/* Appends s percent-encoded as RFC 6068 wants a mailto: field. */
static int
mailto_escape(struct buf *out, const char *s)
{
	char	*e;
	int	 rc;

	if ((e = curl_easy_escape(NULL, s, 0)) == NULL)
		return -1;
	rc = buf_puts(out, e);
	curl_free(e);
	return rc;
}

/*
 * Writes a mailto: URL to address to with subject and body (NULL: none;
 * "\n" in body becomes a line break) to out.  The URL is not escaped for
 * HTML: escape it at the sink.  Returns 0 or -1.
 */
int
mailto_url(struct buf *out, const char *to, const char *subject,
    const char *body)
{
	struct buf	 crlf = { 0 };
	const char	*p;
	int		 rc;

	const char	*at = strrchr(to, '@');

	/* the address as it is, its parts escaped: "@" stays readable */
	buf_puts(out, "mailto:");
	if (at != NULL) {
		char *local = strndup(to, (size_t)(at - to));
		rc = local == NULL ? -1 : mailto_escape(out, local);
		free(local);
		if (rc == -1 || buf_puts(out, "@") == -1)
			return -1;
		to = at + 1;
	}
	if (mailto_escape(out, to) == -1)
		return -1;
	if (subject != NULL) {
		buf_puts(out, "?subject=");
		if (mailto_escape(out, subject) == -1)
			return -1;
	}
	if (body != NULL) {
		for (p = body; *p != '\0'; p++)
			if (*p == '\n')
				buf_puts(&crlf, "\r\n");
			else
				buf_putc(&crlf, *p);
		buf_puts(&crlf, "");
		buf_puts(out, subject != NULL ? "&body=" : "?body=");
		rc = buf_failed(&crlf) ? -1 : mailto_escape(out, crlf.data);
		buf_free(&crlf);
		if (rc == -1)
			return -1;
	}
	return buf_failed(out) ? -1 : 0;
}
