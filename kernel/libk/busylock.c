/*
 * busylock.c - local ticket spinlock (see busylock.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "busylock.h"
#include "hal_atomic.h"
#include "hal_special.h"

void busylock_init(busylock_t *lock)
{
    lock->ticket = 0;
    lock->current = 0;
    lock->irq_state = 0;
    hal_fence();
}

void busylock_acquire(busylock_t *lock)
{
    reg_t irq_state;

    hal_disable_irq(&irq_state);
    uint32_t my = hal_atomic_add(&lock->ticket, 1);
    while (lock->current != my)
        hal_cpu_relax();
    hal_fence();                /* the section's accesses stay after this */
    lock->irq_state = irq_state;
}

void busylock_release(busylock_t *lock)
{
    reg_t irq_state = lock->irq_state;

    hal_fence();                /* the section's accesses complete first */
    hal_atomic_add(&lock->current, 1);
    hal_restore_irq(irq_state);
}

bool busylock_is_locked(busylock_t *lock)
{
    return lock->ticket != lock->current;
}
