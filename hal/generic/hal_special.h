/*
 * hal_special.h - core identification, cycles, fences, IRQ masking, sleep.
 *
 * The contract every HAL fulfils.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_SPECIAL_H
#define HAL_SPECIAL_H

#include "hal_kernel_types.h"
/* A HAL may define the functions marked (inline) below in its
 * hal_special_arch.h; it then defines HAL_SPECIAL_INLINE. */
#include "hal_special_arch.h"

#ifndef HAL_SPECIAL_INLINE
/* (inline) Hart identifier of the calling core, as the firmware numbers harts. */
gid_t    hal_get_gid(void);
/* (inline) Index of the calling core in its cluster (constant time). */
lid_t    hal_get_lid(void);
/* (inline) Full memory fence: earlier loads and stores complete before
 * later ones. */
void     hal_fence(void);
/* (inline) The calling core's current thread (or core descriptor before
 * threads). */
void    *hal_get_current(void);
void     hal_set_current(void *current);
/* (inline) Masks interrupts on the calling core; saves the previous state
 * in *old. */
void     hal_disable_irq(reg_t *old);
/* (inline) Unmasks interrupts; saves the previous state in *old (may be
 * NULL). */
void     hal_enable_irq(reg_t *old);
/* (inline) Restores the interrupt state saved by hal_disable_irq /
 * hal_enable_irq. */
void     hal_restore_irq(reg_t old);
#endif

/* Free-running cycle counter of the calling core (instructions retired
 * under QEMU -icount). */
uint64_t hal_get_cycles(void);
/* Platform time counter (the `time` CSR / CLINT mtime) and its rate. */
uint64_t hal_get_time(void);
/* Waits, in low power, for an interrupt (returns after it is handled or,
 * with interrupts masked, as soon as one is pending). */
void     hal_core_sleep(void);
/* A hint inside busy-wait loops. */
void     hal_cpu_relax(void);

#endif
