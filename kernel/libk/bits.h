/*
 * bits.h - bit operations on words, and bitmaps of any length.
 *
 * Written without compiler builtins: on RV64IMAC (no Zbb) GCC would turn
 * __builtin_ctz and friends into libgcc calls the kernel does not link.
 * Bitmaps are arrays of 32-bit words so that a bitmap in another cluster
 * can be read word by word with hal_remote_l32.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef BITS_H
#define BITS_H

#include <stdint.h>
#include <stdbool.h>

/* Rounds <x> up / down to a multiple of <align>, a power of 2. */
#define BITS_ROUND_UP(x, align)   (((x) + ((align) - 1)) & ~((__typeof__(x))(align) - 1))
#define BITS_ROUND_DOWN(x, align) ((x) & ~((__typeof__(x))(align) - 1))
/* Number of <unit>-sized pieces needed to hold <x>. */
#define BITS_DIV_UP(x, unit)      (((x) + (unit) - 1) / (unit))

/* Index (0 = least significant) of the lowest set bit of <x>, -1 if none. */
int bits_ffs(uint64_t x);

/* Index of the highest set bit of <x>, -1 if none. */
int bits_fls(uint64_t x);

/* Number of set bits in <x>. */
uint32_t bits_popcount(uint64_t x);

/* True when <x> is a (non-zero) power of 2. */
bool bits_is_power_of_2(uint64_t x);

/* floor(log2(x)) for x > 0; returns 0 for x == 0. */
uint32_t bits_log2(uint64_t x);

/* ceil(log2(x)): the smallest n with (1 << n) >= x; 0 for x <= 1. */
uint32_t bits_log2_up(uint64_t x);

/* Rounds <x> up / down to a multiple of <align>, a power of 2. */
uint64_t bits_round_up(uint64_t x, uint64_t align);
uint64_t bits_round_down(uint64_t x, uint64_t align);

/* A bitmap: bit i is bit (i % 32) of word (i / 32). */
typedef uint32_t bitmap_t;

/* Number of words needed for a bitmap of <bits> bits. */
#define BITMAP_WORDS(bits) (((bits) + 31) / 32)

/* Sets / clears bit <index>. */
void bitmap_set(bitmap_t *map, uint32_t index);
void bitmap_clear(bitmap_t *map, uint32_t index);

/* True when bit <index> is set. */
bool bitmap_state(const bitmap_t *map, uint32_t index);

/* Sets / clears the <len> bits starting at <index>. */
void bitmap_set_range(bitmap_t *map, uint32_t index, uint32_t len);
void bitmap_clear_range(bitmap_t *map, uint32_t index, uint32_t len);

/* Clears every bit of a <size>-bit bitmap. */
void bitmap_init(bitmap_t *map, uint32_t size);

/* Index of the first set / clear bit among the first <size> bits, or -1. */
int bitmap_ffs(const bitmap_t *map, uint32_t size);
int bitmap_ffc(const bitmap_t *map, uint32_t size);

/* Number of set bits among the first <size> bits. */
uint32_t bitmap_count(const bitmap_t *map, uint32_t size);

#endif
