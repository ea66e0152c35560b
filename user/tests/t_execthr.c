/* t_execthr - exec from a process that has another thread fails with
 * EBUSY and leaves the process as it was, whether that thread is in the
 * caller's cluster or in another one (a copy of the process there), and
 * whichever of the two threads calls it; once
 * the other thread is joined, exec works.  (POSIX would end the other
 * threads; this kernel refuses instead, the same way everywhere, so that
 * no thread keeps running the old image's code in the new one.)  GPL-2.0. */
#include <pthread.h>
#include <sched.h>
#include "tlib.h"

static volatile int stop, started, exec_errno;

/* The other thread: first tries exec itself (the caller's thread is
 * there too: refused), then waits to be told to end. */
static void *waiter(void *arg)
{
    (void)arg;
    char *argv[] = { "t_exec_helper", "exit", "44", NULL };
    errno = 0;
    execv("/tests/t_exec_helper", argv);
    exec_errno = errno;
    started = 1;
    while (!stop)
        sched_yield();
    return NULL;
}

/* In a child: a thread in cluster <cxy> (-1: the caller's, by default
 * placement), exec refused, the thread joined, exec done: exits 42 through
 * the helper.  Exit 43 or 44: an exec that should have been refused ran
 * the helper. */
static void exec_with_thread(void *arg)
{
    long cxy = (long)arg;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    if (cxy >= 0)
        pthread_attr_setcluster(&attr, (unsigned)cxy);
    else
        pthread_attr_setcluster(&attr, (unsigned)(getpid() >> 16));
    pthread_t t;
    int e = pthread_create(&t, &attr, waiter, NULL);
    CHECK(e == 0, "thread in cluster %ld: %s", cxy, strerror(e));
    while (!started)
        sched_yield();
    CHECK(exec_errno == EBUSY, "exec from the thread in cluster %ld: errno %d, expected EBUSY",
          cxy, exec_errno);
    char *refused[] = { "t_exec_helper", "exit", "43", NULL };
    CHECK_ERR(execv("/tests/t_exec_helper", refused), EBUSY);
    /* the process goes on as it was: its thread too */
    long marker = 77;
    CHECK_EQ(marker, 77);
    stop = 1;
    CHECK(pthread_join(t, NULL) == 0, "join");
    char *argv[] = { "t_exec_helper", "exit", "42", NULL };
    execv("/tests/t_exec_helper", argv);
    CHECK(0, "exec after the join: %s", strerror(errno));
}

int main(void)
{
    struct almos_config cfg;
    memset(&cfg, 0, sizeof(cfg));
    CHECK(almos_get_config(&cfg) == 0, "get_config: %s", strerror(errno));

    int st = tl_run_child(exec_with_thread, (void *)-1L);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42,
          "other thread in the same cluster: %s (43, 44: exec was not refused)", tl_status(st));
    if (cfg.clusters < 2) {
        printf("t_execthr: one cluster: the case of a thread in another cluster is not run\n");
        return 0;
    }
    for (unsigned c = 0; c < cfg.clusters; c++) {
        st = tl_run_child(exec_with_thread, (void *)(long)c);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42,
              "other thread in cluster %u: %s (43, 44: exec was not refused)", c, tl_status(st));
    }
    return 0;
}
