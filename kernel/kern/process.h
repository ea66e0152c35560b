/*
 * process.h - processes as ALMOS-MKH has them.
 *
 * pid = owner_cxy << 16 | lpid, printed in decimal like any Unix pid.
 * The owner cluster (named in the pid) allocates the pid and keeps the
 * list of all copies of the process descriptor (one per cluster where the
 * process has threads) and the children list.  The reference copy
 * (ref_xp) is the owner's descriptor: it holds the complete VSL and GPT,
 * the open files, the process group and session; the copies in other
 * clusters (made when a thread is placed there, process_copy_get) hold
 * partial VSLs and GPTs filled on demand.  A fork may make its child in
 * another cluster (place.h): the child is owned there.
 *
 * lpids go round 1..65535 before one is used again, so that a pid copied
 * from ps does not name a new process a moment later; a table of
 * CONFIG_MAX_PROCESS_PER_CLUSTER slots (slot = lpid modulo its size) holds
 * the live ones.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef PROCESS_H
#define PROCESS_H

#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "xlist.h"
#include "busylock.h"
#include "remote_busylock.h"
#include "vmm.h"
#include "thread.h"

typedef uint32_t pid_t;
#define PID(cxy, lpid)        ((pid_t)(((cxy) << 16) | (lpid)))
#define LPID_FROM_PID(pid)    ((pid) & 0xffff)
#define CXY_FROM_PID(pid)     ((pid) >> 16)
#define PID_SLOT(pid)         (LPID_FROM_PID(pid) % CONFIG_MAX_PROCESS_PER_CLUSTER)
#define LPID_MAX              0xffff

/* term_state: what happened to the process (owner copy). */
#define PROCESS_TERM_EXIT     0x10000    /* exited; low byte = exit status */
#define PROCESS_TERM_KILL     0x20000    /* killed; bits 8..15 = signal */
#define PROCESS_TERM_STOP     0x40000    /* stopped (SIGSTOP, SIGTSTP...) */
#define PROCESS_TERM_WAIT     0x80000    /* zombie reported to the parent */
#define PROCESS_TERM_ZOMBIE   0x100000   /* all gone but the descriptor: reapable */
#define PROCESS_TERM_NO_VMM   0x200000   /* its last thread is gone: VSL and GPT going */
#define PROCESS_TERM_LAST_GONE 0x400000  /* the scheduler freed its last thread to exit */

/* Page-fault and other counters, per process (reference copy). */
typedef struct process_stats_s {
    uint64_t pf_local;
    uint64_t pf_false;
    uint64_t pf_true;
    uint64_t pf_cow;
    uint64_t pf_cow_copy;
    uint64_t syscalls;
    uint64_t pf_code_replica;   /* CODE pages copied into the faulting cluster */
} process_stats_t;

typedef struct process_s {
    vmm_t              vmm;            /* virtual memory (VSL, GPT) */
    pid_t              pid;
    xptr_t             ref_xp;         /* reference copy */
    xptr_t             owner_xp;       /* owner copy */
    xptr_t             parent_xp;      /* parent's owner copy */
    char               name[CONFIG_PROCESS_NAME_MAX];

    /* Open files, in the reference copy. */
    remote_busylock_t  fd_lock;
    xptr_t             fd_array[CONFIG_PROCESS_FILE_MAX];
    xptr_t             cwd_xp;         /* current directory inode */
    xptr_t             image_xp;       /* inode of the program it runs, held
                                          and denied writing (ETXTBSY) */
    xptr_t             mapped_xp[CONFIG_PROCESS_MAPPED_MAX];
                                       /* inodes of the files it maps (mmap),
                                          held until exec or its end: their
                                          mappers outlive close and unlink */

    /* Threads of this copy. */
    busylock_t         th_lock;
    thread_t          *th_tbl[CONFIG_THREADS_MAX_PER_CLUSTER];
    uint32_t           th_nr;
    volatile uint32_t  th_desc;        /* thread descriptors of this copy not
                                          yet freed (exited ones included):
                                          the process ends when it is 0 */

    /* Owner copy only: children, process tree. */
    xlist_entry_t      children_root;  /* children's owner copies */
    remote_busylock_t  children_lock;
    uint32_t           children_nr;
    xlist_entry_t      children_list;  /* entry in the parent's list */
    xlist_entry_t      copies_list;    /* entry in the owner's copies list */
    xlist_entry_t      local_list;     /* entry in its cluster's local list */

    volatile uint32_t  term_state;     /* PROCESS_TERM_* */
    xptr_t             wait_xp;        /* parent thread blocked in wait() */

    /* Owner copy only: job control. */
    pid_t              pgid;           /* process group */
    pid_t              sid;            /* session */
    uint32_t           sig_ignored;    /* bit s: signal s ignored (SIG_IGN) */
    uint32_t           stop_sig;       /* the signal that stopped it */
    uint32_t           stop_reported;  /* that stop was reported by wait() */

    /* User synchronisation objects, by user address (reference copy). */
    xlist_entry_t      sync_root;
    remote_busylock_t  sync_lock;

    process_stats_t    stats;
} process_t;

/* Per cluster: which processes it owns and which copies it holds. */
typedef struct pmgr_s {
    remote_busylock_t  pref_lock;                          /* pid allocation */
    xptr_t             pref_tbl[CONFIG_MAX_PROCESS_PER_CLUSTER];  /* slot -> reference */
    uint32_t           pref_nr;
    uint32_t           lpid_next;                          /* next lpid to try */
    xlist_entry_t      copies_root[CONFIG_MAX_PROCESS_PER_CLUSTER];
    remote_busylock_t  copies_lock[CONFIG_MAX_PROCESS_PER_CLUSTER];
    xlist_entry_t      local_root;                         /* copies in this cluster */
    remote_busylock_t  local_lock;
    uint32_t           local_nr;
} pmgr_t;

/* The kernel "process" of each cluster: owner of kernel and idle threads,
 * its VMM describes the kernel windows. */
extern process_t process_zero;

/* ---------------------------------------------- process.c operations -- */

void    pmgr_init(void);                        /* this cluster's manager */
error_t process_init_create(void);              /* init (pid 1), cluster 0 */
/* fork of the calling thread's process; child pid, or -errno */
int     process_fork(void);
error_t process_exec_user(const char *path, char *const *argv, char *const *envp);
void    process_exit(int status) __attribute__((noreturn));
int     process_wait(int pid, int *status, int options);
/* signal <sig> (ALMOS_SIG*) to process <pid>, in any cluster; to the
 * process group -<pid> when pid < -1, to the caller's group when 0;
 * 0 or -errno (-ESRCH: no such process or group, -EINVAL: no such signal) */
int     process_kill(int pid, int sig);
/* job control of the calling process (POSIX setpgid, getpgid, setsid,
 * getsid; pid 0 = the caller); the id or 0, or -errno */
int     process_setpgid(int pid, int pgid);
int     process_getpgid(int pid);
int     process_setsid(void);
int     process_getsid(int pid);
/* True when some process of session <sid> is in process group <pgid> */
bool    process_group_in_session(pid_t pgid, pid_t sid);
/* Sets the disposition (ALMOS_SIG_DFL or ALMOS_SIG_IGN) of signal <sig>
 * for the calling process; the old one, or -EINVAL */
int     process_signal(int sig, int disposition);
/* The calling thread's process group and session (its owner's) */
pid_t   process_self_pgid(void);
pid_t   process_self_sid(void);
/* True when the calling process ignores signal <sig> */
bool    process_self_ignores(int sig);
xptr_t  process_from_pid(pid_t pid);             /* reference, or XPTR_NULL */
/* True when the process at <pxp> (owner) was stopped and none of its
 * threads, in any cluster, runs any more: each reached its stop or was
 * blocked */
bool    process_stopped(xptr_t pxp);
/* True when every thread of the process at <pxp> (owner), in any cluster,
 * is blocked (waiting for input, a child, a lock...): none can run */
bool    process_all_blocked(xptr_t pxp);
void    process_stats_sum(process_stats_t *sum);
/* The copy of <p>'s process (in the trdid's cluster) whose thread
 * <trdid> is, live or exited and not yet joined, and that thread in
 * *thread_xp; XPTR_NULL when none */
xptr_t  process_copy_holding(process_t *p, trdid_t trdid, xptr_t *thread_xp);
/* Keeps the file of inode <inode_xp> (its mapper) alive as long as the
 * process whose reference is <ref_xp> may map it: until its exec or its
 * end (munmap does not say whether another mapping of the file remains).
 * Any cluster.  Returns 0, or -ENOMEM when the process maps
 * CONFIG_PROCESS_MAPPED_MAX files already. */
error_t process_hold_mapped(xptr_t ref_xp, xptr_t inode_xp);

/* count[c] = threads in cluster c (its copy there, or the owner) of the
 * process whose reference is <ref_xp>, c < <clusters> */
void    process_threads_per_cluster(xptr_t ref_xp, uint32_t *count, uint32_t clusters);
/* thread.c / scheduler.c hooks */
void    process_last_thread_gone(process_t *process);
void    process_zombie(process_t *process);
void    process_copy_release(process_t *copy);
/* ltids (bit i: ltid i) that other descriptors of <p>'s process in this
 * cluster still hold: an ended copy keeps its exited threads' slots until
 * they are joined, and a new copy must not hand out the same trdids */
uint64_t process_ltids_held_elsewhere(process_t *p);

#endif
