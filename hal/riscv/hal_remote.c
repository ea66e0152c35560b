/*
 * hal_remote.c - remote memory access through the REMOTE window.
 *
 * Every cluster's slice is mapped at REMOTE_BASE + (cxy << CLUSTER_SPAN_SHIFT),
 * so an extended pointer plus REMOTE_BASE is a plain kernel virtual address.
 * The single accesses are inline (hal_remote_access.h); here are the copies,
 * the page operations and the strings.  Accesses to the local cluster take
 * the same path (the local slice is mapped twice).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_remote.h"

void hal_remote_memcpy(xptr_t dst, xptr_t src, size_t size)
{
    uint8_t *d = (uint8_t *)HAL_XPTR_VADDR(dst);
    const uint8_t *s = (const uint8_t *)HAL_XPTR_VADDR(src);
    /* Word copies when both ends share their alignment. */
    if ((((uintptr_t)d ^ (uintptr_t)s) & 7) == 0) {
        while (size && ((uintptr_t)d & 7)) { *d++ = *s++; size--; }
        uint64_t *dw = (uint64_t *)d;
        const uint64_t *sw = (const uint64_t *)s;
        /* four words per iteration: the loop overhead is paid once per 32 bytes */
        for (; size >= 32; size -= 32, dw += 4, sw += 4) {
            uint64_t a = sw[0], b = sw[1], c = sw[2], e = sw[3];
            dw[0] = a; dw[1] = b; dw[2] = c; dw[3] = e;
        }
        for (; size >= 8; size -= 8)
            *dw++ = *sw++;
        d = (uint8_t *)dw;
        s = (const uint8_t *)sw;
    }
    while (size--)
        *d++ = *s++;
}

void hal_remote_memset(xptr_t dst, uint8_t byte, size_t size)
{
    uint8_t *d = (uint8_t *)HAL_XPTR_VADDR(dst);
    uint64_t word = 0x0101010101010101UL * byte;
    while (size && ((uintptr_t)d & 7)) { *d++ = byte; size--; }
    uint64_t *dw = (uint64_t *)d;
    for (; size >= 32; size -= 32, dw += 4) {
        dw[0] = word; dw[1] = word; dw[2] = word; dw[3] = word;
    }
    for (; size >= 8; size -= 8)
        *dw++ = word;
    d = (uint8_t *)dw;
    while (size--)
        *d++ = byte;
}

/* 16 words (128 bytes) per iteration: 32 iterations of 16 stores and 2
 * loop instructions per page.  The compiler must not turn the loop back
 * into a memset call (the kernel's memset is generic). */
void hal_remote_page_zero(xptr_t dst)
{
    volatile uint64_t *d = (volatile uint64_t *)HAL_XPTR_VADDR(dst);
    volatile uint64_t *end = d + 4096 / 8;
    for (; d < end; d += 16) {
        d[0] = 0;  d[1] = 0;  d[2] = 0;  d[3] = 0;
        d[4] = 0;  d[5] = 0;  d[6] = 0;  d[7] = 0;
        d[8] = 0;  d[9] = 0;  d[10] = 0; d[11] = 0;
        d[12] = 0; d[13] = 0; d[14] = 0; d[15] = 0;
    }
}

/* 16 words (128 bytes) per iteration, the loads first, then the stores,
 * so a load's latency is hidden behind the next ones. */
void hal_remote_page_copy(xptr_t dst, xptr_t src)
{
    volatile uint64_t *d = (volatile uint64_t *)HAL_XPTR_VADDR(dst);
    const volatile uint64_t *s = (const volatile uint64_t *)HAL_XPTR_VADDR(src);
    volatile uint64_t *end = d + 4096 / 8;
    for (; d < end; d += 16, s += 16) {
        uint64_t w0 = s[0], w1 = s[1], w2 = s[2], w3 = s[3];
        uint64_t w4 = s[4], w5 = s[5], w6 = s[6], w7 = s[7];
        uint64_t w8 = s[8], w9 = s[9], w10 = s[10], w11 = s[11];
        uint64_t w12 = s[12], w13 = s[13], w14 = s[14], w15 = s[15];
        d[0] = w0;   d[1] = w1;   d[2] = w2;   d[3] = w3;
        d[4] = w4;   d[5] = w5;   d[6] = w6;   d[7] = w7;
        d[8] = w8;   d[9] = w9;   d[10] = w10; d[11] = w11;
        d[12] = w12; d[13] = w13; d[14] = w14; d[15] = w15;
    }
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
