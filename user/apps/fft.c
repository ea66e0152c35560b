/*
 * fft N_THREADS [LOG2N] - iterative radix-2 complex FFT of 2^LOG2N doubles
 * (default 2^14).
 *
 * Phase 0: every worker fills its part of the input x (pseudo-random in
 *          [-1, 1)) and of the twiddle table w[k] = exp(-2 pi i k / N),
 *          k < N/2 (libm sin/cos), and clears its part of the outputs y
 *          and z (first touch).  Barrier, clock starts.
 * Phase 1: bit-reversal copy x -> y, each worker a range of indices.
 *          Barrier.
 * Phases 2..LOG2N+1: one butterfly stage each, the N/2 butterflies of a
 *          stage split in ranges over the workers.  Barrier after each.
 *          Clock stops after the last.
 * Then (not timed) the inverse FFT of y, the same way in parallel, into z.
 * Check (main thread): z = x within 1e-9, and a few bins of y against a
 * direct DFT sum (and, for N <= 1024, every bin).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <math.h>
#include "app.h"

typedef struct { double re, im; } cplx;

static long n;
static int log2n;
static cplx *x, *y, *z, *w;

static double rnd(long i)
{
    uint64_t v = (uint64_t)i * 0x9e3779b97f4a7c15ull + 0x632be59bd9b4e019ull;
    v ^= v >> 31;
    v *= 0xbf58476d1ce4e5b9ull;
    v ^= v >> 29;
    return (double)(v >> 11) / (double)(1ull << 53) * 2.0 - 1.0;
}

static long bitrev(long i)
{
    long r = 0;
    for (int b = 0; b < log2n; b++, i >>= 1)
        r = (r << 1) | (i & 1);
    return r;
}

/* exp(-+2 pi i k / N) for any k >= 0, from the table of the first half */
static cplx twiddle(long k, int inverse)
{
    k &= n - 1;
    cplx t;
    if (k < n / 2)
        t = w[k];
    else {
        t.re = -w[k - n / 2].re;
        t.im = -w[k - n / 2].im;
    }
    if (inverse)
        t.im = -t.im;
    return t;
}

/* in -> out transform by this worker's share; barriers between phases */
static void transform(unsigned id, const cplx *in, cplx *out, int inverse)
{
    long lo, hi;
    app_range(id, n, &lo, &hi);
    for (long i = lo; i < hi; i++)
        out[bitrev(i)] = in[i];
    app_sync();
    app_range(id, n / 2, &lo, &hi);
    for (long half = 1; half < n; half *= 2) {
        long step = n / (2 * half);         /* twiddle stride */
        for (long b = lo; b < hi; b++) {
            long j = b & (half - 1);
            long i0 = (b - j) * 2 + j, i1 = i0 + half;
            cplx t = w[j * step];
            if (inverse)
                t.im = -t.im;
            cplx u = out[i0], v = out[i1];
            double vr = v.re * t.re - v.im * t.im;
            double vi = v.re * t.im + v.im * t.re;
            out[i0].re = u.re + vr;
            out[i0].im = u.im + vi;
            out[i1].re = u.re - vr;
            out[i1].im = u.im - vi;
        }
        if (half * 2 < n)
            app_sync();
    }
}

static void *worker(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    long lo, hi;
    app_range(id, n, &lo, &hi);
    for (long i = lo; i < hi; i++) {
        x[i].re = rnd(2 * i);
        x[i].im = rnd(2 * i + 1);
        y[i].re = y[i].im = 0.0;    /* first touch out of the timed part */
        z[i].re = z[i].im = 0.0;
    }
    app_range(id, n / 2, &lo, &hi);
    for (long k = lo; k < hi; k++) {
        double a = -2.0 * M_PI * (double)k / (double)n;
        w[k].re = cos(a);
        w[k].im = sin(a);
    }

    app_start_clock(id);
    transform(id, x, y, 0);
    app_stop_clock(id);

    transform(id, y, z, 1);
    app_sync();
    app_range(id, n, &lo, &hi);
    for (long i = lo; i < hi; i++) {
        z[i].re /= (double)n;
        z[i].im /= (double)n;
    }
    app_sync();
    return NULL;
}

/* y[k] against sum_j x[j] exp(-2 pi i j k / N) */
static void check_bin(long k)
{
    double re = 0.0, im = 0.0;
    for (long j = 0; j < n; j++) {
        cplx t = twiddle(j * k, 0);
        re += x[j].re * t.re - x[j].im * t.im;
        im += x[j].re * t.im + x[j].im * t.re;
    }
    double err = hypot(y[k].re - re, y[k].im - im);
    double tol = 1e-9 * sqrt((double)n) * (1.0 + hypot(re, im));
    if (!(err <= tol))
        app_fail("bin %ld: FFT (%g, %g), DFT (%g, %g), error %g", k,
                 y[k].re, y[k].im, re, im, err);
}

static void check(void)
{
    for (long i = 0; i < n; i++) {
        double e = hypot(z[i].re - x[i].re, z[i].im - x[i].im);
        if (!(e <= 1e-9))       /* NaN fails too */
            app_fail("inverse FFT: element %ld off by %g", i, e);
    }
    if (n <= 1024) {
        for (long k = 0; k < n; k++)
            check_bin(k);
    } else {
        long bins[] = { 0, 1, 7, n / 2, n - 1, n / 3, 12345 % n };
        for (unsigned i = 0; i < sizeof(bins) / sizeof(bins[0]); i++)
            check_bin(bins[i]);
    }
}

int main(int argc, char **argv)
{
    long l = app_args(argc, argv, "fft", "[LOG2N]", 14);
    if (l < 1 || l > 22)
        app_usage("[LOG2N] (1..22)");
    log2n = (int)l;
    n = 1L << log2n;
    x = app_alloc(n * sizeof(cplx));
    y = app_alloc(n * sizeof(cplx));
    z = app_alloc(n * sizeof(cplx));
    w = app_alloc((n / 2) * sizeof(cplx));
    app_run(worker);
    check();
    app_ok(n);
    return 0;
}
