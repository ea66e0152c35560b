/*
 * thread.c - creation, blocking and end of threads (see thread.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "thread.h"
#include "process.h"
#include "cluster.h"
#include "scheduler.h"
#include "vmm.h"
#include "kmem.h"
#include "ppm.h"
#include "printk.h"
#include "string.h"
#include "errno.h"
#include "hal_context.h"
#include "hal_remote.h"
#include "hal_irq.h"
#include "hal_gpt.h"
#include "hal_atomic.h"


/* A zeroed descriptor with its context and kernel stack, or NULL. */
static thread_t *thread_alloc(thread_type_t type)
{
    thread_t *t = kmem_alloc(sizeof(*t), AF_ZERO);
    if (t == NULL)
        return NULL;
    t->context = kmem_alloc(hal_context_size(), AF_ZERO);
    page_t *stack = ppm_alloc_pages(CONFIG_THREAD_KSTACK_ORDER);
    if (t->context == NULL || stack == NULL) {
        if (t->context)
            kmem_free(t->context);
        if (stack)
            ppm_free_pages(stack);
        kmem_free(t);
        return NULL;
    }
    t->kstack = GET_PTR(ppm_page2base(XPTR(local_cxy, stack)));
    t->kstack_size = CONFIG_PPM_PAGE_SIZE << CONFIG_THREAD_KSTACK_ORDER;
    t->type = type;
    list_entry_init(&t->sched_list);
    remote_busylock_init(XPTR(local_cxy, &t->join_lock));
    return t;
}

void thread_destroy(thread_t *t)
{
    xptr_t page = ppm_base2page(XPTR(local_cxy, t->kstack));
    ppm_free_pages(GET_PTR(page));
    kmem_free(t->context);
    kmem_free(t);
}

thread_t *thread_idle_init(lid_t lid, void *stack, size_t stack_size)
{
    thread_t *t = kmem_alloc(sizeof(*t), AF_ZERO);
    t->context = kmem_alloc(hal_context_size(), AF_ZERO);
    if (t == NULL || t->context == NULL)
        return NULL;
    t->type = THREAD_IDLE;
    t->trdid = TRDID(local_cxy, 0xffff - lid);
    t->process = &process_zero;
    t->core_lid = lid;
    t->kstack = stack;
    t->kstack_size = stack_size;
    strcpy(t->name, "idle");
    list_entry_init(&t->sched_list);
    return t;
}

/* First code of every kernel thread (hal_context_init_kernel). */
void kernel_thread_entry(void)
{
    thread_t *t = CURRENT_THREAD;
    hal_enable_irq(NULL);
    void *(*func)(void *) = (void *(*)(void *))t->entry;
    thread_exit(func(t->entry_arg));
}

thread_t *thread_kernel_create(void *(*func)(void *), void *arg, const char *name, lid_t lid)
{
    thread_t *t = thread_alloc(THREAD_KERNEL);
    if (t == NULL)
        return NULL;
    /* Kernel threads are numbered from 0x8000 in each cluster. */
    static uint32_t kernel_threads;
    t->process = &process_zero;
    t->trdid = TRDID(local_cxy, 0x8000 | (hal_atomic_add(&kernel_threads, 1) & 0x7fff));
    t->entry = (void *)func;
    t->entry_arg = arg;
    t->flags = THREAD_FLAG_DETACHED;
    strncpy(t->name, name, sizeof(t->name) - 1);
    hal_context_init_kernel(t);
    sched_attach(t, lid);
    return t;
}

/* Registers <t> in <p>'s table at <ltid> (-1: first free); 0 or -EAGAIN. */
static error_t register_thread(process_t *p, thread_t *t, int ltid)
{
    /* ltids still held by an ended copy of the process in this cluster
     * (exited threads awaiting their join): a trdid names one thread */
    bool copy = p->ref_xp != XPTR(local_cxy, p);     /* only copies have such siblings */
    uint64_t held = ltid < 0 && copy ? process_ltids_held_elsewhere(p) : 0;
    busylock_acquire(&p->th_lock);
    if (p->term_state & PROCESS_TERM_EXIT) {
        /* a copy whose last thread just ended (see unregister_thread):
         * the caller makes a new copy */
        busylock_release(&p->th_lock);
        return -ESRCH;
    }
    if (ltid < 0)
        for (int i = 0; i < CONFIG_THREADS_MAX_PER_CLUSTER && ltid < 0; i++)
            if (p->th_tbl[i] == NULL && !(held & (1ULL << i)))
                ltid = i;
    if (ltid < 0 || ltid >= CONFIG_THREADS_MAX_PER_CLUSTER || p->th_tbl[ltid]) {
        busylock_release(&p->th_lock);
        return -EAGAIN;
    }
    p->th_tbl[ltid] = t;
    p->th_nr++;
    hal_atomic_add(&p->th_desc, 1);     /* down when the scheduler frees it */
    t->trdid = TRDID(local_cxy, (uint32_t)ltid);
    busylock_release(&p->th_lock);
    return 0;
}

/* Takes <t> out of its process's live threads; true when it was the last
 * one.  A joinable thread keeps its slot (and ltid) until joined.  An
 * exiting last thread of a copy in another cluster ends the copy in the
 * same critical section: register_thread() then refuses it, so no thread
 * can join a copy whose address space is about to go. */
static bool unregister_thread(process_t *p, thread_t *t, bool keep_slot, bool exiting)
{
    busylock_acquire(&p->th_lock);
    uint32_t ltid = LTID_FROM_TRDID(t->trdid);
    if (ltid < CONFIG_THREADS_MAX_PER_CLUSTER && p->th_tbl[ltid] == t) {
        if (!keep_slot)
            p->th_tbl[ltid] = NULL;
        p->th_nr--;
    }
    bool last = p->th_nr == 0;
    if (last && exiting && p->ref_xp != XPTR(local_cxy, p))
        hal_atomic_or(&p->term_state, PROCESS_TERM_EXIT);
    busylock_release(&p->th_lock);
    return last;
}

void thread_release_slot(process_t *p, thread_t *t)
{
    busylock_acquire(&p->th_lock);
    uint32_t ltid = LTID_FROM_TRDID(t->trdid);
    if (ltid < CONFIG_THREADS_MAX_PER_CLUSTER && p->th_tbl[ltid] == t)
        p->th_tbl[ltid] = NULL;
    busylock_release(&p->th_lock);
}

/* Creates the STACK vseg of thread <t> (slot = its ltid). */
static error_t create_user_stack(process_t *p, thread_t *t)
{
    vseg_t *vseg = vmm_create_vseg(p, VSEG_TYPE_STACK, LTID_FROM_TRDID(t->trdid), 0, 0, 0,
                                   XPTR_NULL, local_cxy);
    if (vseg == NULL)
        return -ENOMEM;
    t->u_stack_base = vseg->min;
    t->u_stack_size = (uint64_t)(vseg->max - vseg->min);
    return 0;
}

error_t thread_user_create(process_t *p, int ltid, uintptr_t entry, uintptr_t arg,
                           lid_t lid, thread_t **out)
{
    thread_t *t = thread_alloc(THREAD_USER);
    if (t == NULL)
        return -ENOMEM;
    t->process = p;
    t->entry = (void *)entry;
    t->entry_arg = (void *)arg;
    t->blocked = THREAD_BLOCKED_GLOBAL;
    error_t err = register_thread(p, t, ltid);
    if (err) {
        thread_destroy(t);
        return err;
    }
    err = create_user_stack(p, t);
    if (err) {
        unregister_thread(p, t, false, false);
        thread_destroy(t);
        hal_atomic_add(&p->th_desc, -1);
        return err;
    }
    hal_context_init_user(t, entry, (uintptr_t)(t->u_stack_base + t->u_stack_size), arg, 0, 0);
    sched_attach(t, lid);
    *out = t;
    return 0;
}

error_t thread_user_fork(process_t *child, xptr_t parent_xp, thread_t **out)
{
    thread_t *t = thread_alloc(THREAD_USER);
    if (t == NULL)
        return -ENOMEM;
    t->process = child;
    t->blocked = THREAD_BLOCKED_GLOBAL;
    trdid_t ptrdid = hal_remote_l32(parent_xp + offsetof(thread_t, trdid));
    error_t err = register_thread(child, t, (int)LTID_FROM_TRDID(ptrdid));
    if (err) {
        thread_destroy(t);
        return err;
    }
    /* vmm_fork_copy() copied the forking thread's STACK vseg (same slot,
     * same ltid, same addresses), its pages copy-on-write. */
    t->u_stack_base = (intptr_t)hal_remote_l64(parent_xp + offsetof(thread_t, u_stack_base));
    t->u_stack_size = hal_remote_l64(parent_xp + offsetof(thread_t, u_stack_size));

    hal_context_init_fork(t, parent_xp);
    sched_attach(t, sched_least_loaded_core());
    *out = t;
    return 0;
}

void thread_block(xptr_t thread_xp, uint32_t reason)
{
    hal_remote_atomic_or(thread_xp + offsetof(thread_t, blocked), reason);
}

void thread_unblock(xptr_t thread_xp, uint32_t reason)
{
    hal_remote_atomic_and(thread_xp + offsetof(thread_t, blocked), ~reason);
    cxy_t cxy = GET_CXY(thread_xp);
    lid_t lid = hal_remote_l32(thread_xp + offsetof(thread_t, core_lid));
    if (cxy != local_cxy || lid != core_self()->lid)
        hal_ipi_send(cxy, lid, IPI_WAKEUP);
    else
        core_self()->sched.req_resched = 1;
}

void thread_block_self(uint32_t reason)
{
    thread_block(XPTR(local_cxy, CURRENT_THREAD), reason);
    sched_yield();
}

void thread_kill_others(process_t *p)
{
    thread_t *self = CURRENT_THREAD;
    busylock_acquire(&p->th_lock);
    for (int i = 0; i < CONFIG_THREADS_MAX_PER_CLUSTER; i++) {
        thread_t *t = p->th_tbl[i];
        if (t == NULL || t == self)
            continue;
        hal_atomic_or(&t->flags, THREAD_FLAG_KILL);
        /* Out of any wait: it sees the flag on its way back to user mode. */
        thread_unblock(XPTR(local_cxy, t), ~(uint32_t)THREAD_BLOCKED_EXIT);
    }
    busylock_release(&p->th_lock);
}

void thread_exit(void *value)
{
    thread_t *t = CURRENT_THREAD;
    t->exit_value = value;
    if (t->type == THREAD_USER) {
        process_t *p = t->process;
        /* The stack goes before the slot is freed: a new thread may take
         * the same ltid, hence the same STACK slot, at once. */
        vseg_t *stack = vmm_vseg_from_vaddr(&p->vmm, t->u_stack_base);
        if (stack)
            vmm_remove_vseg(p, stack);
        /* Joinable: not detached, and its process not being killed. */
        bool copy = p->ref_xp != XPTR(local_cxy, p);
        bool dying = (p->term_state & (PROCESS_TERM_EXIT | PROCESS_TERM_KILL)) != 0;
        bool joinable = !(t->flags & THREAD_FLAG_DETACHED) && !dying;
        bool last = unregister_thread(p, t, joinable, true);
        /* The last thread of a copy in another cluster may still be joined
         * from its owner: it keeps its slot (and the copy) until then. */
        bool keep = last && copy && joinable;
        if (last) {
            if (!keep)
                thread_release_slot(p, t);
            process_last_thread_gone(p);    /* frees the address space */
            if (!copy)                      /* a copy goes when emptied */
                hal_atomic_or(&t->flags, THREAD_FLAG_LAST);
        }
        /* A joiner waiting already, or one to come: keep the descriptor
         * until join reads the value, unless detached or the process is
         * gone. */
        remote_busylock_acquire(XPTR(local_cxy, &t->join_lock));
        hal_atomic_or(&t->flags, THREAD_FLAG_JOIN_DONE);
        xptr_t joiner = t->joiner_xp;
        if ((last && !keep) || !joinable)
            hal_atomic_or(&t->flags, THREAD_FLAG_DELETE);
        remote_busylock_release(XPTR(local_cxy, &t->join_lock));
        if (joiner != XPTR_NULL)
            thread_unblock(joiner, THREAD_BLOCKED_JOIN);
    } else {
        hal_atomic_or(&t->flags, THREAD_FLAG_DELETE);
    }
    thread_block_self(THREAD_BLOCKED_EXIT);
    for (;;)                                   /* never scheduled again */
        sched_yield();
}
