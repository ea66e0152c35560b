/*
 * app.h - shared scaffolding of the parallel applications (user/apps/):
 * argument parsing, the machine's shape, one worker thread per hart placed
 * over all clusters, the result line.
 *
 * Placement: worker i goes to cluster (i / H) % C and core i % H, where C is
 * the number of clusters and H the harts of cluster 0 (pthread_attr_setcluster
 * and pthread_attr_setcore).  If the kernel refuses that placement (a core
 * the local cluster does not have, on an uneven machine), the worker is
 * created with the default placement instead.
 *
 * Every application prints one line on success,
 *   NAME threads=T size=S cycles=C ok
 * where C is almos_get_cycle() read by worker 0 around the parallel part
 * (after the barrier that ends the set-up, and after the barrier that ends
 * the computation); on a wrong result it prints "NAME ... FAIL: why" and
 * exits 1.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef APP_H
#define APP_H

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "almos.h"

#define APP_MAX_THREADS 256
#define APP_FN static __attribute__((unused))

static const char *app_name;
static unsigned app_threads;
static pthread_barrier_t app_barrier;
static uint64_t app_t0, app_t1;
static unsigned app_cxy[APP_MAX_THREADS];     /* cluster worker i ran in */
static void *(*app_worker)(void *);

APP_FN void app_usage(const char *args)
{
    fprintf(stderr, "usage: %s N_THREADS %s\n", app_name, args);
    exit(2);
}

/* strict unsigned parse; -1 on garbage */
APP_FN long app_parse(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 0);
    if (errno || end == s || *end || v < 0)
        return -1;
    return v;
}

/* NAME N_THREADS [ARG]: the thread count, and ARG (or def) */
APP_FN long app_args(int argc, char **argv, const char *name, const char *args,
                     long def)
{
    app_name = name;
    if (argc < 2 || argc > 3)
        app_usage(args);
    long t = app_parse(argv[1]);
    if (t < 1 || t > APP_MAX_THREADS)
        app_usage(args);
    app_threads = (unsigned)t;
    long v = def;
    if (argc == 3 && (v = app_parse(argv[2])) < 0)
        app_usage(args);
    return v;
}

APP_FN void app_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
APP_FN void app_fail(const char *fmt, ...)
{
    va_list ap;
    printf("%s threads=%u FAIL: ", app_name, app_threads);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    exit(1);
}

APP_FN void *app_alloc(size_t bytes)
{
    void *p = malloc(bytes);
    if (!p)
        app_fail("out of memory (%lu bytes)", (unsigned long)bytes);
    return p;
}

APP_FN uint64_t app_cycle(void)
{
    uint64_t c = 0;
    almos_get_cycle(&c);
    return c;
}

/* barrier between phases; worker 0 reads the counter at the marks */
APP_FN void app_sync(void)
{
    int r = pthread_barrier_wait(&app_barrier);
    if (r != 0 && r != PTHREAD_BARRIER_SERIAL_THREAD)
        app_fail("barrier_wait: %d", r);
}

APP_FN void app_start_clock(unsigned id)
{
    app_sync();
    if (id == 0)
        app_t0 = app_cycle();
}

APP_FN void app_stop_clock(unsigned id)
{
    app_sync();
    if (id == 0)
        app_t1 = app_cycle();
}

/* [lo, hi) of n items for worker id */
APP_FN void app_range(unsigned id, long n, long *lo, long *hi)
{
    *lo = n * (long)id / (long)app_threads;
    *hi = n * (long)(id + 1) / (long)app_threads;
}

/* each worker notes its cluster (the high half of its trdid) first */
APP_FN void *app_worker_entry(void *arg)
{
    app_cxy[(uintptr_t)arg] = (unsigned)pthread_self() >> 16;
    return app_worker(arg);
}

/* runs worker(id) on app_threads placed threads and joins them */
APP_FN void app_run(void *(*worker)(void *))
{
    struct almos_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    if (almos_get_config(&cfg) < 0 || cfg.clusters == 0)
        app_fail("get_config: %s", strerror(errno));
    unsigned hpc = cfg.harts_per_cluster[0] ? cfg.harts_per_cluster[0] : 1;
    int e = pthread_barrier_init(&app_barrier, NULL, app_threads);
    if (e)
        app_fail("barrier_init: %d", e);
    static pthread_t tid[APP_MAX_THREADS];
    app_worker = worker;
    for (unsigned i = 0; i < app_threads; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setcluster(&attr, (i / hpc) % cfg.clusters);
        pthread_attr_setcore(&attr, i % hpc);
        e = pthread_create(&tid[i], &attr, app_worker_entry, (void *)(uintptr_t)i);
        pthread_attr_destroy(&attr);
        if (e)      /* placement refused: default placement */
            e = pthread_create(&tid[i], NULL, app_worker_entry, (void *)(uintptr_t)i);
        if (e)
            app_fail("pthread_create %u: %d", i, e);
    }
    for (unsigned i = 0; i < app_threads; i++) {
        void *rv;
        e = pthread_join(tid[i], &rv);
        if (e)
            app_fail("pthread_join %u: %d", i, e);
    }
    pthread_barrier_destroy(&app_barrier);
}

APP_FN void app_ok(long size)
{
    printf("%s: worker clusters", app_name);
    for (unsigned i = 0; i < app_threads; i++)
        printf(" %u", app_cxy[i]);
    printf("\n");
    printf("%s threads=%u size=%ld cycles=%llu ok\n", app_name, app_threads,
           size, (unsigned long long)(app_t1 - app_t0));
}

#endif
