/*
 * bits.c - bit operations and bitmaps (see bits.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "bits.h"

int bits_ffs(uint64_t x)
{
    int n = 0;

    if (x == 0)
        return -1;
    /* binary search: halve the window while its low half is empty */
    for (int shift = 32; shift > 0; shift >>= 1) {
        uint64_t mask = (1ULL << shift) - 1;
        if ((x & mask) == 0) {
            x >>= shift;
            n += shift;
        }
    }
    return n;
}

int bits_fls(uint64_t x)
{
    int n = 0;

    if (x == 0)
        return -1;
    for (int shift = 32; shift > 0; shift >>= 1) {
        if (x >> shift) {
            x >>= shift;
            n += shift;
        }
    }
    return n;
}

uint32_t bits_popcount(uint64_t x)
{
    uint32_t n = 0;

    while (x) {
        x &= x - 1;         /* drops the lowest set bit */
        n++;
    }
    return n;
}

bool bits_is_power_of_2(uint64_t x)
{
    return x != 0 && (x & (x - 1)) == 0;
}

uint32_t bits_log2(uint64_t x)
{
    return x ? (uint32_t)bits_fls(x) : 0;
}

uint32_t bits_log2_up(uint64_t x)
{
    if (x <= 1)
        return 0;
    return (uint32_t)bits_fls(x - 1) + 1;
}

uint64_t bits_round_up(uint64_t x, uint64_t align)
{
    return (x + align - 1) & ~(align - 1);
}

uint64_t bits_round_down(uint64_t x, uint64_t align)
{
    return x & ~(align - 1);
}

void bitmap_set(bitmap_t *map, uint32_t index)
{
    map[index / 32] |= 1U << (index % 32);
}

void bitmap_clear(bitmap_t *map, uint32_t index)
{
    map[index / 32] &= ~(1U << (index % 32));
}

bool bitmap_state(const bitmap_t *map, uint32_t index)
{
    return (map[index / 32] >> (index % 32)) & 1;
}

void bitmap_set_range(bitmap_t *map, uint32_t index, uint32_t len)
{
    for (uint32_t i = index; i < index + len; i++)
        bitmap_set(map, i);
}

void bitmap_clear_range(bitmap_t *map, uint32_t index, uint32_t len)
{
    for (uint32_t i = index; i < index + len; i++)
        bitmap_clear(map, i);
}

void bitmap_init(bitmap_t *map, uint32_t size)
{
    for (uint32_t w = 0; w < BITMAP_WORDS(size); w++)
        map[w] = 0;
}

/* First bit among the first <size> whose state is <want>, or -1. */
static int bitmap_find(const bitmap_t *map, uint32_t size, bool want)
{
    for (uint32_t w = 0; w < BITMAP_WORDS(size); w++) {
        uint32_t word = want ? map[w] : ~map[w];
        if (word) {
            uint32_t i = w * 32 + (uint32_t)bits_ffs(word);
            return i < size ? (int)i : -1;
        }
    }
    return -1;
}

int bitmap_ffs(const bitmap_t *map, uint32_t size)
{
    return bitmap_find(map, size, true);
}

int bitmap_ffc(const bitmap_t *map, uint32_t size)
{
    return bitmap_find(map, size, false);
}

uint32_t bitmap_count(const bitmap_t *map, uint32_t size)
{
    uint32_t n = 0;

    for (uint32_t i = 0; i < size; i++)
        n += bitmap_state(map, i);
    return n;
}
