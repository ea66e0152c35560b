/*
 * mapper.h - the page cache of one file (one mapper per inode).
 *
 * As in ALMOS-MKH, a mapper holds the pages of a file's content, indexed by
 * page index in the file.  The ramfs has no backing store: its file data
 * lives only in the mapper.  A missing page (a hole, or past the end) is
 * allocated zero-filled on first access.  Each page descriptor records
 * (mapper, index) and the mapper holds one reference on it; the VMM raises
 * the refcount (page_remote_refcount_up) of the pages it maps.
 *
 * The table of pages is a growable array of page extended pointers living
 * in the mapper's cluster, protected by a remote_busylock: every function
 * here works on a mapper of any cluster, so the VMM may call them from the
 * cluster where a page fault happens.  Pages are allocated in the mapper's
 * cluster.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef MAPPER_H
#define MAPPER_H

#include "hal_kernel_types.h"
#include "remote_busylock.h"

/* Largest file: 65536 pages (256 MiB). */
#define CONFIG_MAPPER_MAX_PAGES  (1U << 16)

typedef struct mapper_s {
    remote_busylock_t lock;      /* protects the fields below and the table */
    xptr_t   tbl_xp;             /* xptr_t[tbl_size]: page descriptors, or XPTR_NULL */
    uint32_t tbl_size;           /* entries in the table */
    uint32_t pages_nr;           /* pages present */
    xptr_t   inode_xp;           /* owning inode */
} mapper_t;

/* Creates an empty mapper in cluster <cxy> for the inode at <inode_xp>.
 * Returns its extended pointer, or XPTR_NULL when out of memory. */
xptr_t mapper_create(cxy_t cxy, xptr_t inode_xp);

/* Drops the mapper's reference on each of its pages, freeing those nobody
 * else holds (ppm_remote_free_pages), then frees the mapper. */
void mapper_destroy(xptr_t mapper_xp);

/* Extended pointer on the descriptor of file page <index>, allocating a
 * zero-filled page when the mapper has none there.  Returns XPTR_NULL when
 * out of memory or when index >= CONFIG_MAPPER_MAX_PAGES. */
xptr_t mapper_get_page(xptr_t mapper_xp, uint32_t index);

/* mapper_get_page, with one reference on the page taken under the mapper's
 * lock: the page stays valid (a truncation only detaches it) until
 * mapper_put_page.  Who keeps a page past the lock must use this. */
xptr_t mapper_get_page_ref(xptr_t mapper_xp, uint32_t index);
/* Drops a reference taken by mapper_get_page_ref (or counted on a mapped
 * page); frees the page when it was the last one. */
void mapper_put_page(xptr_t page_xp);

/* The ALMOS-MKH name of mapper_get_page (the VMM seeds call it so). */
static inline xptr_t mapper_remote_get_page(xptr_t mapper_xp, uint32_t index)
{
    return mapper_get_page(mapper_xp, index);
}

/* Descriptor of file page <index> when present, XPTR_NULL otherwise (never
 * allocates). */
xptr_t mapper_lookup_page(xptr_t mapper_xp, uint32_t index);

/* Copies <size> bytes between the file at <file_offset> and the kernel
 * buffer <kbuf> of the calling cluster: into the mapper when <to_mapper>,
 * out of it otherwise.  Missing pages are allocated zero-filled.  Returns 0,
 * -EFBIG past the largest file, -ENOMEM. */
error_t mapper_move_kernel(xptr_t mapper_xp, bool to_mapper, uint64_t file_offset,
                           void *kbuf, size_t size);

/* Cuts the cached content to <size> bytes: drops the pages past the end
 * (freed when unmapped) and zeroes the tail of the last one, so a later
 * growth reads zeros. */
void mapper_truncate(xptr_t mapper_xp, uint64_t size);

/* Pages present in the mapper. */
uint32_t mapper_pages_nr(xptr_t mapper_xp);

#endif
