/*
 * hal_core.h - what the RISC-V HAL keeps per core.
 *
 * Register tp always points to the running core's hal_core_t while in the
 * kernel (sscratch holds it while in user mode).  The array lives at the
 * same address in every kernel copy, so another cluster reaches core
 * <lid> of cluster <cxy> at XPTR(cxy, &hal_cores[lid]).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_CORE_H
#define HAL_CORE_H

#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "boot_info.h"

typedef struct hal_core_s {
    void     *current;       /* hal_get_current(); offset 0, used by trap.S */
    uint64_t  kernel_sp;     /* kernel stack top for traps from user mode */
    uint64_t  user_sp;       /* scratch for trap.S */
    uint32_t  gid;           /* hart id */
    uint32_t  lid;           /* index in the cluster */
    volatile uint32_t ipi_pending;   /* IPI_* requests not yet handled */
    uint32_t  pad;
    uint64_t  ipi_received;  /* statistics */
    uint64_t  timer_ticks;
    uint64_t  irq_count;
    /* TLB shootdown (hal_tlb.c): the root of the table in satp, and flush
     * requests asked / served as ever-growing generation numbers. */
    volatile uint64_t active_root;
    volatile uint64_t tlb_req;
    volatile uint64_t tlb_done;
    volatile uint64_t tlb_page;      /* page address to flush, or TLB_PAGE_ALL */
    uint64_t  active_asid;           /* satp.ASID now */
    volatile uint32_t tlb_flush_all; /* a new ASID generation began */
    uint32_t  pad2;
    uint64_t  shootdowns_sent;
    uint64_t  shootdowns_served;
} hal_core_t;

#define TLB_PAGE_ALL  (~0UL)

/* The IPI request bit the HAL keeps for itself (TLB shootdown); the
 * kernel's IPI_* bits stay below it. */
#define HAL_IPI_TLB  (1u << 31)

extern hal_core_t  hal_cores[CONFIG_MAX_LOCAL_CORES];
extern boot_info_t boot_info;          /* this cluster's, from the boot hart */

static inline hal_core_t *hal_core_self(void)
{
    hal_core_t *c;
    asm volatile("mv %0, tp" : "=r"(c));
    return c;
}

#endif
