/*
 * cluster.c - the cluster manager: this cluster's description and its
 * physical memory, from the boot_info the boot hart left in this copy.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "cluster.h"
#include "xlist.h"
#include "boot_info.h"
#include "printk.h"

cluster_t cluster_manager;


/* Frees the pages of [lo, hi) (slice offsets) that no reserved range of
 * the machine covers. */
static void free_outside_reserved(const boot_info_t *bi, uint64_t lo, uint64_t hi)
{
    paddr_t base = LOCAL_CLUSTER->mem_base;
    for (uint64_t off = lo; off < hi;) {
        /* Find the first reserved range cutting [off, hi). */
        uint64_t cut_lo = hi, cut_hi = hi;
        for (uint32_t r = 0; r <= bi->reserved_nr; r++) {
            const boot_range_t *rr = r < bi->reserved_nr ? &bi->reserved[r] : &bi->initrd;
            if (rr->size == 0 || rr->base + rr->size <= base + off || rr->base >= base + hi)
                continue;
            uint64_t s = rr->base > base + off ? rr->base - base : off;
            if (s < cut_lo) {
                cut_lo = s;
                cut_hi = rr->base + rr->size - base;
            }
        }
        uint64_t first = (off + CONFIG_PPM_PAGE_SIZE - 1) >> CONFIG_PPM_PAGE_SHIFT;
        uint64_t last = cut_lo >> CONFIG_PPM_PAGE_SHIFT;
        if (last > first)
            ppm_free_range((uint32_t)first, (uint32_t)(last - first));
        off = cut_hi > cut_lo ? cut_hi : hi;
    }
}

void cluster_init(const boot_info_t *bi)
{
    cluster_t *cl = LOCAL_CLUSTER;
    const boot_cluster_t *me = &bi->cluster[bi->cxy];
    cl->cxy = bi->cxy;
    cl->clusters_nr = bi->clusters_nr;
    cl->harts_nr = bi->harts_nr;
    cl->cores_nr = me->harts_nr;
    cl->mem_base = me->mem_base;
    cl->mem_size = me->mem_size;
    cl->kernel_base = me->kernel_base;
    cl->timebase_freq = bi->timebase_freq;
    for (lid_t l = 0; l < me->harts_nr; l++)
        core_init(l, me->hartid[l]);

    paddr_t bases[CONFIG_MAX_CLUSTERS];
    uint64_t sizes[CONFIG_MAX_CLUSTERS];
    for (uint32_t c = 0; c < bi->clusters_nr; c++) {
        bases[c] = bi->cluster[c].mem_base;
        sizes[c] = bi->cluster[c].mem_size;
    }
    page_t *pages_tbl = (page_t *)(LOCAL_BASE + bi->pages_offset);
    ppm_init(pages_tbl, (uint32_t)(me->mem_size >> CONFIG_PPM_PAGE_SHIFT), me->mem_base);
    ppm_set_layout(bi->clusters_nr, bases, sizes);
    /* Page 0 stays out (XPTR_NULL); so do the kernel copy, its page
     * descriptors and page tables, firmware and initrd. */
    free_outside_reserved(bi, CONFIG_PPM_PAGE_SIZE, me->kernel_base - me->mem_base);
    free_outside_reserved(bi, me->first_free, me->mem_size);
    kmem_init();
    ppm_pcache_enable();
    busylock_init(&cl->stats_lock);
    xlist_root_init(XPTR(local_cxy, &cl->console_rx_wait));
    pmgr_init();
}
