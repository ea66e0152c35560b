/*
 * kcm.h - kernel cache manager: allocator of fixed-size objects.
 *
 * A kcm_t serves objects of one size in its cluster.  It carves them out of
 * "kcm blocks": buddy blocks of 2^order pages taken from the cluster's ppm,
 * naturally aligned, which start with a kcm_block_t header (a bitmap of the
 * objects in use).  Blocks with a free object sit on the active list, full
 * ones on the full list; an emptied block is kept as the spare if there is
 * none, otherwise given back to the ppm.  Every page of a block is flagged
 * PG_KCM with the block's order, so an object's block (and kcm) is found
 * from its address alone.  The remote variants work on a kcm of any
 * cluster; objects always come from the kcm's own cluster.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef KCM_H
#define KCM_H

#include "hal_kernel_types.h"
#include "xlist.h"
#include "bits.h"
#include "remote_busylock.h"

#define KCM_MAX_OBJS   256      /* objects per block, bitmap capacity */
#define KCM_MIN_OBJS   8        /* a block holds at least this many */
#define KCM_ALIGN      16       /* object sizes are multiples of this */
#define KCM_MAX_ORDER  4        /* largest block: 16 pages */

typedef struct kcm_block_s {
    bitmap_t      bitmap[BITMAP_WORDS(KCM_MAX_OBJS)]; /* 1 = object in use */
    xlist_entry_t list;         /* in the kcm's active or full list */
    struct kcm_s *kcm;          /* owner (pointer valid in this cluster) */
    uint32_t      count;        /* objects in use */
    uint32_t      reserved;
} kcm_block_t;

/* Offset of object 0 in a block (the header, cache-line rounded). */
#define KCM_HDR_SIZE  BITS_ROUND_UP(sizeof(kcm_block_t), 64)

typedef struct kcm_s {
    remote_busylock_t lock;     /* protects the kcm and its blocks */
    uint32_t      size;         /* object size, bytes */
    uint32_t      order;        /* a block is 2^order pages */
    uint32_t      max_objs;     /* objects per block */
    uint32_t      active_nr;    /* blocks on the active list */
    uint32_t      full_nr;      /* blocks on the full list */
    xlist_entry_t active_root;  /* blocks with at least one free object */
    xlist_entry_t full_root;    /* blocks without */
    xptr_t        spare;        /* one empty block kept, or XPTR_NULL */
} kcm_t;

/* Initialises <kcm> (in the local cluster) for objects of <size> bytes,
 * rounded up to KCM_ALIGN; size must fit KCM_MIN_OBJS per largest block. */
void kcm_init(kcm_t *kcm, uint32_t size);

/* Allocates an object from the local <kcm>; NULL when memory is out. */
void *kcm_alloc(kcm_t *kcm);

/* Frees the object at <obj>, allocated by a kcm of the local cluster. */
void kcm_free(void *obj);

/* Allocates an object from <kcm> (pointer valid in <cxy>) of cluster
 * <cxy>; returns its extended pointer, XPTR_NULL when memory is out. */
xptr_t kcm_remote_alloc(cxy_t cxy, kcm_t *kcm);

/* Frees the object <obj> (pointer valid in <cxy>) of cluster <cxy>. */
void kcm_remote_free(cxy_t cxy, void *obj);

/* Number of blocks the kcm of cluster <cxy> holds (active, full, spare). */
uint32_t kcm_remote_blocks_nr(cxy_t cxy, kcm_t *kcm);

#endif
