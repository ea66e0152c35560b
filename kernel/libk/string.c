/*
 * string.c - memory and string functions (see string.h).
 *
 * Byte loops, except that memcpy and memset move 8-byte words when the
 * addresses allow it (both aligned for memcpy): the kernel copies whole
 * pages and the initrd with them, and a byte per iteration made loading a
 * 2 MiB initrd from another cluster's memory cost ~50 M cycles on the SoC.
 * Words are read and written through a may_alias type, so the compiler
 * makes no type-based assumption about the caller's buffers; the
 * optimize attribute keeps GCC's loop-distribution pass from turning these
 * loops back into calls to the very functions they implement.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdint.h>
#include "string.h"
#include "errno.h"

typedef uint64_t __attribute__((may_alias)) word_t;
#if defined(__GNUC__) && !defined(__clang__)
#define LIBK_LOOPS __attribute__((optimize("no-tree-loop-distribute-patterns")))
#else
#define LIBK_LOOPS          /* clang (host fuzzing builds): renamed libk_*, no such pass to stop */
#endif

LIBK_LOOPS void *memcpy(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    if ((((uintptr_t)d | (uintptr_t)s) & 7) == 0) {
        word_t *dw = (word_t *)d;
        const word_t *sw = (const word_t *)s;
        for (; n >= 32; n -= 32, dw += 4, sw += 4) {
            /* four loads before the stores: their latencies overlap */
            uint64_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
            dw[0] = w0; dw[1] = w1; dw[2] = w2; dw[3] = w3;
        }
        for (; n >= 8; n -= 8)
            *dw++ = *sw++;
        d = (uint8_t *)dw;
        s = (const uint8_t *)sw;
    }
    while (n--)
        *d++ = *s++;
    return dst;
}

LIBK_LOOPS void *memmove(void *dst, const void *src, size_t n)
{
    uint8_t *d = dst;
    const uint8_t *s = src;

    if (d <= s || d >= s + n) {
        while (n--)
            *d++ = *s++;
    } else {                    /* overlapping, dst above src: copy backwards */
        while (n--)
            d[n] = s[n];
    }
    return dst;
}

LIBK_LOOPS void *memset(void *dst, int c, size_t n)
{
    uint8_t *d = dst;

    while (n && ((uintptr_t)d & 7)) {
        *d++ = (uint8_t)c;
        n--;
    }
    if (n >= 8) {
        word_t *dw = (word_t *)d;
        uint64_t w = (uint8_t)c * 0x0101010101010101ULL;
        for (; n >= 32; n -= 32, dw += 4) {
            dw[0] = w; dw[1] = w; dw[2] = w; dw[3] = w;
        }
        for (; n >= 8; n -= 8)
            *dw++ = w;
        d = (uint8_t *)dw;
    }
    while (n--)
        *d++ = (uint8_t)c;
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *p = a, *q = b;

    for (size_t i = 0; i < n; i++)
        if (p[i] != q[i])
            return p[i] < q[i] ? -1 : 1;
    return 0;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n])
        n++;
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n])
        n++;
    return n;
}

int strcmp(const char *a, const char *b)
{
    while (*a && *a == *b) {
        a++;
        b++;
    }
    return (int)(unsigned char)*a - (int)(unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        if (*a != *b)
            return (int)(unsigned char)*a - (int)(unsigned char)*b;
        if (*a == 0)
            break;
    }
    return 0;
}

char *strcpy(char *dst, const char *src)
{
    char *d = dst;

    while ((*d++ = *src++) != 0)
        ;
    return dst;
}

char *strncpy(char *dst, const char *src, size_t n)
{
    size_t i = 0;

    for (; i < n && src[i]; i++)
        dst[i] = src[i];
    for (; i < n; i++)
        dst[i] = 0;
    return dst;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
    size_t len = strlen(src);

    if (size > 0) {
        size_t n = len < size - 1 ? len : size - 1;
        memcpy(dst, src, n);
        dst[n] = 0;
    }
    return len;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c)
            return (char *)s;
        if (*s == 0)
            return NULL;
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c)
            last = s;
        if (*s == 0)
            return (char *)last;
    }
}

/* Value of digit <c> in any base up to 36, or 99 when not a digit. */
static int string_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z')
        return c - 'A' + 10;
    return 99;
}

int kstrtoul(const char *s, char **end, int base, unsigned long *out)
{
    unsigned long val = 0;
    int error = 0;
    const char *start;

    while (*s == ' ' || *s == '\t')
        s++;
    if (*s == '+')
        s++;
    if ((base == 0 || base == 16) && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')
        && string_digit(s[2]) < 16) {
        s += 2;
        base = 16;
    } else if (base == 0) {
        base = (s[0] == '0') ? 8 : 10;
    }
    if (base < 2 || base > 36) {
        if (end)
            *end = (char *)s;
        return -EINVAL;
    }
    for (start = s; string_digit(*s) < base; s++) {
        unsigned long d = (unsigned long)string_digit(*s);
        if (val > (~0UL - d) / (unsigned long)base)
            error = -ERANGE;    /* keep scanning so *end is right */
        else
            val = val * (unsigned long)base + d;
    }
    if (end)
        *end = (char *)s;
    if (s == start)
        return -EINVAL;
    if (error == 0)
        *out = val;
    return error;
}

int kstrtosize(const char *s, unsigned long *out)
{
    unsigned long val;
    unsigned int shift = 0;
    char *end;
    int error = kstrtoul(s, &end, 0, &val);

    if (error)
        return error;
    switch (*end) {
    case 'k': case 'K': shift = 10; end++; break;
    case 'm': case 'M': shift = 20; end++; break;
    case 'g': case 'G': shift = 30; end++; break;
    default: break;
    }
    if (*end != 0)
        return -EINVAL;
    if (shift && (val >> (64 - shift)) != 0)
        return -ERANGE;
    *out = val << shift;
    return 0;
}
