/*
 * syscalls.c - the system-call layer: a wrapper for every call of
 * shared_syscalls.h, and the POSIX functions picolibc and the programs use.
 * Kernel results are >= 0 or -errno (Linux numbers); the POSIX wrappers set
 * errno (picolibc numbers) and return -1.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <signal.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <termios.h>
#include <time.h>
#include "almos.h"

/* ------------------------------------------------------------ errno -- */

/* Linux errno numbers above 34 differ from picolibc's (newlib's) */
int almos_errno(int e)
{
    switch (e) {
    case 35: return EDEADLK;
    case 36: return ENAMETOOLONG;
    case 37: return ENOLCK;
    case 38: return ENOSYS;
    case 39: return ENOTEMPTY;
    case 40: return ELOOP;
    case 75: return EOVERFLOW;
    case 95: return ENOTSUP;
    case 110: return ETIMEDOUT;
    default: return e;          /* 1..34 are the same */
    }
}

long almos_result(long r)
{
    if (r < 0 && r > -4096) {
        errno = almos_errno((int)-r);
        return -1;
    }
    return r;
}

#define RET(x) return almos_result(x)

/* ---------------------------------------------------- process calls -- */

void _exit(int status)
{
    for (;;)
        SC1(SYS_EXIT, status);
}

pid_t fork(void)
{
    almos_flush_stdio();
    RET(SC0(SYS_FORK));
}

int execve(const char *path, char *const argv[], char *const envp[])
{
    almos_flush_stdio();
    RET(SC3(SYS_EXEC, path, argv, envp));
}

int execv(const char *path, char *const argv[])
{
    return execve(path, argv, environ);
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
    if (strchr(file, '/'))
        return execve(file, argv, envp);
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/bin";
    char buf[256];
    int err = ENOENT;
    while (*path) {
        const char *colon = strchr(path, ':');
        size_t len = colon ? (size_t)(colon - path) : strlen(path);
        if (len + 1 + strlen(file) + 1 <= sizeof(buf)) {
            memcpy(buf, path, len);
            buf[len] = '/';
            strcpy(buf + len + 1, file);
            execve(buf, argv, envp);
            if (errno != ENOENT)
                err = errno;    /* found but failed: report that */
        }
        if (!colon)
            break;
        path = colon + 1;
    }
    errno = err;
    return -1;
}

int execvp(const char *file, char *const argv[])
{
    return execvpe(file, argv, environ);
}

pid_t waitpid(pid_t pid, int *status, int options)
{
    RET(SC3(SYS_WAIT, pid, status, options));
}

pid_t wait(int *status)
{
    return waitpid(-1, status, 0);
}

pid_t getpid(void)  { RET(SC0(SYS_GETPID)); }
pid_t getppid(void) { RET(SC0(SYS_GETPPID)); }

/* signal numbers are the kernel's (Linux): use ALMOS_SIG* */
int kill(pid_t pid, int sig)
{
    RET(SC2(SYS_KILL, pid, sig));
}

int sched_yield(void)
{
    RET(SC0(SYS_THREAD_YIELD));
}

/* --------------------------------------------------------- files -- */

static int open_flags(int f)
{
    int k = f & O_ACCMODE;      /* 0, 1, 2 are the same */
    if (f & O_CREAT)     k |= ALMOS_O_CREAT;
    if (f & O_EXCL)      k |= ALMOS_O_EXCL;
    if (f & O_TRUNC)     k |= ALMOS_O_TRUNC;
    if (f & O_APPEND)    k |= ALMOS_O_APPEND;
    if (f & O_DIRECTORY) k |= ALMOS_O_DIRECTORY;
    return k;
}

int open(const char *path, int flags, ...)
{
    int mode = 0;
    if (flags & O_CREAT) {
        va_list ap;
        va_start(ap, flags);
        mode = va_arg(ap, int);
        va_end(ap);
    }
    RET(SC3(SYS_OPEN, path, open_flags(flags), mode));
}

int creat(const char *path, mode_t mode)
{
    return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

ssize_t read(int fd, void *buf, size_t count)
{
    RET(SC3(SYS_READ, fd, buf, count));
}

ssize_t write(int fd, const void *buf, size_t count)
{
    RET(SC3(SYS_WRITE, fd, buf, count));
}

int close(int fd)   { RET(SC1(SYS_CLOSE, fd)); }

off_t lseek(int fd, off_t offset, int whence)
{
    RET(SC3(SYS_LSEEK, fd, offset, whence));
}

static void conv_stat(const struct almos_stat *a, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_mode = a->mode;
    st->st_nlink = a->nlink;
    st->st_size = (off_t)a->size;
    st->st_ino = a->ino;
    st->st_dev = a->cxy;
    st->st_blksize = 4096;
    st->st_blocks = (a->size + 511) / 512;
}

int stat(const char *path, struct stat *st)
{
    struct almos_stat a;
    long r = SC2(SYS_STAT, path, &a);
    if (r < 0)
        RET(r);
    conv_stat(&a, st);
    return 0;
}

int lstat(const char *path, struct stat *st)
{
    return stat(path, st);
}

int fstat(int fd, struct stat *st)
{
    struct almos_stat a;
    long r = SC2(SYS_FSTAT, fd, &a);
    if (r < 0)
        RET(r);
    conv_stat(&a, st);
    return 0;
}

int isatty(int fd)
{
    long r = SC1(SYS_ISATTY, fd);
    if (r < 0) {
        almos_result(r);
        return 0;
    }
    if (r == 0)
        errno = ENOTTY;
    return r > 0;
}

int mkdir(const char *path, mode_t mode) { RET(SC2(SYS_MKDIR, path, mode)); }
int unlink(const char *path)            { RET(SC1(SYS_UNLINK, path)); }
int rmdir(const char *path)             { RET(SC1(SYS_UNLINK, path)); }
int chdir(const char *path)             { RET(SC1(SYS_CHDIR, path)); }

char *getcwd(char *buf, size_t size)
{
    long r = SC2(SYS_GETCWD, buf, size);
    if (r < 0) {
        almos_result(r);
        return NULL;
    }
    return buf;
}

int pipe(int fd[2])
{
    /* the kernel writes the two ints itself: a bad pointer gives EFAULT */
    RET(SC1(SYS_PIPE, fd));
}

int dup(int fd)             { RET(SC1(SYS_DUP, fd)); }
int dup2(int oldfd, int newfd) { RET(SC2(SYS_DUP2, oldfd, newfd)); }

/* ------------------------------------------------------- directories -- */

int almos_readdir(int fd, struct almos_dirent *d)
{
    RET(SC2(SYS_READDIR, fd, d));
}

DIR *opendir(const char *path)
{
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return NULL;
    DIR *d = malloc(sizeof(*d));
    if (!d) {
        close(fd);
        errno = ENOMEM;
        return NULL;
    }
    d->fd = fd;
    return d;
}

struct dirent *readdir(DIR *dir)
{
    struct almos_dirent a;
    int r = almos_readdir(dir->fd, &a);
    if (r <= 0)
        return NULL;            /* end (errno unchanged) or error */
    dir->ent.d_ino = a.ino;
    switch (a.type & ALMOS_S_IFMT) {
    case ALMOS_S_IFDIR: dir->ent.d_type = DT_DIR; break;
    case ALMOS_S_IFREG: dir->ent.d_type = DT_REG; break;
    case ALMOS_S_IFCHR: dir->ent.d_type = DT_CHR; break;
    case ALMOS_S_IFIFO: dir->ent.d_type = DT_FIFO; break;
    default: dir->ent.d_type = DT_UNKNOWN; break;
    }
    memcpy(dir->ent.d_name, a.name, sizeof(dir->ent.d_name));
    dir->ent.d_name[sizeof(dir->ent.d_name) - 1] = 0;
    return &dir->ent;
}

int closedir(DIR *dir)
{
    int r = close(dir->fd);
    free(dir);
    return r;
}

int dirfd(DIR *dir) { return dir->fd; }

/* ------------------------------------------------------------ memory -- */

void *almos_mmap(mmap_attr_t *attr)
{
    long r = SC1(SYS_MMAP, attr);
    if (r < 0) {
        almos_result(r);
        return MAP_FAILED;
    }
    return attr->addr;
}

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)
{
    mmap_attr_t a;
    memset(&a, 0, sizeof(a));
    a.addr = addr;
    a.length = length;
    a.prot = (uint32_t)prot;
    a.flags = (uint32_t)flags;
    a.fdid = (flags & MAP_ANON) ? -1 : fd;
    a.offset = (uint64_t)offset;
    return almos_mmap(&a);
}

int munmap(void *addr, size_t length)
{
    RET(SC2(SYS_MUNMAP, addr, length));
}

int mprotect(void *addr, size_t length, int prot)
{
    RET(SC3(SYS_MPROTECT, addr, length, prot));
}

/* the heap: one anonymous reservation, pages come on first touch */
#define HEAP_SIZE (256UL << 20)
static char *heap_base, *heap_brk;

void *sbrk(ptrdiff_t incr)
{
    if (!heap_base) {
        void *p = mmap(NULL, HEAP_SIZE, PROT_READ | PROT_WRITE,
                       MAP_PRIVATE | MAP_ANON, -1, 0);
        if (p == MAP_FAILED) {
            errno = ENOMEM;
            return (void *)-1;
        }
        heap_base = heap_brk = p;
    }
    if ((incr > 0 && (size_t)incr > (size_t)(heap_base + HEAP_SIZE - heap_brk)) ||
        (incr < 0 && (size_t)-incr > (size_t)(heap_brk - heap_base))) {
        errno = ENOMEM;
        return (void *)-1;
    }
    char *old = heap_brk;
    heap_brk += incr;
    return old;
}

/* ------------------------------------------------------------ extensions -- */

int almos_get_cycle(uint64_t *c)         { RET(SC1(SYS_GET_CYCLE, c)); }
int almos_get_config(struct almos_config *c) { RET(SC1(SYS_GET_CONFIG, c)); }
int almos_get_stats(struct almos_stats *s)   { RET(SC1(SYS_GET_STATS, s)); }
int almos_process_info(int i, struct almos_process_info *p)
{
    RET(SC2(SYS_PROCESS_INFO, i, p));
}
int almos_halt(int status)               { RET(SC1(SYS_HALT, status)); }
int almos_thread_self(void)              { RET(SC0(SYS_THREAD_SELF)); }
int place_fork(unsigned cxy)             { RET(SC1(SYS_PLACE_FORK, cxy)); }
int almos_page_cluster(const void *addr) { RET(SC1(SYS_PAGE_CLUSTER, addr)); }

uint64_t almos_cycles(void)
{
    uint64_t c = 0;
    if (SC1(SYS_GET_CYCLE, &c) < 0)
        return 0;
    return c;
}

uint64_t almos_cycles_read_cost(void)
{
    uint64_t t0 = almos_cycles(), t1 = almos_cycles(), best = t1 - t0;
    for (int i = 0; i < 100; i++) {
        t0 = almos_cycles();
        t1 = almos_cycles();
        if (t1 - t0 < best)
            best = t1 - t0;
    }
    return best;
}

uint64_t almos_free_pages(const struct almos_stats *st)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < st->clusters && i < ALMOS_MAX_CLUSTERS; i++)
        n += st->free_pages[i];
    return n;
}

uint64_t almos_total_pages(const struct almos_stats *st)
{
    uint64_t n = 0;
    for (uint32_t i = 0; i < st->clusters && i < ALMOS_MAX_CLUSTERS; i++)
        n += st->total_pages[i];
    return n;
}


/* ---------------------------------------------------- job control -- */

int setpgid(pid_t pid, pid_t pgid) { RET(SC2(SYS_SETPGID, pid, pgid)); }
pid_t getpgid(pid_t pid)           { RET(SC1(SYS_GETPGID, pid)); }
pid_t getpgrp(void)                { RET(SC1(SYS_GETPGID, 0)); }
pid_t setsid(void)                 { RET(SC0(SYS_SETSID)); }
pid_t getsid(pid_t pid)            { RET(SC1(SYS_GETSID, pid)); }

int almos_signal(int sig, int disposition)
{
    RET(SC2(SYS_SIGNAL, sig, disposition));
}

/* ------------------------------------------------------- terminal -- */

_Static_assert(sizeof(struct termios) == sizeof(struct almos_termios),
               "struct termios is the kernel's");

int tcgetattr(int fd, struct termios *t)
{
    RET(SC2(SYS_TCGETATTR, fd, t));
}

int tcsetattr(int fd, int action, const struct termios *t)
{
    RET(SC3(SYS_TCSETATTR, fd, action, t));
}

int tcflush(int fd, int queue) { RET(SC2(SYS_TCFLUSH, fd, queue)); }

/* output is written synchronously: nothing to wait for */
int tcdrain(int fd)
{
    struct termios t;
    return tcgetattr(fd, &t);
}

pid_t tcgetpgrp(int fd)             { RET(SC1(SYS_TCGETPGRP, fd)); }
int tcsetpgrp(int fd, pid_t pgrp)   { RET(SC2(SYS_TCSETPGRP, fd, pgrp)); }

void cfmakeraw(struct termios *t)
{
    t->c_iflag &= ~(tcflag_t)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
    t->c_oflag &= ~(tcflag_t)OPOST;
    t->c_lflag &= ~(tcflag_t)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
    t->c_cflag &= ~(tcflag_t)(CSIZE | PARENB);
    t->c_cflag |= CS8;
    t->c_cc[VMIN] = 1;
    t->c_cc[VTIME] = 0;
}

speed_t cfgetispeed(const struct termios *t) { return t->c_ispeed; }
speed_t cfgetospeed(const struct termios *t) { return t->c_ospeed; }
int cfsetispeed(struct termios *t, speed_t s) { t->c_ispeed = s; return 0; }
int cfsetospeed(struct termios *t, speed_t s) { t->c_ospeed = s; return 0; }

/* ----------------------------------------------------------- time -- */

/* The machine has no real-time clock the kernel reads: the time is the
 * time since boot (the epoch is the boot). */
uint64_t almos_clock_ns(void)
{
    uint64_t ns = 0;
    if (almos_result(SC1(SYS_CLOCK, &ns)) < 0)
        return 0;
    return ns;
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz)
{
    (void)tz;
    uint64_t ns = almos_clock_ns();
    if (tv) {
        tv->tv_sec = (time_t)(ns / 1000000000);
        tv->tv_usec = (suseconds_t)(ns % 1000000000 / 1000);
    }
    return 0;
}

int clock_gettime(clockid_t id, struct timespec *ts)
{
    if (id != CLOCK_REALTIME && id != (clockid_t)4 /* CLOCK_MONOTONIC */) {
        errno = EINVAL;
        return -1;
    }
    uint64_t ns = almos_clock_ns();
    ts->tv_sec = (time_t)(ns / 1000000000);
    ts->tv_nsec = (long)(ns % 1000000000);
    return 0;
}

int almos_sleep_us(uint64_t us)
{
    RET(SC1(SYS_SLEEP, us));
}

int usleep(useconds_t us)
{
    RET(SC1(SYS_SLEEP, us));
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
    if (req->tv_sec < 0 || req->tv_nsec < 0 || req->tv_nsec >= 1000000000) {
        errno = EINVAL;
        return -1;
    }
    if (rem)
        rem->tv_sec = rem->tv_nsec = 0;
    uint64_t us = (uint64_t)req->tv_sec * 1000000 + (uint64_t)(req->tv_nsec + 999) / 1000;
    RET(SC1(SYS_SLEEP, us));
}

unsigned sleep(unsigned seconds)
{
    /* the kernel sleeps at most a day per call */
    while (seconds > 0) {
        unsigned s = seconds > 86400 ? 86400 : seconds;
        if (SC1(SYS_SLEEP, (uint64_t)s * 1000000) < 0)
            return seconds;
        seconds -= s;
    }
    return 0;
}
