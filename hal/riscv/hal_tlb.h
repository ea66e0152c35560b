/*
 * hal_tlb.h - TLB maintenance under the GPT functions.
 *
 * Sv39 TLBs are not kept coherent by hardware: after a PTE of a live table
 * changes, every hart that may cache it must execute sfence.vma.  The
 * local flush is one instruction; other harts need an IPI (shootdown).
 *
 * Address spaces (ASIDs): every GPT gets an ASID of its cluster when it is
 * first activated (hal_gpt_activate), so switching satp flushes nothing and
 * a hart keeps the translations of the processes it ran before.  A hart
 * that has the GPT active is shot down by IPI (it flushes those pages of
 * its ASID); a hart that ran it before but runs something else now is
 * marked in gpt->tlb_stale and flushes the ASID when it activates the GPT
 * again.  ASIDs are handed out per cluster in generations: when a
 * generation's ASIDs are all used a new one starts, every GPT's next
 * activation takes a fresh ASID, and every core of the cluster flushes its
 * whole TLB once before using one.  The kernel's own table has ASID 0 and
 * only global mappings.
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

/* The same for the <count> pages from <vpn>: each page by ASID and
 * address up to HAL_TLB_RANGE_MAX pages, the whole ASID beyond. */
void hal_tlb_shootdown_range(xptr_t gpt_xp, vpn_t vpn, vpn_t count);
#define HAL_TLB_RANGE_MAX 32

/* Serves the shootdown requests made of the calling hart (IPI handler). */
void hal_tlb_serve(void);

#endif
