/*
 * pwguess OPS MEM_MIB N - the cost of one guess at a coxswain password:
 * Argon2id at the parameters the register page uses (the bench reads
 * them from site-templates/account.js), the way an attacker holding a
 * page's wrapped key runs it for every password tried.
 *
 * Such an attacker keeps one block of memory from guess to guess.
 * libsodium maps a fresh block for every hash (mmap with MAP_POPULATE,
 * outside malloc, so no mallopt() setting keeps it) and unmaps it
 * after, so each guess would also pay the kernel for faulting in and
 * zeroing 64 MiB.  mmap and munmap are therefore taken over here: the
 * first block of MEM_MIB is kept and handed out again.  One warm-up
 * guess maps it and is not counted; then N guesses.
 *
 * Prints "base_kib K" (peak RSS before any guess), then per guess
 * "guess USER_MS SYS_MS WALL_MS", then "peak_kib K".
 *
 * With the build's 64-bit file offsets the headers would name the mmap
 * defined here mmap64, which libsodium does not call: no block was
 * kept, and the guess failed.
 */
#undef _FILE_OFFSET_BITS
#include <sys/mman.h>
#include <sys/resource.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sodium.h>

static void	*(*real_mmap)(void *, size_t, int, int, int, off_t);
static int	 (*real_munmap)(void *, size_t);
static size_t	 kept_len;	/* the size of the block to keep */
static void	*kept;		/* the block, once mapped */
static int	 kept_busy;	/* handed out and not yet given back */

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	void	*p;

	if (real_mmap == NULL &&
	    (real_mmap = dlsym(RTLD_NEXT, "mmap")) == NULL)
		abort();
	if (len == kept_len && fd == -1 && addr == NULL && !kept_busy) {
		if (kept == NULL) {
			p = real_mmap(addr, len, prot, flags, fd, off);
			if (p == MAP_FAILED)
				return p;
			kept = p;
		}
		kept_busy = 1;
		return kept;
	}
	return real_mmap(addr, len, prot, flags, fd, off);
}

int
munmap(void *addr, size_t len)
{
	if (real_munmap == NULL &&
	    (real_munmap = dlsym(RTLD_NEXT, "munmap")) == NULL)
		abort();
	if (addr == kept && kept != NULL) {
		kept_busy = 0;
		return 0;
	}
	return real_munmap(addr, len);
}

static double
ms(const struct timeval *t)
{
	return t->tv_sec * 1e3 + t->tv_usec / 1e3;
}

static int
guess(unsigned long ops, size_t mem, int shown)
{
	unsigned char	 key[32], salt[crypto_pwhash_SALTBYTES] = { 0 };
	struct rusage	 r0, r1;
	struct timespec	 a, b;

	getrusage(RUSAGE_SELF, &r0);
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (crypto_pwhash(key, sizeof(key), "correct horse", 13, salt,
	    ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	getrusage(RUSAGE_SELF, &r1);
	if (shown)
		printf("guess %.1f %.1f %.1f\n",
		    ms(&r1.ru_utime) - ms(&r0.ru_utime),
		    ms(&r1.ru_stime) - ms(&r0.ru_stime),
		    (b.tv_sec - a.tv_sec) * 1e3 +
		    (b.tv_nsec - a.tv_nsec) / 1e6);
	return 0;
}

int
main(int argc, char **argv)
{
	struct rusage	 r;
	unsigned long	 ops;
	size_t		 mem;
	int		 i, n;

	if (argc != 4)
		return 2;
	ops = strtoul(argv[1], NULL, 10);
	mem = (size_t)strtoul(argv[2], NULL, 10) << 20;
	n = atoi(argv[3]);
	if (n < 1 || n > 1000 || ops < 1 || mem == 0 || sodium_init() == -1)
		return 1;
	kept_len = mem;
	getrusage(RUSAGE_SELF, &r);
	printf("base_kib %ld\n", r.ru_maxrss);
	for (i = 0; i <= n; i++)
		if (guess(ops, mem, i > 0) == -1)
			return 1;
	/* each guess must have had the kept block, not one of its own */
	if (kept == NULL || kept_busy)
		return 1;
	getrusage(RUSAGE_SELF, &r);
	printf("peak_kib %ld\n", r.ru_maxrss);
	return 0;
}
