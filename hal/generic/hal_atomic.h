/*
 * hal_atomic.h - atomic operations on local memory.
 *
 * The contract every HAL fulfils.  Operations are sequentially consistent
 * and return the value before the operation.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_ATOMIC_H
#define HAL_ATOMIC_H

#include "hal_kernel_types.h"

uint32_t hal_atomic_add(volatile uint32_t *ptr, int32_t incr);
uint32_t hal_atomic_and(volatile uint32_t *ptr, uint32_t mask);
uint32_t hal_atomic_or (volatile uint32_t *ptr, uint32_t mask);
/* True when *ptr held <old> and now holds <new_val>. */
bool     hal_atomic_cas(volatile uint32_t *ptr, uint32_t old, uint32_t new_val);
/* Sets *ptr to <val>; returns true when it was 0 before (a test-and-set). */
bool     hal_atomic_test_set(volatile uint32_t *ptr, uint32_t val);

#endif
