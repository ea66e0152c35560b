/*
 * scheduler.c - per-core round-robin scheduling (see scheduler.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "scheduler.h"
#include "cluster.h"
#include "thread.h"
#include "process.h"
#include "hal_special.h"
#include "hal_context.h"
#include "hal_gpt.h"
#include "hal_irq.h"
#include "hal_atomic.h"
#include "hal_remote.h"
#include "errno.h"

void thread_destroy(thread_t *thread);       /* thread.c */
void kernel_idle_hook(void);                 /* kernel_init.c */

static scheduler_t *sched_self(void)
{
    /* core_self(), inline */
    return &LOCAL_CLUSTER->core_tbl[hal_get_lid()].sched;
}

void sched_attach(thread_t *thread, lid_t lid)
{
    scheduler_t *s = &LOCAL_CLUSTER->core_tbl[lid].sched;
    thread->core_lid = lid;
    busylock_acquire(&s->lock);
    list_add_last(&s->root, &thread->sched_list);
    s->threads_nr++;
    busylock_release(&s->lock);
}

lid_t sched_least_loaded_core(void)
{
    lid_t best = 0;
    for (lid_t l = 1; l < LOCAL_CLUSTER->cores_nr; l++)
        if (LOCAL_CLUSTER->core_tbl[l].sched.threads_nr <
            LOCAL_CLUSTER->core_tbl[best].sched.threads_nr)
            best = l;
    return best;
}

/* The runnable thread after <cur> in the list (round robin), or NULL. */
static thread_t *pick_next(scheduler_t *s, thread_t *cur)
{
    list_entry_t *start = (cur && cur->type != THREAD_IDLE) ? &cur->sched_list : &s->root;
    list_entry_t *e = start->next;
    for (uint32_t n = 0; n <= s->threads_nr; n++, e = e->next) {
        if (e == &s->root)
            continue;
        thread_t *t = LIST_ELEMENT(e, thread_t, sched_list);
        if (t->blocked == 0)
            return t;
    }
    return NULL;
}

/* Frees one thread of this core that exited (not the running one); false
 * when there is none. */
static bool reap_one(scheduler_t *s)
{
    thread_t *dead = NULL;
    busylock_acquire(&s->lock);
    list_entry_t *e;
    LIST_FOREACH(&s->root, e) {
        thread_t *t = LIST_ELEMENT(e, thread_t, sched_list);
        if ((t->blocked & THREAD_BLOCKED_EXIT) && t != CURRENT_THREAD &&
            (t->flags & THREAD_FLAG_DELETE)) {
            list_unlink(&t->sched_list);
            s->threads_nr--;
            dead = t;
            break;
        }
    }
    busylock_release(&s->lock);
    if (dead == NULL)
        return false;
    /* The last descriptor of an ended process: now that every thread's
     * stack is free (the last thread to exit may be freed before others
     * that exited earlier, on other cores), the parent may reap the
     * process with every page of it accounted for. */
    process_t *p = dead->process;
    bool user = dead->type == THREAD_USER;
    bool last = (dead->flags & THREAD_FLAG_LAST) != 0;
    thread_destroy(dead);
    if (!user)
        return true;
    if (last)
        hal_atomic_or(&p->term_state, PROCESS_TERM_LAST_GONE);
    /* after this decrement <p> may be freed by whoever brought it to 0 */
    uint32_t left = hal_atomic_add(&p->th_desc, -1) - 1;
    if (left == 0 && (p->term_state & PROCESS_TERM_LAST_GONE))
        process_zombie(p);
    else if (left == 0)
        process_copy_release(p);
    return true;
}

static void reap(scheduler_t *s)
{
    while (reap_one(s))
        ;
}

/* Activates the address space <next> needs: its process's GPT for a
 * user thread, the kernel's table otherwise (so that a process's tables can
 * be freed as soon as its last thread is gone: that thread, still ending
 * in the kernel, gets the kernel's table too). */
static void switch_address_space(scheduler_t *s, thread_t *next)
{
    process_t *want = next->type == THREAD_USER &&
                      !(next->process->term_state & PROCESS_TERM_NO_VMM) ? next->process : NULL;
    if (want == s->active)
        return;
    hal_gpt_activate(want ? &want->vmm.gpt : &process_zero.vmm.gpt);
    s->active = want;
}

void sched_yield(void)
{
    reg_t irq;
    hal_disable_irq(&irq);
    scheduler_t *s = sched_self();
    thread_t *cur = CURRENT_THREAD;
    s->req_resched = 0;
    busylock_acquire(&s->lock);
    thread_t *next = pick_next(s, cur);
    busylock_release(&s->lock);
    if (next == NULL)
        next = (cur->blocked == 0 && cur->type != THREAD_IDLE) ? cur : s->idle;
    if (next != cur) {
        s->ticks_left = SCHED_TICKS_PER_SLICE;
        s->switches++;
        switch_address_space(s, next);
        s->current = next;
        hal_context_switch(cur, next);
        /* Back on <cur>, possibly much later. */
        s = sched_self();
    }
    reap(s);
    hal_restore_irq(irq);
}

int sched_sleep(uint64_t until)
{
    thread_t *t = CURRENT_THREAD;
    scheduler_t *s = sched_self();
    int ret = 0;
    busylock_acquire(&s->lock);
    t->wake_time = until;
    s->sleepers++;
    busylock_release(&s->lock);
    while (hal_get_time() < until) {
        if (t->flags & THREAD_FLAG_KILL) {
            ret = -EINTR;
            break;
        }
        /* blocked first, then the time looked at again: a tick in between
         * finds the thread blocked and wakes it */
        thread_block(XPTR(local_cxy, t), THREAD_BLOCKED_SLEEP);
        if (hal_get_time() >= until || (t->flags & THREAD_FLAG_KILL))
            thread_unblock(XPTR(local_cxy, t), THREAD_BLOCKED_SLEEP);
        sched_yield();
    }
    busylock_acquire(&s->lock);
    s->sleepers--;
    t->wake_time = 0;
    busylock_release(&s->lock);
    return ret;
}

/* Wakes the threads of this core whose sleep is over (from the tick). */
static void wake_sleepers(scheduler_t *s)
{
    uint64_t now = hal_get_time();
    busylock_acquire(&s->lock);
    list_entry_t *e;
    for (e = s->root.next; e != &s->root; e = e->next) {
        thread_t *t = LIST_ELEMENT(e, thread_t, sched_list);
        if (t->wake_time && now >= t->wake_time && (t->blocked & THREAD_BLOCKED_SLEEP)) {
            hal_atomic_and(&t->blocked, ~THREAD_BLOCKED_SLEEP);
            s->req_resched = 1;
        }
    }
    busylock_release(&s->lock);
}

void sched_preempt_point(void)
{
    if (sched_self()->req_resched)
        sched_yield();
}

void sched_tick(void)
{
    scheduler_t *s = sched_self();
    if (s->sleepers)
        wake_sleepers(s);
    if (s->ticks_left == 0 || --s->ticks_left == 0)
        s->req_resched = 1;
}

void sched_idle_loop(void)
{
    for (;;) {
        reg_t irq;
        hal_disable_irq(&irq);
        sched_yield();
        /* Nothing runnable (reaping may just have woken a thread: then no
         * sleep): wait until an interrupt is pending (wfi wakes up with
         * interrupts masked), then let it be taken. */
        scheduler_t *s = sched_self();
        busylock_acquire(&s->lock);
        bool runnable = pick_next(s, NULL) != NULL;
        busylock_release(&s->lock);
        if (!runnable && !s->req_resched)
            hal_core_sleep();
        hal_enable_irq(NULL);
        kernel_idle_hook();
    }
}
