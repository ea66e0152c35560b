/*
 * t_forkstorm - 20 threads spread over every cluster call fork() at once:
 * concurrent forks of one process from several copies, each racing the
 * others' copy-on-write and the reference's fork counters.
 * Each thread's child checks that it sees the memory as it was at its fork
 * (a DATA word, the forking thread's own stack), stores into it, exits
 * with its index; each thread waits for its own child (waitpid from a
 * thread of a process copy, on several clusters) and checks the status and
 * that the child's stores stayed the child's.  Three rounds, in a child
 * process so that every copy is gone when the free pages are counted.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include "tlib.h"

#define THREADS 20              /* at most; argv[1] may ask fewer */
#define ROUNDS  3

static unsigned clusters;
static int nthreads = THREADS;
static long data_words[THREADS];
static pthread_barrier_t start;
static volatile int bad[THREADS];
static volatile long seen[THREADS];

static void *forker(void *arg)
{
    int i = (int)(long)arg;
    volatile long on_stack = 1000 + i;
    data_words[i] = i;
    if (clusters > 1 && ((unsigned)almos_thread_self() >> 16) != (unsigned)i % clusters) {
        bad[i] = 1;                     /* not in the cluster asked for */
        return NULL;
    }
    pthread_barrier_wait(&start);
    int pid = fork();
    if (pid == 0) {
        int ok = data_words[i] == i && on_stack == 1000 + i;
        data_words[i] = -1;
        on_stack = -1;
        _exit(ok ? i : 100 + i);
    }
    if (pid < 0) {
        bad[i] = 2;
        return NULL;
    }
    int st = 0;
    if (waitpid(pid, &st, 0) != pid)
        bad[i] = 3;
    else if (!WIFEXITED(st) || WEXITSTATUS(st) != i)
        bad[i] = 4;
    else if ((seen[i] = data_words[i]) != i)
        bad[i] = 5;
    else if (on_stack != 1000 + i)
        bad[i] = 6;
    return NULL;
}

static void rounds(void *arg)
{
    (void)arg;
    for (int r = 0; r < ROUNDS; r++) {
        pthread_t th[THREADS];
        CHECK(pthread_barrier_init(&start, NULL, (unsigned)nthreads) == 0, "barrier");
        almos_flush_stdio();
        for (int i = 0; i < nthreads; i++) {
            pthread_attr_t attr;
            pthread_attr_init(&attr);
            pthread_attr_setcluster(&attr, (unsigned)i % clusters);
            bad[i] = 0;
            CHECK(pthread_create(&th[i], &attr, forker, (void *)(long)i) == 0,
                  "pthread_create %d: %s", i, strerror(errno));
        }
        for (int i = 0; i < nthreads; i++)
            pthread_join(th[i], NULL);
        for (int i = 0; i < nthreads; i++)
            CHECK(bad[i] == 0, "round %d thread %d (seen %ld, cluster %u): %s", r, i, seen[i],
                  (unsigned)i % clusters,
                  bad[i] == 1 ? "ran in another cluster" : bad[i] == 2 ? "fork failed" :
                  bad[i] == 3 ? "waitpid did not return the child" :
                  bad[i] == 4 ? "the child saw other values (or died)" :
                  bad[i] == 5 ? "the child's store to DATA reached the parent" :
                  "the child's store to the forking thread's stack reached the parent");
        pthread_barrier_destroy(&start);
    }
}

static void in_child(void *arg)
{
    int st = tl_run_child(rounds, arg);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", tl_status(st));
}

int main(int argc, char **argv)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    clusters = cfg.clusters;
    if (argc > 1 && atoi(argv[1]) > 0 && atoi(argv[1]) < THREADS)
        nthreads = atoi(argv[1]);
    tl_check_pages_back(in_child, NULL);
    printf("t_forkstorm: %d threads over %u clusters forked at once, %d rounds\n", nthreads,
           clusters, ROUNDS);
    return 0;
}
