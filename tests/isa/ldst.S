/* ldst.S -- loads and stores of every width, sign/zero extension. */
#include "test.h"
        TEST_START
main:
        la      s0, buf
        TEST 1
        li      a0, 0x8182838485868788
        sd      a0, 0(s0)
        ld      a1, 0(s0)
        CHECK   a1, 0x8182838485868788
        TEST 2
        lb      a1, 0(s0)
        CHECK   a1, 0xffffffffffffff88
        lbu     a1, 7(s0)
        CHECK   a1, 0x81
        lh      a1, 2(s0)
        CHECK   a1, 0xffffffffffff8586
        lhu     a1, 6(s0)
        CHECK   a1, 0x8182
        lw      a1, 4(s0)
        CHECK   a1, 0xffffffff81828384
        lwu     a1, 0(s0)
        CHECK   a1, 0x85868788
        TEST 3
        li      a0, 0x1122334455667788
        sb      a0, 8(s0)
        sh      a0, 10(s0)
        sw      a0, 12(s0)
        ld      a1, 8(s0)
        CHECK   a1, 0x5566778877880088
        TEST 4
        addi    s1, s0, 16
        sd      a0, -8(s1)
        ld      a1, 8(s0)
        CHECK   a1, 0x1122334455667788
        TEST 5                          /* store to x0-sourced */
        sd      x0, 8(s0)
        ld      a1, 8(s0)
        CHECK   a1, 0
        PASS
        .data
        .align 4
buf:    .skip 64
