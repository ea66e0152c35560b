/*
 * hal_irq.h - inter-processor interrupts, the timer, device interrupts.
 *
 * The contract every HAL fulfils.  An IPI carries a 32-bit set of requests
 * (the kernel's IPI_* bits, opaque to the HAL): hal_ipi_send() adds them to
 * the target core's pending set and interrupts it; the target's HAL takes
 * the whole pending set at once and calls core_ipi_handler(set) (kernel).
 * Each timer tick calls core_timer_tick() (kernel).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_IRQ_H
#define HAL_IRQ_H

#include "hal_kernel_types.h"

/* Per-core interrupt set-up, on the core itself: trap vector, IPIs, the
 * timer with a period of <tick_us> microseconds (0: no timer). */
void     hal_core_irq_init(lid_t lid, uint32_t tick_us);

/* Sends the requests <what> to core <lid> of cluster <cxy>. */
void     hal_ipi_send(cxy_t cxy, lid_t lid, uint32_t what);
/* Hart id of core <lid> of cluster <cxy>. */
gid_t    hal_core_gid(cxy_t cxy, lid_t lid);

/* Routes the console's receive interrupt to the calling core. */
void     hal_console_irq_enable(void);

/* How IPIs and the timer are raised on this machine, for the boot log
 * (after hal_core_irq_init on the calling core). */
void     hal_irq_describe(char *buf, size_t len);

/* Statistics of the calling core. */
uint64_t hal_ipi_received(void);
uint64_t hal_timer_ticks(void);

/* Implemented by the kernel, called by the HAL with interrupts masked. */
void core_ipi_handler(uint32_t what);
void core_timer_tick(void);
void console_rx_char(char c);

#endif
