/*
 * test_list.c - local intrusive lists (list.h).
 */
#include "test_env.h"
#include "list.h"

struct item {
    int          value;
    list_entry_t link;
};

/* Collects the values of <root> in order into <out>; returns the count. */
static int collect(list_entry_t *root, int *out)
{
    list_entry_t *iter;
    int n = 0;

    LIST_FOREACH(root, iter)
        out[n++] = LIST_ELEMENT(iter, struct item, link)->value;
    return n;
}

static void test_list_empty(void **state)
{
    (void)state;
    list_entry_t root;
    list_root_init(&root);
    assert_true(list_is_empty(&root));
    assert_null(list_first(&root));
    assert_null(list_last(&root));
}

static void test_list_add_order(void **state)
{
    (void)state;
    list_entry_t root;
    struct item it[4] = { {1, {0}}, {2, {0}}, {3, {0}}, {4, {0}} };
    int v[4];

    list_root_init(&root);
    list_add_last(&root, &it[1].link);      /* 2 */
    list_add_first(&root, &it[0].link);     /* 1 2 */
    list_add_last(&root, &it[2].link);      /* 1 2 3 */
    list_add_last(&root, &it[3].link);      /* 1 2 3 4 */
    assert_false(list_is_empty(&root));
    assert_int_equal(collect(&root, v), 4);
    for (int i = 0; i < 4; i++)
        assert_int_equal(v[i], i + 1);
    assert_ptr_equal(list_first(&root), &it[0].link);
    assert_ptr_equal(list_last(&root), &it[3].link);
    assert_ptr_equal(list_next(&root, &it[1].link), &it[2].link);
    assert_null(list_next(&root, &it[3].link));
    assert_null(list_pred(&root, &it[0].link));
    assert_ptr_equal(list_pred(&root, &it[2].link), &it[1].link);
}

static void test_list_unlink(void **state)
{
    (void)state;
    list_entry_t root, *iter, *tmp;
    struct item it[5];
    int v[5];

    list_root_init(&root);
    for (int i = 0; i < 5; i++) {
        it[i].value = i;
        list_add_last(&root, &it[i].link);
    }
    list_unlink(&it[0].link);               /* head */
    list_unlink(&it[2].link);               /* middle */
    list_unlink(&it[4].link);               /* tail */
    assert_null(it[2].link.next);
    assert_int_equal(collect(&root, v), 2);
    assert_int_equal(v[0], 1);
    assert_int_equal(v[1], 3);
    LIST_FOREACH_SAFE(&root, iter, tmp)
        list_unlink(iter);
    assert_true(list_is_empty(&root));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_empty),
        cmocka_unit_test(test_list_add_order),
        cmocka_unit_test(test_list_unlink),
    };
    return cmocka_run_group_tests_name("list", tests, NULL, NULL);
}
