/*
 * rpc.c - remote procedure calls between clusters (see rpc.h).
 *
 * Lock order: a cluster's RPC FIFO lock, then the allocators' locks (a
 * server thread is created with the FIFO lock held).  Every access to a
 * FIFO, local or remote, is made with its lock held.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "rpc.h"
#include "vmm.h"
#include "vfs_remote.h"
#include "cluster.h"
#include "core.h"
#include "thread.h"
#include "scheduler.h"
#include "kmem.h"
#include "printk.h"
#include "string.h"
#include "errno.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "hal_atomic.h"
#include "hal_irq.h"

/* Field <f> of the RPC state of cluster <cxy>. */
#define FIFO_XP(cxy, f)   XPTR((cxy), &LOCAL_CLUSTER->rpc.f)
#define DESC_XP(xp, f)    ((xp) + offsetof(rpc_desc_t, f))

/* ------------------------------------------------------------ handlers -- */

static void rpc_test_echo(xptr_t desc_xp)
{
    uint64_t v = hal_remote_l64(DESC_XP(desc_xp, args[0]));
    hal_remote_s64(DESC_XP(desc_xp, args[1]), v + 1);
    hal_remote_s64(DESC_XP(desc_xp, args[2]), local_cxy);
}

static const char *thread_type_name(thread_type_t type)
{
    return type == THREAD_USER ? "user" : type == THREAD_KERNEL ? "kernel" : "idle";
}

static void rpc_sched_display(xptr_t desc_xp)
{
    (void)desc_xp;
    for (lid_t l = 0; l < LOCAL_CLUSTER->cores_nr; l++) {
        scheduler_t *s = &LOCAL_CLUSTER->core_tbl[l].sched;
        busylock_acquire(&s->lock);
        thread_t *cur = s->current;
        printk("sched: cluster %u core %u: %u threads, current %s %x, %lu switches\n",
               local_cxy, l, s->threads_nr, cur ? thread_type_name(cur->type) : "none",
               cur ? cur->trdid : 0, (unsigned long)s->switches);
        list_entry_t *e;
        LIST_FOREACH(&s->root, e) {
            thread_t *t = LIST_ELEMENT(e, thread_t, sched_list);
            printk("sched:   %-6s trdid %x blocked %x %s%s\n", thread_type_name(t->type),
                   t->trdid, t->blocked, t->name, t == cur ? " (running)" : "");
        }
        busylock_release(&s->lock);
    }
}

/* The handler of each index; NULL: not implemented yet. */
static rpc_handler_t *const rpc_tbl[RPC_INDEX_NR] = {
    [RPC_TEST_ECHO]          = rpc_test_echo,
    [RPC_SCHED_DISPLAY]      = rpc_sched_display,
    [RPC_VMM_GET_VSEG]       = rpc_vmm_get_vseg_server,
    [RPC_THREAD_USER_CREATE] = rpc_thread_user_create_server,
    [RPC_PROCESS_MAKE_KILL]  = rpc_process_make_kill_server,
    [RPC_PROCESS_MAKE_EXIT]  = rpc_process_make_exit_server,
    [RPC_THREAD_RELEASE]     = rpc_thread_release_server,
    [RPC_VFS_CALL]           = rpc_vfs_call_server,
    [RPC_PROCESS_MAKE_FORK]  = rpc_process_make_fork_server,
    [RPC_PROCESS_REAP]       = rpc_process_reap_server,
    [RPC_PROCESS_SIGACTION]  = rpc_process_sigaction_server,
    [RPC_PROCESS_COPY_SIGNAL] = rpc_process_copy_signal_server,
    [RPC_VMM_MMAP]           = rpc_vmm_mmap_server,
    [RPC_VMM_MUNMAP]         = rpc_vmm_munmap_server,
    [RPC_VMM_MPROTECT]       = rpc_vmm_mprotect_server,
};

uint64_t rpc_arg(xptr_t desc_xp, uint32_t i)
{
    return hal_remote_l64(DESC_XP(desc_xp, args[i]));
}

void rpc_set_arg(xptr_t desc_xp, uint32_t i, uint64_t value)
{
    hal_remote_s64(DESC_XP(desc_xp, args[i]), value);
}

/* args: [0] reference process, [1] vaddr -> [2] error, [3] vseg xptr. */
void rpc_vmm_get_vseg_server(xptr_t desc_xp)
{
    xptr_t vseg = XPTR_NULL;
    error_t err = vmm_ref_get_vseg(rpc_arg(desc_xp, 0), (intptr_t)rpc_arg(desc_xp, 1), &vseg);
    rpc_set_arg(desc_xp, 3, vseg);
    rpc_set_arg(desc_xp, 2, (uint64_t)(int64_t)err);
}

static const char *const rpc_names[RPC_INDEX_NR] = {
    [RPC_TEST_ECHO]             = "TEST_ECHO",
    [RPC_SCHED_DISPLAY]         = "SCHED_DISPLAY",
    [RPC_VMM_GET_VSEG]          = "VMM_GET_VSEG",
    [RPC_VMM_GLOBAL_UPDATE_PTE] = "VMM_GLOBAL_UPDATE_PTE",
    [RPC_VMM_SET_COW]           = "VMM_SET_COW",
    [RPC_PROCESS_MAKE_FORK]     = "PROCESS_MAKE_FORK",
    [RPC_PROCESS_MAKE_EXEC]     = "PROCESS_MAKE_EXEC",
    [RPC_PROCESS_MAKE_EXIT]     = "PROCESS_MAKE_EXIT",
    [RPC_PROCESS_MAKE_KILL]     = "PROCESS_MAKE_KILL",
    [RPC_PROCESS_SIGACTION]     = "PROCESS_SIGACTION",
    [RPC_THREAD_USER_CREATE]    = "THREAD_USER_CREATE",
    [RPC_THREAD_KERNEL_CREATE]  = "THREAD_KERNEL_CREATE",
    [RPC_THREAD_KILL]           = "THREAD_KILL",
    [RPC_VFS_CALL]              = "VFS_CALL",
    [RPC_MAPPER_CALL]           = "MAPPER_CALL",
    [RPC_THREAD_RELEASE]        = "THREAD_RELEASE",
    [RPC_PROCESS_REAP]          = "PROCESS_REAP",
    [RPC_PROCESS_COPY_SIGNAL]   = "PROCESS_COPY_SIGNAL",
    [RPC_VMM_MMAP]              = "VMM_MMAP",
    [RPC_VMM_MUNMAP]            = "VMM_MUNMAP",
    [RPC_VMM_MPROTECT]          = "VMM_MPROTECT",
};

const char *rpc_name(rpc_index_t index)
{
    return (uint32_t)index < RPC_INDEX_NR && rpc_names[index] ? rpc_names[index] : "?";
}

/* -------------------------------------------------------------- server -- */

/* Runs the request at <desc_xp> (popped from the local FIFO) and answers. */
static void rpc_serve(xptr_t desc_xp)
{
    uint32_t index = hal_remote_l32(DESC_XP(desc_xp, index));
    if (index < RPC_INDEX_NR && rpc_tbl[index])
        rpc_tbl[index](desc_xp);
    else
        printk("rpc: cluster %u has no handler for RPC %u (%s)\n", local_cxy, index,
               rpc_name((rpc_index_t)index));
    /* Counted before the answer, so that a client that saw its answer
     * also sees it served. */
    hal_remote_atomic_add64(FIFO_XP(local_cxy, served), 1);

    if (hal_remote_l32(DESC_XP(desc_xp, detached))) {
        kmem_free(GET_PTR(desc_xp));         /* rpc_post: allocated here */
        return;
    }
    xptr_t rsp_xp = hal_remote_lxp(DESC_XP(desc_xp, rsp_xp));
    xptr_t thread_xp = hal_remote_lxp(DESC_XP(desc_xp, thread_xp));
    hal_fence();                             /* results before the answer */
    if (rsp_xp != XPTR_NULL &&
        hal_remote_atomic_add(rsp_xp, -1) == 1 && thread_xp != XPTR_NULL)
        thread_unblock(thread_xp, THREAD_BLOCKED_RPC);
    hal_fence();
    /* Last access: the client may now reuse the descriptor, leave, exit. */
    hal_remote_s32(DESC_XP(desc_xp, done), 1);
}

/* An RPC server thread: serves until the FIFO is empty, then sleeps until
 * rpc_check() wakes it.  <arg>: its index in server[]. */
static void *rpc_server(void *arg)
{
    uint32_t bit = 1u << (uint32_t)(uintptr_t)arg;
    rpc_fifo_t *f = &LOCAL_CLUSTER->rpc;
    xptr_t lock = XPTR(local_cxy, &f->lock);
    thread_t *self = CURRENT_THREAD;
    for (;;) {
        xptr_t desc_xp = XPTR_NULL;
        remote_busylock_acquire(lock);
        if (f->rd != f->wr) {
            desc_xp = f->slot[f->rd % RPC_FIFO_SLOTS];
            f->rd++;
            f->idle_mask &= ~bit;
        } else {
            /* Blocked before the lock is released: a request pushed after
             * this point finds us in idle_mask and its doorbell unblocks us. */
            f->idle_mask |= bit;
            hal_atomic_or(&self->blocked, THREAD_BLOCKED_RPC);
        }
        remote_busylock_release(lock);
        if (desc_xp == XPTR_NULL)
            sched_yield();
        else
            rpc_serve(desc_xp);
    }
    return NULL;
}

void rpc_check(void)
{
    rpc_fifo_t *f = &LOCAL_CLUSTER->rpc;
    xptr_t lock = XPTR(local_cxy, &f->lock);
    remote_busylock_acquire(lock);
    if (f->rd != f->wr) {
        if (f->idle_mask) {
            uint32_t s = 0;
            while (!(f->idle_mask & (1u << s)))
                s++;
            f->idle_mask &= ~(1u << s);
            thread_unblock(f->server[s], THREAD_BLOCKED_RPC);
        } else if (f->servers_nr < RPC_SERVERS_MAX) {
            /* Every server is busy (or blocked in a handler): one more,
             * on the least loaded core of the cluster. */
            uint32_t s = f->servers_nr;
            char name[16];
            snprintf(name, sizeof(name), "rpc%u", s);
            lid_t lid = sched_least_loaded_core();
            thread_t *t = thread_kernel_create(rpc_server, (void *)(uintptr_t)s, name, lid);
            if (t) {
                f->server[s] = XPTR(local_cxy, t);
                f->servers_nr++;
                if (lid == core_self()->lid)
                    core_self()->sched.req_resched = 1;
                else
                    hal_ipi_send(local_cxy, lid, IPI_WAKEUP);
            }
        }
    }
    remote_busylock_release(lock);
}

/* -------------------------------------------------------------- client -- */

/* Gives the core to the other threads of this core for a while. */
static void rpc_relax(void)
{
    sched_yield();
    hal_cpu_relax();
}

/* Rings core <lid> of cluster <cxy>; the calling core runs the doorbell
 * itself when it is the target. */
static void rpc_doorbell(cxy_t cxy, lid_t lid)
{
    if (cxy == local_cxy && lid == core_self()->lid) {
        reg_t irq;
        hal_disable_irq(&irq);
        rpc_check();
        hal_restore_irq(irq);
    } else {
        hal_ipi_send(cxy, lid, IPI_RPC);
    }
}

/* Pushes <desc_xp> into the FIFO of <cxy> (waiting while it is full) and
 * rings a core there. */
static void rpc_enqueue(cxy_t cxy, xptr_t desc_xp)
{
    uint32_t cores = hal_remote_l32(XPTR(cxy, &LOCAL_CLUSTER->cores_nr));
    lid_t lid = cores ? core_self()->lid % cores : 0;
    xptr_t lock = FIFO_XP(cxy, lock);
    hal_remote_atomic_add64(FIFO_XP(local_cxy, sent), 1);
    hal_fence();                             /* the descriptor before the push */
    for (;;) {
        remote_busylock_acquire(lock);
        uint32_t wr = hal_remote_l32(FIFO_XP(cxy, wr));
        uint32_t rd = hal_remote_l32(FIFO_XP(cxy, rd));
        bool room = wr - rd < RPC_FIFO_SLOTS;
        if (room) {
            hal_remote_sxp(FIFO_XP(cxy, slot[wr % RPC_FIFO_SLOTS]), desc_xp);
            hal_remote_s32(FIFO_XP(cxy, wr), wr + 1);
        }
        remote_busylock_release(lock);
        rpc_doorbell(cxy, lid);
        if (room)
            return;
        hal_remote_atomic_add64(FIFO_XP(cxy, full), 1);
        rpc_relax();
    }
}

void rpc_wait(volatile uint32_t *rsp, rpc_desc_t *descs, uint32_t n)
{
    thread_t *self = CURRENT_THREAD;
    if (self->type == THREAD_IDLE) {
        while (*rsp != 0)
            rpc_relax();
    } else {
        /* Blocked before the counter is read: the server that brings it to
         * zero unblocks us after its decrement, so either we read zero or
         * its unblock comes after our block. */
        for (;;) {
            hal_atomic_or(&self->blocked, THREAD_BLOCKED_RPC);
            hal_fence();
            if (*rsp == 0)
                break;
            sched_yield();
        }
        hal_atomic_and(&self->blocked, ~(uint32_t)THREAD_BLOCKED_RPC);
    }
    for (uint32_t i = 0; i < n; i++)
        while (!descs[i].done)
            hal_cpu_relax();
    hal_fence();
}

static void rpc_desc_prepare(rpc_desc_t *desc)
{
    desc->detached = 0;
    desc->done = 0;
    desc->thread_xp = XPTR(local_cxy, CURRENT_THREAD);
}

void rpc_send(cxy_t cxy, rpc_desc_t *desc)
{
    volatile uint32_t rsp = 1;
    rpc_desc_prepare(desc);
    if (desc->blocking)
        desc->rsp_xp = XPTR(local_cxy, (void *)&rsp);
    rpc_enqueue(cxy, XPTR(local_cxy, desc));
    if (desc->blocking)
        rpc_wait(&rsp, desc, 1);
}

void rpc_call(cxy_t cxy, rpc_index_t index, const uint64_t *args, uint32_t nargs,
              uint64_t *out)
{
    rpc_desc_t desc;
    memset(&desc, 0, sizeof(desc));
    desc.index = index;
    desc.blocking = 1;
    for (uint32_t i = 0; i < nargs && i < RPC_ARGS_NR; i++)
        desc.args[i] = args[i];
    rpc_send(cxy, &desc);
    if (out)
        for (uint32_t i = 0; i < RPC_ARGS_NR; i++)
            out[i] = desc.args[i];
}

error_t rpc_post(cxy_t cxy, rpc_index_t index, const uint64_t *args, uint32_t nargs)
{
    xptr_t d = kmem_remote_alloc(cxy, sizeof(rpc_desc_t), AF_ZERO);
    if (d == XPTR_NULL)
        return -ENOMEM;
    hal_remote_s32(DESC_XP(d, index), index);
    hal_remote_s32(DESC_XP(d, detached), 1);
    for (uint32_t i = 0; i < nargs && i < RPC_ARGS_NR; i++)
        hal_remote_s64(DESC_XP(d, args[i]), args[i]);
    rpc_enqueue(cxy, d);
    return 0;
}

void rpc_send_parallel(rpc_desc_t *descs, const cxy_t *cxy, uint32_t n)
{
    volatile uint32_t rsp = n;
    for (uint32_t i = 0; i < n; i++) {
        rpc_desc_prepare(&descs[i]);
        descs[i].blocking = 0;
        descs[i].rsp_xp = XPTR(local_cxy, (void *)&rsp);
    }
    for (uint32_t i = 0; i < n; i++)
        rpc_enqueue(cxy[i], XPTR(local_cxy, &descs[i]));
    rpc_wait(&rsp, descs, n);
}

void rpc_multicast(const rpc_desc_t *tmpl, rpc_desc_t *descs)
{
    uint32_t n = LOCAL_CLUSTER->clusters_nr;
    cxy_t cxy[CONFIG_MAX_CLUSTERS];
    for (cxy_t c = 0; c < n; c++) {
        descs[c] = *tmpl;
        cxy[c] = c;
    }
    rpc_send_parallel(descs, cxy, n);
}

uint64_t rpc_sent(cxy_t cxy)
{
    return hal_remote_l64(FIFO_XP(cxy, sent));
}

uint64_t rpc_served(cxy_t cxy)
{
    return hal_remote_l64(FIFO_XP(cxy, served));
}

uint32_t rpc_servers(cxy_t cxy)
{
    return hal_remote_l32(FIFO_XP(cxy, servers_nr));
}
