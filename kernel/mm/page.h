/*
 * page.h - the descriptor of one physical page (4 KiB).
 *
 * Each cluster's ppm keeps one page_t per page of its memory slice.  While a
 * page heads a free buddy block it is PG_FREE, its <order> is the block's
 * and <list> links it in the ppm free list of that order; the other pages
 * of a free block carry no flag.  Once allocated, the head page's <order>
 * tells the block size, and the descriptor serves the page's users: the
 * kcm (PG_KCM), the VMM (refcount, forks = pending copy-on-write forks), the
 * page cache (mapper, index).  Descriptors are reached from any cluster
 * through extended pointers: use the page_remote_* helpers.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef PAGE_H
#define PAGE_H

#include "hal_kernel_types.h"
#include "xlist.h"
#include "remote_busylock.h"

/* page_t.flags */
#define PG_FREE       0x0001   /* heads a free block of the buddy */
#define PG_RESERVED   0x0002   /* never given to the buddy (kernel, tables) */
#define PG_KCM        0x0004   /* part of a kcm block (object allocator) */
#define PG_DIRTY      0x0008   /* page cache: modified since read */
#define PG_LOCKED     0x0010   /* page cache: I/O in progress */
#define PG_PCACHE     0x0020   /* free, in a core's cache of single pages (ppm) */

typedef struct page_s {
    uint32_t          flags;    /* PG_* */
    uint32_t          order;    /* block is 2^order pages (head page) */
    xlist_entry_t     list;     /* free list of the ppm, or other owner */
    uint32_t          refcount; /* users of the page (1 when allocated) */
    uint32_t          forks;    /* pending forks sharing it copy-on-write */
    remote_busylock_t lock;     /* protects forks (and refcount users) */
    xptr_t            mapper;   /* page cache owning the page, or XPTR_NULL */
    uint32_t          index;    /* page index in that mapper */
} page_t;

/* Extended pointer on field <f> of the page descriptor at <page_xp>. */
#define PAGE_FIELD_XP(page_xp, f) ((xptr_t)(page_xp) + offsetof(page_t, f))

/* Increments / decrements the refcount of the page at <page_xp>; returns
 * the new value. */
uint32_t page_remote_refcount_up(xptr_t page_xp);
uint32_t page_remote_refcount_down(xptr_t page_xp);

/* Current refcount of the page at <page_xp>. */
uint32_t page_remote_refcount(xptr_t page_xp);

/* Increments / decrements the pending forks counter of the page at
 * <page_xp>; returns the new value.  Callers hold the page lock when the
 * test and the update must be one step (COW). */
uint32_t page_remote_forks_up(xptr_t page_xp);
uint32_t page_remote_forks_down(xptr_t page_xp);

/* Current pending forks counter of the page at <page_xp>. */
uint32_t page_remote_forks(xptr_t page_xp);

/* Atomically sets / clears <flags> in the page at <page_xp>. */
void page_remote_set_flag(xptr_t page_xp, uint32_t flags);
void page_remote_clear_flag(xptr_t page_xp, uint32_t flags);

/* True when any of <flags> is set in the page at <page_xp>. */
bool page_remote_is_flag(xptr_t page_xp, uint32_t flags);

#endif
