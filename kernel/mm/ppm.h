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
} ppm_t;

/* Initialises the local ppm for a slice of <pages_nr> pages at physical
 * address <phys_base>, described by <pages_tbl>: every page reserved, free
 * lists empty.  Also records this slice in the layout (see ppm_set_layout). */
void ppm_init(page_t *pages_tbl, uint32_t pages_nr, paddr_t phys_base);

/* Records the machine layout in the local ppm: <clusters_nr> slices, slice
 * c at physical <bases>[c] of <sizes>[c] bytes. */
void ppm_set_layout(uint32_t clusters_nr, const paddr_t *bases, const uint64_t *sizes);

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

/* Conversions.  base_xp may point anywhere in the page; ppn2* return
 * XPTR_NULL for a ppn outside every slice. */
xptr_t ppm_page2base(xptr_t page_xp);
xptr_t ppm_base2page(xptr_t base_xp);
ppn_t  ppm_page2ppn(xptr_t page_xp);
xptr_t ppm_ppn2page(ppn_t ppn);
xptr_t ppm_ppn2base(ppn_t ppn);
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
