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

/* Sv39 leaf -> generic attributes (GPT_LOCKED never reported).  The
 * bits keep their order on both sides: R W X (PTE bits 1-3) are
 * GPT_READABLE..GPT_EXECUTABLE (bits 2-4), and U G A D COW (PTE bits 4-8)
 * are GPT_USER..GPT_COW (bits 6-10), so two shifts convert them (a
 * cursor converts every entry it hands back). */
_Static_assert(GPT_READABLE == PTE_R << 1 && GPT_WRITABLE == PTE_W << 1 &&
               GPT_EXECUTABLE == PTE_X << 1, "R W X: PTE bits 1-3 are GPT bits 2-4");
_Static_assert(GPT_USER == PTE_U << 2 && GPT_GLOBAL == PTE_G << 2 && GPT_ACCESSED == PTE_A << 2 &&
               GPT_DIRTY == PTE_D << 2 && GPT_COW == PTE_COW << 2,
               "U G A D COW: PTE bits 4-8 are GPT bits 6-10");
static inline uint32_t pte_to_attr(uint64_t pte)
{
    if (!(pte & PTE_V))
        return 0;
    return GPT_MAPPED | GPT_SMALL | GPT_CACHABLE |
           (uint32_t)((pte & (PTE_R | PTE_W | PTE_X)) << 1) |
           (uint32_t)((pte & (PTE_U | PTE_G | PTE_A | PTE_D | PTE_COW)) << 2);
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

/* The OR of the eight entries from <e_xp>. */
static inline uint64_t group_bits(xptr_t e_xp)
{
    return hal_remote_l64(e_xp) | hal_remote_l64(e_xp + 8) | hal_remote_l64(e_xp + 16) |
           hal_remote_l64(e_xp + 24) | hal_remote_l64(e_xp + 32) | hal_remote_l64(e_xp + 40) |
           hal_remote_l64(e_xp + 48) | hal_remote_l64(e_xp + 56);
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
    /* Only the user half: the kernel half is shared with the kernel table.
     * Tables are scanned eight entries at a time (most are empty). */
    for (i = 0; i < SV39_ENTRIES / 2; i++) {
        if ((i & 7) == 0 && !(group_bits(root_xp + i * sizeof(uint64_t)) & PTE_V)) {
            i += 7;
            continue;
        }
        uint64_t l2 = hal_remote_l64(root_xp + i * sizeof(uint64_t));
        if (!(l2 & PTE_V) || (l2 & PTE_LEAF_MASK))
            continue;
        xptr_t l1_xp = ppm_ppn2base(PTE_PPN(l2));
        for (j = 0; j < SV39_ENTRIES; j += 8) {
            if (!(group_bits(l1_xp + j * sizeof(uint64_t)) & PTE_V))
                continue;
            for (uint32_t k = j; k < j + 8; k++) {
                uint64_t l1 = hal_remote_l64(l1_xp + k * sizeof(uint64_t));
                if ((l1 & PTE_V) && !(l1 & PTE_LEAF_MASK))
                    table_free(PTE_PPN(l1));
            }
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

/* ------------------------------------------------------------ cursors -- */

void hal_gpt_iter_init(gpt_iter_t *it, xptr_t gpt_xp, vpn_t from, vpn_t to)
{
    it->gpt_xp = gpt_xp;
    it->root = gpt_root_ppn(gpt_xp);
    it->vpn = from;
    it->end = to;
    it->leaf_xp = XPTR_NULL;
}

/* Moves the cursor to the first entry of the next leaf table that exists
 * at or after it->vpn.  A missing level-1 table skips 2^18 pages; inside
 * a level-1 table the next entry is the next word (a missing leaf table
 * skips 512 pages), so a sparse range costs a few instructions per 2 MiB,
 * not a walk from the root.  False when there is none before the end of
 * the range. */
static bool iter_find_leaf(gpt_iter_t *it)
{
    const vpn_t l1_span = (vpn_t)1 << 18;
    vpn_t v = it->vpn;

    while (v < it->end) {
        uint64_t e2 = hal_remote_l64(entry_xp(it->root, vpn_index(v, 2)));
        vpn_t stop = (v | (l1_span - 1)) + 1;
        if (!(e2 & PTE_V) || (e2 & PTE_LEAF_MASK)) {
            v = stop;                       /* no level-1 table here */
            continue;
        }
        if (stop > it->end)
            stop = it->end;
        xptr_t l1_xp = ppm_ppn2base(PTE_PPN(e2));
        for (; v < stop; v = (v | (SV39_ENTRIES - 1)) + 1) {
            uint64_t e1 = hal_remote_l64(l1_xp + (xptr_t)vpn_index(v, 1) * sizeof(uint64_t));
            if ((e1 & PTE_V) && !(e1 & PTE_LEAF_MASK)) {
                it->vpn = v;
                it->leaf_xp = ppm_ppn2base(PTE_PPN(e1));
                return true;
            }
        }
    }
    it->vpn = v;
    return false;
}

/*
 * The next level-0 entry of the cursor's range with a bit of <mask>: its
 * vpn, extended pointer and value; false when there is none left.  Inside
 * a leaf table the next entry is the next word (inline, a few
 * instructions per entry); the tree is walked from the root only when the
 * cursor enters a new leaf table (iter_find_leaf).
 */
static inline __attribute__((always_inline))
bool iter_next_raw(gpt_iter_t *it, uint64_t mask, vpn_t *vpn, xptr_t *pte_xp, uint64_t *pte)
{
    for (;;) {
        if (it->leaf_xp == XPTR_NULL && !iter_find_leaf(it))
            return false;
        vpn_t v = it->vpn;
        /* the entries of this leaf table, up to its end or the range's */
        vpn_t stop = (v | (SV39_ENTRIES - 1)) + 1;
        if (stop > it->end)
            stop = it->end;
        xptr_t e_xp = it->leaf_xp + (xptr_t)vpn_index(v, 0) * sizeof(uint64_t);
        for (; v < stop; v++, e_xp += sizeof(uint64_t)) {
            uint64_t e = hal_remote_l64(e_xp);
            if (e & mask) {
                *vpn = v;
                *pte_xp = e_xp;
                *pte = e;
                it->vpn = v + 1;
                if ((v & (SV39_ENTRIES - 1)) == SV39_ENTRIES - 1)
                    it->leaf_xp = XPTR_NULL;
                return true;
            }
            /* past an entry without <mask>, the aligned groups of eight
             * such entries that follow are skipped at once: a sparse table
             * costs about two instructions per entry, a dense one nothing */
            while (((v + 1) & 7) == 0 && v + 9 <= stop &&
                   !(group_bits(e_xp + sizeof(uint64_t)) & mask)) {
                v += 8;
                e_xp += 8 * sizeof(uint64_t);
            }
        }
        it->vpn = v;
        if (v >= it->end)
            return false;
        it->leaf_xp = XPTR_NULL;            /* v is the next table's first */
    }
}

/* The batch is filled by one loop per leaf table (the loop of
 * iter_next_raw, kept running until <max> entries are found). */
uint32_t hal_gpt_iter_next(gpt_iter_t *it, gpt_entry_t *e, uint32_t max)
{
    uint32_t n = 0;

    while (n < max) {
        if (it->leaf_xp == XPTR_NULL && !iter_find_leaf(it))
            break;
        vpn_t v = it->vpn;
        vpn_t stop = (v | (SV39_ENTRIES - 1)) + 1;
        if (stop > it->end)
            stop = it->end;
        xptr_t e_xp = it->leaf_xp + (xptr_t)vpn_index(v, 0) * sizeof(uint64_t);
        for (; v < stop && n < max; v++, e_xp += sizeof(uint64_t)) {
            uint64_t pte = hal_remote_l64(e_xp);
            if (pte & PTE_V) {
                e[n].vpn = v;
                e[n].pte_xp = e_xp;
                e[n].attr = pte_to_attr(pte);
                e[n].ppn = PTE_PPN(pte);
                n++;
                continue;
            }
            while (((v + 1) & 7) == 0 && v + 9 <= stop &&
                   !(group_bits(e_xp + sizeof(uint64_t)) & PTE_V)) {
                v += 8;
                e_xp += 8 * sizeof(uint64_t);
            }
        }
        it->vpn = v;
        if (v < stop)
            break;                          /* the batch is full */
        if (v >= it->end)
            break;
        it->leaf_xp = XPTR_NULL;            /* v is the next table's first */
    }
    return n;
}

uint64_t hal_gpt_unmap_range(xptr_t gpt_xp, vpn_t from, vpn_t to,
                             gpt_release_fn_t *release, void *arg)
{
    gpt_iter_t it;
    vpn_t vpn, first = to, last = from;
    xptr_t pte_xp;
    uint64_t pte, n = 0;

    /* 1: every mapped entry becomes invalid + dying + locked, ppn kept */
    hal_gpt_iter_init(&it, gpt_xp, from, to);
    while (iter_next_raw(&it, PTE_V, &vpn, &pte_xp, &pte)) {
        for (;;) {
            if (!(pte & PTE_V))
                break;
            if (pte & PTE_LOCK) {
                hal_cpu_relax();
            } else if (hal_remote_atomic_cas64(pte_xp, pte,
                                               (pte & ~PTE_V) | PTE_DYING | PTE_LOCK)) {
                if (n++ == 0)
                    first = vpn;
                last = vpn;
                break;
            }
            pte = hal_remote_l64(pte_xp);
        }
    }
    if (n == 0)
        return 0;
    /* 2: one shootdown (the local hart included): no hart of the GPT's
     * cluster keeps a translation */
    hal_fence();
    hal_tlb_shootdown_range(gpt_xp, from, to - from);
    /* 3: the entries are cleared, then their pages given back (only the
     * span phase 1 found: a thread's stack is mapped at its top) */
    hal_gpt_iter_init(&it, gpt_xp, first, last + 1);
    while (iter_next_raw(&it, PTE_DYING, &vpn, &pte_xp, &pte)) {
        hal_remote_s64(pte_xp, 0);
        if (release)
            release(arg, vpn, pte_to_attr(pte | PTE_V), PTE_PPN(pte));
    }
    hal_fence();
    return n;
}

void hal_gpt_set_rights(xptr_t gpt_xp, vpn_t from, vpn_t to, uint32_t rights)
{
    bool changed = false;
    gpt_iter_t it;
    vpn_t vpn;
    xptr_t pte_xp;
    uint64_t pte;

    hal_gpt_iter_init(&it, gpt_xp, from, to);
    while (iter_next_raw(&it, PTE_V, &vpn, &pte_xp, &pte)) {
        for (;;) {
            if (!(pte & PTE_V))
                break;
            if (pte & PTE_LOCK) {
                hal_cpu_relax();
                pte = hal_remote_l64(pte_xp);
                continue;
            }
            uint64_t bits = (pte & ~(PTE_U | PTE_W | PTE_X)) | PTE_R;
            if (rights & GPT_USER)
                bits |= PTE_U;
            if ((rights & GPT_WRITABLE) && !(pte & PTE_COW))
                bits |= PTE_W;
            if (rights & GPT_EXECUTABLE)
                bits |= PTE_X;
            if (bits == pte)
                break;
            if (hal_remote_atomic_cas64(pte_xp, pte, bits)) {
                changed = true;
                break;
            }
            pte = hal_remote_l64(pte_xp);
        }
    }
    if (changed)
        hal_tlb_shootdown_range(gpt_xp, from, to - from);
}

void hal_gpt_set_cow(xptr_t gpt_xp, vpn_t vpn_base, vpn_t vpn_size)
{
    bool changed = false;
    gpt_iter_t it;
    vpn_t vpn;
    xptr_t pte_xp;
    uint64_t pte;

    hal_gpt_iter_init(&it, gpt_xp, vpn_base, vpn_base + vpn_size);
    while (iter_next_raw(&it, PTE_W, &vpn, &pte_xp, &pte)) {
        for (;;) {
            if (!(pte & PTE_V) || !(pte & PTE_W))
                break;
            if (hal_remote_atomic_cas64(pte_xp, pte, (pte & ~PTE_W) | PTE_COW)) {
                changed = true;
                break;
            }
            pte = hal_remote_l64(pte_xp);
        }
    }
    /* One shootdown for the whole range (the local hart included). */
    if (changed)
        hal_tlb_shootdown_range(gpt_xp, vpn_base, vpn_size);
}

/* One pass over the source's leaf tables: the destination's leaf table
 * for the same 512 pages is walked (and made) once, at the first mapped
 * entry found in the source's. */
error_t hal_gpt_copy_range(gpt_t *dst_gpt, xptr_t src_gpt_xp, vpn_t from, vpn_t to,
                           bool cow, gpt_copy_fn_t *fn, void *arg)
{
    gpt_iter_t it;
    bool changed = false;
    error_t err = 0;

    hal_gpt_iter_init(&it, src_gpt_xp, from, to);
    while (err == 0 && (it.leaf_xp != XPTR_NULL || iter_find_leaf(&it))) {
        vpn_t v = it.vpn;
        vpn_t stop = (v | (SV39_ENTRIES - 1)) + 1;
        if (stop > to)
            stop = to;
        xptr_t src_xp = it.leaf_xp + (xptr_t)vpn_index(v, 0) * sizeof(uint64_t);
        xptr_t dst_leaf = XPTR_NULL;
        for (; v < stop; v++, src_xp += sizeof(uint64_t)) {
            uint64_t pte = hal_remote_l64(src_xp);
            if (!(pte & PTE_V)) {
                while (((v + 1) & 7) == 0 && v + 9 <= stop &&
                       !(group_bits(src_xp + sizeof(uint64_t)) & PTE_V)) {
                    v += 8;
                    src_xp += 8 * sizeof(uint64_t);
                }
                continue;
            }
            /* claim the source entry (a fault or a munmap may hold it) */
            for (;;) {
                if (!(pte & PTE_V))
                    break;
                if (pte & PTE_LOCK)
                    hal_cpu_relax();
                else if (hal_remote_atomic_cas64(src_xp, pte, pte | PTE_LOCK))
                    break;
                pte = hal_remote_l64(src_xp);
            }
            if (!(pte & PTE_V))
                continue;               /* unmapped meanwhile: nothing claimed */
            if (dst_leaf == XPTR_NULL) {
                xptr_t d = walk_tree(local_cxy, dst_gpt->ppn, v, true, &err);
                if (d == XPTR_NULL) {
                    hal_remote_s64(src_xp, pte);        /* released unchanged */
                    break;
                }
                dst_leaf = d - (xptr_t)vpn_index(v, 0) * sizeof(uint64_t);
            }
            uint64_t copy = pte;
            if (cow && (pte & (PTE_W | PTE_COW)))
                copy = (pte & ~PTE_W) | PTE_COW;
            hal_remote_s64(dst_leaf + (xptr_t)vpn_index(v, 0) * sizeof(uint64_t), copy);
            if (fn)
                fn(arg, v, pte_to_attr(copy), PTE_PPN(copy));
            /* what <fn> counted is visible before the source is released,
             * and made copy-on-write, by one store */
            hal_fence();
            hal_remote_s64(src_xp, copy);
            changed |= copy != pte;
        }
        it.vpn = v;
        if (v >= to)
            break;
        it.leaf_xp = XPTR_NULL;             /* v is the next table's first */
    }
    hal_fence();
    if (changed)
        hal_tlb_shootdown_range(src_gpt_xp, from, to - from);
    return err;
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
