/*
 * tty.c - the console terminal (see tty.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "tty.h"
#include "tty_ldisc.h"
#include "console.h"
#include "cluster.h"
#include "process.h"
#include "thread.h"
#include "scheduler.h"
#include "waitq.h"
#include "kmem.h"
#include "printk.h"
#include "remote_busylock.h"
#include "hal_remote.h"
#include "errno.h"

#define TTY_CXY 0                      /* where the state lives */

/* In cluster TTY_CXY, under tty_lock. */
static tty_ldisc_t       tty_ld;
static remote_busylock_t tty_lock;
static xlist_entry_t     tty_readers;      /* waitq.h */
static uint32_t          tty_fg_pgrp;      /* foreground process group, 0: none */
static uint32_t          tty_sid;          /* the session it belongs to, 0: none */
static char              tty_echo[TTY_ECHO_MAX];   /* the tty thread's */

#define TTY_VAR(v) XPTR(TTY_CXY, &(v))

void tty_init(void)
{
    tty_ldisc_init(&tty_ld);
    remote_busylock_init(TTY_VAR(tty_lock));
    xlist_root_init(TTY_VAR(tty_readers));
    tty_fg_pgrp = tty_sid = 0;
}

/* The tty thread: every received byte through the line discipline. */
static void *tty_thread(void *arg)
{
    (void)arg;
    for (;;) {
        int c = console_rx_wait();
        if (c < 0)
            continue;
        uint32_t n;
        remote_busylock_acquire(TTY_VAR(tty_lock));
        int sig = tty_ldisc_input(&tty_ld, (uint8_t)c, tty_echo, &n);
        if (tty_ldisc_readable(&tty_ld))
            waitq_wake_all(TTY_VAR(tty_readers), THREAD_BLOCKED_IO);
        pid_t fg = tty_fg_pgrp;
        remote_busylock_release(TTY_VAR(tty_lock));
        if (n)
            console_write(tty_echo, n);
        if (sig && fg)
            process_kill(-(int)fg, sig);
    }
    return NULL;
}

void tty_start(void)
{
    if (thread_kernel_create(tty_thread, NULL, "tty", 0) == NULL)
        printk("almos-rv: no memory for the tty thread: the console takes no input\n");
}

/* The calling thread, stopped: it stays here until continued (or
 * killed).  Blocked before the flag is read again, so that a SIGCONT in
 * between is not lost. */
static void stop_here(thread_t *t)
{
    thread_block(XPTR(local_cxy, t), THREAD_BLOCKED_GLOBAL);
    if (!(t->flags & THREAD_FLAG_STOP) || (t->flags & THREAD_FLAG_KILL))
        thread_unblock(XPTR(local_cxy, t), THREAD_BLOCKED_GLOBAL);
    sched_yield();
}

int64_t tty_read(void *kbuf, uint64_t count)
{
    thread_t *t = CURRENT_THREAD;
    xptr_t lock = TTY_VAR(tty_lock), queue = TTY_VAR(tty_readers);
    bool local = local_cxy == TTY_CXY;
    /* elsewhere the state is worked on in a local copy, under the lock */
    tty_ldisc_t *ld = local ? &tty_ld : kmem_alloc(sizeof(*ld), AF_NONE);
    int64_t n;
    if (ld == NULL)
        return -ENOMEM;
    for (;;) {
        if (t->flags & THREAD_FLAG_KILL) {
            n = -EINTR;
            break;
        }
        if (t->flags & THREAD_FLAG_STOP) {
            stop_here(t);                /* a stopped reader takes no input */
            continue;
        }
        pid_t pgid = process_self_pgid(), sid = process_self_sid();
        remote_busylock_acquire(lock);
        pid_t fg = hal_remote_l32(TTY_VAR(tty_fg_pgrp));
        if (fg && hal_remote_l32(TTY_VAR(tty_sid)) == sid && pgid != fg) {
            /* a background job of the terminal's session */
            remote_busylock_release(lock);
            if (process_self_ignores(ALMOS_SIGTTIN)) {
                n = -EIO;
                break;
            }
            process_kill(-(int)pgid, ALMOS_SIGTTIN);     /* stops us too */
            continue;
        }
        if (!local)
            hal_remote_memcpy(XPTR(local_cxy, ld), TTY_VAR(tty_ld), sizeof(*ld));
        n = tty_ldisc_read(ld, kbuf, count);
        if (n >= 0) {
            if (!local)
                hal_remote_memcpy(TTY_VAR(tty_ld), XPTR(local_cxy, ld), sizeof(*ld));
            remote_busylock_release(lock);
            break;
        }
        waitq_waiter_t w;
        waitq_prepare(queue, &w, THREAD_BLOCKED_IO);
        remote_busylock_release(lock);
        if (!waitq_finish(queue, lock, &w, THREAD_BLOCKED_IO)) {
            n = -EINTR;
            break;
        }
    }
    if (!local)
        kmem_free(ld);
    return n;
}

int64_t tty_write(const void *kbuf, uint64_t count)
{
    const char *buf = kbuf;
    uint64_t done = 0;

    /* in chunks, so one huge write does not hold the console lock long */
    while (done < count) {
        size_t n = count - done > 256 ? 256 : count - done;
        console_write(buf + done, n);
        done += n;
    }
    return (int64_t)count;
}

void tty_getattr(struct almos_termios *t)
{
    remote_busylock_acquire(TTY_VAR(tty_lock));
    hal_remote_memcpy(XPTR(local_cxy, t), TTY_VAR(tty_ld.tio), sizeof(*t));
    remote_busylock_release(TTY_VAR(tty_lock));
}

error_t tty_setattr(int action, const struct almos_termios *t)
{
    if (action != ALMOS_TCSANOW && action != ALMOS_TCSADRAIN && action != ALMOS_TCSAFLUSH)
        return -EINVAL;
    bool local = local_cxy == TTY_CXY;
    tty_ldisc_t *ld = local ? &tty_ld : kmem_alloc(sizeof(*ld), AF_NONE);
    if (ld == NULL)
        return -ENOMEM;
    remote_busylock_acquire(TTY_VAR(tty_lock));
    if (!local)
        hal_remote_memcpy(XPTR(local_cxy, ld), TTY_VAR(tty_ld), sizeof(*ld));
    /* output is written synchronously: TCSADRAIN has nothing to wait for */
    tty_ldisc_set(ld, t, action == ALMOS_TCSAFLUSH);
    if (!local)
        hal_remote_memcpy(TTY_VAR(tty_ld), XPTR(local_cxy, ld), sizeof(*ld));
    /* raw mode with VMIN 0, or a line made readable: readers look again */
    waitq_wake_all(TTY_VAR(tty_readers), THREAD_BLOCKED_IO);
    remote_busylock_release(TTY_VAR(tty_lock));
    if (!local)
        kmem_free(ld);
    return 0;
}

void tty_flush_input(void)
{
    remote_busylock_acquire(TTY_VAR(tty_lock));
    hal_remote_s32(TTY_VAR(tty_ld.line_len), 0);
    hal_remote_s32(TTY_VAR(tty_ld.q_head), 0);
    hal_remote_s32(TTY_VAR(tty_ld.q_tail), 0);
    remote_busylock_release(TTY_VAR(tty_lock));
}

int tty_getpgrp(void)
{
    return (int)hal_remote_l32(TTY_VAR(tty_fg_pgrp));
}

error_t tty_setpgrp(int pgid)
{
    if (pgid <= 0)
        return -EINVAL;
    pid_t sid = process_self_sid();
    if (!process_group_in_session((pid_t)pgid, sid))
        return -EPERM;
    error_t err = 0;
    remote_busylock_acquire(TTY_VAR(tty_lock));
    pid_t owner = hal_remote_l32(TTY_VAR(tty_sid));
    /* free, ours, or its session's leader is gone (a new shell) */
    if (owner == 0 || owner == sid || process_from_pid(owner) == XPTR_NULL) {
        hal_remote_s32(TTY_VAR(tty_sid), sid);
        hal_remote_s32(TTY_VAR(tty_fg_pgrp), (uint32_t)pgid);
    } else {
        err = -EPERM;
    }
    remote_busylock_release(TTY_VAR(tty_lock));
    return err;
}
