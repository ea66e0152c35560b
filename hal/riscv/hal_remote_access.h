/*
 * hal_remote_access.h - the loads, stores and atomics of hal_remote.h, as
 * one add of the REMOTE window base and one memory instruction each.
 *
 * The RISC-V HAL includes this file from hal_remote_arch.h with
 * HAL_REMOTE_FN unset, which makes every accessor static inline: a field
 * of a remote page descriptor or PTE is then read where it is used, with
 * no call (the fork path made some 20,000 such calls).  The host HAL
 * compiles the same bodies out of line (hal/host/hal_remote.c defines
 * HAL_REMOTE_FN empty), so the contract of hal_remote.h holds for both.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_REMOTE_ACCESS_H
#define HAL_REMOTE_ACCESS_H

#ifndef HAL_REMOTE_FN
#define HAL_REMOTE_FN static inline __attribute__((always_inline))
#endif

#define HAL_REMOTE_VA(type, xp)  ((type volatile *)HAL_XPTR_VADDR(xp))

HAL_REMOTE_FN uint8_t  hal_remote_l8 (xptr_t xp) { return *HAL_REMOTE_VA(uint8_t, xp); }
HAL_REMOTE_FN uint16_t hal_remote_l16(xptr_t xp) { return *HAL_REMOTE_VA(uint16_t, xp); }
HAL_REMOTE_FN uint32_t hal_remote_l32(xptr_t xp) { return *HAL_REMOTE_VA(uint32_t, xp); }
HAL_REMOTE_FN uint64_t hal_remote_l64(xptr_t xp) { return *HAL_REMOTE_VA(uint64_t, xp); }
HAL_REMOTE_FN void    *hal_remote_lpt(xptr_t xp) { return *HAL_REMOTE_VA(void *, xp); }
HAL_REMOTE_FN xptr_t   hal_remote_lxp(xptr_t xp) { return *HAL_REMOTE_VA(xptr_t, xp); }

HAL_REMOTE_FN void hal_remote_s8 (xptr_t xp, uint8_t  v) { *HAL_REMOTE_VA(uint8_t, xp) = v; }
HAL_REMOTE_FN void hal_remote_s16(xptr_t xp, uint16_t v) { *HAL_REMOTE_VA(uint16_t, xp) = v; }
HAL_REMOTE_FN void hal_remote_s32(xptr_t xp, uint32_t v) { *HAL_REMOTE_VA(uint32_t, xp) = v; }
HAL_REMOTE_FN void hal_remote_s64(xptr_t xp, uint64_t v) { *HAL_REMOTE_VA(uint64_t, xp) = v; }
HAL_REMOTE_FN void hal_remote_spt(xptr_t xp, void *p)    { *HAL_REMOTE_VA(void *, xp) = p; }
HAL_REMOTE_FN void hal_remote_sxp(xptr_t xp, xptr_t v)   { *HAL_REMOTE_VA(xptr_t, xp) = v; }

HAL_REMOTE_FN uint32_t hal_remote_atomic_add(xptr_t xp, int32_t incr)
{
    return __atomic_fetch_add(HAL_REMOTE_VA(uint32_t, xp), (uint32_t)incr, __ATOMIC_SEQ_CST);
}

HAL_REMOTE_FN uint32_t hal_remote_atomic_and(xptr_t xp, uint32_t mask)
{
    return __atomic_fetch_and(HAL_REMOTE_VA(uint32_t, xp), mask, __ATOMIC_SEQ_CST);
}

HAL_REMOTE_FN uint32_t hal_remote_atomic_or(xptr_t xp, uint32_t mask)
{
    return __atomic_fetch_or(HAL_REMOTE_VA(uint32_t, xp), mask, __ATOMIC_SEQ_CST);
}

HAL_REMOTE_FN bool hal_remote_atomic_cas(xptr_t xp, uint32_t old, uint32_t new_val)
{
    return __atomic_compare_exchange_n(HAL_REMOTE_VA(uint32_t, xp), &old, new_val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

HAL_REMOTE_FN uint64_t hal_remote_atomic_add64(xptr_t xp, int64_t incr)
{
    return __atomic_fetch_add(HAL_REMOTE_VA(uint64_t, xp), (uint64_t)incr, __ATOMIC_SEQ_CST);
}

HAL_REMOTE_FN bool hal_remote_atomic_cas64(xptr_t xp, uint64_t old, uint64_t new_val)
{
    return __atomic_compare_exchange_n(HAL_REMOTE_VA(uint64_t, xp), &old, new_val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

#endif
