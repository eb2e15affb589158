/*
 * Unit tests for lib/registry.c and the four registries over it: each
 * registry's tables, by name, are exactly the list its file's opening
 * comment gives, in that order (which reading of a text wins, which
 * command a line is, the digest's and the dashboard's order); and the
 * sorting itself, on a registry of this file's own: keys out of place,
 * a tie, no entry at all, and many threads asking at once.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/text/text.h"
#include "../../ingest/mail/command.h"
#include "../../gen/render.h"

/*
 * Whether r's names in order are want's; when not, both lists, whole,
 * so that a missing, extra or moved entry shows in the message.
 */
static int
names_are(struct registry *r, const char *const *want)
{
	struct buf	 got = { 0 }, exp = { 0 };
	const char	*n;
	size_t		 i;
	int		 same;

	for (i = 0; (n = registry_name(r, i)) != NULL; i++) {
		buf_printf(&got, "%s\n", n);
		assert_non_null(registry_table(r, i));
	}
	assert_null(registry_table(r, i));
	for (i = 0; want[i] != NULL; i++)
		buf_printf(&exp, "%s\n", want[i]);
	same = !buf_failed(&got) && !buf_failed(&exp) && got.data != NULL &&
	    strcmp(got.data, exp.data) == 0;
	if (!same)
		print_error("registry %s:\n%swhere the list is:\n%s",
		    r->section, got.data != NULL ? got.data : "(none)\n",
		    exp.data);
	buf_free(&got);
	buf_free(&exp);
	return same;
}

/* ingest/text/texts.c: the order is which reading of a text wins */
static const char *const texts[] = { "ostrc_texts", "avail_texts",
	"optout_texts", "link_texts", "note_texts", "guess_texts",
	"illness_texts", "mydata_texts", "erglink_texts", "scores_texts",
	"positional_texts", "effort_texts", "unread_texts", NULL };
/* ingest/mail/command.c: the families of a coach's commands */
static const char *const commands[] = { "command_settings",
	"command_messages", "command_roster", "command_health",
	"plan_commands", "avail_commands", NULL };
/* ingest/shared/digest.c: the parts in the order the digest shows */
static const char *const digest[] = { "digest_flags", "digest_episodes",
	"digest_late", "digest_gaps", "inbox_failed", "inbox_texts",
	"avail_headcount", NULL };
/* gen/render_part.c: a part's sections in the page's order */
static const char *const sections[] = { "part_pending", "part_flags",
	"part_failed", "part_inbox", "part_unknown", "part_episodes",
	"part_rows", "part_load", "part_health", "part_heat", "part_trend",
	"part_gaps", "part_raters", "part_avail", "part_plan", "part_seat",
	"part_rounds", "part_outbox", "part_roster", NULL };

static void
registries_in_order(void **state)
{
	int	 same = 1;

	(void)state;
	same &= names_are(&sms_texts, texts);
	same &= names_are(&cmd_families, commands);
	same &= names_are(&digest_parts, digest);
	same &= names_are(&part_sections, sections);
	assert_true(same);
}

/* Each section's entry is its table: the name its file gave it. */
static void
sections_named(void **state)
{
	const struct part_section *s;
	size_t		 i;

	(void)state;
	for (i = 0; (s = registry_table(&part_sections, i)) != NULL; i++)
		assert_string_equal(registry_name(&part_sections, i) +
		    strlen("part_"), s->name);
}

/*
 * A registry of this file's: placed out of their order, and two at one
 * key (a mistake the name settles, so the order never depends on the
 * link).
 */
static const char late[] = "late", early[] = "early", tie_b[] = "tie_b",
	tie_a[] = "tie_a", first[] = "first";
REGISTRY_ENTRY(cox_test_order, 300, late, late);
REGISTRY_ENTRY(cox_test_order, 100, early, early);
REGISTRY_ENTRY(cox_test_order, 200, tie_b, tie_b);
REGISTRY_ENTRY(cox_test_order, 200, tie_a, tie_a);
REGISTRY_ENTRY(cox_test_order, -5, first, first);
REGISTRY_DEFINE(test_order, cox_test_order);
REGISTRY_DEFINE(test_twice, cox_test_order);
/* a section no file puts anything in: still links, and is empty */
REGISTRY_DEFINE(test_none, cox_test_none);

static void
sorted_by_key(void **state)
{
	static const char *const want[] = { "first", "early", "tie_a",
		"tie_b", "late", NULL };

	(void)state;
	assert_true(names_are(&test_order, want));
	assert_ptr_equal(registry_table(&test_order, 0), first);
	assert_ptr_equal(registry_table(&test_order, 4), late);
	assert_null(registry_table(&test_order, 5));
	assert_null(registry_table(&test_order, (size_t)-1));
}

static void
none_is_empty(void **state)
{
	(void)state;
	assert_null(registry_table(&test_none, 0));
	assert_null(registry_name(&test_none, 0));
}

#define THREADS	8

/* A thread's look at test_twice, sorted by whichever thread is first. */
static void *
look(void *arg)
{
	const char	**seen = arg;
	size_t		 i;

	for (i = 0; i < 5; i++)
		seen[i] = registry_table(&test_twice, i);
	return NULL;
}

static void
threads_agree(void **state)
{
	static const char *const want[] = { first, early, tie_a, tie_b, late };
	pthread_t	 t[THREADS];
	const char	*seen[THREADS][5];
	size_t		 i, j;

	(void)state;
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, look, seen[i]),
		    0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		for (j = 0; j < 5; j++)
			assert_ptr_equal(seen[i][j], want[j]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registries_in_order),
		cmocka_unit_test(sections_named),
		cmocka_unit_test(sorted_by_key),
		cmocka_unit_test(none_is_empty),
		cmocka_unit_test(threads_agree),
	};

	log_setup("test_registry", 0, LOGL_SILENT);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
