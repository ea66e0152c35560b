/*
 * hal_gpt.c - the generic page table on Sv39.
 *
 * A GPT is a 3-level Sv39 tree whose pages live in the GPT's cluster.  Every
 * table is reached through the extended pointer of its physical page
 * (ppm_ppn2base), so the same code walks a local or a remote GPT, and a PTE
 * is read, written and compare-and-swapped as one 64-bit word through the
 * remote accessors.  GPT_COW and GPT_LOCKED live in the two RSW bits; the
 * lock bit is usable on an invalid PTE too, since the hardware ignores
 * every other bit when V = 0.
 *
 * This file is plain C (no CSR, no fence): TLB maintenance goes through
 * hal_tlb.h, so the host HAL builds it for the unit tests.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_gpt.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "hal_tlb.h"
#include "sv39.h"
#include "ppm.h"
#include "errno.h"

#define PTE_LOCK   PTE_RSW1
#define PTE_COW    PTE_RSW0
/* An entry being removed by hal_gpt_unmap_range(): V is clear, so the MMU
 * ignores every other bit, and the ppn is kept until the shootdown is done. */
#define PTE_DYING  (1UL << 60)
#define PTE_PPN(pte)  (((pte) & PTE_PPN_MASK) >> PTE_PPN_SHIFT)

/* Index of <vpn> in a table of level <level> (2 = root). */
static inline uint32_t vpn_index(vpn_t vpn, int level)
{
    return (uint32_t)((vpn >> (9 * level)) & (SV39_ENTRIES - 1));
}

/* Extended pointer on entry <index> of the table in physical page <ppn>. */
static inline xptr_t entry_xp(ppn_t table_ppn, uint32_t index)
{
    return ppm_ppn2base(table_ppn) + (xptr_t)index * sizeof(uint64_t);
}

/* Generic attributes -> Sv39 leaf bits.  A valid leaf needs R, W or X, and
 * W without R is reserved: such requests are made readable. */
static uint64_t attr_to_pte(uint32_t attr)
{
    uint64_t pte = 0;
    if (!(attr & GPT_MAPPED))
        return 0;
    pte |= PTE_V | PTE_A | PTE_D;   /* A/D preset: no hardware update needed */
    if (attr & GPT_READABLE)   pte |= PTE_R;
    if (attr & GPT_WRITABLE)   pte |= PTE_W | PTE_R;
    if (attr & GPT_EXECUTABLE) pte |= PTE_X;
    if (attr & GPT_USER)       pte |= PTE_U;
    if (attr & GPT_GLOBAL)     pte |= PTE_G;
    if (attr & GPT_COW)        pte |= PTE_COW;
    if (!(pte & PTE_LEAF_MASK))
        pte |= PTE_R;
    return pte;
}

/* Sv39 leaf -> generic attributes (GPT_LOCKED never reported). */
static uint32_t pte_to_attr(uint64_t pte)
{
    uint32_t attr;
    if (!(pte & PTE_V))
        return 0;
    attr = GPT_MAPPED | GPT_SMALL | GPT_CACHABLE;
    if (pte & PTE_R)   attr |= GPT_READABLE;
    if (pte & PTE_W)   attr |= GPT_WRITABLE;
    if (pte & PTE_X)   attr |= GPT_EXECUTABLE;
    if (pte & PTE_U)   attr |= GPT_USER;
    if (pte & PTE_G)   attr |= GPT_GLOBAL;
    if (pte & PTE_A)   attr |= GPT_ACCESSED;
    if (pte & PTE_D)   attr |= GPT_DIRTY;
    if (pte & PTE_COW) attr |= GPT_COW;
    return attr;
}

static inline uint64_t make_leaf(uint32_t attr, ppn_t ppn)
{
    return ((uint64_t)ppn << PTE_PPN_SHIFT) | attr_to_pte(attr);
}

/* Root ppn of the GPT at <gpt_xp>. */
static inline ppn_t gpt_root_ppn(xptr_t gpt_xp)
{
    return (ppn_t)hal_remote_l64(gpt_xp + offsetof(gpt_t, ppn));
}

/* Allocates a zeroed table page in cluster <cxy>; returns its ppn, 0 when
 * out of memory (ppn 0 is never a slice page). */
static ppn_t table_alloc(cxy_t cxy)
{
    xptr_t page_xp = ppm_remote_alloc_pages(cxy, 0);
    if (page_xp == XPTR_NULL)
        return 0;
    hal_remote_page_zero(ppm_page2base(page_xp));
    return ppm_page2ppn(page_xp);
}

static void table_free(ppn_t ppn)
{
    xptr_t page_xp = ppm_ppn2page(ppn);
    ppm_remote_free_pages(GET_CXY(page_xp), GET_PTR(page_xp));
}

/* Extended pointer on the level-0 PTE of <vpn> in the tree rooted at
 * <table> in cluster <cxy>, or XPTR_NULL when a table is missing (and
 * <alloc> false, or no memory: then *err = -ENOMEM) or the walk meets a
 * large leaf (*err = -EINVAL). */
static xptr_t walk_tree(cxy_t cxy, ppn_t table, vpn_t vpn, bool alloc, error_t *err)
{
    int level;

    *err = 0;
    for (level = SV39_LEVELS - 1; level > 0; level--) {
        xptr_t e_xp = entry_xp(table, vpn_index(vpn, level));
        uint64_t pte = hal_remote_l64(e_xp);
        if (!(pte & PTE_V)) {
            if (!alloc)
                return XPTR_NULL;
            ppn_t fresh = table_alloc(cxy);
            if (fresh == 0) {
                *err = -ENOMEM;
                return XPTR_NULL;
            }
            uint64_t link = ((uint64_t)fresh << PTE_PPN_SHIFT) | PTE_V;
            if (!hal_remote_atomic_cas64(e_xp, pte, link)) {
                /* another core linked a table first: use that one */
                table_free(fresh);
                pte = hal_remote_l64(e_xp);
            } else {
                pte = link;
            }
        }
        if (pte & PTE_LEAF_MASK) {
            *err = -EINVAL;
            return XPTR_NULL;
        }
        table = PTE_PPN(pte);
    }
    return entry_xp(table, vpn_index(vpn, 0));
}

static inline xptr_t walk(xptr_t gpt_xp, vpn_t vpn, bool alloc, error_t *err)
{
    return walk_tree(GET_CXY(gpt_xp), gpt_root_ppn(gpt_xp), vpn, alloc, err);
}

error_t hal_gpt_create(gpt_t *gpt)
{
    ppn_t root = table_alloc(local_cxy);
    if (root == 0)
        return -ENOMEM;
    gpt->ppn = root;
    gpt->ptr = GET_PTR(ppm_ppn2base(root));
    gpt->tlb_asid = 0;
    gpt->tlb_stale = 0;
    return 0;
}

void hal_gpt_destroy(gpt_t *gpt)
{
    xptr_t root_xp = XPTR(local_cxy, gpt->ptr);
    uint32_t i, j;

    if (gpt->ptr == NULL)
        return;
    /* Only the user half: the kernel half is shared with the kernel table. */
    for (i = 0; i < SV39_ENTRIES / 2; i++) {
        uint64_t l2 = hal_remote_l64(root_xp + i * sizeof(uint64_t));
        if (!(l2 & PTE_V) || (l2 & PTE_LEAF_MASK))
            continue;
        for (j = 0; j < SV39_ENTRIES; j++) {
            uint64_t l1 = hal_remote_l64(entry_xp(PTE_PPN(l2), j));
            if ((l1 & PTE_V) && !(l1 & PTE_LEAF_MASK))
                table_free(PTE_PPN(l1));
        }
        table_free(PTE_PPN(l2));
    }
    table_free(gpt->ppn);
    gpt->ptr = NULL;
    gpt->ppn = 0;
}

error_t hal_gpt_lock_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t *attr, ppn_t *ppn)
{
    error_t err;
    xptr_t pte_xp = walk(gpt_xp, vpn, true, &err);
    if (pte_xp == XPTR_NULL)
        return err;

    for (;;) {
        uint64_t pte = hal_remote_l64(pte_xp);
        if (pte & PTE_LOCK) {
            hal_cpu_relax();
            continue;
        }
        if (hal_remote_atomic_cas64(pte_xp, pte, pte | PTE_LOCK)) {
            *attr = pte_to_attr(pte);
            *ppn  = (pte & PTE_V) ? PTE_PPN(pte) : 0;
            return 0;
        }
    }
}

void hal_gpt_unlock_pte(xptr_t gpt_xp, vpn_t vpn)
{
    error_t err;
    xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
    if (pte_xp == XPTR_NULL)
        return;
    for (;;) {
        uint64_t pte = hal_remote_l64(pte_xp);
        if (hal_remote_atomic_cas64(pte_xp, pte, pte & ~PTE_LOCK))
            return;
    }
}

void hal_gpt_set_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t attr, ppn_t ppn)
{
    error_t err;
    xptr_t pte_xp = walk(gpt_xp, vpn, true, &err);
    if (pte_xp == XPTR_NULL)
        return;
    /* the caller holds the lock: one store writes the entry and unlocks */
    bool was_valid = (hal_remote_l64(pte_xp) & PTE_V) != 0;
    hal_fence();
    hal_remote_s64(pte_xp, make_leaf(attr, ppn));
    hal_fence();
    /* A new mapping needs no shootdown: no hart holds a translation of an
     * invalid PTE but as a fault, and a page fault ends with a local flush
     * of its page (hal_trap_handler), so the retry sees the new PTE. */
    if (was_valid)
        hal_tlb_shootdown(gpt_xp, vpn);
    else
        hal_tlb_flush_page((uintptr_t)vpn << 12);
}

void hal_gpt_get_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t *attr, ppn_t *ppn)
{
    error_t err;
    xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
    uint64_t pte = (pte_xp == XPTR_NULL) ? 0 : hal_remote_l64(pte_xp);
    *attr = pte_to_attr(pte);
    *ppn  = (pte & PTE_V) ? PTE_PPN(pte) : 0;
}

/* Replaces a PTE by f(old), keeping the lock bit of whoever holds it. */
static void pte_rewrite(xptr_t pte_xp, uint64_t new_bits, bool only_mapped)
{
    for (;;) {
        uint64_t pte = hal_remote_l64(pte_xp);
        if (only_mapped && !(pte & PTE_V))
            return;
        if (hal_remote_atomic_cas64(pte_xp, pte, new_bits | (pte & PTE_LOCK)))
            return;
    }
}

void hal_gpt_reset_pte(xptr_t gpt_xp, vpn_t vpn)
{
    error_t err;
    xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
    if (pte_xp == XPTR_NULL)
        return;
    pte_rewrite(pte_xp, 0, true);
    hal_tlb_shootdown(gpt_xp, vpn);
}

void hal_gpt_update_pte(xptr_t gpt_xp, vpn_t vpn, uint32_t attr, ppn_t ppn)
{
    error_t err;
    xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
    if (pte_xp == XPTR_NULL)
        return;
    pte_rewrite(pte_xp, make_leaf(attr, ppn), true);
    hal_tlb_shootdown(gpt_xp, vpn);
}

/* The first vpn in [vpn, end) whose level-0 entry has a bit of <mask>, or
 * <end>; missing tables are skipped whole. */
static vpn_t next_with(xptr_t gpt_xp, vpn_t vpn, vpn_t end, uint64_t mask)
{
    ppn_t root = gpt_root_ppn(gpt_xp);
    while (vpn < end) {
        ppn_t table = root;
        int level;
        for (level = SV39_LEVELS - 1; level > 0; level--) {
            uint64_t pte = hal_remote_l64(entry_xp(table, vpn_index(vpn, level)));
            if (!(pte & PTE_V) || (pte & PTE_LEAF_MASK))
                break;
            table = PTE_PPN(pte);
        }
        if (level > 0) {
            /* no table below this entry: skip all it would cover */
            vpn_t span = (vpn_t)1 << (9 * level);
            vpn = (vpn & ~(span - 1)) + span;
            continue;
        }
        if (hal_remote_l64(entry_xp(table, vpn_index(vpn, 0))) & mask)
            return vpn;
        vpn++;
    }
    return end;
}

vpn_t hal_gpt_next_mapped(xptr_t gpt_xp, vpn_t vpn, vpn_t end)
{
    return next_with(gpt_xp, vpn, end, PTE_V);
}

uint64_t hal_gpt_unmap_range(xptr_t gpt_xp, vpn_t from, vpn_t to,
                             gpt_release_fn_t *release, void *arg)
{
    uint64_t n = 0;
    error_t err;

    /* 1: every mapped entry becomes invalid + dying + locked, ppn kept */
    for (vpn_t vpn = next_with(gpt_xp, from, to, PTE_V); vpn < to;
         vpn = next_with(gpt_xp, vpn + 1, to, PTE_V)) {
        xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
        if (pte_xp == XPTR_NULL)
            continue;
        for (;;) {
            uint64_t pte = hal_remote_l64(pte_xp);
            if (!(pte & PTE_V))
                break;
            if (pte & PTE_LOCK) {
                hal_cpu_relax();
                continue;
            }
            if (hal_remote_atomic_cas64(pte_xp, pte, (pte & ~PTE_V) | PTE_DYING | PTE_LOCK)) {
                hal_tlb_flush_page((uintptr_t)vpn << 12);
                n++;
                break;
            }
        }
    }
    if (n == 0)
        return 0;
    /* 2: one shootdown: no hart of the GPT's cluster keeps a translation */
    hal_fence();
    hal_tlb_shootdown(gpt_xp, from);
    /* 3: the entries are cleared, then their pages given back */
    for (vpn_t vpn = next_with(gpt_xp, from, to, PTE_DYING); vpn < to;
         vpn = next_with(gpt_xp, vpn + 1, to, PTE_DYING)) {
        xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
        uint64_t pte = hal_remote_l64(pte_xp);
        hal_remote_s64(pte_xp, 0);
        if (release)
            release(arg, vpn, pte_to_attr(pte | PTE_V), PTE_PPN(pte));
    }
    hal_fence();
    return n;
}

error_t hal_gpt_pte_copy(gpt_t *dst_gpt, vpn_t dst_vpn, xptr_t src_gpt_xp,
                         vpn_t src_vpn, bool cow, ppn_t *ppn, bool *mapped)
{
    error_t err;
    xptr_t src_xp = walk(src_gpt_xp, src_vpn, false, &err);
    uint64_t pte = (src_xp == XPTR_NULL) ? 0 : hal_remote_l64(src_xp);

    *mapped = false;
    if (!(pte & PTE_V))
        return 0;

    xptr_t dst_xp = walk_tree(local_cxy, dst_gpt->ppn, dst_vpn, true, &err);
    if (dst_xp == XPTR_NULL)
        return err;

    pte &= ~PTE_LOCK;
    if (cow && (pte & (PTE_W | PTE_COW)))
        pte = (pte & ~PTE_W) | PTE_COW;
    pte_rewrite(dst_xp, pte, false);
    *ppn = PTE_PPN(pte);
    *mapped = true;
    return 0;
}

void hal_gpt_set_rights(xptr_t gpt_xp, vpn_t from, vpn_t to, uint32_t rights)
{
    bool changed = false;
    error_t err;

    for (vpn_t vpn = next_with(gpt_xp, from, to, PTE_V); vpn < to;
         vpn = next_with(gpt_xp, vpn + 1, to, PTE_V)) {
        xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
        if (pte_xp == XPTR_NULL)
            continue;
        for (;;) {
            uint64_t pte = hal_remote_l64(pte_xp);
            if (!(pte & PTE_V))
                break;
            if (pte & PTE_LOCK) {
                hal_cpu_relax();
                continue;
            }
            uint64_t bits = (pte & ~(PTE_U | PTE_W | PTE_X)) | PTE_R;
            if (rights & GPT_USER)
                bits |= PTE_U;
            if ((rights & GPT_WRITABLE) && !(pte & PTE_COW))
                bits |= PTE_W;
            if (rights & GPT_EXECUTABLE)
                bits |= PTE_X;
            if (bits == pte || hal_remote_atomic_cas64(pte_xp, pte, bits)) {
                if (bits != pte) {
                    hal_tlb_flush_page((uintptr_t)vpn << 12);
                    changed = true;
                }
                break;
            }
        }
    }
    if (changed)
        hal_tlb_shootdown(gpt_xp, from);
}

void hal_gpt_set_cow(xptr_t gpt_xp, vpn_t vpn_base, vpn_t vpn_size)
{
    vpn_t vpn = vpn_base, end = vpn_base + vpn_size;
    error_t err;
    bool changed = false;

    while (vpn < end) {
        xptr_t pte_xp = walk(gpt_xp, vpn, false, &err);
        if (pte_xp == XPTR_NULL) {
            /* no level-0 table here: skip to the next one */
            vpn = (vpn | (SV39_ENTRIES - 1)) + 1;
            continue;
        }
        for (;;) {
            uint64_t pte = hal_remote_l64(pte_xp);
            if (!(pte & PTE_V) || !(pte & PTE_W))
                break;
            if (hal_remote_atomic_cas64(pte_xp, pte, (pte & ~PTE_W) | PTE_COW)) {
                hal_tlb_flush_page((uintptr_t)vpn << 12);
                changed = true;
                break;
            }
        }
        vpn++;
    }
    /* One shootdown for the whole range. */
    if (changed)
        hal_tlb_shootdown_range(gpt_xp, vpn_base, vpn_size);
}

uint32_t hal_kernel_map_attr(const void *vaddr)
{
    uint64_t va = (uintptr_t)vaddr;
    ppn_t table;
    hal_gpt_kernel_root(&table);
    for (int level = SV39_LEVELS - 1; level >= 0; level--) {
        uint64_t pte = hal_remote_l64(entry_xp(table, (uint32_t)SV39_INDEX(va, level)));
        if (!(pte & PTE_V))
            return 0;
        if (pte & PTE_LEAF_MASK)
            return level ? pte_to_attr(pte) & ~GPT_SMALL : pte_to_attr(pte);
        table = PTE_PPN(pte);
    }
    return 0;
}
