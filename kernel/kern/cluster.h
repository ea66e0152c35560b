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

typedef struct cluster_s {
    ppm_t   ppm;            /* physical pages of this cluster's slice */
    kmem_t  kmem;           /* object allocators of this cluster */
    /* (the rest is added by the cluster manager: cores, barriers, ...) */
#ifdef CLUSTER_EXTRA_FIELDS
    CLUSTER_EXTRA_FIELDS
#endif
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
