/*
 * kcm.c - fixed-size object allocator (see kcm.h).
 *
 * All state is reached through extended pointers under the kcm's remote
 * lock, so a core of any cluster allocates from any kcm.  Lock order: kcm
 * lock, then ppm lock (when a block comes from or goes back to the ppm).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "kcm.h"
#include "ppm.h"
#include "hal_remote.h"
#include "assert.h"

#define KCM_XP(kcm_xp, f)  ((kcm_xp) + offsetof(kcm_t, f))
#define BLK_XP(blk_xp, f)  ((blk_xp) + offsetof(kcm_block_t, f))

void kcm_init(kcm_t *kcm, uint32_t size)
{
    uint32_t order = 0;
    uint32_t objs;

    size = (uint32_t)BITS_ROUND_UP(size ? size : 1, KCM_ALIGN);
    for (;; order++) {
        assert(order <= KCM_MAX_ORDER);
        objs = (uint32_t)((CONFIG_PPM_PAGE_SIZE << order) - KCM_HDR_SIZE) / size;
        if (objs >= KCM_MIN_OBJS)
            break;
    }
    remote_busylock_init(XPTR(local_cxy, &kcm->lock));
    kcm->size = size;
    kcm->order = order;
    kcm->max_objs = objs < KCM_MAX_OBJS ? objs : KCM_MAX_OBJS;
    kcm->active_nr = 0;
    kcm->full_nr = 0;
    xlist_root_init(XPTR(local_cxy, &kcm->active_root));
    xlist_root_init(XPTR(local_cxy, &kcm->full_root));
    kcm->spare = XPTR_NULL;
}

/* Marks (or unmarks) every page of the block at <blk_xp> as part of a kcm
 * block of <order>. */
static void kcm_mark_pages(xptr_t blk_xp, uint32_t order, bool set)
{
    xptr_t page_xp = ppm_base2page(blk_xp);

    for (uint32_t i = 0; i < (1U << order); i++, page_xp += sizeof(page_t)) {
        if (set) {
            hal_remote_s32(PAGE_FIELD_XP(page_xp, order), order);
            page_remote_set_flag(page_xp, PG_KCM);
        } else {
            page_remote_clear_flag(page_xp, PG_KCM);
        }
    }
    /* the head keeps the block order for the ppm */
    hal_remote_s32(PAGE_FIELD_XP(ppm_base2page(blk_xp), order), order);
}

/* Takes a new block for the kcm at <kcm_xp> from the ppm of its cluster and
 * puts it on the active list; XPTR_NULL when the ppm is out.  Lock held. */
static xptr_t kcm_new_block(xptr_t kcm_xp)
{
    cxy_t cxy = GET_CXY(kcm_xp);
    uint32_t order = hal_remote_l32(KCM_XP(kcm_xp, order));
    xptr_t page_xp = ppm_remote_alloc_pages(cxy, order);

    if (page_xp == XPTR_NULL)
        return XPTR_NULL;
    xptr_t blk_xp = ppm_page2base(page_xp);
    hal_remote_memset(blk_xp, 0, sizeof(kcm_block_t));
    hal_remote_spt(BLK_XP(blk_xp, kcm), GET_PTR(kcm_xp));
    kcm_mark_pages(blk_xp, order, true);
    return blk_xp;
}

/* Gives the empty block at <blk_xp> back to the ppm. */
static void kcm_release_block(xptr_t blk_xp, uint32_t order)
{
    kcm_mark_pages(blk_xp, order, false);
    ppm_remote_free_pages(GET_CXY(blk_xp), GET_PTR(ppm_base2page(blk_xp)));
}

/* Index of a free object of the block at <blk_xp>, or -1. */
static int kcm_block_find_free(xptr_t blk_xp, uint32_t max_objs)
{
    for (uint32_t w = 0; w < BITMAP_WORDS(max_objs); w++) {
        uint32_t word = hal_remote_l32(BLK_XP(blk_xp, bitmap[w]));
        if (~word) {
            uint32_t i = w * 32 + (uint32_t)bits_ffs(~word);
            return i < max_objs ? (int)i : -1;
        }
    }
    return -1;
}

xptr_t kcm_remote_alloc(cxy_t cxy, kcm_t *kcm)
{
    xptr_t kcm_xp = XPTR(cxy, kcm);
    xptr_t lock_xp = KCM_XP(kcm_xp, lock);
    xptr_t active_xp = KCM_XP(kcm_xp, active_root);
    xptr_t blk_xp;

    remote_busylock_acquire(lock_xp);
    if (xlist_is_empty(active_xp)) {
        blk_xp = hal_remote_lxp(KCM_XP(kcm_xp, spare));
        if (blk_xp != XPTR_NULL) {
            hal_remote_sxp(KCM_XP(kcm_xp, spare), XPTR_NULL);
        } else {
            blk_xp = kcm_new_block(kcm_xp);
            if (blk_xp == XPTR_NULL) {
                remote_busylock_release(lock_xp);
                return XPTR_NULL;
            }
        }
        xlist_add_first(active_xp, BLK_XP(blk_xp, list));
        hal_remote_atomic_add(KCM_XP(kcm_xp, active_nr), 1);
    } else {
        blk_xp = XLIST_ELEMENT(xlist_first(active_xp), kcm_block_t, list);
    }

    uint32_t size = hal_remote_l32(KCM_XP(kcm_xp, size));
    uint32_t max_objs = hal_remote_l32(KCM_XP(kcm_xp, max_objs));
    int index = kcm_block_find_free(blk_xp, max_objs);
    assert(index >= 0);         /* active blocks have a free object */
    hal_remote_atomic_or(BLK_XP(blk_xp, bitmap[index / 32]), 1U << (index % 32));
    uint32_t count = hal_remote_atomic_add(BLK_XP(blk_xp, count), 1) + 1;
    if (count == max_objs) {
        xlist_unlink(BLK_XP(blk_xp, list));
        hal_remote_atomic_add(KCM_XP(kcm_xp, active_nr), -1);
        xlist_add_last(KCM_XP(kcm_xp, full_root), BLK_XP(blk_xp, list));
        hal_remote_atomic_add(KCM_XP(kcm_xp, full_nr), 1);
    }
    remote_busylock_release(lock_xp);
    return blk_xp + KCM_HDR_SIZE + (xptr_t)index * size;
}

void kcm_remote_free(cxy_t cxy, void *obj)
{
    xptr_t obj_xp = XPTR(cxy, obj);
    xptr_t page_xp = ppm_base2page(obj_xp);

    assert(page_remote_is_flag(page_xp, PG_KCM));
    uint32_t order = hal_remote_l32(PAGE_FIELD_XP(page_xp, order));
    xptr_t blk_xp = obj_xp & ~(((xptr_t)CONFIG_PPM_PAGE_SIZE << order) - 1);
    xptr_t kcm_xp = XPTR(cxy, hal_remote_lpt(BLK_XP(blk_xp, kcm)));
    xptr_t lock_xp = KCM_XP(kcm_xp, lock);

    /* size and max_objs never change after kcm_init: check without lock */
    uint32_t size = hal_remote_l32(KCM_XP(kcm_xp, size));
    uint32_t max_objs = hal_remote_l32(KCM_XP(kcm_xp, max_objs));
    uint64_t offset = obj_xp - blk_xp - KCM_HDR_SIZE;
    uint32_t index = (uint32_t)(offset / size);
    assert(obj_xp >= blk_xp + KCM_HDR_SIZE && offset % size == 0 && index < max_objs);

    remote_busylock_acquire(lock_xp);
    xptr_t word_xp = BLK_XP(blk_xp, bitmap[index / 32]);
    uint32_t old = hal_remote_atomic_and(word_xp, ~(1U << (index % 32)));
    assert(old & (1U << (index % 32)));         /* double free */

    uint32_t count = hal_remote_atomic_add(BLK_XP(blk_xp, count), -1) - 1;
    if (count == max_objs - 1) {                /* was full */
        xlist_unlink(BLK_XP(blk_xp, list));
        hal_remote_atomic_add(KCM_XP(kcm_xp, full_nr), -1);
        xlist_add_last(KCM_XP(kcm_xp, active_root), BLK_XP(blk_xp, list));
        hal_remote_atomic_add(KCM_XP(kcm_xp, active_nr), 1);
    }
    if (count == 0) {
        xlist_unlink(BLK_XP(blk_xp, list));
        hal_remote_atomic_add(KCM_XP(kcm_xp, active_nr), -1);
        if (hal_remote_lxp(KCM_XP(kcm_xp, spare)) == XPTR_NULL)
            hal_remote_sxp(KCM_XP(kcm_xp, spare), blk_xp);
        else
            kcm_release_block(blk_xp, order);
    }
    remote_busylock_release(lock_xp);
}

void *kcm_alloc(kcm_t *kcm)
{
    xptr_t obj_xp = kcm_remote_alloc(local_cxy, kcm);
    return obj_xp == XPTR_NULL ? NULL : GET_PTR(obj_xp);
}

void kcm_free(void *obj)
{
    kcm_remote_free(local_cxy, obj);
}

uint32_t kcm_remote_blocks_nr(cxy_t cxy, kcm_t *kcm)
{
    xptr_t kcm_xp = XPTR(cxy, kcm);

    return hal_remote_l32(KCM_XP(kcm_xp, active_nr)) +
           hal_remote_l32(KCM_XP(kcm_xp, full_nr)) +
           (hal_remote_lxp(KCM_XP(kcm_xp, spare)) != XPTR_NULL);
}
