/*
 * test_mapper.c - the page cache: mapper_get_page (allocation, zeroing,
 * descriptor fields, holes), mapper_move_kernel across pages, truncation,
 * destruction with pages still referenced by the VMM, a mapper in another
 * cluster, limits.
 */
#include "fs_test.h"
#include "mapper.h"
#include "ppm.h"
#include "page.h"
#include "kmem.h"
#include "hal_remote.h"
#include "errno.h"
#include "string.h"

static void test_mapper_get_page(void **state)
{
    (void)state;
    uint32_t free0 = ppm_remote_free_pages_nr(0);
    xptr_t m = mapper_create(0, XPTR_NULL);

    assert_true(m != XPTR_NULL);
    assert_int_equal(mapper_pages_nr(m), 0);
    assert_true(mapper_lookup_page(m, 3) == XPTR_NULL);
    xptr_t p3 = mapper_get_page(m, 3);
    assert_true(p3 != XPTR_NULL);
    assert_int_equal(GET_CXY(p3), 0);
    assert_true(mapper_get_page(m, 3) == p3);            /* the same page again */
    assert_true(mapper_lookup_page(m, 3) == p3);
    assert_int_equal(mapper_pages_nr(m), 1);
    assert_int_equal(page_remote_refcount(p3), 1);
    assert_true(hal_remote_lxp(PAGE_FIELD_XP(p3, mapper)) == m);
    assert_int_equal(hal_remote_l32(PAGE_FIELD_XP(p3, index)), 3);
    uint8_t *base = GET_PTR(ppm_page2base(p3));
    for (int i = 0; i < 4096; i++)
        assert_int_equal(base[i], 0);
    /* far indexes grow the table */
    xptr_t p1000 = mapper_get_page(m, 1000);
    assert_true(p1000 != XPTR_NULL && p1000 != p3);
    assert_true(mapper_get_page(m, 3) == p3);
    assert_int_equal(mapper_pages_nr(m), 2);
    assert_true(mapper_get_page(m, CONFIG_MAPPER_MAX_PAGES) == XPTR_NULL);
    assert_true(mapper_get_page(m, 0xffffffff) == XPTR_NULL);
    mapper_destroy(m);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
}

static void test_mapper_move(void **state)
{
    (void)state;
    static uint8_t data[3 * 4096 + 500], back[sizeof(data)];
    xptr_t m = mapper_create(0, XPTR_NULL);

    for (size_t i = 0; i < sizeof(data); i++)
        data[i] = (uint8_t)(i ^ (i >> 8));
    assert_int_equal(mapper_move_kernel(m, true, 100, data, sizeof(data)), 0);
    assert_int_equal(mapper_pages_nr(m), 4);
    assert_int_equal(mapper_move_kernel(m, false, 100, back, sizeof(back)), 0);
    assert_memory_equal(back, data, sizeof(data));
    /* the bytes before are zero, the page content is the file's */
    assert_int_equal(mapper_move_kernel(m, false, 0, back, 100), 0);
    for (int i = 0; i < 100; i++)
        assert_int_equal(back[i], 0);
    uint8_t *p1 = GET_PTR(ppm_page2base(mapper_get_page(m, 1)));
    assert_memory_equal(p1, data + 4096 - 100, 4096);
    assert_true(page_remote_is_flag(mapper_get_page(m, 1), PG_DIRTY));
    assert_int_equal(mapper_move_kernel(m, true, 0, data, 0), 0);
    uint64_t max = (uint64_t)CONFIG_MAPPER_MAX_PAGES * 4096;
    assert_int_equal(mapper_move_kernel(m, true, max - 1, data, 2), -EFBIG);
    assert_int_equal(mapper_move_kernel(m, true, max, data, 1), -EFBIG);
    assert_int_equal(mapper_move_kernel(m, false, UINT64_MAX, data, 1), -EFBIG);
    assert_int_equal(mapper_move_kernel(m, true, max - 1, data, 1), 0);
    mapper_destroy(m);
}

static void test_mapper_truncate(void **state)
{
    (void)state;
    static uint8_t data[3 * 4096];
    uint8_t back[4096];
    uint32_t free0 = ppm_remote_free_pages_nr(0);
    xptr_t m = mapper_create(0, XPTR_NULL);

    memset(data, 0xAB, sizeof(data));
    assert_int_equal(mapper_move_kernel(m, true, 0, data, sizeof(data)), 0);
    mapper_truncate(m, 4096 + 10);
    assert_int_equal(mapper_pages_nr(m), 2);
    assert_true(mapper_lookup_page(m, 2) == XPTR_NULL);
    assert_int_equal(mapper_move_kernel(m, false, 4096, back, 4096), 0);
    for (int i = 0; i < 4096; i++)
        assert_int_equal(back[i], i < 10 ? 0xAB : 0);
    mapper_truncate(m, 0);
    assert_int_equal(mapper_pages_nr(m), 0);
    mapper_destroy(m);
    assert_true(ppm_remote_free_pages_nr(0) + 1 >= free0);   /* a kcm spare */
}

/* A page the VMM maps outlives the mapper; the last reference frees it. */
/* A page held with mapper_get_page_ref outlives a truncation that takes
 * it out of the file (the race sysfuzz found: a read or a mapping held a
 * page that open(O_TRUNC) freed under it). */
static void test_mapper_ref_survives_truncate(void **state)
{
    (void)state;
    xptr_t m = mapper_create(0, XPTR_NULL);
    xptr_t p = mapper_get_page_ref(m, 2);
    assert_true(p != XPTR_NULL);
    assert_int_equal(page_remote_refcount(p), 2);          /* the mapper's and ours */
    uint32_t free_held = ppm_remote_free_pages_nr(0);
    mapper_truncate(m, 0);
    assert_int_equal(page_remote_refcount(p), 1);
    assert_false(page_remote_is_flag(p, PG_FREE));
    assert_int_equal(ppm_remote_free_pages_nr(0), free_held);
    assert_true(mapper_lookup_page(m, 2) == XPTR_NULL);
    mapper_put_page(p);
    assert_true(page_remote_is_flag(p, PG_FREE) || ppm_remote_free_pages_nr(0) > free_held);
    mapper_destroy(m);
}

static void test_mapper_vmm_reference(void **state)
{
    (void)state;
    xptr_t m = mapper_create(0, XPTR_NULL);
    xptr_t p = mapper_get_page(m, 0);
    xptr_t q = mapper_get_page(m, 1);
    uint32_t free_before = ppm_remote_free_pages_nr(0);

    assert_int_equal(page_remote_refcount_up(p), 2);     /* the VMM maps it */
    mapper_destroy(m);
    assert_int_equal(page_remote_refcount(p), 1);
    assert_true(hal_remote_lxp(PAGE_FIELD_XP(p, mapper)) == XPTR_NULL);
    assert_false(page_remote_is_flag(p, PG_FREE));
    assert_true(page_remote_is_flag(q, PG_FREE) || ppm_remote_free_pages_nr(0) > free_before);
    /* the VMM drops it */
    assert_int_equal(page_remote_refcount_down(p), 0);
    ppm_remote_free_pages(GET_CXY(p), GET_PTR(p));
    assert_int_equal(ppm_remote_check(0), 0);
}

/* A mapper of cluster 1 used from cluster 0, and the reverse. */
static void test_mapper_remote(void **state)
{
    (void)state;
    uint32_t free1 = ppm_remote_free_pages_nr(1);
    xptr_t m = mapper_create(1, XPTR_NULL);
    assert_int_equal(GET_CXY(m), 1);

    /* buffers of the simulated kernel (the remote path copies through the
     * remote window) */
    char *kbuf = kmem_alloc(6000, AF_NONE);
    char *back = kmem_alloc(6000, AF_ZERO);
    for (int i = 0; i < 6000; i++)
        kbuf[i] = (char)('a' + i % 26);
    assert_int_equal(mapper_move_kernel(m, true, 4000, kbuf, 6000), 0);
    xptr_t p = mapper_get_page(m, 1);
    assert_int_equal(GET_CXY(p), 1);                    /* pages in the mapper's cluster */
    assert_int_equal(mapper_move_kernel(m, false, 4000, back, 6000), 0);
    assert_memory_equal(back, kbuf, 6000);
    /* the same content read from cluster 1, where the mapper is local */
    hal_host_set_cluster(1);
    char *back1 = kmem_alloc(6000, AF_ZERO);
    assert_int_equal(mapper_move_kernel(m, false, 4000, back1, 6000), 0);
    assert_memory_equal(back1, kbuf, 6000);
    kmem_free(back1);
    hal_host_set_cluster(0);
    kmem_free(kbuf);
    kmem_free(back);
    mapper_destroy(m);
    assert_true(ppm_remote_free_pages_nr(1) + 2 >= free1);
    assert_int_equal(ppm_remote_check(1), 0);
}

/* Threads of both clusters ask for the same pages at once: each index gets
 * one page. */
static xptr_t shared_mapper;
static xptr_t seen[4][64];

static void *get_pages(void *arg)
{
    uintptr_t t = (uintptr_t)arg;
    for (uint32_t i = 0; i < 64; i++)
        seen[t][i] = mapper_get_page(shared_mapper, (i * 7 + t) % 64);
    return NULL;
}

static void test_mapper_concurrent(void **state)
{
    (void)state;
    cxy_t cxys[4] = { 0, 1, 0, 1 };
    void *args[4] = { (void *)0, (void *)1, (void *)2, (void *)3 };

    shared_mapper = mapper_create(0, XPTR_NULL);
    test_run_threads(4, cxys, get_pages, args);
    assert_int_equal(mapper_pages_nr(shared_mapper), 64);
    for (uint32_t t = 0; t < 4; t++)
        for (uint32_t i = 0; i < 64; i++)
            assert_true(seen[t][i] == mapper_lookup_page(shared_mapper, (i * 7 + t) % 64));
    mapper_destroy(shared_mapper);
    assert_int_equal(ppm_remote_check(0), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_mapper_get_page, fs_setup),
        cmocka_unit_test_setup(test_mapper_move, fs_setup),
        cmocka_unit_test_setup(test_mapper_truncate, fs_setup),
        cmocka_unit_test_setup(test_mapper_ref_survives_truncate, fs_setup),
        cmocka_unit_test_setup(test_mapper_vmm_reference, fs_setup),
        cmocka_unit_test_setup(test_mapper_remote, fs_setup),
        cmocka_unit_test_setup(test_mapper_concurrent, fs_setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
