/*
 * devfs.h - the device directory /dev and its devices.
 *
 * One device: /dev/tty, the system console as a terminal (tty.h: the
 * line discipline, termios, the foreground process group).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef DEVFS_H
#define DEVFS_H

#include "vfs.h"

/* Creates /dev and /dev/tty under the root <root_xp> (namespace lock held).
 * Returns 0 or -ENOMEM. */
error_t devfs_init(xptr_t root_xp);

/* Reads from the terminal into <kbuf> (count > 0): tty_read(). */
int64_t devfs_tty_read(void *kbuf, uint64_t count);

/* Writes <count> bytes of <kbuf> to the terminal; returns count. */
int64_t devfs_tty_write(const void *kbuf, uint64_t count);

#endif
