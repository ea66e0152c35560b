/*
 * busylock.h - local spinlock that masks interrupts while held.
 *
 * A ticket lock: waiters are served in arrival order.  Interrupts are
 * masked before spinning and stay masked until release, so an interrupt
 * handler on the same core can never spin on a lock its core holds.  The
 * interrupt state saved at acquire time is kept in the lock itself and
 * restored at release.  Critical sections must be short and never sleep.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef BUSYLOCK_H
#define BUSYLOCK_H

#include "hal_kernel_types.h"

typedef struct busylock_s {
    volatile uint32_t ticket;   /* next ticket to hand out */
    volatile uint32_t current;  /* ticket being served */
    reg_t             irq_state;/* holder's interrupt state before acquire */
} busylock_t;

/* Makes <lock> free. */
void busylock_init(busylock_t *lock);

/* Masks interrupts and spins until <lock> is ours. */
void busylock_acquire(busylock_t *lock);

/* Releases <lock> and restores the interrupt state of before acquire. */
void busylock_release(busylock_t *lock);

/* True when some core holds (or waits for) <lock>. */
bool busylock_is_locked(busylock_t *lock);

#endif
