/*
 * t_idlecopy - a thread that cannot be created in another cluster leaves
 * no copy of the process behind there: the process still ends (its owner
 * waits for every copy to go) and every page comes back.
 *
 * How the creation fails: 64 joinable threads (every ltid of a cluster)
 * run in cluster 1 and end unjoined, so the copy that ran them ends but
 * keeps their ltids until they are joined.  A new thread for cluster 1
 * then gets a new copy, finds no free ltid there, and fails with EAGAIN.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include "tlib.h"

#define LTIDS 64            /* CONFIG_THREADS_MAX_PER_CLUSTER */

static volatile int ended;

static void *quick(void *arg)
{
    (void)arg;
    __atomic_fetch_add(&ended, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void child(void *arg)
{
    (void)arg;
    pthread_t t[LTIDS], extra;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, 1);
    ended = 0;
    int made = 0;
    while (made < LTIDS && pthread_create(&t[made], &attr, quick, NULL) == 0)
        made++;
    if (made < LTIDS)
        _exit(10);
    while (ended < made)
        sched_yield();
    /* The copy of cluster 1 ends once its last thread has left; until
     * then a creation finds it full.  Either way it fails: keep asking
     * until the ended copy has surely been replaced by a new one. */
    for (int i = 0; i < 50; i++) {
        int err = pthread_create(&extra, &attr, quick, NULL);
        if (err != EAGAIN)
            _exit(err == 0 ? 11 : 12);
        sched_yield();
    }
    for (int i = 0; i < made; i++)
        pthread_join(t[i], NULL);
    _exit(0);
}

static void run_once(void *arg)
{
    place_fork(0);              /* the child in cluster 0, its threads in 1 */
    int st = tl_run_child(child, arg);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %s, expected exit 0", tl_status(st));
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    if (cfg.clusters < 2) {
        printf("skip: one cluster\n");
        return 0;
    }
    run_once(&cfg);
    tl_check_pages_back(run_once, &cfg);
    return 0;
}
