/*
 * units.c - what the installed systemd units give a workspace: the
 * secrets they load as credentials (LoadCredential=NAME:SOURCE, passed
 * on as COX_SECTION_KEY_FILE=%d/NAME).  A shell does not see them, so
 * cox doctor asks here where a unit takes a secret from, to check that
 * file instead, which Maildir a unit watches, and whether a unit is
 * enabled.  Units are looked for where systemd looks
 * ($SYSTEMD_UNIT_PATH, else the usual folders), drop-ins included.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define UNIT_MAX	(64 * 1024)
#define CRED_RUN	"/run/credentials/"

static const char *const unit_dirs[] = {
	"/etc/systemd/system", "/usr/local/lib/systemd/system",
	"/lib/systemd/system", "/usr/lib/systemd/system",
};

/* The folders units are read from, in systemd's order, into *dirs. */
static int
units_path(struct strlist *dirs)
{
	const char	*env = getenv("SYSTEMD_UNIT_PATH");
	char		*copy, *p, *save = NULL;
	size_t		 i;

	if (env == NULL || *env == '\0') {
		for (i = 0; i < sizeof(unit_dirs) / sizeof(unit_dirs[0]); i++)
			if (strlist_add(dirs, unit_dirs[i]) == -1)
				return -1;
		return 0;
	}
	if ((copy = xstrdup(env)) == NULL)
		return -1;
	for (p = strtok_r(copy, ":", &save); p != NULL;
	    p = strtok_r(NULL, ":", &save))
		if (strlist_add(dirs, p) == -1) {
			free(copy);
			return -1;
		}
	free(copy);
	return 0;
}

/* Appends the text of dir/name, if there is one, to b. */
static void
unit_read(const char *dir, const char *name, struct buf *b)
{
	struct buf	 f = { 0 };
	char		 path[4096];

	/* most folders of the path have no such unit: no error for them */
	if (path_join(path, sizeof(path), dir, name) == -1 ||
	    access(path, R_OK) == -1 || file_read(path, UNIT_MAX, &f) == -1)
		return;
	if (f.len > 0 && buf_add(b, f.data, f.len) == 0)
		(void)buf_add(b, "\n", 1);
	buf_free(&f);
}

/* Appends the drop-ins of dir/name.d/ (*.conf) to b. */
static void
unit_dropins(const char *dir, const char *name, struct buf *b)
{
	struct dirent	*de;
	char		 d[4096], sub[512];
	size_t		 len;
	DIR		*dp;

	snprintf(sub, sizeof(sub), "%s.d", name);
	if (path_join(d, sizeof(d), dir, sub) == -1 ||
	    (dp = opendir(d)) == NULL)
		return;
	while ((de = readdir(dp)) != NULL) {
		len = strlen(de->d_name);
		if (len > 5 && !strcmp(de->d_name + len - 5, ".conf"))
			unit_read(d, de->d_name, b);
	}
	closedir(dp);
}

/*
 * The text of unit (cox-sms@club.service) as systemd would put it
 * together: the first file of that name or of its template
 * (cox-sms@.service) in the unit path, then the drop-ins of both.
 * Returns 0 with *b filled (the caller frees it), -1 when no file.
 */
static int
unit_text(const char *unit, struct buf *b)
{
	struct strlist	 dirs = { 0 };
	char		 tmpl[256];
	const char	*at = strchr(unit, '@'), *dot = strrchr(unit, '.');
	size_t		 i, found = 0;

	tmpl[0] = '\0';
	if (at != NULL && dot != NULL && dot > at)
		snprintf(tmpl, sizeof(tmpl), "%.*s%s", (int)(at - unit + 1),
		    unit, dot);
	if (units_path(&dirs) == -1)
		return -1;
	for (i = 0; i < dirs.n && b->len == 0; i++) {
		unit_read(dirs.v[i], unit, b);
		if (b->len == 0 && tmpl[0] != '\0')
			unit_read(dirs.v[i], tmpl, b);
	}
	found = b->len;
	for (i = 0; found && i < dirs.n; i++) {
		if (tmpl[0] != '\0')
			unit_dropins(dirs.v[i], tmpl, b);
		unit_dropins(dirs.v[i], unit, b);
	}
	strlist_free(&dirs);
	return found ? 0 : -1;
}

/* Copies v into out with each %i replaced by inst. */
static void
unit_expand(const char *v, size_t len, const char *inst, char *out,
    size_t size)
{
	size_t	 o = 0, k;

	for (k = 0; k < len && o + 1 < size; k++) {
		if (v[k] == '%' && k + 1 < len && v[k + 1] == 'i') {
			o += (size_t)snprintf(out + o, size - o, "%s", inst);
			if (o >= size)
				o = size - 1;
			k++;
		} else
			out[o++] = v[k];
	}
	out[o] = '\0';
}

/*
 * Reads a unit's text for what c asks: the credential whose file env
 * names (c->name empty) or the one named c->name, the workspace its
 * ExecStart= lines pass with -C, and its EnvironmentFile=.  Fills
 * c->name, c->envfile and dir (c->source is unit_source()'s).
 */
static void
unit_scan(char *text, const char *inst, const char *env, struct unit_cred *c,
    char *dir, size_t dirsize)
{
	char	*line, *save = NULL, *p;
	size_t	 n, elen = strlen(env);

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "ExecStart=", 10) &&
		    (p = strstr(line, " -C ")) != NULL) {
			p += 4;
			unit_expand(p, strcspn(p, " \t"), inst, dir, dirsize);
		} else if (!strncmp(line, "EnvironmentFile=", 16)) {
			unit_expand(line + 16, strcspn(line + 16, " \t"),
			    inst, c->envfile, sizeof(c->envfile));
		} else if (!strncmp(line, "Environment=", 12) && elen > 0 &&
		    c->name[0] == '\0' && (p = strstr(line, env)) != NULL &&
		    p[elen] == '=') {
			p += elen + 1;
			if (!strncmp(p, "%d/", 3))
				p += 3;
			else if (!strncmp(p, "${CREDENTIALS_DIRECTORY}/", 25))
				p += 25;
			else
				continue;
			n = strcspn(p, " \t\"");
			snprintf(c->name, sizeof(c->name), "%.*s", (int)n, p);
		}
	}
}

/* The source of credential c->name in LoadCredential= lines of text. */
static void
unit_source(const char *text, const char *inst, struct unit_cred *c)
{
	const char	*p = text, *v, *end;
	size_t		 n = strlen(c->name);

	while ((p = strstr(p, "LoadCredential=")) != NULL) {
		v = p + 15;
		end = v + strcspn(v, "\n");
		p = end;
		if (n > 0 && !strncmp(v, c->name, n) && v[n] == ':')
			unit_expand(v + n + 1, (size_t)(end - v - n - 1), inst,
			    c->source, sizeof(c->source));
	}
}

/*
 * Looks at one unit for the credential: path, when set, is the
 * /run/credentials/UNIT/NAME the configuration names; else the unit
 * must run for wsdir and pass env as %d/NAME.  Returns 0 when found.
 */
static int
unit_cred_in(const char *unit, const char *wsdir, const char *env,
    struct unit_cred *c)
{
	struct buf	 b = { 0 };
	char		 dir[4096] = "", *text = NULL;
	const char	*at = strchr(unit, '@'), *dot = strrchr(unit, '.');
	char		 inst[256] = "";
	int		 found = -1;

	if (at != NULL && dot != NULL && dot > at)
		snprintf(inst, sizeof(inst), "%.*s", (int)(dot - at - 1),
		    at + 1);
	if (unit_text(unit, &b) == -1 || (text = xstrdup(b.data)) == NULL)
		goto out;
	unit_scan(text, inst, env, c, dir, sizeof(dir));
	if (c->name[0] == '\0' || (wsdir != NULL && strcmp(dir, wsdir) != 0))
		goto out;
	c->source[0] = '\0';
	unit_source(b.data, inst, c);
	snprintf(c->unit, sizeof(c->unit), "%s", unit);
	found = c->source[0] != '\0' ? 0 : -1;
out:
	free(text);
	buf_free(&b);
	return found;
}

/*
 * Where a unit loads the secret from.  path: the file the configuration
 * names, when it is a credential (/run/credentials/UNIT/NAME); NULL to
 * find a cox unit for the workspace wsdir (its folder name is the
 * unit's instance) that passes env (COX_SMS_AUTH_TOKEN_FILE).  Returns
 * 0 with c filled, -1 when no installed unit says (c->unit and c->name
 * may still name what path points at).
 */
int
units_credential(const char *wsdir, const char *env, const char *path,
    struct unit_cred *c)
{
	static const char *const units[] = {
		"cox-sms@", "cox-outbox@", "cox-mail@", "cox-imap@",
		"cox-nightly@", "cox-erg@",
	};
	const char	*inst = strrchr(wsdir, '/');
	char		 unit[256];
	size_t		 i, n;

	memset(c, 0, sizeof(*c));
	if (path != NULL) {
		if (strncmp(path, CRED_RUN, strlen(CRED_RUN)) != 0)
			return -1;
		path += strlen(CRED_RUN);
		n = strcspn(path, "/");
		if (path[n] != '/' || strchr(path + n + 1, '/') != NULL)
			return -1;
		snprintf(c->unit, sizeof(c->unit), "%.*s", (int)n, path);
		snprintf(c->name, sizeof(c->name), "%s", path + n + 1);
		snprintf(unit, sizeof(unit), "%s", c->unit);
		return unit_cred_in(unit, NULL, "", c);
	}
	inst = inst != NULL ? inst + 1 : wsdir;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		snprintf(unit, sizeof(unit), "%s%s.service", units[i], inst);
		memset(c, 0, sizeof(*c));
		if (unit_cred_in(unit, wsdir, env, c) == 0)
			return 0;
	}
	memset(c, 0, sizeof(*c));
	return -1;
}

/* Adds each word of v (len bytes, %i expanded) to l, after prefix. */
static void
unit_words(const char *v, size_t len, const char *inst, const char *prefix,
    struct strlist *l)
{
	char	 word[4096], path[4096];
	size_t	 k = 0, n;

	while (k < len) {
		k += strspn(v + k, " \t");
		n = strcspn(v + k, " \t\n");
		if (n > len - k)
			n = len - k;
		if (n > 0) {
			/* "-" (may be missing) and "+" change nothing here */
			while (n > 0 && (v[k] == '-' || v[k] == '+')) {
				k++;
				n--;
			}
			unit_expand(v + k, n, inst, word, sizeof(word));
			snprintf(path, sizeof(path), "%s%s", prefix, word);
			(void)strlist_add(l, path);
		}
		k += n;
	}
}

/*
 * What the nightly unit of the workspace wsdir (cox-nightly@NAME, NAME
 * its folder's name) lets cox backup write: its --fallback-dir and the
 * folders its sandbox leaves writable (StateDirectory= under /var/lib,
 * ReadWritePaths=), drop-ins included.  Returns 0 with *n filled (the
 * caller frees n->writable), -1 when no such unit runs for wsdir.
 */
int
units_nightly(const char *wsdir, struct unit_nightly *n)
{
	struct buf	 b = { 0 };
	const char	*inst = strrchr(wsdir, '/'), *line, *p;
	char		 dir[4096] = "";
	size_t		 len;
	int		 rc = -1;

	memset(n, 0, sizeof(*n));
	inst = inst != NULL ? inst + 1 : wsdir;
	snprintf(n->unit, sizeof(n->unit), "cox-nightly@%s.service", inst);
	if (unit_text(n->unit, &b) == -1)
		goto out;
	for (line = b.data; *line != '\0'; line += len + (line[len] != '\0')) {
		len = strcspn(line, "\n");
		if (!strncmp(line, "StateDirectory=", 15))
			unit_words(line + 15, len - 15, inst, "/var/lib/",
			    &n->writable);
		else if (!strncmp(line, "ReadWritePaths=", 15))
			unit_words(line + 15, len - 15, inst, "",
			    &n->writable);
		else if (!strncmp(line, "ExecStart=", 10) && (p = strstr(line,
		    " -C ")) != NULL && p < line + len) {
			p += 4;
			unit_expand(p, strcspn(p, " \t\n"), inst, dir,
			    sizeof(dir));
			if ((p = strstr(line, " --fallback-dir ")) != NULL &&
			    p < line + len) {
				p += 16;
				unit_expand(p, strcspn(p, " \t\n"), inst,
				    n->fallback, sizeof(n->fallback));
			}
		}
	}
	rc = strcmp(dir, wsdir) == 0 ? 0 : -1;
out:
	if (rc == -1)
		strlist_free(&n->writable);
	buf_free(&b);
	return rc;
}

/* Whether path is one of the folders n leaves writable, or inside one. */
int
units_writable(const struct unit_nightly *n, const char *path)
{
	size_t	 i, k;

	for (i = 0; i < n->writable.n; i++) {
		k = strlen(n->writable.v[i]);
		while (k > 1 && n->writable.v[i][k - 1] == '/')
			k--;
		if (!strncmp(path, n->writable.v[i], k) && (path[k] == '\0' ||
		    path[k] == '/'))
			return 1;
	}
	return 0;
}

/*
 * Whether unit (cox-mail@club.service) is enabled: a link to it in a
 * .wants/ or .requires/ folder of the unit path, as systemctl enable
 * makes them (/etc/systemd/system/multi-user.target.wants/).
 */
int
units_enabled(const char *unit)
{
	struct strlist	 dirs = { 0 };
	struct dirent	*de;
	struct stat	 st;
	char		 path[4096];
	size_t		 i, len;
	DIR		*dp;
	int		 on = 0;

	if (units_path(&dirs) == -1)
		return 0;
	for (i = 0; !on && i < dirs.n; i++) {
		if ((dp = opendir(dirs.v[i])) == NULL)
			continue;
		while (!on && (de = readdir(dp)) != NULL) {
			len = strlen(de->d_name);
			if ((len <= 6 || strcmp(de->d_name + len - 6,
			    ".wants") != 0) && (len <= 9 || strcmp(de->d_name +
			    len - 9, ".requires") != 0))
				continue;
			on = snprintf(path, sizeof(path), "%s/%s/%s",
			    dirs.v[i], de->d_name, unit) < (int)sizeof(path) &&
			    lstat(path, &st) == 0;
		}
		closedir(dp);
	}
	strlist_free(&dirs);
	return on;
}

/*
 * The Maildir the unit cox-mail@NAME of the workspace wsdir (NAME its
 * folder's name) watches: its Environment=COX_MAILDIR=, %i expanded,
 * into m->dir ("" when it sets none), and whether it is enabled.
 * Returns 0, or -1 when no such unit runs for wsdir.
 */
int
units_maildir(const char *wsdir, struct unit_maildir *m)
{
	struct buf	 b = { 0 };
	const char	*inst = strrchr(wsdir, '/'), *line, *p;
	char		 dir[4096] = "";
	size_t		 len;

	memset(m, 0, sizeof(*m));
	inst = inst != NULL ? inst + 1 : wsdir;
	snprintf(m->unit, sizeof(m->unit), "cox-mail@%s.service", inst);
	if (unit_text(m->unit, &b) == -1)
		return -1;
	for (line = b.data; *line != '\0'; line += len + (line[len] != '\0')) {
		len = strcspn(line, "\n");
		if (!strncmp(line, "ExecStart=", 10) && (p = strstr(line,
		    " -C ")) != NULL && p < line + len)
			unit_expand(p + 4, strcspn(p + 4, " \t\n"), inst, dir,
			    sizeof(dir));
		else if (!strncmp(line, "Environment=", 12) && (p = strstr(line,
		    "COX_MAILDIR=")) != NULL && p < line + len)
			unit_expand(p + 12, strcspn(p + 12, " \t\"\n"), inst,
			    m->dir, sizeof(m->dir));
	}
	buf_free(&b);
	if (strcmp(dir, wsdir) != 0)
		return -1;
	m->enabled = units_enabled(m->unit);
	return 0;
}
