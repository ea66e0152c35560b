/*
 * shared_syscalls.h - the system call interface, shared by the kernel and
 * user space (user/ includes this file).
 *
 * Calling convention (RISC-V): a7 = syscall number, a0..a5 = arguments,
 * `ecall`; the result comes back in a0: >= 0 on success, -errno on failure
 * (errno values of kernel/libk/errno.h, the same as Linux's).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef SHARED_SYSCALLS_H
#define SHARED_SYSCALLS_H

#include <stdint.h>

enum {
    SYS_EXIT = 0,           /* (int status) */
    SYS_FORK,               /* () -> child pid in parent, 0 in child */
    SYS_EXEC,               /* (const char *path, char **argv, char **envp) */
    SYS_WAIT,               /* (int pid or -1, int *status, int options) -> pid */
    SYS_GETPID,             /* () */
    SYS_GETPPID,            /* () */
    SYS_KILL,               /* (int pid, int sig) */
    SYS_MMAP,               /* (mmap_attr_t *attr) -> 0, attr->addr filled */
    SYS_MUNMAP,             /* (void *addr, size_t size) */
    SYS_OPEN,               /* (const char *path, int flags, int mode) -> fd */
    SYS_READ,               /* (int fd, void *buf, size_t count) */
    SYS_WRITE,              /* (int fd, const void *buf, size_t count) */
    SYS_CLOSE,              /* (int fd) */
    SYS_LSEEK,              /* (int fd, long offset, int whence) -> offset */
    SYS_STAT,               /* (const char *path, struct almos_stat *st) */
    SYS_FSTAT,              /* (int fd, struct almos_stat *st) */
    SYS_MKDIR,              /* (const char *path, int mode) */
    SYS_READDIR,            /* (int fd, struct almos_dirent *d) -> 1 entry, 0 at end */
    SYS_UNLINK,             /* (const char *path) (files and empty dirs) */
    SYS_CHDIR,              /* (const char *path) */
    SYS_GETCWD,             /* (char *buf, size_t size) */
    SYS_PIPE,               /* (int fd[2]) */
    SYS_DUP,                /* (int fd) */
    SYS_DUP2,               /* (int oldfd, int newfd) */
    SYS_THREAD_CREATE,      /* (void *(*entry)(void *), void *arg, thread_attr_t *attr) -> tid */
    SYS_THREAD_JOIN,        /* (int tid, void **retval) */
    SYS_THREAD_EXIT,        /* (void *retval) */
    SYS_THREAD_YIELD,       /* () */
    SYS_THREAD_SELF,        /* () -> tid */
    SYS_MUTEX,              /* (void *mutex, int op)      op: SYNC_INIT/DESTROY/LOCK/UNLOCK/TRYLOCK */
    SYS_CONDVAR,            /* (void *cv, int op, void *mutex) op: SYNC_INIT/DESTROY/WAIT/SIGNAL/BROADCAST */
    SYS_BARRIER,            /* (void *barrier, int op, unsigned count) op: SYNC_INIT/DESTROY/WAIT */
    SYS_SEM,                /* (void *sem, int op, unsigned value) op: SYNC_INIT/DESTROY/WAIT/POST/GETVALUE(->value) */
    SYS_GET_CYCLE,          /* (uint64_t *cycles) */
    SYS_GET_CONFIG,         /* (struct almos_config *cfg) */
    SYS_GET_STATS,          /* (struct almos_stats *st) page faults, free pages */
    SYS_PROCESS_INFO,       /* (int index, struct almos_process_info *pi) -> 1, 0 past the last */
    SYS_HALT,               /* (int status) powers the machine off */
    SYS_ISATTY,             /* (int fd) -> 1 or 0 */
    SYS_PLACE_FORK,         /* (unsigned cxy) the next fork() of this thread makes its child there */
    SYS_PAGE_CLUSTER,       /* (const void *addr) -> cluster of the page mapped there, -ENOENT if none */
    SYS_BENCH,              /* (int op, long arg, long n, uint64_t *samples) ALMOS_BENCH_*, kbench.c */
    SYS_TCGETATTR,          /* (int fd, struct almos_termios *t) */
    SYS_TCSETATTR,          /* (int fd, int action, const struct almos_termios *t) ALMOS_TCSA* */
    SYS_TCGETPGRP,          /* (int fd) -> the terminal's foreground process group */
    SYS_TCSETPGRP,          /* (int fd, int pgid) */
    SYS_SETPGID,            /* (int pid or 0, int pgid or 0) */
    SYS_GETPGID,            /* (int pid or 0) -> pgid */
    SYS_SETSID,             /* () -> the new session id */
    SYS_GETSID,             /* (int pid or 0) -> sid */
    SYS_SIGNAL,             /* (int sig, int disposition) ALMOS_SIG_DFL/IGN -> the old one */
    SYS_SLEEP,              /* (uint64_t microseconds) -> 0, or -EINTR when killed */
    SYS_CLOCK,              /* (uint64_t *ns) nanoseconds since boot */
    SYS_TCFLUSH,            /* (int fd, int queue) drops pending input */
    SYS_MPROTECT,           /* (void *addr, size_t size, int prot) */
    SYS_NR
};

/* open flags (Linux values) */
#define ALMOS_O_RDONLY    0x0000
#define ALMOS_O_WRONLY    0x0001
#define ALMOS_O_RDWR      0x0002
#define ALMOS_O_ACCMODE   0x0003
#define ALMOS_O_CREAT     0x0040
#define ALMOS_O_EXCL      0x0080
#define ALMOS_O_TRUNC     0x0200
#define ALMOS_O_APPEND    0x0400
#define ALMOS_O_DIRECTORY 0x10000

/* lseek */
#define ALMOS_SEEK_SET 0
#define ALMOS_SEEK_CUR 1
#define ALMOS_SEEK_END 2

/* file types in almos_stat.mode (Linux values) */
#define ALMOS_S_IFMT   0170000
#define ALMOS_S_IFDIR  0040000
#define ALMOS_S_IFREG  0100000
#define ALMOS_S_IFCHR  0020000
#define ALMOS_S_IFIFO  0010000

struct almos_stat {
    uint32_t mode;          /* type | permission bits */
    uint32_t nlink;
    uint64_t size;          /* bytes */
    uint64_t ino;
    uint32_t cxy;           /* cluster holding the inode */
    uint32_t pad;
};

#define ALMOS_NAME_MAX 63
struct almos_dirent {
    uint64_t ino;
    uint32_t type;          /* ALMOS_S_IFDIR, ALMOS_S_IFREG, ... (>> 12 not applied) */
    char     name[ALMOS_NAME_MAX + 1];
};

/* mmap */
#define ALMOS_PROT_READ   0x1
#define ALMOS_PROT_WRITE  0x2
#define ALMOS_PROT_EXEC   0x4
#define ALMOS_MAP_SHARED  0x01
#define ALMOS_MAP_PRIVATE 0x02
#define ALMOS_MAP_FIXED   0x10
#define ALMOS_MAP_ANON    0x20
#define ALMOS_MAP_REMOTE  0x40     /* pages in cluster attr.fdid */

typedef struct mmap_attr_s {
    void    *addr;          /* out: where the mapping is */
    uint64_t length;
    uint32_t prot;
    uint32_t flags;
    int32_t  fdid;          /* file descriptor (FILE), target cluster (REMOTE) */
    uint32_t pad;
    uint64_t offset;        /* in the file, page aligned */
} mmap_attr_t;

/* threads */
typedef struct thread_attr_s {
    uint32_t flags;         /* THREAD_ATTR_* */
    uint32_t cxy;           /* target cluster with THREAD_ATTR_CLUSTER */
    uint32_t lid;           /* target core with THREAD_ATTR_CORE */
    uint32_t pad;
} thread_attr_t;
#define THREAD_ATTR_DETACHED 0x1
#define THREAD_ATTR_CLUSTER  0x2
#define THREAD_ATTR_CORE     0x4

/* synchronisation objects: the user object's address names the kernel one */
#define SYNC_INIT      0
#define SYNC_DESTROY   1
#define SYNC_LOCK      2    /* mutex */
#define SYNC_UNLOCK    3
#define SYNC_TRYLOCK   4
#define SYNC_WAIT      5    /* condvar (with mutex), barrier, semaphore */
#define SYNC_SIGNAL    6    /* condvar */
#define SYNC_BROADCAST 7    /* condvar */
#define SYNC_POST      8    /* semaphore */
#define SYNC_GETVALUE  9    /* semaphore */

/* signals (Linux numbers; picolibc's <signal.h> numbers some differently,
 * so programs use these with kill()).  Default actions: CHLD, WINCH and
 * URG are ignored; STOP, TSTP, TTIN and TTOU stop; CONT continues; every
 * other one ends the process.  There are no user handlers: a process may
 * only ignore a signal (SYS_SIGNAL), and not KILL, STOP or the signals
 * of its own faults (SEGV, BUS, ILL). */
#define ALMOS_SIGHUP   1
#define ALMOS_SIGINT   2
#define ALMOS_SIGQUIT  3
#define ALMOS_SIGILL   4
#define ALMOS_SIGABRT  6
#define ALMOS_SIGBUS   7
#define ALMOS_SIGKILL  9
#define ALMOS_SIGUSR1  10
#define ALMOS_SIGSEGV  11
#define ALMOS_SIGUSR2  12
#define ALMOS_SIGPIPE  13
#define ALMOS_SIGALRM  14
#define ALMOS_SIGTERM  15
#define ALMOS_SIGCHLD  17
#define ALMOS_SIGCONT  18
#define ALMOS_SIGSTOP  19
#define ALMOS_SIGTSTP  20
#define ALMOS_SIGTTIN  21
#define ALMOS_SIGTTOU  22
#define ALMOS_SIGURG   23
#define ALMOS_SIGWINCH 28
#define ALMOS_NSIG     32
#define ALMOS_SIG_DFL  0
#define ALMOS_SIG_IGN  1

/* wait status, as POSIX macros read it: exit code << 8, or the signal */
#define ALMOS_W_EXITCODE(code)  (((code) & 0xff) << 8)
#define ALMOS_W_SIGNALED(sig)   ((sig) & 0x7f)
#define ALMOS_W_STOPPED(sig)    ((((sig) & 0xff) << 8) | 0x7f)
#define ALMOS_WNOHANG   1
#define ALMOS_WUNTRACED 2           /* also report children that stopped */

/* Terminal attributes (struct termios, Linux/glibc layout and values;
 * user/include/sys/termios.h gives them their POSIX names).  What the
 * console's line discipline (kernel/devices/tty_ldisc.h) honours:
 * c_iflag ICRNL, IGNCR, INLCR; c_lflag ISIG, ICANON, ECHO, ECHOE, ECHOK,
 * ECHONL, ECHOCTL, NOFLSH, IEXTEN; c_cc VINTR, VQUIT, VERASE, VKILL, VEOF,
 * VEOL, VSUSP, VWERASE, VMIN (0: a read does not wait).  Output always
 * turns "\n" into "\r\n" (the console driver does it). */
#define ALMOS_NCCS 32
struct almos_termios {
    uint32_t c_iflag;
    uint32_t c_oflag;
    uint32_t c_cflag;
    uint32_t c_lflag;
    uint8_t  c_line;
    uint8_t  c_cc[ALMOS_NCCS];
    uint32_t c_ispeed;
    uint32_t c_ospeed;
};
/* c_iflag */
#define ALMOS_IGNBRK  0000001
#define ALMOS_BRKINT  0000002
#define ALMOS_INLCR   0000100
#define ALMOS_IGNCR   0000200
#define ALMOS_ICRNL   0000400
#define ALMOS_IXON    0002000
/* c_oflag */
#define ALMOS_OPOST   0000001
#define ALMOS_ONLCR   0000004
/* c_cflag */
#define ALMOS_CS8     0000060
#define ALMOS_CREAD   0000200
#define ALMOS_CLOCAL  0004000
#define ALMOS_B115200 0010002
/* c_lflag */
#define ALMOS_ISIG    0000001
#define ALMOS_ICANON  0000002
#define ALMOS_ECHO    0000010
#define ALMOS_ECHOE   0000020
#define ALMOS_ECHOK   0000040
#define ALMOS_ECHONL  0000100
#define ALMOS_NOFLSH  0000200
#define ALMOS_TOSTOP  0000400
#define ALMOS_ECHOCTL 0001000
#define ALMOS_ECHOKE  0004000
#define ALMOS_IEXTEN  0100000
/* c_cc indexes */
#define ALMOS_VINTR    0
#define ALMOS_VQUIT    1
#define ALMOS_VERASE   2
#define ALMOS_VKILL    3
#define ALMOS_VEOF     4
#define ALMOS_VTIME    5
#define ALMOS_VMIN     6
#define ALMOS_VSTART   8
#define ALMOS_VSTOP    9
#define ALMOS_VSUSP    10
#define ALMOS_VEOL     11
#define ALMOS_VREPRINT 12
#define ALMOS_VWERASE  14
#define ALMOS_VLNEXT   15
#define ALMOS_VEOL2    16
#define ALMOS_TCSANOW   0
#define ALMOS_TCSADRAIN 1
#define ALMOS_TCSAFLUSH 2

#define ALMOS_MAX_CLUSTERS 16
struct almos_config {
    uint32_t clusters;
    uint32_t harts_per_cluster[ALMOS_MAX_CLUSTERS];
    uint32_t harts;
    uint32_t page_size;
    uint64_t timebase_freq;
};

/* page-fault counters by kind, as the VMM classifies faults */
struct almos_stats {
    uint64_t pf_local;      /* private vsegs (CODE, STACK...) mapped locally */
    uint64_t pf_false;      /* PTE copied from the reference GPT */
    uint64_t pf_true;       /* new page mapped in the reference GPT */
    uint64_t pf_cow;        /* copy-on-write resolved (page copied or kept) */
    uint64_t pf_cow_copy;   /* of which the page was copied */
    uint64_t syscalls;
    uint32_t clusters;
    uint32_t pad;
    uint32_t free_pages[ALMOS_MAX_CLUSTERS];
    uint32_t total_pages[ALMOS_MAX_CLUSTERS];
    /* per cluster: RPCs sent by its threads and served by it, TLB
     * shootdown IPIs sent by its harts and served by them */
    uint64_t rpc_sent[ALMOS_MAX_CLUSTERS];
    uint64_t rpc_served[ALMOS_MAX_CLUSTERS];
    uint64_t tlb_sent[ALMOS_MAX_CLUSTERS];
    uint64_t tlb_served[ALMOS_MAX_CLUSTERS];
    /* per cluster: RPC server threads, made on demand and kept (their
     * pages are not free: a leak check must see this count unchanged) */
    uint32_t rpc_servers[ALMOS_MAX_CLUSTERS];
    uint64_t pf_code_replica; /* CODE pages copied into the faulting cluster */
};

/* SYS_BENCH operations: kernel-side measurements for the bench programs
 * (user/bin/xbench.c); samples are hal_get_cycles() differences, n <= 256 */
#define ALMOS_BENCH_RPC       0   /* arg = cxy: n blocking RPC_TEST_ECHO round trips */
#define ALMOS_BENCH_PTE       1   /* arg = vaddr: n global rewrites (unchanged) of its PTE */
#define ALMOS_BENCH_PARK      2   /* arg = 0: sleep in the kernel, address space kept
                                   * active; 1: the kernel's table active while asleep;
                                   * until ALMOS_BENCH_UNPARK (n = timeout in ms, 0: 60 s;
                                   * samples = 0, or 1 + the ALMOS_BENCH_GEN value to
                                   * wait past: an UNPARK made since then counts) */
#define ALMOS_BENCH_UNPARK    3   /* wakes every parked thread -> how many were parked */
#define ALMOS_BENCH_PARKED    4   /* -> threads parked now (all clusters) */
#define ALMOS_BENCH_GEN       6   /* -> the UNPARK generation */
#define ALMOS_BENCH_STATS     5   /* the page-fault counters of the caller's process
                                   * copy (its cluster's): samples[0..4] = pf_local,
                                   * pf_false, pf_true, pf_cow, pf_cow_copy (n = 5) */
#define ALMOS_BENCH_IPI       7   /* arg = cxy: n IPIs with an empty request set to
                                   * core 0 of cluster cxy (the pending-word OR and the
                                   * doorbell: SSWI store or SBI call); sample = the send */
#define ALMOS_BENCH_MAX_SAMPLES 256

struct almos_process_info {
    int32_t  pid;
    int32_t  ppid;
    uint32_t cxy;           /* owner cluster */
    uint32_t threads;
    uint32_t state;         /* 0 running, 1 stopped, 2 zombie, 3 sleeping (all blocked) */
    int32_t  pgid;          /* process group */
    uint64_t pages;         /* user pages mapped in the reference GPT */
    char     name[32];
    uint32_t threads_in[ALMOS_MAX_CLUSTERS];   /* threads in each cluster */
};

#endif
