/*
 * stdio.c - picolibc tinystdio streams on fds 0, 1, 2 (buffered through
 * picolibc's bufio over read/write; stdout and stderr are line-buffered and
 * flushed at exit, fork and exec), and the retargetable locks picolibc
 * uses for malloc and streams (spin then yield; recursive ones count by
 * owner, the owner being the thread pointer).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdio.h>
#include <stdio-bufio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sched.h>
#include <sys/lock.h>
#include "almos.h"
#include "user_internal.h"

/* ------------------------------------------------------------ locks -- */

struct __lock {
    volatile int locked;
    int count;
    void *owner;
};

struct __lock __lock___libc_recursive_mutex;

static inline void *self_tp(void)
{
    void *tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    return tp;
}

static void spin_lock(struct __lock *l)
{
    for (;;) {
        for (int i = 0; i < 64; i++)
            if (!l->locked && !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
                return;
        sched_yield();
    }
}

static void spin_unlock(struct __lock *l)
{
    __atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

#define NPOOL 32
static struct __lock pool[NPOOL];
static volatile int pool_next;

void __retarget_lock_init(_LOCK_T *lock)
{
    int i = __atomic_fetch_add(&pool_next, 1, __ATOMIC_RELAXED);
    struct __lock *l = i < NPOOL ? &pool[i] : calloc(1, sizeof(*l));
    *lock = l;                  /* NULL (out of memory): no locking */
}

void __retarget_lock_init_recursive(_LOCK_T *lock)
{
    __retarget_lock_init(lock);
}

void __retarget_lock_close(_LOCK_T lock)
{
    if (lock && (lock < &pool[0] || lock >= &pool[NPOOL]))
        free(lock);
}

void __retarget_lock_close_recursive(_LOCK_T lock)
{
    __retarget_lock_close(lock);
}

void __retarget_lock_acquire(_LOCK_T lock)
{
    if (lock)
        spin_lock(lock);
}

int __retarget_lock_try_acquire(_LOCK_T lock)
{
    if (!lock)
        return 1;
    return !__atomic_exchange_n(&lock->locked, 1, __ATOMIC_ACQUIRE);
}

void __retarget_lock_release(_LOCK_T lock)
{
    if (lock)
        spin_unlock(lock);
}

void __retarget_lock_acquire_recursive(_LOCK_T lock)
{
    if (!lock)
        return;
    void *me = self_tp();
    if (lock->locked && lock->owner == me) {
        lock->count++;
        return;
    }
    spin_lock(lock);
    lock->owner = me;
    lock->count = 1;
}

int __retarget_lock_try_acquire_recursive(_LOCK_T lock)
{
    if (!lock)
        return 1;
    void *me = self_tp();
    if (lock->locked && lock->owner == me) {
        lock->count++;
        return 1;
    }
    if (!__retarget_lock_try_acquire(lock))
        return 0;
    lock->owner = me;
    lock->count = 1;
    return 1;
}

void __retarget_lock_release_recursive(_LOCK_T lock)
{
    if (!lock)
        return;
    if (--lock->count == 0) {
        lock->owner = NULL;
        spin_unlock(lock);
    }
}

/* ------------------------------------------------------------ streams -- */

static char in_buf[256], out_buf[512], err_buf[256];

static struct __file_bufio b_stdin =
    FDEV_SETUP_BUFIO(0, in_buf, sizeof(in_buf), read, write, lseek, close,
                     _FDEV_SETUP_READ, 0);
static struct __file_bufio b_stdout =
    FDEV_SETUP_BUFIO(1, out_buf, sizeof(out_buf), read, write, lseek, close,
                     _FDEV_SETUP_WRITE, __BLBF);
static struct __file_bufio b_stderr =
    FDEV_SETUP_BUFIO(2, err_buf, sizeof(err_buf), read, write, lseek, close,
                     _FDEV_SETUP_WRITE, __BLBF);

FILE *const stdin = &b_stdin.xfile.cfile.file;
FILE *const stdout = &b_stdout.xfile.cfile.file;
FILE *const stderr = &b_stderr.xfile.cfile.file;

void __almos_stdio_init(void)
{
    __bufio_lock_init(stdin);
    __bufio_lock_init(stdout);
    __bufio_lock_init(stderr);
}

void almos_flush_stdio(void)
{
    fflush(stdout);
    fflush(stderr);
}
