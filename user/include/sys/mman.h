/*
 * sys/mman.h - mmap/munmap over SYS_MMAP (mmap_attr_t) and SYS_MUNMAP.
 * Values are the kernel's (shared_syscalls.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef _SYS_MMAN_H_
#define _SYS_MMAN_H_

#include <sys/types.h>
#include "shared_syscalls.h"

#define PROT_NONE     0x0
#define PROT_READ     ALMOS_PROT_READ
#define PROT_WRITE    ALMOS_PROT_WRITE
#define PROT_EXEC     ALMOS_PROT_EXEC
#define MAP_SHARED    ALMOS_MAP_SHARED
#define MAP_PRIVATE   ALMOS_MAP_PRIVATE
#define MAP_FIXED     ALMOS_MAP_FIXED
#define MAP_ANON      ALMOS_MAP_ANON
#define MAP_ANONYMOUS ALMOS_MAP_ANON
#define MAP_REMOTE    ALMOS_MAP_REMOTE
#define MAP_FAILED    ((void *)-1)

void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset);
int munmap(void *addr, size_t length);
int mprotect(void *addr, size_t length, int prot);

#endif
