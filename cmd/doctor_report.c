/*
 * doctor_report.c - what cox doctor found, and how it says so: each
 * check files its findings under a key that stays the same from run to
 * run, and at the end they are printed, one problem or warning a line,
 * or given as one JSON object (--json).  The checks themselves are in
 * doctor.c (the settings and the loop), doctor_secrets.c,
 * doctor_storage.c and doctor_online.c.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"

static const char *const level_names[] = { "ok", "warn", "fail" };

/* Files a finding under the check under way. */
static void
note(struct doctor *d, enum doctor_level level, const char *text)
{
	struct doctor_finding *v;

	if (d->n == d->cap) {
		if ((v = reallocarray(d->v, d->cap * 2 + 16, sizeof(*v))) ==
		    NULL)
			return;
		d->v = v;
		d->cap = d->cap * 2 + 16;
	}
	memcpy(d->v[d->n].key, d->key, sizeof(d->key));
	d->v[d->n].level = level;
	if ((d->v[d->n].text = xstrdup(text)) == NULL)
		return;
	d->n++;
	d->fails += level == DOCTOR_FAIL;
	d->warns += level == DOCTOR_WARN;
}

/* Ends the check under way: one ok finding when it found nothing. */
void
doctor_end(struct doctor *d)
{
	if (d->ok[0] != '\0' && d->n == d->mark)
		note(d, DOCTOR_OK, d->ok);
	d->ok[0] = '\0';
}

/*
 * Begins the check key (stable, for --json): what doctor_bad() and
 * doctor_warn() say until the next one is filed under it; ok is said
 * when neither is.
 */
void
doctor_check(struct doctor *d, const char *key, const char *ok)
{
	doctor_end(d);
	snprintf(d->key, sizeof(d->key), "%s", key);
	d->mark = d->n;
	snprintf(d->ok, sizeof(d->ok), "%s", ok);
	d->checks++;
}

static void
vsay(struct doctor *d, enum doctor_level level, const char *fmt, va_list ap)
{
	char	 line[1024];

	vsnprintf(line, sizeof(line), fmt, ap);
	note(d, level, line);
}

void
doctor_bad(struct doctor *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(d, DOCTOR_FAIL, fmt, ap);
	va_end(ap);
}

void
doctor_warn(struct doctor *d, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vsay(d, DOCTOR_WARN, fmt, ap);
	va_end(ap);
}

/* The findings as one JSON object on stdout; 0 or -1. */
int
doctor_report_json(struct doctor *d)
{
	json_t	*o = NULL, *a, *f;
	size_t	 i;
	int	 rc = -1;

	if ((o = json_object()) == NULL || (a = json_array()) == NULL ||
	    json_object_set_new(o, "findings", a) == -1)
		goto out;
	for (i = 0; i < d->n; i++) {
		f = json_pack("{s:s, s:s, s:s}", "key", d->v[i].key, "level",
		    level_names[d->v[i].level], "text", d->v[i].text);
		if (f == NULL || json_array_append_new(a, f) == -1)
			goto out;
	}
	if (json_object_set_new(o, "workspace", json_string(d->dir)) == -1 ||
	    json_object_set_new(o, "online", json_boolean(d->online)) == -1 ||
	    json_object_set_new(o, "checks", json_integer(d->checks)) == -1 ||
	    json_object_set_new(o, "problems", json_integer((json_int_t)
	    d->fails)) == -1 || json_object_set_new(o, "warnings",
	    json_integer((json_int_t)d->warns)) == -1 ||
	    json_dumpf(o, stdout, JSON_INDENT(2)) == -1)
		goto out;
	putchar('\n');
	rc = 0;
out:
	json_decref(o);
	return rc;
}

/* The problems and warnings, one a line, and a last line counting. */
void
doctor_report_text(struct doctor *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].level != DOCTOR_OK)
			printf("%s: %s\n", d->v[i].level == DOCTOR_FAIL ?
			    "problem" : "warning", d->v[i].text);
	if (d->fails == 0)
		printf("all is well (%u checks%s%s)\n", d->checks, d->warns ?
		    ", see the warnings" : "", d->online ? "" :
		    "; --online also logs in to the servers");
	else
		printf("%zu problem%s in %u checks\n", d->fails,
		    d->fails == 1 ? "" : "s", d->checks);
}

/* Frees what d holds but its workspace (workspace_close()'s). */
void
doctor_free(struct doctor *d)
{
	size_t	 i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].text);
	free(d->v);
	strlist_free(&d->props);
	d->v = NULL;
	d->n = d->cap = 0;
}
