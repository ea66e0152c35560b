/*
 * hal_tlb.c - TLB maintenance and address-space switch, RISC-V.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_tlb.h"
#include "hal_gpt.h"
#include "sv39.h"
#include "csr.h"
#include "cluster.h"
#include "hal_core.h"
#include "hal_irq.h"
#include "hal_remote.h"
#include "hal_special.h"

extern uint64_t boot_satp;      /* hal_early.c: this cluster's kernel table */

void hal_tlb_flush_page(uintptr_t vaddr)
{
    __asm__ volatile("sfence.vma %0, zero" : : "r"(vaddr) : "memory");
}

void hal_tlb_flush_all(void)
{
    __asm__ volatile("sfence.vma zero, zero" : : : "memory");
}

/* Serves the flush requests other harts made of this one. */
void hal_tlb_serve(void)
{
    hal_core_t *me = hal_core_self();
    uint64_t asked = me->tlb_req;
    if (me->tlb_done >= asked)
        return;
    hal_tlb_flush_all();
    me->shootdowns_served++;
    __atomic_store_n(&me->tlb_done, asked, __ATOMIC_RELEASE);
}

/*
 * Every other hart of the GPT's cluster that has this GPT in satp gets a
 * HAL_IPI_TLB and flushes its whole TLB; the caller waits for all of them.
 * Requests are generation numbers, so concurrent shootdowns to one hart are
 * merged, and a waiting hart serves the requests made of itself: two harts
 * shooting at each other cannot deadlock, even with interrupts masked.
 */
void hal_tlb_shootdown(xptr_t gpt_xp, vpn_t vpn)
{
    hal_tlb_flush_page((uintptr_t)vpn << 12);
    /* Bootarg "noshootdown": only for showing what goes wrong without. */
    static int disabled = -1;
    if (disabled < 0)
        disabled = boot_info_arg(&boot_info, "noshootdown", NULL, 0) == 0;
    if (disabled)
        return;
    /* the PTE change before the reads of active_root; hal_gpt_activate
     * orders its side the same way, so either it sees the new PTE or we
     * see its root */
    hal_fence();
    cxy_t cxy = GET_CXY(gpt_xp);
    uint64_t root = hal_remote_l64(gpt_xp + offsetof(gpt_t, ppn));
    uint32_t cores = boot_info.cluster[cxy].harts_nr;
    uint64_t wait_gen[CONFIG_MAX_LOCAL_CORES];
    hal_core_t *me = hal_core_self();
    bool any = false;

    for (lid_t l = 0; l < cores; l++) {
        wait_gen[l] = 0;
        xptr_t core = XPTR(cxy, &hal_cores[l]);
        if (cxy == local_cxy && &hal_cores[l] == me)
            continue;
        if (hal_remote_l64(core + offsetof(hal_core_t, active_root)) != root)
            continue;
        wait_gen[l] = hal_remote_atomic_add64(core + offsetof(hal_core_t, tlb_req), 1) + 1;
        hal_ipi_send(cxy, l, HAL_IPI_TLB);
        me->shootdowns_sent++;
        any = true;
    }
    if (!any)
        return;
    for (lid_t l = 0; l < cores; l++) {
        if (wait_gen[l] == 0)
            continue;
        xptr_t done = XPTR(cxy, &hal_cores[l]) + offsetof(hal_core_t, tlb_done);
        while (hal_remote_l64(done) < wait_gen[l])
            hal_tlb_serve();
    }
}

void hal_gpt_activate(gpt_t *gpt)
{
    /* No ASIDs: the full flush after the switch is what keeps the
     * previous address space's user translations from leaking. */
    hal_core_self()->active_root = gpt->ppn;
    hal_fence();        /* seen by shooters before any walk of the table */
    csr_write(satp, SATP_MODE_SV39 | gpt->ppn);
    hal_tlb_flush_all();
}

void *hal_gpt_kernel_root(ppn_t *ppn)
{
    ppn_t root = boot_satp & ((1UL << 44) - 1);
    if (ppn)
        *ppn = root;
    /* the kernel table lives in this cluster's slice */
    return (void *)(LOCAL_BASE + ((root << 12) - LOCAL_CLUSTER->mem_base));
}

void hal_tlb_stats(cxy_t cxy, uint64_t *sent, uint64_t *served)
{
    *sent = *served = 0;
    for (lid_t l = 0; l < boot_info.cluster[cxy].harts_nr; l++) {
        xptr_t core = XPTR(cxy, &hal_cores[l]);
        *sent += hal_remote_l64(core + offsetof(hal_core_t, shootdowns_sent));
        *served += hal_remote_l64(core + offsetof(hal_core_t, shootdowns_served));
    }
}
