/*
 * t_shared - one process, threads in every cluster, shared memory.
 *
 * 1. Threads of every cluster write their own words in every page of the
 *    DATA segment, the heap, an ANON mapping (DATA and ANON are DISTRIB:
 *    page vpn lives in cluster vpn % clusters) and a REMOTE mapping (all
 *    pages in the named cluster), then every thread reads every word and
 *    all agree.  The placement of each page is checked.
 * 2. The page-fault counters move as the seeds predict (vmm.c):
 *    - a thread in another cluster than the reference touching N fresh
 *      pages takes N *true* faults (mapped in the reference, then locally);
 *    - a thread in a third cluster reading them takes N *false* faults
 *      (the PTE is copied from the reference GPT);
 *    - a thread in the reference cluster reading them takes none (its GPT
 *      is the reference).
 *    (Reference = the cluster that owns the process, wherever the kernel
 *    placed it.)  Each measuring thread first touches its stack, its code and the flags
 *    it spins on, so nothing else faults between the two samples.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <sys/mman.h>
#include "tlib.h"

#define PG       4096
#define NPAGES   16          /* per region */
#define NREG     4           /* DATA, heap, ANON, REMOTE */
#define MAXT     16

static char data_region[NPAGES * PG] __attribute__((aligned(PG)));
static volatile uint32_t *region[NREG];
static const char *region_name[NREG] = { "DATA", "heap", "ANON", "REMOTE" };
static unsigned clusters, remote_cxy, ref_cxy;
static pthread_barrier_t bar;
static volatile int errors;

/* word <t> of page <p> of region <r> (each page holds one word per thread) */
static volatile uint32_t *word(int r, int p, int t)
{
    return (volatile uint32_t *)((volatile char *)region[r] + p * PG) + t;
}

static uint32_t value(int r, int p, int t)
{
    return 0x5a000000u | (uint32_t)r << 20 | (uint32_t)p << 8 | (uint32_t)t;
}

static void *agree(void *arg)
{
    int t = (int)(long)arg, n = (int)clusters;
    for (int r = 0; r < NREG; r++)
        for (int p = 0; p < NPAGES; p++)
            *word(r, p, t) = value(r, p, t);
    pthread_barrier_wait(&bar);
    for (int r = 0; r < NREG; r++)
        for (int p = 0; p < NPAGES; p++)
            for (int u = 0; u < n; u++)
                if (*word(r, p, u) != value(r, p, u))
                    __atomic_add_fetch(&errors, 1, __ATOMIC_SEQ_CST);
    pthread_barrier_wait(&bar);
    return NULL;
}

static void run_agree(void)
{
    pthread_t th[MAXT];
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    CHECK(pthread_barrier_init(&bar, NULL, clusters) == 0, "barrier");
    for (unsigned c = 1; c < clusters; c++) {
        pthread_attr_setcluster(&attr, (ref_cxy + c) % clusters);
        CHECK(pthread_create(&th[c], &attr, agree, (void *)(long)c) == 0,
              "thread in cluster %u", (ref_cxy + c) % clusters);
    }
    agree((void *)0L);                          /* the main thread, in the reference */
    for (unsigned c = 1; c < clusters; c++)
        pthread_join(th[c], NULL);
    pthread_barrier_destroy(&bar);
    CHECK(errors == 0, "%d words disagree", errors);
    /* where the pages are */
    for (int r = 0; r < NREG; r++)
        for (int p = 0; p < NPAGES; p++) {
            const void *a = (const void *)word(r, p, 0);
            int got = almos_page_cluster(a);
            int want = r == 3 ? (int)remote_cxy
                              : (int)(((uintptr_t)a / PG) % clusters);
            CHECK(got == want, "%s page %d (%p) in cluster %d, expected %d",
                  region_name[r], p, a, got, want);
        }
}

/* ---------------------------------------------------- fault counters -- */

static volatile char *fresh;       /* NPAGES never touched pages */
static volatile int go[MAXT], done[MAXT], ready[MAXT];
static volatile uint64_t sink;

/* d = b - a, for the three fault counters */
static void fault_delta(const struct almos_stats *a, const struct almos_stats *b,
                        struct almos_stats *d)
{
    d->pf_local = b->pf_local - a->pf_local;
    d->pf_false = b->pf_false - a->pf_false;
    d->pf_true = b->pf_true - a->pf_true;
}

static void *toucher(void *arg)
{
    int me = (int)(long)arg;
    volatile char stack_page[64];
    stack_page[0] = 1;
    ready[me] = 1;                    /* stack, code and the flags are mapped */
    while (!go[me])
        ;
    uint64_t s = 0;
    for (int p = 0; p < NPAGES; p++) {
        if (me == 0)
            fresh[p * PG] = (char)p;  /* the first toucher writes */
        else
            s += fresh[p * PG];
    }
    sink = s + stack_page[0];
    done[me] = 1;
    while (go[me] != 2)               /* stay until the sample is taken */
        ;
    return NULL;
}

/* Starts the toucher <me> in cluster <cxy>, samples the counters around
 * its run, returns the deltas. */
static void measured(int me, unsigned cxy, struct almos_stats *d)
{
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, cxy);
    CHECK(pthread_create(&th, &attr, toucher, (void *)(long)me) == 0, "toucher");
    while (!ready[me])
        sched_yield();
    struct almos_stats a, b;
    tl_stats(&a);
    go[me] = 1;
    while (!done[me])
        sched_yield();
    tl_stats(&b);
    go[me] = 2;
    pthread_join(th, NULL);
    fault_delta(&a, &b, d);
    printf("    toucher %d in cluster %u: local %lu, false %lu, true %lu faults\n", me, cxy,
           (unsigned long)d->pf_local, (unsigned long)d->pf_false, (unsigned long)d->pf_true);
}

/* The main thread's reads, sampled the same way. */
static void reference_reads(struct almos_stats *d)
{
    struct almos_stats a, b;
    uint64_t s = 0;
    tl_stats(&a);
    for (int p = 0; p < NPAGES; p++)
        s += fresh[p * PG];
    tl_stats(&b);
    sink = s;
    fault_delta(&a, &b, d);
}

static void counters(void)
{
    struct almos_stats d;
    fresh = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(fresh != MAP_FAILED, "mmap");
    unsigned c1 = (ref_cxy + 1) % clusters, c2 = (ref_cxy + 2) % clusters;
    measured(0, c1, &d);                         /* writes from another cluster */
    CHECK(d.pf_true == NPAGES && d.pf_false == 0 && d.pf_local == 0,
          "a second cluster writing %d fresh pages: true %lu false %lu local %lu faults, "
          "expected %d true", NPAGES, (unsigned long)d.pf_true, (unsigned long)d.pf_false,
          (unsigned long)d.pf_local, NPAGES);
    if (clusters > 2) {
        measured(1, c2, &d);                     /* reads from a third one */
        CHECK(d.pf_false == NPAGES && d.pf_true == 0 && d.pf_local == 0,
              "a third cluster reading them: false %lu true %lu local %lu faults, expected %d false",
              (unsigned long)d.pf_false, (unsigned long)d.pf_true,
              (unsigned long)d.pf_local, NPAGES);
    }
    reference_reads(&d);                         /* reads in the reference */
    CHECK(d.pf_false + d.pf_true + d.pf_local == 0,
          "the reference cluster reading them took %lu faults, expected none",
          (unsigned long)(d.pf_false + d.pf_true + d.pf_local));
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    clusters = cfg.clusters;
    if (clusters < 2 || clusters > MAXT) {
        printf("skip: %u clusters\n", clusters);
        return 0;
    }
    ref_cxy = (unsigned)getpid() >> 16;          /* the owner: the reference */
    remote_cxy = clusters - 1;
    region[0] = (volatile uint32_t *)data_region;
    region[1] = malloc(NPAGES * PG + PG);
    CHECK(region[1] != NULL, "malloc");
    region[1] = (volatile uint32_t *)(((uintptr_t)region[1] + PG - 1) & ~(uintptr_t)(PG - 1));
    region[2] = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(region[2] != MAP_FAILED, "mmap ANON");
    mmap_attr_t at = { .length = NPAGES * PG, .prot = PROT_READ | PROT_WRITE,
                       .flags = ALMOS_MAP_ANON | ALMOS_MAP_PRIVATE | ALMOS_MAP_REMOTE,
                       .fdid = (int32_t)remote_cxy };
    region[3] = almos_mmap(&at);
    CHECK(region[3] != MAP_FAILED, "mmap REMOTE in cluster %u: %s", remote_cxy, strerror(errno));
    run_agree();
    counters();
    return 0;
}
