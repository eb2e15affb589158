/*
 * install.c - where this program and its data are: the running binary
 * (hooks are handed it as $COX) and the folder holding content/ and
 * site-templates/.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "plumbing.h"

#ifndef COX_DATADIR
#define COX_DATADIR "/usr/local/share/coxswain"
#endif

/*
 * The running binary's path, or "cox" (found on PATH) when /proc does
 * not say.  The string is static.
 */
const char *
install_exe(void)
{
	static char	 self[4096];
	ssize_t		 n;

	if (self[0] != '\0')
		return self;
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) <= 0)
		n = snprintf(self, sizeof(self), "cox");
	self[n] = '\0';
	return self;
}

/* Whether dir holds the site templates, i.e. is a data folder. */
static int
datadir_ok(const char *dir)
{
	char	 path[4096];

	return snprintf(path, sizeof(path), "%s/site-templates/head.html",
	    dir) < (int)sizeof(path) && file_exists(path);
}

/*
 * Where content/ and site-templates/ are: $COX_DATADIR; else beside the
 * binary, as installed (BIN/../share/coxswain) or in a source checkout
 * (the binary's own folder); else the folder chosen at build time.
 * Looking beside the binary keeps an installed tree relocatable.
 */
const char *
install_datadir(void)
{
	static char	 found[4096];
	const char	*d = getenv("COX_DATADIR");
	char		 exe[4096], *slash;

	if (d != NULL && *d != '\0')
		return d;
	if (found[0] != '\0')
		return found;
	snprintf(exe, sizeof(exe), "%s", install_exe());
	if ((slash = strrchr(exe, '/')) != NULL) {
		*slash = '\0';
		if (snprintf(found, sizeof(found), "%s/../share/coxswain",
		    exe) < (int)sizeof(found) && datadir_ok(found))
			return found;
		if (snprintf(found, sizeof(found), "%s", exe) <
		    (int)sizeof(found) && datadir_ok(found))
			return found;
	}
	snprintf(found, sizeof(found), "%s", COX_DATADIR);
	return found;
}
