/*
 * hal_atomic.c - host implementation of hal_atomic.h with GCC builtins.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_atomic.h"

uint32_t hal_atomic_add(volatile uint32_t *ptr, int32_t incr)
{
    return __atomic_fetch_add(ptr, (uint32_t)incr, __ATOMIC_SEQ_CST);
}

uint32_t hal_atomic_and(volatile uint32_t *ptr, uint32_t mask)
{
    return __atomic_fetch_and(ptr, mask, __ATOMIC_SEQ_CST);
}

uint32_t hal_atomic_or(volatile uint32_t *ptr, uint32_t mask)
{
    return __atomic_fetch_or(ptr, mask, __ATOMIC_SEQ_CST);
}

bool hal_atomic_cas(volatile uint32_t *ptr, uint32_t old, uint32_t new_val)
{
    return __atomic_compare_exchange_n(ptr, &old, new_val, false,
                                       __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

bool hal_atomic_test_set(volatile uint32_t *ptr, uint32_t val)
{
    return __atomic_exchange_n(ptr, val, __ATOMIC_SEQ_CST) == 0;
}
