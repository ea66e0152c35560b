/*
 * remote_rwlock.c - readers-writer spinlock in any cluster (see
 * remote_rwlock.h and, for the algorithm, rwlock.c).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "remote_rwlock.h"
#include "hal_remote.h"
#include "hal_special.h"

#define FIELD_XP(xp, f) ((xp) + offsetof(remote_rwlock_t, f))

void remote_rwlock_init(xptr_t lock_xp)
{
    hal_remote_s32(FIELD_XP(lock_xp, ticket), 0);
    hal_remote_s32(FIELD_XP(lock_xp, current), 0);
    hal_remote_s32(FIELD_XP(lock_xp, readers), 0);
    hal_fence();
}

/* Waits until the ticket being admitted is <my>. */
static void remote_rwlock_wait_turn(xptr_t lock_xp, uint32_t my)
{
    while (hal_remote_l32(FIELD_XP(lock_xp, current)) != my)
        hal_cpu_relax();
}

void remote_rwlock_rd_acquire(xptr_t lock_xp)
{
    uint32_t my = hal_remote_atomic_add(FIELD_XP(lock_xp, ticket), 1);

    remote_rwlock_wait_turn(lock_xp, my);
    hal_remote_atomic_add(FIELD_XP(lock_xp, readers), 1);
    hal_remote_atomic_add(FIELD_XP(lock_xp, current), 1);
}

void remote_rwlock_rd_release(xptr_t lock_xp)
{
    hal_fence();
    hal_remote_atomic_add(FIELD_XP(lock_xp, readers), -1);
}

void remote_rwlock_wr_acquire(xptr_t lock_xp)
{
    uint32_t my = hal_remote_atomic_add(FIELD_XP(lock_xp, ticket), 1);

    remote_rwlock_wait_turn(lock_xp, my);
    while (hal_remote_l32(FIELD_XP(lock_xp, readers)) != 0)
        hal_cpu_relax();
    hal_fence();
}

void remote_rwlock_wr_release(xptr_t lock_xp)
{
    hal_fence();
    hal_remote_atomic_add(FIELD_XP(lock_xp, current), 1);
}
