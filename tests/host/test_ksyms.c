/*
 * test_ksyms.c - the kernel symbol table look-up (kernel/libk/ksyms.c) on
 * a table laid out as tools/ksyms.py writes it.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "test_env.h"
#include "ksyms.h"

/* three functions, then the end of the text (empty name) */
const uint64_t ksyms_count = 4;
const uint64_t ksyms_addr[] = { 0x1000, 0x1040, 0x10c0, 0x1200 };
const uint32_t ksyms_name_off[] = { 0, 6, 13, 18 };
const char ksyms_names[] = "first\0second\0last\0";

static void test_ksyms_inside_functions(void **state)
{
    (void)state;
    uint64_t off = 99;
    assert_string_equal(ksyms_lookup(0x1000, &off), "first");
    assert_int_equal(off, 0);
    assert_string_equal(ksyms_lookup(0x103f, &off), "first");
    assert_int_equal(off, 0x3f);
    assert_string_equal(ksyms_lookup(0x1040, &off), "second");
    assert_int_equal(off, 0);
    assert_string_equal(ksyms_lookup(0x10c4, &off), "last");
    assert_int_equal(off, 4);
    assert_string_equal(ksyms_lookup(0x11ff, &off), "last");
    assert_int_equal(off, 0x13f);
}

static void test_ksyms_outside_text(void **state)
{
    (void)state;
    uint64_t off = 0;
    assert_null(ksyms_lookup(0xfff, &off));
    assert_null(ksyms_lookup(0x1200, &off));           /* the end of the text */
    assert_null(ksyms_lookup(~0ULL, &off));
    assert_null(ksyms_lookup(0, NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ksyms_inside_functions),
        cmocka_unit_test(test_ksyms_outside_text),
    };
    return cmocka_run_group_tests_name("ksyms", tests, NULL, NULL);
}
