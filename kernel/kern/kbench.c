/*
 * kbench.c - SYS_BENCH: measurements that user space cannot make alone
 * (bench-only; user/bin/xbench.c uses them).
 *
 * ALMOS_BENCH_RPC (arg = cxy, n): n blocking RPC_TEST_ECHO round trips from
 *   the calling user thread to cluster cxy (its own included); sample i is
 *   hal_get_cycles() around rpc_send(): enqueue, doorbell IPI, the client
 *   descheduled, a server thread woken in cxy, the handler, the answer, the
 *   client woken and rescheduled.
 * ALMOS_BENCH_PTE (arg = vaddr, n): in the reference cluster only, n times:
 *   lock the reference PTE of the page at vaddr, rewrite it unchanged in
 *   every copy of the process (vmm_global_update_pte: the path of a COW
 *   resolution, with a TLB shootdown to the harts that have a copy's GPT
 *   active), unlock it.  Sample i is the vmm_global_update_pte() call.
 * ALMOS_BENCH_IPI (arg = cxy, n): n IPIs carrying no request to core 0 of
 *   cluster cxy; sample i is the hal_ipi_send() call: the OR into the
 *   target's pending word through the remote window and the doorbell (the
 *   ACLINT SSWI store, or the SBI call).  The target takes an interrupt
 *   that finds nothing to do.
 * ALMOS_BENCH_PARK (arg = mode, n = timeout in ms): the calling thread
 *   sleeps in the kernel (wfi between interrupts; it never leaves its core
 *   to another thread but for an RPC server or a reschedule request) until
 *   ALMOS_BENCH_UNPARK (one made since generation samples - 1 when
 *   samples is not 0: ALMOS_BENCH_GEN), the timeout, or a kill.  Mode 0: its process's
 *   GPT stays active, so shootdowns for that process reach this hart, as
 *   for a thread running user code, without executing instructions that
 *   the -icount clock would count.  Mode 1: the kernel's table is active
 *   while asleep, as on a hart whose thread is blocked: shootdowns skip it.
 * ALMOS_BENCH_UNPARK: wakes them all (at their next interrupt, the tick at
 *   the latest); returns how many were parked.
 * ALMOS_BENCH_PARKED: the number of threads parked now.
 * ALMOS_BENCH_STATS: the page-fault counters of the caller's own process
 *   copy (almos_get_stats sums reference copies and retired copies only).
 *
 * The parked count and the release generation live in cluster 0's copy.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "kbench.h"
#include "shared_syscalls.h"
#include "process.h"
#include "thread.h"
#include "cluster.h"
#include "core.h"
#include "scheduler.h"
#include "rpc.h"
#include "vmm.h"
#include "hal_gpt.h"
#include "hal_context.h"
#include "hal_special.h"
#include "hal_remote.h"
#include "hal_irq.h"
#include "kmem.h"
#include "string.h"
#include "errno.h"

static volatile uint32_t kb_parked;     /* cluster 0's copy is the one used */
static volatile uint32_t kb_gen;

static reg_t kb_rpc(cxy_t cxy, uint32_t n, uint64_t *s)
{
    if (cxy >= LOCAL_CLUSTER->clusters_nr)
        return (reg_t)-EINVAL;
    for (uint32_t i = 0; i < n; i++) {
        rpc_desc_t d;
        memset(&d, 0, sizeof(d));
        d.index = RPC_TEST_ECHO;
        d.blocking = 1;
        d.args[0] = 1000 + i;
        uint64_t c0 = hal_get_cycles();
        rpc_send(cxy, &d);
        s[i] = hal_get_cycles() - c0;
        if (d.args[1] != 1001 + i || d.args[2] != cxy)
            return (reg_t)-EIO;
    }
    return 0;
}

static reg_t kb_pte(intptr_t vaddr, uint32_t n, uint64_t *s)
{
    process_t *process = CURRENT_THREAD->process;
    if (GET_CXY(process->ref_xp) != local_cxy || GET_PTR(process->ref_xp) != process)
        return (reg_t)-EINVAL;          /* the reference copy does global updates */
    vpn_t vpn = (vpn_t)vaddr >> CONFIG_PPM_PAGE_SHIFT;
    xptr_t gpt_xp = XPTR(local_cxy, &process->vmm.gpt);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t attr;
        ppn_t ppn;
        if (hal_gpt_lock_pte(gpt_xp, vpn, &attr, &ppn))
            return (reg_t)-ENOMEM;
        if (!(attr & GPT_MAPPED)) {
            hal_gpt_unlock_pte(gpt_xp, vpn);
            return (reg_t)-EFAULT;
        }
        uint64_t c0 = hal_get_cycles();
        vmm_global_update_pte(process, vpn, attr, ppn);
        s[i] = hal_get_cycles() - c0;
        hal_gpt_unlock_pte(gpt_xp, vpn);
    }
    return 0;
}

static reg_t kb_ipi(cxy_t cxy, uint32_t n, uint64_t *s)
{
    if (cxy >= LOCAL_CLUSTER->clusters_nr)
        return (reg_t)-EINVAL;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t c0 = hal_get_cycles();
        hal_ipi_send(cxy, 0, 0);
        s[i] = hal_get_cycles() - c0;
    }
    return 0;
}

static reg_t kb_park(uint32_t mode, uint64_t timeout_ms, uint64_t gen1)
{
    thread_t *t = CURRENT_THREAD;
    xptr_t gen_xp = XPTR(0, (void *)&kb_gen);
    xptr_t parked_xp = XPTR(0, (void *)&kb_parked);
    uint32_t gen = gen1 ? (uint32_t)(gen1 - 1) : hal_remote_l32(gen_xp);
    uint64_t t0 = hal_get_time();
    uint64_t limit = LOCAL_CLUSTER->timebase_freq * (timeout_ms ? timeout_ms : 60000) / 1000;
    reg_t ret = 0, irq;

    hal_remote_atomic_add(parked_xp, 1);
    hal_disable_irq(&irq);
    for (;;) {
        if (hal_remote_l32(gen_xp) != gen)
            break;
        if (t->flags & THREAD_FLAG_KILL) {
            ret = (reg_t)-EINTR;
            break;
        }
        if (hal_get_time() - t0 >= limit) {
            ret = (reg_t)-EAGAIN;
            break;
        }
        if (core_self()->sched.req_resched) {
            /* the scheduler believes our process's table active */
            if (mode == 1)
                hal_gpt_activate(&t->process->vmm.gpt);
            sched_yield();              /* an RPC server of this core, say */
            continue;
        }
        /* mode 1: the kernel's table while asleep, and while the ticks
         * are taken (not switched back at each wake-up: a hart that held
         * the process's table for a moment would get shootdowns) */
        if (mode == 1)
            hal_gpt_activate(&process_zero.vmm.gpt);
        hal_core_sleep();               /* wakes on a pending interrupt, masked or not */
        hal_restore_irq(irq);           /* take it (shootdown, tick, doorbell) */
        hal_disable_irq(&irq);
    }
    if (mode == 1)
        hal_gpt_activate(&t->process->vmm.gpt);
    hal_restore_irq(irq);
    hal_remote_atomic_add(parked_xp, -1);
    return ret;
}

reg_t sys_bench(reg_t op, reg_t arg, reg_t n, reg_t usamples, reg_t a4, reg_t a5)
{
    (void)a4; (void)a5;
    uint64_t *s;
    reg_t r;

    switch (op) {
    case ALMOS_BENCH_RPC:
    case ALMOS_BENCH_PTE:
    case ALMOS_BENCH_IPI:
        if (n == 0 || n > ALMOS_BENCH_MAX_SAMPLES)
            return (reg_t)-EINVAL;
        s = kmem_alloc(n * sizeof(uint64_t), AF_ZERO);
        if (s == NULL)
            return (reg_t)-ENOMEM;
        r = op == ALMOS_BENCH_RPC ? kb_rpc((cxy_t)arg, (uint32_t)n, s)
            : op == ALMOS_BENCH_IPI ? kb_ipi((cxy_t)arg, (uint32_t)n, s)
                                    : kb_pte((intptr_t)arg, (uint32_t)n, s);
        if (r == 0)
            r = (reg_t)(long)hal_copy_to_uspace((void *)usamples, s, n * sizeof(uint64_t));
        kmem_free(s);
        return r;
    case ALMOS_BENCH_PARK:
        return kb_park((uint32_t)arg, n, usamples);
    case ALMOS_BENCH_GEN:
        return hal_remote_l32(XPTR(0, (void *)&kb_gen));
    case ALMOS_BENCH_UNPARK:
        r = hal_remote_l32(XPTR(0, (void *)&kb_parked));
        hal_remote_atomic_add(XPTR(0, (void *)&kb_gen), 1);
        return r;
    case ALMOS_BENCH_STATS: {
        process_stats_t *ps = &CURRENT_THREAD->process->stats;
        uint64_t v[5] = { ps->pf_local, ps->pf_false, ps->pf_true, ps->pf_cow,
                          ps->pf_cow_copy };
        return (reg_t)(long)hal_copy_to_uspace((void *)usamples, v, sizeof(v));
    }
    case ALMOS_BENCH_PARKED:
        return hal_remote_l32(XPTR(0, (void *)&kb_parked));
    default:
        return (reg_t)-EINVAL;
    }
}
