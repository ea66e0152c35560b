/*
 * hal_tlb.h - TLB maintenance under the GPT functions.
 *
 * Sv39 TLBs are not kept coherent by hardware: after a PTE of a live table
 * changes, every hart that may cache it must execute sfence.vma.  The
 * local flush is one instruction; other harts need an IPI (shootdown).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_TLB_H
#define HAL_TLB_H

#include "hal_kernel_types.h"

/* Drops the local translations of the page containing <vaddr>. */
void hal_tlb_flush_page(uintptr_t vaddr);

/* Drops every local translation. */
void hal_tlb_flush_all(void);

/* Makes every hart that may use the GPT at <gpt_xp> drop its translation
 * of page <vpn>: the local hart at once, then each other hart of the GPT's
 * cluster whose active table it is, by an IPI (HAL_IPI_TLB), waiting until
 * all have flushed.  A GPT is only ever active in its own cluster; the
 * copies of a process's GPT in other clusters are shot down one by one by
 * whoever updates them (vmm_global_update_pte walks every copy). */
void hal_tlb_shootdown(xptr_t gpt_xp, vpn_t vpn);

/* Serves the shootdown requests made of the calling hart (IPI handler). */
void hal_tlb_serve(void);

#endif
