/*
 * test_xlist.c - lists linked by extended pointers, with the root and the
 * entries spread over several simulated clusters.
 */
#include "test_env.h"
#include "xlist.h"
#include "hal_remote.h"

struct xitem {
    uint32_t      value;
    xlist_entry_t link;
};

/* Item <i> lives in cluster i % 4, at a fixed offset of that slice. */
static xptr_t item_xp(uint32_t i)
{
    return ((xptr_t)(i % 4) << CLUSTER_SPAN_SHIFT) | (0x20000 + i * 64);
}

static xptr_t link_xp(uint32_t i)
{
    return item_xp(i) + offsetof(struct xitem, link);
}

/* Root in cluster 1. */
static const xptr_t root_xp = ((xptr_t)1 << CLUSTER_SPAN_SHIFT) | 0x30000;

static int setup(void **state)
{
    (void)state;
    hal_host_init(4, 1UL << 20);
    for (uint32_t i = 0; i < 8; i++)
        hal_remote_s32(item_xp(i) + offsetof(struct xitem, value), 100 + i);
    xlist_root_init(root_xp);
    return 0;
}

/* Collects the item values of the list into <out>; returns the count. */
static int collect(uint32_t *out)
{
    xptr_t iter;
    int n = 0;

    XLIST_FOREACH(root_xp, iter) {
        xptr_t it = XLIST_ELEMENT(iter, struct xitem, link);
        out[n++] = hal_remote_l32(it + offsetof(struct xitem, value));
    }
    return n;
}

static void test_xlist_empty(void **state)
{
    (void)state;
    uint32_t v[1];
    assert_true(xlist_is_empty(root_xp));
    assert_int_equal(xlist_first(root_xp), XPTR_NULL);
    assert_int_equal(collect(v), 0);
}

static void test_xlist_cross_cluster_order(void **state)
{
    (void)state;
    uint32_t v[8];

    for (uint32_t i = 4; i < 8; i++)
        xlist_add_last(root_xp, link_xp(i));        /* 104..107 */
    for (uint32_t i = 4; i-- > 0;)
        xlist_add_first(root_xp, link_xp(i));       /* 100..103 in front */
    assert_int_equal(collect(v), 8);
    for (uint32_t i = 0; i < 8; i++)
        assert_int_equal(v[i], 100 + i);
    /* links really name other clusters */
    assert_int_equal(GET_CXY(xlist_first(root_xp)), 0);
    assert_int_equal(GET_CXY(xlist_next(root_xp, link_xp(0))), 1);
    assert_int_equal(xlist_last(root_xp), link_xp(7));
    assert_int_equal(xlist_pred(root_xp, link_xp(5)), link_xp(4));
    assert_int_equal(xlist_pred(root_xp, link_xp(0)), XPTR_NULL);
    assert_int_equal(xlist_next(root_xp, link_xp(7)), XPTR_NULL);
    assert_int_equal(XLIST_ELEMENT(link_xp(3), struct xitem, link), item_xp(3));
}

static void test_xlist_unlink_replace(void **state)
{
    (void)state;
    uint32_t v[8];

    for (uint32_t i = 0; i < 4; i++)
        xlist_add_last(root_xp, link_xp(i));        /* 100 101 102 103 */
    xlist_unlink(link_xp(0));
    xlist_unlink(link_xp(2));
    assert_int_equal(hal_remote_lxp(link_xp(2)), XPTR_NULL);
    xlist_replace(link_xp(3), link_xp(6));          /* 101 106 */
    assert_int_equal(collect(v), 2);
    assert_int_equal(v[0], 101);
    assert_int_equal(v[1], 106);
    assert_int_equal(xlist_last(root_xp), link_xp(6));
    xlist_unlink(link_xp(1));
    xlist_unlink(link_xp(6));
    assert_true(xlist_is_empty(root_xp));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_xlist_empty, setup),
        cmocka_unit_test_setup(test_xlist_cross_cluster_order, setup),
        cmocka_unit_test_setup(test_xlist_unlink_replace, setup),
    };
    return cmocka_run_group_tests_name("xlist", tests, NULL, NULL);
}
