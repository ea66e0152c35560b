/*
 * pthread.c - threads and synchronisation for almos-rv.
 *
 * A thread starts in __pthread_start (crt0.S: the kernel passes our start
 * block in a0 and gives the thread its stack; gp is set there), then
 * __pthread_entry installs the thread's TLS block
 * (errno lives there) in tp, runs the start routine and calls pthread_exit
 * with its result, so returning from the routine ends the thread.
 *
 * Mutexes, condvars, barriers and semaphores are kernel objects named by the
 * user object's address; a statically initialised mutex or condvar is
 * created by its first user.  pthread_* return an errno value, sem_* return
 * -1 and set errno.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <errno.h>
#include <malloc.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <semaphore.h>
#include "almos.h"

/* TLS image (user.ld) */
extern char __tdata_source[];
extern char __tdata_size[], __tls_size[], __tls_align[];

struct start_block {
    void *(*start)(void *);
    void *arg;
    long tid;
    struct start_block *next;
    /* TLS block follows, aligned */
};

static pthread_mutex_t blocks_lock = PTHREAD_MUTEX_INITIALIZER;
static struct start_block *blocks;      /* joinable threads' blocks */

static int perr(long r)
{
    return r < 0 ? almos_errno((int)-r) : 0;
}

static size_t tls_offset(void)
{
    size_t a = (size_t)__tls_align;
    if (a < 16)
        a = 16;
    return (sizeof(struct start_block) + a - 1) & ~(a - 1);
}

extern void __pthread_start(void *p);      /* crt0.S: sets gp, aligns sp */
void __pthread_entry(void *p) __attribute__((noreturn, used));
void __pthread_entry(void *p)
{
    struct start_block *b = p;
    char *tls = (char *)b + tls_offset();
    __asm__ volatile("mv tp, %0" : : "r"(tls) : "memory");
    pthread_exit(b->start(b->arg));
}

int pthread_attr_init(pthread_attr_t *attr)
{
    memset(attr, 0, sizeof(*attr));
    return 0;
}

int pthread_attr_destroy(pthread_attr_t *attr)
{
    (void)attr;
    return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *attr, int state)
{
    if (state == PTHREAD_CREATE_DETACHED)
        attr->k.flags |= THREAD_ATTR_DETACHED;
    else if (state == PTHREAD_CREATE_JOINABLE)
        attr->k.flags &= ~THREAD_ATTR_DETACHED;
    else
        return EINVAL;
    return 0;
}

int pthread_attr_setcluster(pthread_attr_t *attr, unsigned cxy)
{
    attr->k.flags |= THREAD_ATTR_CLUSTER;
    attr->k.cxy = cxy;
    return 0;
}

int pthread_attr_setcore(pthread_attr_t *attr, unsigned lid)
{
    attr->k.flags |= THREAD_ATTR_CORE;
    attr->k.lid = lid;
    return 0;
}

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                   void *(*start)(void *), void *arg)
{
    size_t align = (size_t)__tls_align < 16 ? 16 : (size_t)__tls_align;
    size_t off = tls_offset();
    struct start_block *b = memalign(align, off + (size_t)__tls_size);
    if (!b)
        return EAGAIN;
    b->start = start;
    b->arg = arg;
    b->tid = -1;
    char *tls = (char *)b + off;
    memcpy(tls, __tdata_source, (size_t)__tdata_size);
    memset(tls + (size_t)__tdata_size, 0,
           (size_t)__tls_size - (size_t)__tdata_size);

    thread_attr_t k;
    memset(&k, 0, sizeof(k));
    if (attr)
        k = attr->k;
    int detached = (k.flags & THREAD_ATTR_DETACHED) != 0;

    if (!detached)
        pthread_mutex_lock(&blocks_lock);
    long r = almos_syscall(SYS_THREAD_CREATE, (long)__pthread_start, (long)b,
                           (long)&k, 0, 0, 0);
    if (r < 0) {
        if (!detached)
            pthread_mutex_unlock(&blocks_lock);
        free(b);
        return perr(r);
    }
    /* a detached thread's block is never freed: it may still run */
    if (!detached) {
        b->tid = r;
        b->next = blocks;
        blocks = b;
        pthread_mutex_unlock(&blocks_lock);
    }
    *thread = r;
    return 0;
}

int pthread_join(pthread_t thread, void **retval)
{
    void *rv = NULL;
    long r = SC2(SYS_THREAD_JOIN, thread, &rv);
    if (r < 0)
        return perr(r);
    if (retval)
        *retval = rv;
    pthread_mutex_lock(&blocks_lock);
    for (struct start_block **pp = &blocks; *pp; pp = &(*pp)->next) {
        if ((*pp)->tid == thread) {
            struct start_block *b = *pp;
            *pp = b->next;
            free(b);
            break;
        }
    }
    pthread_mutex_unlock(&blocks_lock);
    return 0;
}

void pthread_exit(void *retval)
{
    for (;;)
        SC1(SYS_THREAD_EXIT, retval);
}

pthread_t pthread_self(void)
{
    return SC0(SYS_THREAD_SELF);
}

int pthread_equal(pthread_t a, pthread_t b)
{
    return a == b;
}

int pthread_yield(void)
{
    return perr(SC0(SYS_THREAD_YIELD));
}

/* ------------------------------------------------------- kernel objects -- */

static int sync_ready(__almos_sync_t *s, int nr)
{
    for (;;) {
        int st = __atomic_load_n(&s->state, __ATOMIC_ACQUIRE);
        if (st == 2)
            return 0;
        if (st == 0) {
            int zero = 0;
            if (__atomic_compare_exchange_n(&s->state, &zero, 1, 0,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
                long r = SC3(nr, s, SYNC_INIT, 0);
                __atomic_store_n(&s->state, r < 0 ? 0 : 2, __ATOMIC_RELEASE);
                return perr(r);
            }
            continue;
        }
        sched_yield();          /* another thread is creating it */
    }
}

static int sync_init(__almos_sync_t *s, int nr, unsigned value)
{
    long r = SC3(nr, s, SYNC_INIT, value);
    __atomic_store_n(&s->state, r < 0 ? 0 : 2, __ATOMIC_RELEASE);
    return perr(r);
}

static int sync_destroy(__almos_sync_t *s, int nr)
{
    if (__atomic_load_n(&s->state, __ATOMIC_ACQUIRE) != 2)
        return 0;
    long r = SC3(nr, s, SYNC_DESTROY, 0);
    if (r >= 0)
        __atomic_store_n(&s->state, 0, __ATOMIC_RELEASE);
    return perr(r);
}

static int sync_op(__almos_sync_t *s, int nr, int op, long x)
{
    int e = sync_ready(s, nr);
    if (e)
        return e;
    return perr(SC3(nr, s, op, x));
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr)
{
    (void)attr;
    return sync_init(&m->s, SYS_MUTEX, 0);
}
int pthread_mutex_destroy(pthread_mutex_t *m) { return sync_destroy(&m->s, SYS_MUTEX); }
int pthread_mutex_lock(pthread_mutex_t *m)    { return sync_op(&m->s, SYS_MUTEX, SYNC_LOCK, 0); }
int pthread_mutex_trylock(pthread_mutex_t *m) { return sync_op(&m->s, SYS_MUTEX, SYNC_TRYLOCK, 0); }
int pthread_mutex_unlock(pthread_mutex_t *m)  { return sync_op(&m->s, SYS_MUTEX, SYNC_UNLOCK, 0); }

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr)
{
    (void)attr;
    return sync_init(&c->s, SYS_CONDVAR, 0);
}
int pthread_cond_destroy(pthread_cond_t *c) { return sync_destroy(&c->s, SYS_CONDVAR); }
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
    int e = sync_ready(&m->s, SYS_MUTEX);
    if (e)
        return e;
    return sync_op(&c->s, SYS_CONDVAR, SYNC_WAIT, (long)m);
}
int pthread_cond_signal(pthread_cond_t *c)    { return sync_op(&c->s, SYS_CONDVAR, SYNC_SIGNAL, 0); }
int pthread_cond_broadcast(pthread_cond_t *c) { return sync_op(&c->s, SYS_CONDVAR, SYNC_BROADCAST, 0); }

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr,
                         unsigned count)
{
    (void)attr;
    if (count == 0)
        return EINVAL;
    b->count = count;
    return sync_init(&b->s, SYS_BARRIER, count);
}
int pthread_barrier_destroy(pthread_barrier_t *b) { return sync_destroy(&b->s, SYS_BARRIER); }

/* the kernel returns 1 to the one thread that completes the barrier (if it
 * says so); that thread gets PTHREAD_BARRIER_SERIAL_THREAD */
int pthread_barrier_wait(pthread_barrier_t *b)
{
    if (__atomic_load_n(&b->s.state, __ATOMIC_ACQUIRE) != 2)
        return EINVAL;
    long r = SC3(SYS_BARRIER, &b->s, SYNC_WAIT, b->count);
    if (r < 0)
        return perr(r);
    return r == 1 ? PTHREAD_BARRIER_SERIAL_THREAD : 0;
}

/* ------------------------------------------------------------ semaphores -- */

static int sem_ret(long r)
{
    return (int)almos_result(r < 0 ? r : 0);
}

int sem_init(sem_t *sem, int pshared, unsigned value)
{
    (void)pshared;
    long r = SC3(SYS_SEM, sem, SYNC_INIT, value);
    sem->state = r < 0 ? 0 : 2;
    return sem_ret(r);
}
int sem_destroy(sem_t *sem)  { return sem_ret(SC3(SYS_SEM, sem, SYNC_DESTROY, 0)); }
int sem_wait(sem_t *sem)     { return sem_ret(SC3(SYS_SEM, sem, SYNC_WAIT, 0)); }
int sem_post(sem_t *sem)     { return sem_ret(SC3(SYS_SEM, sem, SYNC_POST, 0)); }
int sem_getvalue(sem_t *sem, int *value)
{
    long r = SC3(SYS_SEM, sem, SYNC_GETVALUE, 0);
    if (r < 0)
        return sem_ret(r);
    *value = (int)r;
    return 0;
}
