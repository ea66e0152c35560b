/*
 * libk_rename.h - force-included (-include) in every host build of kernel
 * code and of the tests that call it.
 *
 * libk defines memcpy, strlen, snprintf... under their C names, which is
 * what the kernel needs; linked into a host program they would replace the
 * libc's for cmocka and the sanitizers too.  Renaming them on the host keeps
 * the two apart: the tests exercise libk_memcpy while the libc keeps its
 * own.  Files compiled without this header (test_host_libc.c) see the libc.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef LIBK_RENAME_H
#define LIBK_RENAME_H

#define memcpy    libk_memcpy
#define memmove   libk_memmove
#define memset    libk_memset
#define memcmp    libk_memcmp
#define strlen    libk_strlen
#define strnlen   libk_strnlen
#define strcmp    libk_strcmp
#define strncmp   libk_strncmp
#define strcpy    libk_strcpy
#define strncpy   libk_strncpy
#define strlcpy   libk_strlcpy
#define strchr    libk_strchr
#define strrchr   libk_strrchr
#define snprintf  libk_snprintf
#define vsnprintf libk_vsnprintf

#endif
