/*
 * hal_remote_arch.h - the RISC-V HAL's part of hal_remote.h: the loads,
 * stores and atomics inline (hal_remote_access.h); the copies, strings
 * and page operations stay in hal_remote.c.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_REMOTE_ARCH_H
#define HAL_REMOTE_ARCH_H

#define HAL_REMOTE_INLINE 1
#include "hal_remote_access.h"

#endif
