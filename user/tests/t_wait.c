/* t_wait - exit statuses through wait and waitpid, WNOHANG, ECHILD.
 * GPL-2.0. */
#include "tlib.h"

static void exit_with(void *arg)
{
    almos_flush_stdio();
    exit((int)(long)arg);
}

static void returns_from_main_like(void *arg)
{
    (void)arg;
}

int main(void)
{
    static const int codes[] = { 0, 1, 42, 127, 255 };
    for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
        int st = tl_run_child(exit_with, (void *)(long)codes[i]);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == codes[i],
              "exit(%d) gave %s", codes[i], tl_status(st));
    }
    int st = tl_run_child(returns_from_main_like, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", tl_status(st));

    /* three children, reaped with wait(-1) in any order */
    int pids[3], seen = 0;
    for (int i = 0; i < 3; i++) {
        pids[i] = fork();
        CHECK(pids[i] >= 0, "fork");
        if (pids[i] == 0)
            _exit(10 + i);
    }
    for (int i = 0; i < 3; i++) {
        int pid = wait(&st);
        CHECK(pid > 0, "wait: %s", strerror(errno));
        int k;
        for (k = 0; k < 3 && pids[k] != pid; k++)
            ;
        CHECK(k < 3, "wait returned %d, not one of our children", pid);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 10 + k, "child %d: %s", k, tl_status(st));
        seen |= 1 << k;
    }
    CHECK_EQ(seen, 7);
    CHECK_ERR(wait(&st), ECHILD);
    CHECK_ERR(waitpid(12345, &st, 0), ECHILD);

    /* WNOHANG: 0 while the child runs */
    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    int pid = fork();
    CHECK(pid >= 0, "fork");
    if (pid == 0) {
        char c;
        close(p[1]);
        read(p[0], &c, 1);          /* until the parent says go */
        _exit(5);
    }
    close(p[0]);
    CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
    CHECK_EQ(write(p[1], "g", 1), 1);
    close(p[1]);
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "%s", tl_status(st));

    /* a NULL status pointer is allowed */
    pid = fork();
    if (pid == 0)
        _exit(0);
    CHECK_EQ(waitpid(pid, NULL, 0), pid);
    return 0;
}
