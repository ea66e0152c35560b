/*
 * rpc.h - remote procedure calls between the kernel instances.
 *
 * A cluster asks another one to do something that is cheaper, or only
 * possible, where the data lives (walk a VSL, create a thread, reach a
 * process copy).  The client fills an RPC descriptor in its own memory,
 * pushes its extended pointer into the server cluster's RPC FIFO through
 * the remote window, and rings the server cluster with an IPI_RPC doorbell.
 * The core that takes the doorbell wakes an idle RPC server thread of its
 * cluster, or creates one (at most RPC_SERVERS_MAX per cluster).  A server
 * pops descriptors until the FIFO is empty, runs the handler rpc_tbl[index]
 * on each, then decrements the descriptor's response counter (in the
 * client's cluster); the server whose decrement reaches zero unblocks the
 * client thread if the RPC is blocking.
 *
 * Three ways of calling:
 * - blocking (desc->blocking = true): rpc_send() returns when the server
 *   has answered; the client thread is descheduled meanwhile
 *   (THREAD_BLOCKED_RPC).  An idle thread, which cannot block, polls.
 * - non-blocking (desc->blocking = false): rpc_send() returns once the
 *   request is queued; the caller keeps the descriptor alive and may wait
 *   for the counter later with rpc_wait() (several requests may share one
 *   counter: that is what rpc_multicast() does).
 * - detached (rpc_post()): fire and forget; the descriptor is allocated in
 *   the server cluster, which frees it after the handler.
 *
 * Adding an RPC: a value in rpc_index_t, a handler `void h(xptr_t desc_xp)`
 * that reads its arguments from, and writes its results to, the
 * descriptor at desc_xp (hal_remote_*), and one line in rpc_tbl (rpc.c).
 * A handler may block (it runs in a kernel thread); it must not touch the
 * response counter.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef RPC_H
#define RPC_H

#include "hal_kernel_types.h"
#include "remote_busylock.h"

#define RPC_FIFO_SLOTS   64     /* pending requests per cluster (power of 2) */
#define RPC_SERVERS_MAX  4      /* RPC server threads per cluster */
#define RPC_ARGS_NR      10

/* What a server can be asked; indexes rpc_tbl. */
typedef enum {
    RPC_TEST_ECHO           = 0,   /* args[1] = args[0] + 1, args[2] = server cxy */
    RPC_SCHED_DISPLAY       = 1,   /* printk the scheduler of every core (no args) */
    /* the ALMOS-MKH numbering; an index without a handler in rpc_tbl is
     * refused by the server, which says so */
    RPC_VMM_GET_VSEG        = 2,
    RPC_VMM_GLOBAL_UPDATE_PTE = 3,
    RPC_VMM_SET_COW         = 4,
    RPC_PROCESS_MAKE_FORK   = 5,
    RPC_PROCESS_MAKE_EXEC   = 6,
    RPC_PROCESS_MAKE_EXIT   = 7,
    RPC_PROCESS_MAKE_KILL   = 8,
    RPC_PROCESS_SIGACTION   = 9,
    RPC_THREAD_USER_CREATE  = 10,
    RPC_THREAD_KERNEL_CREATE = 11,
    RPC_THREAD_KILL         = 12,
    RPC_VFS_CALL            = 13,  /* a vfs_* call made outside the VFS cluster */
    RPC_MAPPER_CALL         = 14,
    RPC_THREAD_RELEASE      = 15,  /* a joined thread of a process copy */
    RPC_PROCESS_REAP        = 16,  /* free a zombie reaped by its parent */
    RPC_PROCESS_COPY_SIGNAL = 17,  /* SIGSTOP/SIGCONT to a copy's threads */
    RPC_VMM_MMAP            = 18,  /* mmap in the reference copy */
    RPC_VMM_MUNMAP          = 19,  /* munmap in the reference copy */
    RPC_VMM_MPROTECT        = 20,  /* mprotect in the reference copy */
    RPC_INDEX_NR
} rpc_index_t;

/* A request, in the client's memory (or the server's, for rpc_post). */
typedef struct rpc_desc_s {
    rpc_index_t index;
    uint32_t    blocking;          /* client descheduled until answered */
    uint32_t    detached;          /* the server frees the descriptor (rpc_post) */
    volatile uint32_t done;        /* set by the server as its last access */
    xptr_t      rsp_xp;            /* uint32 counter, decremented when served */
    xptr_t      thread_xp;         /* client thread, unblocked at zero */
    uint64_t    args[RPC_ARGS_NR]; /* in and out, per index */
} rpc_desc_t;

/* One handler per index; it works on the descriptor at <desc_xp>. */
typedef void rpc_handler_t(xptr_t desc_xp);

/* Per-cluster RPC state: the FIFO clients of every cluster write through
 * the remote window, the server threads, the counters.  All zero at boot
 * is a valid empty state (cluster_t is bss). */
typedef struct rpc_fifo_s {
    remote_busylock_t lock;          /* protects everything below but the counters */
    uint32_t  wr;                    /* requests pushed (free-running) */
    uint32_t  rd;                    /* requests popped (free-running) */
    xptr_t    slot[RPC_FIFO_SLOTS];  /* rpc_desc_t of pending requests */
    uint32_t  servers_nr;            /* server threads created */
    uint32_t  idle_mask;             /* bit s: server[s] waits for work */
    xptr_t    server[RPC_SERVERS_MAX];
    uint64_t  sent;                  /* RPCs sent by threads of this cluster */
    uint64_t  served;                /* RPCs served by this cluster */
    uint64_t  full;                  /* pushes that found the FIFO full */
} rpc_fifo_t;

/* Sends <desc> (index, blocking, args filled by the caller) to cluster
 * <cxy>, which may be the local one.  Blocking: returns once the handler
 * ran, results in desc->args.  Non-blocking: the caller has set
 * desc->rsp_xp to a uint32 counter of its cluster that it incremented for
 * this request, keeps <desc> alive, and waits with rpc_wait(); returns
 * once the request is queued.  Must not be called with a busylock held. */
void rpc_send(cxy_t cxy, rpc_desc_t *desc);

/* Waits until the counter *rsp (local) is zero: descheduled
 * (THREAD_BLOCKED_RPC) unless the caller is an idle thread, which polls
 * (yielding to the threads of its core); then until the servers of the
 * <n> descriptors sharing it are done with them (desc->done), after which
 * they may be reused or freed. */
void rpc_wait(volatile uint32_t *rsp, rpc_desc_t *descs, uint32_t n);

/* Blocking call with the args given; results in out[] when not NULL
 * (RPC_ARGS_NR values). */
void rpc_call(cxy_t cxy, rpc_index_t index, const uint64_t *args, uint32_t nargs,
              uint64_t *out);

/* Fire and forget: <index> with <args> runs in <cxy> some time later;
 * -ENOMEM when no descriptor could be allocated there. */
error_t rpc_post(cxy_t cxy, rpc_index_t index, const uint64_t *args, uint32_t nargs);

/* Sends descs[i] (index, args filled) to cluster cxy[i], i < n, in
 * parallel (one shared response counter) and waits until all have been
 * served; answers in descs[i].args. */
void rpc_send_parallel(rpc_desc_t *descs, const cxy_t *cxy, uint32_t n);

/* Sends <tmpl> (index, args) to every cluster of the machine in parallel
 * and waits until all have answered (one shared response counter); the
 * answer of cluster c is in descs[c] (clusters_nr descriptors). */
void rpc_multicast(const rpc_desc_t *tmpl, rpc_desc_t *descs);

/* The doorbell (core_ipi_handler, interrupts masked): wakes or creates a
 * server of the local cluster when its FIFO holds requests. */
void rpc_check(void);

/* Argument <i> of the request at <desc_xp> (server side), and its setter
 * for answers. */
uint64_t rpc_arg(xptr_t desc_xp, uint32_t i);
void     rpc_set_arg(xptr_t desc_xp, uint32_t i, uint64_t value);

/* Servers defined with their subsystems. */
void rpc_vmm_get_vseg_server(xptr_t desc_xp);
void rpc_thread_user_create_server(xptr_t desc_xp);
void rpc_process_make_kill_server(xptr_t desc_xp);
void rpc_process_make_exit_server(xptr_t desc_xp);
void rpc_thread_release_server(xptr_t desc_xp);
void rpc_process_make_fork_server(xptr_t desc_xp);
void rpc_process_reap_server(xptr_t desc_xp);
void rpc_process_sigaction_server(xptr_t desc_xp);
void rpc_process_copy_signal_server(xptr_t desc_xp);
void rpc_vmm_mmap_server(xptr_t desc_xp);
void rpc_vmm_munmap_server(xptr_t desc_xp);
void rpc_vmm_mprotect_server(xptr_t desc_xp);

/* Counters of cluster <cxy>. */
uint64_t rpc_sent(cxy_t cxy);
uint64_t rpc_served(cxy_t cxy);
/* RPC server threads made so far in <cxy> (they stay). */
uint32_t rpc_servers(cxy_t cxy);

/* Name of an RPC index (for displays). */
const char *rpc_name(rpc_index_t index);

#endif
