/*
 * waitq.c - queues of blocked threads, reachable from any cluster (see
 * waitq.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "waitq.h"
#include "thread.h"
#include "scheduler.h"
#include "remote_busylock.h"
#include "hal_remote.h"

void waitq_prepare(xptr_t root_xp, waitq_waiter_t *w, uint32_t reason)
{
    w->thread = XPTR(local_cxy, CURRENT_THREAD);
    w->woken = 0;
    xlist_add_last(root_xp, XPTR(local_cxy, &w->link));
    thread_block(w->thread, reason);
}

bool waitq_finish(xptr_t root_xp, xptr_t lock_xp, waitq_waiter_t *w, uint32_t reason)
{
    (void)root_xp;
    while (!w->woken) {
        sched_yield();
        if (!w->woken && (CURRENT_THREAD->flags & THREAD_FLAG_KILL)) {
            remote_busylock_acquire(lock_xp);
            bool woken = w->woken;
            if (!woken)
                xlist_unlink(XPTR(local_cxy, &w->link));
            remote_busylock_release(lock_xp);
            thread_unblock(w->thread, reason);
            return woken;
        }
    }
    return true;
}

xptr_t waitq_first(xptr_t root_xp)
{
    if (xlist_is_empty(root_xp))
        return XPTR_NULL;
    xptr_t w = XLIST_ELEMENT(xlist_first(root_xp), waitq_waiter_t, link);
    return hal_remote_lxp(w + offsetof(waitq_waiter_t, thread));
}

xptr_t waitq_wake_first(xptr_t root_xp, uint32_t reason)
{
    if (xlist_is_empty(root_xp))
        return XPTR_NULL;
    xptr_t w = XLIST_ELEMENT(xlist_first(root_xp), waitq_waiter_t, link);
    xlist_unlink(w + offsetof(waitq_waiter_t, link));
    xptr_t t = hal_remote_lxp(w + offsetof(waitq_waiter_t, thread));
    /* the record lives on the waiter's stack: last access before the
     * thread may run and return */
    hal_remote_s32(w + offsetof(waitq_waiter_t, woken), 1);
    thread_unblock(t, reason);
    return t;
}

void waitq_wake_all(xptr_t root_xp, uint32_t reason)
{
    while (waitq_wake_first(root_xp, reason) != XPTR_NULL)
        ;
}
