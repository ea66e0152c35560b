/* branch.S -- conditional branches, jal, jalr (link and target). */
#include "test.h"
        TEST_START
main:
        li      s0, -1
        li      s1, 1
        TEST 1
        beq     s0, s1, fail
        bne     s0, s0, fail
        blt     s1, s0, fail
        bge     s0, s1, fail
        bltu    s0, s1, fail
        bgeu    s1, s0, fail
        TEST 2
        beq     s0, s0, 1f
        j       fail
1:      bne     s0, s1, 1f
        j       fail
1:      blt     s0, s1, 1f
        j       fail
1:      bge     s1, s0, 1f
        j       fail
1:      bge     s1, s1, 1f
        j       fail
1:      bltu    s1, s0, 1f
        j       fail
1:      bgeu    s0, s1, 1f
        j       fail
1:      TEST 3                          /* backward branch loop */
        li      a0, 10
        li      a1, 0
2:      addi    a1, a1, 3
        addi    a0, a0, -1
        bnez    a0, 2b
        CHECK   a1, 30
        TEST 4
        jal     ra, 3f
4:      j       fail
3:      la      a0, 4b
        bne     ra, a0, fail
        TEST 5
        la      a0, 5f
        jalr    t1, 1(a0)               /* low bit cleared */
6:      j       fail
5:      la      a0, 6b
        bne     t1, a0, fail
        TEST 6
        la      a0, 7f
        jalr    a0, 0(a0)               /* rd == rs1 */
8:      j       fail
7:      la      t0, 8b
        bne     a0, t0, fail
        PASS
