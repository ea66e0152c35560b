/*
 * remote_barrier.h - sense-reversing barrier in any cluster.
 *
 * <count> cores of any clusters wait on a barrier named by an extended
 * pointer; the last one to arrive releases them all.  The barrier can be
 * reused at once: each episode flips the sense word the waiters watch.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef REMOTE_BARRIER_H
#define REMOTE_BARRIER_H

#include "hal_kernel_types.h"

typedef struct remote_barrier_s {
    uint32_t count;             /* participants per episode */
    uint32_t arrived;           /* arrivals in the current episode */
    uint32_t sense;             /* flipped by the last arrival */
} remote_barrier_t;

/* Initialises the barrier at <barrier_xp> for <count> (> 0) participants. */
void remote_barrier_init(xptr_t barrier_xp, uint32_t count);

/* Waits until <count> participants have called it for this episode. */
void remote_barrier_wait(xptr_t barrier_xp);

#endif
