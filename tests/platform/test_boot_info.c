/*
 * test_boot_info.c - unit tests of the device-tree reader and of the
 * boot_info builder, on trees dumped by QEMU (tests/platform/dtb, see
 * make-dtbs.sh) and on truncated and corrupted copies of them.
 *
 * Expected values come from the QEMU command lines that made the trees
 * (qemu-args.sh): hart counts, NUMA node sizes, QEMU virt's device map.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fdt.h"
#include "boot_info.h"

#define MiB (1ULL << 20)

static boot_info_t bi;

static void *load(const char *name, size_t *size)
{
    char path[256];
    snprintf(path, sizeof(path), "%s/%s.dtb", DTB_DIR, name);
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    static uint8_t buf[65536];
    *size = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    void *copy = malloc(*size);
    memcpy(copy, buf, *size);
    return copy;
}

static int build(const char *name)
{
    size_t size;
    void *fdt = load(name, &size);
    int r = boot_info_build(&bi, fdt, size);
    free(fdt);
    return r;
}

/* ------------------------------------------------------ the reader -- */

static void test_fdt_reader_walks_qemu_tree(void **state)
{
    (void)state;
    size_t size;
    void *fdt = load("virt-2x2", &size);
    assert_int_equal(fdt_check(fdt, size), 0);
    int cpus = fdt_path(fdt, "/cpus");
    assert_true(cpus >= 0);
    assert_int_equal(fdt_prop_u32(fdt, cpus, "timebase-frequency", 0), 10000000);
    int n = 0;
    for (int c = fdt_first_child(fdt, cpus); c >= 0; c = fdt_next_sibling(fdt, c))
        n += fdt_prop_is(fdt, c, "device_type", "cpu");
    assert_int_equal(n, 4);
    int uart = fdt_path(fdt, "/soc/serial@10000000");
    assert_true(uart >= 0);
    assert_true(fdt_is_compatible(fdt, uart, "ns16550a"));
    assert_false(fdt_is_compatible(fdt, uart, "ns16550b"));
    assert_int_equal(fdt_subnode(fdt, fdt_path(fdt, "/soc"), "serial"), uart);
    assert_int_equal(fdt_parent(fdt, uart), fdt_path(fdt, "/soc"));
    uint64_t base, len;
    assert_int_equal(fdt_reg(fdt, uart, 0, &base, &len), 0);
    assert_int_equal(base, 0x10000000);
    assert_int_equal(len, 0x100);
    assert_int_equal(fdt_reg(fdt, uart, 1, &base, &len), FDT_ERR_NOTFOUND);
    assert_int_equal(fdt_path(fdt, "/nonexistent"), FDT_ERR_NOTFOUND);
    uint32_t ph = fdt_prop_u32(fdt, uart, "interrupt-parent", 0);
    int plic = fdt_node_by_phandle(fdt, ph);
    assert_true(plic >= 0);
    assert_true(fdt_is_compatible(fdt, plic, "sifive,plic-1.0.0") ||
                fdt_is_compatible(fdt, plic, "riscv,plic0"));
    free(fdt);
}

static void test_fdt_rejects_bad_headers(void **state)
{
    (void)state;
    size_t size;
    uint8_t *fdt = load("virt-1x1", &size);
    assert_int_equal(fdt_check(fdt, 0), FDT_ERR_TRUNCATED);
    assert_int_equal(fdt_check(NULL, size), FDT_ERR_TRUNCATED);
    assert_int_equal(fdt_check(fdt, size - 1), FDT_ERR_TRUNCATED);  /* totalsize > buffer */
    fdt[0] ^= 0xff;
    assert_int_equal(fdt_check(fdt, size), FDT_ERR_BADMAGIC);
    fdt[0] ^= 0xff;
    fdt[23] = 15;                                   /* version 15 */
    assert_int_equal(fdt_check(fdt, size), FDT_ERR_BADVERSION);
    fdt[23] = 17;
    fdt[11] = 0xff;                                 /* struct offset out of the blob */
    fdt[10] = 0xff;
    assert_int_equal(fdt_check(fdt, size), FDT_ERR_BADLAYOUT);
    free(fdt);
}

/* Every prefix of a real tree is refused cleanly (and ASan watches the
 * reads); the header's own size is honoured. */
static void test_fdt_every_truncation_is_refused(void **state)
{
    (void)state;
    size_t size;
    uint8_t *fdt = load("virt-4x2", &size);
    for (size_t cut = 0; cut < size; cut++) {
        uint8_t *p = malloc(cut ? cut : 1);
        memcpy(p, fdt, cut);
        assert_int_not_equal(fdt_check(p, cut), 0);
        assert_int_equal(boot_info_build(&bi, p, cut), -1);
        assert_non_null(strstr(bi.error, "device tree"));
        free(p);
    }
    free(fdt);
}

/* Random corruption of the structure and strings blocks: the reader either
 * accepts a still well-formed tree or refuses it, and never reads out of
 * bounds (ASan); boot_info_build never crashes either. */
static void test_fdt_corruption_never_crashes(void **state)
{
    (void)state;
    size_t size;
    uint8_t *orig = load("virt-2x2", &size);
    uint32_t off_struct = fdt32(orig + 8);
    srand(12345);
    int refused = 0;
    for (int round = 0; round < 3000; round++) {
        uint8_t *p = malloc(size);
        memcpy(p, orig, size);
        int flips = 1 + rand() % 4;
        for (int i = 0; i < flips; i++) {
            size_t at = off_struct + (size_t)rand() % (size - off_struct);
            p[at] ^= (uint8_t)(1u << (rand() % 8));
        }
        if (boot_info_build(&bi, p, size) != 0) {
            refused++;
            assert_true(strlen(bi.error) > 0);
        }
        free(p);
    }
    /* Most flips hit names or values and leave a well-formed tree; some
     * must break the structure. */
    assert_true(refused > 0);
    free(orig);
}

/* ----------------------------------------------------- boot_info -- */

static void test_one_cluster(void **state)
{
    (void)state;
    assert_int_equal(build("virt-1x1"), 0);
    assert_int_equal(bi.clusters_nr, 1);
    assert_int_equal(bi.harts_nr, 1);
    assert_int_equal(bi.timebase_freq, 10000000);
    assert_int_equal(bi.cluster[0].mem_base, 0x80000000);
    assert_int_equal(bi.cluster[0].mem_size, 128 * MiB);
    assert_int_equal(bi.uart.base, 0x10000000);
    assert_int_equal(bi.uart_irq, 10);
    assert_int_equal(bi.finisher.base, 0x100000);
    assert_int_equal(bi.irqchips_nr, 1);
    assert_int_equal(bi.irqchip[0].type, IRQCHIP_PLIC);
    assert_int_equal(bi.irqchip[0].base, 0xc000000);
    /* QEMU virt: context 2h is hart h's M-mode, 2h + 1 its S-mode. */
    assert_int_equal(bi.irqchip[0].s_context[0], 1);
    assert_int_equal(bi.uart_irqchip, 0);
}

static void test_numa_2x2(void **state)
{
    (void)state;
    assert_int_equal(build("virt-2x2"), 0);
    assert_int_equal(bi.numa, 1);
    assert_int_equal(bi.clusters_nr, 2);
    assert_int_equal(bi.harts_nr, 4);
    for (uint32_t c = 0; c < 2; c++) {
        assert_int_equal(bi.cluster[c].harts_nr, 2);
        assert_int_equal(bi.cluster[c].hartid[0], 2 * c);
        assert_int_equal(bi.cluster[c].hartid[1], 2 * c + 1);
        assert_int_equal(bi.cluster[c].mem_base, 0x80000000 + c * 128 * MiB);
        assert_int_equal(bi.cluster[c].mem_size, 128 * MiB);
    }
    uint32_t lid;
    assert_int_equal(boot_info_find_hart(&bi, 3, &lid), 1);
    assert_int_equal(lid, 1);
    assert_int_equal(boot_info_find_hart(&bi, 9, &lid), -1);
    assert_int_equal(boot_info_find_cluster(&bi, 0x88000000), 1);
    assert_int_equal(boot_info_find_cluster(&bi, 0x87ffffff), 0);
    assert_int_equal(boot_info_find_cluster(&bi, 0x90000000), -1);
    /* Two nodes, two PLICs; the UART is on node 0's. */
    assert_int_equal(bi.irqchips_nr, 2);
    assert_int_equal(bi.irqchip[bi.uart_irqchip].s_context[0] >= 0, 1);
}

/* QEMU virt aclint=on: one SSWI per node, register i for the node's i-th
 * hart; without aclint=on, none (the kernel then sends IPIs through SBI). */
static void test_aclint_sswi(void **state)
{
    (void)state;
    assert_int_equal(build("virt-2x2"), 0);
    assert_int_equal(bi.sswi_harts, 0);
    for (uint32_t h = 0; h < 4; h++)
        assert_int_equal(bi.sswi[h], 0);
    assert_int_equal(build("virt-2x2-aclint"), 0);
    assert_int_equal(bi.clusters_nr, 2);
    assert_int_equal(bi.sswi_harts, 4);
    assert_int_equal(bi.sswi[0], 0x2f00000);
    assert_int_equal(bi.sswi[1], 0x2f00004);
    assert_int_equal(bi.sswi[2], 0x2f04000);
    assert_int_equal(bi.sswi[3], 0x2f04004);
    assert_int_equal(bi.sswi[4], 0);
    /* a register beyond the device's reg is refused, naming the node */
    assert_int_equal(build("virt-aclint-sswi-short"), -1);
    assert_non_null(strstr(bi.error, "sswi@2f04000"));
    assert_non_null(strstr(bi.error, "past its reg"));
}

/* QEMU 7.2's harts have Sstc ("..._sstc" in riscv,isa); the SoC's do not. */
static void test_sstc_from_isa_string(void **state)
{
    (void)state;
    assert_int_equal(build("virt-2x2"), 0);
    assert_int_equal(bi.sstc, 1);
    assert_int_equal(build("virt-no-sstc"), 0);
    assert_int_equal(bi.sstc, 0);
}

static void test_numa_4x2_aplic(void **state)
{
    (void)state;
    assert_int_equal(build("virt-4x2"), 0);
    assert_int_equal(bi.clusters_nr, 4);
    assert_int_equal(bi.harts_nr, 8);
    assert_int_equal(bi.cluster[3].mem_base, 0x80000000 + 3 * 128 * MiB);
    /* S-level APLICs only (one per node), in direct mode with IDCs. */
    assert_true(bi.irqchips_nr >= 1);
    for (uint32_t i = 0; i < bi.irqchips_nr; i++)
        assert_int_equal(bi.irqchip[i].type, IRQCHIP_APLIC);
    const boot_irqchip_t *ic = &bi.irqchip[bi.uart_irqchip];
    assert_int_equal(ic->s_context[0], 0);
    assert_int_equal(ic->s_context[1], 1);
    assert_int_equal(ic->s_context[2], -1);     /* node 1's harts: another APLIC */
}

static void test_uneven_nodes(void **state)
{
    (void)state;
    assert_int_equal(build("virt-uneven"), 0);
    assert_int_equal(bi.clusters_nr, 3);
    assert_int_equal(bi.cluster[0].harts_nr, 1);
    assert_int_equal(bi.cluster[1].harts_nr, 2);
    assert_int_equal(bi.cluster[2].harts_nr, 1);
    assert_int_equal(bi.cluster[0].mem_size, 64 * MiB);
    assert_int_equal(bi.cluster[1].mem_size, 128 * MiB);
    assert_int_equal(bi.cluster[2].mem_size, 96 * MiB);
    assert_int_equal(bi.cluster[2].mem_base, 0x80000000 + 192 * MiB);
}

static void test_no_numa_is_one_cluster(void **state)
{
    (void)state;
    assert_int_equal(build("virt-nonuma-4"), 0);
    assert_int_equal(bi.numa, 0);
    assert_int_equal(bi.clusters_nr, 1);
    assert_int_equal(bi.cluster[0].harts_nr, 4);
    assert_int_equal(bi.cluster[0].mem_size, 256 * MiB);
}

static void test_clusters_bootarg_splits(void **state)
{
    (void)state;
    assert_int_equal(build("virt-nonuma-4-clusters2"), 0);
    assert_string_equal(bi.bootargs, "console clusters=2 selftest");
    assert_int_equal(bi.clusters_nr, 2);
    assert_int_equal(bi.cluster[0].harts_nr, 2);
    assert_int_equal(bi.cluster[1].hartid[0], 2);
    assert_int_equal(bi.cluster[1].mem_base, 0x80000000 + 128 * MiB);
    assert_int_equal(bi.cluster[1].mem_size, 128 * MiB);
    char v[16];
    assert_int_equal(boot_info_arg(&bi, "selftest", v, sizeof(v)), 0);
    assert_string_equal(v, "");
    assert_int_equal(boot_info_arg(&bi, "clusters", v, sizeof(v)), 0);
    assert_string_equal(v, "2");
    assert_int_equal(boot_info_arg(&bi, "cluster", v, sizeof(v)), -1);
    assert_int_equal(boot_info_arg(&bi, "console", v, sizeof(v)), 0);
}

static void expect_error(const char *tree, const char *words)
{
    assert_int_equal(build(tree), -1);
    if (strstr(bi.error, words) == NULL)
        fail_msg("%s: error \"%s\" lacks \"%s\"", tree, bi.error, words);
}

static void test_machines_refused(void **state)
{
    (void)state;
    expect_error("virt-nonuma-4-clusters5", "clusters=5 but the machine has only 4 harts");
    expect_error("virt-no-memory", "no memory node");
    expect_error("virt-no-cpus", "no usable cpu");
    expect_error("virt-no-uart", "no ns16550a UART");
    expect_error("virt-memory-only-node", "NUMA node");
    expect_error("virt-memory-overlap", "memory [0x84000000, 0x8c000000) of memory@88000000 "
                                        "overlaps memory [0x80000000, 0x88000000)");
    expect_error("virt-memory-on-uart", "memory [0x10000000, 0x18000000) covers the UART");
    expect_error("virt-address-cells-3", "#address-cells must be 1 or 2");
    expect_error("virt-size-cells-0", "no memory node with a non-zero size");
}

/* Every refusal still knows the finisher, so the kernel can power off with
 * a failing status (not SBI's shutdown, which QEMU reports as success). */
static void test_refusals_know_the_finisher(void **state)
{
    (void)state;
    static const char *const trees[] = {
        "virt-no-memory", "virt-no-cpus", "virt-no-uart", "virt-memory-overlap",
        "virt-memory-on-uart", "virt-address-cells-3", "virt-size-cells-0",
    };
    for (size_t i = 0; i < sizeof(trees) / sizeof(trees[0]); i++) {
        assert_int_equal(build(trees[i]), -1);
        if (bi.finisher.base != 0x100000 || bi.finisher.size == 0)
            fail_msg("%s: refused without the finisher (base 0x%llx size 0x%llx)", trees[i],
                     (unsigned long long)bi.finisher.base, (unsigned long long)bi.finisher.size);
    }
}

/* ------------------------------------------------------- layout -- */

static void test_layout_places_copies(void **state)
{
    (void)state;
    uint64_t pages_off;
    assert_int_equal(build("virt-2x2"), 0);
    assert_int_equal(boot_info_layout(&bi, 0x200000, 300000, 64, 20, &pages_off), 0);
    assert_int_equal(pages_off, (0x200000 + 300000 + 4095) & ~4095ULL);
    for (uint32_t c = 0; c < 2; c++) {
        assert_int_equal(bi.cluster[c].kernel_base, bi.cluster[c].mem_base + 0x200000);
        /* page descriptors (32768 pages * 64 B) then 20 table pages */
        assert_int_equal(bi.cluster[c].root_table, bi.cluster[c].mem_base + pages_off + 32768 * 64);
        assert_int_equal(bi.cluster[c].first_free, pages_off + 32768 * 64 + 20 * 4096);
    }
    /* OpenSBI's reserved region (fw_dynamic) would overlap a copy placed
     * at 0: the check names both ranges. */
    bi.reserved[bi.reserved_nr].base = 0x80300000;
    bi.reserved[bi.reserved_nr].size = 0x1000;
    bi.reserved_nr++;
    assert_int_equal(boot_info_layout(&bi, 0x200000, 300000, 64, 20, &pages_off), -1);
    assert_non_null(strstr(bi.error, "overlaps reserved memory [0x80300000, 0x80301000)"));
}

static void test_layout_refuses_small_slice(void **state)
{
    (void)state;
    uint64_t pages_off;
    assert_int_equal(build("virt-uneven"), 0);
    bi.cluster[2].mem_size = 4 * MiB;
    assert_int_equal(boot_info_layout(&bi, 0x200000, 1 * MiB, 64, 20, &pages_off), -1);
    assert_non_null(strstr(bi.error, "cluster 2: its 4096 KiB of memory"));
}

static void test_initrd_moves_out_of_kernel_copies(void **state)
{
    (void)state;
    uint64_t pages_off;
    assert_int_equal(build("virt-initrd"), 0);
    assert_int_equal(bi.initrd.base, 0x88000000);
    assert_int_equal(bi.initrd.size, 0x100000);
    assert_int_equal(boot_info_layout(&bi, 0x200000, 300000, 64, 20, &pages_off), 0);
    /* Below cluster 1's copy: safe where it is. */
    assert_int_equal(boot_info_initrd_target(&bi), 0x88000000);
    /* Inside cluster 1's copy: it must move, above every first_free,
     * clear of the tree. */
    bi.initrd.base = 0x88200000 + 4096;
    uint64_t t = boot_info_initrd_target(&bi);
    assert_true(t != 0 && t != bi.initrd.base);
    int c = boot_info_find_cluster(&bi, t);
    assert_true(c >= 0);
    assert_true(t >= bi.cluster[c].mem_base + bi.cluster[c].first_free);
    assert_true(t + bi.initrd.size <= bi.cluster[c].mem_base + bi.cluster[c].mem_size);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fdt_reader_walks_qemu_tree),
        cmocka_unit_test(test_fdt_rejects_bad_headers),
        cmocka_unit_test(test_fdt_every_truncation_is_refused),
        cmocka_unit_test(test_fdt_corruption_never_crashes),
        cmocka_unit_test(test_one_cluster),
        cmocka_unit_test(test_numa_2x2),
        cmocka_unit_test(test_aclint_sswi),
        cmocka_unit_test(test_sstc_from_isa_string),
        cmocka_unit_test(test_numa_4x2_aplic),
        cmocka_unit_test(test_uneven_nodes),
        cmocka_unit_test(test_no_numa_is_one_cluster),
        cmocka_unit_test(test_clusters_bootarg_splits),
        cmocka_unit_test(test_machines_refused),
        cmocka_unit_test(test_refusals_know_the_finisher),
        cmocka_unit_test(test_layout_places_copies),
        cmocka_unit_test(test_layout_refuses_small_slice),
        cmocka_unit_test(test_initrd_moves_out_of_kernel_copies),
    };
    return cmocka_run_group_tests_name("platform", tests, NULL, NULL);
}
