/*
 * fuzz_template.c - libFuzzer harness for the template engine: any
 * bytes as a template, parsed and rendered against a context with
 * strings (hostile ones included), numbers, lists and nested objects.
 *
 * Checked beyond "no crash": a value never reaches the output
 * unescaped through {{...}}.  When the template has no '<' of its own,
 * no raw tag ({{{...}}} or {{&...}}) and no catalogue entry ({{t.NAME}},
 * template source of ours that may hold markup), every '<' in the
 * output could only have come from a value, so there must be none.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../gen/gen.h"

int	 LLVMFuzzerTestOneInput(const unsigned char *, size_t);

static json_t	*ctx;

static json_t *
context(void)
{
	return json_pack("{s:s, s:i, s:b, s:[{s:s}, {s:s, s:[i, i]}], "
	    "s:{s:{s:s}}, s:s, s:[], s:n}",
	    "name", "\"><script>x</script>", "n", 3, "yes", 1,
	    "items", "name", "a&b", "name", "c", "k", 1, 2,
	    "a", "b", "c", "deep", "raw", "<b>ok</b>", "empty", "nothing");
}

/* Whether the template names a catalogue entry: "{{", blanks, "t.". */
static int
has_words(const unsigned char *data, size_t size)
{
	const unsigned char *p = data, *end = data + size;

	while ((p = memmem(p, (size_t)(end - p), "{{", 2)) != NULL) {
		for (p += 2; p < end && (*p == ' ' || *p == '\t'); p++)
			continue;
		if (end - p >= 2 && p[0] == 't' && p[1] == '.')
			return 1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct tmpl_set	*set;
	struct buf	 out = { 0 };

	if (ctx == NULL) {
		log_setup("fuzz_template", 0, LOGL_SILENT);
		ctx = context();
	}
	if ((set = tmpl_set_new()) == NULL)
		return 0;
	/* the input is its own partial, so {{>t}} recursion is exercised */
	if (tmpl_add(set, "t", (const char *)data, size) == 0 &&
	    tmpl_render(set, "t", ctx, &out) == 0 && out.len > 0 &&
	    memchr(data, '<', size) == NULL &&
	    memmem(data, size, "{{{", 3) == NULL &&
	    memmem(data, size, "{{&", 3) == NULL &&
	    !has_words(data, size) &&
	    memchr(out.data, '<', out.len) != NULL)
		abort();	/* a value got into the output unescaped */
	buf_free(&out);
	tmpl_set_free(set);
	return 0;
}
