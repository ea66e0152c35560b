/*
 * hal_tlb_host.c - TLB maintenance for the host HAL: there is no MMU under
 * the simulated clusters, so every flush is a no-op; the "kernel root"
 * is whatever a test installs in hal_host_kernel_root.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_gpt.h"

void hal_tlb_flush_page(uintptr_t vaddr);
void hal_tlb_flush_all(void);
void hal_tlb_shootdown(xptr_t gpt_xp, vpn_t vpn);
void hal_tlb_shootdown_range(xptr_t gpt_xp, vpn_t vpn, vpn_t count);

/* Kernel table the user GPTs copy their kernel half from (tests set it);
 * NULL: no kernel half to copy. */
void  *hal_host_kernel_root;
ppn_t  hal_host_kernel_root_ppn;
/* Last GPT activated by hal_gpt_activate (for tests). */
gpt_t *hal_host_active_gpt;

void hal_tlb_flush_page(uintptr_t vaddr)
{
    (void)vaddr;
}

void hal_tlb_flush_all(void)
{
}

/* Shootdowns asked so far (tests count them: one per unmapped range). */
unsigned long hal_host_shootdowns;

void hal_tlb_shootdown(xptr_t gpt_xp, vpn_t vpn)
{
    (void)gpt_xp;
    (void)vpn;
    __atomic_add_fetch(&hal_host_shootdowns, 1, __ATOMIC_SEQ_CST);
}

void hal_tlb_shootdown_range(xptr_t gpt_xp, vpn_t vpn, vpn_t count)
{
    (void)gpt_xp;
    (void)vpn;
    (void)count;
}

void hal_gpt_activate(gpt_t *gpt)
{
    hal_host_active_gpt = gpt;
}

void *hal_gpt_kernel_root(ppn_t *ppn)
{
    if (ppn)
        *ppn = hal_host_kernel_root_ppn;
    return hal_host_kernel_root;
}
