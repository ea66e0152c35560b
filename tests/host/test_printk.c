/*
 * test_printk.c - libk vsnprintf/snprintf/printk, and assert -> panic.
 * Expected strings are written by hand; integer conversions are also
 * checked against the libc's snprintf.
 */
#include "test_env.h"
#include "printk.h"
#include "string.h"
#include "assert.h"
#include "kernel_config.h"

/* snprintf into a 64-byte buffer and compare with <expect>. */
#define CHECK(expect, ...) do {                                  \
        char b_[64];                                             \
        int n_ = snprintf(b_, sizeof(b_), __VA_ARGS__);          \
        assert_string_equal(b_, expect);                         \
        assert_int_equal(n_, (int)strlen(expect));               \
    } while (0)

static void test_printk_basic(void **state)
{
    (void)state;
    CHECK("plain text", "plain text");
    CHECK("100%", "100%%");
    CHECK("a-z", "%c-%c", 'a', 'z');
    CHECK("[hello]", "[%s]", "hello");
    const char *volatile null_str = NULL;       /* hidden from -Wformat */
    CHECK("(null)", "%s", null_str);
    CHECK("-42 42 42", "%d %i %u", -42, 42, 42u);
    CHECK("ff FF 17", "%x %X %o", 255u, 255u, 15u);
    CHECK("0", "%d", 0);
    CHECK("-2147483648", "%d", (int)0x80000000);
    CHECK("4294967295", "%u", 0xFFFFFFFFu);
}

static void test_printk_modifiers(void **state)
{
    (void)state;
    CHECK("-9223372036854775808", "%lld", (long long)0x8000000000000000ULL);
    CHECK("18446744073709551615", "%llu", ~0ULL);
    CHECK("ffffffffffffffff", "%lx", ~0UL);
    CHECK("123456789012", "%ld", 123456789012L);
    CHECK("4096", "%zu", (size_t)4096);
    CHECK("-5", "%zd", (size_t)-5);
    CHECK("0x1000", "%p", (void *)0x1000);
}

static void test_printk_width(void **state)
{
    (void)state;
    CHECK("[   42]", "[%5d]", 42);
    CHECK("[00042]", "[%05d]", 42);
    CHECK("[42   ]", "[%-5d]", 42);
    CHECK("[-0042]", "[%05d]", -42);
    CHECK("[  -42]", "[%5d]", -42);
    CHECK("[-42  ]", "[%-5d]", -42);
    CHECK("[000000ff]", "[%08x]", 255u);
    CHECK("[  ab]", "[%4s]", "ab");
    CHECK("[ab  ]", "[%-4s]", "ab");
    CHECK("[hel]", "[%.3s]", "hello");
    CHECK("[  hel]", "[%5.3s]", "hello");
    CHECK("[   x]", "[%*c]", 4, 'x');
    CHECK("[x   ]", "[%-4c]", 'x');
    CHECK("[123456]", "[%3d]", 123456);          /* width is a minimum */
}

/* The integer conversions agree with the libc's. */
static void test_printk_vs_libc(void **state)
{
    (void)state;
    static const long long vals[] = { 0, 1, -1, 7, -7, 255, 4096, 65535,
        2147483647LL, -2147483647LL - 1, 123456789012345LL, -987654321098LL };
    static const char *fmts[] = { "%lld", "%llx", "%llX", "%llo", "%llu",
        "%20lld", "%-20lld|", "%020lld", "%020llx", "%3llu" };
    char mine[64], libc[64];

    for (size_t f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
        for (size_t v = 0; v < sizeof(vals) / sizeof(vals[0]); v++) {
            int n1 = snprintf(mine, sizeof(mine), fmts[f], vals[v]);
            int n2 = host_snprintf(libc, sizeof(libc), fmts[f], vals[v]);
            assert_string_equal(mine, libc);
            assert_int_equal(n1, n2);
        }
    }
}

static void test_printk_truncation(void **state)
{
    (void)state;
    char b[8];

    memset(b, 'z', sizeof(b));
    assert_int_equal(snprintf(b, 6, "%s-%d", "abcd", 1234), 9);
    assert_string_equal(b, "abcd-");
    assert_int_equal(b[6], 'z');                    /* nothing past size */
    assert_int_equal(snprintf(b, 1, "xyz"), 3);
    assert_string_equal(b, "");
    b[0] = 'q';
    assert_int_equal(snprintf(b, 0, "xyz"), 3);     /* size 0: no write */
    assert_int_equal(b[0], 'q');
}

static void test_printk_console(void **state)
{
    (void)state;
    char big[CONFIG_PRINTK_BUF_SIZE * 2];

    test_console_reset();
    printk("cluster %x: %u pages\n", 3u, 2048u);
    assert_string_equal(test_console_buf, "cluster 3: 2048 pages\n");
    /* longer than the printk buffer: truncated to the buffer, not overrun */
    memset(big, 'a', sizeof(big) - 1);
    big[sizeof(big) - 1] = 0;
    test_console_reset();
    printk("%s", big);
    assert_int_equal(test_console_len, CONFIG_PRINTK_BUF_SIZE - 1);
}

/* True when <needle> occurs in <hay>. */
static bool contains(const char *hay, const char *needle)
{
    for (; *hay; hay++)
        if (strncmp(hay, needle, strlen(needle)) == 0)
            return true;
    return false;
}

static void test_assert_panics(void **state)
{
    (void)state;
    int x = 3;

    assert(x == 3);                                 /* holds: no panic */
    EXPECT_PANIC(assert(x == 4));
    assert_true(contains(test_panic_msg, "test_printk.c:"));
    assert_true(contains(test_panic_msg, "test_assert_panics"));
    assert_true(contains(test_panic_msg, "x == 4"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_printk_basic),
        cmocka_unit_test(test_printk_modifiers),
        cmocka_unit_test(test_printk_width),
        cmocka_unit_test(test_printk_vs_libc),
        cmocka_unit_test(test_printk_truncation),
        cmocka_unit_test(test_printk_console),
        cmocka_unit_test(test_assert_panics),
    };
    return cmocka_run_group_tests_name("printk", tests, NULL, NULL);
}
