/*
 * hal_ipi.c - per-core interrupt set-up, IPIs through SBI IPI, the timer
 * through SBI TIME.
 *
 * An IPI is a request set ORed into the target's hal_core_t.ipi_pending
 * through the remote window, then a supervisor software interrupt raised by
 * the firmware.  The target clears SSIP first, then takes the whole set, so
 * a request added after the take raises a new interrupt and none is lost.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_irq.h"
#include "hal_core.h"
#include "hal_remote.h"
#include "csr.h"
#include "sbi.h"
#include "hal_tlb.h"

static uint64_t timer_period;          /* in `time` ticks; 0 = no timer */

gid_t hal_core_gid(cxy_t cxy, lid_t lid)
{
    return boot_info.cluster[cxy].hartid[lid];
}

void hal_ipi_send(cxy_t cxy, lid_t lid, uint32_t what)
{
    hal_remote_atomic_or(XPTR(cxy, &hal_cores[lid].ipi_pending), what);
    gid_t gid = hal_core_gid(cxy, lid);
    sbi_send_ipi(1UL << (gid % 64), gid - gid % 64);
}

void hal_irq_software(void)
{
    hal_core_t *core = hal_core_self();
    csr_clear(sip, SIP_SSIP);
    uint32_t what = __atomic_exchange_n(&core->ipi_pending, 0, __ATOMIC_SEQ_CST);
    core->ipi_received++;
    if (what & HAL_IPI_TLB)
        hal_tlb_serve();
    what &= ~HAL_IPI_TLB;
    if (what)
        core_ipi_handler(what);
}

void hal_irq_timer(void)
{
    hal_core_t *core = hal_core_self();
    core->timer_ticks++;
    sbi_set_timer(csr_read(time) + timer_period);
    core_timer_tick();
}

void hal_core_irq_init(lid_t lid, uint32_t tick_us)
{
    (void)lid;
    csr_clear(sip, SIP_SSIP);
    if (tick_us) {
        timer_period = boot_info.timebase_freq * tick_us / 1000000;
        if (timer_period == 0)
            timer_period = 1;
        sbi_set_timer(csr_read(time) + timer_period);
        csr_set(sie, SIE_STIE);
    } else {
        sbi_set_timer(~0UL);
    }
    csr_set(sie, SIE_SSIE | SIE_SEIE);
}

uint64_t hal_ipi_received(void) { return hal_core_self()->ipi_received; }
uint64_t hal_timer_ticks(void)  { return hal_core_self()->timer_ticks; }
