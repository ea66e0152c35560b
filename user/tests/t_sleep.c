/*
 * t_sleep - a thread waiting for input sleeps: it is blocked (ps state
 * "sleep": every thread of the process blocked), not polling, and the
 * event wakes it, from any cluster:
 *   - a reader of an empty pipe, in our cluster and in another one, woken
 *     by our write;
 *   - a writer of a full pipe, woken when we read;
 *   - a reader of the tty (no input comes), woken by SIGKILL: it ends
 *     with that signal.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <fcntl.h>
#include "tlib.h"

#define PIPE_BYTES 4096           /* the kernel's pipe size */

/* A child in cluster <cxy> reads one byte of an empty pipe. */
static void sleeping_reader(unsigned cxy)
{
    int p[2];
    CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
    almos_flush_stdio();
    CHECK(place_fork(cxy) == 0, "place_fork(%u)", cxy);
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        char c = 0;
        close(p[1]);
        _exit(read(p[0], &c, 1) == 1 && c == 'x' ? 0 : 1);
    }
    close(p[0]);
    tl_guard_child(pid);
    CHECK(tl_wait_state(pid, TL_SLEEP), "reader in cluster %u: ps state %d, expected 3 (sleep)",
          cxy, tl_state(pid));
    CHECK_EQ(write(p[1], "x", 1), 1);
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    tl_guard_child(0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "reader in cluster %u: %s", cxy,
          tl_status(st));
    close(p[1]);
    printf("reader in cluster %u slept, woken by the write\n", cxy);
}

/* A child writes twice the pipe's size into a pipe nobody reads yet. */
static void sleeping_writer(void)
{
    int p[2];
    CHECK(pipe(p) == 0, "pipe: %s", strerror(errno));
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        static char buf[2 * PIPE_BYTES];
        memset(buf, 'w', sizeof(buf));
        close(p[0]);
        size_t done = 0;
        while (done < sizeof(buf)) {
            ssize_t n = write(p[1], buf + done, sizeof(buf) - done);
            if (n <= 0)
                _exit(1);
            done += (size_t)n;
        }
        _exit(0);
    }
    close(p[1]);
    tl_guard_child(pid);
    CHECK(tl_wait_state(pid, TL_SLEEP), "writer: ps state %d, expected 3 (sleep)", tl_state(pid));
    static char in[2 * PIPE_BYTES];
    size_t got = 0;
    ssize_t n;
    while ((n = read(p[0], in + got, sizeof(in) - got)) > 0)
        got += (size_t)n;
    CHECK_EQ(got, sizeof(in));
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    tl_guard_child(0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer: %s", tl_status(st));
    close(p[0]);
    printf("writer slept on a full pipe, woken by the reads\n");
}

/* A child reads the tty, where nothing comes; SIGKILL wakes and ends it. */
static void killed_tty_reader(void)
{
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        int fd = open("/dev/tty", O_RDONLY);
        char c;
        if (fd >= 0)
            (void)read(fd, &c, 1);
        _exit(2);
    }
    tl_guard_child(pid);
    CHECK(tl_wait_state(pid, TL_SLEEP), "tty reader: ps state %d, expected 3 (sleep)",
          tl_state(pid));
    CHECK_EQ(kill(pid, ALMOS_SIGKILL), 0);
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    tl_guard_child(0);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == ALMOS_SIGKILL, "tty reader: %s, expected "
          "killed by %d", tl_status(st), ALMOS_SIGKILL);
    printf("tty reader slept, ended by SIGKILL\n");
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    unsigned me = (unsigned)getpid() >> 16;
    sleeping_reader(me);
    if (cfg.clusters > 1)
        sleeping_reader((me + 1) % cfg.clusters);
    sleeping_writer();
    killed_tty_reader();
    return 0;
}
