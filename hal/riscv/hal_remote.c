/*
 * hal_remote.c - remote memory access through the REMOTE window.
 *
 * Every cluster's slice is mapped at REMOTE_BASE + (cxy << CLUSTER_SPAN_SHIFT),
 * so an extended pointer plus REMOTE_BASE is a plain kernel virtual address:
 * each access below is one add and one load, store or AMO.  Accesses to the
 * local cluster take the same path (the local slice is mapped twice).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_remote.h"

#define VA(type, xp)  ((type volatile *)HAL_XPTR_VADDR(xp))

uint8_t  hal_remote_l8 (xptr_t xp) { return *VA(uint8_t, xp); }
uint16_t hal_remote_l16(xptr_t xp) { return *VA(uint16_t, xp); }
uint32_t hal_remote_l32(xptr_t xp) { return *VA(uint32_t, xp); }
uint64_t hal_remote_l64(xptr_t xp) { return *VA(uint64_t, xp); }
void    *hal_remote_lpt(xptr_t xp) { return *VA(void *, xp); }
xptr_t   hal_remote_lxp(xptr_t xp) { return *VA(xptr_t, xp); }

void hal_remote_s8 (xptr_t xp, uint8_t  v) { *VA(uint8_t, xp) = v; }
void hal_remote_s16(xptr_t xp, uint16_t v) { *VA(uint16_t, xp) = v; }
void hal_remote_s32(xptr_t xp, uint32_t v) { *VA(uint32_t, xp) = v; }
void hal_remote_s64(xptr_t xp, uint64_t v) { *VA(uint64_t, xp) = v; }
void hal_remote_spt(xptr_t xp, void *p)    { *VA(void *, xp) = p; }
void hal_remote_sxp(xptr_t xp, xptr_t v)   { *VA(xptr_t, xp) = v; }

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

void hal_remote_memcpy(xptr_t dst, xptr_t src, size_t size)
{
    uint8_t *d = (uint8_t *)HAL_XPTR_VADDR(dst);
    const uint8_t *s = (const uint8_t *)HAL_XPTR_VADDR(src);
    /* Word copies when both ends share their alignment. */
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        while (size && ((uintptr_t)d & 7)) { *d++ = *s++; size--; }
        for (; size >= 8; size -= 8, d += 8, s += 8)
            *(uint64_t *)d = *(const uint64_t *)s;
    }
    while (size--)
        *d++ = *s++;
}

void hal_remote_memset(xptr_t dst, uint8_t byte, size_t size)
{
    uint8_t *d = (uint8_t *)HAL_XPTR_VADDR(dst);
    uint64_t word = 0x0101010101010101UL * byte;
    while (size && ((uintptr_t)d & 7)) { *d++ = byte; size--; }
    for (; size >= 8; size -= 8, d += 8)
        *(uint64_t *)d = word;
    while (size--)
        *d++ = byte;
}

void hal_remote_strcpy(xptr_t dst, xptr_t src)
{
    char *d = (char *)HAL_XPTR_VADDR(dst);
    const char *s = (const char *)HAL_XPTR_VADDR(src);
    while ((*d++ = *s++) != '\0')
        ;
}

size_t hal_remote_strlen(xptr_t xp)
{
    const char *s = (const char *)HAL_XPTR_VADDR(xp);
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

const void *hal_remote_map(xptr_t xp, size_t size)
{
    (void)size;                 /* every slice is mapped whole */
    return (const void *)HAL_XPTR_VADDR(xp);
}
