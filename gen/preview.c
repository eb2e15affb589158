/*
 * preview.c - the site served read-only over HTTP (cox preview) on
 * loopback, to look at a build before publishing it.
 *
 * Only GET and HEAD; only files under site/ that are not hidden (no
 * .git, no dotfiles) and not reached through "..".  Paths are resolved
 * by the kernel beneath the site folder with no symbolic link followed
 * (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS), so a link planted in
 * site/ serves nothing outside it.  A folder serves its index.html.
 * Nothing is cached, so a rebuild shows at once.
 */
#include <sys/stat.h>
#include <sys/syscall.h>

#include <linux/openat2.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <microhttpd.h>

#include "gen.h"

static const char *
content_type(const char *path)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".mjs", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".txt", "text/plain; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
	};
	const char	*dot = strrchr(path, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

/* A URL path is served only when every segment is plain. */
static int
path_ok(const char *url)
{
	const char	*seg = url;

	if (url[0] != '/' || strlen(url) > 1024)
		return 0;
	while ((seg = strchr(seg, '/')) != NULL) {
		seg++;
		if (seg[0] == '.')
			return 0;	/* "..", ".git", dotfiles */
	}
	return strchr(url, '\\') == NULL;
}

static enum MHD_Result
reply_text(struct MHD_Connection *c, unsigned code, const char *text)
{
	return httpd_respond(c, code, "text/plain; charset=utf-8", text,
	    NULL);
}

/*
 * Opens rel (no leading '/') beneath the folder site for reading,
 * following no symbolic link and never leaving it.  Returns the file
 * descriptor, or -1 with errno set.
 */
static int
open_beneath(int site, const char *rel)
{
	struct open_how	 how = { 0 };

	how.flags = O_RDONLY | O_CLOEXEC;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS;
	return (int)syscall(SYS_openat2, site, rel, &how, sizeof(how));
}

static enum MHD_Result
handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **state)
{
	const int		 site = *(const int *)cls;
	struct MHD_Response	*r;
	struct stat		 st;
	char			 path[4096];
	enum MHD_Result		 ret;
	int			 fd;

	(void)version; (void)data; (void)size; (void)state;
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return reply_text(c, MHD_HTTP_METHOD_NOT_ALLOWED,
		    "read-only\n");
	if (!path_ok(url))
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	if (snprintf(path, sizeof(path), "%s%s", url[1] ? url + 1 : ".",
	    url[strlen(url) - 1] == '/' ? "/index.html" : "") >=
	    (int)sizeof(path))
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	if ((fd = open_beneath(site, path)) == -1 ||
	    fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		if (fd != -1)
			close(fd);
		if (fd != -1 && S_ISDIR(st.st_mode)) {
			/* "/a/x" -> "/a/x/", so relative links resolve */
			snprintf(path, sizeof(path), "%s/", url);
			return httpd_respond(c, MHD_HTTP_MOVED_PERMANENTLY,
			    NULL, "", (const char *const[]){ "Location", path,
			    NULL });
		}
		return reply_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	if ((r = MHD_create_response_from_fd((uint64_t)st.st_size,
	    fd)) == NULL) {
		close(fd);
		return MHD_NO;
	}
	MHD_add_response_header(r, "Content-Type", content_type(path));
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/*
 * Serves the folder site at sa until stop_requested() (SIGINT or
 * SIGTERM); says where on standard output once it listens.  Returns OUT_OK after a signal,
 * OUT_NOTFOUND when there is no site, OUT_REFUSED when it cannot listen.
 */
enum outcome
preview_serve(const char *site, const struct sockaddr_in *sa)
{
	struct MHD_Daemon	*d;
	char			 addr[64];
	int			 dir;

	if ((dir = open(site, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		log_error("%s: no site here; run cox build first", site);
		return OUT_NOTFOUND;
	}
	if (open_beneath(dir, ".") == -1 && errno == ENOSYS) {
		log_error("this kernel cannot open files beneath a folder "
		    "only (openat2); cox preview needs Linux 5.6 or later");
		close(dir);
		return OUT_OSERR;
	}
	inet_ntop(AF_INET, &sa->sin_addr, addr, sizeof(addr));
	if ((ntohl(sa->sin_addr.s_addr) >> 24) != 127)
		log_warn("listening on %s, not on loopback: anyone who can "
		    "reach it can read the site (it is meant for a look "
		    "before publishing)", addr);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, &dir,
	    MHD_OPTION_EXTERNAL_LOGGER, log_library, "libmicrohttpd",
	    MHD_OPTION_SOCK_ADDR, (const struct sockaddr *)sa,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)10,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned)64, MHD_OPTION_END);
	if (d == NULL) {
		log_error("cannot listen on %s:%u: %s", addr,
		    ntohs(sa->sin_port), strerror(errno));
		close(dir);
		return OUT_REFUSED;
	}
	/* cox link writes [site] base_url's links, which are not here */
	printf("serving %s at http://%s:%u/ (Ctrl-C stops)\n"
	    "a page's link here: cox link --base http://%s:%u/ @HANDLE\n",
	    site, addr, ntohs(sa->sin_port), addr, ntohs(sa->sin_port));
	fflush(stdout);
	while (!stop_requested())
		pause();	/* a signal ends it (lib/stop.c) */
	MHD_stop_daemon(d);
	close(dir);
	return OUT_OK;
}
