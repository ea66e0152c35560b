/*
 * sysfuzz - a seedable system-call fuzzer: the kernel must answer every
 * call with a result or an error, never panic or hang.
 *
 *   sysfuzz [-s SEED] [-n CALLS] [-b BATCH] [-t THREADS] [-w MS] [-g MS]
 *           [-f FIRST] [-v LEVEL]
 *
 * The calls run in batches of BATCH calls, each batch in a child process
 * with THREADS threads spread over the machine's clusters (so the calls
 * also run in process copies), each thread drawing its calls from its own
 * generator seeded by (SEED, batch, thread): a batch is reproducible alone
 * with `-s SEED -f BATCH -n CALLS` (-f: the first batch run; -v 2 prints
 * each batch's number as it starts, so the one running at a panic is
 * known).  A thread picks a system call number
 * (every number below SYS_NR, and a few past it), then each argument by
 * its kind (file descriptor, pointer to read or to write, path, length,
 * flags, process id, synchronisation object, small integer): valid values
 * most of the time, and the usual bad ones (NULL, kernel addresses,
 * unmapped, misaligned, page-crossing, huge, negative).
 *
 * Some calls may block for good by design (a read of an empty pipe, a
 * semaphore at 0, a barrier of 2): a batch still running after its
 * watchdog (-w, milliseconds, default 300) is killed with SIGKILL.  That
 * the kill ends it is checked too: a batch still there 20 s (-g, ms) after
 * its kill is reported as a hang; with -g 0 sysfuzz waits for it however
 * long, and whoever runs it judges a hang by its own timeout (make test
 * does: no verdict there on the speed of a loaded host).  Calls that would take the machine or the shell with
 * them are never made: halt, kill of other processes than the batch
 * itself, exec of a real program, writes outside /tmp.
 *
 * The batch's standard descriptors are files in /tmp, so random writes
 * stay off the console and random reads never wait for the keyboard.
 *
 * Prints the calls made and the batches that ended otherwise than by exit
 * (a signal from a fault of its own is normal: random munmap of its own
 * stack, say), and exits 1 if a batch hung.  A kernel panic ends the
 * machine, and with it the run: whoever runs sysfuzz checks for its last
 * line.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "almos.h"

#define MAX_THREADS   16
#define SCRATCH_SIZE  8192
#define EXTRA_NUMBERS 4          /* numbers past SYS_NR, which must give ENOSYS */
#define KILL_GRACE_MS 20000L    /* a killed batch gone later than this is a hang */

/* ------------------------------------------------------------ random -- */

typedef struct rng_s { uint64_t s; } rng_t;

/* splitmix64: small, good enough, and the same on every machine */
static uint64_t rnd(rng_t *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t below(rng_t *r, uint64_t n) { return n ? rnd(r) % n : 0; }

/* ------------------------------------------------- argument kinds -- */

enum kind { K_INT, K_FD, K_RBUF, K_WBUF, K_PATH, K_WPATH, K_LEN, K_FLAGS, K_PID, K_SYNC,
            K_SYNCOP, K_MMAP, K_ADDR, K_CXY, K_SIG, K_FDARR, K_USEC, K_NONE };

/* Per system call: the kinds of its arguments; K_NONE ends the list.  A
 * number not described here gets random words. */
static const struct desc { int nr; unsigned char k[6]; unsigned weight; } descs[] = {
    { SYS_FORK,          { K_NONE }, 1 },
    { SYS_WAIT,          { K_PID, K_WBUF, K_FLAGS, K_NONE }, 2 },
    { SYS_GETPID,        { K_NONE }, 1 },
    { SYS_GETPPID,       { K_NONE }, 1 },
    { SYS_KILL,          { K_PID, K_SIG, K_NONE }, 1 },
    { SYS_MMAP,          { K_MMAP, K_NONE }, 4 },
    { SYS_MUNMAP,        { K_ADDR, K_LEN, K_NONE }, 3 },
    { SYS_OPEN,          { K_PATH, K_FLAGS, K_INT, K_NONE }, 4 },
    { SYS_READ,          { K_FD, K_WBUF, K_LEN, K_NONE }, 4 },
    { SYS_WRITE,         { K_FD, K_RBUF, K_LEN, K_NONE }, 4 },
    { SYS_CLOSE,         { K_FD, K_NONE }, 3 },
    { SYS_LSEEK,         { K_FD, K_INT, K_INT, K_NONE }, 2 },
    { SYS_STAT,          { K_PATH, K_WBUF, K_NONE }, 2 },
    { SYS_FSTAT,         { K_FD, K_WBUF, K_NONE }, 2 },
    { SYS_MKDIR,         { K_WPATH, K_INT, K_NONE }, 2 },
    { SYS_READDIR,       { K_FD, K_WBUF, K_NONE }, 2 },
    { SYS_UNLINK,        { K_WPATH, K_NONE }, 2 },
    { SYS_CHDIR,         { K_PATH, K_NONE }, 1 },
    { SYS_GETCWD,        { K_WBUF, K_LEN, K_NONE }, 1 },
    { SYS_PIPE,          { K_FDARR, K_NONE }, 2 },
    { SYS_DUP,           { K_FD, K_NONE }, 2 },
    { SYS_DUP2,          { K_FD, K_FD, K_NONE }, 2 },
    { SYS_THREAD_YIELD,  { K_NONE }, 1 },
    { SYS_THREAD_SELF,   { K_NONE }, 1 },
    { SYS_THREAD_JOIN,   { K_INT, K_WBUF, K_NONE }, 1 },
    { SYS_MUTEX,         { K_SYNC, K_SYNCOP, K_NONE }, 3 },
    { SYS_CONDVAR,       { K_SYNC, K_SYNCOP, K_SYNC, K_NONE }, 2 },
    { SYS_BARRIER,       { K_SYNC, K_SYNCOP, K_INT, K_NONE }, 2 },
    { SYS_SEM,           { K_SYNC, K_SYNCOP, K_INT, K_NONE }, 3 },
    { SYS_GET_CYCLE,     { K_WBUF, K_NONE }, 1 },
    { SYS_GET_CONFIG,    { K_WBUF, K_NONE }, 1 },
    { SYS_GET_STATS,     { K_WBUF, K_NONE }, 1 },
    { SYS_PROCESS_INFO,  { K_INT, K_WBUF, K_NONE }, 1 },
    { SYS_ISATTY,        { K_FD, K_NONE }, 1 },
    { SYS_PLACE_FORK,    { K_CXY, K_NONE }, 1 },
    { SYS_PAGE_CLUSTER,  { K_ADDR, K_NONE }, 1 },
    { SYS_TCGETATTR,     { K_FD, K_WBUF, K_NONE }, 1 },
    { SYS_TCSETATTR,     { K_FD, K_INT, K_RBUF, K_NONE }, 1 },
    { SYS_TCGETPGRP,     { K_FD, K_NONE }, 1 },
    { SYS_TCSETPGRP,     { K_FD, K_PID, K_NONE }, 1 },
    { SYS_TCFLUSH,       { K_FD, K_INT, K_NONE }, 1 },
    { SYS_SETPGID,       { K_PID, K_PID, K_NONE }, 1 },
    { SYS_GETPGID,       { K_PID, K_NONE }, 1 },
    { SYS_SETSID,        { K_NONE }, 1 },
    { SYS_GETSID,        { K_PID, K_NONE }, 1 },
    { SYS_SIGNAL,        { K_SIG, K_INT, K_NONE }, 1 },
    { SYS_SLEEP,         { K_USEC, K_NONE }, 1 },
    { SYS_CLOCK,         { K_WBUF, K_NONE }, 1 },
};

/* Never called: they would end the machine or leave the batch's bounds
 * (exec of a real program is avoided by never calling exec with a good
 * path: see gen_call). */
static int forbidden(long nr)
{
    return nr == SYS_HALT || nr == SYS_BENCH || nr == SYS_EXIT || nr == SYS_THREAD_EXIT ||
           nr == SYS_THREAD_CREATE;
}

/* ----------------------------------------------------- batch state -- */

typedef struct fz_s {
    rng_t    rng;
    int      pid;
    int      fds[16];               /* descriptors this batch opened */
    int      nfds;
    uintptr_t maps[8];              /* mappings this batch made */
    uint64_t map_len[8];
    int      nmaps;
    char    *scratch;               /* SCRATCH_SIZE bytes */
    char    *sync;                  /* this thread's synchronisation objects */
    long     calls;
    int      trace_fd;               /* -v: /tmp/fz-trace<thread>, else 0 */
} fz_t;

static char sync_area[MAX_THREADS][64 * 8] __attribute__((aligned(64)));   /* per thread */
static const char *const read_paths[] = {
    "/", "/bin", "/tmp", "/dev", "/etc/rc", "/bin/sh", "/tests", ".", "..",
    "/tmp/fz0", "/tmp/fz1/x", "", "/nonexistent/a/b", "//tmp//fz0",
};
static const char *const write_paths[] = {
    "/tmp/fz0", "/tmp/fz1", "/tmp/fz1/x", "/tmp/fz2", "/tmp/fz3/y/z", "/tmp",
    "/tmp/fz0/", "/tmp/../tmp/fz2",
};
static char long_path[600];
static int verbose;                  /* -v: trace each batch's last calls */

/* A bad pointer: the kinds of wrong a user can pass. */
static uintptr_t bad_pointer(fz_t *f)
{
    switch (below(&f->rng, 7)) {
    case 0:  return 0;
    case 1:  return 0xffffffc000000000UL + below(&f->rng, 1 << 24);    /* kernel */
    case 2:  return 0x0000002000000000UL;                             /* unmapped */
    case 3:  return (uintptr_t)f->scratch + SCRATCH_SIZE - 3;         /* crosses the end */
    case 4:  return 0x3ffffffff0UL;                                   /* top of user space */
    case 5:  return ~0UL - 7;
    default: return 1;
    }
}

static long gen_len(fz_t *f)
{
    static const long lens[] = { 0, 1, 7, 8, 64, 4095, 4096, 4097, SCRATCH_SIZE, 1L << 20,
                                 1L << 32, -1, 0x7fffffffffffffffL };
    return lens[below(&f->rng, sizeof(lens) / sizeof(lens[0]))];
}

static long gen_int(fz_t *f)
{
    static const long ints[] = { 0, 1, 2, 3, -1, -2, 255, 4096, 0x7fffffff, -0x80000000L,
                                 0x100000000L, 0x7fffffffffffffffL };
    if (below(&f->rng, 3) == 0)
        return (long)below(&f->rng, 64);
    return ints[below(&f->rng, sizeof(ints) / sizeof(ints[0]))];
}

static long gen_fd(fz_t *f)
{
    uint64_t c = below(&f->rng, 10);
    if (c < 6 && f->nfds)
        return f->fds[below(&f->rng, (uint64_t)f->nfds)];
    if (c < 8)
        return (long)below(&f->rng, 40);
    return c == 8 ? -1 : 1L << 31;
}

static long gen_arg(fz_t *f, int kind, long nr)
{
    int good = below(&f->rng, 8) != 0;          /* 7 of 8 arguments valid */
    switch (kind) {
    case K_INT:   return gen_int(f);
    case K_FD:    return gen_fd(f);
    case K_RBUF:
    case K_WBUF:
        return good ? (long)(f->scratch + below(&f->rng, 64) * 8) : (long)bad_pointer(f);
    case K_PATH:
        if (!good)
            return below(&f->rng, 2) ? (long)long_path : (long)bad_pointer(f);
        return (long)read_paths[below(&f->rng, sizeof(read_paths) / sizeof(read_paths[0]))];
    case K_WPATH:
        if (!good)
            return (long)bad_pointer(f);
        return (long)write_paths[below(&f->rng, sizeof(write_paths) / sizeof(write_paths[0]))];
    case K_LEN:   return good ? (long)below(&f->rng, 512) : gen_len(f);
    case K_FLAGS:
        if (nr == SYS_OPEN) {
            long fl = (long)below(&f->rng, 3);
            if (below(&f->rng, 2)) fl |= ALMOS_O_CREAT;
            if (below(&f->rng, 4) == 0) fl |= ALMOS_O_TRUNC;
            if (below(&f->rng, 4) == 0) fl |= ALMOS_O_APPEND;
            return good ? fl : (long)rnd(&f->rng);
        }
        return good ? (long)below(&f->rng, 4) : (long)rnd(&f->rng);
    case K_PID:
        /* the batch itself or nobody: never another process */
        switch (below(&f->rng, 4)) {
        case 0:  return f->pid;
        case 1:  return nr == SYS_KILL ? 0x7ffffff : -1;
        case 2:  return 0x7ffffff;
        default: return -12345;
        }
    case K_SIG:   return below(&f->rng, 4) ? 0 : (long)below(&f->rng, 70);
    case K_SYNC:
        return good ? (long)(f->sync + 64 * below(&f->rng, 8)) : (long)bad_pointer(f);
    case K_SYNCOP:
        /* each thread has objects of its own, so a lock never waits for
         * another thread; a wait (semaphore at 0, barrier, condition)
         * may wait for good: rare */
        if (below(&f->rng, 64) == 0)
            return SYNC_WAIT;
        return (long)below(&f->rng, 9) == SYNC_WAIT ? SYNC_INIT : (long)below(&f->rng, 9);
    case K_ADDR:
        if (good && f->nmaps)
            return (long)(f->maps[below(&f->rng, (uint64_t)f->nmaps)] + 4096 * below(&f->rng, 4));
        return (long)bad_pointer(f);
    case K_CXY:   return good ? (long)below(&f->rng, 4) : gen_int(f);
    case K_USEC:  return good ? (long)below(&f->rng, 2000) : gen_len(f);   /* sleeps */
    case K_FDARR: return good ? (long)(f->scratch + 256) : (long)bad_pointer(f);
    case K_MMAP: {
        if (!good)
            return (long)bad_pointer(f);
        mmap_attr_t *a = (mmap_attr_t *)(f->scratch + 512);
        memset(a, 0, sizeof(*a));
        a->length = below(&f->rng, 4) ? 4096 * (1 + below(&f->rng, 16)) : (uint64_t)gen_len(f);
        a->prot = (uint32_t)below(&f->rng, 8);
        a->flags = (uint32_t)(below(&f->rng, 3) ? ALMOS_MAP_ANON : rnd(&f->rng)) &
                   ~(uint32_t)ALMOS_MAP_FIXED;
        if (below(&f->rng, 4) == 0)
            a->flags |= (uint32_t)below(&f->rng, 2) * ALMOS_MAP_FIXED;
        a->fdid = (int32_t)gen_fd(f);
        a->offset = below(&f->rng, 4) ? 0 : (uint64_t)gen_len(f);
        return (long)a;
    }
    default:      return (long)rnd(&f->rng);
    }
}

/* Remembers what a successful call made (descriptors, mappings), so later
 * calls use them. */
static void note_result(fz_t *f, long nr, long r)
{
    if (r < 0)
        return;
    if ((nr == SYS_OPEN || nr == SYS_DUP || nr == SYS_DUP2) && r < 1024) {
        if (f->nfds < 16)
            f->fds[f->nfds++] = (int)r;
        else
            f->fds[below(&f->rng, 16)] = (int)r;
    } else if (nr == SYS_PIPE) {
        /* some data in it, so that reads do not all wait */
        int *p = (int *)(f->scratch + 256);
        int fds[2] = { p[0], p[1] };
        almos_syscall(SYS_WRITE, fds[1], (long)f->scratch, 2048, 0, 0, 0);
        for (int i = 0; i < 2 && f->nfds < 16; i++)
            f->fds[f->nfds++] = fds[i];
    } else if (nr == SYS_MMAP) {
        mmap_attr_t *a = (mmap_attr_t *)(f->scratch + 512);
        int i = f->nmaps < 8 ? f->nmaps++ : (int)below(&f->rng, 8);
        f->maps[i] = (uintptr_t)a->addr;
        f->map_len[i] = a->length;
    }
}

/* One call, drawn from <f>'s generator. */
static void fuzz_one(fz_t *f)
{
    long nr;
    const struct desc *d = NULL;
    if (below(&f->rng, 32) == 0) {
        nr = (long)below(&f->rng, SYS_NR + EXTRA_NUMBERS);   /* any number, described or not */
        for (size_t i = 0; i < sizeof(descs) / sizeof(descs[0]); i++)
            if (descs[i].nr == nr)
                d = &descs[i];
    } else {
        unsigned total = 0;
        for (size_t i = 0; i < sizeof(descs) / sizeof(descs[0]); i++)
            total += descs[i].weight;
        unsigned pick = (unsigned)below(&f->rng, total);
        for (size_t i = 0; i < sizeof(descs) / sizeof(descs[0]); i++) {
            if (pick < descs[i].weight) {
                d = &descs[i];
                break;
            }
            pick -= descs[i].weight;
        }
        nr = d->nr;
    }
    if (forbidden(nr) || nr == SYS_EXEC)
        return;
    long a[6] = { 0 };
    for (int i = 0; i < 6; i++) {
        if (d && d->k[i] == K_NONE)
            break;
        a[i] = d ? gen_arg(f, d->k[i], nr) : (long)rnd(&f->rng);
    }
    /* An open that may write, create or truncate names a path under /tmp:
     * the system's own files (the shell, init) are not the fuzzer's to
     * destroy.  Paths outside /tmp are opened read-only. */
    if (nr == SYS_OPEN && ((a[1] & (ALMOS_O_ACCMODE | ALMOS_O_CREAT | ALMOS_O_TRUNC |
                                    ALMOS_O_APPEND)) ||
                           (a[1] & ~0x7ffffL))) {
        for (size_t i = 0; i < sizeof(read_paths) / sizeof(read_paths[0]); i++)
            if (a[0] == (long)read_paths[i])
                a[0] = (long)write_paths[i % (sizeof(write_paths) / sizeof(write_paths[0]))];
    }
    if (!d && (nr == SYS_KILL || nr == SYS_WAIT || nr == SYS_SETPGID || nr == SYS_TCSETPGRP))
        return;                 /* undescribed: could name another process */
    if (f->trace_fd > 0) {               /* -v: the call about to be made */
        char line[96];
        int n = snprintf(line, sizeof(line), "%ld %lx %lx %lx %lx\n", nr, a[0], a[1], a[2], a[3]);
        lseek(f->trace_fd, 0, SEEK_SET);
        write(f->trace_fd, line, (size_t)n);
    }
    long r = almos_syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
    f->calls++;
    if (nr == SYS_FORK && r == 0)
        _exit(0);               /* a forked copy of the batch leaves at once */
    note_result(f, nr, r);
}

/* ------------------------------------------------------- the batch -- */

typedef struct worker_s {
    int      index;
    uint64_t seed;
    long     calls;
    long     done;
} worker_t;

static void *worker(void *arg)
{
    worker_t *w = arg;
    fz_t f;
    memset(&f, 0, sizeof(f));
    f.sync = sync_area[w->index];
    if (verbose) {
        char name[32];
        snprintf(name, sizeof(name), "/tmp/fz-trace%d", w->index);
        f.trace_fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    }
    f.rng.s = w->seed;
    f.pid = getpid();
    f.scratch = malloc(SCRATCH_SIZE);
    if (f.scratch == NULL)
        return NULL;
    memset(f.scratch, 0, SCRATCH_SIZE);
    for (long i = 0; i < w->calls; i++)
        fuzz_one(&f);
    w->done = f.calls;
    return NULL;
}

#define COUNT_MAGIC 0x66757a7a636e7400ULL      /* "fuzzcnt" */

/* The child: standard descriptors on files in /tmp, then the threads; at
 * the end, the number of calls made, as {magic, count} on <report> (a
 * random close or dup2 of the batch may have taken that descriptor: then
 * the parent counts nothing for the batch). */
static void run_batch(uint64_t seed, long batch, long calls, int threads, int clusters,
                      int report)
{
    char name[32];
    for (int fd = 0; fd < 3; fd++) {
        close(fd);
        snprintf(name, sizeof(name), "/tmp/fz-std%d", fd);
        open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
    }
    worker_t w[MAX_THREADS];
    pthread_t t[MAX_THREADS];
    for (int i = 0; i < threads; i++) {
        w[i].index = i;
        w[i].seed = seed * 1000003ULL + (uint64_t)batch * 131ULL + (uint64_t)i;
        w[i].calls = calls / threads;
        w[i].done = 0;
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        pthread_attr_setcluster(&attr, (unsigned)(i % clusters));
        if (i > 0 && pthread_create(&t[i], &attr, worker, &w[i]) != 0)
            w[i].calls = 0;
    }
    worker(&w[0]);
    uint64_t msg[2] = { COUNT_MAGIC, 0 };
    for (int i = 0; i < threads; i++) {
        if (i > 0 && w[i].calls)
            pthread_join(t[i], NULL);
        msg[1] += (uint64_t)w[i].done;
    }
    write(report, msg, sizeof(msg));
    _exit(0);
}

static void usage(void)
{
    fprintf(stderr, "usage: sysfuzz [-s SEED] [-n CALLS] [-b BATCH] [-t THREADS] [-w MS] "
            "[-g MS] [-f FIRST] [-v LEVEL]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    uint64_t seed = 1;
    long total = 20000, batch_calls = 500, watchdog = 300, grace = KILL_GRACE_MS, first = 0;
    int threads = 0;
    for (int i = 1; i < argc; i++) {
        if (i + 1 >= argc || argv[i][0] != '-')
            usage();
        long v = strtol(argv[i + 1], NULL, 0);
        switch (argv[i][1]) {
        case 's': seed = (uint64_t)v; break;
        case 'n': total = v; break;
        case 'b': batch_calls = v; break;
        case 't': threads = (int)v; break;
        case 'w': watchdog = v; break;
        case 'g': grace = v; break;
        case 'f': first = v; break;
        case 'v': verbose = (int)v; break;
        default:  usage();
        }
        i++;
    }
    struct almos_config cfg;
    if (almos_get_config(&cfg) != 0)
        return 1;
    int clusters = (int)cfg.clusters;
    if (threads <= 0)
        threads = clusters * 2 > MAX_THREADS ? MAX_THREADS : clusters * 2;
    if (threads > MAX_THREADS || batch_calls <= 0 || total <= 0 || first < 0)
        usage();
    memset(long_path, 'a', sizeof(long_path) - 1);
    printf("sysfuzz: seed %llu, %ld calls in batches of %ld, %d threads over %d clusters\n",
           (unsigned long long)seed, total, batch_calls, threads, clusters);
    fflush(stdout);

    long batches = (total + batch_calls - 1) / batch_calls, killed = 0, signalled = 0;
    long counted = 0;
    uint64_t ns0 = almos_clock_ns();
    for (long b = first; b < first + batches; b++) {
        if (verbose >= 2) {
            printf("sysfuzz: batch %ld\n", b);
            fflush(stdout);
        }
        int rep[2];
        if (pipe(rep) != 0) {
            printf("sysfuzz: pipe: %s\n", strerror(errno));
            return 1;
        }
        place_fork((unsigned)(b % clusters));
        int pid = fork();
        if (pid == 0) {
            close(rep[0]);
            run_batch(seed, b, batch_calls, threads, clusters, rep[1]);
        }
        close(rep[1]);
        if (pid < 0) {
            printf("sysfuzz: batch %ld: fork: %s\n", b, strerror(errno));
            return 1;
        }
        int st = 0, r = 0;
        uint64_t t0 = almos_clock_ns();
        while ((r = waitpid(pid, &st, WNOHANG)) == 0 &&
               almos_clock_ns() - t0 < (uint64_t)watchdog * 1000000ULL)
            almos_sleep_us(1000);
        if (r == 0) {
            killed++;
            for (int i = 0; verbose && i < threads; i++) {
                char name[32], line[96];
                snprintf(name, sizeof(name), "/tmp/fz-trace%d", i);
                int fd = open(name, O_RDONLY);
                ssize_t n = fd >= 0 ? read(fd, line, sizeof(line) - 1) : -1;
                line[n > 0 ? n : 0] = '\0';
                printf("sysfuzz: batch %ld blocked; thread %d last call (nr a0 a1 a2 a3): %s", b, i,
                       n > 0 ? line : "none\n");
                if (fd >= 0)
                    close(fd);
            }
            kill(pid, SIGKILL);
            t0 = almos_clock_ns();
            if (grace <= 0)
                r = waitpid(pid, &st, 0);
            while (grace > 0 && (r = waitpid(pid, &st, WNOHANG)) == 0 &&
                   almos_clock_ns() - t0 < (uint64_t)grace * 1000000ULL)
                almos_sleep_us(1000);
            if (r == 0) {
                printf("sysfuzz: HANG: batch %ld (seed %llu, pid %d) outlived SIGKILL\n", b,
                       (unsigned long long)seed, pid);
                struct almos_process_info pi;
                for (int i = 0; almos_process_info(i, &pi) == 1; i++)
                    if (pi.pid == pid || pi.ppid == pid)
                        printf("sysfuzz:   pid %d ppid %d: %u threads, state %u\n", pi.pid,
                               pi.ppid, pi.threads, pi.state);
                return 1;
            }
        } else if (WIFSIGNALED(st)) {
            signalled++;
        }
        /* every writer is gone (the batch, and its forks, which leave at
         * once): the read ends */
        uint64_t msg[2] = { 0, 0 };
        if (read(rep[0], msg, sizeof(msg)) == (ssize_t)sizeof(msg) && msg[0] == COUNT_MAGIC)
            counted += (long)msg[1];
        close(rep[0]);
    }
    uint64_t ms = (almos_clock_ns() - ns0) / 1000000ULL;
    unlink("/tmp/fz-std0");
    unlink("/tmp/fz-std1");
    unlink("/tmp/fz-std2");
    printf("sysfuzz: %ld batches: %ld exited, %ld ended by a signal of their own, "
           "%ld blocked and killed\n", batches, batches - killed - signalled, signalled, killed);
    printf("sysfuzz: %ld calls counted (batches that exited) in %lu ms, %lu calls/s; "
           "panics 0, hangs 0\n", counted, (unsigned long)ms,
           ms ? (unsigned long)((uint64_t)counted * 1000ULL / ms) : 0UL);
    return 0;
}
