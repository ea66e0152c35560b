/*
 * hal_remote.c - host implementation of hal_remote.h.
 *
 * Every simulated slice is mapped in this process, so an extended pointer
 * is reached at HAL_XPTR_VADDR(xp) with ordinary (atomic where it matters)
 * accesses.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_remote.h"

#define VA(type, xp) ((volatile type *)HAL_XPTR_VADDR(xp))

uint8_t  hal_remote_l8 (xptr_t xp) { return *VA(uint8_t, xp); }
uint16_t hal_remote_l16(xptr_t xp) { return *VA(uint16_t, xp); }
uint32_t hal_remote_l32(xptr_t xp) { return __atomic_load_n(VA(uint32_t, xp), __ATOMIC_SEQ_CST); }
uint64_t hal_remote_l64(xptr_t xp) { return __atomic_load_n(VA(uint64_t, xp), __ATOMIC_SEQ_CST); }
void    *hal_remote_lpt(xptr_t xp) { return (void *)(uintptr_t)hal_remote_l64(xp); }
xptr_t   hal_remote_lxp(xptr_t xp) { return hal_remote_l64(xp); }

void hal_remote_s8 (xptr_t xp, uint8_t  val) { *VA(uint8_t, xp) = val; }
void hal_remote_s16(xptr_t xp, uint16_t val) { *VA(uint16_t, xp) = val; }
void hal_remote_s32(xptr_t xp, uint32_t val) { __atomic_store_n(VA(uint32_t, xp), val, __ATOMIC_SEQ_CST); }
void hal_remote_s64(xptr_t xp, uint64_t val) { __atomic_store_n(VA(uint64_t, xp), val, __ATOMIC_SEQ_CST); }
void hal_remote_spt(xptr_t xp, void *ptr)    { hal_remote_s64(xp, (uint64_t)(uintptr_t)ptr); }
void hal_remote_sxp(xptr_t xp, xptr_t val)   { hal_remote_s64(xp, val); }

uint32_t hal_remote_atomic_add(xptr_t xp, int32_t incr)
{
    return __atomic_fetch_add(VA(uint32_t, xp), (uint32_t)incr, __ATOMIC_SEQ_CST);
}

uint32_t hal_remote_atomic_and(xptr_t xp, uint32_t mask)
{
    return __atomic_fetch_and(VA(uint32_t, xp), mask, __ATOMIC_SEQ_CST);
}

uint32_t hal_remote_atomic_or(xptr_t xp, uint32_t mask)
{
    return __atomic_fetch_or(VA(uint32_t, xp), mask, __ATOMIC_SEQ_CST);
}

bool hal_remote_atomic_cas(xptr_t xp, uint32_t old, uint32_t new_val)
{
    return __atomic_compare_exchange_n(VA(uint32_t, xp), &old, new_val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

uint64_t hal_remote_atomic_add64(xptr_t xp, int64_t incr)
{
    return __atomic_fetch_add(VA(uint64_t, xp), (uint64_t)incr, __ATOMIC_SEQ_CST);
}

bool hal_remote_atomic_cas64(xptr_t xp, uint64_t old, uint64_t new_val)
{
    return __atomic_compare_exchange_n(VA(uint64_t, xp), &old, new_val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* Byte loops rather than libc: the host build renames the libk string
 * functions, and these must not depend on either. */
void hal_remote_memcpy(xptr_t dst, xptr_t src, size_t size)
{
    volatile uint8_t *d = VA(uint8_t, dst);
    volatile const uint8_t *s = VA(uint8_t, src);
    for (size_t i = 0; i < size; i++)
        d[i] = s[i];
}

void hal_remote_memset(xptr_t dst, uint8_t byte, size_t size)
{
    volatile uint8_t *d = VA(uint8_t, dst);
    for (size_t i = 0; i < size; i++)
        d[i] = byte;
}

void hal_remote_strcpy(xptr_t dst, xptr_t src)
{
    volatile uint8_t *d = VA(uint8_t, dst);
    volatile const uint8_t *s = VA(uint8_t, src);
    size_t i = 0;
    do {
        d[i] = s[i];
    } while (s[i++] != 0);
}

size_t hal_remote_strlen(xptr_t xp)
{
    volatile const uint8_t *s = VA(uint8_t, xp);
    size_t n = 0;
    while (s[n] != 0)
        n++;
    return n;
}
