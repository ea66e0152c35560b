/*
 * selftest.h - in-kernel tests of the multi-kernel machinery, run on every
 * core of every cluster with the bootarg "selftest".
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef SELFTEST_H
#define SELFTEST_H

#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "xlist.h"
#include "remote_busylock.h"
#include "remote_rwlock.h"
#include "remote_barrier.h"

#define SELFTEST_MAX 16

/* Scratch every cluster offers the tests; cluster 0's also collects the
 * results.  Zero at boot (bss). */
typedef struct selftest_area_s {
    volatile uint32_t sync;                  /* arrivals, all barriers */
    uint32_t failures[SELFTEST_MAX];         /* per test, summed over cores */
    uint64_t slot64[CONFIG_MAX_HARTS];       /* one per hart: stores/loads */
    uint32_t slot32[CONFIG_MAX_HARTS];
    uint16_t slot16[CONFIG_MAX_HARTS];
    uint8_t  slot8[CONFIG_MAX_HARTS];
    void    *slotpt[CONFIG_MAX_HARTS];
    uint32_t counter32;                      /* hammered by every hart */
    uint32_t cas32;
    uint64_t counter64;
    uint64_t cas64;
    uint32_t mask[CONFIG_MAX_HARTS / 32];    /* one bit per hart */
    xlist_entry_t     list_root;
    remote_busylock_t list_lock;
    remote_rwlock_t   rwlock;
    uint64_t          rw_a, rw_b;            /* equal whenever unlocked */
    uint32_t          rw_writes;
    remote_barrier_t  barrier;
    uint32_t          barrier_seen;
    uint32_t          free_before[CONFIG_MAX_CLUSTERS];
} selftest_area_t;

/* Runs every test on the calling core, in step with the <harts> other
 * cores; cluster 0's core 0 prints the results and powers off with their
 * verdict.  Does not return. */
void selftest_run(uint32_t harts) __attribute__((noreturn));

/* RPC stress (selftest_rpc.c), on hart <me>; returns its failed checks. */
uint32_t selftest_rpc(uint32_t harts, uint32_t me);

#endif
