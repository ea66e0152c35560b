/* t_apps - the parallel applications (/bin/matmul, /bin/psort, /bin/fft) with
 * 1, 2 and 4 threads at their default sizes, each through fork + exec +
 * wait: exit 0, the line "APP: worker clusters C0 C1 ..." naming where each
 * worker ran (worker i in cluster (i / H) % C, H the harts of cluster 0,
 * C the clusters), then "APP threads=T size=S cycles=N ok" (each app
 * checks its own result).  Also a bad thread count is refused (exit 2).
 * GPL-2.0. */
#include "tlib.h"

/* runs /bin/app with argv, its stdout and stderr in buf; returns the status */
static int run_app(char *const argv[], char *buf, size_t size)
{
    char path[64];
    snprintf(path, sizeof(path), "/bin/%s", argv[0]);
    int p[2];
    CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        dup2(p[1], 2);
        if (p[1] > 2)
            close(p[1]);
        execv(path, argv);
        printf("cannot exec %s: %s\n", path, strerror(errno));
        almos_flush_stdio();
        _exit(127);
    }
    close(p[1]);
    size_t len = 0;
    ssize_t n;
    while (len + 1 < size && (n = read(p[0], buf + len, size - 1 - len)) > 0)
        len += (size_t)n;
    char sink[64];
    while (read(p[0], sink, sizeof(sink)) > 0)
        ;
    buf[len] = 0;
    close(p[0]);
    int st = 0;
    CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
    return st;
}

int main(void)
{
    static const char *const apps[] = { "matmul", "psort", "fft" };
    static const char *const threads[] = { "1", "2", "4" };
    char buf[512], want[128];
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    unsigned hpc = cfg.harts_per_cluster[0] ? cfg.harts_per_cluster[0] : 1;
    for (unsigned a = 0; a < 3; a++)
        for (unsigned t = 0; t < 3; t++) {
            char *argv[] = { (char *)apps[a], (char *)threads[t], NULL };
            int st = run_app(argv, buf, sizeof(buf));
            printf("%s %s: %s", apps[a], threads[t], buf);
            CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s %s: %s: %s",
                  apps[a], threads[t], tl_status(st), buf);
            int len = snprintf(want, sizeof(want), "%s: worker clusters", apps[a]);
            for (unsigned i = 0; i < (unsigned)atoi(threads[t]); i++)
                len += snprintf(want + len, sizeof(want) - (size_t)len, " %u",
                                (i / hpc) % cfg.clusters);
            snprintf(want + len, sizeof(want) - (size_t)len, "\n");
            CHECK(strncmp(buf, want, strlen(want)) == 0, "%s %s: placement: %s, expected %s",
                  apps[a], threads[t], buf, want);
            const char *result = buf + strlen(want);
            snprintf(want, sizeof(want), "%s threads=%s size=", apps[a], threads[t]);
            CHECK(strncmp(result, want, strlen(want)) == 0 && strstr(result, " cycles=") &&
                  strstr(result, " ok\n") && !strstr(buf, "FAIL"),
                  "%s %s: unexpected output: %s", apps[a], threads[t], buf);
        }
    for (unsigned a = 0; a < 3; a++) {
        char *argv[] = { (char *)apps[a], "0", NULL };
        int st = run_app(argv, buf, sizeof(buf));
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 2, "%s 0: %s, expected exit 2",
              apps[a], tl_status(st));
    }
    return 0;
}
