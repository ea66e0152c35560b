/*
 * vmm.c - virtual memory manager: VSL, STACK and MMAP allocators, fork
 * (copy-on-write), page faults.
 *
 * The behaviour is that of ALMOS-MKH's vmm.c (r632); deliberate
 * differences are marked "differs from the seed".  Page ownership uses the
 * page refcount: a page is referenced once by each reference GPT (and
 * each private-vseg GPT) mapping it, and once by its mapper for page-cache
 * pages; whoever drops the last reference frees it.  Non-reference copies
 * of public vsegs map pages they do not own.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_special.h"
#include "hal_remote.h"
#include "hal_gpt.h"
#include "hal_vmm.h"
#include "kernel_config.h"
#include "bits.h"
#include "xlist.h"
#include "busylock.h"
#include "remote_busylock.h"
#include "remote_rwlock.h"
#include "string.h"
#include "printk.h"
#include "rpc.h"
#include "assert.h"
#include "errno.h"
#include "ppm.h"
#include "page.h"
#include "kmem.h"
#include "cluster.h"
#include "process.h"
#include "thread.h"
#include "vseg.h"
#include "vmm.h"

/* The page cache (kernel/fs/mapper.c): descriptor of file page <index>,
 * allocated zero-filled for holes, with a reference taken for the caller
 * (dropped with vmm_page_put); XPTR_NULL if no memory.  Weak, so that
 * builds without the fs (host unit tests of mm) still link. */
xptr_t mapper_get_page_ref(xptr_t mapper_xp, uint32_t index) __attribute__((weak));

/* Per-cluster process manager holding the copies lists (cluster_t.pmgr);
 * a build may place it elsewhere (unit tests). */
#ifndef VMM_LOCAL_PMGR
#define VMM_LOCAL_PMGR (&LOCAL_CLUSTER->pmgr)
#endif

#define PAGE_SHIFT  CONFIG_PPM_PAGE_SHIFT
#define PAGE_SIZE   CONFIG_PPM_PAGE_SIZE
#define PAGE_MASK   CONFIG_PPM_PAGE_MASK

/* MMAP bases are aligned on their size, up to 2 MiB (a megapage). */
#define MMAP_MAX_ALIGN  512

static inline bool vseg_is_kernel(uint32_t type)
{
    return type == VSEG_TYPE_KCODE || type == VSEG_TYPE_KDATA ||
           type == VSEG_TYPE_KDEV;
}

static inline bool vseg_is_private(uint32_t type)
{
    return type == VSEG_TYPE_STACK || type == VSEG_TYPE_CODE;
}

static inline bool vseg_is_mmap(uint32_t type)
{
    return type == VSEG_TYPE_ANON || type == VSEG_TYPE_FILE ||
           type == VSEG_TYPE_REMOTE;
}

static void vmm_for_each_copy_then(xptr_t ref_xp,
                                   void (*fn)(xptr_t copy_xp, bool is_ref, void *arg),
                                   void *arg, void (*last)(void *arg));
#define vmm_for_each_copy(ref_xp, fn, arg) vmm_for_each_copy_then(ref_xp, fn, arg, NULL)
static inline xptr_t copy_gpt_xp(xptr_t copy_xp);
static bool vseg_holds(xptr_t vseg_xp, intptr_t addr);
static uint32_t vseg_pte_attr(const vseg_t *vseg);
static void update_one_copy(xptr_t copy_xp, bool is_ref, void *arg);
struct pte_update { vpn_t vpn; uint32_t attr; ppn_t ppn; };

/* ------------------------------------------------------------------------
 * Pages
 * ------------------------------------------------------------------------ */

/* Drops one reference on the page at <page_xp>; frees it on the last one. */
static void vmm_page_put(xptr_t page_xp)
{
    if (page_remote_refcount_down(page_xp) == 0)
        ppm_remote_free_pages(GET_CXY(page_xp), GET_PTR(page_xp));
}

/* A COW mapping of the page at <page_xp> goes away: one pending fork less. */
static void vmm_page_forget_fork(xptr_t page_xp)
{
    xptr_t lock_xp = PAGE_FIELD_XP(page_xp, lock);
    remote_busylock_acquire(lock_xp);
    if (page_remote_forks(page_xp))
        page_remote_forks_down(page_xp);
    remote_busylock_release(lock_xp);
}

/* Allocates a page for <vpn> of <vseg> in the cluster its type says. */
static xptr_t vmm_page_allocate(vseg_t *vseg, vpn_t vpn)
{
    uint32_t clusters_nr = LOCAL_CLUSTER->ppm.clusters_nr;
    cxy_t cxy = vseg_page_cxy(vseg, vpn, clusters_nr);
    if (clusters_nr && cxy >= clusters_nr)
        cxy = local_cxy;
    return ppm_remote_alloc_pages(cxy, 0);
}

/* Copies <len> bytes of the file of <mapper_xp> at byte <pos> to <dst_xp>. */
static error_t vmm_copy_from_mapper(xptr_t mapper_xp, uint64_t pos,
                                    xptr_t dst_xp, uint32_t len)
{
    while (len) {
        uint32_t in_page = (uint32_t)(pos & PAGE_MASK);
        uint32_t chunk = PAGE_SIZE - in_page;
        if (chunk > len)
            chunk = len;
        xptr_t page_xp = mapper_get_page_ref ?
            mapper_get_page_ref(mapper_xp, (uint32_t)(pos >> PAGE_SHIFT)) : XPTR_NULL;
        if (page_xp == XPTR_NULL)
            return -ENOMEM;
        hal_remote_memcpy(dst_xp, ppm_page2base(page_xp) + in_page, chunk);
        vmm_page_put(page_xp);
        dst_xp += chunk;
        pos += chunk;
        len -= chunk;
    }
    return 0;
}

/* vmm_get_one_ppn(); <replica> (may be NULL) tells whether a CODE page
 * was copied into the local cluster. */
static error_t get_one_ppn(vseg_t *vseg, vpn_t vpn, ppn_t *ppn, bool *replica)
{
    uint32_t type = vseg->type;
    uint64_t page_off = (uint64_t)(vpn - vseg->vpn_base) << PAGE_SHIFT;
    xptr_t page_xp;

    if (vpn < vseg->vpn_base || vpn >= vseg->vpn_base + vseg->vpn_size)
        return -EINVAL;

    if (type == VSEG_TYPE_FILE || type == VSEG_TYPE_CODE) {
        /* shared page-cache page: file offset of the page's first byte */
        uint64_t skew = (uint64_t)vseg->min & PAGE_MASK;
        if (vseg->mapper_xp == XPTR_NULL || !mapper_get_page_ref || vseg->file_offset < skew ||
            ((vseg->file_offset - skew) & PAGE_MASK))
            return -EINVAL;
        uint64_t pos = vseg->file_offset - skew + page_off;
        if (type == VSEG_TYPE_FILE && (vseg->flags & VSEG_FPRIVATE)) {
            /* MAP_PRIVATE: the process's own copy of the file page */
            page_xp = vmm_page_allocate(vseg, vpn);
            if (page_xp == XPTR_NULL)
                return -ENOMEM;
            if (vmm_copy_from_mapper(vseg->mapper_xp, pos, ppm_page2base(page_xp), PAGE_SIZE)) {
                vmm_page_put(page_xp);
                return -ENOMEM;
            }
            *ppn = ppm_page2ppn(page_xp);
            return 0;
        }
        /* CODE and MAP_SHARED FILE map the page-cache page itself */
        page_xp = mapper_get_page_ref(vseg->mapper_xp, (uint32_t)(pos >> PAGE_SHIFT));
        if (page_xp == XPTR_NULL)
            return -ENOMEM;
        /* CODE is private: a cluster other than the page cache's runs from
         * its own replica, so instruction fetches stay in the cluster; in
         * the page cache's cluster, or out of memory, the mapper page
         * itself is mapped (read and execute only, so never written) */
        if (type == VSEG_TYPE_CODE && GET_CXY(page_xp) != local_cxy) {
            xptr_t rep_xp = ppm_remote_alloc_pages(local_cxy, 0);
            if (rep_xp != XPTR_NULL) {
                hal_remote_page_copy(ppm_page2base(rep_xp), ppm_page2base(page_xp));
                vmm_page_put(page_xp);          /* the page cache's reference */
                *ppn = ppm_page2ppn(rep_xp);
                if (replica)
                    *replica = true;
                return 0;
            }
        }
        *ppn = ppm_page2ppn(page_xp);
        return 0;
    }

    page_xp = vmm_page_allocate(vseg, vpn);
    if (page_xp == XPTR_NULL)
        return -ENOMEM;
    xptr_t base_xp = ppm_page2base(page_xp);

    if (type == VSEG_TYPE_DATA && vseg->mapper_xp != XPTR_NULL) {
        /* bytes [0, file_size) of the vseg (from its first byte, vseg->min)
         * come from the file at file_offset, the rest is BSS */
        uint64_t skew = (uint64_t)vseg->min & PAGE_MASK;
        uint64_t first = page_off;              /* page bytes in vseg-page coordinates */
        uint64_t lo = first > skew ? first - skew : 0;  /* offset from vseg->min */
        uint64_t dst_skip = first >= skew ? 0 : skew - first;
        uint64_t copy = 0;
        if (lo < vseg->file_size) {
            copy = vseg->file_size - lo;
            if (copy > PAGE_SIZE - dst_skip)
                copy = PAGE_SIZE - dst_skip;
        }
        if (dst_skip)
            hal_remote_memset(base_xp, 0, (size_t)dst_skip);
        if (copy && vmm_copy_from_mapper(vseg->mapper_xp, vseg->file_offset + lo,
                                         base_xp + dst_skip, (uint32_t)copy)) {
            vmm_page_put(page_xp);
            return -ENOMEM;
        }
        if (dst_skip + copy < PAGE_SIZE)
            hal_remote_memset(base_xp + dst_skip + copy, 0,
                              (size_t)(PAGE_SIZE - dst_skip - copy));
    } else {
        /* differs from the seed: ANON, STACK, REMOTE pages are zeroed, so no
         * process sees another's old data */
        hal_remote_page_zero(base_xp);
    }
    *ppn = ppm_page2ppn(page_xp);
    return 0;
}

error_t vmm_get_one_ppn(vseg_t *vseg, vpn_t vpn, ppn_t *ppn)
{
    return get_one_ppn(vseg, vpn, ppn, NULL);
}

/* hal_gpt_unmap_range() callback of an owner: an unmapped COW page has
 * one pending fork less, and the mapping's reference goes. */
static void vmm_release_owned(void *arg, vpn_t vpn, uint32_t attr, ppn_t ppn)
{
    (void)arg;
    (void)vpn;
    xptr_t page_xp = ppm_ppn2page(ppn);
    if (page_xp == XPTR_NULL)
        return;
    /* differs from the seed: the refcount alone decides the release */
    if (attr & GPT_COW)
        vmm_page_forget_fork(page_xp);
    vmm_page_put(page_xp);
}

/* Unmaps pages [from, to) of <vseg> from the local GPT of <process> with
 * one shootdown, then drops the references this copy owns. */
static void vmm_unmap_range(process_t *process, vseg_t *vseg, vpn_t from, vpn_t to)
{
    xptr_t gpt_xp = XPTR(local_cxy, &process->vmm.gpt);
    bool is_ref = GET_CXY(process->ref_xp) == local_cxy;
    uint32_t type = vseg->type;
    bool owner = !vseg_is_kernel(type) && (is_ref || vseg_is_private(type));

    hal_gpt_unmap_range(gpt_xp, from, to, owner ? vmm_release_owned : NULL, NULL);
}

/* ------------------------------------------------------------------------
 * STACK and MMAP allocators
 * ------------------------------------------------------------------------ */

/* The STACK allocator of the process whose copy is <process>: the
 * reference's (any cluster). */
static xptr_t stack_mgr_xp(process_t *process)
{
    return process->ref_xp + offsetof(process_t, vmm) + offsetof(vmm_t, stack_mgr);
}

/* Bit <slot> of the STACK bitmap at <mgr_xp>: read, or set to <value>;
 * the allocator's lock is held. */
static bool stack_bit(xptr_t mgr_xp, uint32_t slot)
{
    xptr_t w_xp = mgr_xp + offsetof(stack_mgr_t, bitmap) + (slot / 32) * sizeof(bitmap_t);
    return (hal_remote_l32(w_xp) >> (slot % 32)) & 1;
}

static void stack_bit_set(xptr_t mgr_xp, uint32_t slot, bool value)
{
    xptr_t w_xp = mgr_xp + offsetof(stack_mgr_t, bitmap) + (slot / 32) * sizeof(bitmap_t);
    uint32_t w = hal_remote_l32(w_xp);
    w = value ? w | (1u << (slot % 32)) : w & ~(1u << (slot % 32));
    hal_remote_s32(w_xp, w);
}

/*
 * differs from the seed: one allocator for the whole process, in the
 * reference, so that every thread's stack has an address of its own and a
 * pointer to a stack variable means the same in every cluster.  A thread
 * gets slot (its cluster, its ltid) when free; a slot kept by a forked
 * thread (whose stack stays at its parent's address) sends it to the
 * first free one.
 */
static error_t vmm_stack_alloc(process_t *process, uint32_t ltid, vpn_t *vpn_base,
                               vpn_t *vpn_size)
{
    xptr_t mgr_xp = stack_mgr_xp(process);
    xptr_t lock_xp = mgr_xp + offsetof(stack_mgr_t, lock);
    uint32_t want = (uint32_t)local_cxy * CONFIG_THREADS_MAX_PER_CLUSTER + ltid;
    uint32_t slot = VMM_STACK_SLOTS;

    /* differs from the seed: a bad slot is an error, not an assert */
    if (ltid >= CONFIG_THREADS_MAX_PER_CLUSTER || want >= VMM_STACK_SLOTS)
        return -EINVAL;
    remote_busylock_acquire(lock_xp);
    if (!stack_bit(mgr_xp, want)) {
        slot = want;
    } else {
        for (uint32_t i = 0; i < VMM_STACK_SLOTS; i++)
            if (!stack_bit(mgr_xp, i)) {
                slot = i;
                break;
            }
    }
    if (slot < VMM_STACK_SLOTS)
        stack_bit_set(mgr_xp, slot, true);
    remote_busylock_release(lock_xp);
    if (slot == VMM_STACK_SLOTS)
        return -EBUSY;
    /* the slot's first page stays unmapped: guard page */
    *vpn_base = CONFIG_VMM_STACK_BASE + (vpn_t)slot * CONFIG_VMM_STACK_SIZE + 1;
    *vpn_size = CONFIG_VMM_STACK_SIZE - 1;
    return 0;
}

static uint32_t stack_slot(vpn_t vpn_base)
{
    return (uint32_t)((vpn_base - 1 - CONFIG_VMM_STACK_BASE) / CONFIG_VMM_STACK_SIZE);
}

static void vmm_stack_free(process_t *process, vseg_t *vseg)
{
    xptr_t mgr_xp = stack_mgr_xp(process);
    xptr_t lock_xp = mgr_xp + offsetof(stack_mgr_t, lock);
    uint32_t slot = stack_slot(vseg->vpn_base);

    assert(slot < VMM_STACK_SLOTS);
    /* differs from the seed: the bitmap is read under the lock */
    remote_busylock_acquire(lock_xp);
    assert(stack_bit(mgr_xp, slot));
    stack_bit_set(mgr_xp, slot, false);
    remote_busylock_release(lock_xp);
}

static error_t vmm_mmap_alloc(vmm_t *vmm, vpn_t npages, vpn_t *vpn_base, vpn_t *vpn_size)
{
    mmap_mgr_t *mgr = &vmm->mmap_mgr;
    vpn_t size, base;
    uint32_t order;

    if (npages == 0 || npages > mgr->vpn_size)
        return -ENOMEM;
    order = bits_log2_up(npages);
    size = (vpn_t)1 << order;
    if (order >= VMM_MMAP_ORDERS)
        return -ENOMEM;

    xptr_t root_xp = XPTR(local_cxy, &mgr->zombi_list[order]);
    busylock_acquire(&mgr->lock);
    if (!xlist_is_empty(root_xp)) {
        xptr_t vseg_xp = XLIST_ELEMENT(xlist_first(root_xp), vseg_t, xlist);
        vseg_t *zombi = GET_PTR(vseg_xp);
        xlist_unlink(XPTR(local_cxy, &zombi->xlist));
        busylock_release(&mgr->lock);
        base = zombi->vpn_base;
        /* differs from the seed: the zombi descriptor is freed, not leaked */
        vseg_free(zombi);
    } else {
        vpn_t align = size < MMAP_MAX_ALIGN ? size : MMAP_MAX_ALIGN;
        base = BITS_ROUND_UP(mgr->first_free_vpn, align);
        /* differs from the seed: compared with the zone end, and the lock
         * is released on overflow */
        if (base + size > mgr->vpn_base + mgr->vpn_size) {
            busylock_release(&mgr->lock);
            return -ENOMEM;
        }
        mgr->first_free_vpn = base + size;
        busylock_release(&mgr->lock);
    }
    *vpn_base = base;
    *vpn_size = size;
    return 0;
}

static void vmm_mmap_free(vmm_t *vmm, vseg_t *vseg)
{
    mmap_mgr_t *mgr = &vmm->mmap_mgr;
    vpn_t size = vseg->vpn_size;
    vpn_t align = size < MMAP_MAX_ALIGN ? size : MMAP_MAX_ALIGN;

    /* differs from the seed: a piece left by vmm_resize_vseg may not be a
     * power of two (or aligned); its space is not reused */
    if (size == 0 || !bits_is_power_of_2(size) || (vseg->vpn_base & (align - 1)) ||
        vseg->vpn_base < mgr->vpn_base ||
        vseg->vpn_base + size > mgr->vpn_base + mgr->vpn_size) {
        vseg_free(vseg);
        return;
    }
    busylock_acquire(&mgr->lock);
    xlist_add_first(XPTR(local_cxy, &mgr->zombi_list[bits_log2(size)]),
                    XPTR(local_cxy, &vseg->xlist));
    busylock_release(&mgr->lock);
}

/* Frees every zombi vseg descriptor. */
static void vmm_mmap_flush_zombis(vmm_t *vmm)
{
    for (uint32_t i = 0; i < VMM_MMAP_ORDERS; i++) {
        xptr_t root_xp = XPTR(local_cxy, &vmm->mmap_mgr.zombi_list[i]);
        while (!xlist_is_empty(root_xp)) {
            vseg_t *vseg = GET_PTR(XLIST_ELEMENT(xlist_first(root_xp), vseg_t, xlist));
            xlist_unlink(XPTR(local_cxy, &vseg->xlist));
            vseg_free(vseg);
        }
    }
}

static void vmm_allocators_init(vmm_t *vmm)
{
    remote_busylock_init(XPTR(local_cxy, &vmm->stack_mgr.lock));
    bitmap_init(vmm->stack_mgr.bitmap, VMM_STACK_SLOTS);
    vmm->stack_mgr.vpn_base = CONFIG_VMM_STACK_BASE;

    busylock_init(&vmm->mmap_mgr.lock);
    vmm->mmap_mgr.vpn_base       = CONFIG_VMM_HEAP_BASE;
    vmm->mmap_mgr.vpn_size       = CONFIG_VMM_HEAP_SIZE;
    vmm->mmap_mgr.first_free_vpn = CONFIG_VMM_HEAP_BASE;
    for (uint32_t i = 0; i < VMM_MMAP_ORDERS; i++)
        xlist_root_init(XPTR(local_cxy, &vmm->mmap_mgr.zombi_list[i]));
}

/* An empty VSL, its locks, the STACK and MMAP allocators, zero counters. */
static void vmm_init_empty(vmm_t *vmm)
{
    remote_rwlock_init(XPTR(local_cxy, &vmm->vsl_lock));
    remote_rwlock_init(XPTR(local_cxy, &vmm->gpt_lock));
    xlist_root_init(XPTR(local_cxy, &vmm->vsegs_root));
    vmm->vsegs_nr = 0;
    vmm->vsl_hint = NULL;
    vmm_allocators_init(vmm);
    vmm->pgfault_nr = vmm->cow_nr = vmm->mapped_nr = 0;
}

/* ------------------------------------------------------------------------
 * VSL
 * ------------------------------------------------------------------------ */

static void vmm_attach_vseg(vmm_t *vmm, vseg_t *vseg)
{
    vseg->vmm = vmm;
    vmm->vsegs_nr++;
    xlist_add_last(XPTR(local_cxy, &vmm->vsegs_root), XPTR(local_cxy, &vseg->xlist));
}

static void vmm_detach_vseg(vmm_t *vmm, vseg_t *vseg)
{
    vseg->vmm = NULL;
    vmm->vsegs_nr--;
    if (vmm->vsl_hint == vseg)
        vmm->vsl_hint = NULL;
    xlist_unlink(XPTR(local_cxy, &vseg->xlist));
}

/* VSL scans, the caller holding the VSL lock.  vsl_find_vaddr tries the
 * vseg it found last first (successive faults mostly hit the same vseg);
 * its bounds are read again, so a resize needs no care, and
 * vmm_detach_vseg forgets it (under the write lock: no lookup runs). */
static vseg_t *vsl_find_vaddr(vmm_t *vmm, intptr_t vaddr)
{
    xptr_t root_xp = XPTR(local_cxy, &vmm->vsegs_root);
    xptr_t iter_xp;
    vseg_t *hint = __atomic_load_n(&vmm->vsl_hint, __ATOMIC_RELAXED);
    if (hint && vaddr >= hint->min && vaddr < hint->max)
        return hint;
    XLIST_FOREACH(root_xp, iter_xp) {
        vseg_t *vseg = GET_PTR(XLIST_ELEMENT(iter_xp, vseg_t, xlist));
        if (vaddr >= vseg->min && vaddr < vseg->max) {
            /* readers may race here: each stores a vseg of the list */
            __atomic_store_n(&vmm->vsl_hint, vseg, __ATOMIC_RELAXED);
            return vseg;
        }
    }
    return NULL;
}

static vseg_t *vsl_find_conflict(vmm_t *vmm, vpn_t base, vpn_t size)
{
    xptr_t root_xp = XPTR(local_cxy, &vmm->vsegs_root);
    xptr_t iter_xp;
    XLIST_FOREACH(root_xp, iter_xp) {
        vseg_t *vseg = GET_PTR(XLIST_ELEMENT(iter_xp, vseg_t, xlist));
        if (base + size > vseg->vpn_base && base < vseg->vpn_base + vseg->vpn_size)
            return vseg;
    }
    return NULL;
}

vseg_t *vmm_check_conflict(process_t *process, vpn_t base, vpn_t size)
{
    vmm_t *vmm = &process->vmm;
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    remote_rwlock_rd_acquire(lock_xp);
    vseg_t *vseg = vsl_find_conflict(vmm, base, size);
    remote_rwlock_rd_release(lock_xp);
    return vseg;
}

vseg_t *vmm_vseg_from_vaddr(vmm_t *vmm, intptr_t vaddr)
{
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    remote_rwlock_rd_acquire(lock_xp);
    vseg_t *vseg = vsl_find_vaddr(vmm, vaddr);
    remote_rwlock_rd_release(lock_xp);
    return vseg;
}

vseg_t *vmm_create_vseg(process_t *process, vseg_type_t type, intptr_t base,
                        uint64_t size, uint32_t file_offset, uint32_t file_size,
                        xptr_t mapper_xp, cxy_t cxy)
{
    vmm_t *vmm = &process->vmm;
    vpn_t vpn_base, vpn_size;
    error_t err;

    if (type == VSEG_TYPE_STACK) {
        err = vmm_stack_alloc(process, (uint32_t)base, &vpn_base, &vpn_size);
        if (err)
            return NULL;
        base = (intptr_t)(vpn_base << PAGE_SHIFT);
        size = vpn_size << PAGE_SHIFT;
    } else if (vseg_is_mmap(type)) {
        uint64_t skew = (type == VSEG_TYPE_FILE) ? (file_offset & PAGE_MASK) : 0;
        if (size == 0)
            return NULL;
        vpn_t npages = (vpn_t)((skew + size + PAGE_MASK) >> PAGE_SHIFT);
        if (vmm_mmap_alloc(vmm, npages, &vpn_base, &vpn_size))
            return NULL;
        base = (intptr_t)((vpn_base << PAGE_SHIFT) + skew);
    } else {
        if (size == 0)
            return NULL;
        vpn_base = (vpn_t)base >> PAGE_SHIFT;
        vpn_size = (((vpn_t)base + size - 1) >> PAGE_SHIFT) - vpn_base + 1;
        /* differs from the seed: user vsegs must lie in the user half */
        if (!vseg_is_kernel(type) &&
            (vpn_base == 0 || vpn_base + vpn_size > CONFIG_VMM_USER_LIMIT))
            return NULL;
    }

    vseg_t *vseg = vseg_alloc();
    if (vseg == NULL)
        goto undo;
    vseg_init(vseg, type, base, size, vpn_base, vpn_size, file_offset,
              file_size, mapper_xp, cxy);

    /* differs from the seed: the conflict check and the insertion are one
     * step under the VSL lock */
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    remote_rwlock_wr_acquire(lock_xp);
    if (vmm->vsegs_nr >= VMM_VSEGS_MAX || vsl_find_conflict(vmm, vpn_base, vpn_size)) {
        remote_rwlock_wr_release(lock_xp);
        vseg_free(vseg);
        goto undo;
    }
    vmm_attach_vseg(vmm, vseg);
    remote_rwlock_wr_release(lock_xp);
    return vseg;

undo:
    if (type == VSEG_TYPE_STACK) {
        vseg_t tmp = { .vpn_base = vpn_base };
        vmm_stack_free(process, &tmp);
    }
    return NULL;
}

/* Removes <vseg>, the caller holding the VSL lock in write mode. */
static void vmm_remove_vseg_locked(process_t *process, vseg_t *vseg)
{
    vmm_t *vmm = &process->vmm;
    uint32_t type = vseg->type;

    vmm_unmap_range(process, vseg, vseg->vpn_base, vseg->vpn_base + vseg->vpn_size);
    vmm_detach_vseg(vmm, vseg);
    if (type == VSEG_TYPE_STACK) {
        vmm_stack_free(process, vseg);
        vseg_free(vseg);
    } else if (vseg_is_mmap(type)) {
        vmm_mmap_free(vmm, vseg);
    } else {
        vseg_free(vseg);
    }
}

struct purge;
static void purge_one_copy(xptr_t copy_xp, bool is_ref, void *arg);
static void remove_stack_last(void *arg);
static void vmm_remove_stack(process_t *process, vseg_t *vseg);

void vmm_remove_vseg(process_t *process, vseg_t *vseg)
{
    /* A STACK's pages may be mapped in other copies too (a pointer to a
     * stack variable used by a thread elsewhere, see
     * vmm_map_foreign_stack): they lose them, and the vseg goes, under
     * the copies lock that serialises those mappings. */
    if (vseg->type == VSEG_TYPE_STACK) {
        vmm_remove_stack(process, vseg);
        return;
    }
    /* differs from the seed: takes the VSL lock itself */
    xptr_t lock_xp = XPTR(local_cxy, &process->vmm.vsl_lock);
    remote_rwlock_wr_acquire(lock_xp);
    vmm_remove_vseg_locked(process, vseg);
    remote_rwlock_wr_release(lock_xp);
}

/* The local copy of process <pid>, from the local pmgr's list. */
static process_t *vmm_local_process(uint32_t pid)
{
    pmgr_t *pmgr = VMM_LOCAL_PMGR;
    xptr_t root_xp = XPTR(local_cxy, &pmgr->local_root);
    xptr_t lock_xp = XPTR(local_cxy, &pmgr->local_lock);
    xptr_t iter_xp;
    process_t *found = NULL;

    remote_busylock_acquire(lock_xp);
    XLIST_FOREACH(root_xp, iter_xp) {
        process_t *p = GET_PTR(XLIST_ELEMENT(iter_xp, process_t, local_list));
        if (p->pid == pid) {
            found = p;
            break;
        }
    }
    remote_busylock_release(lock_xp);
    return found;
}

error_t vmm_delete_vseg(uint32_t pid, intptr_t vaddr)
{
    process_t *process = vmm_local_process(pid);
    if (process == NULL)
        return -ESRCH;
    xptr_t lock_xp = XPTR(local_cxy, &process->vmm.vsl_lock);
    remote_rwlock_wr_acquire(lock_xp);
    vseg_t *vseg = vsl_find_vaddr(&process->vmm, vaddr);
    if (vseg)
        vmm_remove_vseg_locked(process, vseg);
    remote_rwlock_wr_release(lock_xp);
    return vseg ? 0 : -EINVAL;
}

/* What purge_one_copy() removes from a copy: every vseg descriptor
 * meeting [vseg_first, vseg_end), and the PTEs of [cut_first, cut_end). */
struct purge { vpn_t vseg_first, vseg_end, cut_first, cut_end; xptr_t skip_xp;
               process_t *process; vseg_t *vseg; xptr_t held_xp; };

/* Structural change in the reference: the copy at <copy_xp> (another
 * cluster, or this one) forgets the vsegs concerned (it fetches the new
 * ones from the reference on its next fault there) and loses the PTEs of
 * the removed range, with one shootdown.  It owns none of these pages:
 * the reference gives them back afterwards. */
static void purge_one_copy(xptr_t copy_xp, bool is_ref, void *arg)
{
    struct purge *pu = arg;
    (void)is_ref;
    if (copy_xp == pu->skip_xp)
        return;
    cxy_t cxy = GET_CXY(copy_xp);
    process_t *copy = GET_PTR(copy_xp);
    xptr_t lock_xp = XPTR(cxy, &copy->vmm.vsl_lock);
    xptr_t root_xp = XPTR(cxy, &copy->vmm.vsegs_root);
    xptr_t nr_xp = XPTR(cxy, &copy->vmm.vsegs_nr);

    /* the copy whose VSL the caller already holds (the reference, taken
     * before the copies lock: see vmm_remove_stack) is not locked again */
    bool lock = copy_xp != pu->held_xp;
    if (lock)
        remote_rwlock_wr_acquire(lock_xp);
    xptr_t iter_xp = xlist_first(root_xp);
    while (iter_xp != XPTR_NULL) {
        xptr_t next_xp = xlist_next(root_xp, iter_xp);
        xptr_t vseg_xp = XLIST_ELEMENT(iter_xp, vseg_t, xlist);
        vpn_t first = hal_remote_l64(vseg_xp + offsetof(vseg_t, vpn_base));
        vpn_t end = first + hal_remote_l64(vseg_xp + offsetof(vseg_t, vpn_size));
        if (first < pu->vseg_end && end > pu->vseg_first) {
            /* the copy's lookup hint must not name a freed vseg */
            xptr_t hint_xp = XPTR(cxy, &copy->vmm.vsl_hint);
            void *hint = hal_remote_lpt(hint_xp);
            if (hint != NULL && XPTR(cxy, hint) == vseg_xp)
                hal_remote_spt(hint_xp, NULL);
            xlist_unlink(iter_xp);
            hal_remote_s32(nr_xp, hal_remote_l32(nr_xp) - 1);
            kmem_remote_free(vseg_xp);
        }
        iter_xp = next_xp;
    }
    hal_gpt_unmap_range(XPTR(cxy, &copy->vmm.gpt), pu->cut_first, pu->cut_end, NULL, NULL);
    if (lock)
        remote_rwlock_wr_release(lock_xp);
}

/* Under the copies lock, after the other copies are purged. */
static void remove_stack_last(void *arg)
{
    struct purge *pu = arg;
    xptr_t lock_xp = XPTR(local_cxy, &pu->process->vmm.vsl_lock);
    bool lock = XPTR(local_cxy, pu->process) != pu->held_xp;
    if (lock)
        remote_rwlock_wr_acquire(lock_xp);
    vmm_remove_vseg_locked(pu->process, pu->vseg);
    if (lock)
        remote_rwlock_wr_release(lock_xp);
}

/*
 * The reference's VSL lock comes before the copies lock (vmm_set_cow and
 * the structural changes hold the first while they take the second): it is
 * taken here first, in write mode when this copy is the reference (its
 * VSL loses the vseg), in read mode otherwise (the reference only loses
 * PTEs of a foreign stack, which the copies lock serialises), and the walk
 * does not lock it again.  Taken under the copies lock instead, it made a
 * thread exit and a fork wait for each other forever (t_forkstorm).
 */
static void vmm_remove_stack(process_t *process, vseg_t *vseg)
{
    vpn_t end = vseg->vpn_base + vseg->vpn_size;
    xptr_t ref_xp = process->ref_xp;
    process_t *ref = GET_PTR(ref_xp);
    xptr_t ref_lock_xp = XPTR(GET_CXY(ref_xp), &ref->vmm.vsl_lock);
    bool is_ref = ref_xp == XPTR(local_cxy, process);
    struct purge pu = { vseg->vpn_base, end, vseg->vpn_base, end, XPTR(local_cxy, process),
                        process, vseg, ref_xp };
    if (is_ref)
        remote_rwlock_wr_acquire(ref_lock_xp);
    else
        remote_rwlock_rd_acquire(ref_lock_xp);
    vmm_for_each_copy_then(ref_xp, purge_one_copy, &pu, remove_stack_last);
    if (is_ref)
        remote_rwlock_wr_release(ref_lock_xp);
    else
        remote_rwlock_rd_release(ref_lock_xp);
}

/* What foreign_one_copy() looks for, and what it found. */
struct foreign { xptr_t self_xp; vpn_t vpn; error_t err; bool done; xptr_t held_xp; };

/* If the copy at <copy_xp> has the STACK vseg holding the page: maps the
 * page there if needed (its own page, released with its STACK vseg), then
 * the same page in the faulting copy. */
static void foreign_one_copy(xptr_t copy_xp, bool is_ref, void *arg)
{
    struct foreign *f = arg;
    (void)is_ref;
    if (f->done || copy_xp == f->self_xp)
        return;
    cxy_t cxy = GET_CXY(copy_xp);
    process_t *owner = GET_PTR(copy_xp);
    xptr_t lock_xp = XPTR(cxy, &owner->vmm.vsl_lock);
    xptr_t gpt_xp = XPTR(cxy, &owner->vmm.gpt);
    xptr_t iter_xp, vseg_xp = XPTR_NULL;
    intptr_t vaddr = (intptr_t)(f->vpn << PAGE_SHIFT);

    /* the reference's VSL is read-locked by the caller already */
    bool lock = copy_xp != f->held_xp;
    if (lock)
        remote_rwlock_rd_acquire(lock_xp);
    XLIST_FOREACH(XPTR(cxy, &owner->vmm.vsegs_root), iter_xp) {
        xptr_t v_xp = XLIST_ELEMENT(iter_xp, vseg_t, xlist);
        if (hal_remote_l32(v_xp + offsetof(vseg_t, type)) == VSEG_TYPE_STACK &&
            vseg_holds(v_xp, vaddr)) {
            vseg_xp = v_xp;
            break;
        }
    }
    if (vseg_xp == XPTR_NULL) {
        if (lock)
            remote_rwlock_rd_release(lock_xp);
        return;                 /* no thread there: -EINVAL */
    }
    f->done = true;
    vseg_t snap;
    vseg_init_from_ref(&snap, vseg_xp);
    uint32_t attr, lattr;
    ppn_t ppn, lppn;
    xptr_t local_gpt_xp = copy_gpt_xp(f->self_xp);
    f->err = hal_gpt_lock_pte(gpt_xp, f->vpn, &attr, &ppn);
    if (f->err == 0 && !(attr & GPT_MAPPED)) {
        /* the owner never touched it yet: its page, in its cluster */
        f->err = get_one_ppn(&snap, f->vpn, &ppn, NULL);
        if (f->err) {
            hal_gpt_unlock_pte(gpt_xp, f->vpn);
        } else {
            attr = vseg_pte_attr(&snap);
            hal_gpt_set_pte(gpt_xp, f->vpn, attr, ppn);
        }
    } else if (f->err == 0) {
        hal_gpt_unlock_pte(gpt_xp, f->vpn);
    }
    if (f->err == 0) {
        /* COW: the forking thread's stack is read-only until its own
         * write; the foreign mapping is read-only too and faults then */
        f->err = hal_gpt_lock_pte(local_gpt_xp, f->vpn, &lattr, &lppn);
        if (f->err == 0) {
            if (lattr & GPT_MAPPED)
                hal_gpt_unlock_pte(local_gpt_xp, f->vpn);
            else
                hal_gpt_set_pte(local_gpt_xp, f->vpn, attr & ~GPT_COW, ppn);
        }
    }
    if (lock)
        remote_rwlock_rd_release(lock_xp);
}

/* Page fault of the local copy <process> on <vpn> in the STACK slot of a
 * thread of another cluster: the page of that thread's copy is mapped
 * here too (the stack slots are unique in the process, see
 * vmm_stack_alloc).  0, -EINVAL (no such stack) or -ENOMEM. */
static error_t vmm_map_foreign_stack(process_t *process, vpn_t vpn)
{
    vpn_t zone = CONFIG_VMM_STACK_BASE;
    if (vpn < zone || vpn >= CONFIG_VMM_USER_LIMIT)
        return -EINVAL;
    /* the slot tells the cluster of most threads, not of a forked one's:
     * every copy is looked at */
    xptr_t ref_xp = process->ref_xp;
    process_t *ref = GET_PTR(ref_xp);
    xptr_t ref_lock_xp = XPTR(GET_CXY(ref_xp), &ref->vmm.vsl_lock);
    struct foreign f = { XPTR(local_cxy, process), vpn, -EINVAL, false, ref_xp };
    /* lock order: the reference's VSL before the copies lock */
    remote_rwlock_rd_acquire(ref_lock_xp);
    vmm_for_each_copy(ref_xp, foreign_one_copy, &f);
    remote_rwlock_rd_release(ref_lock_xp);
    return f.err;
}

error_t vmm_resize_vseg(process_t *process, intptr_t base, intptr_t size)
{
    vmm_t *vmm = &process->vmm;
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    error_t err = 0;

    if (size <= 0 || base + size < base)
        return -EINVAL;
    remote_rwlock_wr_acquire(lock_xp);
    vseg_t *vseg = vsl_find_vaddr(vmm, base);
    /* differs from the seed: STACK slots and the CODE vseg (private, one
     * per copy, not known to the reference) cannot be cut */
    if (vseg == NULL || base + size > vseg->max || vseg_is_private(vseg->type) ||
        vseg_is_kernel(vseg->type)) {
        remote_rwlock_wr_release(lock_xp);
        return -EINVAL;
    }

    /* differs from the seed: old bounds are saved before any is changed */
    vpn_t old_first = vseg->vpn_base;
    vpn_t old_end   = vseg->vpn_base + vseg->vpn_size;
    intptr_t old_min = vseg->min, old_max = vseg->max;
    vpn_t cut_first = (vpn_t)base >> PAGE_SHIFT;
    vpn_t cut_end   = ((vpn_t)(base + size) + PAGE_MASK) >> PAGE_SHIFT;
    if (cut_end > old_end)
        cut_end = old_end;

    /* The middle cut needs a descriptor: got before anything changes. */
    vseg_t *upper = NULL;
    if (cut_first > old_first && cut_end < old_end) {
        upper = vmm->vsegs_nr < VMM_VSEGS_MAX ? vseg_alloc() : NULL;
        if (upper == NULL) {
            remote_rwlock_wr_release(lock_xp);
            return -ENOMEM;
        }
    }

    /* differs from the seed: done in the reference only, then every other
     * copy forgets the vseg and the range's PTEs before the reference
     * gives the pages back (the copies are purged under the reference's
     * VSL write lock: no fault can fetch the old vseg meanwhile) */
    if (GET_CXY(process->ref_xp) == local_cxy) {
        struct purge pu = { old_first, old_end, cut_first, cut_end,
                            XPTR(local_cxy, process), NULL, NULL, XPTR_NULL };
        vmm_for_each_copy(XPTR(local_cxy, process), purge_one_copy, &pu);
    }

    if (cut_first <= old_first && cut_end >= old_end) {
        /* the whole vseg */
        vmm_remove_vseg_locked(process, vseg);
    } else if (cut_first <= old_first) {
        /* the low end: the vseg now starts at cut_end */
        intptr_t new_min = (intptr_t)(cut_end << PAGE_SHIFT);
        /* differs from the seed: unmaps the PTEs of the removed range */
        vmm_unmap_range(process, vseg, old_first, cut_end);
        /* differs from the seed: file contents follow the new start */
        uint32_t delta = (uint32_t)(new_min - old_min);
        vseg->file_offset += delta;
        vseg->file_size = vseg->file_size > delta ? vseg->file_size - delta : 0;
        vseg->min = new_min;
        vseg->vpn_base = cut_end;
        vseg->vpn_size = old_end - cut_end;
    } else if (cut_end >= old_end) {
        /* the high end: the vseg now ends at cut_first */
        vmm_unmap_range(process, vseg, cut_first, old_end);
        vseg->max = (intptr_t)(cut_first << PAGE_SHIFT);
        vseg->vpn_size = cut_first - old_first;
        uint32_t keep = (uint32_t)(vseg->max - old_min);
        if (vseg->file_size > keep)
            vseg->file_size = keep;
    } else {
        /* the middle: [old_first, cut_first) stays, [cut_end, old_end)
         * becomes a new vseg of the same type */
        intptr_t up_min = (intptr_t)(cut_end << PAGE_SHIFT);
        uint32_t delta = (uint32_t)(up_min - old_min);
        uint32_t up_fsize = vseg->file_size > delta ? vseg->file_size - delta : 0;
        vseg_init(upper, vseg->type, up_min, (uint64_t)(old_max - up_min),
                  cut_end, old_end - cut_end, vseg->file_offset + delta,
                  up_fsize, vseg->mapper_xp, vseg->cxy);
        upper->flags = vseg->flags;
        vmm_unmap_range(process, vseg, cut_first, cut_end);
        vseg->max = (intptr_t)(cut_first << PAGE_SHIFT);
        vseg->vpn_size = cut_first - old_first;
        uint32_t keep = (uint32_t)(vseg->max - old_min);
        if (vseg->file_size > keep)
            vseg->file_size = keep;
        vmm_attach_vseg(vmm, upper);
    }
    remote_rwlock_wr_release(lock_xp);
    return err;
}

/* Splits the local <vseg> at page <at> (strictly inside it): <vseg> keeps
 * [vpn_base, at), <upper> (a fresh descriptor) gets [at, end) with the
 * same type, rights and file contents, and is registered.  The caller
 * holds the VSL write lock. */
static void vsl_split(vmm_t *vmm, vseg_t *vseg, vpn_t at, vseg_t *upper)
{
    vpn_t old_end = vseg->vpn_base + vseg->vpn_size;
    intptr_t up_min = (intptr_t)(at << PAGE_SHIFT);
    uint32_t delta = (uint32_t)(up_min - vseg->min);
    uint32_t up_fsize = vseg->file_size > delta ? vseg->file_size - delta : 0;
    vseg_init(upper, vseg->type, up_min, (uint64_t)(vseg->max - up_min), at, old_end - at,
              vseg->file_offset + delta, up_fsize, vseg->mapper_xp, vseg->cxy);
    upper->flags = vseg->flags;
    vseg->max = up_min;
    vseg->vpn_size = at - vseg->vpn_base;
    if (vseg->file_size > delta)
        vseg->file_size = delta;
    vmm_attach_vseg(vmm, upper);
}

error_t vmm_protect_vseg(process_t *process, intptr_t base, intptr_t size, uint32_t flags)
{
    vmm_t *vmm = &process->vmm;
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    const uint32_t rights = VSEG_WRITE | VSEG_EXEC | VSEG_NOACCESS;

    if (size <= 0 || base + size < base || (base & PAGE_MASK))
        return -EINVAL;
    remote_rwlock_wr_acquire(lock_xp);
    vseg_t *vseg = vsl_find_vaddr(vmm, base);
    error_t err = 0;
    if (vseg == NULL || base + size > vseg->max)
        err = -ENOMEM;          /* POSIX: not (all) mapped */
    else if (vseg_is_private(vseg->type) || vseg_is_kernel(vseg->type))
        err = -EINVAL;          /* a copy's own STACK / CODE */
    else if ((flags & VSEG_WRITE) && (vseg->flags & VSEG_NOWRITE))
        err = -EACCES;          /* shared mapping of a file not open for writing */
    if (err) {
        remote_rwlock_wr_release(lock_xp);
        return err;
    }
    vpn_t first = vseg->vpn_base, end = first + vseg->vpn_size;
    vpn_t cut_first = (vpn_t)base >> PAGE_SHIFT;
    vpn_t cut_end = ((vpn_t)(base + size) + PAGE_MASK) >> PAGE_SHIFT;
    if (cut_end > end)
        cut_end = end;
    vseg_t *lo = NULL, *hi = NULL;
    if (vmm->vsegs_nr + 2 > VMM_VSEGS_MAX ||
        (cut_first > first && (lo = vseg_alloc()) == NULL) ||
        (cut_end < end && (hi = vseg_alloc()) == NULL)) {
        remote_rwlock_wr_release(lock_xp);
        if (lo)
            vseg_free(lo);
        return -ENOMEM;
    }
    /* the other copies forget the vseg and the range's PTEs: they fault
     * them back from the reference with the new rights */
    if (GET_CXY(process->ref_xp) == local_cxy) {
        struct purge pu = { first, end, cut_first, cut_end, XPTR(local_cxy, process),
                            NULL, NULL, XPTR_NULL };
        vmm_for_each_copy(XPTR(local_cxy, process), purge_one_copy, &pu);
    }
    if (lo) {
        vsl_split(vmm, vseg, cut_first, lo);
        vseg = lo;
    }
    if (hi)
        vsl_split(vmm, vseg, cut_end, hi);
    vseg->flags = (vseg->flags & ~rights) | (flags & rights);
    uint32_t gpt_rights = (vseg->flags & VSEG_NOACCESS) ? 0 :
        GPT_USER | (vseg->flags & VSEG_WRITE ? GPT_WRITABLE : 0) |
        (vseg->flags & VSEG_EXEC ? GPT_EXECUTABLE : 0);
    hal_gpt_set_rights(XPTR(local_cxy, &vmm->gpt), cut_first, cut_end, gpt_rights);
    remote_rwlock_wr_release(lock_xp);
    return 0;
}

error_t vmm_mprotect(process_t *process, intptr_t base, intptr_t size, uint32_t flags)
{
    xptr_t ref_xp = process->ref_xp;
    if (GET_CXY(ref_xp) == local_cxy)
        return vmm_protect_vseg(GET_PTR(ref_xp), base, size, flags);
    uint64_t args[4] = { ref_xp, (uint64_t)base, (uint64_t)size, flags }, out[RPC_ARGS_NR];
    rpc_call(GET_CXY(ref_xp), RPC_VMM_MPROTECT, args, 4, out);
    return (error_t)(int64_t)out[4];
}

void rpc_vmm_mprotect_server(xptr_t desc_xp)
{
    process_t *ref = GET_PTR(rpc_arg(desc_xp, 0));
    error_t err = vmm_protect_vseg(ref, (intptr_t)rpc_arg(desc_xp, 1),
                                   (intptr_t)rpc_arg(desc_xp, 2),
                                   (uint32_t)rpc_arg(desc_xp, 3));
    rpc_set_arg(desc_xp, 4, (uint64_t)(int64_t)err);
}

/* munmap in the reference <process>: every vseg part in [base, base +
 * size) goes (POSIX: the range may cover several mappings and holes); a
 * STACK, CODE or kernel vseg in the range makes it EINVAL, before any
 * change. */
static error_t vmm_unmap_all(process_t *process, intptr_t base, intptr_t size)
{
    vmm_t *vmm = &process->vmm;
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    intptr_t end = base + size;
    xptr_t iter_xp;

    if (size <= 0 || end < base)
        return -EINVAL;
    /* the STACK zone holds the threads' stacks, of this copy or others */
    if (end > (intptr_t)((vpn_t)CONFIG_VMM_STACK_BASE << PAGE_SHIFT) &&
        base < (intptr_t)((vpn_t)CONFIG_VMM_USER_LIMIT << PAGE_SHIFT))
        return -EINVAL;
    remote_rwlock_rd_acquire(lock_xp);
    XLIST_FOREACH(XPTR(local_cxy, &vmm->vsegs_root), iter_xp) {
        vseg_t *v = GET_PTR(XLIST_ELEMENT(iter_xp, vseg_t, xlist));
        if (v->min < end && v->max > base &&
            (vseg_is_private(v->type) || vseg_is_kernel(v->type))) {
            remote_rwlock_rd_release(lock_xp);
            return -EINVAL;
        }
    }
    remote_rwlock_rd_release(lock_xp);
    for (;;) {
        intptr_t lo = 0, hi = 0;
        remote_rwlock_rd_acquire(lock_xp);
        XLIST_FOREACH(XPTR(local_cxy, &vmm->vsegs_root), iter_xp) {
            vseg_t *v = GET_PTR(XLIST_ELEMENT(iter_xp, vseg_t, xlist));
            if (v->min < end && v->max > base && !vseg_is_private(v->type) &&
                !vseg_is_kernel(v->type)) {
                lo = v->min > base ? v->min : base;
                hi = v->max < end ? v->max : end;
                break;
            }
        }
        remote_rwlock_rd_release(lock_xp);
        if (hi == 0)
            return 0;
        error_t err = vmm_resize_vseg(process, lo, hi - lo);
        if (err)
            return err;
    }
}

error_t vmm_munmap(process_t *process, intptr_t base, intptr_t size)
{
    xptr_t ref_xp = process->ref_xp;
    if (GET_CXY(ref_xp) == local_cxy)
        return vmm_unmap_all(GET_PTR(ref_xp), base, size);
    uint64_t args[3] = { ref_xp, (uint64_t)base, (uint64_t)size }, out[RPC_ARGS_NR];
    rpc_call(GET_CXY(ref_xp), RPC_VMM_MUNMAP, args, 3, out);
    return (error_t)(int64_t)out[3];
}

void rpc_vmm_munmap_server(xptr_t desc_xp)
{
    process_t *ref = GET_PTR(rpc_arg(desc_xp, 0));
    error_t err = vmm_unmap_all(ref, (intptr_t)rpc_arg(desc_xp, 1),
                                (intptr_t)rpc_arg(desc_xp, 2));
    rpc_set_arg(desc_xp, 3, (uint64_t)(int64_t)err);
}

error_t vmm_mmap(process_t *process, vseg_type_t type, uint64_t size,
                 uint32_t file_offset, uint32_t file_size, xptr_t mapper_xp,
                 cxy_t cxy, uint32_t flags, intptr_t *addr)
{
    xptr_t ref_xp = process->ref_xp;
    if (!vseg_is_mmap(type))
        return -EINVAL;
    if (GET_CXY(ref_xp) != local_cxy) {
        /* the MMAP allocator and the complete VSL are the reference's */
        uint64_t args[8] = { ref_xp, type, size, file_offset, file_size, mapper_xp,
                             cxy, flags }, out[RPC_ARGS_NR];
        rpc_call(GET_CXY(ref_xp), RPC_VMM_MMAP, args, 8, out);
        *addr = (intptr_t)out[9];
        return (error_t)(int64_t)out[8];
    }
    process_t *ref = GET_PTR(ref_xp);
    vseg_t *vseg = vmm_create_vseg(ref, type, 0, size, file_offset, file_size,
                                   mapper_xp, cxy);
    if (vseg == NULL)
        return -ENOMEM;
    /* the rights asked for replace the type's defaults before any fault
     * can map a page (the VSL lock orders this store before lookups) */
    xptr_t lock_xp = XPTR(local_cxy, &ref->vmm.vsl_lock);
    remote_rwlock_wr_acquire(lock_xp);
    vseg->flags = (vseg->flags & ~(VSEG_WRITE | VSEG_EXEC | VSEG_NOACCESS)) |
                  (flags & (VSEG_WRITE | VSEG_EXEC | VSEG_NOACCESS | VSEG_FPRIVATE |
                            VSEG_NOWRITE));
    *addr = vseg->min;
    remote_rwlock_wr_release(lock_xp);
    return 0;
}

void rpc_vmm_mmap_server(xptr_t desc_xp)
{
    intptr_t addr = 0;
    process_t *ref = GET_PTR(rpc_arg(desc_xp, 0));
    error_t err = vmm_mmap(ref, (vseg_type_t)rpc_arg(desc_xp, 1), rpc_arg(desc_xp, 2),
                           (uint32_t)rpc_arg(desc_xp, 3), (uint32_t)rpc_arg(desc_xp, 4),
                           rpc_arg(desc_xp, 5), (cxy_t)rpc_arg(desc_xp, 6),
                           (uint32_t)rpc_arg(desc_xp, 7), &addr);
    rpc_set_arg(desc_xp, 9, (uint64_t)addr);
    rpc_set_arg(desc_xp, 8, (uint64_t)(int64_t)err);
}

/* ------------------------------------------------------------------------
 * Work of the seeds' RPCs
 * ------------------------------------------------------------------------ */

error_t vmm_ref_get_vseg(xptr_t ref_process_xp, intptr_t vaddr, xptr_t *vseg_xp)
{
    if (GET_CXY(ref_process_xp) != local_cxy) {
        /* The reference cluster looks it up (RPC_VMM_GET_VSEG). */
        uint64_t args[2] = { ref_process_xp, (uint64_t)vaddr }, out[RPC_ARGS_NR];
        rpc_call(GET_CXY(ref_process_xp), RPC_VMM_GET_VSEG, args, 2, out);
        *vseg_xp = out[3];
        return (error_t)(int64_t)out[2];
    }
    process_t *ref = GET_PTR(ref_process_xp);
    vseg_t *vseg = vmm_vseg_from_vaddr(&ref->vmm, vaddr);
    if (vseg == NULL)
        return -EINVAL;
    *vseg_xp = XPTR(local_cxy, vseg);
    return 0;
}

/* The vseg of the reference copy at <ref_xp> holding <vaddr>, or
 * XPTR_NULL; the caller holds the reference's VSL lock. */
static xptr_t vsl_remote_find(xptr_t ref_xp, intptr_t vaddr)
{
    cxy_t cxy = GET_CXY(ref_xp);
    process_t *ref = GET_PTR(ref_xp);
    xptr_t iter_xp;
    XLIST_FOREACH(XPTR(cxy, &ref->vmm.vsegs_root), iter_xp) {
        xptr_t vseg_xp = XLIST_ELEMENT(iter_xp, vseg_t, xlist);
        intptr_t min = (intptr_t)hal_remote_l64(vseg_xp + offsetof(vseg_t, min));
        intptr_t max = (intptr_t)hal_remote_l64(vseg_xp + offsetof(vseg_t, max));
        if (vaddr >= min && vaddr < max)
            return vseg_xp;
    }
    return XPTR_NULL;
}

/* Copies into the local VSL of the copy <process> the reference's vseg
 * holding <vaddr>.  The reference's VSL stays read-locked until the copy
 * is registered: a munmap in the reference (write lock, then the copies
 * purged) is either wholly before, or after and then purges it.  STACK
 * vsegs are not fetched: the reference's are its own threads' (another
 * copy's thread reaching one gets SIGSEGV rather than a private page).
 * Returns 0, -EINVAL (no such vseg) or -ENOMEM. */
static error_t vmm_fetch_vseg(process_t *process, intptr_t vaddr)
{
    xptr_t ref_xp = process->ref_xp;
    process_t *ref = GET_PTR(ref_xp);
    xptr_t ref_lock_xp = XPTR(GET_CXY(ref_xp), &ref->vmm.vsl_lock);
    xptr_t lock_xp = XPTR(local_cxy, &process->vmm.vsl_lock);
    error_t err = 0;

    vseg_t *vseg = vseg_alloc();
    if (vseg == NULL)
        return -ENOMEM;
    remote_rwlock_rd_acquire(ref_lock_xp);
    xptr_t ref_vseg_xp = vsl_remote_find(ref_xp, vaddr);
    if (ref_vseg_xp == XPTR_NULL ||
        hal_remote_l32(ref_vseg_xp + offsetof(vseg_t, type)) == VSEG_TYPE_STACK) {
        err = -EINVAL;
    } else {
        vseg_init_from_ref(vseg, ref_vseg_xp);
        remote_rwlock_wr_acquire(lock_xp);
        /* differs from the seed: another thread may have registered it first */
        if (vsl_find_conflict(&process->vmm, vseg->vpn_base, vseg->vpn_size) == NULL) {
            vmm_attach_vseg(&process->vmm, vseg);
            vseg = NULL;
        }
        remote_rwlock_wr_release(lock_xp);
    }
    remote_rwlock_rd_release(ref_lock_xp);
    if (vseg)
        vseg_free(vseg);
    return err;
}

/* Copies into <snap> the vseg of the local <process> holding <vaddr>
 * (fetched from the reference when missing).  0, -EINVAL or -ENOMEM. */
static error_t vmm_vseg_snapshot(process_t *process, intptr_t vaddr, vseg_t *snap)
{
    xptr_t lock_xp = XPTR(local_cxy, &process->vmm.vsl_lock);
    /* a fetched vseg may be purged again by a munmap before it is read:
     * a few rounds, then the address counts as unmapped */
    for (int round = 0; round < 4; round++) {
        remote_rwlock_rd_acquire(lock_xp);
        vseg_t *vseg = vsl_find_vaddr(&process->vmm, vaddr);
        if (vseg)
            *snap = *vseg;
        remote_rwlock_rd_release(lock_xp);
        if (vseg)
            return 0;
        if (GET_CXY(process->ref_xp) == local_cxy)
            return -EINVAL;
        error_t err = vmm_fetch_vseg(process, vaddr);
        if (err)
            return err;
    }
    return -EINVAL;
}

error_t vmm_get_vseg(process_t *process, intptr_t vaddr, vseg_t **found)
{
    vmm_t *vmm = &process->vmm;
    vseg_t *vseg = vmm_vseg_from_vaddr(vmm, vaddr);

    if (vseg == NULL && GET_CXY(process->ref_xp) != local_cxy) {
        error_t err = vmm_fetch_vseg(process, vaddr);
        if (err)
            return err;
        vseg = vmm_vseg_from_vaddr(vmm, vaddr);
    }
    if (vseg == NULL)
        return -EINVAL;
    *found = vseg;
    return 0;
}

/* ------------------------------------------------------------------------
 * Process-level operations
 * ------------------------------------------------------------------------ */

/* Calls fn(copy_xp, is_ref, arg) for every copy of the process whose
 * reference copy is at <ref_xp> (any cluster), the reference included even
 * when the owner's copies list does not name it (yet).  Copies whose VMM
 * is gone (PROCESS_TERM_NO_VMM, marked under the same lock) are skipped.
 * Runs with the copies lock held: <fn> must not block (spinning on a VSL
 * or PTE lock is fine, their holders never block).  <last>(arg), when not
 * NULL, runs after the walk, the lock still held. */
/* The copies list lock of the process whose reference copy is at
 * <ref_xp>, in its owner's cluster. */
static xptr_t copies_lock_xp(xptr_t ref_xp)
{
    pid_t pid = hal_remote_l32(ref_xp + offsetof(process_t, pid));
    /* the pmgr is at the same address in every cluster */
    return XPTR(CXY_FROM_PID(pid), &VMM_LOCAL_PMGR->copies_lock[PID_SLOT(pid)]);
}

/* vmm_for_each_copy_then() with the copies lock held by the caller. */
static void vmm_for_each_copy_locked(xptr_t ref_xp,
                                     void (*fn)(xptr_t copy_xp, bool is_ref, void *arg),
                                     void *arg)
{
    pid_t pid = hal_remote_l32(ref_xp + offsetof(process_t, pid));
    pmgr_t *pmgr = VMM_LOCAL_PMGR;
    xptr_t root_xp = XPTR(CXY_FROM_PID(pid), &pmgr->copies_root[PID_SLOT(pid)]);
    bool ref_done = false;
    xptr_t iter_xp;

    if (hal_remote_lxp(root_xp) != XPTR_NULL) {     /* list initialised */
        XLIST_FOREACH(root_xp, iter_xp) {
            xptr_t copy_xp = XLIST_ELEMENT(iter_xp, process_t, copies_list);
            process_t *copy = GET_PTR(copy_xp);
            bool is_ref = copy_xp == ref_xp;
            ref_done |= is_ref;
            if (!is_ref && (hal_remote_l32(XPTR(GET_CXY(copy_xp), &copy->term_state)) &
                            PROCESS_TERM_NO_VMM))
                continue;
            fn(copy_xp, is_ref, arg);
        }
    }
    if (!ref_done)
        fn(ref_xp, true, arg);
}

static void vmm_for_each_copy_then(xptr_t ref_xp,
                                   void (*fn)(xptr_t copy_xp, bool is_ref, void *arg),
                                   void *arg, void (*last)(void *arg))
{
    xptr_t lock_xp = copies_lock_xp(ref_xp);
    remote_busylock_acquire(lock_xp);
    vmm_for_each_copy_locked(ref_xp, fn, arg);
    if (last)
        last(arg);
    remote_busylock_release(lock_xp);
}

static inline xptr_t copy_gpt_xp(xptr_t copy_xp)
{
    return copy_xp + offsetof(process_t, vmm) + offsetof(vmm_t, gpt);
}

/* True when the vseg at <vseg_xp> holds address <addr>. */
static bool vseg_holds(xptr_t vseg_xp, intptr_t addr)
{
    intptr_t min = (intptr_t)hal_remote_l64(vseg_xp + offsetof(vseg_t, min));
    intptr_t max = (intptr_t)hal_remote_l64(vseg_xp + offsetof(vseg_t, max));
    return addr >= min && addr < max;
}

static void update_one_copy(xptr_t copy_xp, bool is_ref, void *arg)
{
    struct pte_update *u = arg;
    (void)is_ref;
    hal_gpt_update_pte(copy_gpt_xp(copy_xp), u->vpn, u->attr, u->ppn);
}

void vmm_global_update_pte(process_t *process, vpn_t vpn, uint32_t attr, ppn_t ppn)
{
    struct pte_update u = { vpn, attr, ppn };
    assert(GET_CXY(process->ref_xp) == local_cxy);
    vmm_for_each_copy(XPTR(local_cxy, process), update_one_copy, &u);
}

struct cow_walk { xptr_t ref_xp; };

/* The public vsegs a fork shares copy-on-write. */
static bool vseg_forks_cow(uint32_t type, uint32_t flags)
{
    return type == VSEG_TYPE_DATA || type == VSEG_TYPE_ANON || type == VSEG_TYPE_REMOTE ||
           (type == VSEG_TYPE_FILE && (flags & VSEG_FPRIVATE));
}

/* The reference's VSL is read-locked by the caller. */
static void set_cow_one_copy(xptr_t copy_xp, bool is_ref, void *arg)
{
    xptr_t ref_xp = ((struct cow_walk *)arg)->ref_xp;
    process_t *ref = GET_PTR(ref_xp);
    xptr_t root_xp = XPTR(GET_CXY(ref_xp), &ref->vmm.vsegs_root);
    xptr_t gpt_xp = copy_gpt_xp(copy_xp);
    xptr_t iter_xp;
    (void)is_ref;

    XLIST_FOREACH(root_xp, iter_xp) {
        xptr_t vseg_xp = XLIST_ELEMENT(iter_xp, vseg_t, xlist);
        if (!vseg_forks_cow(hal_remote_l32(vseg_xp + offsetof(vseg_t, type)),
                            hal_remote_l32(vseg_xp + offsetof(vseg_t, flags))))
            continue;
        /* the pending fork is already counted on each page (vmm_fork_copy) */
        hal_gpt_set_cow(gpt_xp, hal_remote_l64(vseg_xp + offsetof(vseg_t, vpn_base)),
                        hal_remote_l64(vseg_xp + offsetof(vseg_t, vpn_size)));
    }
}

void vmm_set_cow(process_t *process)
{
    xptr_t ref_xp = process->ref_xp;
    process_t *ref = GET_PTR(ref_xp);
    struct cow_walk w = { ref_xp };
    xptr_t ref_lock_xp = XPTR(GET_CXY(ref_xp), &ref->vmm.vsl_lock);

    /* differs from the seed: any copy may fork; the public vsegs are the
     * reference's, in every copy's GPT (remote accesses) */
    remote_rwlock_rd_acquire(ref_lock_xp);
    vmm_for_each_copy(ref_xp, set_cow_one_copy, &w);
    remote_rwlock_rd_release(ref_lock_xp);

    /* differs from the seed: the forking thread's STACK (in its own copy)
     * is shared copy-on-write too (see vmm_fork_copy) */
    thread_t *this = CURRENT_THREAD;
    if (this == NULL || this->process != process)
        return;
    xptr_t lock_xp = XPTR(local_cxy, &process->vmm.vsl_lock);
    remote_rwlock_rd_acquire(lock_xp);
    vseg_t *stack = vsl_find_vaddr(&process->vmm, this->u_stack_base);
    if (stack && stack->type == VSEG_TYPE_STACK)
        hal_gpt_set_cow(XPTR(local_cxy, &process->vmm.gpt), stack->vpn_base, stack->vpn_size);
    remote_rwlock_rd_release(lock_xp);
}

/* Registers in the local <child> a copy of the vseg at <pvseg_xp> and, but
 * for CODE, copies the mapped PTEs of the GPT at <p_gpt_xp> (read-only +
 * COW where a fork shares the page so; each mapping and pending fork
 * counted on the page).  0 or -ENOMEM. */
static error_t fork_copy_vseg(process_t *child, xptr_t pvseg_xp, xptr_t p_gpt_xp)
{
    vmm_t *cvmm = &child->vmm;
    uint32_t type = hal_remote_l32(pvseg_xp + offsetof(vseg_t, type));
    vseg_t *cvseg = vseg_alloc();
    if (cvseg == NULL)
        return -ENOMEM;
    vseg_init_from_ref(cvseg, pvseg_xp);
    xptr_t c_lock_xp = XPTR(local_cxy, &cvmm->vsl_lock);
    remote_rwlock_wr_acquire(c_lock_xp);
    vmm_attach_vseg(cvmm, cvseg);
    remote_rwlock_wr_release(c_lock_xp);
    if (type == VSEG_TYPE_STACK)          /* the child is its own reference */
        bitmap_set(cvmm->stack_mgr.bitmap, stack_slot(cvseg->vpn_base));
    if (type == VSEG_TYPE_CODE)
        return 0;               /* CODE pages come back by page faults */
    /* MAP_SHARED file pages stay shared, the rest is COW */
    bool cow = type != VSEG_TYPE_FILE || (cvseg->flags & VSEG_FPRIVATE);
    vpn_t end = cvseg->vpn_base + cvseg->vpn_size;
    for (vpn_t vpn = hal_gpt_next_mapped(p_gpt_xp, cvseg->vpn_base, end); vpn < end;
         vpn = hal_gpt_next_mapped(p_gpt_xp, vpn + 1, end)) {
        ppn_t ppn;
        bool mapped;
        uint32_t pattr;
        /* The parent's PTE stays locked until the child's mapping is
         * counted: a COW fault of the parent (which holds that lock while
         * it replaces the page, then drops the old page's reference) comes
         * wholly before, and the child copies the new page, or wholly
         * after, and finds the old page counted.  Copied unlocked, the
         * child could count a page already freed (a reference dropped
         * twice, then a double free: t_forkstorm on 4x2). */
        error_t err = hal_gpt_lock_pte(p_gpt_xp, vpn, &pattr, &ppn);
        if (err)
            return err;
        err = hal_gpt_pte_copy(&cvmm->gpt, vpn, p_gpt_xp, vpn, cow, &ppn, &mapped);
        if (err || !mapped) {
            hal_gpt_unlock_pte(p_gpt_xp, vpn);
            if (err)
                return err;
            continue;
        }
        /* differs from the seed: the child's mapping is counted in the
         * refcount, and the pending fork once, here (the seed counted it
         * here and again in vmm_set_cow).  Here, not in vmm_set_cow: the
         * parent's threads may take a COW fault on the page as soon as
         * its PTE turns read-only, and must then find the fork counted,
         * or they would write in place into the page the child shares. */
        xptr_t page_xp = ppm_ppn2page(ppn);
        page_remote_refcount_up(page_xp);
        uint32_t attr;
        ppn_t cppn;
        hal_gpt_get_pte(XPTR(local_cxy, &cvmm->gpt), vpn, &attr, &cppn);
        if (attr & GPT_COW) {
            xptr_t lock_xp = PAGE_FIELD_XP(page_xp, lock);
            remote_busylock_acquire(lock_xp);
            page_remote_forks_up(page_xp);
            remote_busylock_release(lock_xp);
        }
        hal_gpt_unlock_pte(p_gpt_xp, vpn);
    }
    return 0;
}

error_t vmm_fork_copy(process_t *child, xptr_t parent_process_xp, intptr_t fork_stack)
{
    xptr_t ref_xp = hal_remote_lxp(parent_process_xp + offsetof(process_t, ref_xp));
    cxy_t ref_cxy = GET_CXY(ref_xp);
    process_t *ref = GET_PTR(ref_xp);
    vmm_t *pvmm = &ref->vmm;
    vmm_t *cvmm = &child->vmm;
    xptr_t p_root_xp = XPTR(ref_cxy, &pvmm->vsegs_root);
    xptr_t p_lock_xp = XPTR(ref_cxy, &pvmm->vsl_lock);
    xptr_t p_gpt_xp  = XPTR(ref_cxy, &pvmm->gpt);
    xptr_t iter_xp;
    error_t err = 0;

    /* differs from the seed: allocators ready before any failure path can
     * call vmm_destroy */
    vmm_init_empty(cvmm);
    if (hal_gpt_create(&cvmm->gpt))
        return -ENOMEM;

    /* the public vsegs from the reference (any cluster) */
    remote_rwlock_rd_acquire(p_lock_xp);
    XLIST_FOREACH(p_root_xp, iter_xp) {
        xptr_t pvseg_xp = XLIST_ELEMENT(iter_xp, vseg_t, xlist);
        uint32_t type = hal_remote_l32(pvseg_xp + offsetof(vseg_t, type));
        if (vseg_is_kernel(type) || type == VSEG_TYPE_STACK)
            continue;
        err = fork_copy_vseg(child, pvseg_xp, p_gpt_xp);
        if (err)
            break;
    }
    remote_rwlock_rd_release(p_lock_xp);

    /* differs from the seed: the STACK vseg of the forking thread is
     * copied from its own copy (the child's thread gets the same ltid) */
    if (err == 0) {
        cxy_t pcxy = GET_CXY(parent_process_xp);
        process_t *parent = GET_PTR(parent_process_xp);
        xptr_t lock_xp = XPTR(pcxy, &parent->vmm.vsl_lock);
        remote_rwlock_rd_acquire(lock_xp);
        XLIST_FOREACH(XPTR(pcxy, &parent->vmm.vsegs_root), iter_xp) {
            xptr_t pvseg_xp = XLIST_ELEMENT(iter_xp, vseg_t, xlist);
            if (hal_remote_l32(pvseg_xp + offsetof(vseg_t, type)) == VSEG_TYPE_STACK &&
                vseg_holds(pvseg_xp, fork_stack)) {
                err = fork_copy_vseg(child, pvseg_xp, XPTR(pcxy, &parent->vmm.gpt));
                break;
            }
        }
        remote_rwlock_rd_release(lock_xp);
    }

    if (err == 0)
        err = hal_vmm_kernel_update(child);
    if (err) {
        vmm_destroy(child);
        return err;
    }

    cvmm->args_vpn_base = hal_remote_l64(XPTR(ref_cxy, &pvmm->args_vpn_base));
    cvmm->envs_vpn_base = hal_remote_l64(XPTR(ref_cxy, &pvmm->envs_vpn_base));
    cvmm->code_vpn_base = hal_remote_l64(XPTR(ref_cxy, &pvmm->code_vpn_base));
    cvmm->data_vpn_base = hal_remote_l64(XPTR(ref_cxy, &pvmm->data_vpn_base));
    cvmm->heap_vpn_base = hal_remote_l64(XPTR(ref_cxy, &pvmm->heap_vpn_base));
    cvmm->entry_point   = (intptr_t)hal_remote_l64(XPTR(ref_cxy, &pvmm->entry_point));
    /* differs from the seed: the child's MMAP zone continues the parent's
     * (inherited mmap vsegs already occupy it) */
    cvmm->mmap_mgr.first_free_vpn =
        hal_remote_l64(XPTR(ref_cxy, &pvmm->mmap_mgr.first_free_vpn));
    hal_fence();
    return 0;
}

uint64_t vmm_resident_pages(xptr_t process_xp)
{
    cxy_t cxy = GET_CXY(process_xp);
    process_t *p = GET_PTR(process_xp);
    xptr_t lock_xp = XPTR(cxy, &p->vmm.vsl_lock);
    xptr_t gpt_xp = XPTR(cxy, &p->vmm.gpt);
    xptr_t iter_xp;
    uint64_t n = 0;

    /* vmm_destroy empties the VSL under the write lock before the GPT
     * goes: with the read lock, either the vsegs are there or none is */
    remote_rwlock_rd_acquire(lock_xp);
    XLIST_FOREACH(XPTR(cxy, &p->vmm.vsegs_root), iter_xp) {
        xptr_t vseg_xp = XLIST_ELEMENT(iter_xp, vseg_t, xlist);
        if (vseg_is_kernel(hal_remote_l32(vseg_xp + offsetof(vseg_t, type))))
            continue;
        vpn_t base = hal_remote_l64(vseg_xp + offsetof(vseg_t, vpn_base));
        vpn_t end = base + hal_remote_l64(vseg_xp + offsetof(vseg_t, vpn_size));
        for (vpn_t vpn = hal_gpt_next_mapped(gpt_xp, base, end); vpn < end;
             vpn = hal_gpt_next_mapped(gpt_xp, vpn + 1, end))
            n++;
    }
    remote_rwlock_rd_release(lock_xp);
    return n;
}

void vmm_destroy(process_t *process)
{
    vmm_t *vmm = &process->vmm;
    xptr_t root_xp = XPTR(local_cxy, &vmm->vsegs_root);
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);

    remote_rwlock_wr_acquire(lock_xp);
    while (!xlist_is_empty(root_xp)) {
        vseg_t *vseg = GET_PTR(XLIST_ELEMENT(xlist_first(root_xp), vseg_t, xlist));
        vmm_remove_vseg_locked(process, vseg);
    }
    remote_rwlock_wr_release(lock_xp);
    vmm_mmap_flush_zombis(vmm);
    hal_gpt_destroy(&vmm->gpt);
}

error_t vmm_copy_init(process_t *process)
{
    vmm_t *vmm = &process->vmm;

    vmm_init_empty(vmm);
    if (hal_gpt_create(&vmm->gpt))
        return -ENOMEM;
    if (hal_vmm_kernel_update(process)) {
        hal_gpt_destroy(&vmm->gpt);
        return -ENOMEM;
    }
    return 0;
}

error_t vmm_user_init(process_t *process)
{
    vmm_t *vmm = &process->vmm;

    vmm_init_empty(vmm);
    /* a fresh (zeroed) descriptor gets its GPT here, kernel half included */
    if (vmm->gpt.ptr == NULL) {
        if (hal_gpt_create(&vmm->gpt))
            return -ENOMEM;
        if (hal_vmm_kernel_update(process))
            return -ENOMEM;
    }

    intptr_t args = (intptr_t)CONFIG_VMM_UTILS_BASE << PAGE_SHIFT;
    intptr_t envs = (intptr_t)(CONFIG_VMM_UTILS_BASE + VMM_ARGS_PAGES) << PAGE_SHIFT;
    if (!vmm_create_vseg(process, VSEG_TYPE_DATA, args,
                         (uint64_t)VMM_ARGS_PAGES << PAGE_SHIFT, 0, 0, XPTR_NULL, local_cxy))
        return -ENOMEM;
    if (!vmm_create_vseg(process, VSEG_TYPE_DATA, envs,
                         (uint64_t)VMM_ENVS_PAGES << PAGE_SHIFT, 0, 0, XPTR_NULL, local_cxy))
        return -ENOMEM;
    /* differs from the seed: the *_vpn_base fields hold page numbers */
    vmm->args_vpn_base = CONFIG_VMM_UTILS_BASE;
    vmm->envs_vpn_base = CONFIG_VMM_UTILS_BASE + VMM_ARGS_PAGES;
    vmm->heap_vpn_base = CONFIG_VMM_HEAP_BASE;
    hal_fence();
    return 0;
}

void vmm_user_reset(process_t *process)
{
    vmm_t *vmm = &process->vmm;
    xptr_t root_xp = XPTR(local_cxy, &vmm->vsegs_root);
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    xptr_t iter_xp, next_xp;

    remote_rwlock_wr_acquire(lock_xp);
    for (iter_xp = xlist_first(root_xp); iter_xp != XPTR_NULL; iter_xp = next_xp) {
        next_xp = xlist_next(root_xp, iter_xp);
        vseg_t *vseg = GET_PTR(XLIST_ELEMENT(iter_xp, vseg_t, xlist));
        if (!vseg_is_kernel(vseg->type))
            vmm_remove_vseg_locked(process, vseg);
    }
    remote_rwlock_wr_release(lock_xp);
    /* differs from the seed: zombi descriptors are freed, so a following
     * vmm_user_init does not leak them, and the MMAP zone starts afresh */
    vmm_mmap_flush_zombis(vmm);
    vmm->mmap_mgr.first_free_vpn = vmm->mmap_mgr.vpn_base;
}

/* ------------------------------------------------------------------------
 * Page faults
 * ------------------------------------------------------------------------ */

static uint32_t vseg_pte_attr(const vseg_t *vseg)
{
    uint32_t attr = GPT_MAPPED | GPT_SMALL | GPT_READABLE | GPT_ACCESSED | GPT_DIRTY;
    if ((vseg->flags & VSEG_USER) && !(vseg->flags & VSEG_NOACCESS))
        attr |= GPT_USER;
    if (vseg->flags & VSEG_WRITE) attr |= GPT_WRITABLE;
    if (vseg->flags & VSEG_EXEC)  attr |= GPT_EXECUTABLE;
    if (vseg->flags & VSEG_CACHE) attr |= GPT_CACHABLE;
    return attr;
}

/* True when the vseg <v> still describes what <snap> was read from (the
 * page prepared from the snapshot is the right one to map). */
static bool vseg_same(const vseg_t *v, const vseg_t *snap)
{
    return v->type == snap->type && v->flags == snap->flags && v->min == snap->min &&
           v->max == snap->max && v->vpn_base == snap->vpn_base &&
           v->vpn_size == snap->vpn_size && v->cxy == snap->cxy &&
           v->file_offset == snap->file_offset && v->file_size == snap->file_size &&
           v->mapper_xp == snap->mapper_xp;
}

/* True when get_one_ppn() prepares a page of <vseg> by clearing it, with
 * no file to read (nothing that can wait). */
static bool vseg_zero_fill(const vseg_t *vseg)
{
    uint32_t type = vseg->type;
    if (type == VSEG_TYPE_FILE || type == VSEG_TYPE_CODE)
        return false;
    return !(type == VSEG_TYPE_DATA && vseg->mapper_xp != XPTR_NULL);
}

/* Drops the reference vmm_get_one_ppn() gave on page <ppn>. */
static void vmm_ppn_put(ppn_t ppn)
{
    xptr_t page_xp = ppm_ppn2page(ppn);
    if (page_xp != XPTR_NULL)
        vmm_page_put(page_xp);
}

/*
 * The page is prepared (vmm_get_one_ppn, which may wait for the file
 * system) with no lock held, from a snapshot of the vseg; it is mapped
 * with the local VSL read-locked and the vseg found again unchanged, so a
 * munmap (which write-locks the VSL of every copy before it unmaps) either
 * sees the new PTE and removes it, or comes first and the fault finds no
 * vseg.  A page prepared for nothing (the PTE mapped meanwhile, the vseg
 * changed) is given back.
 */
excp_result_t vmm_handle_page_fault(process_t *process, vpn_t vpn)
{
    vmm_t *vmm = &process->vmm;
    xptr_t lock_xp = XPTR(local_cxy, &vmm->vsl_lock);
    xptr_t local_gpt_xp = XPTR(local_cxy, &vmm->gpt);
    intptr_t vaddr = (intptr_t)(vpn << PAGE_SHIFT);
    cxy_t ref_cxy = GET_CXY(process->ref_xp);
    process_t *ref = GET_PTR(process->ref_xp);
    xptr_t ref_gpt_xp = XPTR(ref_cxy, &ref->vmm.gpt);
    bool have_page = false, replica = false;
    ppn_t new_ppn = 0;
    vseg_t snap;
    uint32_t attr;
    ppn_t ppn;

    vmm->pgfault_nr++;
    for (int round = 0; round < 8; round++) {
        remote_rwlock_rd_acquire(lock_xp);
        vseg_t *vseg = vsl_find_vaddr(vmm, vaddr);
        if (vseg == NULL) {
            remote_rwlock_rd_release(lock_xp);
            if (vmm_map_foreign_stack(process, vpn) == 0) {
                if (have_page)
                    vmm_ppn_put(new_ppn);
                process->stats.pf_false++;
                return EXCP_NON_FATAL;
            }
            if (ref_cxy == local_cxy || vmm_fetch_vseg(process, vaddr))
                break;
            continue;
        }
        if (vseg->flags & VSEG_NOACCESS) {
            remote_rwlock_rd_release(lock_xp);
            break;
        }
        if (have_page && !vseg_same(vseg, &snap)) {
            vmm_ppn_put(new_ppn);
            have_page = replica = false;
        }
        bool local_only = vseg_is_private(vseg->type) || ref_cxy == local_cxy;
        /* differs from the seed: out of memory kills the process, not the
         * kernel (DESIGN 9) */
        if (hal_gpt_lock_pte(local_gpt_xp, vpn, &attr, &ppn)) {
            remote_rwlock_rd_release(lock_xp);
            break;
        }
        if (attr & GPT_MAPPED) {
            /* mapped by a concurrent thread meanwhile */
            hal_gpt_unlock_pte(local_gpt_xp, vpn);
            remote_rwlock_rd_release(lock_xp);
            if (have_page)
                vmm_ppn_put(new_ppn);
            process->stats.pf_false++;
            return EXCP_NON_FATAL;
        }
        uint32_t ref_attr;
        ppn_t ref_ppn;
        if (!local_only) {
            if (hal_gpt_lock_pte(ref_gpt_xp, vpn, &ref_attr, &ref_ppn)) {
                hal_gpt_unlock_pte(local_gpt_xp, vpn);
                remote_rwlock_rd_release(lock_xp);
                break;
            }
            if (ref_attr & GPT_MAPPED) {
                /* false fault: copy the reference PTE */
                hal_gpt_set_pte(local_gpt_xp, vpn, ref_attr, ref_ppn);
                hal_gpt_unlock_pte(ref_gpt_xp, vpn);
                remote_rwlock_rd_release(lock_xp);
                if (have_page)
                    vmm_ppn_put(new_ppn);
                process->stats.pf_false++;
                return EXCP_NON_FATAL;
            }
        }
        if (!have_page && vseg_zero_fill(vseg)) {
            /* a zero-filled page waits for nothing: prepared here, with
             * the locks held, and mapped at once */
            if (get_one_ppn(vseg, vpn, &new_ppn, &replica)) {
                if (!local_only)
                    hal_gpt_unlock_pte(ref_gpt_xp, vpn);
                hal_gpt_unlock_pte(local_gpt_xp, vpn);
                remote_rwlock_rd_release(lock_xp);
                return EXCP_USER_ERROR;
            }
            have_page = true;
            snap = *vseg;
        }
        if (!have_page) {
            /* prepare the page with nothing held, then look again */
            if (!local_only)
                hal_gpt_unlock_pte(ref_gpt_xp, vpn);
            hal_gpt_unlock_pte(local_gpt_xp, vpn);
            snap = *vseg;
            remote_rwlock_rd_release(lock_xp);
            if (get_one_ppn(&snap, vpn, &new_ppn, &replica))
                return EXCP_USER_ERROR;
            have_page = true;
            continue;
        }
        attr = vseg_pte_attr(vseg);
        if (!local_only)
            hal_gpt_set_pte(ref_gpt_xp, vpn, attr, new_ppn);
        hal_gpt_set_pte(local_gpt_xp, vpn, attr, new_ppn);
        remote_rwlock_rd_release(lock_xp);
        vmm->mapped_nr++;
        if (replica)
            process->stats.pf_code_replica++;
        if (vseg_is_private(snap.type))
            process->stats.pf_local++;
        else
            process->stats.pf_true++;
        return EXCP_NON_FATAL;
    }
    if (have_page)
        vmm_ppn_put(new_ppn);
    return EXCP_USER_ERROR;
}

/*
 * Public vsegs: the reference PTE's lock serialises the COW faults of
 * every copy, a fork's copy of the PTE and a munmap (hal_gpt_unmap_range
 * waits for it).  The copies lock, which the rewrite of every copy's PTE
 * needs, is taken first: lock order copies lock, then PTE lock (a munmap
 * holds the copies lock while it write-locks a copy's VSL, whose faults
 * may wait for the reference PTE; taking the copies lock while holding
 * that PTE made the three wait for each other).  No VSL lock is held.
 * The old page's reference is dropped only once no PTE maps it any more.
 */
excp_result_t vmm_handle_cow(process_t *process, vpn_t vpn)
{
    vseg_t snap;
    uint32_t old_attr, new_attr;
    ppn_t old_ppn, new_ppn;

    if (vmm_vseg_snapshot(process, (intptr_t)(vpn << PAGE_SHIFT), &snap))
        return EXCP_USER_ERROR;
    if (snap.flags & VSEG_NOACCESS)
        return EXCP_USER_ERROR;

    cxy_t ref_cxy = GET_CXY(process->ref_xp);
    process_t *ref = GET_PTR(process->ref_xp);
    bool private = vseg_is_private(snap.type);
    xptr_t local_gpt_xp = XPTR(local_cxy, &process->vmm.gpt);
    xptr_t gpt_xp = private ? local_gpt_xp : XPTR(ref_cxy, &ref->vmm.gpt);
    xptr_t copies_xp = private ? XPTR_NULL : copies_lock_xp(process->ref_xp);

    if (!private)
        remote_busylock_acquire(copies_xp);
    if (hal_gpt_lock_pte(gpt_xp, vpn, &old_attr, &old_ppn)) {
        if (!private)
            remote_busylock_release(copies_xp);
        return EXCP_USER_ERROR;
    }
    if (!(old_attr & GPT_MAPPED)) {
        /* unmapped meanwhile (munmap): the retry faults as it should */
        hal_gpt_unlock_pte(gpt_xp, vpn);
        if (!private)
            remote_busylock_release(copies_xp);
        return private ? EXCP_USER_ERROR : EXCP_NON_FATAL;
    }
    if (!(old_attr & GPT_COW)) {
        hal_gpt_unlock_pte(gpt_xp, vpn);
        if (!private)
            remote_busylock_release(copies_xp);
        /* differs from the seed: already made writable by a concurrent
         * thread (local copy stale until its own update): not an error */
        if (old_attr & GPT_WRITABLE) {
            if (!private)
                hal_gpt_update_pte(local_gpt_xp, vpn, old_attr, old_ppn);
            return EXCP_NON_FATAL;
        }
        return EXCP_USER_ERROR;
    }
    if (!(snap.flags & VSEG_WRITE)) {
        /* a COW page of a vseg made read-only (mprotect): a real fault */
        hal_gpt_unlock_pte(gpt_xp, vpn);
        if (!private)
            remote_busylock_release(copies_xp);
        return EXCP_USER_ERROR;
    }

    process->stats.pf_cow++;
    process->vmm.cow_nr++;
    xptr_t page_xp = ppm_ppn2page(old_ppn);
    xptr_t plock_xp = PAGE_FIELD_XP(page_xp, lock);
    bool copied = false;
    remote_busylock_acquire(plock_xp);
    if (page_remote_forks(page_xp)) {
        xptr_t new_xp = vmm_page_allocate(&snap, vpn);
        if (new_xp == XPTR_NULL) {
            /* nothing changed yet: the process gets SIGSEGV */
            remote_busylock_release(plock_xp);
            hal_gpt_unlock_pte(gpt_xp, vpn);
            if (!private)
                remote_busylock_release(copies_xp);
            return EXCP_USER_ERROR;     /* differs from the seed: no panic */
        }
        /* the pending fork is counted down only once no PTE of this
         * process maps the old page (below): until then another sharer
         * must copy too, not write in place into a page we still read */
        remote_busylock_release(plock_xp);
        hal_remote_page_copy(ppm_page2base(new_xp), ppm_page2base(page_xp));
        new_ppn = ppm_page2ppn(new_xp);
        copied = true;
        process->stats.pf_cow_copy++;
    } else {
        remote_busylock_release(plock_xp);
        new_ppn = old_ppn;
    }

    new_attr = (old_attr | GPT_WRITABLE) & ~(GPT_COW | GPT_LOCKED);
    if (private) {
        hal_gpt_set_pte(gpt_xp, vpn, new_attr, new_ppn);
    } else {
        /* every copy, the reference included (its PTE stays locked) */
        struct pte_update u = { vpn, new_attr, new_ppn };
        vmm_for_each_copy_locked(process->ref_xp, update_one_copy, &u);
        hal_gpt_unlock_pte(gpt_xp, vpn);
        remote_busylock_release(copies_xp);
    }
    /* this process no longer maps the old page */
    if (copied) {
        vmm_page_forget_fork(page_xp);
        vmm_page_put(page_xp);
    }
    return EXCP_NON_FATAL;
}
