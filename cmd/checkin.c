/*
 * checkin.c - cox checkin: the check-in items a club asks beside
 * Hooper's four (lib/checkin.c).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"

static const char usage_list[] = "cox checkin list [-C dir] [--json]";
static const char usage_add[] =
    "cox checkin add [-C dir] slug --name name --scale min-max\n"
    "       --best high|low [--weekly]";
static const char usage_retire[] = "cox checkin retire [-C dir] slug";
static const char usage_preset[] = "cox checkin preset [-C dir] mclean";

/* cox checkin list [--json]: Hooper's four, then the club's items. */
static int
checkin_list_cmd(int argc, char **argv)
{
	struct workspace	 ws;
	struct checkin_items	 items;
	const struct checkin_item *it;
	json_t			*arr = NULL, *o;
	size_t			 i;
	int			 json = 0, status;
	const struct cli_opt opts[] = {
		{ "json", CLI_FLAG, &json, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_list, opts, 0, 0, NULL };

	if (cli_args(&cli, argc, argv, &status) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	status = EX_IOERR;
	if (checkin_items_load(ws.db, &items) == -1)
		goto out;
	if (json && (arr = json_array()) == NULL)
		goto out;
	if (!json)
		printf("%-16s %-30s %-6s %-5s %s\n", "sleep stress fatigue "
		    "soreness", "(Hooper)", "1-7", "low", "daily");
	for (i = 0; i < items.n; i++) {
		it = &items.v[i];
		if (!json) {
			char scale[16];

			snprintf(scale, sizeof(scale), "%d-%d", it->lo, it->hi);
			printf("%-16s %-30s %-6s %-5s %s\n", it->slug, it->name,
			    scale, it->higher_better ? "high" : "low",
			    it->weekly ? "weekly" : "daily");
			continue;
		}
		o = json_pack("{s:s, s:s, s:i, s:i, s:s, s:s}", "slug",
		    it->slug, "name", it->name, "min", it->lo, "max", it->hi,
		    "best", it->higher_better ? "high" : "low", "every",
		    it->weekly ? "week" : "day");
		if (o == NULL || json_array_append_new(arr, o) == -1)
			goto out;
	}
	if (json) {
		if (json_dumpf(arr, stdout, JSON_INDENT(2)) == -1)
			goto out;
		putchar('\n');
	}
	status = fflush(stdout) == 0 ? 0 : EX_IOERR;
out:
	json_decref(arr);
	workspace_close(&ws);
	return status;
}

/* cox checkin add slug --name N --scale 1-5 --best high [--weekly] */
static int
checkin_add_cmd(int argc, char **argv)
{
	struct workspace	 ws;
	struct checkin_item	 it = { 0 };
	const char		*name = NULL, *scale = NULL, *best = NULL;
	const char		*why;
	long			 lo, hi;
	int			 weekly = 0, status, first;
	const struct cli_opt opts[] = {
		{ "name", CLI_ARG, &name, 0 },
		{ "scale", CLI_ARG, &scale, 0 },
		{ "best", CLI_ARG, &best, 0 },
		{ "weekly", CLI_FLAG, &weekly, 1 },
		{ NULL },
	};
	const struct cli cli = { usage_add, opts, 1, 1, "name one item slug" };

	if ((first = cli_args(&cli, argc, argv, &status)) == -1)
		return status;
	if (name == NULL || scale == NULL || best == NULL)
		return cli_usage_error(usage_add, "an item needs --name, "
		    "--scale and --best");
	if (metric_scale_parse(scale, &lo, &hi) == -1 || hi > 100)
		return cli_usage_error(usage_add, "scale '%s' is not like 1-5 "
		    "or 0-10", scale);
	if (strcmp(best, "high") != 0 && strcmp(best, "low") != 0)
		return cli_usage_error(usage_add, "--best is high (the top "
		    "of the scale is best, as for mood) or low (as for "
		    "soreness)");
	if (strlen(argv[first]) >= sizeof(it.slug) ||
	    strlen(name) >= sizeof(it.name))
		return cli_usage_error(usage_add, "a slug is at most 32 "
		    "bytes, a name at most 64");
	snprintf(it.slug, sizeof(it.slug), "%s", argv[first]);
	snprintf(it.name, sizeof(it.name), "%s", name);
	it.lo = (int)lo;
	it.hi = (int)hi;
	it.higher_better = strcmp(best, "high") == 0;
	it.weekly = weekly;
	if ((status = cli_open(&ws)) != 0)
		return status;
	if (db_begin(ws.db) == -1) {
		workspace_close(&ws);
		return EX_IOERR;
	}
	if (checkin_item_add(ws.db, &it, &why) == -1) {
		db_rollback(ws.db);
		log_error("item '%s': %s", it.slug, why);
		status = EX_DATAERR;
	} else
		status = db_commit(ws.db) == -1 ? EX_IOERR : 0;
	workspace_close(&ws);
	return status;
}

/* cox checkin retire slug: no longer asked nor shown. */
static int
checkin_retire_cmd(int argc, char **argv)
{
	struct workspace	 ws;
	int			 status, first, rc;
	const struct cli cli = { usage_retire, NULL, 1, 1,
	    "name one item slug" };

	if ((first = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	if ((rc = checkin_item_retire(ws.db, argv[first])) == 0)
		log_error("no item '%s' in use", argv[first]);
	workspace_close(&ws);
	return rc == 1 ? 0 : rc == 0 ? EX_NOINPUT : EX_IOERR;
}

/* cox checkin preset mclean */
static int
checkin_preset_cmd(int argc, char **argv)
{
	struct workspace	 ws;
	const char		*why;
	int			 status, first;
	const struct cli cli = { usage_preset, NULL, 1, 1,
	    "name the preset: mclean" };

	if ((first = cli_args(&cli, argc, argv, &status)) == -1 ||
	    (status = cli_open(&ws)) != 0)
		return status;
	if (db_begin(ws.db) == -1) {
		workspace_close(&ws);
		return EX_IOERR;
	}
	if (checkin_preset(ws.db, argv[first], &why) == -1) {
		db_rollback(ws.db);
		log_error("preset '%s': %s", argv[first], why);
		status = EX_DATAERR;
	} else
		status = db_commit(ws.db) == -1 ? EX_IOERR : 0;
	workspace_close(&ws);
	return status;
}

/* cox checkin list | add | retire | preset. */
int
cmd_checkin(int argc, char **argv)
{
	static const struct subcmd table[] = {
		{ "list", checkin_list_cmd, usage_list },
		{ "add", checkin_add_cmd, usage_add },
		{ "retire", checkin_retire_cmd, usage_retire },
		{ "preset", checkin_preset_cmd, usage_preset },
	};

	return cli_dispatch("checkin", table, sizeof(table) / sizeof(*table),
	    argc, argv);
}
