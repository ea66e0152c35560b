/*
 * t_asid - a hart that ran the process before must not use its old
 * translations after the page moved while the hart ran something else.
 *
 * With ASIDs a hart keeps the translations of a process across switches
 * (satp changes flush nothing).  A reader thread pinned to core 1 loads a
 * word of each of NPG pages, so core 1 caches them, then blocks: core 1
 * goes idle.  Then a thread on core 0 forks and writes the words (the
 * parent gets a copy of each page: its PTEs now name other pages; the old
 * pages, with the old values, stay the child's, which waits without
 * touching them).  The reader wakes on core 1 and must read the new
 * values: an old value means core 1 used a translation it cached before it
 * switched away.  Many pages, because the kernel's own accesses on core 1
 * meanwhile evict some of the cached ones.  The kernel marks such harts stale at each shootdown
 * (gpt->tlb_stale, hal/riscv/hal_tlb.c) and they flush the ASID on their
 * next switch to the process.  QEMU 7.2 flushes its TLB at every ASID
 * change, so this can only fail on the SoC's model and RTL (ASID-tagged
 * TLBs); it must pass everywhere.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <semaphore.h>
#include "tlib.h"

#define NPG 64
static volatile long pages[NPG][512] __attribute__((aligned(4096)));
static sem_t ready, go;
static long seen[NPG];

static void *reader(void *arg)
{
    (void)arg;
    for (int i = 0; i < NPG; i++)
        seen[i] = pages[i][0];           /* core 1 caches the pages */
    sem_post(&ready);
    sem_wait(&go);                       /* core 1 switches away */
    for (int i = 0; i < NPG; i++)
        seen[i] = pages[i][0];
    return NULL;
}

/* On core 0: fork (the child waits on the pipe), move the parent's
 * pages, wake the reader.  Returns NULL, or a message. */
static int round_nr, child_pid, pipe_w;
static void *driver(void *arg)
{
    unsigned me = *(unsigned *)arg;
    sem_wait(&ready);
    int p[2];
    if (pipe(p) != 0)
        return "pipe failed";
    almos_flush_stdio();
    if (place_fork(me) != 0)
        return "place_fork failed";
    int pid = fork();
    if (pid < 0)
        return "fork failed";
    if (pid == 0) {
        char c;
        close(p[1]);
        _exit(read(p[0], &c, 1) == 1 ? 0 : 2);
    }
    close(p[0]);
    child_pid = pid;
    pipe_w = p[1];
    for (int i = 0; i < NPG; i++)
        pages[i][0] = 200 + round_nr;    /* COW: the parent's pages move */
    sem_post(&go);
    return NULL;
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    unsigned me = (unsigned)getpid() >> 16;
    if (cfg.harts_per_cluster[me] < 2) {
        printf("skip: cluster %u has %u hart (the reader needs core 1)\n", me,
               cfg.harts_per_cluster[me]);
        return 0;
    }
    CHECK(sem_init(&ready, 0, 0) == 0 && sem_init(&go, 0, 0) == 0, "sem_init");
    int failures = 0;
    for (int round = 0; round < 5; round++) {
        round_nr = round;
        for (int i = 0; i < NPG; i++)
            pages[i][0] = 100 + round;
        pthread_t rd, dr;
        pthread_attr_t ra, da;
        pthread_attr_init(&ra);
        pthread_attr_setcore(&ra, 1);
        pthread_attr_init(&da);
        pthread_attr_setcore(&da, 0);
        CHECK(pthread_create(&rd, &ra, reader, NULL) == 0, "pthread_create reader");
        CHECK(pthread_create(&dr, &da, driver, &me) == 0, "pthread_create driver");
        void *msg;
        pthread_join(dr, &msg);
        CHECK(msg == NULL, "round %d: %s", round, (char *)msg);
        pthread_join(rd, NULL);
        CHECK(write(pipe_w, "x", 1) == 1, "write to the pipe");
        close(pipe_w);
        int st;
        CHECK(waitpid(child_pid, &st, 0) == child_pid && WIFEXITED(st) &&
              WEXITSTATUS(st) == 0, "child: %s", tl_status(st));
        int bad = 0;
        for (int i = 0; i < NPG; i++)
            if (seen[i] != 200 + round) {
                if (bad++ == 0)
                    printf("round %d: the reader on core 1 read %ld in page %d, expected %d "
                           "(a stale translation)\n", round, seen[i], i, 200 + round);
            }
        failures += bad != 0;
    }
    CHECK(failures == 0, "%d of 5 rounds read through a stale translation", failures);
    return 0;
}
