/*
 * hal_remote_arch.h - the host HAL's part of hal_remote.h: nothing; every
 * accessor is an ordinary function of hal/host/hal_remote.c.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_REMOTE_ARCH_H
#define HAL_REMOTE_ARCH_H
#endif
