/*
 * psort N_THREADS [COUNT] - parallel sample sort (PSRS, "parallel sorting by
 * regular sampling") of COUNT 32-bit keys (default 65536).
 *
 * Phase 0: every worker fills its chunk with pseudo-random keys (and
 *          touches its chunk of the output).  Barrier, clock starts.
 * Phase 1: every worker sorts its chunk (bottom-up merge sort) and takes T
 *          regular samples of it.  Barrier.
 * Phase 2: worker 0 sorts the T*T samples and picks T-1 splitters.  Barrier.
 * Phase 3: every worker cuts its sorted chunk at the splitters (binary
 *          search).  Barrier.
 * Phase 4: worker j merges bucket j of every chunk (a T-way merge) into its
 *          place of the output, found from the cut points.  Barrier, clock
 *          stops.
 * Check (main thread): the output is sorted and holds the same multiset as
 * the input (count, sum, sum of squares and a hash sum of the keys).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "app.h"

static long n;
static uint32_t *src, *dst;       /* dst doubles as the chunk sorts' scratch */
static uint32_t *samples;         /* T*T */
static uint32_t *splitters;       /* T-1 */
static long *cut;                 /* T x (T+1): chunk c, bucket b is [cut[c][b], cut[c][b+1]) */
static long bucket_size[APP_MAX_THREADS];

#define CUT(c, b) cut[(long)(c) * (app_threads + 1) + (b)]

static uint32_t key(long i)
{
    uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ull + 0x2545f4914f6cdd1dull;
    x ^= x >> 29;
    x *= 0xbf58476d1ce4e5b9ull;
    x ^= x >> 32;
    return (uint32_t)x;
}

static uint64_t mix(uint32_t k)
{
    uint64_t x = k * 0xff51afd7ed558ccdull;
    return x ^ (x >> 31);
}

/* sorts a[0..len) using t[0..len) as scratch */
static void merge_sort(uint32_t *a, uint32_t *t, long len)
{
    const long RUN = 16;
    for (long s = 0; s < len; s += RUN) {           /* insertion-sorted runs */
        long e = s + RUN < len ? s + RUN : len;
        for (long i = s + 1; i < e; i++) {
            uint32_t v = a[i];
            long j = i;
            while (j > s && a[j - 1] > v) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = v;
        }
    }
    uint32_t *from = a, *to = t;
    for (long w = RUN; w < len; w *= 2) {
        for (long s = 0; s < len; s += 2 * w) {
            long m = s + w < len ? s + w : len;
            long e = s + 2 * w < len ? s + 2 * w : len;
            long i = s, j = m, k = s;
            while (i < m && j < e)
                to[k++] = from[j] < from[i] ? from[j++] : from[i++];
            while (i < m)
                to[k++] = from[i++];
            while (j < e)
                to[k++] = from[j++];
        }
        uint32_t *x = from;
        from = to;
        to = x;
    }
    if (from != a)
        memcpy(a, from, len * sizeof(uint32_t));
}

/* first index in a[lo..hi) whose key is > v */
static long upper_bound(const uint32_t *a, long lo, long hi, uint32_t v)
{
    while (lo < hi) {
        long mid = lo + (hi - lo) / 2;
        if (a[mid] <= v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static void *worker(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg, T = app_threads;
    long lo, hi;
    app_range(id, n, &lo, &hi);
    for (long i = lo; i < hi; i++) {
        src[i] = key(i);
        dst[i] = 0;                 /* first touch out of the timed part */
    }

    app_start_clock(id);
    /* 1: local sort and regular samples */
    merge_sort(src + lo, dst + lo, hi - lo);
    for (unsigned k = 0; k < T; k++)
        samples[id * T + k] = hi > lo ? src[lo + (hi - lo) * (long)k / T] : 0;
    app_sync();

    /* 2: splitters */
    if (id == 0) {
        merge_sort(samples, samples + T * T, (long)T * T);
        for (unsigned j = 0; j + 1 < T; j++)
            splitters[j] = samples[(j + 1) * T + T / 2 - 1];
    }
    app_sync();

    /* 3: cut points of this chunk */
    CUT(id, 0) = lo;
    for (unsigned b = 1; b < T; b++)
        CUT(id, b) = upper_bound(src, CUT(id, b - 1), hi, splitters[b - 1]);
    CUT(id, T) = hi;
    app_sync();

    /* 4: T-way merge of bucket id into its place */
    long off = 0, size = 0;
    for (unsigned c = 0; c < T; c++)
        for (unsigned b = 0; b <= id; b++) {
            long len = CUT(c, b + 1) - CUT(c, b);
            if (b < id)
                off += len;
            else
                size += len;
        }
    bucket_size[id] = size;
    long head[APP_MAX_THREADS], end[APP_MAX_THREADS];
    for (unsigned c = 0; c < T; c++) {
        head[c] = CUT(c, id);
        end[c] = CUT(c, id + 1);
    }
    for (long k = off; k < off + size; k++) {
        int best = -1;
        uint32_t bv = 0;
        for (unsigned c = 0; c < T; c++)
            if (head[c] < end[c] && (best < 0 || src[head[c]] < bv)) {
                best = (int)c;
                bv = src[head[c]];
            }
        dst[k] = bv;
        head[best]++;
    }
    app_stop_clock(id);
    return NULL;
}

static void check(void)
{
    uint64_t s1 = 0, s2 = 0, h = 0, t1 = 0, t2 = 0, th = 0;
    for (long i = 0; i < n; i++) {
        uint32_t k = key(i), d = dst[i];
        s1 += k;
        s2 += (uint64_t)k * k;
        h += mix(k);
        t1 += d;
        t2 += (uint64_t)d * d;
        th += mix(d);
        if (i > 0 && dst[i - 1] > d)
            app_fail("not sorted at %ld: %u > %u", i, dst[i - 1], d);
    }
    if (s1 != t1 || s2 != t2 || h != th)
        app_fail("output is not a permutation of the input");
    long total = 0;
    for (unsigned j = 0; j < app_threads; j++)
        total += bucket_size[j];
    if (total != n)
        app_fail("buckets hold %ld keys, expected %ld", total, n);
}

int main(int argc, char **argv)
{
    n = app_args(argc, argv, "psort", "[COUNT]", 65536);
    if (n < 1 || n > (1L << 26))
        app_usage("[COUNT] (1..2^26)");
    unsigned T = app_threads;
    src = app_alloc(n * sizeof(uint32_t));
    dst = app_alloc(n * sizeof(uint32_t));
    samples = app_alloc(2 * (size_t)T * T * sizeof(uint32_t));
    splitters = app_alloc(T * sizeof(uint32_t));
    cut = app_alloc((size_t)T * (T + 1) * sizeof(long));
    app_run(worker);
    check();
    app_ok(n);
    return 0;
}
