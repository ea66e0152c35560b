/*
 * cluster.h - the cluster manager: everything one kernel instance keeps
 * about its cluster.
 *
 * Every cluster runs its own copy of the kernel, so the manager is an
 * ordinary global at the same local address in every copy:
 * XPTR(cxy, &LOCAL_CLUSTER->field) names <field> in cluster <cxy>.  State
 * that other clusters reach through the remote window lives here.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef CLUSTER_H
#define CLUSTER_H

#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "ppm.h"
#include "kmem.h"
#include "core.h"
#include "remote_busylock.h"
#include "xlist.h"
#include "selftest.h"
#include "process.h"
#include "rpc.h"

#define BOOT_PHASES  8

typedef struct cluster_s {
    ppm_t    ppm;            /* physical pages of this cluster's slice */
    kmem_t   kmem;           /* object allocators of this cluster */
    cxy_t    cxy;            /* this cluster */
    uint32_t clusters_nr;    /* in the machine */
    uint32_t harts_nr;       /* in the machine */
    uint32_t cores_nr;       /* in this cluster */
    paddr_t  mem_base;       /* physical base of the slice */
    uint64_t mem_size;
    paddr_t  kernel_base;    /* physical base of this kernel copy */
    uint64_t timebase_freq;  /* Hz of hal_get_time() */
    core_t   core_tbl[CONFIG_MAX_LOCAL_CORES];
    pmgr_t   pmgr;           /* processes owned and held here */
    process_stats_t dead_stats;  /* counters of the processes reaped here */
    busylock_t      stats_lock;
    rpc_fifo_t      rpc;     /* RPC requests to this cluster, servers, counters */

    /* Used in cluster 0 only, by every cluster, through the remote window.
     * All start at zero (bss), so no core waits for an initialisation. */
    volatile uint32_t  boot_phase[BOOT_PHASES];   /* arrivals per boot barrier */
    remote_busylock_t  console_lock;              /* serialises console lines */
    remote_busylock_t  console_rx_lock;           /* the received bytes (cluster 0) */
    xlist_entry_t      console_rx_wait;           /* tty readers waiting (waitq.h);
                                                   * set up by cluster_init */
    volatile uint32_t  panic_owner;               /* 1 + gid of the first panic */

    selftest_area_t    selftest;                  /* scratch of the self-tests */
} cluster_t;

#ifdef HAL_CLUSTER_MANAGER
/* A HAL that places the manager itself (the host HAL of the unit tests,
 * which simulates several clusters inside one process). */
#define LOCAL_CLUSTER ((cluster_t *)(HAL_CLUSTER_MANAGER))
#else
extern cluster_t cluster_manager;
#define LOCAL_CLUSTER (&cluster_manager)
#endif

#endif
