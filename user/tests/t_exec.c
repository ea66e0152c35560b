/* t_exec - exec with arguments and environment (t_exec_helper checks
 * them); a failing exec returns ENOENT and the process goes on; exec
 * replaces the image (the helper's exit status comes back).  GPL-2.0. */
#include "tlib.h"

static void do_exec(void *arg)
{
    (void)arg;
    char *argv[] = { "t_exec_helper", "one", "two words", "",
                     "a-much-longer-argument-0123456789-0123456789", NULL };
    char *envp[] = { "FOO=bar", "EMPTY=", "PATH=/bin:/tests", NULL };
    execve("/tests/t_exec_helper", argv, envp);
    printf("FAIL: execve: %s\n", strerror(errno));
    almos_flush_stdio();
    _exit(99);
}

static void do_exit_code(void *arg)
{
    char *argv[] = { "t_exec_helper", "exit", (char *)arg, NULL };
    execv("/tests/t_exec_helper", argv);
    _exit(99);
}

static void do_execvp(void *arg)
{
    (void)arg;
    char *argv[] = { "echo", "execvp", "works", NULL };
    execvp("echo", argv);
    _exit(99);
}

int main(void)
{
    int st = tl_run_child(do_exec, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "helper: %s (10+: argv, 20+: envp mismatch, see t_exec_helper.c)",
          tl_status(st));
    st = tl_run_child(do_exit_code, "42");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "exit code: %s", tl_status(st));
    st = tl_run_child(do_execvp, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "execvp echo: %s", tl_status(st));

    /* failures return, the process continues */
    char *argv[] = { "none", NULL };
    CHECK_ERR(execv("/tests/does-not-exist", argv), ENOENT);
    /* a directory is not executable: any error is fine, but we are alive */
    errno = 0;
    CHECK(execv("/tests", argv) == -1 && errno != 0, "exec of a directory");
    long marker = 1234;
    CHECK_EQ(marker, 1234);
    return 0;
}
