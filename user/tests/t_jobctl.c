/* t_jobctl - process groups, sessions and the signals job control uses:
 *   - a child is in its parent's group and session; setpgid makes a
 *     group, kill(-pgid) reaches every member (and only them), kill(0)
 *     the caller's group; an empty group is ESRCH;
 *   - setsid makes a session led by the caller; a group leader may not;
 *     setpgid across sessions is EPERM, of a non-child ESRCH;
 *   - SIGINT ends a process by default, not one that ignores it (and the
 *     ignoring is inherited by fork); KILL, STOP and SEGV cannot be
 *     ignored; an unknown signal is EINVAL;
 *   - waitpid(WUNTRACED) reports a stop (SIGTSTP) once, SIGCONT resumes;
 *   - pids are decimal-sized and not reused at once;
 *   - sleep sleeps (the clock moves by at least that much) and SIGKILL
 *     ends a sleeper.
 * GPL-2.0. */
#include "tlib.h"

/* A child that waits to be signalled (sleeping, not spinning). */
static int sleeper(int pgid, int ignore_int)
{
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        if (pgid >= 0 && setpgid(0, pgid) < 0)
            _exit(10);
        if (ignore_int && almos_signal(ALMOS_SIGINT, ALMOS_SIG_IGN) < 0)
            _exit(11);
        for (;;)
            almos_sleep_us(1000000);
    }
    if (pgid >= 0)
        setpgid(pid, pgid ? pgid : pid);    /* both sides: no race */
    return pid;
}

static int reap(int pid)
{
    int st = 0;
    CHECK(waitpid(pid, &st, 0) == pid, "waitpid(%d): %s", pid, strerror(errno));
    return st;
}

static void groups(void)
{
    int me = getpid();
    CHECK(getpgrp() == getpgid(0), "getpgrp %d, getpgid(0) %d", getpgrp(), getpgid(0));
    int a = sleeper(0, 0);                  /* a new group named after a */
    int b = sleeper(a, 0);                  /* b joins it */
    int c = sleeper(-1, 0);                 /* c stays in ours */
    tl_guard_child(c);
    CHECK_EQ(getpgid(a), a);
    CHECK_EQ(getpgid(b), a);
    CHECK_EQ(getpgid(c), getpgrp());
    CHECK_EQ(getsid(a), getsid(0));
    CHECK(kill(-a, ALMOS_SIGTERM) == 0, "kill(-%d): %s", a, strerror(errno));
    int sa = reap(a), sb = reap(b);
    CHECK(WIFSIGNALED(sa) && WTERMSIG(sa) == ALMOS_SIGTERM, "a: %s", tl_status(sa));
    CHECK(WIFSIGNALED(sb) && WTERMSIG(sb) == ALMOS_SIGTERM, "b: %s", tl_status(sb));
    CHECK(kill(c, 0) == 0, "c, outside the group, was signalled too");
    CHECK_ERR(kill(-a, ALMOS_SIGTERM), ESRCH);          /* empty now */
    kill(c, ALMOS_SIGKILL);
    reap(c);
    tl_guard_child(0);
    /* a non-child, an unknown process */
    CHECK_ERR(setpgid(1, 1), ESRCH);
    CHECK_ERR(setpgid(0x7fff0000, 0), ESRCH);
    CHECK_ERR(setpgid(0, -1), EINVAL);
    (void)me;
    printf("groups: kill(-pgid) reached its 2 members only\n");
}

static void sessions(void)
{
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork");
    if (pid == 0) {
        int sid = setsid();
        if (sid != getpid() || getsid(0) != sid || getpgrp() != sid)
            _exit(1);
        if (setsid() != -1 || errno != EPERM)    /* a group leader now */
            _exit(2);
        if (setpgid(0, getppid()) != -1 || errno != EPERM)
            _exit(3);
        _exit(0);
    }
    int st = reap(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "setsid child: %s", tl_status(st));
    /* the group of another session cannot be joined, its members not moved */
    almos_flush_stdio();
    pid = fork();
    if (pid == 0) {
        setsid();
        for (;;)
            almos_sleep_us(1000000);
    }
    tl_guard_child(pid);
    CHECK(tl_wait_state(pid, TL_SLEEP), "session child never slept");
    CHECK_EQ(getsid(pid), pid);
    CHECK_ERR(setpgid(0, pid), EPERM);
    CHECK_ERR(setpgid(pid, getpgrp()), EPERM);
    kill(pid, ALMOS_SIGKILL);
    reap(pid);
    tl_guard_child(0);
    printf("sessions: setsid leads a new session and group\n");
}

static void ignoring(void)
{
    int a = sleeper(-1, 0), b = sleeper(-1, 1);
    tl_guard_child(b);
    CHECK(tl_wait_state(b, TL_SLEEP), "ignoring child never slept");
    CHECK(kill(a, ALMOS_SIGINT) == 0 && kill(b, ALMOS_SIGINT) == 0, "kill INT");
    int sa = reap(a);
    CHECK(WIFSIGNALED(sa) && WTERMSIG(sa) == ALMOS_SIGINT, "SIGINT: %s", tl_status(sa));
    CHECK(kill(b, 0) == 0, "SIGINT ended a process that ignores it");
    kill(b, ALMOS_SIGTERM);
    int sb = reap(b);
    CHECK(WIFSIGNALED(sb) && WTERMSIG(sb) == ALMOS_SIGTERM, "SIGTERM: %s", tl_status(sb));
    tl_guard_child(0);

    /* inherited by fork; back to the default */
    CHECK_EQ(almos_signal(ALMOS_SIGINT, ALMOS_SIG_IGN), ALMOS_SIG_DFL);
    almos_flush_stdio();
    int c = fork();
    if (c == 0) {
        kill(getpid(), ALMOS_SIGINT);
        _exit(almos_signal(ALMOS_SIGINT, ALMOS_SIG_DFL) == ALMOS_SIG_IGN ? 0 : 1);
    }
    int sc = reap(c);
    CHECK(WIFEXITED(sc) && WEXITSTATUS(sc) == 0, "forked ignorer: %s", tl_status(sc));
    CHECK_EQ(almos_signal(ALMOS_SIGINT, ALMOS_SIG_DFL), ALMOS_SIG_IGN);

    CHECK_ERR(almos_signal(ALMOS_SIGKILL, ALMOS_SIG_IGN), EINVAL);
    CHECK_ERR(almos_signal(ALMOS_SIGSTOP, ALMOS_SIG_IGN), EINVAL);
    CHECK_ERR(almos_signal(ALMOS_SIGSEGV, ALMOS_SIG_IGN), EINVAL);
    CHECK_ERR(almos_signal(ALMOS_SIGINT, 7), EINVAL);
    CHECK_ERR(almos_signal(64, ALMOS_SIG_IGN), EINVAL);
    CHECK_ERR(kill(getpid(), 99), EINVAL);
    printf("ignoring: SIGINT ends by default, not when ignored\n");
}

static void stop_report(void)
{
    int a = sleeper(-1, 0);
    tl_guard_child(a);
    CHECK(kill(a, ALMOS_SIGTSTP) == 0, "kill TSTP: %s", strerror(errno));
    int st = 0;
    CHECK(waitpid(a, &st, WUNTRACED) == a, "waitpid WUNTRACED: %s", strerror(errno));
    CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == ALMOS_SIGTSTP, "status %#x, not stopped by "
          "SIGTSTP", st);
    CHECK_EQ(tl_state(a), TL_STOP);
    /* reported once */
    CHECK_EQ(waitpid(a, &st, WUNTRACED | WNOHANG), 0);
    CHECK(kill(a, ALMOS_SIGCONT) == 0, "kill CONT");
    CHECK(tl_wait_state(a, TL_SLEEP), "not running again after SIGCONT");
    kill(a, ALMOS_SIGKILL);
    st = reap(a);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == ALMOS_SIGKILL, "%s", tl_status(st));
    tl_guard_child(0);
    printf("stop: reported once by WUNTRACED, continued by SIGCONT\n");
}

static void pids(void)
{
    int last = 0;
    for (int i = 0; i < 4; i++) {
        almos_flush_stdio();
        int pid = fork();
        if (pid == 0)
            _exit(0);
        CHECK(pid > 0, "fork");
        reap(pid);
        CHECK(pid != last, "pid %d used again at once", pid);
        last = pid;
    }
    printf("pids: 4 children in a row, 4 different pids\n");
}

static void sleeping(void)
{
    uint64_t t0 = almos_clock_ns();
    CHECK_EQ(almos_sleep_us(200000), 0);
    uint64_t dt = almos_clock_ns() - t0;
    CHECK(dt >= 200000000ULL, "slept %lu ns, asked 200 ms", (unsigned long)dt);
    CHECK_ERR(almos_sleep_us(100000ULL * 1000000), EINVAL);
    int a = sleeper(-1, 0);
    tl_guard_child(a);
    CHECK(tl_wait_state(a, TL_SLEEP), "a sleeper is not shown sleeping");
    kill(a, ALMOS_SIGKILL);
    int st = reap(a);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == ALMOS_SIGKILL, "%s", tl_status(st));
    tl_guard_child(0);
    printf("sleep: 200 ms took %lu ms\n", (unsigned long)(dt / 1000000));
}

int main(void)
{
    groups();
    sessions();
    ignoring();
    stop_report();
    pids();
    sleeping();
    printf("t_jobctl: ok\n");
    return 0;
}
