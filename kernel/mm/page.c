/*
 * page.c - page descriptor helpers (see page.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "page.h"
#include "hal_remote.h"
#include "assert.h"

uint32_t page_remote_refcount_up(xptr_t page_xp)
{
    return hal_remote_atomic_add(PAGE_FIELD_XP(page_xp, refcount), 1) + 1;
}

uint32_t page_remote_refcount_down(xptr_t page_xp)
{
    uint32_t old = hal_remote_atomic_add(PAGE_FIELD_XP(page_xp, refcount), -1);

    assert(old > 0);
    return old - 1;
}

uint32_t page_remote_refcount(xptr_t page_xp)
{
    return hal_remote_l32(PAGE_FIELD_XP(page_xp, refcount));
}

uint32_t page_remote_forks_up(xptr_t page_xp)
{
    return hal_remote_atomic_add(PAGE_FIELD_XP(page_xp, forks), 1) + 1;
}

uint32_t page_remote_forks_down(xptr_t page_xp)
{
    uint32_t old = hal_remote_atomic_add(PAGE_FIELD_XP(page_xp, forks), -1);

    assert(old > 0);
    return old - 1;
}

uint32_t page_remote_forks(xptr_t page_xp)
{
    return hal_remote_l32(PAGE_FIELD_XP(page_xp, forks));
}

void page_remote_set_flag(xptr_t page_xp, uint32_t flags)
{
    hal_remote_atomic_or(PAGE_FIELD_XP(page_xp, flags), flags);
}

void page_remote_clear_flag(xptr_t page_xp, uint32_t flags)
{
    hal_remote_atomic_and(PAGE_FIELD_XP(page_xp, flags), ~flags);
}

bool page_remote_is_flag(xptr_t page_xp, uint32_t flags)
{
    return (hal_remote_l32(PAGE_FIELD_XP(page_xp, flags)) & flags) != 0;
}
