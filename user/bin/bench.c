/*
 * bench - costs of the kernel paths, in cycles of SYS_GET_CYCLE (under QEMU
 * -icount shift=0, i.e. `make run ICOUNT=1`, a cycle is one instruction
 * retired).  Each figure is the average over many repetitions, minus the
 * cost of reading the counter (two SYS_GET_CYCLE calls back to back, printed
 * first).  When user mode may read instret (scounteren.IR, probed in a
 * child), the null syscall is also given in rdinstret instructions of this
 * hart.  Every line states its method.  GPL-2.0.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "almos.h"

#define PG 4096

static uint64_t overhead;

static inline uint64_t now(void)
{
    return almos_cycles();
}

/* total cycles of n operations; the counter was read around each operation
 * (per_op) or once around them all: its cost is taken away accordingly */
static void report_x(const char *what, uint64_t total, uint64_t n, int per_op,
                     const char *method)
{
    uint64_t oh = per_op ? overhead * n : overhead;
    uint64_t per = (total > oh ? total - oh : 0) / n;
    printf("%-34s %10lu  (%s)\n", what, (unsigned long)per, method);
}

/* ---------------------------------------------------------------- probes -- */

static inline uint64_t rdinstret(void)
{
    register uint64_t v __asm__("a0");
    __asm__ volatile(".4byte 0xc0202573" : "=r"(v));   /* csrr a0, instret */
    return v;
}

static int instret_usable(void)
{
    almos_flush_stdio();
    int pid = fork();
    if (pid == 0) {
        (void)rdinstret();
        _exit(0);
    }
    int st;
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        return 0;
    return WIFEXITED(st) && WEXITSTATUS(st) == 0;
}

/* ------------------------------------------------------------ the figures -- */

static void null_syscall(int have_instret)
{
    const int n = 2000;
    uint64_t t0 = now();
    for (int i = 0; i < n; i++)
        getpid();
    uint64_t t1 = now();
    report_x("null syscall (getpid)", t1 - t0, n, 0,
           "getpid x 2000, SYS_GET_CYCLE around the loop, / 2000");
    if (have_instret) {
        uint64_t i0 = rdinstret();
        for (int i = 0; i < n; i++)
            getpid();
        uint64_t i1 = rdinstret();
        printf("%-34s %10lu  (%s)\n", "null syscall (getpid), instret",
               (unsigned long)((i1 - i0) / n),
               "rdinstret around 2000 getpid, / 2000, user+kernel instructions");
    }
}

static void zero_page_fault(void)
{
    const int n = 256;
    char *m = mmap(NULL, (size_t)n * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (m == MAP_FAILED) {
        printf("zero-filled page fault: mmap failed\n");
        return;
    }
    uint64_t total = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t0 = now();
        m[(size_t)i * PG] = 1;
        uint64_t t1 = now();
        total += t1 - t0;
    }
    report_x("page fault, zero-filled page", total, n, 1,
           "first store to each of 256 fresh MAP_ANON pages, counter around each store");
    munmap(m, (size_t)n * PG);
}

/* stores into pages that are COW after a fork; pending: the child still
 * lives (forks counter > 0, the page is copied), else it has exited and
 * been reaped (counter back to 0, the page is only made writable) */
static void cow_fault(int pending)
{
    const int n = 128;
    char *m = mmap(NULL, (size_t)n * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    if (m == MAP_FAILED) {
        printf("COW fault: mmap failed\n");
        return;
    }
    for (int i = 0; i < n; i++)
        m[(size_t)i * PG] = 1;
    int p[2];
    if (pipe(p) < 0)
        return;
    almos_flush_stdio();
    int pid = fork();
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);
        _exit(0);
    }
    close(p[0]);
    int st;
    if (!pending) {
        close(p[1]);
        waitpid(pid, &st, 0);
    }
    uint64_t total = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t0 = now();
        m[(size_t)i * PG] = 2;
        uint64_t t1 = now();
        total += t1 - t0;
    }
    if (pending) {
        close(p[1]);
        waitpid(pid, &st, 0);
    }
    report_x(pending ? "COW fault, fork pending (copy)" : "COW fault, no fork pending",
           total, n, 1, pending ?
           "store to each of 128 touched MAP_ANON pages while the forked child lives" :
           "same, after the child exited and was reaped (page made writable, no copy)");
    munmap(m, (size_t)n * PG);
}

static void fork_exit_wait(void)
{
    const int n = 20;
    size_t size = 1 << 20;
    char *m = malloc(size);
    if (!m)
        return;
    for (size_t i = 0; i < size; i += PG)
        m[i] = 1;
    almos_flush_stdio();
    uint64_t total = 0;
    for (int i = 0; i < n; i++) {
        uint64_t t0 = now();
        int pid = fork();
        if (pid == 0)
            _exit(0);
        int st;
        waitpid(pid, &st, 0);
        uint64_t t1 = now();
        total += t1 - t0;
    }
    report_x("fork+exit+wait, 1 MiB touched", total, n, 1,
           "parent touched 1 MiB of heap; fork, child _exit(0), waitpid; parent's counter, 20 runs");
    free(m);
}

static void exec_small(void)
{
    const int n = 20;
    uint64_t base = 0, total = 0;
    almos_flush_stdio();
    for (int i = 0; i < n; i++) {
        uint64_t t0 = now();
        int pid = fork();
        if (pid == 0)
            _exit(0);
        int st;
        waitpid(pid, &st, 0);
        base += now() - t0;
    }
    for (int i = 0; i < n; i++) {
        uint64_t t0 = now();
        int pid = fork();
        if (pid == 0) {
            char *argv[] = { "t_exec_helper", "exit", "0", NULL };
            execv("/tests/t_exec_helper", argv);
            _exit(127);
        }
        int st;
        waitpid(pid, &st, 0);
        total += now() - t0;
    }
    report_x("fork+exec+exit+wait, small program", total, n, 1,
           "exec of /tests/t_exec_helper (exits at once), 20 runs");
    report_x("exec of a small program", total > base ? total - base + n * overhead : 0, n, 1,
           "the line above minus fork+exit+wait of this process, 20 runs");
}

/* two threads on the same core hand a token back and forth */
static volatile int turn;
static const int ROUNDS = 2000;

static uint64_t pp_start, pp_end;

static void *pingpong(void *arg)
{
    int me = (int)(long)arg;
    for (int i = 0; i < ROUNDS; i++) {
        while (turn != me)
            sched_yield();
        if (me == 0 && i == 1)
            pp_start = now();
        turn = 1 - me;
    }
    if (me == 0)
        pp_end = now();
    return NULL;
}

static void context_switch(void)
{
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setcore(&attr, 0);
    pthread_t a, b;
    turn = 0;
    if (pthread_create(&a, &attr, pingpong, (void *)0L) != 0 ||
        pthread_create(&b, &attr, pingpong, (void *)1L) != 0) {
        printf("context switch: pthread_create failed\n");
        return;
    }
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    report_x("thread context switch (yield)", pp_end - pp_start, 2 * (ROUNDS - 1), 0,
           "2 threads pinned to core 0 alternate through a flag + sched_yield; thread 0's rounds 1..1999 / 3998 hand-offs");
}

/* True when section <name> is asked for: every section without arguments. */
static int want(int argc, char **argv, const char *name)
{
    if (argc < 2)
        return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0)
            return 1;
    return 0;
}

/* bench [getpid] [pf] [cow] [fork] [exec] [yield]: those sections (default
 * all); one section alone makes a short run to profile on the model */
int main(int argc, char **argv)
{
    uint64_t c;
    if (almos_get_cycle(&c) < 0) {
        printf("bench: SYS_GET_CYCLE fails\n");
        return 1;
    }
    overhead = almos_cycles_read_cost();
    printf("bench: cycles of SYS_GET_CYCLE (= instructions under -icount shift=0)\n");
    printf("%-34s %10lu  (%s)\n", "counter read (subtracted below)", (unsigned long)overhead,
           "min of 100 back-to-back SYS_GET_CYCLE pairs");
    if (want(argc, argv, "getpid"))
        null_syscall(instret_usable());
    if (want(argc, argv, "pf"))
        zero_page_fault();
    if (want(argc, argv, "cow")) {
        cow_fault(1);
        cow_fault(0);
    }
    if (want(argc, argv, "fork"))
        fork_exit_wait();
    if (want(argc, argv, "exec"))
        exec_small();
    if (want(argc, argv, "yield"))
        context_switch();
    return 0;
}
