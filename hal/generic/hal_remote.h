/*
 * hal_remote.h - access to any cluster's memory through extended pointers.
 *
 * The contract every HAL fulfils.  An extended pointer (xptr_t, see
 * hal_kernel_types.h) names a byte in any cluster; these functions read,
 * write and atomically update it, whether the cluster is the local one or
 * not.  Accesses are naturally aligned; atomics return the previous value.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_REMOTE_H
#define HAL_REMOTE_H

#include "hal_kernel_types.h"
/* A HAL may define the accessors below (loads, stores, atomics) inline in
 * its hal_remote_arch.h; it then defines HAL_REMOTE_INLINE. */
#include "hal_remote_arch.h"

#ifndef HAL_REMOTE_INLINE
/* Loads of 8, 16, 32, 64 bits and of a (local-window) pointer at <xp>. */
uint8_t  hal_remote_l8 (xptr_t xp);
uint16_t hal_remote_l16(xptr_t xp);
uint32_t hal_remote_l32(xptr_t xp);
uint64_t hal_remote_l64(xptr_t xp);
void    *hal_remote_lpt(xptr_t xp);
/* Load of an extended pointer stored at <xp>. */
xptr_t   hal_remote_lxp(xptr_t xp);

/* Stores of 8, 16, 32, 64 bits, of a pointer and of an extended pointer. */
void hal_remote_s8 (xptr_t xp, uint8_t  val);
void hal_remote_s16(xptr_t xp, uint16_t val);
void hal_remote_s32(xptr_t xp, uint32_t val);
void hal_remote_s64(xptr_t xp, uint64_t val);
void hal_remote_spt(xptr_t xp, void *ptr);
void hal_remote_sxp(xptr_t xp, xptr_t val);

/* Atomic read-modify-write of the 32-bit word at <xp>; each returns the
 * value before the operation. */
uint32_t hal_remote_atomic_add(xptr_t xp, int32_t incr);
uint32_t hal_remote_atomic_and(xptr_t xp, uint32_t mask);
uint32_t hal_remote_atomic_or (xptr_t xp, uint32_t mask);
/* Compare-and-swap of the 32-bit word at <xp>: true when <old> was found
 * and <new> written. */
bool     hal_remote_atomic_cas(xptr_t xp, uint32_t old, uint32_t new_val);
/* The same on a 64-bit word (page-table entries, extended pointers). */
uint64_t hal_remote_atomic_add64(xptr_t xp, int64_t incr);
bool     hal_remote_atomic_cas64(xptr_t xp, uint64_t old, uint64_t new_val);
#endif

/* Copies <size> bytes from <src> to <dst>, in any clusters; no overlap. */
void     hal_remote_memcpy(xptr_t dst, xptr_t src, size_t size);
/* Sets <size> bytes at <dst> to <byte>. */
void     hal_remote_memset(xptr_t dst, uint8_t byte, size_t size);
/* Clears the 4 KiB page at <dst> / copies the 4 KiB page at <src> to
 * <dst>; both page-aligned, in any clusters.  The page paths (zero-fill
 * and copy-on-write faults) use these: no alignment tests, 8-byte words,
 * unrolled. */
void     hal_remote_page_zero(xptr_t dst);
void     hal_remote_page_copy(xptr_t dst, xptr_t src);
/* Copies the NUL-terminated string at <src> (NUL included) to <dst>. */
void     hal_remote_strcpy(xptr_t dst, xptr_t src);
/* Length of the NUL-terminated string at <xp>. */
size_t   hal_remote_strlen(xptr_t xp);

/* A kernel pointer through which the <size> bytes at <xp> can be read
 * directly (large read-only data such as the initrd), or NULL when this
 * HAL cannot provide one. */
const void *hal_remote_map(xptr_t xp, size_t size);

#endif
