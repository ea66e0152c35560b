/*
 * remote_rwlock.h - readers-writer spinlock in any cluster.
 *
 * The lock of rwlock.h reached through an extended pointer, so cores of
 * every cluster can share it (a process's vseg list in its reference
 * cluster, for instance).  Same fairness: ticket-ordered admission, writers
 * never starved.  Interrupts are not masked.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef REMOTE_RWLOCK_H
#define REMOTE_RWLOCK_H

#include "hal_kernel_types.h"

typedef struct remote_rwlock_s {
    uint32_t ticket;            /* next admission ticket */
    uint32_t current;           /* ticket being admitted */
    uint32_t readers;           /* readers admitted and not yet gone */
} remote_rwlock_t;

/* Makes the lock at <lock_xp> free. */
void remote_rwlock_init(xptr_t lock_xp);

/* Takes / releases the lock at <lock_xp> in shared (read) mode. */
void remote_rwlock_rd_acquire(xptr_t lock_xp);
void remote_rwlock_rd_release(xptr_t lock_xp);

/* Takes / releases the lock at <lock_xp> in exclusive (write) mode. */
void remote_rwlock_wr_acquire(xptr_t lock_xp);
void remote_rwlock_wr_release(xptr_t lock_xp);

#endif
