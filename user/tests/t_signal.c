/*
 * t_signal - kill(): SIGSTOP stops a running child (its counter, in a
 * shared file mapping, stops moving and ps shows it stopped), SIGCONT
 * resumes it, SIGKILL ends it with that signal as its wait status.  The
 * child in our cluster, in another one, and with a second counting thread
 * in a third cluster (a process copy: the signal reaches it by RPC).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include "tlib.h"

#define PG 4096

/* Yields until *counter passes <target>; false after too long. */
static int wait_past(volatile long *counter, long target)
{
    for (long i = 0; i < 2000000; i++) {
        if (*counter > target)
            return 1;
        sched_yield();
    }
    return 0;
}

static volatile long *second_counter;

static void *count_too(void *arg)
{
    (void)arg;
    for (;;)
        (*second_counter)++;
    return NULL;
}

/* Forks a child into cluster <cxy> that counts in counter[0] (and, when
 * <thread_cxy> >= 0, with a thread in that cluster counting in
 * counter[1]), then stops, continues and kills it. */
static void stop_cont_kill(volatile long *counter, unsigned cxy, int thread_cxy)
{
    int n = thread_cxy >= 0 ? 2 : 1;
    almos_flush_stdio();
    CHECK(place_fork(cxy) == 0, "place_fork(%u)", cxy);
    int pid = fork();
    if (pid == 0) {
        if (n == 2) {
            pthread_t th;
            pthread_attr_t attr;
            pthread_attr_init(&attr);
            pthread_attr_setcluster(&attr, (unsigned)thread_cxy);
            second_counter = &counter[1];
            if (pthread_create(&th, &attr, count_too, NULL))
                _exit(3);
        }
        for (;;)
            counter[0]++;
    }
    CHECK(pid > 0, "fork");
    CHECK(((unsigned)pid >> 16) == cxy, "child %d not in cluster %u", pid, cxy);
    tl_guard_child(pid);
    for (int k = 0; k < n; k++) {
        long v0 = counter[k];
        CHECK(wait_past(&counter[k], v0 + 1000), "the child's counter %d does not move (%ld)",
              k, counter[k]);
    }

    CHECK_EQ(kill(pid, ALMOS_SIGSTOP), 0);
    CHECK(tl_wait_state(pid, TL_STOP), "ps state %d, expected 1 (stopped)", tl_state(pid));
    long v1[2] = { counter[0], counter[1] };
    for (int i = 0; i < 2000; i++)
        sched_yield();
    for (int k = 0; k < n; k++)
        CHECK(v1[k] == counter[k], "stopped child's counter %d still moves (%ld -> %ld)", k,
              v1[k], counter[k]);
    CHECK(tl_state(pid) == TL_STOP, "ps state %d, expected 1 (stopped)", tl_state(pid));

    CHECK_EQ(kill(pid, ALMOS_SIGCONT), 0);
    for (int k = 0; k < n; k++)
        CHECK(wait_past(&counter[k], v1[k] + 1000), "continued child's counter %d does not "
              "move (%ld)", k, counter[k]);
    CHECK(tl_state(pid) == TL_RUN, "ps state %d, expected 0 (running)", tl_state(pid));

    CHECK_EQ(kill(pid, ALMOS_SIGKILL), 0);
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    CHECK((st & 0x7f) == ALMOS_SIGKILL, "wait status 0x%x, expected killed by %d", st,
          ALMOS_SIGKILL);
    tl_guard_child(0);
    CHECK(kill(pid, 0) == -1 && errno == ESRCH, "reaped child still known");
    if (n == 2)
        printf("child in cluster %u, a thread in %d: stopped, continued, killed\n", cxy,
               thread_cxy);
    else
        printf("child in cluster %u: stopped, continued, killed\n", cxy);
}

int main(void)
{
    int fd = open("/tmp/t_signal.cnt", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open: %s", strerror(errno));
    static char zero[PG];
    CHECK_EQ(write(fd, zero, PG), PG);
    volatile long *counter = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(counter != MAP_FAILED, "mmap: %s", strerror(errno));

    /* the child in our cluster, then in the next one (signals by RPC) */
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    unsigned me = (unsigned)getpid() >> 16;
    stop_cont_kill(counter, me, -1);
    if (cfg.clusters > 1) {
        stop_cont_kill(counter, (me + 1) % cfg.clusters, -1);
        stop_cont_kill(counter, me, (int)((me + cfg.clusters - 1) % cfg.clusters));
    }

    munmap((void *)counter, PG);
    close(fd);
    unlink("/tmp/t_signal.cnt");
    return 0;
}
