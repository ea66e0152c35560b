/*
 * console.c - the kernel console: whole writes serialised across clusters,
 * received bytes kept for readers.
 *
 * The lock lives in cluster 0 and is reached through the remote window, so
 * lines from every hart of every cluster never interleave.  A panicking
 * core bypasses it: the core that held it may be stopped for good.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "console.h"
#include "cluster.h"
#include "remote_busylock.h"
#include "hal_machine.h"
#include "panic.h"
#include "hal_remote.h"
#include "waitq.h"
#include "thread.h"
#include "errno.h"

#define RX_SIZE 256
#define RX_CXY  0                      /* the cluster that takes RX irqs */

/* Received bytes, in cluster RX_CXY, read from any cluster (a reader of
 * the tty may run anywhere) under the RX lock of that cluster. */
static char     rx_buf[RX_SIZE];
static uint32_t rx_head, rx_tail;

void console_write(const char *buf, size_t len)
{
    if (panic_owned()) {
        hal_console_write(buf, len);
        return;
    }
    xptr_t lock = XPTR(0, &LOCAL_CLUSTER->console_lock);
    remote_busylock_acquire(lock);
    hal_console_write(buf, len);
    remote_busylock_release(lock);
}

void console_rx_char(char c)
{
    xptr_t lock = XPTR(RX_CXY, &LOCAL_CLUSTER->console_rx_lock);
    remote_busylock_acquire(lock);
    uint32_t head = hal_remote_l32(XPTR(RX_CXY, &rx_head));
    if (head - hal_remote_l32(XPTR(RX_CXY, &rx_tail)) < RX_SIZE) {
        hal_remote_s8(XPTR(RX_CXY, &rx_buf[head % RX_SIZE]), (uint8_t)c);
        hal_remote_s32(XPTR(RX_CXY, &rx_head), head + 1);
    }
    /* the tty readers blocked for input, in any cluster */
    waitq_wake_all(XPTR(RX_CXY, &LOCAL_CLUSTER->console_rx_wait), THREAD_BLOCKED_IO);
    remote_busylock_release(lock);
    /* No echo here: the reader (the tty, the monitor) echoes what it takes. */
}

int console_rx_wait(void)
{
    xptr_t lock = XPTR(RX_CXY, &LOCAL_CLUSTER->console_rx_lock);
    xptr_t queue = XPTR(RX_CXY, &LOCAL_CLUSTER->console_rx_wait);
    for (;;) {
        remote_busylock_acquire(lock);
        uint32_t tail = hal_remote_l32(XPTR(RX_CXY, &rx_tail));
        if (tail != hal_remote_l32(XPTR(RX_CXY, &rx_head))) {
            int c = hal_remote_l8(XPTR(RX_CXY, &rx_buf[tail % RX_SIZE]));
            hal_remote_s32(XPTR(RX_CXY, &rx_tail), tail + 1);
            remote_busylock_release(lock);
            return c;
        }
        waitq_waiter_t w;
        waitq_prepare(queue, &w, THREAD_BLOCKED_IO);
        remote_busylock_release(lock);
        if (!waitq_finish(queue, lock, &w, THREAD_BLOCKED_IO))
            return -EINTR;
    }
}

int console_rx_get(void)
{
    xptr_t lock = XPTR(RX_CXY, &LOCAL_CLUSTER->console_rx_lock);
    int c = -1;
    /* a peek first: idle readers poll, and need not take the lock */
    if (hal_remote_l32(XPTR(RX_CXY, &rx_tail)) == hal_remote_l32(XPTR(RX_CXY, &rx_head)))
        return -1;
    remote_busylock_acquire(lock);
    uint32_t tail = hal_remote_l32(XPTR(RX_CXY, &rx_tail));
    if (tail != hal_remote_l32(XPTR(RX_CXY, &rx_head))) {
        c = hal_remote_l8(XPTR(RX_CXY, &rx_buf[tail % RX_SIZE]));
        hal_remote_s32(XPTR(RX_CXY, &rx_tail), tail + 1);
    }
    remote_busylock_release(lock);
    return c;
}
