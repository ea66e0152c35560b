/*
 * exception.c - user exceptions (page faults to the VMM, the rest kills
 * the process) and the return-to-user checks (see exception.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "exception.h"
#include "process.h"
#include "thread.h"
#include "cluster.h"
#include "scheduler.h"
#include "vmm.h"
#include "printk.h"
#include "shared_syscalls.h"
#include "hal_gpt.h"


static const char *kind_name(excp_kind_t kind)
{
    switch (kind) {
    case EXCP_PAGE_READ:  return "load page fault";
    case EXCP_PAGE_WRITE: return "store page fault";
    case EXCP_PAGE_EXEC:  return "instruction page fault";
    case EXCP_ILLEGAL:    return "illegal instruction";
    case EXCP_MISALIGNED: return "misaligned access";
    case EXCP_ACCESS:     return "access fault";
    case EXCP_BREAKPOINT: return "breakpoint";
    default:              return "exception";
    }
}

/* Page faults: unmapped -> vmm_handle_page_fault, store to a COW page ->
 * vmm_handle_cow, a mapped page the access is allowed on -> a stale
 * translation (retry), anything else -> a user error. */
static excp_result_t page_fault(excp_kind_t kind, uintptr_t vaddr)
{
    thread_t *t = CURRENT_THREAD;
    if (t->type != THREAD_USER)
        return EXCP_USER_ERROR;
    process_t *p = t->process;
    vpn_t vpn = vaddr >> CONFIG_PPM_PAGE_SHIFT;
    uint32_t attr;
    ppn_t ppn;
    hal_gpt_get_pte(XPTR(local_cxy, &p->vmm.gpt), vpn, &attr, &ppn);
    if (!(attr & GPT_MAPPED))
        return vmm_handle_page_fault(p, vpn);
    if (!(attr & GPT_USER))
        return EXCP_USER_ERROR;
    switch (kind) {
    case EXCP_PAGE_WRITE:
        if (attr & GPT_COW)
            return vmm_handle_cow(p, vpn);
        return (attr & GPT_WRITABLE) ? EXCP_NON_FATAL : EXCP_USER_ERROR;
    case EXCP_PAGE_EXEC:
        return (attr & GPT_EXECUTABLE) ? EXCP_NON_FATAL : EXCP_USER_ERROR;
    default:
        return (attr & GPT_READABLE) ? EXCP_NON_FATAL : EXCP_USER_ERROR;
    }
}

void exception_user(excp_kind_t kind, uintptr_t vaddr, uintptr_t pc)
{
    thread_t *t = CURRENT_THREAD;
    excp_result_t r = EXCP_USER_ERROR;
    if (kind == EXCP_PAGE_READ || kind == EXCP_PAGE_WRITE || kind == EXCP_PAGE_EXEC)
        r = page_fault(kind, vaddr);
    if (r == EXCP_NON_FATAL)
        return;
    int sig = kind == EXCP_ILLEGAL || kind == EXCP_BREAKPOINT ? ALMOS_SIGILL :
              kind == EXCP_MISALIGNED ? ALMOS_SIGBUS : ALMOS_SIGSEGV;
    printk("almos-rv: process %u (%s) thread %x killed by signal %d: %s at 0x%lx, pc 0x%lx%s\n",
           t->process->pid, t->process->name, t->trdid, sig, kind_name(kind),
           (unsigned long)vaddr, (unsigned long)pc,
           r == EXCP_KERNEL_PANIC ? " (VMM inconsistency)" : "");
    process_kill((int)t->process->pid, sig);
}

bool exception_uaccess(excp_kind_t kind, uintptr_t vaddr)
{
    return page_fault(kind, vaddr) == EXCP_NON_FATAL;
}

void exception_return_to_user(void)
{
    thread_t *t = CURRENT_THREAD;
    /* the common case, first: nothing to do (the core's descriptor is
     * indexed directly, as core_self() does) */
    if (!(t->flags & (THREAD_FLAG_KILL | THREAD_FLAG_STOP)) &&
        !LOCAL_CLUSTER->core_tbl[hal_get_lid()].sched.req_resched)
        return;
    for (;;) {
        if (t->flags & THREAD_FLAG_KILL)
            thread_exit(NULL);
        if (t->flags & THREAD_FLAG_STOP) {
            thread_block_self(THREAD_BLOCKED_GLOBAL);
            continue;
        }
        if (core_self()->sched.req_resched) {
            sched_yield();
            continue;
        }
        return;
    }
}
