/*
 * test_bits.c - bit operations and bitmaps (bits.h).
 */
#include "test_env.h"
#include "bits.h"

static void test_bits_ffs_fls(void **state)
{
    (void)state;
    assert_int_equal(bits_ffs(0), -1);
    assert_int_equal(bits_fls(0), -1);
    assert_int_equal(bits_ffs(1), 0);
    assert_int_equal(bits_fls(1), 0);
    assert_int_equal(bits_ffs(0x8000000000000000ULL), 63);
    assert_int_equal(bits_fls(0x8000000000000000ULL), 63);
    assert_int_equal(bits_ffs(0x00F0), 4);
    assert_int_equal(bits_fls(0x00F0), 7);
    assert_int_equal(bits_ffs(0x100000000ULL | 0x80000000ULL), 31);
    assert_int_equal(bits_fls(0x100000000ULL | 0x80000000ULL), 32);
    for (int i = 0; i < 64; i++) {
        assert_int_equal(bits_ffs(1ULL << i), i);
        assert_int_equal(bits_fls((1ULL << i) | 1), i);
    }
}

static void test_bits_popcount_pow2_log2(void **state)
{
    (void)state;
    assert_int_equal(bits_popcount(0), 0);
    assert_int_equal(bits_popcount(0xFFFFFFFFFFFFFFFFULL), 64);
    assert_int_equal(bits_popcount(0xA5), 4);
    assert_true(bits_is_power_of_2(1));
    assert_true(bits_is_power_of_2(4096));
    assert_false(bits_is_power_of_2(0));
    assert_false(bits_is_power_of_2(12));
    assert_int_equal(bits_log2(1), 0);
    assert_int_equal(bits_log2(4096), 12);
    assert_int_equal(bits_log2(4097), 12);
    assert_int_equal(bits_log2_up(1), 0);
    assert_int_equal(bits_log2_up(2), 1);
    assert_int_equal(bits_log2_up(3), 2);
    assert_int_equal(bits_log2_up(4096), 12);
    assert_int_equal(bits_log2_up(4097), 13);
    assert_int_equal(bits_round_up(4097, 4096), 8192);
    assert_int_equal(bits_round_up(4096, 4096), 4096);
    assert_int_equal(bits_round_down(8191, 4096), 4096);
    assert_int_equal(BITS_ROUND_UP(17u, 16u), 32);
    assert_int_equal(BITS_ROUND_DOWN(31u, 16u), 16);
    assert_int_equal(BITS_DIV_UP(4097, 4096), 2);
}

static void test_bitmap_single(void **state)
{
    (void)state;
    bitmap_t map[BITMAP_WORDS(100)];

    bitmap_init(map, 100);
    assert_int_equal(bitmap_ffs(map, 100), -1);
    assert_int_equal(bitmap_ffc(map, 100), 0);
    bitmap_set(map, 0);
    bitmap_set(map, 31);
    bitmap_set(map, 32);
    bitmap_set(map, 99);
    assert_true(bitmap_state(map, 31));
    assert_true(bitmap_state(map, 32));
    assert_false(bitmap_state(map, 33));
    assert_int_equal(bitmap_count(map, 100), 4);
    assert_int_equal(bitmap_ffs(map, 100), 0);
    assert_int_equal(bitmap_ffc(map, 100), 1);
    bitmap_clear(map, 0);
    assert_int_equal(bitmap_ffs(map, 100), 31);
    bitmap_clear(map, 31);
    bitmap_clear(map, 32);
    assert_int_equal(bitmap_ffs(map, 100), 99);
    assert_int_equal(bitmap_ffs(map, 99), -1);      /* beyond size ignored */
}

static void test_bitmap_ranges(void **state)
{
    (void)state;
    bitmap_t map[BITMAP_WORDS(96)];

    bitmap_init(map, 96);
    bitmap_set_range(map, 10, 60);                  /* 10..69 */
    assert_int_equal(bitmap_count(map, 96), 60);
    assert_false(bitmap_state(map, 9));
    assert_true(bitmap_state(map, 10));
    assert_true(bitmap_state(map, 69));
    assert_false(bitmap_state(map, 70));
    bitmap_clear_range(map, 20, 10);                /* hole 20..29 */
    assert_int_equal(bitmap_count(map, 96), 50);
    assert_int_equal(bitmap_ffc(map, 96), 0);
    bitmap_set_range(map, 0, 10);
    assert_int_equal(bitmap_ffc(map, 96), 20);
    bitmap_set_range(map, 0, 96);
    assert_int_equal(bitmap_ffc(map, 96), -1);      /* full */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bits_ffs_fls),
        cmocka_unit_test(test_bits_popcount_pow2_log2),
        cmocka_unit_test(test_bitmap_single),
        cmocka_unit_test(test_bitmap_ranges),
    };
    return cmocka_run_group_tests_name("bits", tests, NULL, NULL);
}
