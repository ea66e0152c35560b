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

#define RX_SIZE 256

static char     rx_buf[RX_SIZE];      /* in the cluster that takes RX irqs */
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
    if (rx_head - rx_tail < RX_SIZE)
        rx_buf[rx_head++ % RX_SIZE] = c;
    /* No echo here: the reader (the tty, the monitor) echoes what it takes. */
}

int console_rx_get(void)
{
    if (rx_tail == rx_head)
        return -1;
    return rx_buf[rx_tail++ % RX_SIZE];
}
