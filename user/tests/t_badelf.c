/* t_badelf - exec of malformed ELF files (the files of /tests/bad, made by
 * user/tools/mkbadelf.py) fails with ENOEXEC (or EINVAL) and the process
 * continues, its memory intact.  GPL-2.0. */
#include <dirent.h>
#include "tlib.h"

static long canary = 0x5a5a5a5a;

static void try_exec(void *arg)
{
    const char *path = arg;
    char *argv[] = { (char *)path, NULL };
    char *envp[] = { NULL };
    long stack_canary = 0x1234;
    errno = 0;
    int r = execve(path, argv, envp);
    int e = errno;
    if (r != -1 || (e != ENOEXEC && e != EINVAL)) {
        printf("FAIL: %s: exec returned %d errno %d (%s)\n", path, r, e, strerror(e));
        almos_flush_stdio();
        _exit(1);
    }
    if (canary != 0x5a5a5a5a || stack_canary != 0x1234) {
        printf("FAIL: %s: memory changed by the failed exec\n", path);
        almos_flush_stdio();
        _exit(2);
    }
    _exit(0);
}

int main(void)
{
    DIR *d = opendir("/tests/bad");
    CHECK(d, "opendir /tests/bad: %s", strerror(errno));
    static char names[32][80];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < 32) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(names[n++], sizeof(names[0]), "/tests/bad/%s", e->d_name);
    }
    closedir(d);
    CHECK(n >= 8, "only %d files in /tests/bad", n);
    for (int i = 0; i < n; i++) {
        int st = tl_run_child(try_exec, names[i]);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: %s", names[i], tl_status(st));
        printf("%s: refused\n", names[i]);
    }
    /* and in this very process */
    char *argv[] = { "bad", NULL };
    errno = 0;
    CHECK(execv(names[0], argv) == -1 && (errno == ENOEXEC || errno == EINVAL),
          "%s in the test process: errno %d", names[0], errno);
    CHECK_EQ(canary, 0x5a5a5a5a);
    /* a good exec still works */
    char *good[] = { "t_exec_helper", "exit", "7", NULL };
    int pid = fork();
    if (pid == 0) {
        execv("/tests/t_exec_helper", good);
        _exit(99);
    }
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "good exec after bad ones: %s", tl_status(st));
    return 0;
}
