/*
 * hal_kernel_types.h - basic types and extended pointers, host HAL.
 *
 * The host HAL runs the common kernel inside one Linux process for unit
 * tests.  It simulates several clusters: a window of CONFIG_MAX_CLUSTERS
 * spans of CLUSTER_SPAN bytes is reserved at hal_host_window, and cluster
 * <cxy>'s memory slice lives at hal_host_window + (cxy << CLUSTER_SPAN_SHIFT).
 * Each host thread plays one core of one cluster, named by the thread-local
 * local_cxy, so the "local window" (LOCAL_BASE) moves with the thread.
 * The type names are those of every other HAL.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_KERNEL_TYPES_H
#define HAL_KERNEL_TYPES_H

/* The kernel's pid_t is not the host libc's: the libc declaration comes
 * first, then the kernel's name is moved aside.  (sched_yield: see
 * scheduler.h.) */
#define HAL_HOSTED 1
#include <sys/types.h>
#define pid_t almos_pid_t

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef int32_t   error_t;     /* 0 or a negative errno */
typedef uint64_t  reg_t;       /* a general-purpose register */
typedef uint64_t  xptr_t;      /* extended pointer: cxy | offset in slice */
typedef uint32_t  cxy_t;       /* cluster identifier */
typedef uint32_t  lid_t;       /* core index inside its cluster */
typedef uint32_t  gid_t;       /* hart id (same type as the libc gid_t) */
typedef uint64_t  paddr_t;     /* (simulated) physical address */
typedef uint64_t  ppn_t;       /* physical page number (paddr >> 12) */
typedef uint64_t  vpn_t;       /* virtual page number */
typedef uint64_t  intptr_hal_t;

#define CLUSTER_SPAN_SHIFT  32                     /* 4 GiB window per cluster */
#define CLUSTER_SPAN        (1UL << CLUSTER_SPAN_SHIFT)
#define CLUSTER_OFFSET_MASK (CLUSTER_SPAN - 1)

/* Base of the reserved window (set by hal_host_init()). */
extern uintptr_t hal_host_window;
/* The cluster the calling host thread plays a core of. */
extern __thread cxy_t local_cxy;

#define LOCAL_BASE (hal_host_window + ((uintptr_t)local_cxy << CLUSTER_SPAN_SHIFT))

#define XPTR_NULL   ((xptr_t)0)
#define XPTR(cxy, ptr) \
    (((xptr_t)(cxy) << CLUSTER_SPAN_SHIFT) | \
     (((uintptr_t)(ptr) - hal_host_window) & CLUSTER_OFFSET_MASK))
#define GET_CXY(xp) ((cxy_t)((xp) >> CLUSTER_SPAN_SHIFT))
#define GET_PTR(xp) ((void *)(LOCAL_BASE + ((xp) & CLUSTER_OFFSET_MASK)))

/* Host virtual address of an extended pointer (HAL internal use). */
#define HAL_XPTR_VADDR(xp)  (hal_host_window + (uintptr_t)(xp))

/* The cluster manager of each simulated cluster sits at this offset of its
 * slice (offset 0 stays unused: it is XPTR_NULL). */
#define HAL_HOST_CLUSTER_OFFSET  0x1000UL
#define HAL_CLUSTER_MANAGER      (LOCAL_BASE + HAL_HOST_CLUSTER_OFFSET)

#endif
