/*
 * metric.c - cox metric: list, add and edit what coaches rate
 * (lib/metric.c).
 */
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"

static const char usage_list[] = "cox metric list [-C dir] [--json]";
static const char usage_add[] =
    "cox metric add [-C dir] slug --name name [--scale min-max |\n"
    "       --time m:ss-m:ss | --number min-max [--unit unit]]\n"
    "       [--erg 500m|2k|6k|30min|weight]\n"
    "       [--rubric text | --rubric-file file]\n"
    "       cox metric add [-C dir] --file slug.md...";
static const char usage_edit[] =
    "cox metric edit [-C dir] slug [--name name] [--scale min-max |\n"
    "       --time m:ss-m:ss | --number min-max [--unit unit]]\n"
    "       [--erg 500m|2k|6k|30min|weight|none]\n"
    "       [--rubric text | --rubric-file file | --file slug.md]";

/*
 * Ranges are written here as --scale, --time and --number take them,
 * with a point, whatever the team's decimal mark.
 */
static int
list_json(struct metric *m, void *arg)
{
	char	 range[METRIC_VALUE_MAX * 2 + 2];
	json_t	*o;

	metric_range_write(m, '.', range, sizeof(range));
	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:s}", "slug",
	    m->slug, "name", m->name, "kind", metric_kind_name(m->kind),
	    "unit", m->unit, "range", range, "scale_min",
	    (json_int_t)m->scale_min, "scale_max", (json_int_t)m->scale_max,
	    "rubric", m->rubric, "erg", erg_piece_name(m->erg));
	return o == NULL ? -1 : json_array_append_new(arg, o);
}

static int
list_text(struct metric *m, void *arg)
{
	char	 range[METRIC_VALUE_MAX * 2 + 2];

	(void)arg;
	metric_range_write(m, '.', range, sizeof(range));
	printf("%-16s %-24s %s%s%s%s%s\n", m->slug, m->name, m->kind ==
	    METRIC_SCALE ? "" : metric_kind_name(m->kind), m->kind ==
	    METRIC_SCALE ? "" : " ", range, m->erg ? " erg " : "",
	    erg_piece_name(m->erg));
	return 0;
}

/* cox metric list [--json]: one line per metric, or a JSON array. */
static int
metric_list_cmd(int argc, char **argv)
{
	struct workspace ws;
	json_t		*arr = NULL;
	int		 json = 0, status;
	const struct cli_opt opts[] = {
		{ "json", CLI_FLAG, &json, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_list, opts, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	status = EX_IOERR;
	if (json) {
		if ((arr = json_array()) == NULL ||
		    metric_list(ws.db, list_json, arr) == -1 ||
		    json_dumpf(arr, stdout, JSON_INDENT(2)) == -1)
			goto out;
		putchar('\n');
	} else if (metric_list(ws.db, list_text, NULL) == -1)
		goto out;
	status = fflush(stdout) == 0 ? 0 : EX_IOERR;
out:
	json_decref(arr);
	workspace_close(&ws);
	return status;
}

/*
 * 0 unless slug is a check-in item's: a text "mood 4" answers the item,
 * so a metric of that slug could never be rated by text.
 */
static int
not_an_item(struct db *db, const char *slug)
{
	struct checkin_items	 items;
	size_t			 i;

	if (checkin_items_load(db, &items) == -1)
		return EX_IOERR;
	for (i = 0; i < items.n; i++)
		if (strcmp(items.v[i].slug, slug) == 0) {
			log_error("'%s' is a check-in item's slug (cox checkin "
			    "list); a metric needs another", slug);
			return EX_DATAERR;
		}
	return 0;
}

struct metric_edits {
	const char	*name, *scale, *time, *number, *unit, *erg;
	const char	*rubric, *rubric_file;
};

static int
edits_apply(const struct metric_edits *e, struct metric *m)
{
	struct buf	 b = { 0 };

	if (e->name != NULL) {
		free(m->name);
		m->name = xstrdup(e->name);
	}
	if (m->scale_max == 0) {	/* a new metric without --scale */
		m->scale_min = 1;
		m->scale_max = 5;
	}
	if ((e->scale != NULL) + (e->time != NULL) + (e->number != NULL) >
	    1) {
		log_error("a metric is one of --scale, --time or --number");
		return EX_USAGE;
	}
	if (e->scale != NULL && metric_scale_parse(e->scale, &m->scale_min,
	    &m->scale_max) == -1) {
		log_error("scale '%s' is not like 1-5 or 1-10", e->scale);
		return EX_DATAERR;
	}
	if (e->scale != NULL)
		m->kind = METRIC_SCALE;
	if (e->time != NULL && (m->kind = METRIC_TIME, metric_range_parse(
	    METRIC_TIME, e->time, &m->scale_min, &m->scale_max)) == -1) {
		log_error("time '%s' is not a range like 5:30-8:00 (minutes "
		    "and seconds, the faster first)", e->time);
		return EX_DATAERR;
	}
	if (e->number != NULL && (m->kind = METRIC_NUMBER, metric_range_parse(
	    METRIC_NUMBER, e->number, &m->scale_min, &m->scale_max)) == -1) {
		log_error("number '%s' is not a range like 40-150 or "
		    "60.5-99.5", e->number);
		return EX_DATAERR;
	}
	if (e->unit != NULL) {
		if (m->kind != METRIC_NUMBER || strlen(e->unit) >=
		    sizeof(m->unit) || strpbrk(e->unit, "<>&\"") != NULL ||
		    !utf8_valid(e->unit, strlen(e->unit))) {
			log_error("--unit goes with --number, in at most 16 "
			    "bytes without <>&\"");
			return EX_USAGE;
		}
		snprintf(m->unit, sizeof(m->unit), "%s", e->unit);
	}
	if (e->erg != NULL && erg_piece_parse(e->erg, &m->erg) == -1) {
		log_error("--erg is one of 500m, 2k, 6k, 30min (a time), "
		    "weight (a number in kg) or none");
		return EX_USAGE;
	}
	if (!erg_fits(m, m->erg)) {
		log_error("an erg piece (--erg %s) is a --time metric, the "
		    "weight a --number in kg (--unit kg)", erg_piece_name(
		    m->erg));
		return EX_DATAERR;
	}
	if (e->rubric != NULL) {
		free(m->rubric);
		m->rubric = xstrdup(e->rubric);
	}
	if (e->rubric_file != NULL) {
		if (file_read(e->rubric_file, 32 * 1024, &b) == -1)
			return EX_NOINPUT;
		free(m->rubric);
		m->rubric = buf_steal(&b);
	}
	if (m->name == NULL || *m->name == '\0') {
		log_error("a metric needs a name (--name)");
		return EX_USAGE;
	}
	if (m->rubric != NULL && !utf8_valid(m->rubric, strlen(m->rubric))) {
		log_error("the rubric is not UTF-8 text");
		return EX_DATAERR;
	}
	return 0;
}

/* Reads SLUG.md into m: the slug is the file's base name. */
static int
metric_from_file(const char *path, struct metric *m)
{
	struct buf	 b = { 0 };
	char		 copy[4096], *base, *dot;
	const char	*why;
	int		 status = EX_NOINPUT;

	snprintf(copy, sizeof(copy), "%s", path);
	base = basename(copy);
	if ((dot = strrchr(base, '.')) != NULL)
		*dot = '\0';
	if (!metric_slug_valid(base)) {
		log_error("%s: the file name must be the metric's slug "
		    "(lower-case letters, digits, '-')", path);
		return EX_DATAERR;
	}
	if (m->slug == NULL && (m->slug = xstrdup(base)) == NULL)
		return EX_SOFTWARE;
	if (file_read(path, 64 * 1024, &b) == -1)
		goto out;
	status = EX_DATAERR;
	if (metric_file_parse(b.data, b.len, m, &why) == -1) {
		log_error("%s: %s", path, why);
		goto out;
	}
	status = 0;
out:
	buf_free(&b);
	return status;
}

enum store_mode { STORE_EDIT, STORE_ADD, STORE_UPSERT };

/* Saves m, inserting or updating as mode allows; says what happened. */
static int
metric_store(struct db *db, struct metric *m, enum store_mode mode)
{
	struct metric	 old;
	char		 range[METRIC_VALUE_MAX * 2 + 2];
	int		 rc;

	if ((rc = metric_load(db, m->slug, &old)) == -1)
		return EX_IOERR;
	if (rc == 1 && m->id == 0)
		m->id = old.id;
	/* what is kept would be read as another kind: 405 points, 40.5 s */
	if (rc == 1 && old.kind != m->kind) {
		log_error("metric '%s' is a %s; a metric's kind does not change "
		    "(add a new metric)", m->slug, metric_kind_name(old.kind));
		metric_clear(&old);
		return EX_DATAERR;
	}
	metric_clear(&old);
	if (rc == 1 && mode == STORE_ADD) {
		log_error("metric '%s' exists; change it with cox metric edit",
		    m->slug);
		return EX_DATAERR;
	}
	if (metric_save(db, m) == -1)
		return EX_IOERR;
	metric_range_write(m, '.', range, sizeof(range));
	printf("%s %s (%s, %s%s%s%s%s)\n", rc ? "updated" : "added", m->slug,
	    m->name, m->kind == METRIC_SCALE ? "" : metric_kind_name(m->kind),
	    m->kind == METRIC_SCALE ? "" : " ", range, m->erg ? ", erg " : "",
	    erg_piece_name(m->erg));
	return 0;
}

/* cox metric add and cox metric edit (argv[0] says which). */
static int
metric_edit_cmd(int argc, char **argv)
{
	int			 adding = strcmp(argv[0], "add") == 0;
	const char		*usage = adding ? usage_add : usage_edit;
	struct metric_edits	 e = { 0 };
	struct metric		 m = { 0 };
	struct workspace	 ws = { 0 };
	int			 files = 0, status, i, first;
	const struct cli_opt opts[] = {
		{ "name", CLI_ARG, &e.name, 0 },
		{ "scale", CLI_ARG, &e.scale, 0 },
		{ "time", CLI_ARG, &e.time, 0 },
		{ "number", CLI_ARG, &e.number, 0 },
		{ "unit", CLI_ARG, &e.unit, 0 },
		{ "erg", CLI_ARG, &e.erg, 0 },
		{ "rubric", CLI_ARG, &e.rubric, 0 },
		{ "rubric-file", CLI_ARG, &e.rubric_file, 0 },
		{ "file", CLI_FLAG, &files, 1 },
		{ NULL },
	};
	const struct cli cli = { usage, opts, 0, -1, NULL };

	if ((first = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (argc == first || (!files && argc - first != 1))
		return cli_usage_error(usage, files ? "name metric files" :
		    "name one metric slug");
	if (!files && !metric_slug_valid(argv[first]))
		return cli_usage_error(usage, "slug '%s' may only have "
		    "lower-case letters, digits and '-'", argv[first]);
	if (!files && adding && !metric_slug_textable(argv[first]))
		return cli_usage_error(usage, "slug '%s' ends with a digit, "
		    "which a text reads as a score ('%s 7:21'): end it with "
		    "a letter, as erg2k", argv[first], argv[first]);
	if ((status = cli_open(&ws)) != 0)
		return status;
	if ((status = db_begin(ws.db) == -1 ? EX_IOERR : 0) != 0)
		goto out;
	for (i = first; i < argc && status == 0; i++) {
		memset(&m, 0, sizeof(m));
		if (files)
			status = metric_from_file(argv[i], &m);
		else if (!adding) {
			int rc = metric_load(ws.db, argv[i], &m);
			status = rc == 1 ? 0 : rc == 0 ? EX_NOINPUT : EX_IOERR;
			if (rc == 0)
				log_error("no metric '%s'", argv[i]);
		} else if ((m.slug = xstrdup(argv[i])) == NULL)
			status = EX_SOFTWARE;
		if (status == 0)
			status = edits_apply(&e, &m);
		if (status == 0)
			status = not_an_item(ws.db, m.slug);
		if (status == 0)
			status = metric_store(ws.db, &m, files ? STORE_UPSERT :
			    adding ? STORE_ADD : STORE_EDIT);
		metric_clear(&m);
	}
	if (status != 0)
		db_rollback(ws.db);
	else if (db_commit(ws.db) == -1)
		status = EX_IOERR;
out:
	workspace_close(&ws);
	return status;
}

/* cox metric list | add | edit. */
int
cmd_metric(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "list", metric_list_cmd, usage_list },
		{ "add", metric_edit_cmd, usage_add },
		{ "edit", metric_edit_cmd, usage_edit },
	};

	return cli_dispatch("metric", table, sizeof(table) / sizeof(*table),
	    argc, argv);
}
