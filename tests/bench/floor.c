/*
 * floor PLAINDIR OUTDIR READERS - the least a full build of the bench's
 * team can cost on this machine, to put cox build's time beside: every
 * page's plaintext (as plaindump wrote it, N.html) read, encrypted under
 * a key of its own (XChaCha20-Poly1305), that key boxed to READERS
 * public keys from one sender key, with as many X25519 as cox build
 * (the first reader, the page's own person, one a page; the others,
 * coaches on many pages, one each a run; the nonces drawn at random,
 * where cox hashes them), the lot base64-encoded and
 * written to OUTDIR/a/N/index.html
 * through a temporary file and a rename, as cox build writes a page (no
 * fsync), on one thread per processor (cox build's default).  Nothing is
 * rendered and no database is read: make bench times the sqlite3 shell
 * reading the same rows apart.  Prints the number of pages.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <sodium.h>

#define MAX_READERS	16

#define BOX	(crypto_box_NONCEBYTES + 32 + crypto_box_MACBYTES)

struct job {
	const char	*plain, *out;
	unsigned char	 pk[MAX_READERS][crypto_box_PUBLICKEYBYTES];
	unsigned char	 sender[crypto_box_SECRETKEYBYTES];
	unsigned char	 shared[MAX_READERS][crypto_box_BEFORENMBYTES];
	int		 readers, pages, threads;
};

struct worker {
	struct job	*job;
	pthread_t	 tid;
	int		 first, failed;
};

static int
read_file(const char *path, unsigned char **data, size_t *len)
{
	struct stat	 st;
	ssize_t		 r;
	size_t		 got = 0;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return -1;
	if (fstat(fd, &st) == -1 || (*data = realloc(*data,
	    (size_t)st.st_size + 1)) == NULL) {
		close(fd);
		return -1;
	}
	while (got < (size_t)st.st_size &&
	    (r = read(fd, *data + got, (size_t)st.st_size - got)) > 0)
		got += (size_t)r;
	close(fd);
	*len = got;
	return got == (size_t)st.st_size ? 0 : -1;
}

static int
write_page(const char *dir, int n, const char *data, size_t len)
{
	char	 path[4096], tmp[4200];
	int	 fd;

	snprintf(path, sizeof(path), "%s/a/%d", dir, n);
	if (mkdir(path, 0755) == -1 && errno != EEXIST)
		return -1;
	snprintf(path, sizeof(path), "%s/a/%d/index.html", dir, n);
	snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, (int)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644))
	    == -1)
		return -1;
	if (write(fd, data, len) != (ssize_t)len) {
		close(fd);
		return -1;
	}
	return close(fd) == -1 || rename(tmp, path) == -1 ? -1 : 0;
}

static void *
work(void *arg)
{
	struct worker	*w = arg;
	struct job	*j = w->job;
	unsigned char	*plain = NULL, *box = NULL, *b64 = NULL;
	unsigned char	 key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	unsigned char	 nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char	 own[crypto_box_BEFORENMBYTES];
	size_t		 len, cap = 0, boxlen, sealed;
	char		 path[4096];
	int		 n, r;

	for (n = w->first; n < j->pages; n += j->threads) {
		snprintf(path, sizeof(path), "%s/%d.html", j->plain, n);
		if (read_file(path, &plain, &len) == -1)
			goto fail;
		sealed = (size_t)j->readers * BOX;
		boxlen = len + crypto_aead_xchacha20poly1305_ietf_ABYTES +
		    sealed;
		if (boxlen > cap) {
			cap = boxlen;
			if ((box = realloc(box, cap)) == NULL ||
			    (b64 = realloc(b64, cap / 3 * 4 + 8)) == NULL)
				goto fail;
		}
		randombytes_buf(key, sizeof(key));
		randombytes_buf(nonce, sizeof(nonce));
		if (crypto_box_beforenm(own, j->pk[0], j->sender) != 0)
			goto fail;
		for (r = 0; r < j->readers; r++) {
			randombytes_buf(box + (size_t)r * BOX,
			    crypto_box_NONCEBYTES);
			if (crypto_box_easy_afternm(box + (size_t)r * BOX +
			    crypto_box_NONCEBYTES, key, sizeof(key),
			    box + (size_t)r * BOX, r == 0 ? own :
			    j->shared[r]) != 0)
				goto fail;
		}
		crypto_aead_xchacha20poly1305_ietf_encrypt(box + sealed, NULL,
		    plain, len, NULL, 0, NULL, nonce, key);
		len = (size_t)EVP_EncodeBlock(b64, box, (int)boxlen);
		if (write_page(j->out, n, (char *)b64, len) == -1)
			goto fail;
	}
	free(plain);
	free(box);
	free(b64);
	return NULL;
fail:
	fprintf(stderr, "floor: page %d: %s\n", n, strerror(errno));
	w->failed = 1;
	free(plain);
	free(box);
	free(b64);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct job	 j;
	struct worker	 w[64];
	unsigned char	 sk[crypto_box_SECRETKEYBYTES];
	unsigned char	 spk[crypto_box_PUBLICKEYBYTES];
	char		 path[4096];
	long		 cpus;
	int		 i, failed = 0;

	if (argc != 4) {
		fprintf(stderr, "usage: floor plaindir outdir readers\n");
		return 64;
	}
	memset(&j, 0, sizeof(j));
	j.plain = argv[1];
	j.out = argv[2];
	j.readers = atoi(argv[3]);
	if (j.readers < 1 || j.readers > MAX_READERS || sodium_init() == -1)
		return 64;
	crypto_box_keypair(spk, j.sender);
	for (i = 0; i < j.readers; i++) {
		crypto_box_keypair(j.pk[i], sk);
		if (crypto_box_beforenm(j.shared[i], j.pk[i], j.sender) != 0)
			return 1;
	}
	for (j.pages = 0;; j.pages++) {
		snprintf(path, sizeof(path), "%s/%d.html", j.plain, j.pages);
		if (access(path, R_OK) == -1)
			break;
	}
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	j.threads = cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
	snprintf(path, sizeof(path), "%s/a", j.out);
	if ((mkdir(j.out, 0755) == -1 && errno != EEXIST) ||
	    (mkdir(path, 0755) == -1 && errno != EEXIST)) {
		fprintf(stderr, "floor: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < j.threads; i++) {
		w[i].job = &j;
		w[i].first = i;
		w[i].failed = 0;
		if (pthread_create(&w[i].tid, NULL, work, &w[i]) != 0)
			return 1;
	}
	for (i = 0; i < j.threads; i++) {
		pthread_join(w[i].tid, NULL);
		failed |= w[i].failed;
	}
	printf("%d\n", j.pages);
	return failed;
}
