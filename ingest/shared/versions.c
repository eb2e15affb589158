/*
 * versions.c - the versions of the libraries only ingest/ links
 * (libetpan, libxml2), as they run, for cox --version.
 */
#include <stdio.h>
#include <stdlib.h>

#include <libetpan/libetpan.h>
#include <libxml/xmlversion.h>
#include <libxml/globals.h>

#include "shared.h"

/*
 * One line per library, "name version\n"; the string is static and
 * made once.  libxml2 says its version at run time as a number,
 * 20914 for 2.9.14.
 */
const char *
ingest_versions(void)
{
	static char	 s[256];
	int		 xml;

	if (s[0] != '\0')
		return s;
	xml = atoi(xmlParserVersion);
	snprintf(s, sizeof(s), "libetpan %d.%d\nlibxml2 %d.%d.%d\n",
	    libetpan_get_version_major(), libetpan_get_version_minor(),
	    xml / 10000, xml / 100 % 100, xml % 100);
	return s;
}
