/*
 * usync.c - user synchronisation objects (see usync.h).
 *
 * An object lives in the reference cluster of its process, in the
 * reference copy's sync list; threads of every copy reach it through
 * extended pointers.  Every object has a remote busylock and a FIFO of
 * waiting threads (a wait queue, waitq.h).  A mutex and a semaphore hand
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
#include "xlist.h"
#include "waitq.h"
#include "errno.h"
#include "hal_remote.h"
#include "hal_context.h"
#include "shared_syscalls.h"

typedef enum { USYNC_MUTEX, USYNC_CONDVAR, USYNC_BARRIER, USYNC_SEM } usync_kind_t;

typedef struct usync_s {
    xlist_entry_t     list;           /* in the reference's sync list */
    uintptr_t         uaddr;
    uint32_t          kind;
    uint32_t          count;          /* barrier: participants; sem: value */
    uint32_t          arrived;        /* barrier */
    uint32_t          pad;
    remote_busylock_t lock;
    xlist_entry_t     waiters;
    xptr_t            owner;          /* mutex: owning thread */
} usync_t;

#define F(o, field)  ((o) + offsetof(usync_t, field))

static xptr_t self_ref(void)
{
    return CURRENT_THREAD->process->ref_xp;
}

static xptr_t self_thread(void)
{
    return XPTR(local_cxy, CURRENT_THREAD);
}

/* The object of <kind> at <uaddr> in the reference <ref>, or XPTR_NULL. */
static xptr_t usync_find(xptr_t ref, uintptr_t uaddr, usync_kind_t kind)
{
    xptr_t found = XPTR_NULL, iter;
    xptr_t lock = ref + offsetof(process_t, sync_lock);
    remote_busylock_acquire(lock);
    XLIST_FOREACH(ref + offsetof(process_t, sync_root), iter) {
        xptr_t o = XLIST_ELEMENT(iter, usync_t, list);
        if (hal_remote_l64(F(o, uaddr)) == uaddr && hal_remote_l32(F(o, kind)) == kind) {
            found = o;
            break;
        }
    }
    remote_busylock_release(lock);
    return found;
}

/*
 * Creates the object of <kind> at user address <uaddr>.  The look-up for a
 * duplicate, the count against the per-process limit and the insertion
 * happen under one hold of the list lock, so two threads initialising the
 * same object cannot both succeed.  -EFAULT: <uaddr> is not a user address;
 * -EBUSY: already exists; -EAGAIN: the process holds the most objects it
 * may (CONFIG_PROCESS_SYNC_MAX); -ENOMEM.
 */
static int usync_create(uintptr_t uaddr, usync_kind_t kind, uint32_t count)
{
    xptr_t ref = self_ref();
    if (uaddr == 0 || !hal_uspace_range_ok(uaddr, sizeof(uint32_t)))
        return -EFAULT;
    xptr_t o = kmem_remote_alloc(GET_CXY(ref), sizeof(usync_t), AF_ZERO);
    if (o == XPTR_NULL)
        return -ENOMEM;
    hal_remote_s64(F(o, uaddr), uaddr);
    hal_remote_s32(F(o, kind), kind);
    hal_remote_s32(F(o, count), count);
    remote_busylock_init(F(o, lock));
    xlist_root_init(F(o, waiters));

    int err = 0;
    uint32_t objects = 0;
    xptr_t iter, lock = ref + offsetof(process_t, sync_lock);
    remote_busylock_acquire(lock);
    XLIST_FOREACH(ref + offsetof(process_t, sync_root), iter) {
        xptr_t other = XLIST_ELEMENT(iter, usync_t, list);
        if (hal_remote_l64(F(other, uaddr)) == uaddr && hal_remote_l32(F(other, kind)) == kind)
            err = -EBUSY;
        objects++;
    }
    if (err == 0 && objects >= CONFIG_PROCESS_SYNC_MAX)
        err = -EAGAIN;
    if (err == 0)
        xlist_add_last(ref + offsetof(process_t, sync_root), F(o, list));
    remote_busylock_release(lock);
    if (err)
        kmem_remote_free(o);
    return err;
}

static int usync_delete(uintptr_t uaddr, usync_kind_t kind)
{
    xptr_t ref = self_ref();
    xptr_t o = usync_find(ref, uaddr, kind);
    if (o == XPTR_NULL)
        return -EINVAL;
    if (!xlist_is_empty(F(o, waiters)) || hal_remote_l64(F(o, owner)) != XPTR_NULL)
        return -EBUSY;
    xptr_t lock = ref + offsetof(process_t, sync_lock);
    remote_busylock_acquire(lock);
    xlist_unlink(F(o, list));
    remote_busylock_release(lock);
    kmem_remote_free(o);
    return 0;
}

void usync_destroy_all(process_t *p)
{
    xptr_t root = XPTR(local_cxy, &p->sync_root);
    while (!xlist_is_empty(root)) {
        xptr_t e = xlist_first(root);
        xlist_unlink(e);
        kmem_remote_free(XLIST_ELEMENT(e, usync_t, list));
    }
}

/* Links the caller as a waiter and marks it blocked; <o> is locked. */
/* The wait queue of <o>, under its lock (waitq.h). */
static void wait_prepare(xptr_t o, waitq_waiter_t *w)
{
    waitq_prepare(F(o, waiters), w, THREAD_BLOCKED_SYNC);
}

/* Yields until woken; false when the thread is being killed (then it has
 * taken itself off the queue). */
static bool wait_finish(xptr_t o, waitq_waiter_t *w)
{
    return waitq_finish(F(o, waiters), F(o, lock), w, THREAD_BLOCKED_SYNC);
}

/* Wakes the first waiter of <o> (locked); its thread, or XPTR_NULL. */
static xptr_t wake_first(xptr_t o)
{
    return waitq_wake_first(F(o, waiters), THREAD_BLOCKED_SYNC);
}

/* The thread of the first waiter of <o> (locked), or XPTR_NULL. */
static xptr_t first_waiter(xptr_t o)
{
    return waitq_first(F(o, waiters));
}

/* ----------------------------------------------------------- mutex -- */

static int mutex_lock(xptr_t o, bool try)
{
    waitq_waiter_t w;
    xptr_t me = self_thread();
    remote_busylock_acquire(F(o, lock));
    xptr_t owner = hal_remote_lxp(F(o, owner));
    if (owner == XPTR_NULL) {
        hal_remote_sxp(F(o, owner), me);
        remote_busylock_release(F(o, lock));
        return 0;
    }
    if (owner == me || try) {
        remote_busylock_release(F(o, lock));
        return owner == me ? -EDEADLK : -EBUSY;
    }
    wait_prepare(o, &w);
    remote_busylock_release(F(o, lock));
    return wait_finish(o, &w) ? 0 : -EINTR;   /* owner handed to us */
}

static int mutex_unlock(xptr_t o)
{
    remote_busylock_acquire(F(o, lock));
    if (hal_remote_lxp(F(o, owner)) != self_thread()) {
        remote_busylock_release(F(o, lock));
        return -EPERM;
    }
    hal_remote_sxp(F(o, owner), first_waiter(o));
    wake_first(o);
    remote_busylock_release(F(o, lock));
    return 0;
}

int usync_mutex(uintptr_t uaddr, int op)
{
    if (op == SYNC_INIT)
        return usync_create(uaddr, USYNC_MUTEX, 0);
    if (op == SYNC_DESTROY)
        return usync_delete(uaddr, USYNC_MUTEX);
    xptr_t o = usync_find(self_ref(), uaddr, USYNC_MUTEX);
    if (o == XPTR_NULL)
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
    xptr_t o = usync_find(self_ref(), uaddr, USYNC_CONDVAR);
    if (o == XPTR_NULL)
        return -EINVAL;
    switch (op) {
    case SYNC_WAIT: {
        xptr_t m = usync_find(self_ref(), mutex_uaddr, USYNC_MUTEX);
        if (m == XPTR_NULL || hal_remote_lxp(F(m, owner)) != self_thread())
            return -EINVAL;
        waitq_waiter_t w;
        remote_busylock_acquire(F(o, lock));
        wait_prepare(o, &w);
        remote_busylock_release(F(o, lock));
        mutex_unlock(m);
        wait_finish(o, &w);
        return mutex_lock(m, false);
    }
    case SYNC_SIGNAL:
        remote_busylock_acquire(F(o, lock));
        wake_first(o);
        remote_busylock_release(F(o, lock));
        return 0;
    case SYNC_BROADCAST:
        remote_busylock_acquire(F(o, lock));
        while (wake_first(o) != XPTR_NULL)
            ;
        remote_busylock_release(F(o, lock));
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
    xptr_t o = usync_find(self_ref(), uaddr, USYNC_BARRIER);
    if (o == XPTR_NULL || op != SYNC_WAIT)
        return -EINVAL;
    remote_busylock_acquire(F(o, lock));
    uint32_t arrived = hal_remote_l32(F(o, arrived)) + 1;
    if (arrived == hal_remote_l32(F(o, count))) {
        hal_remote_s32(F(o, arrived), 0);
        while (wake_first(o) != XPTR_NULL)
            ;
        remote_busylock_release(F(o, lock));
        return 1;            /* PTHREAD_BARRIER_SERIAL_THREAD */
    }
    hal_remote_s32(F(o, arrived), arrived);
    waitq_waiter_t w;
    wait_prepare(o, &w);
    remote_busylock_release(F(o, lock));
    wait_finish(o, &w);
    return 0;
}

/* ------------------------------------------------------- semaphore -- */

int usync_sem(uintptr_t uaddr, int op, uint32_t value)
{
    if (op == SYNC_INIT)
        return value > CONFIG_SEM_VALUE_MAX ? -EINVAL : usync_create(uaddr, USYNC_SEM, value);
    if (op == SYNC_DESTROY)
        return usync_delete(uaddr, USYNC_SEM);
    xptr_t o = usync_find(self_ref(), uaddr, USYNC_SEM);
    if (o == XPTR_NULL)
        return -EINVAL;
    switch (op) {
    case SYNC_WAIT: {
        remote_busylock_acquire(F(o, lock));
        uint32_t v = hal_remote_l32(F(o, count));
        if (v > 0) {
            hal_remote_s32(F(o, count), v - 1);
            remote_busylock_release(F(o, lock));
            return 0;
        }
        waitq_waiter_t w;
        wait_prepare(o, &w);
        remote_busylock_release(F(o, lock));
        return wait_finish(o, &w) ? 0 : -EINTR;   /* the post was handed to us */
    }
    case SYNC_POST: {
        /* POSIX: a post that would take the value past SEM_VALUE_MAX
         * fails with EOVERFLOW and changes nothing. */
        int err = 0;
        remote_busylock_acquire(F(o, lock));
        uint32_t v = hal_remote_l32(F(o, count));
        if (first_waiter(o) != XPTR_NULL)
            wake_first(o);
        else if (v >= CONFIG_SEM_VALUE_MAX)
            err = -EOVERFLOW;
        else
            hal_remote_s32(F(o, count), v + 1);
        remote_busylock_release(F(o, lock));
        return err;
    }
    case SYNC_GETVALUE:
        return (int)hal_remote_l32(F(o, count));
    default:
        return -EINVAL;
    }
}
