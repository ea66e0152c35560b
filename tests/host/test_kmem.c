/*
 * test_kmem.c - the kmem front end: size classes, AF_ZERO, large
 * allocations from the ppm, remote allocation and release.
 */
#include "test_env.h"
#include "kmem.h"
#include "ppm.h"
#include "cluster.h"
#include "hal_remote.h"
#include "string.h"

static uint32_t free0;

static int setup(void **state)
{
    (void)state;
    test_boot_clusters(TEST_CLUSTERS);
    free0 = ppm_remote_free_pages_nr(0);
    return 0;
}

static void test_kmem_classes(void **state)
{
    (void)state;
    assert_int_equal(KMEM_CLASSES, 8);
    assert_int_equal(kmem_class(1), 0);
    assert_int_equal(kmem_class(16), 0);
    assert_int_equal(kmem_class(17), 1);
    assert_int_equal(kmem_class(32), 1);
    assert_int_equal(kmem_class(1024), 6);
    assert_int_equal(kmem_class(1025), 7);
    assert_int_equal(kmem_class(2048), 7);
    for (uint32_t i = 0; i < KMEM_CLASSES; i++)
        assert_int_equal(LOCAL_CLUSTER->kmem.kcm[i].size, 16U << i);
}

/* Small requests are kcm objects of the right class. */
static void test_kmem_small(void **state)
{
    (void)state;
    static const size_t sizes[] = { 1, 16, 24, 100, 500, 1024, 2000, 2048 };
    void *p[8];

    for (int i = 0; i < 8; i++) {
        p[i] = kmem_alloc(sizes[i], AF_NONE);
        assert_non_null(p[i]);
        xptr_t page_xp = ppm_base2page(XPTR(local_cxy, p[i]));
        assert_true(page_remote_is_flag(page_xp, PG_KCM));
        memset(p[i], 0x5A, sizes[i]);
    }
    kcm_t *k = &LOCAL_CLUSTER->kmem.kcm[kmem_class(100)];
    assert_int_equal(kcm_remote_blocks_nr(0, k), 1);
    for (int i = 0; i < 8; i++)
        kmem_free(p[i]);
    /* every class keeps its spare block, nothing else */
    uint32_t spare_pages = 0;
    for (uint32_t i = 0; i < KMEM_CLASSES; i++) {
        kcm_t *kcm = &LOCAL_CLUSTER->kmem.kcm[i];
        if (kcm_remote_blocks_nr(0, kcm))
            spare_pages += 1U << kcm->order;
    }
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - spare_pages);
}

static void test_kmem_zero(void **state)
{
    (void)state;
    uint8_t *p = kmem_alloc(200, AF_NONE);

    memset(p, 0xFF, 200);
    kmem_free(p);
    uint8_t *q = kmem_alloc(200, AF_ZERO);
    assert_ptr_equal(q, p);                 /* the same slot comes back */
    for (int i = 0; i < 200; i++)
        assert_int_equal(q[i], 0);
    kmem_free(q);

    uint8_t *big = kmem_alloc(3 * 4096, AF_NONE);
    memset(big, 0xFF, 3 * 4096);
    kmem_free(big);
    big = kmem_alloc(3 * 4096, AF_ZERO);
    for (int i = 0; i < 3 * 4096; i++)
        assert_int_equal(big[i], 0);
    kmem_free(big);
}

/* Above 2 KiB: whole ppm blocks of the needed order, page aligned. */
static void test_kmem_large(void **state)
{
    (void)state;
    void *a = kmem_alloc(2049, AF_NONE);            /* 1 page */
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 1);
    void *b = kmem_alloc(5000, AF_NONE);            /* 2 pages */
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 3);
    void *c = kmem_alloc(3 * 4096, AF_NONE);        /* 4 pages */
    assert_int_equal(ppm_remote_free_pages_nr(0), free0 - 7);
    assert_int_equal((uintptr_t)a % 4096, 0);
    assert_int_equal((uintptr_t)b % 4096, 0);
    assert_int_equal((uintptr_t)c % 4096, 0);
    assert_false(page_remote_is_flag(ppm_base2page(XPTR(0, b)), PG_KCM));
    assert_null(kmem_alloc(TEST_SLICE_SIZE, AF_NONE));   /* more than exists */
    kmem_free(b);
    kmem_free(a);
    kmem_free(c);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
    assert_int_equal(ppm_remote_check(0), 0);
    void *d = kmem_alloc(8192, AF_NONE);
    EXPECT_PANIC(kmem_free((char *)d + 16));        /* not a block start */
}

/* Cluster 0 allocates in cluster 3 (small and large); cluster 1 frees. */
static void test_kmem_remote(void **state)
{
    (void)state;
    uint32_t free3 = ppm_remote_free_pages_nr(3);

    xptr_t s = kmem_remote_alloc(3, 40, AF_ZERO);
    xptr_t l = kmem_remote_alloc(3, 10000, AF_ZERO);
    assert_int_equal(GET_CXY(s), 3);
    assert_int_equal(GET_CXY(l), 3);
    assert_int_equal(hal_remote_l64(s + 32), 0);
    assert_int_equal(hal_remote_l64(l + 9992), 0);
    assert_true(page_remote_is_flag(ppm_base2page(s), PG_KCM));
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
    assert_int_equal(ppm_remote_free_pages_nr(3), free3 - 1 - 4);
    hal_host_set_cluster(1);
    kmem_remote_free(s);
    kmem_remote_free(l);
    hal_host_set_cluster(0);
    assert_int_equal(ppm_remote_free_pages_nr(3), free3 - 1);   /* kcm spare */
    assert_int_equal(ppm_remote_check(3), 0);
}

/* Exhausting a cluster gives NULL, not a crash; freeing brings it back. */
static void test_kmem_exhaustion(void **state)
{
    (void)state;
    static void *objs[20000];
    int n = 0;

    while (n < 20000 && (objs[n] = kmem_alloc(1024, AF_NONE)) != NULL)
        n++;
    assert_true(n > 0 && n < 20000);
    assert_null(kmem_alloc(64 * 1024, AF_NONE));
    for (int i = 0; i < n; i++)
        kmem_free(objs[i]);
    assert_int_equal(ppm_remote_check(0), 0);
    assert_true(ppm_remote_free_pages_nr(0) >= free0 - 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_kmem_classes, setup),
        cmocka_unit_test_setup(test_kmem_small, setup),
        cmocka_unit_test_setup(test_kmem_zero, setup),
        cmocka_unit_test_setup(test_kmem_large, setup),
        cmocka_unit_test_setup(test_kmem_remote, setup),
        cmocka_unit_test_setup(test_kmem_exhaustion, setup),
    };
    return cmocka_run_group_tests_name("kmem", tests, NULL, NULL);
}
