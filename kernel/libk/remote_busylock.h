/*
 * remote_busylock.h - spinlock in any cluster, named by an extended pointer.
 *
 * The same ticket lock as busylock.h, but every access goes through
 * hal_remote_*, so cores of every cluster can share a lock that protects
 * a structure of one cluster (a free list, a page descriptor).  Interrupts
 * are masked while held; the saved state is kept in the lock.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef REMOTE_BUSYLOCK_H
#define REMOTE_BUSYLOCK_H

#include "hal_kernel_types.h"

typedef struct remote_busylock_s {
    uint32_t ticket;            /* next ticket to hand out */
    uint32_t current;           /* ticket being served */
    reg_t    irq_state;         /* holder's interrupt state before acquire */
} remote_busylock_t;

/* Makes the lock at <lock_xp> free. */
void remote_busylock_init(xptr_t lock_xp);

/* Masks interrupts and spins until the lock at <lock_xp> is ours. */
void remote_busylock_acquire(xptr_t lock_xp);

/* Releases the lock at <lock_xp>; restores the interrupt state. */
void remote_busylock_release(xptr_t lock_xp);

/* True when some core holds (or waits for) the lock at <lock_xp>. */
bool remote_busylock_is_locked(xptr_t lock_xp);

#endif
