/*
 * matmul N_THREADS [SIZE] - C = A x B on SIZE x SIZE doubles (default 64).
 *
 * Phase 1: every worker fills its block of rows of A and B (small integers,
 * so every product and sum is exact) and clears its rows of C.  Barrier,
 * clock starts.  Phase 2: every worker computes its block of rows of C
 * (i-k-j order).  Barrier, clock stops.  Check (main thread): Freivalds' test C.x == A.(B.x) for two
 * vectors x, and a few entries of C recomputed in full; all exact.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "app.h"

static long n;
static double *A, *B, *C;

static double a_val(long i, long j) { return (double)((i * 7 + j * 3) % 11) - 5.0; }
static double b_val(long i, long j) { return (double)((i * 5 + j * 13 + 1) % 9) - 4.0; }

static void *worker(void *arg)
{
    unsigned id = (unsigned)(uintptr_t)arg;
    long lo, hi;
    app_range(id, n, &lo, &hi);
    for (long i = lo; i < hi; i++)
        for (long j = 0; j < n; j++) {
            A[i * n + j] = a_val(i, j);
            B[i * n + j] = b_val(i, j);
            C[i * n + j] = 0.0;     /* first touch out of the timed part */
        }

    app_start_clock(id);
    for (long i = lo; i < hi; i++) {
        double *c = &C[i * n];
        for (long j = 0; j < n; j++)
            c[j] = 0.0;
        for (long k = 0; k < n; k++) {
            double a = A[i * n + k];
            const double *b = &B[k * n];
            for (long j = 0; j < n; j++)
                c[j] += a * b[j];
        }
    }
    app_stop_clock(id);
    return NULL;
}

/* y = M.x */
static void matvec(const double *M, const double *x, double *y)
{
    for (long i = 0; i < n; i++) {
        double s = 0.0;
        for (long j = 0; j < n; j++)
            s += M[i * n + j] * x[j];
        y[i] = s;
    }
}

static void check(void)
{
    double *x = app_alloc(n * sizeof(double));
    double *bx = app_alloc(n * sizeof(double));
    double *abx = app_alloc(n * sizeof(double));
    double *cx = app_alloc(n * sizeof(double));
    for (int round = 0; round < 2; round++) {
        for (long j = 0; j < n; j++)
            x[j] = round == 0 ? 1.0 : (double)(j % 5) - 2.0;
        matvec(B, x, bx);
        matvec(A, bx, abx);
        matvec(C, x, cx);
        for (long i = 0; i < n; i++)
            if (cx[i] != abx[i])
                app_fail("Freivalds round %d: row %ld: C.x = %ld, A.(B.x) = %ld",
                         round, i, (long)cx[i], (long)abx[i]);
    }
    /* a few entries in full, against freshly computed A and B values */
    long pick[4][2] = { { 0, 0 }, { n - 1, n - 1 }, { n / 2, n / 3 }, { n / 3, n - 1 } };
    for (int p = 0; p < 4; p++) {
        long i = pick[p][0], j = pick[p][1];
        double s = 0.0;
        for (long k = 0; k < n; k++)
            s += a_val(i, k) * b_val(k, j);
        if (C[i * n + j] != s)
            app_fail("C[%ld][%ld] = %ld, expected %ld", i, j, (long)C[i * n + j], (long)s);
    }
    free(x);
    free(bx);
    free(abx);
    free(cx);
}

int main(int argc, char **argv)
{
    n = app_args(argc, argv, "matmul", "[SIZE]", 64);
    if (n < 1 || n > 4096)
        app_usage("[SIZE] (1..4096)");
    A = app_alloc(n * n * sizeof(double));
    B = app_alloc(n * n * sizeof(double));
    C = app_alloc(n * n * sizeof(double));
    app_run(worker);
    check();
    app_ok(n);
    return 0;
}
