/*
 * Unit tests for ingest/authres.c: Authentication-Results read by its
 * grammar (RFC 8601), and the dmarc=pass that lets a coach's email in.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../ingest/mail/mail.h"

/* Each field alone, as written by mx.example.org, for coach@club.example. */
static const struct {
	const char	*field;
	int		 pass;
} dmarc[] = {
	/* the forged envelope sender: its quoted ';' is no separator */
	{ "mx.example.org; spf=pass smtp.mailfrom=\"a;dmarc=pass("
	    "header.from=club.example)\"@evil.example; dmarc=fail "
	    "(p=reject dis=reject) header.from=evil.example", 0 },
	{ "mx.example.org; spf=pass smtp.mailfrom=\"a;dmarc=pass "
	    "header.from=club.example\"@evil.example", 0 },
	{ "mx.example.org; spf=none smtp.mailfrom=a(;dmarc=pass "
	    "header.from=club.example)@evil.example", 0 },
	{ "mx.example.org; spf=pass smtp.mailfrom=\"\\\";dmarc=pass "
	    "header.from=club.example\"@evil.example", 0 },
	{ "mx.example.org; dmarc=fail header.from=club.example "
	    "(;dmarc=pass header.from=club.example)", 0 },
	{ "mx.example.org; dmarc=fail reason=\"; dmarc=pass "
	    "header.from=club.example\" header.from=club.example", 0 },
	/* plain, folded, with comments in every position */
	{ "mx.example.org; dmarc=pass header.from=club.example", 1 },
	{ "mx.example.org;\r\n\tdmarc=pass\r\n\theader.from=club.example", 1 },
	{ "(c) mx.example.org (c) 1 (c) ; (c) dmarc (c) / (c) 1 (c) = (c) "
	    "pass (c) reason (c) = (c) \"ok\" (c) header (c) . (c) from (c) = "
	    "(c) club.example (c)", 1 },
	{ "mx.example.org; dmarc=pass (nested (comment \\) still) here) "
	    "header.from=club.example", 1 },
	{ "\"mx.example.org\"; dmarc=pass header.from=\"club.example\"", 1 },
	{ "mx.example.org; DMARC=Pass Header.From=CLUB.example", 1 },
	{ "mx.example.org; dmarc=pass header.from=club.example;", 1 },
	{ "mx.example.org; spf=fail; dmarc=pass header.from=club.example", 1 },
	/* whose result, and for what */
	{ "other.example.org; dmarc=pass header.from=club.example", 0 },
	{ "mx.example.org.evil; dmarc=pass header.from=club.example", 0 },
	{ "mx.example.org; dmarc=pass header.from=evil.example", 0 },
	{ "mx.example.org; dmarc=pass header.from=club.example.evil", 0 },
	{ "mx.example.org; dmarc=pass", 0 },
	{ "mx.example.org; dmarc=pass header.from=club.example "
	    "header.from=evil.example", 0 },
	{ "mx.example.org; dkim=pass header.from=club.example", 0 },
	{ "mx.example.org; dmarc=passed header.from=club.example", 0 },
	{ "mx.example.org; none", 0 },
	/* not of the grammar: believed not at all */
	{ "mx.example.org; dmarc=pass header.from=club.example (open", 0 },
	{ "mx.example.org; dmarc=pass header.from=\"club.example", 0 },
	{ "mx.example.org; dmarc=pass header.from=club.example)", 0 },
	{ "mx.example.org; dmarc=pass header.from=club.example junk", 0 },
	{ "mx.example.org dmarc=pass header.from=club.example", 0 },
	{ "mx.example.org;; dmarc=pass header.from=club.example", 0 },
	{ "mx.example.org", 0 },
	{ "", 0 },
	/* Postfix with OpenDKIM and OpenDMARC */
	{ "mx.example.org; dmarc=pass (p=none dis=none) "
	    "header.from=club.example", 1 },
	{ "mx.example.org; dmarc=fail (p=reject dis=reject) "
	    "header.from=club.example", 0 },
	{ "mx.example.org 1;\n\tdkim=pass (2048-bit key; unprotected) "
	    "header.d=club.example header.i=@club.example header.a=rsa-sha256 "
	    "header.s=mail header.b=\"AbC+/dEf\";\n\tdmarc=pass (p=quarantine "
	    "dis=none) header.from=club.example", 1 },
};

/* Real headers, each parsed whole: id, how many results, the dmarc one. */
static const struct {
	const char	*field, *id, *dmarc, *from;
	size_t		 n;
} real[] = {
	{ "mx.google.com;\r\n       dkim=pass header.i=@club.example "
	    "header.s=s1 header.b=Ab12+/cD;\r\n       spf=pass (google.com: "
	    "domain of bounce@club.example designates 192.0.2.7 as permitted "
	    "sender) smtp.mailfrom=bounce@club.example;\r\n       dmarc=pass "
	    "(p=REJECT sp=REJECT dis=NONE) header.from=club.example",
	    "mx.google.com", "pass", "club.example", 3 },
	{ "mx4.messagingengine.com;\r\n    dkim=pass (2048-bit rsa key "
	    "sha256) header.d=club.example header.i=@club.example "
	    "header.b=AbCd header.a=rsa-sha256 header.s=fm1 x-bits=2048;\r\n"
	    "    dmarc=pass policy.published-domain-policy=reject "
	    "policy.applied-disposition=none policy.evaluated-disposition=none "
	    "(p=reject,d=none,d.eval=none) policy.policy-from=p "
	    "header.from=club.example;\r\n    iprev=pass "
	    "smtp.remote-ip=2001:db8::7 (mail.club.example);\r\n    spf=pass "
	    "smtp.mailfrom=bounce@club.example smtp.helo=mail.club.example",
	    "mx4.messagingengine.com", "pass", "club.example", 4 },
	{ "mx.example.org; none", "mx.example.org", NULL, NULL, 0 },
};

static void
test_dmarc(void **state)
{
	struct strlist	 l = { 0 };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(dmarc) / sizeof(dmarc[0]); i++) {
		strlist_add(&l, dmarc[i].field);
		if (authres_dmarc_pass(&l, "mx.example.org", "club.example") !=
		    dmarc[i].pass)
			fail_msg("case %zu: %s", i, dmarc[i].field);
		strlist_free(&l);
	}
}

static void
test_real(void **state)
{
	struct authres	 a;
	size_t		 i, j;
	int		 found;

	(void)state;
	for (i = 0; i < sizeof(real) / sizeof(real[0]); i++) {
		assert_int_equal(authres_parse(real[i].field,
		    strlen(real[i].field), &a), 0);
		assert_string_equal(a.id, real[i].id);
		assert_int_equal(a.n, real[i].n);
		for (j = 0, found = 0; j < a.n; j++)
			if (!strcmp(a.r[j].method, "dmarc")) {
				assert_string_equal(a.r[j].result,
				    real[i].dmarc);
				assert_string_equal(a.r[j].from, real[i].from);
				found = 1;
			}
		assert_int_equal(found, real[i].dmarc != NULL);
	}
}

/*
 * Microsoft's: "action=none" is a property without a ptype; written
 * without an authserv-id (as Exchange adds it inside its own network)
 * the field is not of the grammar.
 */
static void
test_microsoft(void **state)
{
	const char	*f = "spf.protection.outlook.com; spf=pass (sender IP "
	    "is 192.0.2.7) smtp.mailfrom=club.example; dkim=pass (signature "
	    "was verified) header.d=club.example;dmarc=pass action=none "
	    "header.from=club.example;compauth=pass reason=100";
	struct strlist	 l = { 0 };
	struct authres	 a;
	const char	*bare = strchr(f, ';') + 2;

	(void)state;
	assert_int_equal(authres_parse(bare, strlen(bare), &a), -1);
	strlist_add(&l, f);
	assert_int_equal(authres_dmarc_pass(&l, "spf.protection.outlook.com",
	    "club.example"), 1);
	assert_int_equal(authres_dmarc_pass(&l, "spf.protection.outlook.com",
	    "evil.example"), 0);
	strlist_free(&l);
}

/* An authserv-id that is empty, or quotes a control byte, is no id. */
static void
test_bad_id(void **state)
{
	static const char f1[] = "\"\"; dmarc=pass header.from=club.example";
	static const char f2[] = "\"mx\0.club\"; dmarc=pass "
	    "header.from=club.example";
	static const char f3[] = "\"mx\r\n.club\"; dmarc=pass "
	    "header.from=club.example";
	struct authres	 a;

	(void)state;
	assert_int_equal(authres_parse(f1, sizeof(f1) - 1, &a), -1);
	assert_int_equal(authres_parse(f2, sizeof(f2) - 1, &a), -1);
	assert_int_equal(authres_parse(f3, sizeof(f3) - 1, &a), -1);
}

/* Several fields: only the configured id's count, any of them. */
static void
test_several(void **state)
{
	struct strlist	 l = { 0 };

	(void)state;
	strlist_add(&l, "evil.example; dmarc=pass header.from=club.example");
	strlist_add(&l, "mx.example.org; dmarc=fail header.from=club.example");
	assert_int_equal(authres_dmarc_pass(&l, "mx.example.org",
	    "club.example"), 0);
	strlist_add(&l, "mx.example.org; dmarc=pass header.from=club.example");
	assert_int_equal(authres_dmarc_pass(&l, "mx.example.org",
	    "club.example"), 1);
	assert_int_equal(authres_dmarc_pass(&l, "mx.example.org", ""), 0);
	strlist_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dmarc),
		cmocka_unit_test(test_real),
		cmocka_unit_test(test_microsoft),
		cmocka_unit_test(test_bad_id),
		cmocka_unit_test(test_several),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
