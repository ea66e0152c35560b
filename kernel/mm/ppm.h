/*
 * ppm.h - physical pages manager: a buddy allocator per cluster.
 *
 * Each cluster's ppm owns the pages of its memory slice, described by
 * pages_tbl (descriptor i <-> slice offset i << 12), and hands them out in
 * blocks of 2^order pages, naturally aligned in the slice.  Every operation
 * can target any cluster: the free lists are xlists and the lock is a
 * remote_busylock, so a core allocates in a remote cluster directly, without
 * RPC.  Pages are named by the extended pointer of their descriptor
 * ("page_xp"), of their first byte ("base_xp") or by their physical page
 * number (ppn); the ppm keeps a copy of the machine layout (every slice's
 * physical base and size) to convert between them for any cluster.
 *
 * Offset 0 of a slice is XPTR_NULL: page 0 is never freed, so never handed
 * out (it holds boot data anyway).
 *
 * Single pages of the local cluster go through a per-core cache in front of
 * the buddy (once ppm_pcache_enable has run): a core keeps up to
 * CONFIG_PPM_PCACHE_SIZE free pages (PG_PCACHE) and refills by a block of
 * 2^CONFIG_PPM_PCACHE_ORDER pages split in one step, so a page fault or a
 * page freed by munmap costs no lock and no buddy search.  Cached pages
 * count as free in free_pages_nr; an allocation the buddy cannot serve
 * first gives the calling core's cached pages back to it.  The cache is
 * the core's own: it is touched with interrupts masked, by its core only.
 *
 * Physical page numbers convert to extended pointers in constant time when
 * the slices are the same power-of-two size, one after the other (every
 * machine the kernel boots on); other layouts fall back to a search.
 *
 * Allocated blocks have refcount 1 (the allocation is the first reference),
 * forks 0, no mapper; ppm_*free_pages ignores refcount: releasing the last
 * reference is the caller's business.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef PPM_H
#define PPM_H

#include "hal_kernel_types.h"
#include "kernel_config.h"
#include "page.h"

/* A core's cache of free single pages: descriptors, local pointers. */
typedef struct ppm_pcache_s {
    uint32_t      count;
    page_t       *page[CONFIG_PPM_PCACHE_SIZE];
} ppm_pcache_t;

typedef struct ppm_s {
    remote_busylock_t lock;                         /* protects all below */
    xlist_entry_t free_root[CONFIG_PPM_MAX_ORDER];  /* free blocks per order */
    uint32_t      free_nr[CONFIG_PPM_MAX_ORDER];    /* blocks in each list */
    uint32_t      free_pages_nr;                    /* free pages in total */
    page_t       *pages_tbl;    /* descriptors of the slice (local pointer) */
    uint32_t      pages_nr;     /* pages in the slice */
    paddr_t       phys_base;    /* physical address of slice offset 0 */
    /* machine layout, the same in every cluster */
    uint32_t      clusters_nr;
    paddr_t       slice_base[CONFIG_MAX_CLUSTERS];
    uint64_t      slice_size[CONFIG_MAX_CLUSTERS];
    /* per-core caches of single pages (off until ppm_pcache_enable) */
    uint32_t      pcache_on;
    ppm_pcache_t  pcache[CONFIG_MAX_LOCAL_CORES];
} ppm_t;

/* Initialises the local ppm for a slice of <pages_nr> pages at physical
 * address <phys_base>, described by <pages_tbl>: every page reserved, free
 * lists empty.  Also records this slice in the layout (see ppm_set_layout). */
void ppm_init(page_t *pages_tbl, uint32_t pages_nr, paddr_t phys_base);

/* Records the machine layout in the local ppm: <clusters_nr> slices, slice
 * c at physical <bases>[c] of <sizes>[c] bytes. */
void ppm_set_layout(uint32_t clusters_nr, const paddr_t *bases, const uint64_t *sizes);

/* Switches on the per-core page caches of the local ppm. */
void ppm_pcache_enable(void);

/* Gives the calling core's cached pages back to the buddy of the local
 * cluster.  Returns the number of pages given back. */
uint32_t ppm_pcache_drain(void);

/* Gives the local pages [first_index, first_index + count) to the buddy, as
 * the largest aligned blocks possible, merged with free neighbours.
 * first_index must not be 0. */
void ppm_free_range(uint32_t first_index, uint32_t count);

/* Allocates 2^<order> contiguous pages in cluster <cxy>.  Returns the
 * extended pointer of the first page's descriptor, XPTR_NULL when no block
 * is large enough. */
xptr_t ppm_remote_alloc_pages(cxy_t cxy, uint32_t order);

/* Releases the block headed by <page> (local pointer, valid in <cxy>),
 * merging it with its free buddies. */
void ppm_remote_free_pages(cxy_t cxy, page_t *page);

/* Local shorthands: descriptor of the first page, or NULL. */
page_t *ppm_alloc_pages(uint32_t order);
void    ppm_free_pages(page_t *page);

/* The layout again, for the constant-time ppn conversion: slice c at
 * base + (c << shift), every slice mask + 1 bytes.  clusters_nr is 0 when
 * the layout is not of that form.  The same in every cluster (each
 * kernel copy has its own, written by ppm_set_layout). */
typedef struct ppm_conv_s {
    paddr_t  base;
    uint64_t mask;
    uint32_t shift;
    uint32_t clusters_nr;
} ppm_conv_t;
extern ppm_conv_t ppm_conv;

/* ppm_ppn2base by searching the slices (any layout). */
xptr_t ppm_ppn2base_search(ppn_t ppn);

/* Extended pointer on the first byte of physical page <ppn>, XPTR_NULL
 * outside every slice.  Inline, since every level of every page-table
 * walk converts a ppn: a subtraction, a shift, a bound and a mask (an
 * address below the first slice wraps to a huge offset, out of bounds);
 * the search only when the layout is not uniform, or the ppn is out. */
static inline xptr_t ppm_ppn2base(ppn_t ppn)
{
    uint64_t off = ((paddr_t)ppn << CONFIG_PPM_PAGE_SHIFT) - ppm_conv.base;
    uint64_t c = off >> ppm_conv.shift;
    if (c < ppm_conv.clusters_nr)
        return (c << CLUSTER_SPAN_SHIFT) | (off & ppm_conv.mask);
    return ppm_ppn2base_search(ppn);
}

/* Conversions.  base_xp may point anywhere in the page; ppn2* return
 * XPTR_NULL for a ppn outside every slice. */
xptr_t ppm_page2base(xptr_t page_xp);
xptr_t ppm_base2page(xptr_t base_xp);
ppn_t  ppm_page2ppn(xptr_t page_xp);
xptr_t ppm_ppn2page(ppn_t ppn);
ppn_t  ppm_base2ppn(xptr_t base_xp);

/* Free pages in cluster <cxy>, and free blocks of <order> there. */
uint32_t ppm_remote_free_pages_nr(cxy_t cxy);
uint32_t ppm_remote_free_blocks_nr(cxy_t cxy, uint32_t order);

/* Checks the free lists of cluster <cxy> against the descriptors and the
 * counters.  Returns 0, or -EINVAL at the first inconsistency. */
error_t ppm_remote_check(cxy_t cxy);

/* Prints the free blocks of each order of cluster <cxy>. */
void ppm_remote_display(cxy_t cxy);

#endif
