/*
 * usync.c - user synchronisation objects (see usync.h).
 *
 * Every object has a busylock and a FIFO of waiting threads; a waiter
 * links a record from its own kernel stack, marks itself blocked while
 * holding the lock, then yields: a wake-up between the two is not lost,
 * since the scheduler reads the blocked set.  A mutex and a semaphore hand
 * over directly to the first waiter.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "usync.h"
#include "process.h"
#include "thread.h"
#include "cluster.h"
#include "scheduler.h"
#include "kmem.h"
#include "list.h"
#include "errno.h"
#include "shared_syscalls.h"

typedef enum { USYNC_MUTEX, USYNC_CONDVAR, USYNC_BARRIER, USYNC_SEM } usync_kind_t;

typedef struct waiter_s {
    list_entry_t  list;
    thread_t     *thread;
    volatile bool woken;
} waiter_t;

typedef struct usync_s {
    xlist_entry_t list;           /* in the process's sync list */
    uintptr_t     uaddr;
    usync_kind_t  kind;
    busylock_t    lock;
    list_entry_t  waiters;
    thread_t     *owner;          /* mutex */
    uint32_t      count;          /* barrier: participants; sem: value */
    uint32_t      arrived;        /* barrier */
} usync_t;

static process_t *self_process(void)
{
    return CURRENT_THREAD->process;
}

/* The object of <kind> at <uaddr>, or NULL. */
static usync_t *usync_find(process_t *p, uintptr_t uaddr, usync_kind_t kind)
{
    usync_t *found = NULL;
    xptr_t lock = XPTR(local_cxy, &p->sync_lock);
    remote_busylock_acquire(lock);
    xptr_t iter;
    XLIST_FOREACH(XPTR(local_cxy, &p->sync_root), iter) {
        usync_t *o = GET_PTR(XLIST_ELEMENT(iter, usync_t, list));
        if (o->uaddr == uaddr && o->kind == kind) {
            found = o;
            break;
        }
    }
    remote_busylock_release(lock);
    return found;
}

static int usync_create(uintptr_t uaddr, usync_kind_t kind, uint32_t count)
{
    process_t *p = self_process();
    if (uaddr == 0)
        return -EINVAL;
    if (usync_find(p, uaddr, kind))
        return -EBUSY;
    usync_t *o = kmem_alloc(sizeof(*o), AF_ZERO);
    if (o == NULL)
        return -ENOMEM;
    o->uaddr = uaddr;
    o->kind = kind;
    o->count = count;
    busylock_init(&o->lock);
    list_root_init(&o->waiters);
    xptr_t lock = XPTR(local_cxy, &p->sync_lock);
    remote_busylock_acquire(lock);
    xlist_add_last(XPTR(local_cxy, &p->sync_root), XPTR(local_cxy, &o->list));
    remote_busylock_release(lock);
    return 0;
}

static int usync_delete(uintptr_t uaddr, usync_kind_t kind)
{
    process_t *p = self_process();
    usync_t *o = usync_find(p, uaddr, kind);
    if (o == NULL)
        return -EINVAL;
    if (!list_is_empty(&o->waiters) || o->owner)
        return -EBUSY;
    xptr_t lock = XPTR(local_cxy, &p->sync_lock);
    remote_busylock_acquire(lock);
    xlist_unlink(XPTR(local_cxy, &o->list));
    remote_busylock_release(lock);
    kmem_free(o);
    return 0;
}

void usync_destroy_all(process_t *p)
{
    xptr_t root = XPTR(local_cxy, &p->sync_root);
    while (!xlist_is_empty(root)) {
        xptr_t e = xlist_first(root);
        xlist_unlink(e);
        kmem_free(GET_PTR(XLIST_ELEMENT(e, usync_t, list)));
    }
}

/* Links the caller as a waiter and marks it blocked; <o> is locked. */
static void wait_prepare(usync_t *o, waiter_t *w)
{
    w->thread = CURRENT_THREAD;
    w->woken = false;
    list_add_last(&o->waiters, &w->list);
    thread_block(XPTR(local_cxy, w->thread), THREAD_BLOCKED_SYNC);
}

/* Yields until woken; false when the thread is being killed (then it has
 * taken itself off the queue). */
static bool wait_finish(usync_t *o, waiter_t *w)
{
    while (!w->woken) {
        sched_yield();
        if (!w->woken && (CURRENT_THREAD->flags & THREAD_FLAG_KILL)) {
            busylock_acquire(&o->lock);
            bool woken = w->woken;
            if (!woken)
                list_unlink(&w->list);
            busylock_release(&o->lock);
            thread_unblock(XPTR(local_cxy, CURRENT_THREAD), THREAD_BLOCKED_SYNC);
            return woken;
        }
    }
    return true;
}

/* Wakes the first waiter of <o> (locked); returns its thread or NULL. */
static thread_t *wake_first(usync_t *o)
{
    if (list_is_empty(&o->waiters))
        return NULL;
    waiter_t *w = LIST_ELEMENT(o->waiters.next, waiter_t, list);
    list_unlink(&w->list);
    thread_t *t = w->thread;
    w->woken = true;
    thread_unblock(XPTR(local_cxy, t), THREAD_BLOCKED_SYNC);
    return t;
}

/* ----------------------------------------------------------- mutex -- */

static int mutex_lock(usync_t *o, bool try)
{
    waiter_t w;
    busylock_acquire(&o->lock);
    if (o->owner == NULL) {
        o->owner = CURRENT_THREAD;
        busylock_release(&o->lock);
        return 0;
    }
    if (o->owner == CURRENT_THREAD || try) {
        busylock_release(&o->lock);
        return o->owner == CURRENT_THREAD ? -EDEADLK : -EBUSY;
    }
    wait_prepare(o, &w);
    busylock_release(&o->lock);
    return wait_finish(o, &w) ? 0 : -EINTR;   /* owner handed to us */
}

static int mutex_unlock(usync_t *o)
{
    busylock_acquire(&o->lock);
    if (o->owner != CURRENT_THREAD) {
        busylock_release(&o->lock);
        return -EPERM;
    }
    o->owner = NULL;
    if (!list_is_empty(&o->waiters))
        o->owner = LIST_ELEMENT(o->waiters.next, waiter_t, list)->thread;
    wake_first(o);
    busylock_release(&o->lock);
    return 0;
}

int usync_mutex(uintptr_t uaddr, int op)
{
    if (op == SYNC_INIT)
        return usync_create(uaddr, USYNC_MUTEX, 0);
    if (op == SYNC_DESTROY)
        return usync_delete(uaddr, USYNC_MUTEX);
    usync_t *o = usync_find(self_process(), uaddr, USYNC_MUTEX);
    if (o == NULL)
        return -EINVAL;
    switch (op) {
    case SYNC_LOCK:    return mutex_lock(o, false);
    case SYNC_TRYLOCK: return mutex_lock(o, true);
    case SYNC_UNLOCK:  return mutex_unlock(o);
    default:           return -EINVAL;
    }
}

/* --------------------------------------------------------- condvar -- */

int usync_condvar(uintptr_t uaddr, int op, uintptr_t mutex_uaddr)
{
    if (op == SYNC_INIT)
        return usync_create(uaddr, USYNC_CONDVAR, 0);
    if (op == SYNC_DESTROY)
        return usync_delete(uaddr, USYNC_CONDVAR);
    usync_t *o = usync_find(self_process(), uaddr, USYNC_CONDVAR);
    if (o == NULL)
        return -EINVAL;
    switch (op) {
    case SYNC_WAIT: {
        usync_t *m = usync_find(self_process(), mutex_uaddr, USYNC_MUTEX);
        if (m == NULL || m->owner != CURRENT_THREAD)
            return -EINVAL;
        waiter_t w;
        busylock_acquire(&o->lock);
        wait_prepare(o, &w);
        busylock_release(&o->lock);
        mutex_unlock(m);
        wait_finish(o, &w);
        return mutex_lock(m, false);
    }
    case SYNC_SIGNAL:
        busylock_acquire(&o->lock);
        wake_first(o);
        busylock_release(&o->lock);
        return 0;
    case SYNC_BROADCAST:
        busylock_acquire(&o->lock);
        while (wake_first(o))
            ;
        busylock_release(&o->lock);
        return 0;
    default:
        return -EINVAL;
    }
}

/* --------------------------------------------------------- barrier -- */

int usync_barrier(uintptr_t uaddr, int op, uint32_t count)
{
    if (op == SYNC_INIT)
        return count == 0 ? -EINVAL : usync_create(uaddr, USYNC_BARRIER, count);
    if (op == SYNC_DESTROY)
        return usync_delete(uaddr, USYNC_BARRIER);
    usync_t *o = usync_find(self_process(), uaddr, USYNC_BARRIER);
    if (o == NULL || op != SYNC_WAIT)
        return -EINVAL;
    busylock_acquire(&o->lock);
    if (++o->arrived == o->count) {
        o->arrived = 0;
        while (wake_first(o))
            ;
        busylock_release(&o->lock);
        return 1;            /* PTHREAD_BARRIER_SERIAL_THREAD */
    }
    waiter_t w;
    wait_prepare(o, &w);
    busylock_release(&o->lock);
    wait_finish(o, &w);
    return 0;
}

/* ------------------------------------------------------- semaphore -- */

int usync_sem(uintptr_t uaddr, int op, uint32_t value)
{
    if (op == SYNC_INIT)
        return usync_create(uaddr, USYNC_SEM, value);
    if (op == SYNC_DESTROY)
        return usync_delete(uaddr, USYNC_SEM);
    usync_t *o = usync_find(self_process(), uaddr, USYNC_SEM);
    if (o == NULL)
        return -EINVAL;
    switch (op) {
    case SYNC_WAIT: {
        busylock_acquire(&o->lock);
        if (o->count > 0) {
            o->count--;
            busylock_release(&o->lock);
            return 0;
        }
        waiter_t w;
        wait_prepare(o, &w);
        busylock_release(&o->lock);
        return wait_finish(o, &w) ? 0 : -EINTR;   /* the post was handed to us */
    }
    case SYNC_POST:
        busylock_acquire(&o->lock);
        if (wake_first(o) == NULL)
            o->count++;
        busylock_release(&o->lock);
        return 0;
    case SYNC_GETVALUE:
        return (int)o->count;
    default:
        return -EINVAL;
    }
}
