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
 * of page <vpn>.  For now only the local hart is flushed: the remote part
 * (SBI RFENCE or an IPI to the harts running the process, per cluster of
 * the GPT copies) comes with the multi-cluster processes of the next
 * issue. */
void hal_tlb_shootdown(xptr_t gpt_xp, vpn_t vpn);

/* Serves the shootdown requests made of the calling hart (IPI handler). */
void hal_tlb_serve(void);

#endif
