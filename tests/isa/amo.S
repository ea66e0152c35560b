/* amo.S -- every AMO, .w and .d, old value and memory result; misaligned
 * AMO traps; an amoadd counter shared by two harts. */
#define HAS_SECONDARY
#include "test.h"
#define N 500
        .macro AMO_T op, init, src, old, new
        li      t0, \init
        sd      t0, 0(s0)
        li      t1, \src
        \op     t2, t1, (s0)
        CHECK   t2, \old
        ld      t3, 0(s0)
        CHECK   t3, \new
        .endm
        TEST_START
main:
        la      s0, mem
        TEST 1
        AMO_T   amoswap.d, 5, 7, 5, 7
        AMO_T   amoadd.d, 5, -7, 5, -2
        AMO_T   amoxor.d, 0xff00, 0x0ff0, 0xff00, 0xf0f0
        AMO_T   amoand.d, 0xff00, 0x0ff0, 0xff00, 0x0f00
        AMO_T   amoor.d, 0xff00, 0x0ff0, 0xff00, 0xfff0
        AMO_T   amomin.d, -5, 3, -5, -5
        AMO_T   amomax.d, -5, 3, -5, 3
        AMO_T   amominu.d, -5, 3, -5, 3
        AMO_T   amomaxu.d, -5, 3, -5, -5
        TEST 2                                  /* word forms: only the low word changes, result sign-extended */
        AMO_T   amoswap.w, 0x1111111180000000, 7, 0xffffffff80000000, 0x1111111100000007
        AMO_T   amoadd.w, 0x22222222ffffffff, 1, -1, 0x2222222200000000
        AMO_T   amoxor.w, 0x0000000100000003, 5, 3, 0x0000000100000006
        AMO_T   amoand.w, 0x00000001f0f0f0f0, 0xff, 0xfffffffff0f0f0f0, 0x00000001000000f0
        AMO_T   amoor.w, 0x0000000100000000, 0x80000000, 0, 0x0000000180000000
        AMO_T   amomin.w, 0x80000000, 1, 0xffffffff80000000, 0x80000000
        AMO_T   amomax.w, 0x80000000, 1, 0xffffffff80000000, 1
        AMO_T   amominu.w, 0x80000000, 1, 0xffffffff80000000, 1
        AMO_T   amomaxu.w, 0x80000000, 1, 0xffffffff80000000, 0x80000000
        TEST 3                                  /* aq/rl forms */
        AMO_T   amoadd.d.aqrl, 1, 2, 1, 3
        AMO_T   amoswap.w.aq, 1, 2, 1, 2
        TEST 4                                  /* misaligned AMO: store/AMO misaligned (or access) fault */
        EXPECT_TRAP 1f
        addi    t0, s0, 2
        amoadd.w a0, a1, (t0)
        j       fail
1:      li      t0, 6
        beq     s8, t0, 2f
        CHECK   s8, 7
2:      addi    t0, s0, 2
        bne     s10, t0, fail
        TEST 5                                  /* shared counter */
        la      s3, counter
        li      a0, N
        li      t1, 1
3:      amoadd.w zero, t1, (s3)
        addi    a0, a0, -1
        bnez    a0, 3b
        la      s4, done
4:      lw      t0, 0(s4)
        beqz    t0, 4b
        lw      t0, 0(s3)
        CHECK   t0, 2 * N
        PASS

secondary:
        la      s3, counter
        li      a0, N
        li      t1, 1
1:      amoadd.w zero, t1, (s3)
        addi    a0, a0, -1
        bnez    a0, 1b
        la      s4, done
        amoswap.w zero, t1, (s4)
2:      wfi
        j       2b

        .data
        .align 6
mem:    .dword 0, 0
        .align 6
counter: .word 0
        .align 6
done:   .word 0
