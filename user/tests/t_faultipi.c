/*
 * t_faultipi - which page-table changes cost other harts an IPI.  A thread
 * of ours spins on another core of our cluster (our GPT active there)
 * while the main thread:
 *   - maps 64 fresh pages by page faults: a new mapping needs no TLB
 *     shootdown (no hart holds a translation of an invalid PTE, and a hart
 *     that faulted on one drops it itself), so none is sent;
 *   - unmaps them: valid translations go, so shootdowns are sent (the
 *     control: the spinner's hart does hold our GPT).
 * The spinner then reads pages the other thread maps while it runs, and
 * sees every value.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <sys/mman.h>
#include "tlib.h"

#define PG 4096
#define NPAGES 64

static volatile int stop, spinning;
static volatile char *region;
static volatile int written;              /* pages the mapper wrote */
static volatile int seen_pages, bad_reads;

static void *spinner(void *arg)
{
    int check = arg != NULL;
    spinning = 1;
    int seen = 0;
    while (!stop) {
        if (check && seen < written) {     /* read what was just mapped */
            if (region[seen * PG] != (char)(seen + 1))
                bad_reads++;
            seen_pages = ++seen;
        }
    }
    return NULL;
}

static uint64_t shootdowns_sent(unsigned cxy)
{
    struct almos_stats st;
    CHECK(almos_get_stats(&st) == 0, "get_stats");
    return st.tlb_sent[cxy];
}

/* Starts the spinner on core <lid> of our cluster. */
static pthread_t start_spinner(unsigned me, unsigned lid, void *arg)
{
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, me);
    pthread_attr_setcore(&attr, lid);
    stop = 0;
    spinning = 0;
    CHECK(pthread_create(&th, &attr, spinner, arg) == 0, "pthread_create");
    while (!spinning)
        sched_yield();
    return th;
}

static unsigned me;

/* On core 0: maps, unmaps, checks. */
static void *mapper(void *arg)
{
    (void)arg;
    region = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                  0);
    CHECK(region != MAP_FAILED, "mmap: %s", strerror(errno));
    pthread_t th = start_spinner(me, 1, NULL);
    uint64_t s0 = shootdowns_sent(me);
    for (int p = 0; p < NPAGES; p++)
        region[p * PG] = (char)(p + 1);
    uint64_t s1 = shootdowns_sent(me);
    CHECK(munmap((void *)region, NPAGES * PG) == 0, "munmap: %s", strerror(errno));
    uint64_t s2 = shootdowns_sent(me);
    stop = 1;
    pthread_join(th, NULL);
    printf("%d page faults: %lu shootdowns; unmapping them: %lu\n", NPAGES,
           (unsigned long)(s1 - s0), (unsigned long)(s2 - s1));
    CHECK(s1 == s0, "%lu shootdowns for %d new mappings, expected none",
          (unsigned long)(s1 - s0), NPAGES);
    CHECK(s2 > s1, "no shootdown for unmapping pages the spinner's hart may hold");

    /* the spinner reads each page right after it is mapped */
    region = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
                  0);
    CHECK(region != MAP_FAILED, "mmap: %s", strerror(errno));
    written = 0;
    th = start_spinner(me, 1, (void *)1);
    for (int p = 0; p < NPAGES; p++) {
        region[p * PG] = (char)(p + 1);
        written = p + 1;
    }
    for (long i = 0; i < 2000000 && seen_pages < NPAGES; i++)
        sched_yield();
    stop = 1;
    pthread_join(th, NULL);
    CHECK(seen_pages == NPAGES, "the spinner read %d pages of %d", seen_pages, NPAGES);
    CHECK(bad_reads == 0, "the spinner read %d wrong values", bad_reads);
    munmap((void *)region, NPAGES * PG);
    return NULL;
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    me = (unsigned)getpid() >> 16;
    if (cfg.harts_per_cluster[me] < 2) {
        printf("skip: cluster %u has %u hart (the spinner needs a core of its own)\n", me,
               cfg.harts_per_cluster[me]);
        return 0;
    }
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, me);
    pthread_attr_setcore(&attr, 0);
    CHECK(pthread_create(&th, &attr, mapper, NULL) == 0, "pthread_create");
    CHECK(pthread_join(th, NULL) == 0, "join");
    return 0;
}
