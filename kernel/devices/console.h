/*
 * console.h - the kernel console, as libk's printk sees it.
 *
 * console_write() sends a whole formatted line (or several) to the system
 * console.  Lines from all harts of all clusters are serialised by one lock
 * living in the console's cluster, so lines never interleave.  Before the
 * console device is initialised output goes through the firmware.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include "hal_kernel_types.h"

/* Writes <len> bytes of <buf> to the console, atomically with respect to
 * other callers of console_write() on every cluster. */
void console_write(const char *buf, size_t len);

/* Next byte received on the console, or -1 when none is waiting. */
int console_rx_get(void);

/* The next received byte, the caller blocked until one comes (woken by
 * the receive interrupt, from any cluster); -EINTR when it is killed. */
int console_rx_wait(void);

#endif
