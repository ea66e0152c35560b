/* lrsc.S -- LR/SC: success, failure without reservation, a store by the other
 * hart breaks the reservation, and an LR/SC counter shared by two harts.
 * Needs two harts (model: --harts 2, QEMU: -smp 2). */
#define HAS_SECONDARY
#include "test.h"
#define N 500
        TEST_START
main:
        la      s0, word
        TEST 1                                  /* lr/sc succeeds */
        li      a0, 5
        sd      a0, 0(s0)
        lr.d    a1, (s0)
        CHECK   a1, 5
        li      a2, 9
        sc.d    a3, a2, (s0)
        CHECK   a3, 0
        ld      a1, 0(s0)
        CHECK   a1, 9
        TEST 2                                  /* a second sc has no reservation */
        li      a2, 11
        sc.d    a3, a2, (s0)
        beqz    a3, fail
        ld      a1, 0(s0)
        CHECK   a1, 9
        TEST 3                                  /* lr.w sign-extends, sc.w */
        li      a0, 0x80000000
        sw      a0, 0(s0)
        lr.w    a1, (s0)
        CHECK   a1, 0xffffffff80000000
        sc.w.rl a3, x0, (s0)
        CHECK   a3, 0
        lw      a1, 0(s0)
        CHECK   a1, 0
        TEST 4                                  /* the other hart's store breaks it */
        la      s1, flag1
        la      s2, flag2
        lr.d.aq a1, (s0)
        li      t0, 1
        sd      t0, 0(s1)                       /* tell hart 1 to store to `word` */
1:      ld      t0, 0(s2)
        beqz    t0, 1b
        li      a2, 77
        sc.d    a3, a2, (s0)
        beqz    a3, fail
        ld      a1, 0(s0)
        CHECK   a1, 1234
        TEST 5                                  /* misaligned lr: trap */
        EXPECT_TRAP 2f
        addi    t0, s0, 4
        lr.d    a1, (t0)
        j       fail
2:      li      t0, 4
        beq     s8, t0, 3f
        CHECK   s8, 5                           /* access fault is allowed too */
3:      TEST 6                                  /* shared counter: N lr/sc increments per hart */
        la      s3, counter
        la      s4, done
        li      a0, N
4:      lr.w    t0, (s3)
        addi    t0, t0, 1
        sc.w    t1, t0, (s3)
        bnez    t1, 4b
        addi    a0, a0, -1
        bnez    a0, 4b
5:      lw      t0, 0(s4)
        beqz    t0, 5b
        lw      t0, 0(s3)
        CHECK   t0, 2 * N
        PASS

secondary:
        la      s0, word
        la      s1, flag1
        la      s2, flag2
1:      ld      t0, 0(s1)
        beqz    t0, 1b
        li      t0, 1234
        sd      t0, 0(s0)
        li      t0, 1
        sd      t0, 0(s2)
        la      s3, counter
        la      s4, done
        li      a0, N
2:      lr.w    t0, (s3)
        addi    t0, t0, 1
        sc.w    t1, t0, (s3)
        bnez    t1, 2b
        addi    a0, a0, -1
        bnez    a0, 2b
        li      t0, 1
        sw      t0, 0(s4)
3:      wfi
        j       3b

        .data
        .align 6
word:   .dword 0
        .align 6
flag1:  .dword 0
        .align 6
flag2:  .dword 0
        .align 6
counter: .word 0
        .align 6
done:   .word 0
