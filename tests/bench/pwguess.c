/*
 * pwguess OPS MEM_MIB N - the cost of one guess at a coxswain password:
 * N runs of Argon2id at the parameters the register page uses (the
 * bench reads them from site-templates/account.js), the way an
 * attacker holding a page's wrapped key must run it for every password
 * tried.  Prints the median wall and CPU milliseconds and peak memory.
 */
#include <sys/resource.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <sodium.h>

static double
ms(const struct timeval *t)
{
	return t->tv_sec * 1e3 + t->tv_usec / 1e3;
}

static int
cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	unsigned char	 key[32], salt[crypto_pwhash_SALTBYTES] = { 0 };
	struct rusage	 r0, r1;
	struct timespec	 a, b;
	double		 wall[64], cpu[64];
	unsigned long	 ops, mem;
	int		 i, n;

	if (argc != 4)
		return 2;
	ops = strtoul(argv[1], NULL, 10);
	mem = strtoul(argv[2], NULL, 10) << 20;
	n = atoi(argv[3]);
	if (n < 1 || n > 64 || ops < 1 || mem == 0 || sodium_init() == -1)
		return 1;
	for (i = 0; i < n; i++) {
		getrusage(RUSAGE_SELF, &r0);
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (crypto_pwhash(key, sizeof(key), "correct horse", 13, salt,
		    ops, mem, crypto_pwhash_ALG_ARGON2ID13) != 0)
			return 1;
		clock_gettime(CLOCK_MONOTONIC, &b);
		getrusage(RUSAGE_SELF, &r1);
		wall[i] = (b.tv_sec - a.tv_sec) * 1e3 +
		    (b.tv_nsec - a.tv_nsec) / 1e6;
		cpu[i] = ms(&r1.ru_utime) - ms(&r0.ru_utime) +
		    ms(&r1.ru_stime) - ms(&r0.ru_stime);
	}
	qsort(wall, (size_t)n, sizeof(wall[0]), cmp);
	qsort(cpu, (size_t)n, sizeof(cpu[0]), cmp);
	getrusage(RUSAGE_SELF, &r1);
	printf("wall=%.1f cpu=%.1f peak_mib=%.1f\n", wall[n / 2], cpu[n / 2],
	    r1.ru_maxrss / 1024.0);
	return 0;
}
