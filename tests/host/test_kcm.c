/*
 * test_kcm.c - fixed-size object caches: filling blocks, freeing, the
 * spare block, pages going back to the ppm, remote use, concurrency.
 */
#include "test_env.h"
#include "kcm.h"
#include "ppm.h"
#include "cluster.h"
#include "hal_remote.h"
#include "string.h"

/* A kcm of our own in each simulated slice, just below the page table. */
#define TEST_KCM_OFFSET 0xF000UL
#define TEST_KCM(cxy)   ((kcm_t *)(hal_host_window + ((uintptr_t)(cxy) << CLUSTER_SPAN_SHIFT) \
                                   + TEST_KCM_OFFSET))

static uint32_t free0;                  /* free pages after boot */

static int setup(void **state)
{
    (void)state;
    test_boot_clusters(TEST_CLUSTERS);
    assert_true(HAL_HOST_CLUSTER_OFFSET + sizeof(cluster_t) <= TEST_KCM_OFFSET);
    assert_true(TEST_KCM_OFFSET + sizeof(kcm_t) <= TEST_TBL_OFFSET);
    free0 = ppm_remote_free_pages_nr(0);
    return 0;
}

static void test_kcm_geometry(void **state)
{
    (void)state;
    kcm_t *kcm = TEST_KCM(0);

    assert_int_equal(KCM_HDR_SIZE, 64);
    kcm_init(kcm, 24);
    assert_int_equal(kcm->size, 32);                /* multiple of 16 */
    assert_int_equal(kcm->order, 0);
    assert_int_equal(kcm->max_objs, (4096 - 64) / 32);
    kcm_init(kcm, 16);
    assert_int_equal(kcm->max_objs, (4096 - 64) / 16); /* 252 <= 256 */
    kcm_init(kcm, 2048);
    assert_int_equal(kcm->order, 3);                /* 8 pages: 15 objects */
    assert_int_equal(kcm->max_objs, 15);
    kcm_init(kcm, 1000);
    assert_int_equal(kcm->size, 1008);
    assert_int_equal(kcm->order, 1);                /* 2 pages: 8 objects */
    assert_int_equal(kcm->max_objs, 8);
}

/* Fill a block, spill into a second, free all: one block stays as the
 * spare, the other goes back to the ppm. */
static void test_kcm_fill_and_release(void **state)
{
    (void)state;
    kcm_t *kcm = TEST_KCM(0);
    void *objs[2 * 63];

    kcm_init(kcm, 64);
    uint32_t max = kcm->max_objs;                   /* (4096 - 64) / 64 = 63 */
    assert_int_equal(max, 63);
    for (uint32_t i = 0; i < max; i++) {
        objs[i] = kcm_alloc(kcm);
        assert_non_null(objs[i]);
        assert_int_equal((uintptr_t)objs[i] % 64, 0);
        memset(objs[i], (int)i, 64);
    }
    assert_int_equal(kcm_remote_blocks_nr(0, kcm), 1);
    assert_int_equal(kcm->full_nr, 1);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 1);
    for (uint32_t i = max; i < 2 * max; i++)
        objs[i] = kcm_alloc(kcm);
    assert_int_equal(kcm_remote_blocks_nr(0, kcm), 2);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 2);
    /* objects of the first block kept their contents: no overlap */
    for (uint32_t i = 0; i < max; i++)
        for (int b = 0; b < 64; b++)
            assert_int_equal(((uint8_t *)objs[i])[b], (uint8_t)i);
    /* every object distinct */
    for (uint32_t i = 1; i < 2 * max; i++)
        assert_ptr_not_equal(objs[i], objs[i - 1]);
    /* the pages are marked as kcm pages */
    assert_true(page_remote_is_flag(ppm_base2page(XPTR(0, objs[0])), PG_KCM));

    for (uint32_t i = 0; i < 2 * max; i++)
        kcm_free(objs[i]);
    assert_int_equal(kcm_remote_blocks_nr(0, kcm), 1);   /* the spare */
    assert_int_not_equal(kcm->spare, XPTR_NULL);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 1);
    assert_int_equal(ppm_remote_check(0), 0);

    /* the spare serves the next allocation: no new page */
    void *again = kcm_alloc(kcm);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 1);
    assert_int_equal(kcm->spare, XPTR_NULL);
    kcm_free(again);
}

/* A freed slot is reused, a full block becomes active again. */
static void test_kcm_reuse(void **state)
{
    (void)state;
    kcm_t *kcm = TEST_KCM(0);
    void *objs[8];

    kcm_init(kcm, 1000);                            /* 8 per block */
    for (int i = 0; i < 8; i++)
        objs[i] = kcm_alloc(kcm);
    assert_int_equal(kcm->full_nr, 1);
    kcm_free(objs[5]);
    assert_int_equal(kcm->full_nr, 0);
    assert_int_equal(kcm->active_nr, 1);
    assert_ptr_equal(kcm_alloc(kcm), objs[5]);
    assert_int_equal(kcm_remote_blocks_nr(0, kcm), 1);
    for (int i = 0; i < 8; i++)
        kcm_free(objs[i]);
}

static void test_kcm_bad_free(void **state)
{
    (void)state;
    kcm_t *kcm = TEST_KCM(0);

    kcm_init(kcm, 128);
    void *a = kcm_alloc(kcm);
    void *b = kcm_alloc(kcm);
    kcm_free(a);
    EXPECT_PANIC(kcm_free(a));                      /* double free */
    /* that panic came with the kcm lock held: a real kernel stops there */
    remote_busylock_init(XPTR(local_cxy, &kcm->lock));
    EXPECT_PANIC(kcm_free((char *)b + 8));          /* not an object start */
    page_t *page = ppm_alloc_pages(0);              /* not a kcm page */
    EXPECT_PANIC(kcm_free(GET_PTR(ppm_page2base(XPTR(local_cxy, page)))));
}

/* A core of cluster 0 allocates from cluster 2's kcm; cluster 3 frees. */
static void test_kcm_remote(void **state)
{
    (void)state;
    uint32_t free2 = ppm_remote_free_pages_nr(2);

    hal_host_set_cluster(2);
    kcm_init(TEST_KCM(2), 256);
    hal_host_set_cluster(0);
    kcm_t *kcm = TEST_KCM(0);       /* same local address, named with cxy 2 */
    xptr_t xp[20];
    for (int i = 0; i < 20; i++) {
        xp[i] = kcm_remote_alloc(2, kcm);
        assert_int_equal(GET_CXY(xp[i]), 2);
        hal_remote_s32(xp[i], 1000 + i);
    }
    assert_int_equal(ppm_remote_free_pages_nr(2), free2 - 2);   /* 15 per block */
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
    assert_int_equal(kcm_remote_blocks_nr(2, kcm), 2);
    hal_host_set_cluster(3);
    for (int i = 0; i < 20; i++) {
        assert_int_equal(hal_remote_l32(xp[i]), 1000 + i);
        kcm_remote_free(2, GET_PTR(xp[i]));
    }
    hal_host_set_cluster(0);
    assert_int_equal(ppm_remote_free_pages_nr(2), free2 - 1);   /* spare kept */
    assert_int_equal(kcm_remote_blocks_nr(2, kcm), 1);
}

/* 8 cores of 4 clusters share cluster 1's kcm. */
static void *kcm_worker(void *arg)
{
    uintptr_t me = (uintptr_t)arg;
    kcm_t *kcm = TEST_KCM(local_cxy);       /* its local address */
    xptr_t held[40];

    for (int round = 0; round < 100; round++) {
        for (int i = 0; i < 40; i++) {
            held[i] = kcm_remote_alloc(1, kcm);
            if (held[i] == XPTR_NULL)
                return (void *)1;
            hal_remote_s64(held[i], me);
        }
        for (int i = 0; i < 40; i++) {
            if (hal_remote_l64(held[i]) != me)
                return (void *)1;
            kcm_remote_free(1, GET_PTR(held[i]));
        }
    }
    return NULL;
}

static void test_kcm_concurrent(void **state)
{
    (void)state;
    const cxy_t cxys[8] = { 0, 1, 2, 3, 0, 1, 2, 3 };
    void *args[8];
    uint32_t free1 = ppm_remote_free_pages_nr(1);

    hal_host_set_cluster(1);
    kcm_init(TEST_KCM(1), 32);
    hal_host_set_cluster(0);
    for (uintptr_t i = 0; i < 8; i++)
        args[i] = (void *)i;
    test_run_threads(8, cxys, kcm_worker, args);
    assert_int_equal(kcm_remote_blocks_nr(1, TEST_KCM(0)), 1);
    assert_int_equal(ppm_remote_free_pages_nr(1), free1 - 1);
    assert_int_equal(ppm_remote_check(1), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_kcm_geometry, setup),
        cmocka_unit_test_setup(test_kcm_fill_and_release, setup),
        cmocka_unit_test_setup(test_kcm_reuse, setup),
        cmocka_unit_test_setup(test_kcm_bad_free, setup),
        cmocka_unit_test_setup(test_kcm_remote, setup),
        cmocka_unit_test_setup(test_kcm_concurrent, setup),
    };
    return cmocka_run_group_tests_name("kcm", tests, NULL, NULL);
}
