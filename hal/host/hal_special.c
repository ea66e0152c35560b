/*
 * hal_special.c - host implementation of hal_special.h.
 *
 * Interrupts do not exist on the host: masking them only flips a
 * thread-local flag, which lets tests check that a lock masks them.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <time.h>
#include "hal_special.h"
#include "hal_host.h"

static __thread gid_t host_gid;
static __thread void *host_current;
static __thread reg_t host_irq_masked;

void hal_host_set_gid(gid_t gid) { host_gid = gid; }
bool hal_host_irq_masked(void) { return host_irq_masked != 0; }

gid_t hal_get_gid(void) { return host_gid; }
/* The tests number their threads from 0 in each cluster they simulate. */
lid_t hal_get_lid(void) { return (lid_t)host_gid; }

uint64_t hal_get_cycles(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

uint64_t hal_get_time(void) { return hal_get_cycles(); }

void hal_fence(void) { __atomic_thread_fence(__ATOMIC_SEQ_CST); }

void *hal_get_current(void) { return host_current; }
void hal_set_current(void *current) { host_current = current; }

void hal_disable_irq(reg_t *old)
{
    if (old)
        *old = host_irq_masked;
    host_irq_masked = 1;
}

void hal_enable_irq(reg_t *old)
{
    if (old)
        *old = host_irq_masked;
    host_irq_masked = 0;
}

void hal_restore_irq(reg_t old) { host_irq_masked = old; }

void hal_core_sleep(void) { sched_yield(); }

/* Yield rather than spin: the tests run more "cores" than host CPUs, and a
 * spinning waiter would otherwise burn the lock holder's time slice. */
void hal_cpu_relax(void) { sched_yield(); }
