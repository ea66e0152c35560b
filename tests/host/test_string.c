/*
 * test_string.c - libk memory and string functions, number parsing.
 * (libk_rename.h maps the C names to libk's versions here.)
 */
#include "test_env.h"
#include "string.h"
#include "errno.h"

static void test_mem_copy_set_cmp(void **state)
{
    (void)state;
    char a[16], b[16];

    assert_ptr_equal(memset(a, 'x', sizeof(a)), a);
    for (int i = 0; i < 16; i++)
        assert_int_equal(a[i], 'x');
    assert_ptr_equal(memcpy(b, "0123456789abcdef", 16), b);
    assert_int_equal(memcmp(b, "0123456789abcdef", 16), 0);
    assert_true(memcmp(b, "0123456789abcdeg", 16) < 0);
    assert_true(memcmp("\xff", "\x01", 1) > 0);     /* unsigned compare */
    assert_int_equal(memcmp(a, b, 0), 0);
}

/* memcpy and memset move words when the alignment allows: every
 * alignment of source and destination (0..15), every length up to 100,
 * against a byte-by-byte reference, and nothing written outside. */
static void test_mem_word_paths(void **state)
{
    (void)state;
    static uint8_t src[160], dst[160], ref[160];
    for (size_t i = 0; i < sizeof(src); i++)
        src[i] = (uint8_t)(i * 7 + 3);
    for (size_t so = 0; so < 16; so++)
        for (size_t doff = 0; doff < 16; doff++)
            for (size_t n = 0; n <= 100; n++) {
                for (size_t i = 0; i < sizeof(dst); i++)
                    dst[i] = ref[i] = 0xee;
                for (size_t i = 0; i < n; i++)
                    ref[doff + i] = src[so + i];
                assert_ptr_equal(memcpy(dst + doff, src + so, n), dst + doff);
                assert_memory_equal(dst, ref, sizeof(dst));
            }
    for (size_t doff = 0; doff < 16; doff++)
        for (size_t n = 0; n <= 100; n++) {
            for (size_t i = 0; i < sizeof(dst); i++)
                dst[i] = ref[i] = 0x11;
            for (size_t i = 0; i < n; i++)
                ref[doff + i] = 0xa5;
            assert_ptr_equal(memset(dst + doff, 0x1a5, n), dst + doff);   /* converted to unsigned char */
            assert_memory_equal(dst, ref, sizeof(dst));
        }
}

static void test_memmove_overlap(void **state)
{
    (void)state;
    char up[] = "abcdefgh";
    char down[] = "abcdefgh";

    memmove(up + 2, up, 5);                         /* dst above src */
    assert_int_equal(memcmp(up, "ababcdeh", 8), 0);
    memmove(down, down + 2, 5);                     /* dst below src */
    assert_int_equal(memcmp(down, "cdefgfgh", 8), 0);
}

static void test_str_len_cmp(void **state)
{
    (void)state;
    assert_int_equal(strlen(""), 0);
    assert_int_equal(strlen("hello"), 5);
    assert_int_equal(strnlen("hello", 3), 3);
    assert_int_equal(strnlen("hi", 8), 2);
    assert_int_equal(strcmp("abc", "abc"), 0);
    assert_true(strcmp("abc", "abd") < 0);
    assert_true(strcmp("abcd", "abc") > 0);
    assert_true(strcmp("a\xe9", "a") > 0);
    assert_int_equal(strncmp("abcX", "abcY", 3), 0);
    assert_true(strncmp("abcX", "abcY", 4) < 0);
    assert_int_equal(strncmp("ab", "ab", 10), 0);
}

static void test_str_copy(void **state)
{
    (void)state;
    char buf[8];

    assert_ptr_equal(strcpy(buf, "kernel"), buf);
    assert_string_equal(buf, "kernel");
    memset(buf, 'z', sizeof(buf));
    strncpy(buf, "ab", 5);                          /* pads with NULs */
    assert_int_equal(memcmp(buf, "ab\0\0\0zzz", 8), 0);
    strncpy(buf, "abcdefgh", 3);                    /* no terminator */
    assert_int_equal(memcmp(buf, "abc\0\0zzz", 8), 0);
    assert_int_equal(strlcpy(buf, "truncated", sizeof(buf)), 9);
    assert_string_equal(buf, "truncat");
    assert_int_equal(strlcpy(buf, "ok", sizeof(buf)), 2);
    assert_string_equal(buf, "ok");
}

static void test_str_chr(void **state)
{
    (void)state;
    const char *s = "a/b/c";

    assert_ptr_equal(strchr(s, '/'), s + 1);
    assert_ptr_equal(strrchr(s, '/'), s + 3);
    assert_null(strchr(s, 'x'));
    assert_null(strrchr(s, 'x'));
    assert_ptr_equal(strchr(s, 0), s + 5);
    assert_ptr_equal(strrchr(s, 0), s + 5);
}

static void test_kstrtoul(void **state)
{
    (void)state;
    unsigned long v = 7;
    char *end;

    assert_int_equal(kstrtoul("1234xyz", &end, 10, &v), 0);
    assert_int_equal(v, 1234);
    assert_string_equal(end, "xyz");
    assert_int_equal(kstrtoul("  0x1fF", &end, 0, &v), 0);
    assert_int_equal(v, 0x1ff);
    assert_int_equal(*end, 0);
    assert_int_equal(kstrtoul("0755", NULL, 0, &v), 0);
    assert_int_equal(v, 0755);
    assert_int_equal(kstrtoul("ff", NULL, 16, &v), 0);
    assert_int_equal(v, 255);
    assert_int_equal(kstrtoul("101", NULL, 2, &v), 0);
    assert_int_equal(v, 5);
    assert_int_equal(kstrtoul("18446744073709551615", NULL, 10, &v), 0);
    assert_true(v == ~0UL);
    v = 7;
    assert_int_equal(kstrtoul("18446744073709551616", &end, 10, &v), -ERANGE);
    assert_int_equal(v, 7);                         /* untouched */
    assert_int_equal(*end, 0);
    assert_int_equal(kstrtoul("xyz", &end, 10, &v), -EINVAL);
    assert_int_equal(kstrtoul("", NULL, 0, &v), -EINVAL);
    assert_int_equal(kstrtoul("12", NULL, 1, &v), -EINVAL);
}

static void test_kstrtosize(void **state)
{
    (void)state;
    unsigned long v;

    assert_int_equal(kstrtosize("128M", &v), 0);
    assert_int_equal(v, 128UL << 20);
    assert_int_equal(kstrtosize("64k", &v), 0);
    assert_int_equal(v, 64UL << 10);
    assert_int_equal(kstrtosize("2G", &v), 0);
    assert_int_equal(v, 2UL << 30);
    assert_int_equal(kstrtosize("4096", &v), 0);
    assert_int_equal(v, 4096);
    assert_int_equal(kstrtosize("0x10M", &v), 0);
    assert_int_equal(v, 16UL << 20);
    assert_int_equal(kstrtosize("12MB", &v), -EINVAL);
    assert_int_equal(kstrtosize("M", &v), -EINVAL);
    assert_int_equal(kstrtosize("17179869184G", &v), -ERANGE);  /* 2^34 G */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mem_copy_set_cmp),
        cmocka_unit_test(test_memmove_overlap),
        cmocka_unit_test(test_mem_word_paths),
        cmocka_unit_test(test_str_len_cmp),
        cmocka_unit_test(test_str_copy),
        cmocka_unit_test(test_str_chr),
        cmocka_unit_test(test_kstrtoul),
        cmocka_unit_test(test_kstrtosize),
    };
    return cmocka_run_group_tests_name("string", tests, NULL, NULL);
}
