/*
 * utest [-v] [name...] - the user test suite runner (installed as
 * /bin/utest).  Runs each test program /tests/<name> (fork + exec + wait)
 * with its stdout and stderr captured through a pipe, prints
 *   [ ok ] name
 *   [FAIL] name (reason)
 * (the reason is the test's last "FAIL: " line, or how it ended), the
 * test's output under a failure (or always with -v), and finally
 *   utest: N passed, M failed
 * and exits with status M (capped at 255).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "almos.h"

static const char *const all_tests[] = {
    "t_files", "t_demand", "t_stackovf", "t_fork", "t_cow3", "t_forkleak",
    "t_exec", "t_wait", "t_orphan", "t_mmap", "t_munmap", "t_thread",
    "t_mutex", "t_condvar", "t_barrier", "t_sem", "t_illegal", "t_efault",
    "t_badelf", "t_shell", "t_tlb", "t_signal", "t_apps", "t_rexit", "t_place", "t_shared",
    "t_contend", "t_faultipi", "t_sleep", "t_usync",
    "t_xvmm",
};

#define OUT_MAX 4096
static char out[OUT_MAX + 1];

static int verbose;

static void show_output(size_t len)
{
    out[len] = 0;
    char *line = out;
    while (*line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        printf("    %s\n", line);
        if (!nl)
            break;
        line = nl + 1;
    }
}

/* the reason: the last "FAIL: " line of the output */
static void reason(size_t len, char *buf, size_t size)
{
    buf[0] = 0;
    out[len] = 0;
    char *p = out, *best = NULL;
    while ((p = strstr(p, "FAIL: ")) != NULL) {
        best = p + 6;
        p += 6;
    }
    if (!best)
        return;
    size_t n = strcspn(best, "\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, best, n);
    buf[n] = 0;
}

/* True when <name> is one of the comma-separated names of <list>. */
static int skipped(const char *name, const char *list)
{
    size_t n = strlen(name);
    for (const char *p = list; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
        if (strncmp(p, name, n) == 0 && (p[n] == ',' || p[n] == 0))
            return 1;
    return 0;
}

static int run_test(const char *name)
{
    char path[128];
    snprintf(path, sizeof(path), "/tests/%s", name);
    int p[2];
    if (pipe(p) < 0) {
        printf("[FAIL] %s (pipe: %s)\n", name, strerror(errno));
        return 0;
    }
    almos_flush_stdio();
    int pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        printf("[FAIL] %s (fork: %s)\n", name, strerror(errno));
        return 0;
    }
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        dup2(p[1], 2);
        if (p[1] > 2)
            close(p[1]);
        char *argv[] = { (char *)name, NULL };
        execv(path, argv);
        printf("FAIL: cannot exec %s: %s\n", path, strerror(errno));
        almos_flush_stdio();
        _exit(127);
    }
    close(p[1]);
    /* keep the last OUT_MAX bytes of the output */
    size_t len = 0;
    char chunk[256];
    ssize_t n;
    while ((n = read(p[0], chunk, sizeof(chunk))) > 0) {
        if (len + (size_t)n > OUT_MAX) {
            size_t drop = len + (size_t)n - OUT_MAX;
            if (drop > len)
                drop = len;
            memmove(out, out + drop, len - drop);
            len -= drop;
        }
        memcpy(out + len, chunk, (size_t)n);
        len += (size_t)n;
    }
    close(p[0]);
    int st = 0;
    int r;
    while ((r = waitpid(pid, &st, 0)) < 0 && errno != ECHILD)
        ;
    int ok = r == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
    if (ok) {
        printf("[ ok ] %s\n", name);
        if (verbose)
            show_output(len);
        return 1;
    }
    char why[160];
    reason(len, why, sizeof(why));
    if (!why[0]) {
        if (r != pid)
            snprintf(why, sizeof(why), "waitpid: %s", strerror(errno));
        else if (WIFSIGNALED(st))
            snprintf(why, sizeof(why), "killed by signal %d", WTERMSIG(st));
        else
            snprintf(why, sizeof(why), "exit %d", WEXITSTATUS(st));
    }
    printf("[FAIL] %s (%s)\n", name, why);
    show_output(len);
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "-v") == 0) {
        verbose = 1;
        i++;
    }
    /* -x NAME: every test but NAME (said on the output) */
    const char *except = NULL;
    /* -x NAME[,NAME...]: skip those */
    if (i + 1 < argc && strcmp(argv[i], "-x") == 0) {
        except = argv[i + 1];
        printf("utest: skipping %s, as asked\n", except);
        i += 2;
    }
    int passed = 0, failed = 0;
    if (i < argc) {
        for (; i < argc; i++)
            run_test(argv[i]) ? passed++ : failed++;
    } else {
        for (size_t t = 0; t < sizeof(all_tests) / sizeof(all_tests[0]); t++)
            if (!skipped(all_tests[t], except))
                run_test(all_tests[t]) ? passed++ : failed++;
    }
    /* orphans of the tests may be ours if we are init's stand-in */
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0)
        ;
    printf("utest: %d passed, %d failed\n", passed, failed);
    almos_flush_stdio();
    return failed > 255 ? 255 : failed;
}
