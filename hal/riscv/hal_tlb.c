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

extern uint64_t boot_satp;      /* hal_early.c: this cluster's kernel table */

void hal_tlb_flush_page(uintptr_t vaddr)
{
    __asm__ volatile("sfence.vma %0, zero" : : "r"(vaddr) : "memory");
}

void hal_tlb_flush_all(void)
{
    __asm__ volatile("sfence.vma zero, zero" : : : "memory");
}

void hal_tlb_shootdown(xptr_t gpt_xp, vpn_t vpn)
{
    /* Remote harts are not reached yet (next issue: SBI RFENCE or kernel
     * IPI to the harts of every cluster holding a copy of this GPT). */
    (void)gpt_xp;
    hal_tlb_flush_page((uintptr_t)vpn << 12);
}

void hal_gpt_activate(gpt_t *gpt)
{
    /* No ASIDs: the full flush after the switch is what keeps the
     * previous address space's user translations from leaking. */
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
