/*
 * hal_kernel_types.h - basic types and extended pointers, RISC-V (Sv39) HAL.
 *
 * An extended pointer (xptr_t) names a byte in any cluster: the cluster
 * identifier in the bits above CLUSTER_SPAN_SHIFT, the byte offset in that
 * cluster's memory slice below.  Every slice is mapped in the kernel half at
 * REMOTE_BASE + (cxy << CLUSTER_SPAN_SHIFT), so the remote virtual address of
 * an xptr is REMOTE_BASE + xptr: a remote access is one add and one access.
 * The local slice is also mapped at LOCAL_BASE, where each cluster runs its
 * own copy of the kernel, linked at LOCAL_BASE + KERNEL_OFFSET.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_KERNEL_TYPES_H
#define HAL_KERNEL_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef int32_t   error_t;     /* 0 or a negative errno */
typedef uint64_t  reg_t;       /* a general-purpose register */
typedef uint64_t  xptr_t;      /* extended pointer: cxy | offset in slice */
typedef uint32_t  cxy_t;       /* cluster identifier */
typedef uint32_t  lid_t;       /* core index inside its cluster */
typedef uint32_t  gid_t;       /* hart id, as given by the firmware */
typedef uint64_t  paddr_t;     /* physical address */
typedef uint64_t  ppn_t;       /* physical page number (paddr >> 12) */
typedef uint64_t  vpn_t;       /* virtual page number */
typedef uint64_t  intptr_hal_t;

#define CLUSTER_SPAN_SHIFT  32                     /* 4 GiB window per cluster */
#define CLUSTER_SPAN        (1UL << CLUSTER_SPAN_SHIFT)
#define CLUSTER_OFFSET_MASK (CLUSTER_SPAN - 1)

#define LOCAL_BASE   0xFFFFFFC000000000UL          /* this cluster's slice */
#define REMOTE_BASE  0xFFFFFFD000000000UL          /* every cluster's slice */
#define DEVICE_BASE  0xFFFFFFE000000000UL          /* MMIO: DEVICE_BASE + paddr */
#define KERNEL_OFFSET 0x200000UL                   /* kernel image in every slice */

#define XPTR_NULL   ((xptr_t)0)
#define XPTR(cxy, ptr) \
    (((xptr_t)(cxy) << CLUSTER_SPAN_SHIFT) | ((uintptr_t)(ptr) - LOCAL_BASE))
#define GET_CXY(xp) ((cxy_t)((xp) >> CLUSTER_SPAN_SHIFT))
#define GET_PTR(xp) ((void *)(LOCAL_BASE + ((xp) & CLUSTER_OFFSET_MASK)))

/* Remote virtual address of an extended pointer (HAL internal use). */
#define HAL_XPTR_VADDR(xp)  (REMOTE_BASE + (uintptr_t)(xp))

/* The identifier of the cluster running this kernel copy: a plain global,
 * since every cluster has its own copy of the kernel's data. */
extern cxy_t local_cxy;

#endif
