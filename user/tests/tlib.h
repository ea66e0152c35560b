/*
 * tlib.h - helpers for the user test programs.  A test program exits 0
 * when everything it checks holds; on the first failure it prints one line
 * "FAIL: file:line: why" and exits 1 (utest shows that line as the reason).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef TLIB_H
#define TLIB_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "almos.h"

/* Run by a failing CHECK before it exits: a test that started helper
 * processes ends them here, or they would outlive it (holding utest's
 * pipe, for one). */
static void (*tl_on_fail)(void);

#define CHECK(cond, ...)                                                \
    do {                                                                \
        if (!(cond)) {                                                  \
            printf("FAIL: %s:%d: ", __FILE__, __LINE__);                \
            printf(__VA_ARGS__);                                        \
            printf("\n");                                               \
            almos_flush_stdio();                                        \
            void (*fn_)(void) = tl_on_fail;                             \
            tl_on_fail = NULL;                                          \
            if (fn_)                                                    \
                fn_();                                                  \
            _exit(1);                                                   \
        }                                                               \
    } while (0)

#define CHECK_EQ(a, b)                                                  \
    CHECK((long)(a) == (long)(b), "%s == %ld, expected %s == %ld",      \
          #a, (long)(a), #b, (long)(b))

#define CHECK_ERR(expr, err)                                            \
    do {                                                                \
        errno = 0;                                                      \
        long r_ = (long)(expr);                                         \
        CHECK(r_ == -1 && errno == (err), "%s returned %ld errno %d, "  \
              "expected -1 errno %d (%s)", #expr, r_, errno, err, #err); \
    } while (0)

/* "exit N" or "killed by signal N" */
static inline const char *tl_status(int st)
{
    static char buf[40];
    if (WIFSIGNALED(st))
        snprintf(buf, sizeof(buf), "killed by signal %d", WTERMSIG(st));
    else
        snprintf(buf, sizeof(buf), "exit %d", WEXITSTATUS(st));
    return buf;
}

int kill(int pid, int sig);      /* user/lib/syscalls.c (picolibc declares none) */

/* A helper process a failing CHECK must not leave behind. */
static int tl_child;

static inline void tl_kill_child(void)
{
    if (tl_child > 0)
        kill(tl_child, ALMOS_SIGKILL);
}

/* From now on a failing CHECK kills <pid> first (0: no one). */
static inline void tl_guard_child(int pid)
{
    tl_child = pid;
    tl_on_fail = pid > 0 ? tl_kill_child : NULL;
}

/* Process states of SYS_PROCESS_INFO (ps). */
enum { TL_RUN = 0, TL_STOP = 1, TL_ZOMBIE = 2, TL_SLEEP = 3 };

/* The process-list entry of <pid> in *pi: 1, or 0 when it is not listed. */
static inline int tl_process_info(int pid, struct almos_process_info *pi)
{
    for (int i = 0;; i++) {
        int r = almos_process_info(i, pi);
        CHECK(r >= 0, "process_info: %s", strerror(errno));
        if (r == 0)
            return 0;
        if (pi->pid == pid)
            return 1;
    }
}

/* The state of <pid> (TL_*), -1 when it is not listed. */
static inline int tl_state(int pid)
{
    struct almos_process_info pi;
    return tl_process_info(pid, &pi) ? (int)pi.state : -1;
}

/* Yields until <pid> is in <state>; false after too long. */
static inline int tl_wait_state(int pid, int state)
{
    for (long i = 0; i < 200000; i++) {
        if (tl_state(pid) == state)
            return 1;
        sched_yield();
    }
    return 0;
}

/* runs fn(arg) in a child, returns its wait status */
static inline int tl_run_child(void (*fn)(void *), void *arg)
{
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        fn(arg);
        almos_flush_stdio();
        _exit(0);
    }
    int st = 0;
    int r = waitpid(pid, &st, 0);
    CHECK(r == pid, "waitpid returned %d errno %d", r, errno);
    return st;
}

/* the child must be killed by signal sig */
static inline void tl_expect_signal(const char *what, void (*fn)(void *),
                                    void *arg, int sig)
{
    int st = tl_run_child(fn, arg);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == sig,
          "%s: child %s, expected killed by signal %d", what, tl_status(st), sig);
}

static inline void tl_stats(struct almos_stats *st)
{
    memset(st, 0, sizeof(*st));
    CHECK(almos_get_stats(st) == 0, "get_stats: %s", strerror(errno));
}

/* True when the kernel made no RPC server thread between <a> and <b>:
 * only then must free pages be equal (servers are made on demand, when
 * the RPCs of a run happen to overlap, and kept). */
static inline int tl_same_servers(const struct almos_stats *a, const struct almos_stats *b)
{
    for (unsigned c = 0; c < a->clusters; c++)
        if (a->rpc_servers[c] != b->rpc_servers[c])
            return 0;
    return 1;
}

/* True when every cluster has as many free pages in <b> as in <a>. */
static inline int tl_same_free(const struct almos_stats *a, const struct almos_stats *b)
{
    for (unsigned c = 0; c < a->clusters; c++)
        if (a->free_pages[c] != b->free_pages[c])
            return 0;
    return 1;
}

/* RPC server threads a cluster makes at most (RPC_SERVERS_MAX in
 * kernel/kern/rpc.h): a run that made one is not counted below, and there
 * can be only so many such runs. */
#define TL_RPC_SERVERS_MAX 4

/* Runs fn(arg) (which reports through CHECK), with the free pages of every
 * cluster taken before and after.  A run is done again when the kernel
 * made an RPC server during it (servers are made on demand, when the RPCs
 * of a run happen to overlap, and kept: at most TL_RPC_SERVERS_MAX per
 * cluster, so such runs end), or when a cluster did not get all its pages
 * back (3 such runs at most): the kernel's object caches keep one empty
 * block per size class and cluster (kcm.c), so the first run of a program
 * that uses a class in a cluster for the first time ends a page short
 * there.  A leak happens on every run: the last run must give every page
 * back. */
static inline void tl_check_pages_back(void (*fn)(void *), void *arg)
{
    struct almos_stats before, after;
    tl_stats(&before);
    int server_runs = 0, max_server_runs = TL_RPC_SERVERS_MAX * (int)before.clusters;
    for (int run = 0, counted = 0; counted < 3; run++) {
        tl_stats(&before);
        fn(arg);
        tl_stats(&after);
        int same_servers = tl_same_servers(&before, &after);
        if (same_servers && tl_same_free(&before, &after))
            break;
        if (same_servers)
            counted++;
        else if (++server_runs > max_server_runs)
            break;
        if (counted < 3)
            printf("(%s during run %d: run again)\n", same_servers ?
                   "pages not all back" : "an RPC server was made", run + 1);
    }
    CHECK(tl_same_servers(&before, &after), "RPC servers made in %d runs", server_runs);
    for (unsigned c = 0; c < before.clusters; c++)
        CHECK(after.free_pages[c] == before.free_pages[c],
              "cluster %u: %u free pages before, %u after", c, before.free_pages[c],
              after.free_pages[c]);
}

static inline uint64_t tl_faults(const struct almos_stats *s)
{
    return s->pf_local + s->pf_false + s->pf_true;
}

/* yields the core n times */
static inline void tl_yield(int n)
{
    while (n-- > 0)
        sched_yield();
}

#endif
