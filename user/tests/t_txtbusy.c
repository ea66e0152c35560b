/* t_txtbusy - a program file cannot change while it runs (ETXTBSY, as on
 * Unix): while a process runs a copy of cat, opening that file for
 * writing, with or without O_TRUNC, fails with ETXTBSY and its content
 * stays; reading it is fine; once the process is gone it may be written
 * again.  The other way round, exec of a file open for writing fails with
 * ETXTBSY.  (Truncating a running program used to kill it with SIGILL.)
 * GPL-2.0. */
#include <fcntl.h>
#include <sys/stat.h>
#include "tlib.h"

#define COPY "/tmp/t_txtbusy_cat"

/* Copies /bin/cat to COPY; returns its size. */
static long copy_cat(void)
{
    static char buf[4096];
    int in = open("/bin/cat", O_RDONLY);
    CHECK(in >= 0, "open /bin/cat: %s", strerror(errno));
    int out = open(COPY, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    CHECK(out >= 0, "create %s: %s", COPY, strerror(errno));
    long total = 0, n;
    while ((n = read(in, buf, sizeof(buf))) > 0) {
        CHECK(write(out, buf, (size_t)n) == n, "write %s: %s", COPY, strerror(errno));
        total += n;
    }
    CHECK(n == 0, "read /bin/cat: %s", strerror(errno));
    close(in);
    close(out);
    return total;
}

static long file_size(const char *path)
{
    struct stat st;
    CHECK(stat(path, &st) == 0, "stat %s: %s", path, strerror(errno));
    return (long)st.st_size;
}

static void exec_copy(void *arg)
{
    (void)arg;
    char *argv[] = { "cat", NULL };
    execv(COPY, argv);
    _exit(errno == ETXTBSY ? 0 : 1);
}

int main(void)
{
    long size = copy_cat();

    /* the copy runs: cat echoes through two pipes, so it is past exec */
    int to[2], from[2];
    CHECK(pipe(to) == 0 && pipe(from) == 0, "pipe: %s", strerror(errno));
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        dup2(to[0], 0);
        dup2(from[1], 1);
        close(to[0]); close(to[1]); close(from[0]); close(from[1]);
        char *argv[] = { "cat", NULL };
        execv(COPY, argv);
        _exit(99);
    }
    tl_guard_child(pid);
    close(to[0]);
    close(from[1]);
    char c = 0;
    CHECK(write(to[1], "x", 1) == 1, "write to cat: %s", strerror(errno));
    CHECK(read(from[0], &c, 1) == 1 && c == 'x', "cat did not echo (got %d)", c);

    CHECK_ERR(open(COPY, O_WRONLY), ETXTBSY);
    CHECK_ERR(open(COPY, O_RDWR | O_TRUNC), ETXTBSY);
    CHECK_ERR(open(COPY, O_WRONLY | O_CREAT | O_TRUNC, 0755), ETXTBSY);
    CHECK_EQ(file_size(COPY), size);
    int r = open(COPY, O_RDONLY);
    CHECK(r >= 0, "open read-only while it runs: %s", strerror(errno));
    close(r);
    /* and cat still works */
    CHECK(write(to[1], "y", 1) == 1, "write to cat: %s", strerror(errno));
    CHECK(read(from[0], &c, 1) == 1 && c == 'y', "cat died (got %d)", c);

    close(to[1]);                                   /* end of input: cat exits */
    int st = 0;
    CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
    tl_guard_child(0);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cat: %s", tl_status(st));
    close(from[0]);

    /* no process runs it: writable again */
    int w = open(COPY, O_WRONLY);
    CHECK(w >= 0, "open for writing after the end of cat: %s", strerror(errno));
    /* and while it is open for writing, exec refuses it */
    st = tl_run_child(exec_copy, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "exec of a file open for writing: %s (1: not ETXTBSY)", tl_status(st));
    close(w);
    CHECK(unlink(COPY) == 0, "unlink: %s", strerror(errno));
    return 0;
}
