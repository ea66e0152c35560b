/*
 * ppm.c - buddy allocator of physical pages (see ppm.h).
 *
 * Everything goes through extended pointers, the local cluster included,
 * so one code path serves local and remote callers.  The buddy of the block
 * of 2^k pages at index i is at i ^ 2^k; the two merge when the buddy is a
 * free block of the same order lying wholly inside the slice.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "ppm.h"
#include "cluster.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "printk.h"
#include "assert.h"
#include "errno.h"

/* Extended pointer on field <f> of cluster <cxy>'s ppm. */
#define PPM_XP(cxy, f)  XPTR((cxy), &LOCAL_CLUSTER->ppm.f)

/* Cluster <cxy>'s descriptor table, as a pointer valid in <cxy>. */
static page_t *ppm_tbl(cxy_t cxy)
{
    return hal_remote_lpt(PPM_XP(cxy, pages_tbl));
}

/* Index of the page whose descriptor is at <page_xp>.  Computed on slice
 * offsets, so that it holds whichever window the table pointer names. */
static uint32_t ppm_page_index(xptr_t page_xp)
{
    xptr_t tbl_xp = XPTR(GET_CXY(page_xp), ppm_tbl(GET_CXY(page_xp)));
    return (uint32_t)((page_xp - tbl_xp) / sizeof(page_t));
}

/* Extended pointer on descriptor <index> of cluster <cxy>. */
static xptr_t ppm_index_page(cxy_t cxy, uint32_t index)
{
    return XPTR(cxy, ppm_tbl(cxy) + index);
}

ppm_conv_t ppm_conv;

/* Fills ppm_conv from the layout of <ppm>: slice c at slice_base[0] +
 * (c << shift) of (1 << shift) bytes for every c gives the constant-time
 * conversion; any other layout leaves clusters_nr 0 there, so that every
 * conversion searches the slices (ppm_ppn2base_search). */
static void ppm_layout_check(ppm_t *ppm)
{
    uint64_t size = ppm->slice_size[0];
    ppm_conv.clusters_nr = 0;
    hal_fence();
    if (ppm->clusters_nr == 0 || size < CONFIG_PPM_PAGE_SIZE || (size & (size - 1)) ||
        size > CLUSTER_SPAN)
        return;
    uint32_t shift = (uint32_t)__builtin_ctzll(size);
    for (uint32_t c = 0; c < ppm->clusters_nr; c++)
        if (ppm->slice_size[c] != size ||
            ppm->slice_base[c] != ppm->slice_base[0] + ((paddr_t)c << shift))
            return;
    ppm_conv.base = ppm->slice_base[0];
    ppm_conv.shift = shift;
    ppm_conv.mask = size - 1;
    hal_fence();
    ppm_conv.clusters_nr = ppm->clusters_nr;
}

void ppm_init(page_t *pages_tbl, uint32_t pages_nr, paddr_t phys_base)
{
    ppm_t *ppm = &LOCAL_CLUSTER->ppm;

    remote_busylock_init(XPTR(local_cxy, &ppm->lock));
    for (uint32_t o = 0; o < CONFIG_PPM_MAX_ORDER; o++) {
        xlist_root_init(XPTR(local_cxy, &ppm->free_root[o]));
        ppm->free_nr[o] = 0;
    }
    ppm->free_pages_nr = 0;
    ppm->pages_tbl = pages_tbl;
    ppm->pages_nr = pages_nr;
    ppm->phys_base = phys_base;
    for (uint32_t i = 0; i < pages_nr; i++) {
        page_t *p = &pages_tbl[i];
        p->flags = PG_RESERVED;
        p->order = 0;
        xlist_entry_init(XPTR(local_cxy, &p->list));
        p->refcount = 0;
        p->forks = 0;
        remote_busylock_init(XPTR(local_cxy, &p->lock));
        p->mapper = XPTR_NULL;
        p->index = 0;
    }
    if (ppm->clusters_nr <= local_cxy)
        ppm->clusters_nr = local_cxy + 1;
    ppm->slice_base[local_cxy] = phys_base;
    ppm->slice_size[local_cxy] = (uint64_t)pages_nr << CONFIG_PPM_PAGE_SHIFT;
    ppm->pcache_on = 0;
    for (uint32_t l = 0; l < CONFIG_MAX_LOCAL_CORES; l++)
        ppm->pcache[l].count = 0;
    ppm_layout_check(ppm);
    hal_fence();
}

void ppm_set_layout(uint32_t clusters_nr, const paddr_t *bases, const uint64_t *sizes)
{
    ppm_t *ppm = &LOCAL_CLUSTER->ppm;

    assert(clusters_nr <= CONFIG_MAX_CLUSTERS);
    ppm->clusters_nr = clusters_nr;
    for (uint32_t c = 0; c < clusters_nr; c++) {
        ppm->slice_base[c] = bases[c];
        ppm->slice_size[c] = sizes[c];
    }
    ppm_layout_check(ppm);
    hal_fence();
}

/* Inserts the block of 2^<order> pages at <index> of cluster <cxy> in the
 * free lists, merged with its free buddies.  Caller holds the ppm lock. */
static void ppm_insert_block(cxy_t cxy, uint32_t index, uint32_t order)
{
    uint32_t pages_nr = hal_remote_l32(PPM_XP(cxy, pages_nr));

    while (order < CONFIG_PPM_MAX_ORDER - 1) {
        uint32_t buddy = index ^ (1U << order);
        if (buddy + (1U << order) > pages_nr)
            break;
        xptr_t buddy_xp = ppm_index_page(cxy, buddy);
        uint32_t flags = hal_remote_l32(PAGE_FIELD_XP(buddy_xp, flags));
        if (!(flags & PG_FREE) || hal_remote_l32(PAGE_FIELD_XP(buddy_xp, order)) != order)
            break;
        xlist_unlink(PAGE_FIELD_XP(buddy_xp, list));
        hal_remote_atomic_add(PPM_XP(cxy, free_nr[order]), -1);
        hal_remote_s32(PAGE_FIELD_XP(buddy_xp, flags), flags & ~PG_FREE);
        index &= ~(1U << order);
        order++;
    }
    xptr_t head_xp = ppm_index_page(cxy, index);
    hal_remote_s32(PAGE_FIELD_XP(head_xp, flags), PG_FREE);
    hal_remote_s32(PAGE_FIELD_XP(head_xp, order), order);
    xlist_add_first(PPM_XP(cxy, free_root[order]), PAGE_FIELD_XP(head_xp, list));
    hal_remote_atomic_add(PPM_XP(cxy, free_nr[order]), 1);
}

void ppm_free_range(uint32_t first_index, uint32_t count)
{
    ppm_t *ppm = &LOCAL_CLUSTER->ppm;
    xptr_t lock_xp = XPTR(local_cxy, &ppm->lock);

    assert(first_index != 0);
    assert(first_index + count <= ppm->pages_nr && first_index + count >= first_index);
    while (count) {
        /* largest order aligned at first_index and not beyond the range */
        uint32_t order = 0;
        while (order + 1 < CONFIG_PPM_MAX_ORDER &&
               (first_index & ((2U << order) - 1)) == 0 && (2U << order) <= count)
            order++;
        for (uint32_t i = 0; i < (1U << order); i++) {
            assert(ppm->pages_tbl[first_index + i].flags == PG_RESERVED);
            ppm->pages_tbl[first_index + i].flags = 0;
        }
        remote_busylock_acquire(lock_xp);
        ppm_insert_block(local_cxy, first_index, order);
        hal_remote_atomic_add(XPTR(local_cxy, &ppm->free_pages_nr), 1U << order);
        remote_busylock_release(lock_xp);
        first_index += 1U << order;
        count -= 1U << order;
    }
}

/* Takes a block of 2^<order> pages from the buddy of cluster <cxy>: the
 * head's descriptor, flags 0, or XPTR_NULL.  Caller holds the ppm lock. */
static xptr_t ppm_buddy_take(cxy_t cxy, uint32_t order)
{
    uint32_t o;

    for (o = order; o < CONFIG_PPM_MAX_ORDER; o++)
        if (!xlist_is_empty(PPM_XP(cxy, free_root[o])))
            break;
    if (o == CONFIG_PPM_MAX_ORDER)
        return XPTR_NULL;
    xptr_t page_xp = XLIST_ELEMENT(xlist_first(PPM_XP(cxy, free_root[o])), page_t, list);
    xlist_unlink(PAGE_FIELD_XP(page_xp, list));
    hal_remote_atomic_add(PPM_XP(cxy, free_nr[o]), -1);

    /* split: the upper halves go back to the lists, smallest last */
    while (o > order) {
        o--;
        xptr_t buddy_xp = page_xp + ((xptr_t)sizeof(page_t) << o);
        hal_remote_s32(PAGE_FIELD_XP(buddy_xp, flags), PG_FREE);
        hal_remote_s32(PAGE_FIELD_XP(buddy_xp, order), o);
        xlist_add_first(PPM_XP(cxy, free_root[o]), PAGE_FIELD_XP(buddy_xp, list));
        hal_remote_atomic_add(PPM_XP(cxy, free_nr[o]), 1);
    }
    hal_remote_s32(PAGE_FIELD_XP(page_xp, flags), 0);
    return page_xp;
}

/* Makes the descriptor at <page_xp> that of a fresh allocation of
 * 2^<order> pages: refcount 1, no fork, no mapper. */
static void ppm_page_fresh(xptr_t page_xp, uint32_t order)
{
    hal_remote_s32(PAGE_FIELD_XP(page_xp, flags), 0);
    hal_remote_s32(PAGE_FIELD_XP(page_xp, order), order);
    hal_remote_s32(PAGE_FIELD_XP(page_xp, refcount), 1);
    hal_remote_s32(PAGE_FIELD_XP(page_xp, forks), 0);
    hal_remote_sxp(PAGE_FIELD_XP(page_xp, mapper), XPTR_NULL);
    hal_remote_s32(PAGE_FIELD_XP(page_xp, index), 0);
}

/* The calling core's page cache in the local ppm, or NULL when the caches
 * are off (or the core index is beyond the table). */
static ppm_pcache_t *ppm_pcache_self(ppm_t *ppm)
{
    lid_t lid = hal_get_lid();
    if (!ppm->pcache_on || lid >= CONFIG_MAX_LOCAL_CORES)
        return NULL;
    return &ppm->pcache[lid];
}

void ppm_pcache_enable(void)
{
    LOCAL_CLUSTER->ppm.pcache_on = 1;
    hal_fence();
}

/* Fills the empty cache <pc> of the local ppm with the pages of one block
 * of 2^CONFIG_PPM_PCACHE_ORDER pages (a single page when no such block is
 * left).  Interrupts are masked. */
static void ppm_pcache_refill(ppm_t *ppm, ppm_pcache_t *pc)
{
    xptr_t lock_xp = XPTR(local_cxy, &ppm->lock);
    uint32_t order = CONFIG_PPM_PCACHE_ORDER;

    remote_busylock_acquire(lock_xp);
    xptr_t page_xp = ppm_buddy_take(local_cxy, order);
    if (page_xp == XPTR_NULL) {
        order = 0;
        page_xp = ppm_buddy_take(local_cxy, 0);
    }
    remote_busylock_release(lock_xp);
    if (page_xp == XPTR_NULL)
        return;
    /* the pages stay counted in free_pages_nr: cached pages are free; the
     * highest first, so that pages leave the cache in address order */
    page_t *first = GET_PTR(page_xp);
    for (uint32_t i = 1U << order; i-- > 0; ) {
        first[i].flags = PG_PCACHE;
        first[i].order = 0;
        pc->page[pc->count++] = &first[i];
    }
}

xptr_t ppm_remote_alloc_pages(cxy_t cxy, uint32_t order)
{
    xptr_t lock_xp = PPM_XP(cxy, lock);

    if (order >= CONFIG_PPM_MAX_ORDER)
        return XPTR_NULL;
    if (order == 0 && cxy == local_cxy) {
        ppm_t *ppm = &LOCAL_CLUSTER->ppm;
        if (ppm->pcache_on) {
            /* masked first: the core index cannot change under us */
            reg_t irq;
            page_t *page = NULL;
            hal_disable_irq(&irq);
            ppm_pcache_t *pc = ppm_pcache_self(ppm);
            if (pc) {
                if (pc->count == 0)
                    ppm_pcache_refill(ppm, pc);
                if (pc->count)
                    page = pc->page[--pc->count];
            }
            hal_restore_irq(irq);
            if (page) {
                xptr_t page_xp = XPTR(local_cxy, page);
                ppm_page_fresh(page_xp, 0);
                hal_remote_atomic_add(PPM_XP(cxy, free_pages_nr), -1);
                return page_xp;
            }
        }
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        remote_busylock_acquire(lock_xp);
        xptr_t page_xp = ppm_buddy_take(cxy, order);
        if (page_xp != XPTR_NULL) {
            ppm_page_fresh(page_xp, order);
            hal_remote_atomic_add(PPM_XP(cxy, free_pages_nr), -(int32_t)(1U << order));
        }
        remote_busylock_release(lock_xp);
        if (page_xp != XPTR_NULL)
            return page_xp;
        /* this core's cached pages may complete the block asked for */
        if (cxy != local_cxy || ppm_pcache_drain() == 0)
            break;
    }
    return XPTR_NULL;
}

uint32_t ppm_pcache_drain(void)
{
    ppm_t *ppm = &LOCAL_CLUSTER->ppm;
    xptr_t lock_xp = XPTR(local_cxy, &ppm->lock);
    uint32_t n = 0;
    reg_t irq;

    hal_disable_irq(&irq);
    ppm_pcache_t *pc = ppm_pcache_self(ppm);
    if (pc && pc->count) {
        remote_busylock_acquire(lock_xp);
        while (pc->count) {
            page_t *page = pc->page[--pc->count];
            page->flags = 0;
            ppm_insert_block(local_cxy, (uint32_t)(page - ppm->pages_tbl), 0);
            n++;
        }
        remote_busylock_release(lock_xp);
    }
    hal_restore_irq(irq);
    return n;
}

void ppm_remote_free_pages(cxy_t cxy, page_t *page)
{
    xptr_t page_xp = XPTR(cxy, page);
    xptr_t lock_xp = PPM_XP(cxy, lock);
    uint32_t index = ppm_page_index(page_xp);
    uint32_t flags = hal_remote_l32(PAGE_FIELD_XP(page_xp, flags));
    uint32_t order = hal_remote_l32(PAGE_FIELD_XP(page_xp, order));

    assert(index != 0 && index < hal_remote_l32(PPM_XP(cxy, pages_nr)));
    assert(!(flags & (PG_FREE | PG_RESERVED | PG_PCACHE)));
    assert(order < CONFIG_PPM_MAX_ORDER && (index & ((1U << order) - 1)) == 0);

    hal_remote_s32(PAGE_FIELD_XP(page_xp, refcount), 0);
    hal_remote_s32(PAGE_FIELD_XP(page_xp, forks), 0);
    hal_remote_sxp(PAGE_FIELD_XP(page_xp, mapper), XPTR_NULL);
    if (order == 0 && cxy == local_cxy) {
        if (LOCAL_CLUSTER->ppm.pcache_on) {
            reg_t irq;
            bool cached = false;
            hal_disable_irq(&irq);
            ppm_pcache_t *pc = ppm_pcache_self(&LOCAL_CLUSTER->ppm);
            if (pc && pc->count < CONFIG_PPM_PCACHE_SIZE) {
                page->flags = PG_PCACHE;
                pc->page[pc->count++] = page;
                hal_remote_atomic_add(PPM_XP(cxy, free_pages_nr), 1);
                cached = true;
            }
            hal_restore_irq(irq);
            if (cached)
                return;
        }
    }
    remote_busylock_acquire(lock_xp);
    ppm_insert_block(cxy, index, order);
    hal_remote_atomic_add(PPM_XP(cxy, free_pages_nr), 1U << order);
    remote_busylock_release(lock_xp);
}

page_t *ppm_alloc_pages(uint32_t order)
{
    xptr_t page_xp = ppm_remote_alloc_pages(local_cxy, order);
    return page_xp == XPTR_NULL ? NULL : GET_PTR(page_xp);
}

void ppm_free_pages(page_t *page)
{
    ppm_remote_free_pages(local_cxy, page);
}

xptr_t ppm_page2base(xptr_t page_xp)
{
    cxy_t cxy = GET_CXY(page_xp);
    return ((xptr_t)cxy << CLUSTER_SPAN_SHIFT) |
           ((xptr_t)ppm_page_index(page_xp) << CONFIG_PPM_PAGE_SHIFT);
}

xptr_t ppm_base2page(xptr_t base_xp)
{
    cxy_t cxy = GET_CXY(base_xp);
    uint32_t index = (uint32_t)((base_xp & CLUSTER_OFFSET_MASK) >> CONFIG_PPM_PAGE_SHIFT);
    return ppm_index_page(cxy, index);
}

ppn_t ppm_base2ppn(xptr_t base_xp)
{
    paddr_t base = LOCAL_CLUSTER->ppm.slice_base[GET_CXY(base_xp)];
    return (base + (base_xp & CLUSTER_OFFSET_MASK)) >> CONFIG_PPM_PAGE_SHIFT;
}

ppn_t ppm_page2ppn(xptr_t page_xp)
{
    return ppm_base2ppn(ppm_page2base(page_xp));
}

xptr_t ppm_ppn2base_search(ppn_t ppn)
{
    ppm_t *ppm = &LOCAL_CLUSTER->ppm;
    paddr_t paddr = (paddr_t)ppn << CONFIG_PPM_PAGE_SHIFT;

    for (cxy_t c = 0; c < ppm->clusters_nr; c++) {
        if (paddr >= ppm->slice_base[c] &&
            paddr - ppm->slice_base[c] < ppm->slice_size[c])
            return ((xptr_t)c << CLUSTER_SPAN_SHIFT) | (paddr - ppm->slice_base[c]);
    }
    return XPTR_NULL;
}

xptr_t ppm_ppn2page(ppn_t ppn)
{
    xptr_t base_xp = ppm_ppn2base(ppn);
    return base_xp == XPTR_NULL ? XPTR_NULL : ppm_base2page(base_xp);
}

uint32_t ppm_remote_free_pages_nr(cxy_t cxy)
{
    return hal_remote_l32(PPM_XP(cxy, free_pages_nr));
}

uint32_t ppm_remote_free_blocks_nr(cxy_t cxy, uint32_t order)
{
    return order < CONFIG_PPM_MAX_ORDER ? hal_remote_l32(PPM_XP(cxy, free_nr[order])) : 0;
}

error_t ppm_remote_check(cxy_t cxy)
{
    xptr_t lock_xp = PPM_XP(cxy, lock);
    uint32_t pages_nr = hal_remote_l32(PPM_XP(cxy, pages_nr));
    uint32_t total = 0;
    error_t error = 0;

    remote_busylock_acquire(lock_xp);
    for (uint32_t o = 0; o < CONFIG_PPM_MAX_ORDER && !error; o++) {
        xptr_t root_xp = PPM_XP(cxy, free_root[o]);
        xptr_t iter_xp;
        uint32_t n = 0;
        XLIST_FOREACH(root_xp, iter_xp) {
            xptr_t page_xp = XLIST_ELEMENT(iter_xp, page_t, list);
            uint32_t index = ppm_page_index(page_xp);
            if (hal_remote_l32(PAGE_FIELD_XP(page_xp, flags)) != PG_FREE ||
                hal_remote_l32(PAGE_FIELD_XP(page_xp, order)) != o ||
                index == 0 || (index & ((1U << o) - 1)) != 0 ||
                index + (1U << o) > pages_nr) {
                error = -EINVAL;
                break;
            }
            n++;
        }
        if (n != hal_remote_l32(PPM_XP(cxy, free_nr[o])))
            error = -EINVAL;
        total += n << o;
    }
    /* the cores' cached pages are free too (read racily from another
     * cluster: the check is exact when the caches are quiet) */
    if (!error && hal_remote_l32(PPM_XP(cxy, pcache_on))) {
        for (uint32_t l = 0; l < CONFIG_MAX_LOCAL_CORES && !error; l++) {
            uint32_t n = hal_remote_l32(PPM_XP(cxy, pcache[l].count));
            if (n > CONFIG_PPM_PCACHE_SIZE) {
                error = -EINVAL;
                break;
            }
            for (uint32_t i = 0; i < n; i++) {
                xptr_t page_xp = XPTR(cxy, hal_remote_lpt(PPM_XP(cxy, pcache[l].page[i])));
                if (hal_remote_l32(PAGE_FIELD_XP(page_xp, flags)) != PG_PCACHE ||
                    ppm_page_index(page_xp) == 0) {
                    error = -EINVAL;
                    break;
                }
            }
            total += n;
        }
    }
    if (total != hal_remote_l32(PPM_XP(cxy, free_pages_nr)))
        error = -EINVAL;
    remote_busylock_release(lock_xp);
    return error;
}

void ppm_remote_display(cxy_t cxy)
{
    xptr_t lock_xp = PPM_XP(cxy, lock);

    remote_busylock_acquire(lock_xp);
    printk("ppm[%x]: %u pages, %u free\n", cxy,
           hal_remote_l32(PPM_XP(cxy, pages_nr)),
           hal_remote_l32(PPM_XP(cxy, free_pages_nr)));
    for (uint32_t o = 0; o < CONFIG_PPM_MAX_ORDER; o++) {
        uint32_t n = hal_remote_l32(PPM_XP(cxy, free_nr[o]));
        if (n)
            printk("  order %2u: %u block(s) of %u pages\n", o, n, 1U << o);
    }
    remote_busylock_release(lock_xp);
}
