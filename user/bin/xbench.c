/*
 * xbench - costs of the kernel paths across clusters, in cycles
 * of SYS_GET_CYCLE: under QEMU -icount shift=0 (`make figures`, or
 * `make run ICOUNT=1 CLUSTERS=4 HARTS_PER_CLUSTER=2 CMD=xbench`) a cycle is
 * one instruction retired.  QEMU's icount clock is global: it counts the
 * instructions of every hart, so a figure includes the work the operation
 * makes other harts do (RPC server, shootdown handler, the new thread) and
 * nothing else, since the other harts sleep in wfi meanwhile (threads that
 * must stay on a hart "park" in the kernel asleep: SYS_BENCH, kbench.c).
 *
 * Every line gives the min and the median of its samples and states its
 * method; the line below it checks, with the kernel's counters
 * (almos_get_stats), that the samples took the path they name.  The
 * process lives in cluster 0 (owner and reference); "cluster c" is where
 * the thread or the request goes.  Runs only with 2 clusters or more
 * (TLB and COW figures need 4).  Only the main thread prints.  GPL-2.0.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "almos.h"

#define PG      4096
#define NPF     128         /* pages per page-fault figure */
#define NTH     16          /* thread creations per figure */
#define NRPC    64          /* RPC round trips per figure */
#define NPTE    64          /* global PTE rewrites per figure */
#define NCOW    64          /* COW faults per figure */
#define MAXS    256
#define LONG_SAMPLE 1000000 /* a sample this long waited for something (a tick?) */

static uint64_t overhead;
static unsigned clusters, hpc;
static int bad;

static inline uint64_t now(void)
{
    return almos_cycles();
}

static long bench(long op, long arg, long n, uint64_t *samples)
{
    return almos_syscall(SYS_BENCH, op, arg, n, (long)samples, 0, 0);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* min and median of n samples, minus <sub> each (the counter's reads) */
static void report(const char *what, uint64_t *s, unsigned n, uint64_t sub,
                   const char *method)
{
    static uint64_t t[MAXS];
    for (unsigned i = 0; i < n; i++) {
        if ((int64_t)s[i] < 0) {
            /* an end read on another hart before the start: per-hart
             * counters (the ISS's instret), not one clock */
            printf("%-44s n/a (the counters of two harts do not compare here)\n", what);
            return;
        }
        t[i] = s[i] > sub ? s[i] - sub : 0;
    }
    qsort(t, n, sizeof(t[0]), cmp_u64);
    unsigned long_ = 0;
    for (unsigned i = 0; i < n; i++)
        long_ += t[i] >= LONG_SAMPLE;
    printf("%-44s min %8lu  median %8lu  (%s; %u samples, max %lu", what,
           (unsigned long)t[0], (unsigned long)t[n / 2], method, n, (unsigned long)t[n - 1]);
    if (long_)
        printf(", %u of them >= %u", long_, LONG_SAMPLE);
    printf(")\n");
}

/* the RPCs and shootdown IPIs of a window, all clusters */
static void traffic(const struct almos_stats *a, const struct almos_stats *b)
{
    printf("    in the window: RPCs sent");
    for (unsigned c = 0; c < clusters; c++)
        printf(" %lu", (unsigned long)(b->rpc_sent[c] - a->rpc_sent[c]));
    printf(", shootdown IPIs sent");
    for (unsigned c = 0; c < clusters; c++)
        printf(" %lu", (unsigned long)(b->tlb_sent[c] - a->tlb_sent[c]));
    printf(" (clusters 0..%u)\n", clusters - 1);
}

/* the check line: <got> against <want>; want < 0: only shown */
static void check(const char *counter, uint64_t got, long want)
{
    if (want < 0) {
        printf("    check: %s moved by %lu\n", counter, (unsigned long)got);
        return;
    }
    int ok = got == (uint64_t)want;
    bad += !ok;
    printf("    check: %s moved by %lu, expected %ld: %s\n", counter, (unsigned long)got,
           want, ok ? "ok" : "MISMATCH");
}

static uint64_t sum(const uint64_t *a)
{
    uint64_t s = 0;
    for (unsigned c = 0; c < clusters; c++)
        s += a[c];
    return s;
}

static struct almos_stats st0, st1;
static void snap0(void) { almos_get_stats(&st0); }
static void snap1(void) { almos_get_stats(&st1); }

static char *region(unsigned pages)
{
    char *m = mmap(NULL, (size_t)pages * PG, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANON, -1, 0);
    if (m == MAP_FAILED) {
        printf("xbench: mmap of %u pages failed\n", pages);
        exit(1);
    }
    return m;
}

static void touch(char *m, unsigned pages, char v)
{
    for (unsigned i = 0; i < pages; i++)
        ((volatile char *)m)[(size_t)i * PG] = v;
}

/* a thread in cluster <cxy>, core <lid> */
static int spawn(pthread_t *t, unsigned cxy, unsigned lid, void *(*fn)(void *), void *arg)
{
    pthread_attr_t a;
    pthread_attr_init(&a);
    pthread_attr_setcluster(&a, cxy);
    pthread_attr_setcore(&a, lid);
    int e = pthread_create(t, &a, fn, arg);
    pthread_attr_destroy(&a);
    if (e) {
        printf("xbench: pthread_create in cluster %u core %u: %d\n", cxy, lid, e);
        exit(1);
    }
    return e;
}

/* ------------------------------------------------------ page faults -- */

/* a thread elsewhere stores into each page of its region, counter around
 * each store; its own counters around the loop only */
struct pf_job {
    char *m;
    unsigned n;
    uint64_t s[MAXS];
    uint64_t a[5], b[5];                    /* its copy's pf_local .. pf_cow_copy */
    struct almos_stats ga, gb;              /* RPC and shootdown counters */
};

/* The main thread waits for a thread elsewhere parked in the kernel, its
 * hart asleep with the kernel's table active, so that it neither runs
 * instructions the icount clock would count (join of a thread in another
 * cluster polls) nor receives shootdowns meant for harts running the
 * process; the thread ends the wait with ALMOS_BENCH_UNPARK. */
static void park_main(long gen)
{
    long r = bench(ALMOS_BENCH_PARK, 1, 120000, (uint64_t *)(gen + 1));
    if (r) {
        printf("xbench: the main thread's park returned %ld\n", r);
        bad++;
    }
}

static void *pf_worker(void *arg)
{
    struct pf_job *j = arg;
    memset(j->s, 0, sizeof(j->s));          /* its pages: before the counters */
    memset(j->b, 0, sizeof(j->b));
    almos_get_stats(&j->gb);
    bench(ALMOS_BENCH_STATS, 0, 5, j->a);
    almos_get_stats(&j->ga);
    for (unsigned i = 0; i < j->n; i++) {
        uint64_t t0 = now();
        ((volatile char *)j->m)[(size_t)i * PG] = 3;
        uint64_t t1 = now();
        j->s[i] = t1 - t0;
    }
    almos_get_stats(&j->gb);
    bench(ALMOS_BENCH_STATS, 0, 5, j->b);
    bench(ALMOS_BENCH_UNPARK, 0, 0, NULL);
    return NULL;
}

static struct pf_job job;

static void remote_faults(unsigned rc, int mapped_in_ref)
{
    char *m = region(NPF);
    if (mapped_in_ref)
        touch(m, NPF, 1);
    job.m = m;
    job.n = NPF;
    pthread_t t;
    long gen = bench(ALMOS_BENCH_GEN, 0, 0, NULL);
    spawn(&t, rc, 0, pf_worker, &job);
    park_main(gen);
    pthread_join(t, NULL);
    char what[64];
    snprintf(what, sizeof(what), "page fault from cluster %u, %s", rc,
             mapped_in_ref ? "false" : "true");
    report(what, job.s, NPF, overhead, mapped_in_ref ?
           "a thread in that cluster stores to each of 128 MAP_ANON pages already mapped "
           "in the reference GPT (PTE copied); counter around each store; main thread "
           "parked" :
           "a thread in that cluster stores to each of 128 fresh MAP_ANON pages (mapped in "
           "the reference GPT, then locally); counter around each store; main thread "
           "parked");
    char c[64];
    snprintf(c, sizeof(c), "pf_false of the copy in cluster %u", rc);
    check(c, job.b[1] - job.a[1], mapped_in_ref ? NPF : 0);
    snprintf(c, sizeof(c), "pf_true of the copy in cluster %u", rc);
    check(c, job.b[2] - job.a[2], mapped_in_ref ? 0 : NPF);
    traffic(&job.ga, &job.gb);
    munmap(m, (size_t)NPF * PG);
}

static void page_faults(void)
{
    static uint64_t s[MAXS];
    unsigned rc = 1;

    /* local: the reference cluster's own fault */
    char *m = region(NPF);
    memset(s, 0, sizeof(s));
    snap0();
    snap0();
    for (unsigned i = 0; i < NPF; i++) {
        uint64_t t0 = now();
        ((volatile char *)m)[(size_t)i * PG] = 1;
        uint64_t t1 = now();
        s[i] = t1 - t0;
    }
    snap1();
    report("page fault in the reference cluster (local)", s, NPF, overhead,
           "main thread (cluster 0) stores to each of 128 fresh MAP_ANON pages; counter "
           "around each store");
    check("pf_true", st1.pf_true - st0.pf_true, NPF);
    traffic(&st0, &st1);
    munmap(m, (size_t)NPF * PG);

    /* warm-up: the copy in cluster rc maps the program's data, stack
     * vseg registered, code cached */
    m = region(4);
    touch(m, 4, 1);
    job.m = m;
    job.n = 4;
    pthread_t t;
    long gen = bench(ALMOS_BENCH_GEN, 0, 0, NULL);
    spawn(&t, rc, 0, pf_worker, &job);
    park_main(gen);
    pthread_join(t, NULL);
    munmap(m, 4 * PG);

    remote_faults(rc, 0);
    remote_faults(rc, 1);
}

/* ---------------------------------------------------- thread creation -- */

static volatile uint64_t started_at;

/* the created thread: its first instruction reads the counter, it ends
 * the main thread's park and returns */
static void *starter(void *arg)
{
    started_at = now();
    bench(ALMOS_BENCH_UNPARK, 0, 0, NULL);
    return arg;
}

/* waits until <n> threads are parked (all clusters) */
static void wait_parked(long n)
{
    /* the main thread sleeps 10 ms at a time meanwhile (parked, with a
     * timeout): spinning here would starve the other harts under icount */
    for (int i = 0; i < 6000 && bench(ALMOS_BENCH_PARKED, 0, 0, NULL) < n; i++)
        bench(ALMOS_BENCH_PARK, 1, 10, (uint64_t *)(bench(ALMOS_BENCH_GEN, 0, 0, NULL) + 1));
    long got = bench(ALMOS_BENCH_PARKED, 0, 0, NULL);
    if (got != n) {
        printf("xbench: %ld threads parked, expected %ld\n", got, n);
        exit(1);
    }
}

static void unpark_join(pthread_t *t, unsigned n)
{
    bench(ALMOS_BENCH_UNPARK, 0, 0, NULL);
    for (unsigned i = 0; i < n; i++) {
        void *rv;
        pthread_join(t[i], &rv);
        if ((long)rv != 0) {
            printf("xbench: a parked thread returned %ld\n", (long)rv);
            bad++;
        }
    }
}

static void create_figure(const char *what, unsigned cxy, unsigned lid, const char *method,
                          long rpcs_each)
{
    static uint64_t sc[MAXS], ss[MAXS];
    snap0();
    for (unsigned i = 0; i < NTH; i++) {
        pthread_t t;
        long gen = bench(ALMOS_BENCH_GEN, 0, 0, NULL);
        started_at = 0;
        uint64_t t0 = now();
        spawn(&t, cxy, lid, starter, NULL);
        uint64_t t1 = now();
        park_main(gen);
        pthread_join(t, NULL);
        sc[i] = t1 - t0;
        ss[i] = started_at - t0;
    }
    snap1();
    char w[80];
    snprintf(w, sizeof(w), "%s: create", what);
    report(w, sc, NTH, overhead, method);
    snprintf(w, sizeof(w), "%s: to start", what);
    report(w, ss, NTH, overhead, "the same, from the call to the new thread's first "
           "counter read (main thread parked after the call)");
    check("RPCs sent by cluster 0", st1.rpc_sent[0] - st0.rpc_sent[0],
          rpcs_each < 0 ? -1 : rpcs_each * NTH);
    traffic(&st0, &st1);
}

/* threads elsewhere go to core 0 of their cluster (written when a fork
 * after a thread of the process lived on core 1 of another cluster
 * panicked the kernel: a destroyed copy walked by vmm_for_each_copy, fixed
 * since by PROCESS_TERM_NO_VMM) */
static void thread_creation(void)
{
    create_figure("thread in the same cluster (0), core 1", 0, hpc > 1 ? 1 : 0,
                  "pthread_create(setcluster 0, setcore 1); counter around the call", 0);

    /* the first thread of the process in a cluster: the copy is made */
    static uint64_t sc[ALMOS_MAX_CLUSTERS], ss[ALMOS_MAX_CLUSTERS];
    unsigned n = 0;
    snap0();
    for (unsigned c = 2; c < clusters; c++, n++) {
        pthread_t t;
        long gen = bench(ALMOS_BENCH_GEN, 0, 0, NULL);
        started_at = 0;
        uint64_t t0 = now();
        spawn(&t, c, 0, starter, NULL);
        uint64_t t1 = now();
        park_main(gen);
        pthread_join(t, NULL);
        sc[n] = t1 - t0;
        ss[n] = started_at - t0;
    }
    snap1();
    if (n) {
        report("first thread in a cluster (copy made): create", sc, n, overhead,
               "pthread_create(setcluster c, setcore 0) for c = 2.. (no copy of the "
               "process there yet); counter around the call");
        report("first thread in a cluster: to start", ss, n, overhead,
               "the same, from the call to the new thread's first counter read");
        traffic(&st0, &st1);
    }
    /* the copy in cluster 1 exists (page-fault section, or this one) */
    pthread_t t;
    long gen = bench(ALMOS_BENCH_GEN, 0, 0, NULL);
    spawn(&t, 1, 0, starter, NULL);
    park_main(gen);
    pthread_join(t, NULL);
    create_figure("thread in cluster 1 (copy there)", 1, 0,
                  "pthread_create(setcluster 1, setcore 0), the process copy in cluster 1 "
                  "existing; counter around the call", -1);
}

/* ----------------------------------------------------------------- RPC -- */

static void rpc_figure(unsigned cxy)
{
    static uint64_t s[MAXS];
    bench(ALMOS_BENCH_RPC, cxy, 4, s);        /* warm: server threads exist */
    snap0();
    long r = bench(ALMOS_BENCH_RPC, cxy, NRPC, s);
    snap1();
    if (r) {
        printf("xbench: SYS_BENCH RPC to cluster %u: %ld\n", cxy, r);
        bad++;
        return;
    }
    char w[80];
    snprintf(w, sizeof(w), "blocking RPC round trip, cluster 0 -> %u%s", cxy,
             cxy == 0 ? " (local)" : "");
    report(w, s, NRPC, 0, "SYS_BENCH: RPC_TEST_ECHO from this user thread, blocking "
           "(client descheduled); hal_get_cycles around each rpc_send");
    check("RPCs sent by cluster 0", st1.rpc_sent[0] - st0.rpc_sent[0], NRPC);
    char c[48];
    snprintf(c, sizeof(c), "RPCs served by cluster %u", cxy);
    check(c, st1.rpc_served[cxy] - st0.rpc_served[cxy], NRPC);
}

/* ----------------------------------------------------------------- IPI -- */

static void ipi_figure(unsigned cxy)
{
    static uint64_t s[MAXS];
    long r = bench(ALMOS_BENCH_IPI, cxy, NRPC, s);
    if (r) {
        printf("xbench: SYS_BENCH IPI to cluster %u: %ld\n", cxy, r);
        bad++;
        return;
    }
    char w[80];
    snprintf(w, sizeof(w), "IPI send, cluster 0 -> core 0 of %u", cxy);
    report(w, s, NRPC, 0, "SYS_BENCH: hal_ipi_send of an empty request set (the "
           "pending-word OR and the doorbell: ACLINT SSWI store or SBI ecall); "
           "hal_get_cycles around each send; the receiver's handling not included "
           "on the model, interleaved by QEMU's round robin under -icount");
}

/* ------------------------------------------- global PTE update, shootdown -- */

struct holder { char *m; unsigned n; long mode; };
static struct holder hl;        /* not on the stack: STACK vsegs are private */

/* maps the pages in its cluster's copy (loads: false faults), then parks */
static void *holder(void *arg)
{
    struct holder *h = arg;
    volatile char sink = 0;
    for (unsigned i = 0; i < h->n; i++)
        sink += ((volatile char *)h->m)[(size_t)i * PG];
    (void)sink;
    long r = bench(ALMOS_BENCH_PARK, h->mode, 120000, NULL);
    return (void *)r;
}

/* one holder thread on core 0 of each of clusters 1..k */
static void hold(pthread_t *t, struct holder *h, unsigned k)
{
    for (unsigned c = 1; c <= k; c++)
        spawn(&t[c - 1], c, 0, holder, h);
    wait_parked(k);
}

static void pte_figure(unsigned k, long mode)
{
    static uint64_t s[MAXS];
    char *m = region(1);
    touch(m, 1, 1);
    hl = (struct holder){ m, 1, mode };
    pthread_t t[ALMOS_MAX_CLUSTERS];
    hold(t, &hl, k);
    snap0();
    long r = bench(ALMOS_BENCH_PTE, (long)m, NPTE, s);
    snap1();
    unpark_join(t, k);
    munmap(m, PG);
    if (r) {
        printf("xbench: SYS_BENCH PTE: %ld\n", r);
        bad++;
        return;
    }
    char w[80];
    snprintf(w, sizeof(w), "global PTE update, %u other cluster%s%s", k, k == 1 ? "" : "s",
             k == 0 ? "" : mode == 0 ? ", shootdown" : ", no shootdown");
    report(w, s, NPTE, 0, k == 0 ?
           "SYS_BENCH: vmm_global_update_pte rewriting a mapped PTE unchanged, the process "
           "in cluster 0 only" : mode == 0 ?
           "the same, one thread of the process in each other cluster with the page "
           "mapped, parked with its GPT active: one shootdown IPI per cluster" :
           "the same, those threads parked with the kernel's table active (as when "
           "blocked): the copies' PTEs rewritten, no IPI");
    check("TLB shootdown IPIs (all clusters)", sum(st1.tlb_sent) - sum(st0.tlb_sent),
          mode == 0 ? (long)k * NPTE : 0);
    traffic(&st0, &st1);
}

/* ---------------------------------------------------------------- COW -- */

static void cow_figure(unsigned k)
{
    static uint64_t s[MAXS];
    char *m = region(NCOW);
    touch(m, NCOW, 1);
    hl = (struct holder){ m, NCOW, 0 };
    pthread_t t[ALMOS_MAX_CLUSTERS];
    hold(t, &hl, k);

    int p[2];
    if (pipe(p) < 0) {
        printf("xbench: pipe failed\n");
        exit(1);
    }
    almos_flush_stdio();
    int pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);
        _exit(0);
    }
    close(p[0]);
    /* this thread's own COW faults on its data (samples, counters) first */
    memset(s, 0, sizeof(s));
    memset(&st1, 0, sizeof(st1));
    snap0();
    for (unsigned i = 0; i < NCOW; i++) {
        uint64_t t0 = now();
        ((volatile char *)m)[(size_t)i * PG] = 2;
        uint64_t t1 = now();
        s[i] = t1 - t0;
    }
    snap1();
    close(p[1]);
    int st;
    waitpid(pid, &st, 0);
    unpark_join(t, k);
    munmap(m, (size_t)NCOW * PG);

    char w[80];
    snprintf(w, sizeof(w), "COW fault (copy), process in %u cluster%s", k + 1,
             k ? "s" : "");
    report(w, s, NCOW, overhead, k == 0 ?
           "main thread (cluster 0) stores to each of 64 pages shared with a live forked "
           "child; counter around each store" :
           "the same, one thread of the parent in each other cluster holding the pages "
           "mapped, parked with its GPT active");
    check("pf_cow_copy", st1.pf_cow_copy - st0.pf_cow_copy, NCOW);
    check("TLB shootdown IPIs (all clusters)", sum(st1.tlb_sent) - sum(st0.tlb_sent),
          (long)k * NCOW);
    traffic(&st0, &st1);
}

static int want(int argc, char **argv, const char *section)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], section) == 0)
            return 1;
    return 0;
}

/* xbench [pf] [thread] [rpc] [pte] [cow | cow1 cow2 cow4]: those sections
 * (default all); cowN: the COW figure with the process in N clusters only */
int main(int argc, char **argv)
{
    struct almos_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    if (almos_get_config(&cfg) < 0) {
        printf("xbench: SYS_GET_CONFIG fails\n");
        return 1;
    }
    clusters = cfg.clusters;
    hpc = cfg.harts_per_cluster[0] ? cfg.harts_per_cluster[0] : 1;
    if (getpid() >> 16 != 0) {
        printf("xbench: running in cluster %d; the figures are made from cluster 0 "
               "(boot with BOOTARGS=place=local, as make figures does)\n", getpid() >> 16);
        return 1;
    }
    if (clusters < 2) {
        printf("xbench: one cluster: nothing to measure across clusters (see bench)\n");
        return 0;
    }
    overhead = almos_cycles_read_cost();
    printf("xbench: across clusters, %u clusters x %u harts; cycles of SYS_GET_CYCLE "
           "(QEMU -icount shift=0: instructions of all harts; the ISS: instructions of "
           "the measuring hart)\n", clusters, hpc);
    printf("%-44s %8lu  (%s)\n", "counter read (subtracted in user figures)",
           (unsigned long)overhead, "min of 100 back-to-back SYS_GET_CYCLE pairs");
    if (bench(ALMOS_BENCH_PARKED, 0, 0, NULL) < 0) {
        printf("xbench: SYS_BENCH fails\n");
        return 1;
    }

    if (want(argc, argv, "pf"))
        page_faults();
    if (want(argc, argv, "thread"))
        thread_creation();
    if (want(argc, argv, "rpc")) {
        rpc_figure(0);
        rpc_figure(1);
        if (clusters > 2)
            rpc_figure(clusters - 1);
    }
    if (want(argc, argv, "ipi"))
        ipi_figure(1);
    unsigned ks[3] = { 0, 1, 3 };
    for (unsigned i = 0; i < 3 && ks[i] < clusters && want(argc, argv, "pte"); i++) {
        pte_figure(ks[i], 0);
        if (ks[i])
            pte_figure(ks[i], 1);
    }
    for (unsigned i = 0; i < 3 && ks[i] < clusters; i++) {
        char one[16];
        snprintf(one, sizeof(one), "cow%u", ks[i] + 1);
        if (want(argc, argv, "cow") || (argc > 1 && want(argc, argv, one)))
            cow_figure(ks[i]);
    }
    printf("xbench: %s\n", bad ? "some checks FAILED" : "all checks ok");
    return bad != 0;
}
