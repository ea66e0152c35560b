/*
 * waitq.h - queues of blocked threads, reachable from any cluster.
 *
 * A wait queue is an xlist root inside the object waited for (a pipe, the
 * console input, a user mutex), protected by a lock of that object that
 * the caller holds around waitq_prepare() and the wake-ups.  A waiter
 * links a record from its own kernel stack (an xlist entry: any cluster
 * can unlink it), marks itself blocked while the lock is held, releases
 * the lock, then yields in waitq_finish(): a wake-up in between is not
 * lost, since the scheduler reads the blocked set.  A waker unlinks the
 * record, marks it woken and unblocks the thread (an IPI when it runs in
 * another cluster).  A killed waiter takes itself off the queue.
 *
 *   lock(obj);
 *   while (!condition) {
 *       waitq_waiter_t w;
 *       waitq_prepare(obj.root, &w, THREAD_BLOCKED_IO);
 *       unlock(obj);
 *       if (!waitq_finish(obj.root, obj.lock, &w, THREAD_BLOCKED_IO))
 *           return -EINTR;
 *       lock(obj);
 *   }
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef WAITQ_H
#define WAITQ_H

#include "hal_kernel_types.h"
#include "xlist.h"

typedef struct waitq_waiter_s {
    xlist_entry_t     link;
    xptr_t            thread;
    volatile uint32_t woken;
} waitq_waiter_t;

/* Queues the calling thread on <root_xp> (lock held) and marks it blocked
 * for <reason> (THREAD_BLOCKED_*). */
void waitq_prepare(xptr_t root_xp, waitq_waiter_t *w, uint32_t reason);

/* With the lock released: yields until woken.  False when the thread is
 * being killed and was not woken (it has then left the queue, taking
 * <lock_xp> to do so). */
bool waitq_finish(xptr_t root_xp, xptr_t lock_xp, waitq_waiter_t *w, uint32_t reason);

/* Wakes the first waiter of <root_xp> (lock held): its thread, or
 * XPTR_NULL when none waits. */
xptr_t waitq_wake_first(xptr_t root_xp, uint32_t reason);

/* The thread of the first waiter (lock held), or XPTR_NULL. */
xptr_t waitq_first(xptr_t root_xp);

/* Wakes every waiter of <root_xp> (lock held). */
void waitq_wake_all(xptr_t root_xp, uint32_t reason);

#endif
