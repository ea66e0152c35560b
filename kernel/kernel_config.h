/*
 * kernel_config.h - compile-time configuration of the common kernel.
 *
 * Architecture-free: the HAL's own constants (address windows, span of a
 * cluster) live in hal_kernel_types.h.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef KERNEL_CONFIG_H
#define KERNEL_CONFIG_H

#define CONFIG_MAX_CLUSTERS        16   /* limited by the REMOTE window */
#define CONFIG_MAX_LOCAL_CORES     8    /* harts per cluster */
#define CONFIG_MAX_HARTS           (CONFIG_MAX_CLUSTERS * CONFIG_MAX_LOCAL_CORES)

#define CONFIG_PPM_PAGE_SHIFT      12
#define CONFIG_PPM_PAGE_SIZE       (1UL << CONFIG_PPM_PAGE_SHIFT)
#define CONFIG_PPM_PAGE_MASK       (CONFIG_PPM_PAGE_SIZE - 1)
#define CONFIG_PPM_MAX_ORDER       16   /* largest block: 2^15 pages = 128 MiB */
#define CONFIG_PPM_PCACHE_ORDER    3    /* per-core page cache refilled by 2^3 pages */
#define CONFIG_PPM_PCACHE_SIZE     32   /* free single pages a core keeps at most */

#define CONFIG_KERNEL_STACK_SIZE   (16 * 1024)   /* per core idle/boot stack */
#define CONFIG_PRINTK_BUF_SIZE     256
#define CONFIG_TICK_DEFAULT_MS     10   /* timer tick, bootarg tick=MS */
#define CONFIG_BOOTARGS_MAX        256

/* Processes and threads */
#define CONFIG_MAX_PROCESS_PER_CLUSTER  64     /* lpid range */
#define CONFIG_THREADS_MAX_PER_CLUSTER  64     /* ltid range, per process */
#define CONFIG_PROCESS_FILE_MAX         32     /* open files per process */
#define CONFIG_PROCESS_MAPPED_MAX       16     /* files mapped by a process (mmap) */
#define CONFIG_PROCESS_SYNC_MAX         1024   /* mutexes, condvars, barriers, semaphores */
#define CONFIG_SEM_VALUE_MAX            0x7fffffff  /* a semaphore's largest value */
#define CONFIG_THREAD_KSTACK_ORDER      2      /* 16 KiB kernel stack per thread */
#define CONFIG_PROCESS_NAME_MAX         32

/* User address space (Sv39 user half: 256 GiB), in pages */
#define CONFIG_VMM_UTILS_BASE      0x000001      /* args and envs */
#define CONFIG_VMM_UTILS_SIZE      0x00000F
#define CONFIG_VMM_ELF_BASE        0x000010      /* code and data: 0x10000 */
#define CONFIG_VMM_HEAP_BASE       0x0040000     /* mmap zone: 1 GiB */
#define CONFIG_VMM_HEAP_SIZE       0x0C00000     /* 48 GiB */
#define CONFIG_VMM_STACK_BASE      0x3000000     /* 192 GiB */
#define CONFIG_VMM_STACK_SIZE      0x0000400     /* 4 MiB per thread slot, guard included */
#define CONFIG_VMM_USER_LIMIT      0x4000000     /* 256 GiB: end of user space */

#endif
