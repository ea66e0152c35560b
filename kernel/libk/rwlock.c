/*
 * rwlock.c - local readers-writer spinlock (see rwlock.h).
 *
 * A reader takes a ticket, waits for its turn, counts itself in and at once
 * lets the next ticket in: consecutive readers overlap.  A writer waits for
 * its turn, then for the readers to drain, and lets the next ticket in only
 * at release.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "rwlock.h"
#include "hal_atomic.h"
#include "hal_special.h"

void rwlock_init(rwlock_t *lock)
{
    lock->ticket = 0;
    lock->current = 0;
    lock->readers = 0;
    hal_fence();
}

void rwlock_rd_acquire(rwlock_t *lock)
{
    uint32_t my = hal_atomic_add(&lock->ticket, 1);

    while (lock->current != my)
        hal_cpu_relax();
    hal_atomic_add(&lock->readers, 1);
    hal_atomic_add(&lock->current, 1);
}

void rwlock_rd_release(rwlock_t *lock)
{
    hal_fence();
    hal_atomic_add(&lock->readers, -1);
}

void rwlock_wr_acquire(rwlock_t *lock)
{
    uint32_t my = hal_atomic_add(&lock->ticket, 1);

    while (lock->current != my)
        hal_cpu_relax();
    while (lock->readers != 0)
        hal_cpu_relax();
    hal_fence();
}

void rwlock_wr_release(rwlock_t *lock)
{
    hal_fence();
    hal_atomic_add(&lock->current, 1);
}
