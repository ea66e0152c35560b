/*
 * page.c - page descriptor helpers (see page.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "page.h"
#include "hal_remote.h"
#include "assert.h"

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
