/*
 * mapper.c - the page cache of one file (see mapper.h).
 *
 * Every access to the mapper and to its table goes through hal_remote_*,
 * so a core of any cluster can use a mapper of any cluster.  The table
 * grows by doubling; it is never shrunk (truncation only clears entries).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "mapper.h"
#include "hal_remote.h"
#include "kernel_config.h"
#include "kmem.h"
#include "ppm.h"
#include "page.h"
#include "errno.h"
#include "string.h"

#define MAPPER_XP(xp, f)    ((xp) + offsetof(mapper_t, f))
#define MAPPER_TBL_MIN      8U          /* entries in a first table */

xptr_t mapper_create(cxy_t cxy, xptr_t inode_xp)
{
    xptr_t xp = kmem_remote_alloc(cxy, sizeof(mapper_t), AF_ZERO);

    if (xp == XPTR_NULL)
        return XPTR_NULL;
    remote_busylock_init(MAPPER_XP(xp, lock));
    hal_remote_sxp(MAPPER_XP(xp, tbl_xp), XPTR_NULL);
    hal_remote_s32(MAPPER_XP(xp, tbl_size), 0);
    hal_remote_s32(MAPPER_XP(xp, pages_nr), 0);
    hal_remote_sxp(MAPPER_XP(xp, inode_xp), inode_xp);
    return xp;
}

/* Drops the mapper's reference on the page at <page_xp>; frees the page
 * when nobody else holds it, else only detaches it from the mapper. */
static void mapper_release_page(xptr_t page_xp)
{
    hal_remote_sxp(PAGE_FIELD_XP(page_xp, mapper), XPTR_NULL);
    if (page_remote_refcount_down(page_xp) == 0)
        ppm_remote_free_pages(GET_CXY(page_xp), GET_PTR(page_xp));
}

void mapper_destroy(xptr_t mapper_xp)
{
    xptr_t tbl_xp = hal_remote_lxp(MAPPER_XP(mapper_xp, tbl_xp));
    uint32_t size = hal_remote_l32(MAPPER_XP(mapper_xp, tbl_size));

    for (uint32_t i = 0; i < size; i++) {
        xptr_t page_xp = hal_remote_lxp(tbl_xp + i * sizeof(xptr_t));
        if (page_xp != XPTR_NULL)
            mapper_release_page(page_xp);
    }
    if (tbl_xp != XPTR_NULL)
        kmem_remote_free(tbl_xp);
    kmem_remote_free(mapper_xp);
}

/* Makes the table hold at least <index> + 1 entries (lock held).  Returns
 * 0 or -ENOMEM. */
static error_t mapper_grow(xptr_t mapper_xp, uint32_t index)
{
    cxy_t cxy = GET_CXY(mapper_xp);
    uint32_t old_size = hal_remote_l32(MAPPER_XP(mapper_xp, tbl_size));
    xptr_t old_xp = hal_remote_lxp(MAPPER_XP(mapper_xp, tbl_xp));
    uint32_t new_size = old_size ? old_size : MAPPER_TBL_MIN;

    while (new_size <= index)
        new_size *= 2;
    xptr_t new_xp = kmem_remote_alloc(cxy, (size_t)new_size * sizeof(xptr_t), AF_ZERO);
    if (new_xp == XPTR_NULL)
        return -ENOMEM;
    if (old_xp != XPTR_NULL) {
        hal_remote_memcpy(new_xp, old_xp, (size_t)old_size * sizeof(xptr_t));
        kmem_remote_free(old_xp);
    }
    hal_remote_sxp(MAPPER_XP(mapper_xp, tbl_xp), new_xp);
    hal_remote_s32(MAPPER_XP(mapper_xp, tbl_size), new_size);
    return 0;
}

xptr_t mapper_lookup_page(xptr_t mapper_xp, uint32_t index)
{
    xptr_t lock_xp = MAPPER_XP(mapper_xp, lock);
    xptr_t page_xp = XPTR_NULL;

    remote_busylock_acquire(lock_xp);
    if (index < hal_remote_l32(MAPPER_XP(mapper_xp, tbl_size)))
        page_xp = hal_remote_lxp(hal_remote_lxp(MAPPER_XP(mapper_xp, tbl_xp)) +
                                 (uint64_t)index * sizeof(xptr_t));
    remote_busylock_release(lock_xp);
    return page_xp;
}

/* mapper_get_page, and with <ref> one reference taken on the page before
 * the mapper's lock is released (so a truncation cannot free it first). */
static xptr_t mapper_get(xptr_t mapper_xp, uint32_t index, bool ref)
{
    xptr_t lock_xp = MAPPER_XP(mapper_xp, lock);
    xptr_t page_xp = XPTR_NULL;

    if (index >= CONFIG_MAPPER_MAX_PAGES)
        return XPTR_NULL;
    remote_busylock_acquire(lock_xp);
    if (index >= hal_remote_l32(MAPPER_XP(mapper_xp, tbl_size)) &&
        mapper_grow(mapper_xp, index) != 0)
        goto out;
    xptr_t slot_xp = hal_remote_lxp(MAPPER_XP(mapper_xp, tbl_xp)) +
                     (uint64_t)index * sizeof(xptr_t);
    page_xp = hal_remote_lxp(slot_xp);
    if (page_xp != XPTR_NULL)
        goto out;
    page_xp = ppm_remote_alloc_pages(GET_CXY(mapper_xp), 0);
    if (page_xp == XPTR_NULL)
        goto out;
    hal_remote_page_zero(ppm_page2base(page_xp));
    hal_remote_sxp(PAGE_FIELD_XP(page_xp, mapper), mapper_xp);
    hal_remote_s32(PAGE_FIELD_XP(page_xp, index), index);
    hal_remote_sxp(slot_xp, page_xp);
    hal_remote_atomic_add(MAPPER_XP(mapper_xp, pages_nr), 1);
out:
    if (ref && page_xp != XPTR_NULL)
        page_remote_refcount_up(page_xp);
    remote_busylock_release(lock_xp);
    return page_xp;
}

xptr_t mapper_get_page(xptr_t mapper_xp, uint32_t index)
{
    return mapper_get(mapper_xp, index, false);
}

xptr_t mapper_get_page_ref(xptr_t mapper_xp, uint32_t index)
{
    return mapper_get(mapper_xp, index, true);
}

void mapper_put_page(xptr_t page_xp)
{
    if (page_remote_refcount_down(page_xp) == 0)
        ppm_remote_free_pages(GET_CXY(page_xp), GET_PTR(page_xp));
}

error_t mapper_move_kernel(xptr_t mapper_xp, bool to_mapper, uint64_t file_offset,
                           void *kbuf, size_t size)
{
    uint8_t *buf = kbuf;

    if (size == 0)
        return 0;
    if (file_offset >= (uint64_t)CONFIG_MAPPER_MAX_PAGES << CONFIG_PPM_PAGE_SHIFT ||
        size > ((uint64_t)CONFIG_MAPPER_MAX_PAGES << CONFIG_PPM_PAGE_SHIFT) - file_offset)
        return -EFBIG;
    while (size > 0) {
        uint32_t index = (uint32_t)(file_offset >> CONFIG_PPM_PAGE_SHIFT);
        size_t in_page = file_offset & CONFIG_PPM_PAGE_MASK;
        size_t n = CONFIG_PPM_PAGE_SIZE - in_page;
        if (n > size)
            n = size;
        /* held while copied: a truncation meanwhile only detaches it */
        xptr_t page_xp = mapper_get_page_ref(mapper_xp, index);
        if (page_xp == XPTR_NULL)
            return -ENOMEM;
        xptr_t data_xp = ppm_page2base(page_xp) + in_page;
        /* a local page is copied through its local address, which also
         * serves buffers outside the kernel's slice (host unit tests) */
        bool local = GET_CXY(data_xp) == local_cxy;
        if (to_mapper) {
            if (local)
                memcpy(GET_PTR(data_xp), buf, n);
            else
                hal_remote_memcpy(data_xp, XPTR(local_cxy, buf), n);
            page_remote_set_flag(page_xp, PG_DIRTY);
        } else {
            if (local)
                memcpy(buf, GET_PTR(data_xp), n);
            else
                hal_remote_memcpy(XPTR(local_cxy, buf), data_xp, n);
        }
        mapper_put_page(page_xp);
        buf += n;
        file_offset += n;
        size -= n;
    }
    return 0;
}

void mapper_truncate(xptr_t mapper_xp, uint64_t size)
{
    xptr_t lock_xp = MAPPER_XP(mapper_xp, lock);
    uint64_t keep = (size + CONFIG_PPM_PAGE_MASK) >> CONFIG_PPM_PAGE_SHIFT;

    remote_busylock_acquire(lock_xp);
    xptr_t tbl_xp = hal_remote_lxp(MAPPER_XP(mapper_xp, tbl_xp));
    uint32_t tbl_size = hal_remote_l32(MAPPER_XP(mapper_xp, tbl_size));
    for (uint64_t i = keep; i < tbl_size; i++) {
        xptr_t slot_xp = tbl_xp + i * sizeof(xptr_t);
        xptr_t page_xp = hal_remote_lxp(slot_xp);
        if (page_xp == XPTR_NULL)
            continue;
        hal_remote_sxp(slot_xp, XPTR_NULL);
        hal_remote_atomic_add(MAPPER_XP(mapper_xp, pages_nr), -1);
        mapper_release_page(page_xp);
    }
    if ((size & CONFIG_PPM_PAGE_MASK) && keep - 1 < tbl_size) {
        xptr_t page_xp = hal_remote_lxp(tbl_xp + (keep - 1) * sizeof(xptr_t));
        size_t in_page = size & CONFIG_PPM_PAGE_MASK;
        if (page_xp != XPTR_NULL)
            hal_remote_memset(ppm_page2base(page_xp) + in_page, 0,
                              CONFIG_PPM_PAGE_SIZE - in_page);
    }
    remote_busylock_release(lock_xp);
}

uint32_t mapper_pages_nr(xptr_t mapper_xp)
{
    return hal_remote_l32(MAPPER_XP(mapper_xp, pages_nr));
}
