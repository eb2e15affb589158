/*
 * versions.c - the versions of the libraries only gen/ links (libgit2,
 * cmark, libcrypto), as they run, for cox --version: a bug report
 * names what the binary was really linked with at run time.
 */
#include <stdio.h>

#include <cmark.h>
#include <git2.h>
#include <openssl/crypto.h>

#include "gen.h"

/*
 * One line per library, "name version\n"; the string is static and
 * made once (cox --version runs before any thread).
 */
const char *
gen_versions(void)
{
	static char	 s[512];
	int		 major = 0, minor = 0, rev = 0;

	if (s[0] != '\0')
		return s;
	git_libgit2_version(&major, &minor, &rev);
	snprintf(s, sizeof(s), "libgit2 %d.%d.%d\ncmark %s\n%s\n", major,
	    minor, rev, cmark_version_string(), OpenSSL_version(OPENSSL_VERSION));
	return s;
}
