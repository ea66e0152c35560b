/*
 * devfs.h - the device directory /dev and its devices.
 *
 * For now one device: /dev/tty, the system console (console.h).  Reading
 * it returns what the console has received, at least one byte, yielding
 * the core while nothing has come; a carriage return reads as '\n', and
 * received bytes are echoed (see devfs_tty_set_echo).  Writing it goes to
 * console_write().
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef DEVFS_H
#define DEVFS_H

#include "vfs.h"

/* Creates /dev and /dev/tty under the root <root_xp> (namespace lock held).
 * Returns 0 or -ENOMEM. */
error_t devfs_init(xptr_t root_xp);

/* Reads 1..<count> bytes from the console into <kbuf> (count > 0). */
int64_t devfs_tty_read(void *kbuf, uint64_t count);

/* Writes <count> bytes of <kbuf> to the console; returns count. */
int64_t devfs_tty_write(const void *kbuf, uint64_t count);

/* Turns the echo of received bytes on or off (on at vfs_init). */
void devfs_tty_set_echo(bool on);

#endif
