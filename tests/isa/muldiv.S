/* muldiv.S -- M extension, including division by zero and overflow. */
#include "test.h"
        TEST_START
main:
        li      s0, 0x8000000000000000      /* INT64_MIN */
        li      s1, -1
        li      s2, 0x123456789abcdef0
        li      s3, 0xfedcba9876543210
        TEST 1
        mul     a0, s2, s3
        CHECK   a0, 0x236d88fe5618cf00
        mulh    a0, s2, s3
        CHECK   a0, 0xffeb49923cc09532
        mulhu   a0, s2, s3
        CHECK   a0, 0x121fa00ad77d7422
        mulhsu  a0, s3, s2
        CHECK   a0, 0xffeb49923cc09532
        mulhsu  a0, s2, s3
        CHECK   a0, 0x121fa00ad77d7422
        TEST 2
        div     a0, s3, s2
        CHECK   a0, 0
        div     a0, s2, s1
        CHECK   a0, -0x123456789abcdef0
        divu    a0, s3, s2
        CHECK   a0, 14
        rem     a0, s3, s2
        CHECK   a0, 0xfedcba9876543210
        remu    a0, s3, s2
        CHECK   a0, 0xf0
        TEST 3                                /* divide by zero */
        div     a0, s2, x0
        CHECK   a0, -1
        divu    a0, s2, x0
        CHECK   a0, -1
        rem     a0, s2, x0
        CHECK   a0, 0x123456789abcdef0
        remu    a0, s2, x0
        CHECK   a0, 0x123456789abcdef0
        TEST 4                                /* overflow */
        div     a0, s0, s1
        CHECK   a0, 0x8000000000000000
        rem     a0, s0, s1
        CHECK   a0, 0
        TEST 5                                /* word forms */
        mulw    a0, s2, s3
        CHECK   a0, 0x5618cf00
        li      a1, -7
        li      a2, 2
        divw    a0, a1, a2
        CHECK   a0, -3
        divuw   a0, a1, a2
        CHECK   a0, 0x7ffffffc
        remw    a0, a1, a2
        CHECK   a0, -1
        remuw   a0, a1, a2
        CHECK   a0, 1
        TEST 6
        li      a1, 0x80000000
        divw    a0, a1, s1
        CHECK   a0, 0xffffffff80000000
        remw    a0, a1, s1
        CHECK   a0, 0
        divw    a0, a1, x0
        CHECK   a0, -1
        divuw   a0, a1, x0
        CHECK   a0, -1
        remw    a0, a1, x0
        CHECK   a0, 0xffffffff80000000
        remuw   a0, a1, x0
        CHECK   a0, 0xffffffff80000000
        PASS
