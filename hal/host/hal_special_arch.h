/*
 * hal_special_arch.h - the host HAL's part of hal_special.h: nothing;
 * every function is an ordinary one of hal/host/hal_special.c.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_SPECIAL_ARCH_H
#define HAL_SPECIAL_ARCH_H
#endif
