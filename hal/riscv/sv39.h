/*
 * sv39.h - Sv39 page-table entries and address split (privileged spec 4.4).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef SV39_H
#define SV39_H

#include <stdint.h>

#define PTE_V      (1UL << 0)
#define PTE_R      (1UL << 1)
#define PTE_W      (1UL << 2)
#define PTE_X      (1UL << 3)
#define PTE_U      (1UL << 4)
#define PTE_G      (1UL << 5)
#define PTE_A      (1UL << 6)
#define PTE_D      (1UL << 7)
#define PTE_RSW0   (1UL << 8)      /* GPT_COW */
#define PTE_RSW1   (1UL << 9)      /* GPT_LOCKED */
#define PTE_PPN_SHIFT 10
#define PTE_PPN_MASK  (((1UL << 44) - 1) << PTE_PPN_SHIFT)

#define PTE_LEAF_MASK (PTE_R | PTE_W | PTE_X)
#define PTE_IS_LEAF(pte) (((pte) & PTE_V) && ((pte) & PTE_LEAF_MASK))

#define SV39_LEVELS     3
#define SV39_ENTRIES    512
#define SV39_LEVEL_SHIFT(l)  (12 + 9 * (l))          /* l = 2: root (1 GiB) */
#define SV39_LEVEL_SIZE(l)   (1UL << SV39_LEVEL_SHIFT(l))
#define SV39_INDEX(va, l)    (((va) >> SV39_LEVEL_SHIFT(l)) & 0x1ff)

#define SATP_MODE_SV39  (8UL << 60)
#define SATP_FOR(root_pa)  (SATP_MODE_SV39 | ((root_pa) >> 12))

static inline uint64_t pte_make(uint64_t pa, uint64_t flags)
{
    return ((pa >> 12) << PTE_PPN_SHIFT) | flags;
}

static inline uint64_t pte_pa(uint64_t pte)
{
    return ((pte & PTE_PPN_MASK) >> PTE_PPN_SHIFT) << 12;
}

#endif
