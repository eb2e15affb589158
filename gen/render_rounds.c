/*
 * render_rounds.c - the rating rounds on a part of the dashboard: how
 * many athletes the coaches rated each day of the last weeks and how
 * many have answered, added up from the "rounds" fragments its members
 * left (render_row.c).  Its section: part_rounds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "gen.h"

/* One rating round of a squad, added up from its members' rounds. */
struct round {
	char	 day[11];
	int	 rated, answered;
};

static int
round_cmp(const void *a, const void *b)
{
	return strcmp(((const struct round *)b)->day,
	    ((const struct round *)a)->day);	/* newest first */
}

/*
 * The squad's rating rounds of the last weeks, newest first: how many
 * athletes the coaches rated that day and how many have answered, from
 * the "rounds" fragments ("YYYY-MM-DD 0|1" lines) of its members.
 */
static json_t *
rounds(const struct render_ctx *r, json_t *lines)
{
	struct round	 v[64];
	const char	*p = json_string_value(lines), *end;
	char		 oldest[11], day[11], ln[64], date[WORDS_DATE_MAX];
	json_t		*a;
	size_t		 i, n = 0;
	int		 done;

	if (p == NULL)
		return NULL;
	day_before(r->now, ROUND_DAYS, oldest);
	for (end = p + json_string_length(lines); p < end; ) {
		p = part_line(p, end, ln, sizeof(ln));
		if (sscanf(ln, "%10s %d", day, &done) != 2)
			break;
		if (strlen(day) != 10 || strcmp(day, oldest) < 0)
			continue;
		for (i = 0; i < n && strcmp(v[i].day, day) != 0; i++)
			continue;
		if (i == n) {
			if (n == sizeof(v) / sizeof(v[0]))
				continue;
			memcpy(v[n].day, day, sizeof(day));
			v[n].rated = v[n].answered = 0;
			n++;
		}
		v[i].rated++;
		v[i].answered += done != 0;
	}
	qsort(v, n, sizeof(v[0]), round_cmp);
	a = json_array();
	for (i = 0; i < n && i < 6; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:i, s:i}",
		    "date", words_date(v[i].day, date), "day", v[i].day,
		    "rated", v[i].rated, "answered", v[i].answered, "waiting",
		    v[i].rated - v[i].answered));
	return a;
}

/* The part's rounds: rounds() of its members' fragments. */
static int
rounds_render(const struct part *p, json_t *ctx)
{
	json_t	*lines = part_fragments(p, "rounds");

	/* rounds that cannot be read are left out, not the part */
	json_object_set_new(ctx, "rounds", rounds(p->r, lines));
	json_decref(lines);
	return 0;
}

static const struct part_section part_rounds = { "rounds",
    PART_SQUAD | PART_TEAM | PART_HAS, NULL, rounds_render };
PART_SECTION(part_rounds, 1700);
