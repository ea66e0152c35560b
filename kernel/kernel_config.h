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

#define CONFIG_KERNEL_STACK_SIZE   (16 * 1024)   /* per core idle/boot stack */
#define CONFIG_PRINTK_BUF_SIZE     256
#define CONFIG_TICK_DEFAULT_MS     10   /* timer tick, bootarg tick=MS */
#define CONFIG_BOOTARGS_MAX        256

#endif
