/*
 * fuzz_fdt.c - libFuzzer target of the device-tree reader (platform/fdt.c)
 * and of the boot_info builder (platform/boot_info.c).
 *
 * The input is a device tree blob, taken through what the boot hart does
 * with it (hal_early.c): boot_info_build(), then for an accepted tree the
 * slice layout and the initrd's move, and the look-ups by hart and
 * address.  On top of that every node is walked with the reader's whole
 * interface (names, properties, "reg", parents, phandles, paths).
 *
 * A refusal must name its reason.  An accepted tree must give a machine
 * the kernel can boot on: 1..CONFIG_MAX_CLUSTERS clusters, each with
 * 1..CONFIG_MAX_LOCAL_CORES harts and a non-empty slice that neither wraps
 * around nor overlaps another; a laid-out slice holds its kernel copy; a
 * moved initrd lands inside one slice, past its kernel copy, clear of the
 * tree.  Any other outcome (a crash, a sanitizer report, a broken promise)
 * aborts.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "fdt.h"
#include "boot_info.h"

#define KERNEL_OFFSET 0x200000ULL    /* hal/riscv/hal_kernel_types.h */
#define IMAGE_SIZE    0x100000ULL    /* about the kernel's */
#define PAGE_DESC     64             /* about sizeof(page_t) */
#define TABLE_PAGES   64
#define WALK_MAX      2048           /* nodes walked (fdt_parent is linear) */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static boot_info_t bi;

/* Reads through every look-up of the reader on every node; the values are
 * folded into a sum so that nothing is optimised away. */
static uint64_t walk(const void *fdt, size_t size)
{
    uint64_t sum = 0;
    int len, n = 0;

    if (fdt_check(fdt, size) != 0)
        return 0;
    int root = fdt_root(fdt);
    for (int node = root; node >= 0 && n < WALK_MAX; node = fdt_next_node(fdt, node), n++) {
        const char *name = fdt_node_name(fdt, node);
        sum += strlen(name);
        const uint8_t *reg = fdt_prop(fdt, node, "reg", &len);
        if (reg && len > 0)
            sum += reg[len - 1];
        sum += fdt_prop_u32(fdt, node, "#address-cells", 2);
        sum += fdt_is_compatible(fdt, node, "riscv");
        sum += fdt_prop_is(fdt, node, "status", "okay");
        for (int i = 0; i < 4; i++) {
            uint64_t a, s;
            if (fdt_reg(fdt, node, i, &a, &s) == 0)
                sum += a + s;
        }
        sum += (uint64_t)fdt_parent(fdt, node);
        sum += (uint64_t)fdt_first_child(fdt, node);
        sum += (uint64_t)fdt_next_sibling(fdt, node);
        uint32_t ph = fdt_prop_u32(fdt, node, "phandle", 0);
        if (ph)
            sum += (uint64_t)fdt_node_by_phandle(fdt, ph);
        if (node != root && name[0])
            sum += (uint64_t)fdt_subnode(fdt, root, name);
    }
    sum += (uint64_t)fdt_path(fdt, "/soc/serial@10000000");
    for (int i = 0; i < 64; i++) {
        uint64_t a, s;
        if (fdt_mem_rsv(fdt, i, &a, &s) != 0)
            break;
        sum += a ^ s;
    }
    return sum;
}

static void check_machine(void)
{
    if (bi.clusters_nr == 0 || bi.clusters_nr > CONFIG_MAX_CLUSTERS)
        abort();
    if (memchr(bi.bootargs, 0, sizeof(bi.bootargs)) == NULL)
        abort();
    for (uint32_t c = 0; c < bi.clusters_nr; c++) {
        const boot_cluster_t *a = &bi.cluster[c];
        if (a->harts_nr == 0 || a->harts_nr > CONFIG_MAX_LOCAL_CORES)
            abort();
        if (a->mem_size == 0 || a->mem_base + a->mem_size < a->mem_base)
            abort();
        for (uint32_t d = c + 1; d < bi.clusters_nr; d++) {
            const boot_cluster_t *b = &bi.cluster[d];
            if (a->mem_base < b->mem_base + b->mem_size && b->mem_base < a->mem_base + a->mem_size)
                abort();
        }
    }
}

static void check_layout(void)
{
    for (uint32_t c = 0; c < bi.clusters_nr; c++) {
        const boot_cluster_t *a = &bi.cluster[c];
        if (a->first_free > a->mem_size || a->kernel_base != a->mem_base + KERNEL_OFFSET)
            abort();
    }
    uint64_t t = boot_info_initrd_target(&bi);
    if (bi.initrd.size == 0 || t == 0 || t == bi.initrd.base)
        return;
    int c = boot_info_find_cluster(&bi, t);
    if (c < 0)
        abort();
    const boot_cluster_t *cl = &bi.cluster[c];
    if (t < cl->mem_base + cl->first_free ||
        bi.initrd.size > cl->mem_base + cl->mem_size - t)
        abort();
    if (t < bi.dtb.base + bi.dtb.size && bi.dtb.base < t + bi.initrd.size)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The reader wants the blob 8-byte aligned, as the boot hart checks. */
    void *fdt = malloc(size ? size : 1);
    uint64_t pages_offset;
    char arg[32];

    memcpy(fdt, data, size);
    (void)walk(fdt, size);
    if (boot_info_build(&bi, fdt, size) != 0) {
        if (bi.error[0] == 0)
            abort();                         /* a refusal names its reason */
        free(fdt);
        return 0;
    }
    check_machine();
    (void)boot_info_find_hart(&bi, 0, NULL);
    (void)boot_info_arg(&bi, "clusters", arg, sizeof(arg));
    if (boot_info_layout(&bi, KERNEL_OFFSET, IMAGE_SIZE, PAGE_DESC, TABLE_PAGES,
                         &pages_offset) == 0)
        check_layout();
    else if (bi.error[0] == 0)
        abort();
    free(fdt);
    return 0;
}
