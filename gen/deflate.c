/*
 * deflate.c - raw DEFLATE (RFC 1951) of an athlete's page before it is
 * sealed, so that the site's history grows by what changed, squeezed.
 *
 * An encrypted page cannot be compressed after the fact, by git or by
 * the host: its bytes look random.  Pages are HTML and SVG, which
 * shrink five to seven times, and the browser opens raw DEFLATE itself
 * (DecompressionStream("deflate-raw"); unlock.js), so the encoder is
 * all the build needs.  None of the chosen libraries compresses, hence
 * this one, kept small: the repeats are found by hash chains over the
 * last 32 KiB, with one step of lazy matching (a short match is put off
 * when the next byte starts a longer one; the inside of a long one is
 * not searched from again), then written as one block, with
 * Huffman codes made for it (RFC 1951 §3.2.7) or the fixed ones
 * (§3.2.6), whichever is shorter.  On pages it comes within a few per
 * cent of zlib at its default level.
 *
 * Output depends on the input alone, so a rebuild gives the same bytes
 * (nothing is read from the room that this call did not write).  The
 * nonces of what is sealed come from what was compressed, not from the
 * page (seal.c), so a change here never reuses one.  Which pages are
 * squeezed, and why no coach's, is seal.c's to say.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <endian.h>

#include <sodium.h>

#include "gen.h"

#define WBITS		15
#define WSIZE		(1u << WBITS)	/* the window: distances up to it */
#define WMASK		(WSIZE - 1)
#define HBITS		15
#define MIN_MATCH	3
#define MAX_MATCH	258
#define NICE		96		/* a match this long ends the search */
/*
 * How hard repeats are looked for: candidates tried at a position, and
 * the length of a repeat that cuts that to a quarter, is not put off
 * for the next byte, and whose inside is not searched from again.  What
 * is sealed again and again is small (a page's current period, its
 * shell): it gets the effort, for the history's sake; the periods that
 * are over, sealed once in their life, and what is large, go faster.
 * Sixteen candidates where there were 32 made a full build 2-3 % faster
 * and a season's history 1 % larger (52.5 to 53.0 MiB); the periods'
 * 8 where 4 would add 5 % to the site for another 1-2 %.
 */
#define SMALL		(32u << 10)
#define CHAIN_SMALL	16
#define GOOD_SMALL	32
#define CHAIN_LARGE	8
#define GOOD_LARGE	16
#define NONE		UINT32_MAX

#define MAX_BITS	15		/* the longest code of a literal or distance */
#define CL_BITS		7		/* the longest code of a code length */
/*
 * A token is a literal (its byte) or a repeat: MATCH, the length's
 * symbol less 257 (5 bits) and its extra bits (5), the distance's
 * symbol (5) and its extra bits (13), from the bit at 26 down.
 */
#define MATCH		0x80000000u

struct bits {
	unsigned char	*out;
	uint64_t	 acc;
	unsigned	 n;		/* bits waiting in acc */
};

/* Appends the low n bits of v (n <= 32), first bit first. */
static inline void
bits_put(struct bits *b, uint32_t v, unsigned n)
{
	b->acc |= (uint64_t)v << b->n;
	b->n += n;
	if (b->n >= 32) {			/* four bytes at a time */
		b->out[0] = (unsigned char)b->acc;
		b->out[1] = (unsigned char)(b->acc >> 8);
		b->out[2] = (unsigned char)(b->acc >> 16);
		b->out[3] = (unsigned char)(b->acc >> 24);
		b->out += 4;
		b->acc >>= 32;
		b->n -= 32;
	}
}

/* The last bits, to a whole byte. */
static void
bits_flush(struct bits *b)
{
	for (; b->n > 0; b->n = b->n > 8 ? b->n - 8 : 0) {
		*b->out++ = (unsigned char)b->acc;
		b->acc >>= 8;
	}
}

/* A code: Huffman codes go most significant bit first, reversed here. */
struct code {
	uint16_t	 bits;
	unsigned char	 len;
};

static inline void
code_put(struct bits *b, const struct code *c)
{
	bits_put(b, c->bits, c->len);
}

static inline unsigned
high_bit(uint32_t x)
{
	return 31u - (unsigned)__builtin_clz(x);
}

/* How many extra bits each length symbol (less 257) and distance symbol has. */
static const unsigned char len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
	4, 4, 4, 4, 5, 5, 5, 5, 0
};
static const unsigned char dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
	9, 9, 10, 10, 11, 11, 12, 12, 13, 13
};

/* The symbol of a repeat's length (257-285), its extra bits and their count. */
static unsigned
len_sym(unsigned len, unsigned *extra, unsigned *nextra)
{
	unsigned	 x = len - MIN_MATCH, h;

	*extra = *nextra = 0;
	if (len == MAX_MATCH)
		return 285;
	if (x < 8)
		return 257 + x;
	h = high_bit(x);
	*nextra = h - 2;
	*extra = x & ((1u << *nextra) - 1);
	return 257 + 4 * (h - 1) + ((x >> *nextra) & 3);
}

/* The symbol of a distance (0-29), its extra bits and their count. */
static unsigned
dist_sym(unsigned dist, unsigned *extra, unsigned *nextra)
{
	unsigned	 x = dist - 1, h;

	*extra = *nextra = 0;
	if (x < 4)
		return x;
	h = high_bit(x);
	*nextra = h - 1;
	*extra = x & ((1u << *nextra) - 1);
	return 2 * h + ((x >> *nextra) & 1);
}

/*
 * The leaves, heaviest last, ties by symbol: each key is a weight above
 * its symbol, so the order is total and any sort gives the same one.
 * Merged bottom up through tmp: a function call a comparison (qsort)
 * was a tenth of the encoder's time on a page's few hundred symbols.
 */
static void
leaves_sort(uint64_t *v, uint64_t *tmp, unsigned n)
{
	uint64_t	*a = v, *b = tmp, *t;
	unsigned	 w, lo, mid, hi, i, j, k;

	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = lo + 2 * w < n ? lo + 2 * w : n;
			for (i = lo, j = mid, k = lo; k < hi; k++)
				b[k] = j >= hi || (i < mid && a[i] <= a[j]) ?
				    a[i++] : a[j++];
		}
		t = a;
		a = b;
		b = t;
	}
	if (a != v)
		memcpy(v, a, n * sizeof(*v));
}

/*
 * Huffman code lengths for the n symbols of freq, none longer than
 * limit: a Huffman tree (two queues over the leaves sorted by weight,
 * ties by symbol, so the same counts give the same code), flattened
 * (every count halved) until it fits.  At least two counts must be
 * nonzero, so the code is complete.
 */
static void
huff_lengths(const uint32_t *freq, unsigned n, unsigned limit,
    unsigned char *len)
{
	uint64_t	 leaf[288], tmp[288];
	uint32_t	 w[2 * 288], f[288];
	unsigned	 parent[2 * 288], depth[2 * 288];
	unsigned	 m, i, j, k, a, pick[2], p, max;

	memcpy(f, freq, n * sizeof(*f));
	for (;;) {
		memset(len, 0, n);
		for (m = i = 0; i < n; i++)
			if (f[i] != 0)
				leaf[m++] = (uint64_t)f[i] << 32 | i;
		leaves_sort(leaf, tmp, m);
		for (i = 0; i < m; i++)
			w[i] = (uint32_t)(leaf[i] >> 32);
		for (i = 0, j = k = m; k < 2 * m - 1; k++) {
			for (p = 0; p < 2; p++)
				pick[p] = i < m && (j >= k || w[i] <= w[j]) ?
				    i++ : j++;
			w[k] = w[pick[0]] + w[pick[1]];
			parent[pick[0]] = parent[pick[1]] = k;
		}
		depth[2 * m - 2] = 0;
		for (a = 2 * m - 2, max = 0; a-- > 0; ) {
			depth[a] = depth[parent[a]] + 1;
			if (a < m && depth[a] > max)
				max = depth[a];
		}
		for (i = 0; i < m; i++)
			len[(uint32_t)leaf[i]] = (unsigned char)depth[i];
		if (max <= limit)
			return;
		for (i = 0; i < n; i++)
			if (f[i] != 0)
				f[i] = f[i] >> 1 | 1;
	}
}

/* The canonical codes of lengths len (RFC 1951 §3.2.2), reversed. */
static void
huff_codes(const unsigned char *len, unsigned n, struct code *c)
{
	unsigned	 count[MAX_BITS + 1] = { 0 }, next[MAX_BITS + 1];
	unsigned	 i, code = 0, v, r, k;

	for (i = 0; i < n; i++)
		count[len[i]]++;
	count[0] = 0;
	for (i = 1; i <= MAX_BITS; i++)
		next[i] = code = (code + count[i - 1]) << 1;
	for (i = 0; i < n; i++) {
		c[i].len = len[i];
		if (len[i] == 0)
			continue;
		for (v = next[len[i]]++, r = 0, k = len[i]; k > 0; k--) {
			r = r << 1 | (v & 1);
			v >>= 1;
		}
		c[i].bits = (uint16_t)r;
	}
}

/* What makes a block: the symbols' counts, then its codes. */
struct block {
	uint32_t	 lit_freq[286], dist_freq[30];
	unsigned char	 lit_len[288], dist_len[30], cl_len[19];
	struct code	 lit[288], dist[30], cl[19];
	uint16_t	 rle[286 + 30];		/* code length symbols, extra << 5 */
	unsigned	 nrle, hlit, hdist, hclen;
};

static const unsigned char cl_order[19] = {
	16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15
};
static const unsigned char cl_extra[19] = {
	[16] = 2, [17] = 3, [18] = 7
};

static void
rle_put(struct block *k, unsigned sym, unsigned extra)
{
	k->rle[k->nrle++] = (uint16_t)(sym | extra << 5);
}

/*
 * The block's header (§3.2.7): the code lengths of both codes in one
 * run, zeros and repeats shortened (16, 17, 18), and the code of those.
 */
static void
header_make(struct block *k)
{
	unsigned char	 all[286 + 30];
	uint32_t	 freq[19] = { 0 };
	unsigned	 total, i, run, r, t;

	for (k->hlit = 286; k->hlit > 257 && k->lit_len[k->hlit - 1] == 0; )
		k->hlit--;
	for (k->hdist = 30; k->hdist > 1 && k->dist_len[k->hdist - 1] == 0; )
		k->hdist--;
	memcpy(all, k->lit_len, k->hlit);
	memcpy(all + k->hlit, k->dist_len, k->hdist);
	total = k->hlit + k->hdist;
	k->nrle = 0;
	for (i = 0; i < total; i += run) {
		for (run = 1; i + run < total && all[i + run] == all[i]; run++)
			;
		r = run;
		if (all[i] == 0) {
			for (; r >= 11; r -= t)
				rle_put(k, 18, (t = r < 138 ? r : 138) - 11);
			if (r >= 3) {
				rle_put(k, 17, r - 3);
				r = 0;
			}
		} else {
			rle_put(k, all[i], 0);
			for (r--; r >= 3; r -= t)
				rle_put(k, 16, (t = r < 6 ? r : 6) - 3);
		}
		while (r-- > 0)
			rle_put(k, all[i], 0);
	}
	for (i = 0; i < k->nrle; i++)
		freq[k->rle[i] & 31]++;
	for (i = 0, t = 0; i < 19; i++)
		t += freq[i] != 0;
	for (i = 0; t < 2; i++)		/* a complete code needs two */
		if (freq[i] == 0) {
			freq[i] = 1;
			t++;
		}
	huff_lengths(freq, 19, CL_BITS, k->cl_len);
	huff_codes(k->cl_len, 19, k->cl);
	for (k->hclen = 19; k->hclen > 4 &&
	    k->cl_len[cl_order[k->hclen - 1]] == 0; )
		k->hclen--;
}

/* The header's length in bits. */
static uint64_t
header_bits(const struct block *k)
{
	uint64_t	 n = 5 + 5 + 4 + 3 * (uint64_t)k->hclen;
	unsigned	 i, s;

	for (i = 0; i < k->nrle; i++) {
		s = k->rle[i] & 31;
		n += k->cl_len[s] + cl_extra[s];
	}
	return n;
}

/* The bits of the block's symbols under lengths lit and dist. */
static uint64_t
symbol_bits(const struct block *k, const unsigned char *lit,
    const unsigned char *dist)
{
	uint64_t	 n = 0;
	unsigned	 i;

	for (i = 0; i < 286; i++)
		n += (uint64_t)k->lit_freq[i] * lit[i];
	for (i = 0; i < 30; i++)
		n += (uint64_t)k->dist_freq[i] * dist[i];
	return n;
}

/* RFC 1951 §3.2.6: the fixed codes' lengths. */
static void
fixed_lengths(unsigned char *lit, unsigned char *dist)
{
	unsigned	 s;

	for (s = 0; s < 288; s++)
		lit[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
	memset(dist, 5, 30);
}

/*
 * Chains are of five bytes, not the three a repeat may be: markup is
 * full of four-byte runs ("<td>", "</tr") that begin nothing longer,
 * and chains of four walked them.  On athletes' pages five made the
 * search 4-6 % faster and a full build's site 0.3 % smaller (a page's
 * small pieces up to 1 % larger, its large one smaller); six was
 * faster still for 1-2 % more bytes.  Eight bytes are read, as little
 * endian, so the chains, and the output, are the same on any machine;
 * the last seven of the input start no chain.
 */
#define HASHED		8

static inline uint32_t
hash5(const unsigned char *p)
{
	uint64_t	 v;

	memcpy(&v, p, 8);
	return (uint32_t)((le64toh(v) << 24) * 0x9e3779b97f4a7c15ull >>
	    (64 - HBITS));
}

struct matcher {
	const unsigned char	*p;
	size_t			 n;
	unsigned		 chain, good;	/* the effort, above */
	uint32_t		*head;	/* 1 << HBITS: last position of a hash */
	uint32_t		*prev;	/* WSIZE: the one before, by position */
};

static inline void
insert(struct matcher *m, size_t at)
{
	uint32_t	 h;

	if (at + HASHED > m->n)
		return;
	h = hash5(m->p + at);
	m->prev[at & WMASK] = m->head[h];
	m->head[h] = (uint32_t)at;
}

static inline uint32_t
load32(const unsigned char *p)
{
	uint32_t	 v;

	memcpy(&v, p, 4);
	return v;
}

/* How many of the first max bytes of a and b are the same. */
static inline unsigned
same(const unsigned char *a, const unsigned char *b, unsigned max)
{
	unsigned	 l = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	uint64_t	 x, y;

	for (; l + 8 <= max; l += 8) {		/* eight at a time */
		memcpy(&x, a + l, 8);
		memcpy(&y, b + l, 8);
		if (x != y)
			return l + (unsigned)__builtin_ctzll(x ^ y) / 8;
	}
#endif
	while (l < max && a[l] == b[l])
		l++;
	return l;
}

/* The longest repeat starting at at (already inserted), 0 when none. */
static unsigned
longest(const struct matcher *m, size_t at, unsigned *dist)
{
	const unsigned char	*p = m->p;
	size_t			 max = m->n - at < MAX_MATCH ? m->n - at :
				    MAX_MATCH;
	uint32_t		 c;
	unsigned		 best = 0, tries = m->chain, l;

	/* the last seven bytes were not inserted: their slots are stale */
	if (at + HASHED > m->n)
		return 0;
	c = m->prev[at & WMASK];
	while (c != NONE && c < at && at - c <= WSIZE && tries-- > 0) {
		/* the bytes up to one past best must all agree to do better:
		 * four of them are looked at for one load each */
		if (best >= 3 ? load32(p + c + best - 3) ==
		    load32(p + at + best - 3) && p[c] == p[at] :
		    p[c + best] == p[at + best] && p[c] == p[at]) {
			l = same(p + c, p + at, (unsigned)max);
			if (l > best) {
				best = l;
				*dist = (unsigned)(at - c);
				if (l >= NICE || l == max)
					break;
				if (l >= m->good && tries > m->chain / 4)
					tries = m->chain / 4;
			}
		}
		/* overwritten: older than the window */
		if (m->prev[c & WMASK] >= c)
			break;
		c = m->prev[c & WMASK];
	}
	return best >= MIN_MATCH ? best : 0;
}

/* A literal or a repeat, into the tokens and the block's counts. */
static inline void
token(struct block *k, uint32_t *tok, size_t *nt, unsigned lit,
    unsigned len, unsigned dist)
{
	unsigned	 ls, le, ds, de, ne;

	if (len == 0) {
		tok[(*nt)++] = lit;
		k->lit_freq[lit]++;
		return;
	}
	ls = len_sym(len, &le, &ne);
	ds = dist_sym(dist, &de, &ne);
	tok[(*nt)++] = MATCH | (uint32_t)(ls - 257) << 26 | (uint32_t)le << 21 |
	    (uint32_t)ds << 16 | de;
	k->lit_freq[ls]++;
	k->dist_freq[ds]++;
}

/* The repeats of p[0..n), as tokens; returns their count. */
static size_t
tokens_find(struct matcher *m, struct block *k, uint32_t *tok)
{
	const unsigned char	*p = m->p;
	size_t			 i, j, nt = 0, n = m->n;
	unsigned		 len, dist = 0, len2, dist2 = 0;

	for (i = 0; i < n; ) {
		insert(m, i);
		if ((len = longest(m, i, &dist)) == 0) {
			token(k, tok, &nt, p[i++], 0, 0);
			continue;
		}
		/* lazy: a longer repeat from the next byte wins */
		j = 1;
		if (len < m->good && i + 1 < n) {
			insert(m, i + 1);
			if ((len2 = longest(m, i + 1, &dist2)) > len) {
				token(k, tok, &nt, p[i++], 0, 0);
				len = len2;
				dist = dist2;
			} else
				j = 2;		/* i + 1 is in too */
		}
		token(k, tok, &nt, 0, len, dist);
		if (len < m->good)	/* a long repeat's inside is skipped */
			for (; j < len; j++)
				insert(m, i + j);
		i += len;
	}
	return nt;
}

/* Writes the tokens under the block's codes, then the end of block. */
static void
tokens_put(struct bits *b, const struct block *k, const uint32_t *tok,
    size_t nt)
{
	size_t		 i;
	uint32_t	 t;
	unsigned	 ls, ds;

	for (i = 0; i < nt; i++) {
		if (!((t = tok[i]) & MATCH)) {
			code_put(b, &k->lit[t]);
			continue;
		}
		ls = (t >> 26) & 31;
		ds = (t >> 16) & 31;
		code_put(b, &k->lit[257 + ls]);
		bits_put(b, (t >> 21) & 31, len_extra[ls]);
		code_put(b, &k->dist[ds]);
		bits_put(b, t & 0x1fff, dist_extra[ds]);
	}
	code_put(b, &k->lit[256]);
}

/*
 * Appends to out the raw DEFLATE of p[0..n), quickly when quick (what
 * is sealed once: a period that is over).  room is memory to work in,
 * kept by the caller from one call to the next (a build compresses
 * thousands of pages; the tables are larger than most of them).
 * Returns 0, or -1 when out of memory.
 */
int
deflate_raw(struct buf *out, const void *data, size_t n, struct buf *room,
    int quick)
{
	struct matcher	 m = { data, n, CHAIN_LARGE, GOOD_LARGE, NULL, NULL };
	struct block	*k;
	struct bits	 b;
	unsigned char	 flit[288], fdist[30], *at;
	uint32_t	*tok;
	uint64_t	 dyn, fix;
	size_t		 nt, i;
	unsigned	 used;

	if (n >= NONE || n > (SIZE_MAX - sizeof(*k)) / sizeof(uint32_t) -
	    (1u << HBITS) - WSIZE - 1) {
		log_error("%zu bytes are too many to compress", n);
		return -1;
	}
	/* a block is never longer than the fixed codes' 9 bits a byte */
	if ((at = (unsigned char *)buf_reserve(out, n + n / 8 + 16)) == NULL)
		return -1;
	/* the block, the hash heads, the chains, the tokens: all of 4 bytes */
	buf_reset(room);
	if ((k = (struct block *)buf_reserve(room, sizeof(*k) +
	    (sizeof(uint32_t) << HBITS) + sizeof(uint32_t) * WSIZE +
	    sizeof(uint32_t) * (n + 1))) == NULL)
		return -1;
	memset(k, 0, sizeof(*k));
	m.head = (uint32_t *)(k + 1);
	m.prev = m.head + (1u << HBITS);
	tok = m.prev + WSIZE;
	memset(m.head, 0xff, sizeof(*m.head) << HBITS);
	if (n <= SMALL && !quick) {
		m.chain = CHAIN_SMALL;
		m.good = GOOD_SMALL;
	}
	nt = tokens_find(&m, k, tok);
	k->lit_freq[256] = 1;
	if (n == 0)
		k->lit_freq[0] = 1;	/* a complete code needs two */
	for (i = 0, used = 0; i < 30; i++)
		used += k->dist_freq[i] != 0;
	for (i = 0; used < 2; i++)
		if (k->dist_freq[i] == 0) {
			k->dist_freq[i] = 1;
			used++;
		}
	huff_lengths(k->lit_freq, 286, MAX_BITS, k->lit_len);
	huff_lengths(k->dist_freq, 30, MAX_BITS, k->dist_len);
	header_make(k);
	dyn = header_bits(k) + symbol_bits(k, k->lit_len, k->dist_len);
	fixed_lengths(flit, fdist);
	fix = symbol_bits(k, flit, fdist);
	b.out = at;
	b.acc = 0;
	b.n = 0;
	if (dyn < fix) {
		bits_put(&b, 1 | 2 << 1, 3);	/* the last block, its own codes */
		bits_put(&b, k->hlit - 257, 5);
		bits_put(&b, k->hdist - 1, 5);
		bits_put(&b, k->hclen - 4, 4);
		for (i = 0; i < k->hclen; i++)
			bits_put(&b, k->cl_len[cl_order[i]], 3);
		for (i = 0; i < k->nrle; i++) {
			code_put(&b, &k->cl[k->rle[i] & 31]);
			bits_put(&b, k->rle[i] >> 5, cl_extra[k->rle[i] & 31]);
		}
		huff_codes(k->lit_len, 288, k->lit);
		huff_codes(k->dist_len, 30, k->dist);
	} else {
		bits_put(&b, 1 | 1 << 1, 3);	/* the last block, fixed codes */
		huff_codes(flit, 288, k->lit);
		huff_codes(fdist, 30, k->dist);
	}
	tokens_put(&b, k, tok, nt);
	bits_flush(&b);
	out->len += (size_t)(b.out - at);
	out->data[out->len] = '\0';
	sodium_memzero(tok, sizeof(*tok) * nt);	/* the literals are the page */
	return 0;
}
