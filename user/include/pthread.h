/*
 * pthread.h - almos-rv threads over SYS_THREAD_* and the kernel's
 * synchronisation objects (SYS_MUTEX, SYS_CONDVAR, SYS_BARRIER): the user
 * object's address names the kernel object, created on first use.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef _PTHREAD_H_
#define _PTHREAD_H_

#include <stddef.h>
#include <stdint.h>
#include "shared_syscalls.h"

typedef long pthread_t;                 /* the kernel's thread id */

typedef struct {
    thread_attr_t k;
} pthread_attr_t;

#define PTHREAD_CREATE_JOINABLE 0
#define PTHREAD_CREATE_DETACHED 1

/* state of a lazily created kernel object */
typedef struct {
    volatile int state;                 /* 0 none, 1 being created, 2 ready */
    int pad;
} __almos_sync_t;

typedef struct { __almos_sync_t s; } pthread_mutex_t;
typedef struct { int type; } pthread_mutexattr_t;
typedef struct { __almos_sync_t s; } pthread_cond_t;
typedef struct { int unused; } pthread_condattr_t;
typedef struct { __almos_sync_t s; unsigned count; int pad; } pthread_barrier_t;
typedef struct { int unused; } pthread_barrierattr_t;

#define PTHREAD_MUTEX_INITIALIZER { { 0, 0 } }
#define PTHREAD_COND_INITIALIZER  { { 0, 0 } }
#define PTHREAD_BARRIER_SERIAL_THREAD (-1)

int pthread_attr_init(pthread_attr_t *attr);
int pthread_attr_destroy(pthread_attr_t *attr);
int pthread_attr_setdetachstate(pthread_attr_t *attr, int state);
/* extensions: place the thread in cluster cxy / on core lid */
int pthread_attr_setcluster(pthread_attr_t *attr, unsigned cxy);
int pthread_attr_setcore(pthread_attr_t *attr, unsigned lid);

int pthread_create(pthread_t *thread, const pthread_attr_t *attr,
                   void *(*start)(void *), void *arg);
int pthread_join(pthread_t thread, void **retval);
void pthread_exit(void *retval) __attribute__((noreturn));
pthread_t pthread_self(void);
int pthread_equal(pthread_t a, pthread_t b);
int pthread_yield(void);

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *attr);
int pthread_mutex_destroy(pthread_mutex_t *m);
int pthread_mutex_lock(pthread_mutex_t *m);
int pthread_mutex_trylock(pthread_mutex_t *m);
int pthread_mutex_unlock(pthread_mutex_t *m);

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *attr);
int pthread_cond_destroy(pthread_cond_t *c);
int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m);
int pthread_cond_signal(pthread_cond_t *c);
int pthread_cond_broadcast(pthread_cond_t *c);

int pthread_barrier_init(pthread_barrier_t *b, const pthread_barrierattr_t *attr,
                         unsigned count);
int pthread_barrier_destroy(pthread_barrier_t *b);
int pthread_barrier_wait(pthread_barrier_t *b);

#endif
