/*
 * remote_busylock.c - ticket spinlock in any cluster (see remote_busylock.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "remote_busylock.h"
#include "hal_remote.h"
#include "hal_special.h"

#define FIELD_XP(xp, f) ((xp) + offsetof(remote_busylock_t, f))

void remote_busylock_init(xptr_t lock_xp)
{
    hal_remote_s32(FIELD_XP(lock_xp, ticket), 0);
    hal_remote_s32(FIELD_XP(lock_xp, current), 0);
    hal_remote_s64(FIELD_XP(lock_xp, irq_state), 0);
    hal_fence();
}

void remote_busylock_acquire(xptr_t lock_xp)
{
    reg_t irq_state;

    hal_disable_irq(&irq_state);
    uint32_t my = hal_remote_atomic_add(FIELD_XP(lock_xp, ticket), 1);
    while (hal_remote_l32(FIELD_XP(lock_xp, current)) != my)
        hal_cpu_relax();
    hal_fence();
    hal_remote_s64(FIELD_XP(lock_xp, irq_state), irq_state);
}

void remote_busylock_release(xptr_t lock_xp)
{
    reg_t irq_state = hal_remote_l64(FIELD_XP(lock_xp, irq_state));

    hal_fence();
    hal_remote_atomic_add(FIELD_XP(lock_xp, current), 1);
    hal_restore_irq(irq_state);
}

bool remote_busylock_is_locked(xptr_t lock_xp)
{
    return hal_remote_l32(FIELD_XP(lock_xp, ticket)) !=
           hal_remote_l32(FIELD_XP(lock_xp, current));
}
