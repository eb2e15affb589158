/*
 * backup.c - a workspace in one encrypted file, and back (cox backup,
 * cox restore).
 *
 * What goes in: cox.conf, hooks/, pages/, spool/ and a consistent copy
 * of cox.db made with SQLite's online backup API while the daemons go
 * on writing (spool/ is read before the database: an entry stored
 * meanwhile is then in both, and storing it again from the spool is a
 * no-op, where the other order could miss it).  site/ is not: it is
 * built again from cox.db, the same bytes.  Secrets that cox.conf
 * names by *_file are not either: they are not the workspace's.
 *
 * The file: a 64-byte header (the magic "COXBAK", format 1, the
 * Argon2id salt, its limits, the secretstream header), then frames of
 * a 4-byte little-endian length and one crypto_secretstream_xchacha20-
 * poly1305 message each, the first bound to the header as associated
 * data, the last tagged FINAL.  The key is Argon2id of the passphrase.
 * A message is a record: 'H' and a JSON object about the backup; 'F'
 * and a JSON object {path, mode, size} opening a file; 'D' and up to
 * 64 KiB of the open file; 'E' ending it all.  Any change, cut or
 * reordering of the file makes a message fail to open, or the end come
 * without FINAL, and the restore stops with nothing made.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>

#include "plumbing.h"
#include "db.h"
#include "workspace.h"

#define BK_MAGIC	"COXBAK\0\1"
#define BK_HEADER	(8 + crypto_pwhash_SALTBYTES + 16 + \
			    crypto_secretstream_xchacha20poly1305_HEADERBYTES)
#define BK_CHUNK	65536		/* plaintext of one 'D' record */
#define BK_FRAME	(BK_CHUNK + 1 + \
			    crypto_secretstream_xchacha20poly1305_ABYTES)
#define BK_FILE_MAX	((uint64_t)1 << 40)
#define BK_OPS_MAX	16		/* what a restore accepts */
#define BK_MEM_MAX	((uint64_t)1 << 30)
#define BK_DEPTH	8

struct bk {
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char	 header[BK_HEADER];
	unsigned char	 frame[BK_FRAME];
	int		 fd;
	int		 first;		/* the header is the next AD */
	const char	*path;
	struct backup_stats *stats;
	uint64_t	 moved, total;	/* bytes so far, of (0: unknown) */
};

/* Progress on a terminal: KiB written or read so far, of the total. */
static void
bk_moved(struct bk *bk, size_t n)
{
	bk->moved += n;
	log_progress(bk->total > 0 ? "KiB read" : "KiB written",
	    (long)(bk->moved >> 10), (long)(bk->total >> 10));
}

static void
le64(unsigned char *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t
get_le64(const unsigned char *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static int
write_all(struct bk *bk, const void *p, size_t n)
{
	const char	*c = p;
	ssize_t		 w;

	while (n > 0) {
		if ((w = write(bk->fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			log_error("%s: %s", bk->path, strerror(errno));
			return -1;
		}
		c += w;
		n -= (size_t)w;
		bk_moved(bk, (size_t)w);
	}
	return 0;
}

/* Encrypts and writes one record: type, then n bytes of p. */
static int
put(struct bk *bk, char type, const void *p, size_t n, int final)
{
	unsigned char	 plain[BK_CHUNK + 1], len[4];
	unsigned long long clen;
	int		 rc;

	plain[0] = (unsigned char)type;
	if (n > 0)
		memcpy(plain + 1, p, n);
	crypto_secretstream_xchacha20poly1305_push(&bk->st, bk->frame, &clen,
	    plain, n + 1, bk->first ? bk->header : NULL,
	    bk->first ? sizeof(bk->header) : 0, final ?
	    crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
	bk->first = 0;
	sodium_memzero(plain, n + 1);
	for (int i = 0; i < 4; i++)
		len[i] = (unsigned char)(clen >> (8 * i));
	rc = write_all(bk, len, 4) == 0 && write_all(bk, bk->frame,
	    (size_t)clen) == 0 ? 0 : -1;
	return rc;
}

static int
put_json(struct bk *bk, char type, json_t *o)
{
	char	*s = o != NULL ? json_dumps(o, JSON_COMPACT) : NULL;
	int	 rc = -1;

	if (s != NULL && strlen(s) <= BK_CHUNK)
		rc = put(bk, type, s, strlen(s), 0);
	free(s);
	json_decref(o);
	return rc;
}

/* One file: its 'F' record, then its bytes in 'D' records. */
static int
put_file(struct bk *bk, const char *rel, int mode, const void *data,
    size_t len)
{
	const char	*c = data;
	size_t		 n;

	if (put_json(bk, 'F', json_pack("{s:s, s:i, s:I}", "path", rel,
	    "mode", mode & 0777, "size", (json_int_t)len)) == -1)
		return -1;
	for (; len > 0; c += n, len -= n) {
		n = len < BK_CHUNK ? len : BK_CHUNK;
		if (put(bk, 'D', c, n, 0) == -1)
			return -1;
	}
	bk->stats->files++;
	bk->stats->bytes += (uint64_t)(c - (const char *)data);
	return 0;
}

/* rel (under the workspace) and what is below it, if it exists. */
static int
put_tree(struct bk *bk, const char *ws, const char *rel, int depth)
{
	struct buf	 data = { .wipe = 1 };	/* keys, tokens */
	struct dirent	*de;
	struct stat	 st;
	char		 path[4096], sub[4096];
	DIR		*d;
	int		 rc = 0;

	if (path_join(path, sizeof(path), ws, rel) == -1)
		return -1;
	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : (log_error("%s: %s", path,
		    strerror(errno)), -1);
	if (S_ISREG(st.st_mode)) {
		if (file_read(path, 1 << 30, &data) == -1) {
			buf_free(&data);	/* what was read of it */
			return -1;
		}
		rc = put_file(bk, rel, (int)st.st_mode, data.data, data.len);
		buf_free(&data);
		return rc;
	}
	if (!S_ISDIR(st.st_mode)) {
		log_warn("%s: not a file or a folder; not in the backup", path);
		return 0;
	}
	if (depth >= BK_DEPTH || (d = opendir(path)) == NULL) {
		log_error("%s: %s", path, depth >= BK_DEPTH ? "folders too "
		    "deep" : strerror(errno));
		return -1;
	}
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (path_join(sub, sizeof(sub), rel, de->d_name) == -1)
			rc = -1;
		else
			rc = put_tree(bk, ws, sub, depth + 1);
	}
	closedir(d);
	return rc;
}

/* cox.db as of one moment, through the online backup API. */
static int
put_database(struct bk *bk, struct db *db)
{
	sqlite3		*mem = NULL;
	sqlite3_backup	*b;
	unsigned char	*data = NULL;
	sqlite3_int64	 len = 0;
	int		 rc = -1;

	if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK)
		goto out;
	if ((b = sqlite3_backup_init(mem, "main", db_handle(db), "main")) ==
	    NULL) {
		log_error("cox.db: cannot copy: %s", sqlite3_errmsg(mem));
		goto out;
	}
	/* in one step: the copy is of one moment, and WAL readers do not
	 * hold up the daemons' writes */
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED)
		sqlite3_sleep(50);
	if (sqlite3_backup_finish(b) != SQLITE_OK || rc != SQLITE_DONE) {
		log_error("cox.db: cannot copy: %s", sqlite3_errstr(rc));
		rc = -1;
		goto out;
	}
	if ((data = sqlite3_serialize(mem, "main", &len, 0)) == NULL) {
		log_error("cox.db: out of memory copying it");
		rc = -1;
		goto out;
	}
	rc = put_file(bk, "cox.db", 0600, data, (size_t)len);
out:
	if (data != NULL)
		sodium_memzero(data, (size_t)len);
	sqlite3_free(data);
	sqlite3_close(mem);
	return rc;
}

/* A fresh state for file, counting into stats. */
static int
bk_start(struct bk *bk, const char *file, struct backup_stats *stats)
{
	memset(bk, 0, sizeof(*bk));
	memset(stats, 0, sizeof(*stats));
	bk->stats = stats;
	bk->path = file;
	bk->fd = -1;
	return sodium_init() == -1 ? -1 : 0;
}

/* Argon2id of pass with the salt and limits in bk->header. */
static int
derive(struct bk *bk, const char *pass,
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES])
{
	const unsigned char *salt = bk->header + 8;
	uint64_t ops = get_le64(salt + crypto_pwhash_SALTBYTES);
	uint64_t mem = get_le64(salt + crypto_pwhash_SALTBYTES + 8);

	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > BK_OPS_MAX ||
	    mem < crypto_pwhash_MEMLIMIT_MIN || mem > BK_MEM_MAX) {
		log_error("%s: not a backup this cox can read (key "
		    "derivation limits out of range)", bk->path);
		return -1;
	}
	if (crypto_pwhash(key, crypto_secretstream_xchacha20poly1305_KEYBYTES,
	    pass, strlen(pass), salt, ops, (size_t)mem,
	    crypto_pwhash_ALG_ARGON2ID13) != 0) {
		log_error("not enough memory for the backup's key (%llu MiB)",
		    (unsigned long long)(mem >> 20));
		return -1;
	}
	return 0;
}

/*
 * Writes the workspace into file (replaced atomically, mode 600, made
 * durable) under pass.  Returns OUT_OK, OUT_CANTCREAT or OUT_FAILED.
 */
enum outcome
backup_write(const struct workspace *ws, const char *file, const char *pass,
    struct backup_stats *stats)
{
	static const char *const trees[] = { "cox.conf", "hooks", "pages",
	    "spool" };
	unsigned char	 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	char		 tmp[4096], made[32], *site_id = NULL;
	struct bk	 bk;
	time_t		 now = time(NULL);
	struct tm	 tm;
	size_t		 i;
	enum outcome	 rc = OUT_FAILED;

	if (bk_start(&bk, file, stats) == -1)
		return OUT_FAILED;
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", file, (long)getpid()) >=
	    (int)sizeof(tmp))
		return OUT_CANTCREAT;
	memcpy(bk.header, BK_MAGIC, 8);
	randombytes_buf(bk.header + 8, crypto_pwhash_SALTBYTES);
	le64(bk.header + 8 + crypto_pwhash_SALTBYTES,
	    crypto_pwhash_OPSLIMIT_MODERATE);
	le64(bk.header + 16 + crypto_pwhash_SALTBYTES,
	    crypto_pwhash_MEMLIMIT_MODERATE);
	if (derive(&bk, pass, key) == -1)
		return OUT_FAILED;
	crypto_secretstream_xchacha20poly1305_init_push(&bk.st,
	    bk.header + 24 + crypto_pwhash_SALTBYTES, key);
	sodium_memzero(key, sizeof(key));
	bk.first = 1;
	if ((bk.fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1) {
		log_error("%s: %s", tmp, strerror(errno));
		return OUT_CANTCREAT;
	}
	bk.path = tmp;
	(void)db_meta_get(ws->db, "site_id", &site_id);
	gmtime_r(&now, &tm);
	strftime(made, sizeof(made), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (write_all(&bk, bk.header, sizeof(bk.header)) == -1 ||
	    put_json(&bk, 'H', json_pack("{s:i, s:s, s:s, s:s?}", "format", 1,
	    "cox", COX_VERSION, "made", made, "site_id", site_id)) == -1)
		goto out;
	for (i = 0; i < sizeof(trees) / sizeof(trees[0]); i++)
		if (put_tree(&bk, ws->dir, trees[i], 0) == -1)
			goto out;
	if (put_database(&bk, ws->db) == -1 || put(&bk, 'E', NULL, 0, 1) == -1)
		goto out;
	if (fsync(bk.fd) == -1) {
		log_error("%s: %s", tmp, strerror(errno));
		goto out;
	}
	close(bk.fd);
	bk.fd = -1;
	if (rename(tmp, file) == -1) {
		log_error("%s: %s", file, strerror(errno));
		goto out;
	}
	dir_sync(file);
	rc = OUT_OK;
out:
	log_progress_end();
	if (bk.fd != -1)
		close(bk.fd);
	if (rc != OUT_OK)
		unlink(tmp);
	free(site_id);
	return rc;
}

/* ---- restore ---- */

static int
read_all(struct bk *bk, void *p, size_t n, int *eof)
{
	char	*c = p;
	ssize_t	 r;

	*eof = 0;
	while (n > 0) {
		if ((r = read(bk->fd, c, n)) == -1) {
			if (errno == EINTR)
				continue;
			log_error("%s: %s", bk->path, strerror(errno));
			return -1;
		}
		if (r == 0) {
			*eof = 1;
			return -1;
		}
		c += r;
		n -= (size_t)r;
		bk_moved(bk, (size_t)r);
	}
	return 0;
}

/* The next record into plain (type at [0]); *len its length. */
static int
get(struct bk *bk, unsigned char *plain, size_t *len, int *final)
{
	unsigned char	 hdr[4], tag;
	unsigned long long plen;
	size_t		 n;
	int		 eof;

	if (read_all(bk, hdr, 4, &eof) == -1)
		goto cut;
	n = (size_t)hdr[0] | (size_t)hdr[1] << 8 | (size_t)hdr[2] << 16 |
	    (size_t)hdr[3] << 24;
	if (n <= crypto_secretstream_xchacha20poly1305_ABYTES ||
	    n > BK_FRAME) {
		log_error("%s: damaged (a record of %zu bytes)", bk->path, n);
		return -1;
	}
	if (read_all(bk, bk->frame, n, &eof) == -1)
		goto cut;
	if (crypto_secretstream_xchacha20poly1305_pull(&bk->st, plain, &plen,
	    &tag, bk->frame, n, bk->first ? bk->header : NULL, bk->first ?
	    sizeof(bk->header) : 0) != 0 || plen == 0) {
		log_error("%s: %s", bk->path, bk->first ? "the passphrase "
		    "does not open this backup (or it is damaged)" :
		    "damaged: a record does not authenticate");
		return -1;
	}
	bk->first = 0;
	*len = (size_t)plen;
	*final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	return 0;
cut:
	if (eof)
		log_error("%s: cut short: the backup is not whole", bk->path);
	return -1;
}

/* Whether rel is a path a backup may hold: under the known names. */
static int
rel_ok(const char *rel)
{
	static const char *const tops[] = { "hooks/", "pages/", "spool/" };
	const char	*p;
	size_t		 i;

	if (!strcmp(rel, "cox.db") || !strcmp(rel, "cox.conf"))
		return 1;
	for (i = 0; i < sizeof(tops) / sizeof(tops[0]); i++)
		if (!strncmp(rel, tops[i], strlen(tops[i])))
			break;
	if (i == sizeof(tops) / sizeof(tops[0]) || strlen(rel) > 1024)
		return 0;
	for (p = rel; *p != '\0'; p += strcspn(p, "/"), p += *p == '/') {
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 &&
		    !strncmp(p, "..", 2)))
			return 0;
	}
	return rel[strlen(rel) - 1] != '/';
}

/* Opens a new file rel under dir for a restore. */
static int
open_new(const char *dir, const char *rel, int mode)
{
	char	 path[4096], *slash;
	int	 fd;

	if (path_join(path, sizeof(path), dir, rel) == -1)
		return -1;
	if ((slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		if (dir_make(path, 0755) == -1)
			return -1;
		*slash = '/';
	}
	/* no one's file is executable by the world through a backup */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC |
	    O_NOFOLLOW, mode & 0755)) == -1)
		log_error("%s: %s", path, strerror(errno));
	return fd;
}

/* Reads the records after the header into dir (made, empty). */
static int
restore_records(struct bk *bk, const char *dir, char *info, size_t isize)
{
	unsigned char	*plain;
	json_t		*o = NULL;
	json_int_t	 mode, size;
	uint64_t	 left = 0;
	size_t		 len;
	int		 final = 0, out = -1, rc = -1;
	const char	*rel, *made, *site;
	ssize_t		 w;

	if ((plain = malloc(BK_CHUNK + 1)) == NULL)
		return -1;
	if (get(bk, plain, &len, &final) == -1)
		goto out;
	if (plain[0] != 'H' || final || (o = json_loadb((char *)plain + 1,
	    len - 1, 0, NULL)) == NULL || json_unpack(o, "{s:s, s?s}", "made",
	    &made, "site_id", &site) == -1) {
		log_error("%s: not a backup this cox can read", bk->path);
		goto out;
	}
	snprintf(info, isize, "made %s", made);
	json_decref(o);
	o = NULL;
	for (;;) {
		if (get(bk, plain, &len, &final) == -1)
			goto out;
		if (plain[0] == 'E' && final && left == 0 && out == -1)
			break;
		if (final || (plain[0] == 'D') != (left > 0)) {
			log_error("%s: damaged: records out of order",
			    bk->path);
			goto out;
		}
		if (plain[0] == 'D') {
			if (len - 1 > left) {
				log_error("%s: damaged: a file longer than "
				    "it says", bk->path);
				goto out;
			}
			for (size_t at = 1; at < len; at += (size_t)w)
				if ((w = write(out, plain + at, len - at)) ==
				    -1 && errno != EINTR) {
					log_error("%s: %s", dir,
					    strerror(errno));
					goto out;
				} else if (w == -1)
					w = 0;
			left -= len - 1;
		} else if (plain[0] == 'F') {
			json_decref(o);
			if ((o = json_loadb((char *)plain + 1, len - 1, 0,
			    NULL)) == NULL || json_unpack(o, "{s:s, s:I, s:I}",
			    "path", &rel, "mode", &mode, "size", &size) == -1 ||
			    !rel_ok(rel) || size < 0 ||
			    (uint64_t)size > BK_FILE_MAX) {
				log_error("%s: damaged: a file record this "
				    "cox does not take", bk->path);
				goto out;
			}
			if ((out = open_new(dir, rel, (int)mode)) == -1)
				goto out;
			left = (uint64_t)size;
			bk->stats->files++;
			bk->stats->bytes += left;
		} else {
			log_error("%s: damaged: a record of unknown type",
			    bk->path);
			goto out;
		}
		if (left == 0 && out != -1) {
			if (fsync(out) == -1) {
				log_error("%s: %s", dir, strerror(errno));
				goto out;
			}
			close(out);
			out = -1;
		}
	}
	if (read_all(bk, plain, 1, &final) == 0) {
		log_error("%s: damaged: bytes after its end", bk->path);
		goto out;
	}
	rc = 0;
out:
	if (out != -1)
		close(out);
	json_decref(o);
	sodium_memzero(plain, BK_CHUNK + 1);
	free(plain);
	return rc;
}

/* Removes what a failed restore made under path. */
static void
remove_tree(const char *path)
{
	struct dirent	*de;
	char		 sub[4096];
	DIR		*d;

	if ((d = opendir(path)) == NULL) {
		unlink(path);
		return;
	}
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..") &&
		    path_join(sub, sizeof(sub), path, de->d_name) == 0)
			remove_tree(sub);
	closedir(d);
	rmdir(path);
}

/*
 * Restores the backup file into dir, which must not exist or be empty:
 * everything is written to a folder beside it and renamed into place
 * once the whole file has authenticated, so a wrong passphrase or a
 * damaged file leaves nothing behind.  info gets a line about the
 * backup.  Returns OUT_OK, OUT_DENIED (the passphrase does not open
 * it, or it is damaged), OUT_NOTFOUND, OUT_CANTCREAT or OUT_FAILED.
 */
enum outcome
backup_restore(const char *file, const char *dir, const char *pass,
    struct backup_stats *stats, char *info, size_t isize)
{
	unsigned char	 key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	char		 tmp[4096];
	struct bk	 bk;
	struct stat	 st;
	int		 eof;
	enum outcome	 rc = OUT_DENIED;

	*info = '\0';
	if (bk_start(&bk, file, stats) == -1)
		return OUT_FAILED;
	if (rmdir(dir) == -1 && errno != ENOENT) {
		log_error("%s: %s; restore into a new folder", dir, errno ==
		    ENOTEMPTY || errno == EEXIST ? "not empty" :
		    strerror(errno));
		return OUT_CANTCREAT;
	}
	if ((bk.fd = open(file, O_RDONLY | O_CLOEXEC)) == -1) {
		log_error("%s: %s", file, strerror(errno));
		return errno == ENOENT ? OUT_NOTFOUND : OUT_FAILED;
	}
	if (fstat(bk.fd, &st) == 0 && st.st_size > 0)
		bk.total = (uint64_t)st.st_size;
	if (read_all(&bk, bk.header, sizeof(bk.header), &eof) == -1 ||
	    memcmp(bk.header, BK_MAGIC, 8) != 0) {
		log_error("%s: not a cox backup", file);
		close(bk.fd);
		return OUT_BADINPUT;
	}
	if (derive(&bk, pass, key) == -1 ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&bk.st,
	    bk.header + 24 + crypto_pwhash_SALTBYTES, key) != 0) {
		sodium_memzero(key, sizeof(key));
		close(bk.fd);
		return OUT_FAILED;
	}
	sodium_memzero(key, sizeof(key));
	bk.first = 1;
	if (snprintf(tmp, sizeof(tmp), "%s.restoring.%ld", dir,
	    (long)getpid()) >= (int)sizeof(tmp) || mkdir(tmp, 0700) == -1) {
		log_error("%s: %s", tmp, strerror(errno));
		close(bk.fd);
		return OUT_CANTCREAT;
	}
	if (restore_records(&bk, tmp, info, isize) == 0) {
		if (rename(tmp, dir) == 0) {
			dir_sync(dir);
			rc = OUT_OK;
		} else {
			log_error("%s: %s", dir, strerror(errno));
			rc = OUT_CANTCREAT;
		}
	}
	log_progress_end();
	if (rc != OUT_OK)
		remove_tree(tmp);
	close(bk.fd);
	return rc;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The backups cox backup made in dir (BACKUP_PREFIX TIME BACKUP_SUFFIX),
 * oldest first (the names sort as their times do), into names.  A
 * folder that cannot be read holds none.  Returns 0, or -1 out of
 * memory.
 */
int
backup_list(const char *dir, struct strlist *names)
{
	struct dirent	*de;
	size_t		 n, sl = strlen(BACKUP_SUFFIX);
	DIR		*d;
	int		 rc = 0;

	if ((d = opendir(dir)) == NULL)
		return 0;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (strncmp(de->d_name, BACKUP_PREFIX, strlen(BACKUP_PREFIX))
		    == 0 && n > sl && strcmp(de->d_name + n - sl,
		    BACKUP_SUFFIX) == 0)
			rc = strlist_add(names, de->d_name);
	}
	closedir(d);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof(names->v[0]), name_cmp);
	return rc;
}
