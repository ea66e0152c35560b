/*
 * kmem.h - kernel memory allocator, the front end of kcm and ppm.
 *
 * Requests up to KMEM_MAX_SIZE bytes are served by the kcm of the smallest
 * power-of-2 size class that holds them (16 B .. 2 KiB); larger ones get a
 * ppm block of the needed order (page aligned).  kmem_free tells the two
 * apart from the page descriptor (PG_KCM).  The remote variants allocate in
 * any cluster's memory.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef KMEM_H
#define KMEM_H

#include "hal_kernel_types.h"
#include "kcm.h"

#define KMEM_MIN_SHIFT  4                       /* 16 bytes */
#define KMEM_MAX_SHIFT  11                      /* 2 KiB */
#define KMEM_MAX_SIZE   (1U << KMEM_MAX_SHIFT)
#define KMEM_CLASSES    (KMEM_MAX_SHIFT - KMEM_MIN_SHIFT + 1)

/* kmem_alloc flags */
#define AF_NONE   0x0
#define AF_ZERO   0x1           /* fill the memory with zeros */

typedef struct kmem_s {
    kcm_t kcm[KMEM_CLASSES];    /* kcm[i] serves 2^(i + KMEM_MIN_SHIFT) bytes */
} kmem_t;

/* Initialises the size classes of the local cluster (ppm ready first). */
void kmem_init(void);

/* Allocates <size> bytes in the local cluster; NULL when out of memory. */
void *kmem_alloc(size_t size, uint32_t flags);

/* Frees <ptr>, returned by kmem_alloc in the local cluster. */
void kmem_free(void *ptr);

/* Allocates <size> bytes in cluster <cxy>; XPTR_NULL when out of memory. */
xptr_t kmem_remote_alloc(cxy_t cxy, size_t size, uint32_t flags);

/* Frees the memory at <xp>, returned by kmem_remote_alloc or kmem_alloc. */
void kmem_remote_free(xptr_t xp);

/* Size class (index in kmem_t.kcm) serving <size> <= KMEM_MAX_SIZE bytes. */
uint32_t kmem_class(size_t size);

#endif
