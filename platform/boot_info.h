/*
 * boot_info.h - what the machine is, as the kernel learns it at boot.
 *
 * platform/ builds one boot_info_t from the device tree (boot_info_build),
 * the boot hart lays out every cluster's memory slice (boot_info_layout)
 * and puts a copy in every cluster's kernel image, setting <cxy> to that
 * cluster.  The kernel reads this and never the tree itself.  Plain data,
 * no pointers: it is valid in any cluster and before the MMU is on.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef BOOT_INFO_H
#define BOOT_INFO_H

#include <stdint.h>
#include <stddef.h>
#include "kernel_config.h"

#define BOOT_INFO_MAGIC      0x4f464e49544f4f42ULL   /* "BOOTINFO" */
#define BOOT_MAX_RESERVED    16
#define BOOT_MAX_IRQCHIPS    CONFIG_MAX_CLUSTERS
#define BOOT_ERROR_LEN       160
#define BOOT_SLICE_ALIGN     (2UL << 20)   /* slices made from clusters=N */

/* Interrupt controller kinds. */
#define IRQCHIP_NONE   0
#define IRQCHIP_PLIC   1     /* sifive,plic-1.0.0 / riscv,plic0 */
#define IRQCHIP_APLIC  2     /* riscv,aplic, S-level domain, direct mode */

typedef struct boot_range_s {
    uint64_t base;
    uint64_t size;
} boot_range_t;

typedef struct boot_cluster_s {
    uint64_t mem_base;                          /* physical slice base */
    uint64_t mem_size;                          /* slice size, bytes */
    uint32_t harts_nr;
    uint32_t hartid[CONFIG_MAX_LOCAL_CORES];    /* lid -> hart id */
    uint32_t node_id;                           /* NUMA node, or split index */
    /* Filled by boot_info_layout(): */
    uint64_t kernel_base;                       /* physical base of the copy */
    uint64_t first_free;                        /* slice offset of the first page
                                                   after kernel, page array, tables */
    uint64_t root_table;                        /* physical root of kernel Sv39 table */
} boot_cluster_t;

typedef struct boot_irqchip_s {
    uint32_t type;                              /* IRQCHIP_* */
    uint32_t phandle;
    uint64_t base;
    uint64_t size;
    uint32_t ndev;                              /* number of sources */
    /* Per hart id: the S-mode context (PLIC) or IDC index (APLIC) that
     * delivers to that hart, or -1. */
    int32_t  s_context[CONFIG_MAX_HARTS];
} boot_irqchip_t;

typedef struct boot_info_s {
    uint64_t magic;
    uint32_t cxy;                 /* the cluster this copy belongs to */
    uint32_t clusters_nr;
    uint32_t harts_nr;            /* all clusters */
    uint32_t boot_hartid;         /* the lottery winner */
    uint32_t boot_cxy;
    uint32_t numa;                /* clusters from numa-node-id (1) or split (0) */
    uint64_t timebase_freq;       /* Hz of the `time` CSR */
    boot_cluster_t cluster[CONFIG_MAX_CLUSTERS];

    /* Devices (physical addresses; size 0 when absent). */
    boot_range_t uart;            /* ns16550a console */
    uint32_t uart_irq;            /* its interrupt source, 0 if none */
    uint32_t uart_irqchip;        /* index in irqchip[] of its parent */
    uint32_t uart_reg_shift;
    uint32_t uart_clock;
    boot_range_t finisher;        /* sifive,test1 */
    boot_range_t clint;
    /* ACLINT SSWI (riscv,aclint-sswi): per hart id, the physical address
     * of its SETSSIP register (a 32-bit store of 1 there sets that hart's
     * sip.SSIP), or 0 when the tree has none for it. */
    uint64_t sswi[CONFIG_MAX_HARTS];
    uint32_t sswi_harts;          /* harts that have one */
    uint32_t sstc;                /* every hart's riscv,isa names Sstc */
    uint32_t irqchips_nr;
    boot_irqchip_t irqchip[BOOT_MAX_IRQCHIPS];

    /* Memory that must not be handed out, beyond the kernel's own. */
    uint32_t reserved_nr;
    boot_range_t reserved[BOOT_MAX_RESERVED];
    boot_range_t initrd;          /* size 0 when none */
    boot_range_t dtb;             /* where the tree was; free after boot */
    uint64_t pages_offset;        /* slice offset of the page descriptors,
                                     the same in every cluster */

    char bootargs[CONFIG_BOOTARGS_MAX];
    char error[BOOT_ERROR_LEN];   /* why boot_info_build/layout failed */
} boot_info_t;

/* Builds <bi> from the device tree at <fdt> (at most <max_size> bytes
 * readable).  Clusters come from numa-node-id, else from the bootarg
 * clusters=N, else one cluster.  Returns 0, or -1 with bi->error set. */
int boot_info_build(boot_info_t *bi, const void *fdt, size_t max_size);

/* Lays out each cluster's slice for a kernel image of <image_size> bytes
 * (code + data + bss, from KERNEL_OFFSET) followed by <pages_size_per_page>
 * bytes of page descriptor per page of the slice and the kernel's page
 * tables (at most <table_pages> pages).  Fills kernel_base and first_free.
 * The page descriptor array starts at the same slice offset in every
 * cluster: returned in *pages_offset.  Fails, with bi->error set, when a
 * slice cannot hold all that or when it overlaps reserved memory. */
int boot_info_layout(boot_info_t *bi, uint64_t kernel_offset, uint64_t image_size,
                     uint64_t page_desc_size, uint64_t table_pages,
                     uint64_t *pages_offset);

/* Where the initrd must move so no kernel copy overwrites it (its own base
 * when safe); 0 when no place fits.  After boot_info_layout(). */
uint64_t boot_info_initrd_target(const boot_info_t *bi);

/* Index of the cluster holding hart <hartid>, its lid in *lid; -1 if none. */
int boot_info_find_hart(const boot_info_t *bi, uint32_t hartid, uint32_t *lid);
/* Index of the cluster whose slice holds physical address <pa>, or -1. */
int boot_info_find_cluster(const boot_info_t *bi, uint64_t pa);
/* Value of "key=value" in bootargs copied to <out>; 0, or -1 when absent.
 * A bare "key" gives an empty value. */
int boot_info_arg(const boot_info_t *bi, const char *key, char *out, size_t out_len);

#endif
