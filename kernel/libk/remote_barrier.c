/*
 * remote_barrier.c - sense-reversing barrier (see remote_barrier.h).
 *
 * A participant reads the sense before counting itself in: the sense of an
 * episode cannot flip before every participant, this one included, has
 * arrived, so the value read is the episode's.  The last arrival resets the
 * counter *before* flipping the sense, so a fast participant re-entering
 * the next episode counts into a clean counter.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "remote_barrier.h"
#include "hal_remote.h"
#include "hal_special.h"

#define FIELD_XP(xp, f) ((xp) + offsetof(remote_barrier_t, f))

void remote_barrier_init(xptr_t barrier_xp, uint32_t count)
{
    hal_remote_s32(FIELD_XP(barrier_xp, count), count);
    hal_remote_s32(FIELD_XP(barrier_xp, arrived), 0);
    hal_remote_s32(FIELD_XP(barrier_xp, sense), 0);
    hal_fence();
}

void remote_barrier_wait(xptr_t barrier_xp)
{
    uint32_t count = hal_remote_l32(FIELD_XP(barrier_xp, count));
    uint32_t sense = hal_remote_l32(FIELD_XP(barrier_xp, sense));

    hal_fence();
    if (hal_remote_atomic_add(FIELD_XP(barrier_xp, arrived), 1) == count - 1) {
        hal_remote_s32(FIELD_XP(barrier_xp, arrived), 0);
        hal_fence();
        hal_remote_s32(FIELD_XP(barrier_xp, sense), !sense);
    } else {
        while (hal_remote_l32(FIELD_XP(barrier_xp, sense)) == sense)
            hal_cpu_relax();
    }
    hal_fence();
}
