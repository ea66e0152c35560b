/*
 * hal_gpt.h - the generic page table (GPT) contract.
 *
 * A process copy owns one GPT in its cluster.  The kernel above the HAL
 * sees it through generic PTE attributes (GPT_*) and a physical page
 * number; the HAL translates them to the machine format (Sv39 on RISC-V).
 * Every function taking an xptr_t on a gpt_t works on a GPT in any cluster:
 * table pages are allocated in the GPT's cluster, and PTEs are read and
 * written through the remote accessors.
 *
 * Concurrency: a PTE is claimed with hal_gpt_lock_pte() (an atomic CAS on
 * the PTE itself, valid on an unmapped PTE) and released by
 * hal_gpt_set_pte() or hal_gpt_unlock_pte().
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_GPT_H
#define HAL_GPT_H

#include "hal_kernel_types.h"

/* Generic PTE attributes. */
#define GPT_MAPPED      0x0001   /* valid entry */
#define GPT_SMALL       0x0002   /* 4 KiB page (only size the VMM maps) */
#define GPT_READABLE    0x0004
#define GPT_WRITABLE    0x0008
#define GPT_EXECUTABLE  0x0010
#define GPT_CACHABLE    0x0020
#define GPT_USER        0x0040   /* accessible in user mode */
#define GPT_GLOBAL      0x0080   /* mapped in every address space */
#define GPT_ACCESSED    0x0100
#define GPT_DIRTY       0x0200
#define GPT_COW         0x0400   /* copy-on-write: mapped read-only */
#define GPT_LOCKED      0x0800   /* claimed by hal_gpt_lock_pte() */

/* A page table: its root, as a local pointer valid in the GPT's cluster,
 * and the root's physical page number. */
typedef struct gpt_s {
    void   *ptr;
    ppn_t   ppn;
    /* The HAL's TLB bookkeeping (RISC-V: the address-space id and its
     * generation, and the cores of the GPT's cluster that may hold stale
     * translations of it); zero from hal_gpt_create. */
    uint64_t tlb_asid;
    uint32_t tlb_stale;
} gpt_t;

/* Allocates a zeroed root table in the local cluster and fills <gpt>.
 * The kernel half is added by hal_vmm_kernel_update().  Returns 0 or
 * -ENOMEM. */
error_t hal_gpt_create(gpt_t *gpt);

/* Frees every table page of the local <gpt> (not the pages it maps, nor
 * the kernel tables shared through the root).  Leaves gpt->ptr NULL. */
void hal_gpt_destroy(gpt_t *gpt);

/* Allocates the missing intermediate tables for <vpn> in the GPT at
 * <gpt_xp>, then waits until the PTE is not locked and atomically sets
 * GPT_LOCKED.  Returns in <attr>/<ppn> the entry found (attr has GPT_MAPPED
 * clear when unmapped; GPT_LOCKED is not reported).  Returns 0, or -ENOMEM
 * when a table cannot be allocated (nothing locked then). */
error_t hal_gpt_lock_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t *attr, ppn_t *ppn);

/* Releases the lock taken by hal_gpt_lock_pte() without changing the PTE. */
void hal_gpt_unlock_pte(xptr_t gpt_xp, vpn_t vpn);

/* Writes the locked PTE of <vpn> with <attr>/<ppn> and unlocks it in the
 * same store.  <attr> must contain GPT_MAPPED.  Flushes the local TLB;
 * the other harts' too when it replaces a valid PTE (a new mapping needs
 * no shootdown: a hart that faulted on the page drops its stale entry). */
void hal_gpt_set_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t attr, ppn_t ppn);

/* Reads the PTE of <vpn>: <attr> is 0 (and <ppn> 0) when it is not mapped
 * or its tables do not exist.  Never allocates. */
void hal_gpt_get_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t *attr, ppn_t *ppn);

/* Unmaps the PTE of <vpn> (no effect if not mapped) and flushes it from
 * the TLB.  The page itself is not released. */
void hal_gpt_reset_pte(xptr_t gpt_xp, vpn_t vpn);

/* Copies the PTE <src_vpn> of the GPT at <src_gpt_xp> into the PTE
 * <dst_vpn> of the local <dst_gpt>, allocating the destination tables.
 * With <cow> and a writable source, the copy is made read-only + GPT_COW
 * (the source is not changed: see hal_gpt_set_cow).  Returns <mapped>
 * false (and copies nothing) when the source is not mapped, else true and
 * the ppn in <ppn>.  Returns 0 or -ENOMEM. */
error_t hal_gpt_pte_copy(gpt_t *dst_gpt, vpn_t dst_vpn, xptr_t src_gpt_xp,
                         vpn_t src_vpn, bool cow, ppn_t *ppn, bool *mapped);

/* In the GPT at <gpt_xp>, makes every mapped and writable PTE of
 * [vpn_base, vpn_base + vpn_size) read-only with GPT_COW.  Unmapped and
 * read-only entries are left as they are. */
void hal_gpt_set_cow(xptr_t gpt_xp, vpn_t vpn_base, vpn_t vpn_size);

/* What hal_gpt_unmap_range() calls for each entry it removed. */
typedef void gpt_release_fn_t(void *arg, vpn_t vpn, uint32_t attr, ppn_t ppn);

/* Unmaps every mapped PTE of [from, to) in the GPT at <gpt_xp>.  Each
 * entry is removed only when its lock is free (an entry claimed with
 * hal_gpt_lock_pte() is waited for, and stays claimed until the end, so
 * no fault can map it again meanwhile); the harts using the GPT are then
 * flushed with one shootdown for the whole range, and only after it
 * <release>(arg, vpn, attr, ppn) is called for each removed entry: a page
 * is given back when no TLB can reach it any more.  <release> may be
 * NULL.  Returns the number of entries removed. */
uint64_t hal_gpt_unmap_range(xptr_t gpt_xp, vpn_t from, vpn_t to,
                             gpt_release_fn_t *release, void *arg);

/* Gives every mapped PTE of [from, to) in the GPT at <gpt_xp> the rights
 * <rights> (GPT_USER, GPT_WRITABLE, GPT_EXECUTABLE; readable always): a
 * GPT_COW entry stays read-only (its first write still copies).  An entry
 * locked by a fault is waited for.  One shootdown for the range. */
void hal_gpt_set_rights(xptr_t gpt_xp, vpn_t from, vpn_t to, uint32_t rights);

/* Rewrites the PTE of <vpn> with <attr>/<ppn> if it is mapped (no effect
 * otherwise; the lock bit is preserved).  Flushes the TLB. */
void hal_gpt_update_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t attr, ppn_t ppn);

/* Makes <gpt> (local) the current address space of the calling core. */
void hal_gpt_activate(gpt_t *gpt);

/* TLB shootdowns sent and served by the harts of cluster <cxy>. */
void hal_tlb_stats(cxy_t cxy, uint64_t *sent, uint64_t *served);

/* The first mapped vpn in [vpn, end) of the GPT at <gpt_xp>, or <end>:
 * whole missing tables are skipped, so sparse ranges cost little. */
vpn_t hal_gpt_next_mapped(xptr_t gpt_xp, vpn_t vpn, vpn_t end);

/* Root of the kernel page table this cluster runs on (local pointer) and
 * its ppn; the kernel half of every user GPT is copied from it. */
void *hal_gpt_kernel_root(ppn_t *ppn);

/* The attributes (GPT_MAPPED, GPT_READABLE, GPT_WRITABLE, GPT_EXECUTABLE,
 * ...) with which the kernel's own table maps kernel address <vaddr> in the
 * calling cluster, 0 when unmapped: for checking the kernel's protection. */
uint32_t hal_kernel_map_attr(const void *vaddr);

#endif
