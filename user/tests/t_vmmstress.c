/*
 * t_vmmstress - the VMM under concurrent structural changes from every
 * cluster: one thread per cluster, for a fixed number of rounds,
 * maps a region, touches it, makes it read-only and writable again, reads
 * a shared region the others write, unmaps its own; every fourth round
 * each thread also forks a child that writes to a shared DATA page
 * (copy-on-write while the other threads store to it) and waits for it
 * (fork and waitpid from a thread of a process copy).
 * Ends with the free pages of every cluster equal to their starting
 * values.  Skipped on one cluster.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <sys/mman.h>
#include "tlib.h"

#define PG      4096
#define ROUNDS  8
#define MAXC    16

static unsigned clusters;
static long shared_data[PG / sizeof(long)] __attribute__((aligned(PG)));
static volatile char *shared_region;
static volatile int failed;

static void *worker(void *arg)
{
    unsigned c = (unsigned)(long)arg;
    if ((unsigned)almos_thread_self() >> 16 != c) {
        failed = 1;
        return NULL;
    }
    for (int r = 0; r < ROUNDS && !failed; r++) {
        char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
        if (m == MAP_FAILED) {
            failed = 2;
            break;
        }
        for (int i = 0; i < 4; i++)
            m[i * PG] = (char)(c + r + i);
        if (mprotect(m + PG, 2 * PG, PROT_READ) || m[PG] != (char)(c + r + 1) ||
            mprotect(m + PG, 2 * PG, PROT_READ | PROT_WRITE)) {
            failed = 3;
            break;
        }
        m[2 * PG] = 1;
        shared_data[c] = r;                 /* COW while a child is forked */
        shared_region[c * PG] = (char)r;    /* pages of everyone's region */
        (void)shared_region[((c + 1) % clusters) * PG];
        for (int i = 0; i < 4; i++)
            if (i != 2 && m[i * PG] != (char)(c + r + i))
                failed = 4;
        if (munmap(m, 4 * PG))
            failed = 5;
        if ((unsigned)r % 4 == c % 4) {
            almos_flush_stdio();
            int pid = fork();
            if (pid == 0) {
                for (int i = 0; i < 64; i++)
                    shared_data[i % MAXC] = -1;     /* the child's own copy */
                _exit(0);
            }
            if (pid < 0) {
                failed = 6;
                break;
            }
            int st;
            if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
                failed = 7;
        }
    }
    return NULL;
}

static void run(void *arg)
{
    (void)arg;
    failed = 0;
    shared_region = mmap(NULL, MAXC * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1,
                         0);
    CHECK(shared_region != MAP_FAILED, "mmap: %s", strerror(errno));
    pthread_t th[MAXC];
    for (unsigned c = 0; c < clusters; c++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setcluster(&attr, c);
        CHECK(pthread_create(&th[c], &attr, worker, (void *)(long)c) == 0, "pthread_create");
    }
    for (unsigned c = 0; c < clusters; c++)
        pthread_join(th[c], NULL);
    CHECK(failed == 0, "a worker failed (step %d)", failed);
    for (unsigned c = 0; c < clusters; c++) {
        CHECK(shared_data[c] == ROUNDS - 1, "cluster %u: DATA word %ld (a child's store?)", c,
              shared_data[c]);
        CHECK(shared_region[c * PG] == (char)(ROUNDS - 1), "cluster %u: region byte lost", c);
    }
    CHECK(munmap((void *)shared_region, MAXC * PG) == 0, "munmap: %s", strerror(errno));
}

/* The whole run in a child, so that its copies in every cluster are gone
 * when the pages are counted. */
static void in_child(void *arg)
{
    int st = tl_run_child(run, arg);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "stress child: %s", tl_status(st));
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    clusters = cfg.clusters > MAXC ? MAXC : cfg.clusters;
    if (clusters < 2) {
        printf("skip: one cluster\n");
        return 0;
    }
    /* (a first run that fills the page cache with the code the workers
     * run ends pages short: tl_check_pages_back runs it again) */
    tl_check_pages_back(in_child, NULL);
    printf("%u clusters, %d rounds each: every page back\n", clusters, ROUNDS);
    return 0;
}
