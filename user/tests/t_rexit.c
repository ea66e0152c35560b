/*
 * t_rexit - exit() called by a thread placed in another cluster ends the
 * whole process with its status, threads of every cluster included.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include "tlib.h"

static volatile int spin = 1;

static void *exiter(void *arg)
{
    (void)arg;
    exit(7);
}

static void *spinner(void *arg)
{
    (void)arg;
    while (spin)
        ;
    return NULL;
}

static void child(void *arg)
{
    struct almos_config *cfg = arg;
    pthread_t a, b;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    /* a spinner in the last cluster, then the exiter in cluster 1 */
    pthread_attr_setcluster(&attr, cfg->clusters - 1);
    if (pthread_create(&b, &attr, spinner, NULL))
        _exit(2);
    pthread_attr_setcluster(&attr, 1);
    if (pthread_create(&a, &attr, exiter, NULL))
        _exit(3);
    for (;;)
        sched_yield();                /* killed by the exit of the process */
}

static void run_once(void *arg)
{
    int st = tl_run_child(child, arg);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "child %s, expected exit 7", tl_status(st));
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    if (cfg.clusters < 2) {
        printf("skip: one cluster\n");
        return 0;
    }
    /* A first run warms up what the kernel keeps (object caches); the
     * next must give every page back. */
    run_once(&cfg);
    tl_check_pages_back(run_once, &cfg);
    return 0;
}
