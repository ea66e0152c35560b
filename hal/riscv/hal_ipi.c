/*
 * hal_ipi.c - per-core interrupt set-up, IPIs, the timer.
 *
 * An IPI is a request set ORed into the target's hal_core_t.ipi_pending
 * through the remote window, then a supervisor software interrupt (SSIP)
 * raised on the target hart.  The target clears SSIP first, then takes the
 * whole set, so a request added after the take raises a new interrupt and
 * none is lost.
 *
 * Two doorbells raise SSIP:
 *   - an ACLINT SSWI (riscv,aclint-sswi: QEMU virt with aclint=on, the
 *     SoC) where the device tree gives the target hart one: a 32-bit store
 *     of 1 into the hart's SETSSIP register, whose address a table per
 *     (cluster, core) keeps, so a send is an AMO, a load and a store;
 *   - otherwise an SBI IPI: an ecall into the firmware, which writes the
 *     target's M-mode software interrupt whose handler sets SSIP (several
 *     hundred instructions on the sender, as many on the target).
 *
 * The timer: stimecmp directly when every hart has Sstc (the device tree's
 * riscv,isa says so; OpenSBI 1.1 then lets S-mode write it, menvcfg.STCE),
 * else an SBI TIME call per tick.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_irq.h"
#include "hal_core.h"
#include "hal_remote.h"
#include "csr.h"
#include "sbi.h"
#include "hal_tlb.h"
#include "printk.h"

#define SBI_IMPL_OPENSBI 1

static uint64_t timer_period;          /* in `time` ticks; 0 = no timer */
static bool     use_sstc;              /* stimecmp, not SBI TIME */

gid_t hal_core_gid(cxy_t cxy, lid_t lid)
{
    return boot_info.cluster[cxy].hartid[lid];
}

/* Per core of the machine, the kernel virtual address of its SSWI SETSSIP
 * register, 0 when it has none (then SBI IPIs).  Filled from boot_info
 * once (ipi_doorbells_init) so that a send looks nothing up. */
static volatile uint32_t *ipi_doorbell[CONFIG_MAX_CLUSTERS][CONFIG_MAX_LOCAL_CORES];

static void ipi_doorbells_init(void)
{
    for (uint32_t c = 0; c < boot_info.clusters_nr && c < CONFIG_MAX_CLUSTERS; c++)
        for (uint32_t l = 0; l < boot_info.cluster[c].harts_nr && l < CONFIG_MAX_LOCAL_CORES; l++) {
            uint64_t setssip = boot_info.sswi[boot_info.cluster[c].hartid[l]];
            ipi_doorbell[c][l] = setssip ? (volatile uint32_t *)(DEVICE_BASE + setssip) : NULL;
        }
}

void hal_ipi_send(cxy_t cxy, lid_t lid, uint32_t what)
{
    /* one amoor through the remote window */
    hal_remote_atomic_or(XPTR(cxy, &hal_cores[lid].ipi_pending), what);
    volatile uint32_t *doorbell = ipi_doorbell[cxy][lid];
    if (doorbell) {
        /* the request bits (memory) before the doorbell (device) */
        __asm__ volatile("fence w, o" : : : "memory");
        *doorbell = 1;
    } else {
        gid_t gid = hal_core_gid(cxy, lid);
        sbi_send_ipi(1UL << (gid % 64), gid - gid % 64);
    }
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

/* Arms the next timer interrupt at `time` value <when> (~0: none). */
static inline void timer_arm(uint64_t when)
{
    if (use_sstc)
        csr_write(0x14d, when);           /* stimecmp */
    else
        sbi_set_timer(when);
}

void hal_irq_timer(void)
{
    hal_core_t *core = hal_core_self();
    core->timer_ticks++;
    timer_arm(csr_read(time) + timer_period);
    core_timer_tick();
}

void hal_core_irq_init(lid_t lid, uint32_t tick_us)
{
    (void)lid;
    /* Sstc in the tree is not enough: the firmware must have opened
     * stimecmp to S-mode (menvcfg.STCE), which OpenSBI does from 1.1 on. */
    use_sstc = boot_info.sstc && sbi_get_impl_id() == SBI_IMPL_OPENSBI &&
               sbi_get_impl_version() >= 0x10001;
    ipi_doorbells_init();
    csr_clear(sip, SIP_SSIP);
    if (tick_us) {
        timer_period = boot_info.timebase_freq * tick_us / 1000000;
        if (timer_period == 0)
            timer_period = 1;
        timer_arm(csr_read(time) + timer_period);
        csr_set(sie, SIE_STIE);
    } else {
        timer_arm(~0UL);
    }
    csr_set(sie, SIE_SSIE | SIE_SEIE);
}

void hal_irq_describe(char *buf, size_t len)
{
    const char *ipi = boot_info.sswi_harts == boot_info.harts_nr ? "ACLINT SSWI"
                      : boot_info.sswi_harts ? "ACLINT SSWI where present, else SBI"
                      : "SBI";
    snprintf(buf, len, "IPIs by %s, timer by %s", ipi, use_sstc ? "Sstc (stimecmp)" : "SBI");
}

uint64_t hal_ipi_received(void) { return hal_core_self()->ipi_received; }
uint64_t hal_timer_ticks(void)  { return hal_core_self()->timer_ticks; }
