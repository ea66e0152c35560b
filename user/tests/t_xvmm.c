/*
 * t_xvmm - the VMM of a process whose threads run in several clusters.
 * The process's reference copy is in our cluster; a worker
 * thread is placed in another cluster (pthread_attr_setcluster, checked
 * with its trdid), so it runs in a process copy.  Each case runs in a
 * child process, which must exit 0, and every page must come back:
 *   1. munmap of a page of a STACK vseg (the worker's own, the main
 *      thread's) or of the CODE vseg: EINVAL, and exit is clean;
 *   2. mmap from the worker: a region of its own, not one the main thread
 *      already has; each sees the other's writes;
 *   3. the main thread unmaps a region the worker has touched, maps a new
 *      one in its place: the worker sees the new region, not the old page;
 *   4. fork while the worker has a DATA page mapped, then the worker
 *      stores to it: copy-on-write with a remote reference works, and the
 *      forked child keeps the old value;
 *   6. mmap PROT_READ is not writable; mprotect by the main thread reaches
 *      the worker's copy (and back); a MAP_PRIVATE file mapping does not
 *      write the file; a read-only file cannot be mapped shared writable;
 *      an offset of 2^32 is EOVERFLOW, not offset 0;
 *   7. &local of the main thread used by the worker and the other way
 *      round; threads in every cluster run from CODE replicas; fork from the
 *      worker: the child sees the process's memory (the worker's stack
 *      included) as it was, its stores stay its own.
 * Skipped on a single cluster.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include <fcntl.h>
#include <sys/mman.h>
#include "tlib.h"

#define PG 4096

static unsigned me, other, clusters;

/* Runs fn(arg) in a thread of cluster <other>, returns what it returns. */
static void *in_other(void *(*fn)(void *), void *arg)
{
    pthread_t th;
    pthread_attr_t attr;
    void *ret = NULL;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, other);
    CHECK(pthread_create(&th, &attr, fn, arg) == 0, "pthread_create: %s", strerror(errno));
    CHECK(pthread_join(th, &ret) == 0, "pthread_join");
    return ret;
}

/* A worker's first check: it really runs in the other cluster. */
static void check_remote(void)
{
    unsigned where = (unsigned)almos_thread_self() >> 16;
    CHECK(where == other, "worker in cluster %u, expected %u (main in %u)", where, other, me);
}

/* The steps between the main thread and a worker: a full barrier before
 * a step is published and after it is seen, so that the stores before it
 * (which the compiler and the harts may otherwise move past it) are done
 * and visible. */

static void (*case_fn)(void *);

/* In the child: its reference copy is in the cluster of its pid (fork may
 * have placed it anywhere); the worker goes to the next cluster. */
static void run_case(void *arg)
{
    me = (unsigned)getpid() >> 16;
    other = (me + 1) % clusters;
    case_fn(arg);
}

/* Runs fn in a child process, which must exit 0. */
static void in_child(const char *what, void (*fn)(void *))
{
    case_fn = fn;
    int st = tl_run_child(run_case, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: child %s", what, tl_status(st));
}

/* ------------------------------------------------------------ case 1 -- */

static void *cut_own_stack(void *arg)
{
    (void)arg;
    check_remote();
    volatile char here[64];
    here[0] = 1;
    /* a page of our stack well below the frames in use */
    char *page = (char *)(((unsigned long)here & ~(unsigned long)(PG - 1)) - 4 * PG);
    errno = 0;
    long r = munmap(page, PG);
    return (void *)(r == -1 && errno == EINVAL ? 0L : 1L + (r == 0));
}

static void case1(void *arg)
{
    (void)arg;
    long r = (long)in_other(cut_own_stack, NULL);
    CHECK(r == 0, "munmap of a page of the worker's stack: %s",
          r == 2 ? "succeeded" : "failed, not with EINVAL");
    volatile char here[64];
    here[0] = 1;
    char *page = (char *)(((unsigned long)here & ~(unsigned long)(PG - 1)) - 4 * PG);
    CHECK_ERR(munmap(page, PG), EINVAL);
    char *code = (char *)((unsigned long)&case1 & ~(unsigned long)(PG - 1));
    CHECK_ERR(munmap(code, PG), EINVAL);
    /* the exit that follows releases both stacks once */
}

/* ------------------------------------------------------------ case 2 -- */

static char *main_region;

static void *map_in_other(void *arg)
{
    (void)arg;
    check_remote();
    char *m = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (m == MAP_FAILED)
        return MAP_FAILED;
    for (int i = 0; i < 4; i++)
        m[i * PG] = 'W';
    /* the main thread's region, seen from here */
    if (main_region[0] != 'M')
        return NULL;
    return m;
}

static void case2(void *arg)
{
    (void)arg;
    main_region = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(main_region != MAP_FAILED, "mmap: %s", strerror(errno));
    for (int i = 0; i < 4; i++)
        main_region[i * PG] = 'M';
    char *w = in_other(map_in_other, NULL);
    CHECK(w != MAP_FAILED, "mmap in the worker failed");
    CHECK(w != NULL, "the worker did not see the main thread's region");
    CHECK(w + 4 * PG <= main_region || w >= main_region + 4 * PG,
          "the worker's mmap returned %p, inside the main thread's region %p", w, main_region);
    for (int i = 0; i < 4; i++) {
        CHECK(main_region[i * PG] == 'M', "main's page %d: '%c' (the worker wrote in it)", i,
              main_region[i * PG]);
        CHECK(w[i * PG] == 'W', "worker's page %d: '%c'", i, w[i * PG]);
    }
    CHECK(munmap(w, 4 * PG) == 0, "munmap of the worker's region: %s", strerror(errno));
    CHECK(munmap(main_region, 4 * PG) == 0, "munmap: %s", strerror(errno));
}

/* ------------------------------------------------------------ case 3 -- */

static volatile char *region;
static volatile int step;

static void *toucher(void *arg)
{
    (void)arg;
    check_remote();
    long seen = region[0];          /* maps the page in this copy */
    __sync_synchronize();
    step = 1;
    while (step != 2)
        sched_yield();
    __sync_synchronize();
    /* the main thread unmapped the region and mapped a new one here */
    seen = region[0];
    region[8] = 'X';
    __sync_synchronize();
    step = 3;
    return (void *)seen;
}

static void case3(void *arg)
{
    (void)arg;
    region = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(region != MAP_FAILED, "mmap: %s", strerror(errno));
    region[0] = 'O';
    step = 0;
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, other);
    CHECK(pthread_create(&th, &attr, toucher, NULL) == 0, "pthread_create");
    while (step != 1)
        sched_yield();
    __sync_synchronize();
    volatile char *old = region;
    CHECK(munmap((void *)old, 4 * PG) == 0, "munmap: %s", strerror(errno));
    /* the page just freed most likely goes to the next page fault: a
     * decoy takes it, so that a stale mapping shows as the decoy's data */
    char *decoy = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(decoy != MAP_FAILED, "mmap: %s", strerror(errno));
    memset(decoy, 'D', PG);
    char *fresh = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(fresh != MAP_FAILED, "mmap: %s", strerror(errno));
    /* the MMAP allocator reuses the released place: the worker's next
     * access is to the new region */
    CHECK(fresh == (char *)old, "new region at %p, not at the old %p", fresh, old);
    memset(fresh, 'N', 4 * PG);
    __sync_synchronize();
    step = 2;
    void *seen;
    pthread_join(th, &seen);
    CHECK((long)seen == 'N', "the worker read '%c' at the new region, expected 'N' "
          "(a stale mapping of the unmapped page)", (char)(long)seen);
    CHECK(fresh[8] == 'X', "the worker's store did not reach the new region ('%c')", fresh[8]);
    CHECK(decoy[8] == 'D', "the worker's store reached another mapping's page");
    munmap(decoy, PG);
    CHECK(munmap(fresh, 4 * PG) == 0, "munmap: %s", strerror(errno));
}

/* ------------------------------------------------------------ case 4 -- */

static long data_page[PG / sizeof(long)] __attribute__((aligned(PG))) = { 1 };
static volatile int cow_step;

static void *cow_writer(void *arg)
{
    (void)arg;
    check_remote();
    long v = data_page[0];              /* mapped in this copy */
    __sync_synchronize();
    cow_step = 1;
    while (cow_step != 2)
        sched_yield();
    __sync_synchronize();
    data_page[0] = 42;                  /* COW fault, reference elsewhere */
    data_page[1] = 43;
    return (void *)v;
}

static void case4(void *arg)
{
    (void)arg;
    data_page[0] = 7;
    cow_step = 0;
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, other);
    CHECK(pthread_create(&th, &attr, cow_writer, NULL) == 0, "pthread_create");
    while (cow_step != 1)
        sched_yield();
    __sync_synchronize();
    int fds[2];
    CHECK(pipe(fds) == 0, "pipe");
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        char c;
        close(fds[1]);
        if (read(fds[0], &c, 1) != 1)
            _exit(2);
        _exit(data_page[0] == 7 && data_page[1] == 0 ? 0 : 3);
    }
    close(fds[0]);
    __sync_synchronize();
    cow_step = 2;
    void *v;
    pthread_join(th, &v);
    CHECK((long)v == 7, "the worker read %ld", (long)v);
    CHECK(data_page[0] == 42 && data_page[1] == 43,
          "the worker's stores not seen by the main thread: %ld %ld", data_page[0],
          data_page[1]);
    CHECK(write(fds[1], "x", 1) == 1, "write");
    close(fds[1]);
    int st;
    CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the forked child saw the worker's store "
          "or failed: %s", tl_status(st));
}

/* ------------------------------------------------------------ case 6 -- */

static char *ro_region;

static void store_ro(void *arg)
{
    (void)arg;
    ro_region[0] = 1;
}

static char *prot_region;
static volatile int prot_step;

/* Writes both pages, waits for the main thread's mprotect of the first
 * one, writes the second again, and the first too when <arg>. */
static void *prot_worker(void *arg)
{
    check_remote();
    prot_region[0] = 'a';
    prot_region[PG] = 'b';
    __sync_synchronize();
    prot_step = 1;
    while (prot_step != 2)
        sched_yield();
    __sync_synchronize();
    prot_region[PG] = 'c';
    if (arg)
        prot_region[0] = 'd';           /* read-only now: SIGSEGV */
    return NULL;
}

static void *prot_store(void *arg)
{
    (void)arg;
    check_remote();
    prot_region[0] = 'f';
    return NULL;
}

/* mprotect by the main thread reaches the worker's copy. */
static void prot_run(void *arg)
{
    prot_region = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(prot_region != MAP_FAILED, "mmap: %s", strerror(errno));
    prot_step = 0;
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, other);
    CHECK(pthread_create(&th, &attr, prot_worker, arg) == 0, "pthread_create");
    while (prot_step != 1)
        sched_yield();
    __sync_synchronize();
    CHECK(mprotect(prot_region, PG, PROT_READ) == 0, "mprotect: %s", strerror(errno));
    __sync_synchronize();
    prot_step = 2;
    pthread_join(th, NULL);
    CHECK(prot_region[0] == 'a' && prot_region[PG] == 'c', "contents '%c' '%c'",
          prot_region[0], prot_region[PG]);
    CHECK(mprotect(prot_region, PG, PROT_READ | PROT_WRITE) == 0, "mprotect: %s",
          strerror(errno));
    in_other(prot_store, NULL);
    CHECK(prot_region[0] == 'f', "store after mprotect(PROT_WRITE) lost");
    CHECK_ERR(mprotect(prot_region + 3 * PG, PG, PROT_READ), ENOMEM);
    CHECK_ERR(mprotect(prot_region + 1, PG, PROT_READ), EINVAL);
}

static void case6(void *arg)
{
    (void)arg;
    ro_region = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(ro_region != MAP_FAILED, "mmap: %s", strerror(errno));
    CHECK(ro_region[0] == 0, "a fresh page is not zero");
    tl_expect_signal("store to a PROT_READ mapping", store_ro, NULL, ALMOS_SIGSEGV);
    tl_expect_signal("worker's store after mprotect(PROT_READ)", prot_run, (void *)1,
                     ALMOS_SIGSEGV);
    int st = tl_run_child(prot_run, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "mprotect, then back: child %s",
          tl_status(st));

    const char *path = "/tmp/t_xvmm.dat";
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open: %s", strerror(errno));
    char buf[PG];
    memset(buf, 'F', sizeof(buf));
    CHECK(write(fd, buf, PG) == PG, "write");
    char *priv = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    CHECK(priv != MAP_FAILED, "mmap MAP_PRIVATE: %s", strerror(errno));
    CHECK(priv[0] == 'F', "MAP_PRIVATE mapping reads '%c'", priv[0]);
    priv[0] = 'P';
    char *shared = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, 0);
    CHECK(shared != MAP_FAILED, "mmap MAP_SHARED: %s", strerror(errno));
    CHECK(shared[0] == 'F', "a MAP_PRIVATE store reached the file ('%c')", shared[0]);
    munmap(priv, PG);
    munmap(shared, PG);
    /* 64-bit offsets are not cut to 32 bits (2^32 would map offset 0):
     * past the largest file offset it is EOVERFLOW (POSIX) */
    errno = 0;
    char *far = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, (off_t)1 << 32);
    CHECK(far == MAP_FAILED && errno == EOVERFLOW, "mmap at offset 2^32: %s%s",
          far == MAP_FAILED ? strerror(errno) : "mapped",
          far != MAP_FAILED && far[0] == 'F' ? " (offset 0 of the file)" : "");
    close(fd);
    fd = open(path, O_RDONLY);
    CHECK(fd >= 0, "open: %s", strerror(errno));
    errno = 0;
    CHECK(mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) == MAP_FAILED &&
          errno == EACCES, "writable shared mapping of a read-only file: errno %d", errno);
    close(fd);
    unlink(path);
    errno = 0;
    CHECK(mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0) != MAP_FAILED, "mmap");
    CHECK(mmap(NULL, PG, PROT_READ, MAP_ANON, -1, 0) == MAP_FAILED && errno == EINVAL,
          "mmap without MAP_SHARED or MAP_PRIVATE: errno %d", errno);
}

/* ------------------------------------------------------------ case 7 -- */

static long fork_word = 5;

static int fork_pid;

/* In the other cluster: fork; the child sees our memory as it was and
 * changes only its own (it tells through a pipe once it has; the main
 * thread reaps it: waitpid is the owner's). */
static void *fork_in_other(void *arg)
{
    (void)arg;
    check_remote();
    volatile long on_stack = 11;
    int fds[2];
    if (pipe(fds))
        return (void *)5L;
    char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (m == MAP_FAILED)
        return (void *)1L;
    m[0] = 'm';
    almos_flush_stdio();
    int pid = fork();
    if (pid < 0)
        return (void *)(long)(100 + errno);
    if (pid == 0) {
        char ok = fork_word == 6 && on_stack == 11 && m[0] == 'm' ? 'y' : 'n';
        fork_word = 60;
        on_stack = 110;
        m[0] = 'c';
        if (write(fds[1], &ok, 1) != 1)
            _exit(4);
        _exit(ok == 'y' ? 0 : 3);
    }
    fork_pid = pid;
    char c = 0;
    if (read(fds[0], &c, 1) != 1)
        return (void *)2L;
    if (c != 'y')
        return (void *)3L;
    if (fork_word != 6 || on_stack != 11 || m[0] != 'm')
        return (void *)4L;
    close(fds[0]);
    close(fds[1]);
    munmap(m, PG);
    return NULL;
}

static volatile long *volatile worker_local;
static volatile int local_step;

/* Reads and writes the main thread's stack variable at <arg>, then lets
 * the main thread write its own. */
static void *use_main_stack(void *arg)
{
    check_remote();
    volatile long *p = arg;
    volatile long mine = 0;
    long seen = *p;
    *p = 2;
    worker_local = &mine;
    __sync_synchronize();
    local_step = 1;
    while (local_step != 2)
        sched_yield();
    __sync_synchronize();
    worker_local = NULL;
    return (void *)(seen == 1 && mine == 3 ? 0L : 1L + (seen != 1));
}

static void *run_here(void *arg)
{
    (void)arg;
    return (void *)(long)(almos_thread_self() >> 16);
}

static void case7(void *arg)
{
    (void)arg;
    /* a pointer to a stack variable means the same in every cluster */
    volatile long local = 1;
    local_step = 0;
    pthread_t lt;
    pthread_attr_t lattr;
    pthread_attr_init(&lattr);
    pthread_attr_setcluster(&lattr, other);
    CHECK(pthread_create(&lt, &lattr, use_main_stack, (void *)&local) == 0, "pthread_create");
    while (local_step != 1)
        sched_yield();
    __sync_synchronize();
    CHECK((unsigned long)worker_local >> 12 != (unsigned long)&local >> 12,
          "the worker's stack is at the main thread's address %p", (void *)&local);
    *worker_local = 3;
    __sync_synchronize();
    local_step = 2;
    void *lr;
    pthread_join(lt, &lr);
    CHECK((long)lr == 0, "&local across clusters: %s", (long)lr == 2 ?
          "the worker read another value than ours" : "the worker did not see our store");
    CHECK(local == 2, "the worker's store through &local did not reach us (%ld)", local);

    /* threads running in every cluster run from CODE replicas where the
     * page cache is not (pgstat's "code rep") */
    struct almos_stats s0, s1;
    tl_stats(&s0);
    for (unsigned c = 0; c < clusters; c++) {
        pthread_t th;
        pthread_attr_t attr;
        void *where;
        pthread_attr_init(&attr);
        pthread_attr_setcluster(&attr, c);
        CHECK(pthread_create(&th, &attr, run_here, NULL) == 0, "pthread_create");
        pthread_join(th, &where);
        CHECK((unsigned)(long)where == c, "thread ran in cluster %ld, not %u", (long)where, c);
    }
    tl_stats(&s1);
    CHECK(s1.pf_code_replica > s0.pf_code_replica, "no CODE page replicated (%lu)",
          (unsigned long)s1.pf_code_replica);

    fork_word = 6;
    fork_pid = -1;
    long r = (long)in_other(fork_in_other, NULL);
    CHECK(r == 0, "fork from a thread in another cluster: %ld%s", r,
          r > 100 ? " (fork failed: errno + 100)" : r == 3 ? " (the child saw other values)" :
          r == 4 ? " (the child's stores reached the parent)" : "");
    int st;
    CHECK(waitpid(fork_pid, &st, 0) == fork_pid, "waitpid %d: %s", fork_pid, strerror(errno));
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the forked child: %s", tl_status(st));
}

/* --------------------------------------------------- thread placement -- */

static void *nothing(void *arg)
{
    return arg;
}

/* In a cluster of one hart: a thread on core 1 of a cluster that has it
 * (pthread_attr_setcore is checked against the target cluster). */
static void core_elsewhere(void *arg)
{
    unsigned big = (unsigned)(long)arg;
    pthread_t th;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcluster(&attr, big);
    pthread_attr_setcore(&attr, 1);
    int e = pthread_create(&th, &attr, nothing, NULL);
    CHECK(e == 0, "thread on core 1 of cluster %u from cluster %u: %s", big,
          (unsigned)getpid() >> 16, strerror(e));
    pthread_join(th, NULL);
}

static void core_check(struct almos_config *cfg)
{
    unsigned small = clusters, big = clusters;
    for (unsigned c = 0; c < clusters; c++) {
        if (cfg->harts_per_cluster[c] == 1 && small == clusters)
            small = c;
        if (cfg->harts_per_cluster[c] > 1 && big == clusters)
            big = c;
    }
    if (small == clusters || big == clusters)
        return;
    CHECK(place_fork(small) == 0, "place_fork: %s", strerror(errno));
    int st = tl_run_child(core_elsewhere, (void *)(long)big);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "core check: child %s", tl_status(st));
}

static const struct {
    const char *what;
    void (*fn)(void *);
} cases[] = {
    { "case 1 (STACK/CODE cuts)", case1 },
    { "case 2 (mmap from a copy)", case2 },
    { "case 3 (munmap reaches every copy)", case3 },
    { "case 4 (COW, remote reference)", case4 },
    { "case 5", NULL },
    { "case 6 (prot, MAP_PRIVATE, open mode)", case6 },
    { "case 7 (fork from a copy)", case7 },
};

static int only;        /* 0: every case, else just that one */

static void all_cases(void *arg)
{
    (void)arg;
    for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (cases[i].fn && (only == 0 || only == (int)i + 1))
            in_child(cases[i].what, cases[i].fn);
}

/* t_xvmm [N]: every case, or case N only */
int main(int argc, char **argv)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    clusters = cfg.clusters;
    if (clusters < 2) {
        printf("skip: one cluster\n");
        return 0;
    }
    if (argc > 1)
        only = atoi(argv[1]);
    else
        core_check(&cfg);
    tl_check_pages_back(all_cases, NULL);
    printf("t_xvmm: %s passed\n", only ? argv[1] : "every case");
    return 0;
}
