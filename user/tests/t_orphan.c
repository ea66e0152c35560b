/* t_orphan - a grandchild whose parent exited is reaped by init: once it
 * exits it does not stay a zombie in the process list (SYS_PROCESS_INFO),
 * and while it lives its parent is no longer the dead one.  A grandchild
 * left stopped by its exiting parent gets SIGHUP and ends (nobody would
 * ever continue it).  GPL-2.0. */
#include "tlib.h"

/* A child stops its own child, then exits: the stopped orphan must end
 * (SIGHUP) and be reaped, closing the pipe it holds. */
static int stopped_orphan(void)
{
    int up[2];
    CHECK(pipe(up) == 0, "pipe");
    almos_flush_stdio();
    int child = fork();
    CHECK(child >= 0, "fork");
    if (child == 0) {
        int gc = fork();
        if (gc == 0)
            for (;;)
                sched_yield();          /* holds up[1] open */
        int ok = gc > 0 && kill(gc, ALMOS_SIGSTOP) == 0;
        /* exit only once the stop is visible to ps */
        for (int i = 0; ok && i < 100000 && tl_state(gc) != 1; i++)
            sched_yield();
        write(up[1], &gc, sizeof(gc));
        _exit(ok && tl_state(gc) == 1 ? 0 : 1);
    }
    close(up[1]);
    int gc = -1;
    CHECK_EQ(read(up[0], &gc, sizeof(gc)), sizeof(gc));
    int st;
    CHECK_EQ(waitpid(child, &st, 0), child);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child could not stop %d: %s", gc,
          tl_status(st));
    int i, s = 0;
    for (i = 0; i < 100000; i++) {
        s = tl_state(gc);
        if (s < 0)
            break;
        sched_yield();
    }
    if (s >= 0)
        kill(gc, ALMOS_SIGKILL);        /* do not leave it behind */
    CHECK(s < 0, "stopped orphan %d still listed (state %d) after %d polls", gc, s, i);
    /* its end of the pipe went with it */
    char c;
    CHECK_EQ(read(up[0], &c, 1), 0);
    printf("stopped orphan ended and reaped after %d polls\n", i);
    return 0;
}

int main(void)
{
    int up[2], go[2];
    CHECK(pipe(up) == 0 && pipe(go) == 0, "pipe");
    almos_flush_stdio();
    int child = fork();
    CHECK(child >= 0, "fork");
    if (child == 0) {
        int gc = fork();
        if (gc == 0) {
            char c;
            close(up[0]); close(up[1]); close(go[1]);
            read(go[0], &c, 1);         /* wait until told to exit */
            _exit(0);
        }
        write(up[1], &gc, sizeof(gc));
        _exit(gc > 0 ? 0 : 1);
    }
    close(up[1]);
    close(go[0]);
    int gc = -1;
    CHECK_EQ(read(up[0], &gc, sizeof(gc)), sizeof(gc));
    int st;
    CHECK_EQ(waitpid(child, &st, 0), child);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", tl_status(st));

    /* the orphan lives, adopted by someone else */
    struct almos_process_info pi;
    int s = tl_process_info(gc, &pi) ? (int)pi.state : -1;
    int ppid = pi.ppid;
    CHECK(s == TL_RUN || s == TL_SLEEP, "orphan %d: state %d, expected running or sleeping", gc, s);
    CHECK(ppid != child, "orphan %d still has its dead parent %d", gc, child);
    printf("orphan %d adopted by %d\n", gc, ppid);

    /* let it go; it must vanish (reaped by init) */
    CHECK_EQ(write(go[1], "x", 1), 1);
    close(go[1]);
    int i;
    for (i = 0; i < 100000; i++) {
        s = tl_state(gc);
        if (s < 0)
            break;
        sched_yield();
    }
    CHECK(s < 0, "orphan %d still listed (state %d) after %d polls", gc, s, i);
    printf("orphan reaped after %d polls\n", i);
    return stopped_orphan();
}
