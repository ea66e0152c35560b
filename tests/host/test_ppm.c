/*
 * test_ppm.c - the buddy allocator of physical pages, on 4 simulated
 * clusters of 8 MiB (2048 pages; descriptors at offset 0x10000).
 */
#include <pthread.h>
#include <stdlib.h>
#include "test_env.h"
#include "ppm.h"
#include "cluster.h"
#include "hal_remote.h"
#include "string.h"

#define PAGES_NR  (TEST_SLICE_SIZE >> CONFIG_PPM_PAGE_SHIFT)

static uint32_t first_free;

static int setup(void **state)
{
    (void)state;
    first_free = test_boot_clusters(TEST_CLUSTERS);
    return 0;
}

/* Index of the page at <page_xp> in its cluster. */
static uint32_t page_index(xptr_t page_xp)
{
    return (uint32_t)((ppm_page2base(page_xp) & CLUSTER_OFFSET_MASK) >> CONFIG_PPM_PAGE_SHIFT);
}

/* Free blocks per order of cluster <cxy> into <nr>. */
static void snapshot(cxy_t cxy, uint32_t *nr)
{
    for (uint32_t o = 0; o < CONFIG_PPM_MAX_ORDER; o++)
        nr[o] = ppm_remote_free_blocks_nr(cxy, o);
}

static void assert_snapshot_equal(cxy_t cxy, const uint32_t *nr)
{
    for (uint32_t o = 0; o < CONFIG_PPM_MAX_ORDER; o++)
        assert_int_equal(ppm_remote_free_blocks_nr(cxy, o), nr[o]);
    assert_int_equal(ppm_remote_check(cxy), 0);
}

/* Table: 2048 descriptors of 64 bytes from 0x10000 to 0x30000, so pages
 * 48..2047 are free: blocks of 16 (48), 64, 128, 256, 512, 1024 pages. */
static void test_ppm_boot_blocks(void **state)
{
    (void)state;
    assert_int_equal(sizeof(page_t), 64);
    assert_int_equal(first_free, 48);
    for (cxy_t c = 0; c < TEST_CLUSTERS; c++) {
        assert_int_equal(ppm_remote_free_pages_nr(c), PAGES_NR - 48);
        for (uint32_t o = 0; o < CONFIG_PPM_MAX_ORDER; o++) {
            bool expect = o == 4 || (o >= 6 && o <= 10);
            assert_int_equal(ppm_remote_free_blocks_nr(c, o), expect ? 1 : 0);
        }
        assert_int_equal(ppm_remote_check(c), 0);
    }
}

/* Every free page once, never page 0 nor a table page; then exhaustion;
 * then everything back, merged into the initial blocks. */
static void test_ppm_exhaust_and_coalesce(void **state)
{
    (void)state;
    uint32_t before[CONFIG_PPM_MAX_ORDER];
    uint32_t n = PAGES_NR - first_free;
    xptr_t *pages = calloc(n, sizeof(xptr_t));
    bitmap_t seen[BITMAP_WORDS(PAGES_NR)] = { 0 };

    snapshot(0, before);
    for (uint32_t i = 0; i < n; i++) {
        pages[i] = ppm_remote_alloc_pages(0, 0);
        assert_int_not_equal(pages[i], XPTR_NULL);
        uint32_t index = page_index(pages[i]);
        assert_true(index >= first_free && index < PAGES_NR);
        assert_false(bitmap_state(seen, index));            /* not twice */
        bitmap_set(seen, index);
        assert_int_equal(page_remote_refcount(pages[i]), 1);
    }
    assert_int_equal(ppm_remote_free_pages_nr(0), 0);
    assert_int_equal(ppm_remote_alloc_pages(0, 0), XPTR_NULL);
    assert_null(ppm_alloc_pages(0));
    assert_int_equal(ppm_remote_check(0), 0);

    /* free in a scrambled order (stride coprime with n) */
    for (uint32_t k = 0, i = 0; k < n; k++, i = (i + 7) % n)
        ppm_free_pages(GET_PTR(pages[i]));
    assert_int_equal(ppm_remote_free_pages_nr(0), n);
    assert_snapshot_equal(0, before);
    free(pages);
}

/* Mixed orders: aligned, disjoint (patterns survive), merged back. */
static void test_ppm_mixed_orders(void **state)
{
    (void)state;
    uint32_t before[CONFIG_PPM_MAX_ORDER];
    xptr_t pages[64];
    uint32_t orders[64];
    uint32_t used = 0;

    snapshot(0, before);
    srand(1);
    for (int i = 0; i < 64; i++) {
        orders[i] = (uint32_t)rand() % 5;
        pages[i] = ppm_remote_alloc_pages(0, orders[i]);
        assert_int_not_equal(pages[i], XPTR_NULL);
        uint32_t index = page_index(pages[i]);
        assert_int_equal(index & ((1U << orders[i]) - 1), 0);
        used += 1U << orders[i];
        hal_remote_memset(ppm_page2base(pages[i]), (uint8_t)i,
                          CONFIG_PPM_PAGE_SIZE << orders[i]);
    }
    assert_int_equal(ppm_remote_free_pages_nr(0), PAGES_NR - first_free - used);
    for (int i = 0; i < 64; i++) {
        uint8_t *p = GET_PTR(ppm_page2base(pages[i]));
        for (size_t b = 0; b < (CONFIG_PPM_PAGE_SIZE << orders[i]); b += 512)
            assert_int_equal(p[b], (uint8_t)i);
    }
    for (int i = 63; i >= 0; i -= 2)
        ppm_remote_free_pages(0, GET_PTR(pages[i]));
    assert_int_equal(ppm_remote_check(0), 0);
    for (int i = 62; i >= 0; i -= 2)
        ppm_remote_free_pages(0, GET_PTR(pages[i]));
    assert_snapshot_equal(0, before);
}

/* A large block comes from splitting; freeing it restores the split. */
static void test_ppm_split(void **state)
{
    (void)state;
    uint32_t before[CONFIG_PPM_MAX_ORDER];

    snapshot(0, before);
    xptr_t p = ppm_remote_alloc_pages(0, 5);          /* no order-5 block free */
    assert_int_not_equal(p, XPTR_NULL);
    assert_int_equal(page_index(p), 64);              /* split of the 64..127 block */
    assert_int_equal(ppm_remote_free_blocks_nr(0, 5), 1);   /* 96..127 */
    assert_int_equal(ppm_remote_free_blocks_nr(0, 6), 0);
    assert_int_equal(ppm_remote_alloc_pages(0, CONFIG_PPM_MAX_ORDER), XPTR_NULL);
    assert_int_equal(ppm_remote_alloc_pages(0, 11), XPTR_NULL);  /* larger than any */
    ppm_remote_free_pages(0, GET_PTR(p));
    assert_snapshot_equal(0, before);
}

/* From cluster 0, allocate in cluster 2; free it from cluster 3. */
static void test_ppm_remote_alloc_free(void **state)
{
    (void)state;
    uint32_t before2[CONFIG_PPM_MAX_ORDER], before0[CONFIG_PPM_MAX_ORDER];

    snapshot(2, before2);
    snapshot(0, before0);
    xptr_t p = ppm_remote_alloc_pages(2, 3);
    assert_int_equal(GET_CXY(p), 2);
    assert_int_equal(GET_CXY(ppm_page2base(p)), 2);
    assert_int_equal(ppm_remote_free_pages_nr(2), PAGES_NR - first_free - 8);
    assert_int_equal(ppm_remote_free_pages_nr(0), PAGES_NR - first_free);
    /* the memory is cluster 2's: visible there at the same offset */
    hal_remote_s32(ppm_page2base(p) + 100, 0xC0FFEE);
    hal_host_set_cluster(2);
    assert_int_equal(*(uint32_t *)((char *)GET_PTR(ppm_page2base(p)) + 100), 0xC0FFEE);
    hal_host_set_cluster(3);
    ppm_remote_free_pages(2, GET_PTR(p));
    hal_host_set_cluster(0);
    assert_snapshot_equal(2, before2);
    assert_snapshot_equal(0, before0);
}

static void test_ppm_conversions(void **state)
{
    (void)state;
    for (cxy_t c = 0; c < TEST_CLUSTERS; c++) {
        xptr_t p = ppm_remote_alloc_pages(c, 0);
        uint32_t index = page_index(p);
        xptr_t base = ppm_page2base(p);
        ppn_t ppn = ppm_page2ppn(p);

        assert_int_equal(base, ((xptr_t)c << CLUSTER_SPAN_SHIFT) |
                               ((xptr_t)index << CONFIG_PPM_PAGE_SHIFT));
        assert_int_equal(ppn, (TEST_PHYS_BASE(c) >> CONFIG_PPM_PAGE_SHIFT) + index);
        assert_int_equal(ppm_base2page(base), p);
        assert_int_equal(ppm_base2page(base + 123), p);     /* inside the page */
        assert_int_equal(ppm_ppn2page(ppn), p);
        assert_int_equal(ppm_ppn2base(ppn), base);
        assert_int_equal(ppm_base2ppn(base), ppn);
        /* the descriptor is cluster c's, wherever its table pointer says */
        hal_host_set_cluster(c);
        assert_ptr_equal(GET_PTR(p), &LOCAL_CLUSTER->ppm.pages_tbl[index]);
        /* a core of another cluster converts the same way */
        hal_host_set_cluster((c + 1) % TEST_CLUSTERS);
        assert_int_equal(ppm_ppn2page(ppn), p);
        assert_int_equal(ppm_page2ppn(p), ppn);
        hal_host_set_cluster(0);
        ppm_remote_free_pages(c, GET_PTR(p));
    }
    /* outside every slice */
    assert_int_equal(ppm_ppn2page(0x1000), XPTR_NULL);
    assert_int_equal(ppm_ppn2base((TEST_PHYS_BASE(TEST_CLUSTERS)) >> 12), XPTR_NULL);
}

static void test_ppm_page_helpers(void **state)
{
    (void)state;
    xptr_t p = ppm_remote_alloc_pages(1, 0);

    assert_int_equal(page_remote_refcount(p), 1);
    assert_int_equal(page_remote_refcount_up(p), 2);
    assert_int_equal(page_remote_refcount_down(p), 1);
    assert_int_equal(page_remote_forks(p), 0);
    assert_int_equal(page_remote_forks_up(p), 1);
    assert_int_equal(page_remote_forks_up(p), 2);
    assert_int_equal(page_remote_forks_down(p), 1);
    assert_false(page_remote_is_flag(p, PG_DIRTY));
    page_remote_set_flag(p, PG_DIRTY);
    assert_true(page_remote_is_flag(p, PG_DIRTY));
    page_remote_clear_flag(p, PG_DIRTY);
    assert_false(page_remote_is_flag(p, PG_DIRTY));
    ppm_remote_free_pages(1, GET_PTR(p));
    /* free resets the counters for the next owner */
    p = ppm_remote_alloc_pages(1, 0);
    assert_int_equal(page_remote_forks(p), 0);
    assert_int_equal(page_remote_refcount(p), 1);
    ppm_remote_free_pages(1, GET_PTR(p));
    EXPECT_PANIC(page_remote_forks_down(p));  /* below zero: a bug */
}

/* Page 0 (XPTR_NULL) can never enter the buddy; double free is caught. */
static void test_ppm_page0_and_double_free(void **state)
{
    (void)state;
    EXPECT_PANIC(ppm_free_range(0, 1));
    EXPECT_PANIC(ppm_free_range(PAGES_NR - 1, 2));       /* beyond the slice */
    EXPECT_PANIC(ppm_free_range(100, 1));                /* already in the buddy */
    page_t *p = ppm_alloc_pages(0);
    ppm_free_pages(p);
    EXPECT_PANIC(ppm_free_pages(p));
    EXPECT_PANIC(ppm_free_pages(&LOCAL_CLUSTER->ppm.pages_tbl[0]));
}

static void test_ppm_display(void **state)
{
    (void)state;
    test_console_reset();
    ppm_remote_display(1);
    assert_string_equal(test_console_buf,
                        "ppm[1]: 2048 pages, 2000 free\n"
                        "  order  4: 1 block(s) of 16 pages\n"
                        "  order  6: 1 block(s) of 64 pages\n"
                        "  order  7: 1 block(s) of 128 pages\n"
                        "  order  8: 1 block(s) of 256 pages\n"
                        "  order  9: 1 block(s) of 512 pages\n"
                        "  order 10: 1 block(s) of 1024 pages\n");
}

/* 8 cores of 4 clusters allocate and free in cluster 1 at the same time. */
static void *ppm_worker(void *arg)
{
    uintptr_t me = (uintptr_t)arg;
    xptr_t held[16];

    for (int round = 0; round < 200; round++) {
        for (int i = 0; i < 16; i++) {
            held[i] = ppm_remote_alloc_pages(1, (uint32_t)(i + me) % 3);
            if (held[i] != XPTR_NULL)
                hal_remote_s64(ppm_page2base(held[i]), me);
        }
        for (int i = 0; i < 16; i++) {
            if (held[i] == XPTR_NULL)
                continue;
            if (hal_remote_l64(ppm_page2base(held[i])) != me)
                return (void *)1;                          /* shared a page */
            ppm_remote_free_pages(1, GET_PTR(held[i]));
        }
    }
    return NULL;
}

static void test_ppm_concurrent(void **state)
{
    (void)state;
    uint32_t before[CONFIG_PPM_MAX_ORDER];
    const cxy_t cxys[8] = { 0, 1, 2, 3, 0, 1, 2, 3 };
    void *args[8];

    snapshot(1, before);
    for (uintptr_t i = 0; i < 8; i++)
        args[i] = (void *)i;
    test_run_threads(8, cxys, ppm_worker, args);
    assert_snapshot_equal(1, before);
}

/* The test machine's slices are uniform: ppn -> xptr by shifts.  Another
 * layout (slices of different sizes) converts by search, the same way. */
static void test_ppm_layout_uniform_and_not(void **state)
{
    (void)state;
    paddr_t bases[TEST_CLUSTERS];
    uint64_t sizes[TEST_CLUSTERS];

    assert_int_equal(ppm_conv.shift, 23);       /* 8 MiB */
    assert_int_equal(ppm_conv.clusters_nr, TEST_CLUSTERS);
    for (cxy_t c = 0; c < TEST_CLUSTERS; c++) {
        bases[c] = TEST_PHYS_BASE(c);
        sizes[c] = TEST_SLICE_SIZE;
    }
    /* a gap before the last slice: not uniform any more */
    bases[TEST_CLUSTERS - 1] += TEST_SLICE_SIZE;
    ppm_set_layout(TEST_CLUSTERS, bases, sizes);
    assert_int_equal(ppm_conv.clusters_nr, 0);
    ppn_t last = (bases[TEST_CLUSTERS - 1] >> 12) + 5;
    assert_int_equal(ppm_ppn2base(last),
                     ((xptr_t)(TEST_CLUSTERS - 1) << CLUSTER_SPAN_SHIFT) | (5 << 12));
    assert_int_equal(ppm_ppn2base(TEST_PHYS_BASE(TEST_CLUSTERS - 1) >> 12), XPTR_NULL);
    /* slices of a size that is not a power of two */
    bases[TEST_CLUSTERS - 1] = TEST_PHYS_BASE(TEST_CLUSTERS - 1);
    sizes[TEST_CLUSTERS - 1] = TEST_SLICE_SIZE - 4096;
    ppm_set_layout(TEST_CLUSTERS, bases, sizes);
    assert_int_equal(ppm_conv.clusters_nr, 0);
    assert_int_equal(ppm_ppn2base((TEST_PHYS_BASE(TEST_CLUSTERS) >> 12) - 1), XPTR_NULL);
    assert_int_equal(ppm_ppn2base((TEST_PHYS_BASE(1) >> 12) + 7),
                     ((xptr_t)1 << CLUSTER_SPAN_SHIFT) | (7 << 12));
    /* back to the uniform layout: the fast path bounds the cluster number */
    sizes[TEST_CLUSTERS - 1] = TEST_SLICE_SIZE;
    ppm_set_layout(TEST_CLUSTERS, bases, sizes);
    assert_int_equal(ppm_conv.shift, 23);
    assert_int_equal(ppm_ppn2base((TEST_PHYS_BASE(TEST_CLUSTERS) >> 12)), XPTR_NULL);
    assert_int_equal(ppm_ppn2base((TEST_PHYS_BASE(0) >> 12) - 1), XPTR_NULL);
    assert_int_equal(ppm_ppn2base((TEST_PHYS_BASE(2) >> 12) + 9),
                     ((xptr_t)2 << CLUSTER_SPAN_SHIFT) | (9 << 12));
}

/* The per-core cache of single pages: refilled by a block of
 * 2^CONFIG_PPM_PCACHE_ORDER, last freed first allocated, bounded, counted
 * as free, double frees caught, drained back into the initial blocks. */
static void test_ppm_pcache(void **state)
{
    (void)state;
    uint32_t before[CONFIG_PPM_MAX_ORDER];
    uint32_t free0 = ppm_remote_free_pages_nr(0);
    ppm_t *ppm = &LOCAL_CLUSTER->ppm;
    const uint32_t batch = 1U << CONFIG_PPM_PCACHE_ORDER;
    xptr_t pages[CONFIG_PPM_PCACHE_SIZE + 8];

    snapshot(0, before);
    ppm_pcache_enable();
    xptr_t p = ppm_remote_alloc_pages(0, 0);
    assert_int_not_equal(p, XPTR_NULL);
    assert_int_equal(ppm->pcache[0].count, batch - 1);        /* one block split */
    assert_int_equal(page_remote_refcount(p), 1);
    assert_int_equal(hal_remote_l32(PAGE_FIELD_XP(p, flags)), 0);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 1);
    assert_int_equal(ppm_remote_check(0), 0);
    /* the block's pages leave the cache in address order */
    xptr_t q = ppm_remote_alloc_pages(0, 0);
    assert_int_equal(page_index(q), page_index(p) + 1);
    ppm_free_pages(GET_PTR(q));
    assert_int_equal(ppm_remote_alloc_pages(0, 0), q);        /* last freed, first out */
    ppm_free_pages(GET_PTR(q));
    ppm_free_pages(GET_PTR(p));
    assert_int_equal(ppm->pcache[0].count, batch);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
    assert_int_equal(ppm_remote_check(0), 0);
    EXPECT_PANIC(ppm_free_pages(GET_PTR(p)));                  /* already cached */
    /* another core of the cluster has its own cache */
    hal_host_set_gid(1);
    xptr_t r = ppm_remote_alloc_pages(0, 0);
    assert_int_equal(ppm->pcache[1].count, batch - 1);
    ppm_free_pages(GET_PTR(r));
    assert_int_equal(ppm_pcache_drain(), batch);
    hal_host_set_gid(0);
    /* bounded: beyond CONFIG_PPM_PCACHE_SIZE, frees go to the buddy */
    for (uint32_t i = 0; i < CONFIG_PPM_PCACHE_SIZE + 8; i++)
        pages[i] = ppm_remote_alloc_pages(0, 0);
    for (uint32_t i = 0; i < CONFIG_PPM_PCACHE_SIZE + 8; i++)
        ppm_free_pages(GET_PTR(pages[i]));
    assert_int_equal(ppm->pcache[0].count, CONFIG_PPM_PCACHE_SIZE);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
    assert_int_equal(ppm_remote_check(0), 0);
    /* a remote core's single page does not go through this cache */
    xptr_t s1 = ppm_remote_alloc_pages(1, 0);
    ppm_remote_free_pages(1, GET_PTR(s1));
    assert_int_equal(ppm->pcache[0].count, CONFIG_PPM_PCACHE_SIZE);
    assert_int_equal(ppm_remote_check(1), 0);
    /* with the blocks of 128 pages and more taken, a block of 64 needs
     * the cached pages back (pages 48..79 are cached): the allocation
     * drains this core's cache and succeeds */
    xptr_t held[4];
    for (uint32_t o = 7; o <= 10; o++)
        held[o - 7] = ppm_remote_alloc_pages(0, o);
    xptr_t big = ppm_remote_alloc_pages(0, 6);
    assert_int_not_equal(big, XPTR_NULL);
    assert_int_equal(page_index(big), 64);
    assert_int_equal(ppm->pcache[0].count, 0);
    ppm_free_pages(GET_PTR(big));
    for (uint32_t i = 0; i < 4; i++)
        ppm_free_pages(GET_PTR(held[i]));
    assert_int_equal(ppm_pcache_drain(), 0);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
    assert_snapshot_equal(0, before);
    ppm->pcache_on = 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_ppm_boot_blocks, setup),
        cmocka_unit_test_setup(test_ppm_exhaust_and_coalesce, setup),
        cmocka_unit_test_setup(test_ppm_mixed_orders, setup),
        cmocka_unit_test_setup(test_ppm_split, setup),
        cmocka_unit_test_setup(test_ppm_remote_alloc_free, setup),
        cmocka_unit_test_setup(test_ppm_conversions, setup),
        cmocka_unit_test_setup(test_ppm_page_helpers, setup),
        cmocka_unit_test_setup(test_ppm_page0_and_double_free, setup),
        cmocka_unit_test_setup(test_ppm_display, setup),
        cmocka_unit_test_setup(test_ppm_concurrent, setup),
        cmocka_unit_test_setup(test_ppm_layout_uniform_and_not, setup),
        cmocka_unit_test_setup(test_ppm_pcache, setup),
    };
    return cmocka_run_group_tests_name("ppm", tests, NULL, NULL);
}
