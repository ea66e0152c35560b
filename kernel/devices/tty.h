/*
 * tty.h - the console terminal: the line discipline (tty_ldisc.h) between
 * the console driver and the programs reading /dev/tty, and the terminal's
 * job-control state.
 *
 * Received bytes go from the UART interrupt into the console's raw buffer
 * (console.h); a kernel thread of cluster 0, the "tty" thread, takes them
 * one by one through the line discipline: it echoes, makes lines readable
 * and sends the signals of ^C, ^\ and ^Z to the terminal's foreground
 * process group.  That work cannot be done in the interrupt itself: a
 * signal to a process of another cluster is an RPC, which waits.
 *
 * The state lives in cluster 0; readers and the termios calls reach it
 * from any cluster under one lock.  Job control follows POSIX: the
 * terminal belongs to one session (the first that sets its foreground
 * group, or any once that session's leader is gone); a process of that
 * session outside the foreground group that reads the terminal gets
 * SIGTTIN (or -EIO when it ignores it); a stopped reader takes no input.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef TTY_H
#define TTY_H

#include "hal_kernel_types.h"
#include "shared_syscalls.h"

/* Cluster 0: the initial attributes, the lock and the readers' queue. */
void tty_init(void);

/* Cluster 0: starts the tty thread (once user space owns the console). */
void tty_start(void);

/* Reads 1..<count> bytes into <kbuf> (count > 0) as the attributes say
 * (0: end of file); blocks until then.  -EINTR when the caller is
 * killed, -EIO for a background reader that ignores SIGTTIN. */
int64_t tty_read(void *kbuf, uint64_t count);

/* Writes <count> bytes of <kbuf> to the console; returns count. */
int64_t tty_write(const void *kbuf, uint64_t count);

/* termios: the attributes, and new ones (action ALMOS_TCSA*); 0 or
 * -EINVAL. */
void tty_getattr(struct almos_termios *t);
error_t tty_setattr(int action, const struct almos_termios *t);

/* Drops pending input. */
void tty_flush_input(void);

/* The foreground process group (0: none yet). */
int tty_getpgrp(void);

/* Makes <pgid> the foreground process group, for the caller's session;
 * 0, -EPERM (another session holds the terminal, or <pgid> is not a group
 * of the caller's session) or -EINVAL. */
error_t tty_setpgrp(int pgid);

#endif
