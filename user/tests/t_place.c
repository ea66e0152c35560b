/*
 * t_place - processes placed in other clusters: place_fork() puts the
 * child where it says (its pid names that cluster); the child reads and
 * writes files, pipes and the console of the VFS cluster, execs there,
 * is waited for and killed from its parent's cluster; a process with
 * threads in every cluster (ps shows each cluster's count), killed, gives
 * every cluster all its pages back.  Without place_fork the kernel spreads children by load.
 * From every cluster a thread can be made on every core of every cluster,
 * however many cores each has (uneven machines), and not on a core past
 * the target cluster's last one.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include "tlib.h"

static unsigned clusters;
static volatile int spin = 1;

static unsigned cluster_of(int pid)
{
    return (unsigned)pid >> 16;
}

/* fork() with place_fork(cxy); the child runs fn(cxy) then exits 0. */
static int fork_in(unsigned cxy, void (*fn)(unsigned))
{
    almos_flush_stdio();
    CHECK(place_fork(cxy) == 0, "place_fork(%u): %s", cxy, strerror(errno));
    int pid = fork();
    CHECK(pid >= 0, "fork to cluster %u: %s", cxy, strerror(errno));
    if (pid == 0) {
        fn(cxy);
        _exit(0);
    }
    CHECK(cluster_of(pid) == cxy, "child %d placed in cluster %u, not %u", pid,
          cluster_of(pid), cxy);
    return pid;
}

static int wait_for(int pid)
{
    int st;
    CHECK(waitpid(pid, &st, 0) == pid, "waitpid(%d): %s", pid, strerror(errno));
    return st;
}

/* The child: its pid, a file it writes, a pipe to the parent. */
static int pipe_fd[2];

static void in_child_files(unsigned cxy)
{
    if (cluster_of(getpid()) != cxy)
        _exit(20);
    char path[32], buf[64];
    snprintf(path, sizeof(path), "/tmp/place%u", cxy);
    int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
    if (fd < 0)
        _exit(21);
    int n = snprintf(buf, sizeof(buf), "written in cluster %u", cxy);
    if (write(fd, buf, n) != n || lseek(fd, 0, SEEK_SET) != 0)
        _exit(22);
    char back[64] = { 0 };
    if (read(fd, back, sizeof(back)) != n || memcmp(back, buf, n) != 0)
        _exit(23);
    close(fd);
    close(pipe_fd[0]);
    if (write(pipe_fd[1], buf, n) != n)
        _exit(24);
    close(pipe_fd[1]);
    printf("child %d: hello from cluster %u\n", getpid(), cxy);
    fflush(stdout);
}

static void files_and_pipes(void)
{
    for (unsigned c = 0; c < clusters; c++) {
        CHECK(pipe(pipe_fd) == 0, "pipe");
        int pid = fork_in(c, in_child_files);
        close(pipe_fd[1]);
        char buf[64] = { 0 }, want[64];
        int n = snprintf(want, sizeof(want), "written in cluster %u", c);
        int got = 0, r;
        while ((r = read(pipe_fd[0], buf + got, sizeof(buf) - 1 - got)) > 0)
            got += r;
        close(pipe_fd[0]);
        int st = wait_for(pid);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child in cluster %u: %s", c,
              tl_status(st));
        CHECK(got == n && memcmp(buf, want, n) == 0, "pipe from cluster %u: \"%s\"", c, buf);
        char path[32];
        snprintf(path, sizeof(path), "/tmp/place%u", c);
        int fd = open(path, O_RDONLY);
        CHECK(fd >= 0, "open %s", path);
        memset(buf, 0, sizeof(buf));
        CHECK(read(fd, buf, sizeof(buf)) == n && memcmp(buf, want, n) == 0,
              "%s holds \"%s\"", path, buf);
        close(fd);
        CHECK(unlink(path) == 0, "unlink %s", path);
    }
}

/* exec in the child's cluster: the new image stays there. */
static void in_child_exec(unsigned cxy)
{
    (void)cxy;
    char *argv[] = { "t_exec_helper", "cluster", NULL };
    execv("/tests/t_exec_helper", argv);
    _exit(99);
}

static void exec_placed(void)
{
    for (unsigned c = 0; c < clusters; c++) {
        int st = wait_for(fork_in(c, in_child_exec));
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == (int)c,
              "exec in cluster %u: %s (helper exits with its cluster)", c, tl_status(st));
    }
}

/* kill from the parent's cluster, of a child spinning in another one */
static void in_child_spin(unsigned cxy)
{
    (void)cxy;
    while (spin)
        ;
}

static void kill_placed(void)
{
    for (unsigned c = 0; c < clusters; c++) {
        int pid = fork_in(c, in_child_spin);
        CHECK(kill(pid, 0) == 0, "kill(%d, 0): %s", pid, strerror(errno));
        CHECK(kill(pid, SIGKILL) == 0, "kill(%d, SIGKILL): %s", pid, strerror(errno));
        int st = wait_for(pid);
        CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child in cluster %u: %s", c,
              tl_status(st));
        CHECK(kill(pid, 0) == -1 && errno == ESRCH, "kill(reaped %d, 0) is not ESRCH", pid);
    }
}

/* A process placed in the last cluster with a thread in every cluster
 * (its own included), killed: every page of every cluster comes back. */
static void *spinner(void *arg)
{
    (void)arg;
    while (spin)
        ;
    return NULL;
}

static void in_child_threads(unsigned cxy)
{
    (void)cxy;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    for (unsigned c = 0; c < clusters; c++) {
        pthread_t t;
        pthread_attr_setcluster(&attr, c);
        if (pthread_create(&t, &attr, spinner, NULL))
            _exit(30);
        volatile char *p = malloc(3 * 4096);     /* heap pages of the reference */
        if (p)
            p[0] = p[4096] = p[8192] = 1;
    }
    for (;;)
        sched_yield();
}

/* True once ps counts for <pid> a thread in every cluster (its main
 * thread and one more in the last); false after too long. */
static int ps_threads_everywhere(int pid)
{
    for (int tries = 0; tries < 20000; tries++) {
        struct almos_process_info pi;
        int ok = tl_process_info(pid, &pi) && pi.threads == clusters + 1;
        for (unsigned c = 0; ok && c < clusters; c++)
            ok &= pi.threads_in[c] == (c == clusters - 1 ? 2u : 1u);
        if (ok)
            return 1;
        sched_yield();
    }
    return 0;
}

static void kill_threads_everywhere(void *arg)
{
    (void)arg;
    int pid = fork_in(clusters - 1, in_child_threads);
    /* the threads started everywhere, as ps tells (cluster of each) */
    CHECK(ps_threads_everywhere(pid), "ps never showed a thread of %d in each cluster", pid);
    CHECK(kill(pid, SIGKILL) == 0, "kill: %s", strerror(errno));
    int st = wait_for(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "child: %s", tl_status(st));
}

/* without place_fork, the load policy: N sleeping children go to more
 * than one cluster */
static void in_child_wait(unsigned cxy)
{
    (void)cxy;
    char c;
    (void)read(pipe_fd[0], &c, 1);           /* until the parent closes */
}

static void spread_by_load(void)
{
    enum { N = 8 };
    int pids[N];
    unsigned seen = 0;
    CHECK(pipe(pipe_fd) == 0, "pipe");
    for (int i = 0; i < N; i++) {
        almos_flush_stdio();
        pids[i] = fork();
        CHECK(pids[i] >= 0, "fork: %s", strerror(errno));
        if (pids[i] == 0) {
            close(pipe_fd[1]);
            in_child_wait(0);
            _exit(0);
        }
        seen |= 1u << cluster_of(pids[i]);
    }
    close(pipe_fd[1]);
    close(pipe_fd[0]);
    for (int i = 0; i < N; i++) {
        int st = wait_for(pids[i]);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child %d: %s", pids[i], tl_status(st));
    }
    CHECK(__builtin_popcount(seen) > 1, "%d children all in one cluster (mask %x)", N, seen);
}

static void *note_core(void *arg)
{
    (void)arg;
    return NULL;
}

/* In cluster <from>: a thread on each core of each cluster. */
static void in_child_cores(unsigned from)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    for (unsigned c = 0; c < cfg.clusters; c++) {
        for (unsigned l = 0; l <= cfg.harts_per_cluster[c]; l++) {
            pthread_attr_t attr;
            pthread_t t;
            pthread_attr_init(&attr);
            pthread_attr_setcluster(&attr, c);
            pthread_attr_setcore(&attr, l);
            int e = pthread_create(&t, &attr, note_core, NULL);
            if (l == cfg.harts_per_cluster[c]) {
                CHECK(e == EINVAL, "from cluster %u: core %u of cluster %u (%u cores) "
                      "accepted", from, l, c, cfg.harts_per_cluster[c]);
                continue;
            }
            CHECK(e == 0, "from cluster %u: thread on core %u of cluster %u: %s", from, l, c,
                  strerror(e));
            CHECK(pthread_join(t, NULL) == 0, "join");
        }
    }
}

static void cores_everywhere(void)
{
    for (unsigned c = 0; c < clusters; c++) {
        int st = wait_for(fork_in(c, in_child_cores));
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cores from cluster %u: %s", c,
              tl_status(st));
    }
    printf("threads on every core of every cluster, from every cluster\n");
}

int main(void)
{
    struct almos_config cfg;
    CHECK(almos_get_config(&cfg) == 0, "get_config");
    clusters = cfg.clusters;
    CHECK(place_fork(clusters) == -1 && errno == EINVAL, "place_fork(%u) accepted", clusters);
    if (clusters < 2) {
        printf("skip: one cluster (only the bad argument checked)\n");
        return 0;
    }
    files_and_pipes();
    exec_placed();
    kill_placed();
    kill_threads_everywhere(NULL);            /* warm-up */
    tl_check_pages_back(kill_threads_everywhere, NULL);
    spread_by_load();
    cores_everywhere();
    return 0;
}
