/*
 * utest [-v] [-x name,...] [name...] - the user test suite runner
 * (installed as /bin/utest).  Without names it runs every program
 * /tests/t_* it finds, in name order, but those of the skip list below
 * (each with its reason, printed).  Runs each test program /tests/<name>
 * (fork + exec + wait)
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
#include <dirent.h>
#include "almos.h"

/* Programs of /tests that are not tests of their own. */
static const struct { const char *name, *why; } skip_list[] = {
    { "t_exec_helper", "the program t_exec runs, not a test" },
};

#define MAX_TESTS 128
static char found[MAX_TESTS][64];
static int found_nr;

static int by_name(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* The t_* programs of /tests, sorted; the skipped ones said. */
static void find_tests(void)
{
    DIR *d = opendir("/tests");
    if (!d) {
        printf("utest: /tests: %s\n", strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "t_", 2) != 0 || e->d_type != DT_REG)
            continue;
        int skip = 0;
        for (size_t k = 0; k < sizeof(skip_list) / sizeof(skip_list[0]); k++)
            if (strcmp(skip_list[k].name, e->d_name) == 0) {
                printf("utest: not running %s: %s\n", e->d_name, skip_list[k].why);
                skip = 1;
            }
        if (!skip && found_nr < MAX_TESTS)
            snprintf(found[found_nr++], sizeof(found[0]), "%s", e->d_name);
    }
    closedir(d);
    qsort(found, (size_t)found_nr, sizeof(found[0]), by_name);
}

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
        find_tests();
        if (found_nr == 0)
            failed++;                       /* no test found is a failure */
        for (int t = 0; t < found_nr; t++)
            if (!skipped(found[t], except))
                run_test(found[t]) ? passed++ : failed++;
    }
    /* orphans of the tests may be ours if we are init's stand-in */
    int st;
    while (waitpid(-1, &st, WNOHANG) > 0)
        ;
    printf("utest: %d passed, %d failed\n", passed, failed);
    almos_flush_stdio();
    return failed > 255 ? 255 : failed;
}
