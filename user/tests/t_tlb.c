/*
 * t_tlb - TLB coherence on fork: a thread of the parent keeps writing a
 * data word on another core while the main thread forks.  fork makes the
 * parent's pages copy-on-write; the writer's core still holds the old
 * writable translation unless the kernel shoots it down.  Without the
 * shootdown the writer goes on writing the page now shared with the child,
 * and the child sees the value move: that is what this test catches (boot
 * with the bootarg "noshootdown" to see it fail).  The fork is made by a
 * thread pinned to core 0, the child placed in our own cluster, the writer
 * pinned to core 1, and blocked
 * sleepers make core 1 the busier core, so the child runs on core 0, beside
 * the writer rather than in turns with it.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <semaphore.h>
#include "tlib.h"

#define SLEEPERS 8                       /* make core 1 the busier one */
#define WATCH_LOOPS 2000000L             /* how long the child watches the word */

static volatile long word = 1;           /* in .data: a page of its own below */
static volatile int stop, started;
static char pad[4096] __attribute__((used));

static sem_t wake;

/* Blocked threads on the writer's core: the kernel then places the forked
 * child on another core, where it runs beside the writer. */
static void *sleeper(void *arg)
{
    (void)arg;
    sem_wait(&wake);
    return NULL;
}

static void *writer(void *arg)
{
    (void)arg;
    started = 1;
    while (!stop)
        word++;
    return NULL;
}

/* Forks a child that watches <word> for a while; its status. */
static void *forker(void *arg)
{
    int *result = arg;
    almos_flush_stdio();
    /* the child in our cluster, beside the writer (not where the load
     * policy would put it) */
    if (place_fork((unsigned)getpid() >> 16) != 0)
        return NULL;
    int pid = fork();
    if (pid == 0) {
        /* Watch the word for a while: long enough that the writer's hart
         * runs meanwhile even when the emulator runs the harts in turns
         * on one host thread, and that a stale entry has time to show. */
        long first = word;
        for (volatile long i = 0; i < WATCH_LOOPS; i++)
            if (word != first)
                _exit(1);
        _exit(0);
    }
    int st = -1;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        st = -1;
    *result = st;
    return NULL;
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    unsigned me = (unsigned)getpid() >> 16;      /* our cluster */
    if (cfg.harts_per_cluster[me] < 2) {
        printf("skip: cluster %u has %u hart (the writer needs a core of its own)\n", me,
               cfg.harts_per_cluster[me]);
        return 0;
    }
    int failures = 0;
    CHECK(sem_init(&wake, 0, 0) == 0, "sem_init");
    for (int round = 0; round < 5; round++) {
        pthread_t sl[SLEEPERS];
        pthread_attr_t sattr;
        pthread_attr_init(&sattr);
        pthread_attr_setcore(&sattr, 1);
        for (int i = 0; i < SLEEPERS; i++)
            CHECK(pthread_create(&sl[i], &sattr, sleeper, NULL) == 0, "sleeper");
        stop = 0;
        started = 0;
        pthread_t th;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setcore(&attr, 1);
        CHECK(pthread_create(&th, &attr, writer, NULL) == 0, "pthread_create");
        while (!started)
            sched_yield();
        int st = -1;
        pthread_t fk;
        pthread_attr_t fattr;
        pthread_attr_init(&fattr);
        pthread_attr_setcore(&fattr, 0);
        CHECK(pthread_create(&fk, &fattr, forker, &st) == 0, "forker");
        pthread_join(fk, NULL);
        CHECK(st != -1, "fork or waitpid failed");
        stop = 1;
        pthread_join(th, NULL);
        for (int i = 0; i < SLEEPERS; i++)
            sem_post(&wake);
        for (int i = 0; i < SLEEPERS; i++)
            pthread_join(sl[i], NULL);
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            printf("round %d: the child saw the parent's writer change its copy (%s)\n",
                   round, tl_status(st));
            failures++;
        }
    }
    CHECK(failures == 0, "%d of 5 rounds: parent writes leaked into the child's page",
          failures);
    return 0;
}
