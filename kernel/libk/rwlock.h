/*
 * rwlock.h - local readers-writer spinlock.
 *
 * Any number of readers, or one writer.  Admission is in ticket order:
 * a writer that arrives waits only for the readers already admitted, and
 * readers arriving after it wait for it, so writers are never starved (nor
 * readers).  Interrupts are not masked: do not take it in an interrupt
 * handler, and keep sections short (waiters spin).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef RWLOCK_H
#define RWLOCK_H

#include "hal_kernel_types.h"

typedef struct rwlock_s {
    volatile uint32_t ticket;   /* next admission ticket */
    volatile uint32_t current;  /* ticket being admitted */
    volatile uint32_t readers;  /* readers admitted and not yet gone */
} rwlock_t;

/* Makes <lock> free. */
void rwlock_init(rwlock_t *lock);

/* Takes / releases <lock> in shared (read) mode. */
void rwlock_rd_acquire(rwlock_t *lock);
void rwlock_rd_release(rwlock_t *lock);

/* Takes / releases <lock> in exclusive (write) mode. */
void rwlock_wr_acquire(rwlock_t *lock);
void rwlock_wr_release(rwlock_t *lock);

#endif
