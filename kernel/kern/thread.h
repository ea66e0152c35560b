/*
 * thread.h - threads: user threads of processes, kernel threads, and one
 * idle thread per core.
 *
 * A thread runs on one core of the cluster it was created in.  Its
 * identifier is trdid = cxy << 16 | ltid, ltid being its index in the local
 * process copy's thread table (ltid 0 of the owner copy is the main thread;
 * it also names the thread's STACK slot in the VMM).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef THREAD_H
#define THREAD_H

#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "list.h"
#include "xlist.h"
#include "remote_busylock.h"
#include "hal_special.h"

struct process_s;

typedef uint32_t trdid_t;
#define TRDID(cxy, ltid)   ((trdid_t)(((cxy) << 16) | (ltid)))
#define LTID_FROM_TRDID(t) ((t) & 0xffff)
#define CXY_FROM_TRDID(t)  ((t) >> 16)

typedef enum {
    THREAD_USER   = 0,
    THREAD_KERNEL = 1,
    THREAD_IDLE   = 2,
} thread_type_t;

/* Reasons a thread is blocked (a set: the thread runs when it is empty). */
#define THREAD_BLOCKED_GLOBAL   0x0001   /* stopped, or not yet started */
#define THREAD_BLOCKED_JOIN     0x0002   /* waiting for a thread to exit */
#define THREAD_BLOCKED_WAIT     0x0004   /* waiting for a child process */
#define THREAD_BLOCKED_SYNC     0x0008   /* mutex, condvar, barrier, sem */
#define THREAD_BLOCKED_IO       0x0010   /* tty, pipe */
#define THREAD_BLOCKED_EXIT     0x0020   /* exited, waiting to be reaped */
#define THREAD_BLOCKED_RPC      0x0040   /* waiting for an RPC answer (or work) */
#define THREAD_BLOCKED_SLEEP    0x0080   /* sleeping until wake_time */

/* Flags. */
#define THREAD_FLAG_DETACHED    0x0001
#define THREAD_FLAG_KILL        0x0002   /* to be killed at the next return to user */
#define THREAD_FLAG_JOIN_DONE   0x0004
#define THREAD_FLAG_DELETE      0x0008   /* exited: the scheduler frees it */
#define THREAD_FLAG_STOP        0x0010   /* to be stopped at the next return to user */
#define THREAD_FLAG_LAST        0x0020   /* last thread of its process */

typedef struct thread_s {
    void                *context;      /* hal_context_t: saved registers, on switch */
    trdid_t              trdid;
    thread_type_t        type;
    struct process_s    *process;      /* local process copy */
    lid_t                core_lid;     /* the core it runs on */
    volatile uint32_t    blocked;      /* THREAD_BLOCKED_* set */
    volatile uint32_t    flags;        /* THREAD_FLAG_* */
    list_entry_t         sched_list;   /* in its core's scheduler */
    void                *kstack;       /* kernel stack base */
    size_t               kstack_size;
    void                *uzone;        /* user registers (trap frame) while in the kernel */
    intptr_t             u_stack_base; /* user stack vseg */
    uint64_t             u_stack_size;
    void                *entry;        /* user or kernel entry point */
    void                *entry_arg;
    void                *exit_value;   /* for pthread_join */
    xptr_t               joiner_xp;    /* thread blocked in join on this one */
    remote_busylock_t    join_lock;
    uint32_t             fork_place;   /* place_fork(): 1 + cluster of the next child */
    uint64_t             cycles;       /* instrumentation */
    uint64_t             wake_time;    /* sched_sleep(): hal_get_time() to wake at */
    uint32_t             busylocks;    /* busylocks held (debug) */
    char                 name[16];     /* kernel threads */
} thread_t;

#define CURRENT_THREAD ((thread_t *)hal_get_current())

/* Creates the idle thread of core <lid> (the boot stack becomes its stack). */
thread_t *thread_idle_init(lid_t lid, void *stack, size_t stack_size);
/* Creates a kernel thread running func(arg) on core <lid>; NULL if no memory. */
thread_t *thread_kernel_create(void *(*func)(void *), void *arg, const char *name, lid_t lid);
/* Creates a user thread of <process> (local copy) starting at <entry>(<arg>)
 * with a new STACK vseg, on core <lid>, blocked (THREAD_BLOCKED_GLOBAL)
 * until thread_unblock.  ltid: index in the process's thread table,
 * -1 = the first free one.  Returns 0 or -errno, the thread in *out. */
error_t thread_user_create(struct process_s *process, int ltid, uintptr_t entry,
                           uintptr_t arg, lid_t lid, thread_t **out);
/* Creates in <child> (a process of this cluster) the copy of the thread
 * at <parent_xp> (the one calling fork(), in any cluster) that fork()
 * needs: same ltid and user stack, same user registers but a0 = 0; on a
 * core of this cluster, blocked (THREAD_BLOCKED_GLOBAL).  0 or -ENOMEM. */
error_t thread_user_fork(struct process_s *child, xptr_t parent_xp, thread_t **out);
/* Blocks the calling thread for <reason> and yields until unblocked. */
void thread_block_self(uint32_t reason);
/* Sets / clears blocking reasons of a thread anywhere (wakes its core). */
void thread_block(xptr_t thread_xp, uint32_t reason);
void thread_unblock(xptr_t thread_xp, uint32_t reason);
/* Ends the calling thread (user or kernel); never returns.  The last
 * thread of a user process makes the process a zombie. */
void thread_exit(void *value) __attribute__((noreturn));
/* Frees the table slot an exited joinable thread kept (join, process end). */
void thread_release_slot(struct process_s *process, thread_t *thread);
/* Asks every thread of <process> but the caller to exit at its next return
 * to user mode (or now, if blocked). */
void thread_kill_others(struct process_s *process);

#endif
