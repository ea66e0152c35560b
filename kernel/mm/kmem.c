/*
 * kmem.c - kernel memory allocator (see kmem.h).
 *
 * The kmem_t of every cluster is at the same local address (inside its
 * cluster manager), so &LOCAL_CLUSTER->kmem.kcm[i] names class i of any
 * cluster once paired with its cxy.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "kmem.h"
#include "ppm.h"
#include "cluster.h"
#include "hal_remote.h"
#include "bits.h"
#include "assert.h"

void kmem_init(void)
{
    for (uint32_t i = 0; i < KMEM_CLASSES; i++)
        kcm_init(&LOCAL_CLUSTER->kmem.kcm[i], 1U << (i + KMEM_MIN_SHIFT));
}

uint32_t kmem_class(size_t size)
{
    uint32_t shift = bits_log2_up(size);

    return shift <= KMEM_MIN_SHIFT ? 0 : shift - KMEM_MIN_SHIFT;
}

xptr_t kmem_remote_alloc(cxy_t cxy, size_t size, uint32_t flags)
{
    xptr_t xp;

    if (size <= KMEM_MAX_SIZE) {
        xp = kcm_remote_alloc(cxy, &LOCAL_CLUSTER->kmem.kcm[kmem_class(size)]);
    } else {
        uint64_t pages = BITS_DIV_UP((uint64_t)size, CONFIG_PPM_PAGE_SIZE);
        xptr_t page_xp = ppm_remote_alloc_pages(cxy, bits_log2_up(pages));
        xp = page_xp == XPTR_NULL ? XPTR_NULL : ppm_page2base(page_xp);
    }
    if (xp != XPTR_NULL && (flags & AF_ZERO))
        hal_remote_memset(xp, 0, size);
    return xp;
}

void kmem_remote_free(xptr_t xp)
{
    cxy_t cxy = GET_CXY(xp);
    xptr_t page_xp = ppm_base2page(xp);

    if (page_remote_is_flag(page_xp, PG_KCM)) {
        kcm_remote_free(cxy, GET_PTR(xp));
    } else {
        assert((xp & CONFIG_PPM_PAGE_MASK) == 0);   /* a block's first byte */
        ppm_remote_free_pages(cxy, GET_PTR(page_xp));
    }
}

void *kmem_alloc(size_t size, uint32_t flags)
{
    xptr_t xp = kmem_remote_alloc(local_cxy, size, flags);
    return xp == XPTR_NULL ? NULL : GET_PTR(xp);
}

void kmem_free(void *ptr)
{
    kmem_remote_free(XPTR(local_cxy, ptr));
}
