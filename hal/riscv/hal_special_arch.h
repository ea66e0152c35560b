/*
 * hal_special_arch.h - the RISC-V HAL's part of hal_special.h: the calls
 * every lock, every system call and every CURRENT_THREAD make, inline.
 * Register tp points to the core's hal_core_t (hal_core.h), so the core's
 * identity and its current thread are one load; interrupt masking is one
 * CSR instruction.  The rest of hal_special.h is in hal_special.c.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_SPECIAL_ARCH_H
#define HAL_SPECIAL_ARCH_H

#include "hal_core.h"
#include "csr.h"

#define HAL_SPECIAL_INLINE 1

static inline gid_t hal_get_gid(void)        { return hal_core_self()->gid; }
static inline lid_t hal_get_lid(void)        { return hal_core_self()->lid; }
static inline void *hal_get_current(void)    { return hal_core_self()->current; }
static inline void  hal_set_current(void *c) { hal_core_self()->current = c; }

static inline void hal_fence(void)
{
    asm volatile("fence rw, rw" ::: "memory");
}

static inline void hal_disable_irq(reg_t *old)
{
    reg_t s = csr_read_clear(sstatus, SSTATUS_SIE);
    if (old)
        *old = s & SSTATUS_SIE;
}

static inline void hal_enable_irq(reg_t *old)
{
    reg_t s = csr_read_set(sstatus, SSTATUS_SIE);
    if (old)
        *old = s & SSTATUS_SIE;
}

static inline void hal_restore_irq(reg_t old)
{
    if (old & SSTATUS_SIE)
        csr_set(sstatus, SSTATUS_SIE);
    else
        csr_clear(sstatus, SSTATUS_SIE);
}

#endif
