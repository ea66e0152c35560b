/*
 * t_cow3 - a page shared by three generations is copied exactly when needed.
 *
 * Expectation from the ALMOS-MKH COW design: fork makes every private page
 * read-only + COW in parent and child and increments the page's `forks`
 * counter; a store to a COW page copies it only while `forks` is non-zero
 * (and decrements it), otherwise the page just becomes writable again.
 *
 *   G1 writes the page (private, writable), forks G2 (forks = 1),
 *   G2 forks G3 (forks = 2).
 *   G3 writes: forks 2 -> copy (pf_cow +1, pf_cow_copy +1), forks = 1; exits.
 *   G2 writes: forks 1 -> copy (pf_cow +1, pf_cow_copy +1), forks = 0; exits.
 *   G1 writes: forks 0 -> no copy, made writable (pf_cow +1, pf_cow_copy +0).
 *
 * Each generation measures its own counters (ALMOS_BENCH_STATS) around its
 * single store, after warming up every other page it writes meanwhile
 * (stack, stats blocks).
 * GPL-2.0.
 */
#include "tlib.h"

#define PG 4096
static volatile char page[PG] __attribute__((aligned(PG))) = { 1 };
static uint64_t sb[5], sa[5];

/* The page-fault counters of this process alone (ALMOS_BENCH_STATS:
 * pf_local, pf_false, pf_true, pf_cow, pf_cow_copy): the machine-wide ones
 * also count the faults of other processes (the runner writing our output
 * into its buffers after its own fork, say) in the same window. */
static void own_stats(uint64_t *s)
{
    long r = almos_syscall(SYS_BENCH, ALMOS_BENCH_STATS, 0, 5, (long)s, 0, 0);
    CHECK(r == 0, "SYS_BENCH stats: %ld", r);
}

static void measure(int gen, char value, uint64_t want_copy)
{
    /* warm up: make the stack and the stats blocks private and writable */
    own_stats(sb);
    own_stats(sa);
    own_stats(sb);
    own_stats(sa);
    CHECK(page[0] == 1, "gen %d sees %d before its write, expected 1", gen, page[0]);
    own_stats(sb);
    page[0] = value;
    own_stats(sa);
    uint64_t cow = sa[3] - sb[3], copy = sa[4] - sb[4];
    printf("gen %d: pf_cow +%lu, pf_cow_copy +%lu (expected +1, +%lu)\n", gen,
           (unsigned long)cow, (unsigned long)copy, (unsigned long)want_copy);
    CHECK(cow == 1 && copy == want_copy,
          "gen %d: pf_cow +%lu pf_cow_copy +%lu, expected +1 +%lu", gen,
          (unsigned long)cow, (unsigned long)copy, (unsigned long)want_copy);
    CHECK(page[0] == value, "gen %d lost its write", gen);
}

static int wait_child(int pid)
{
    int st = 0;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    return st;
}

int main(void)
{
    page[0] = 1;                    /* G1's page is mapped and writable */
    almos_flush_stdio();
    int pid2 = fork();
    CHECK(pid2 >= 0, "fork G2: %s", strerror(errno));
    if (pid2 == 0) {
        int pid3 = fork();
        if (pid3 < 0)
            _exit(5);
        if (pid3 == 0) {
            measure(3, 3, 1);
            almos_flush_stdio();
            _exit(0);
        }
        int st = wait_child(pid3);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "G3: %s", tl_status(st));
        measure(2, 2, 1);
        almos_flush_stdio();
        _exit(0);
    }
    int st = wait_child(pid2);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "G2: %s", tl_status(st));
    measure(1, 9, 0);
    return 0;
}
