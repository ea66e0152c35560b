/* trap.S -- ecall from M/S/U, ebreak, illegal instruction (mtval = bits),
 * mstatus stacking on trap and mret, privileged instructions from lower modes. */
#include "test.h"
        TEST_START
main:
        TEST 1                                  /* ecall from M */
        li      t0, 8
        csrs    mstatus, t0                     /* MIE = 1 (mie = 0: no interrupt) */
        EXPECT_TRAP 2f
1:      ecall
        j       fail
2:      CHECK   s8, 11
        la      t0, 1b
        bne     s9, t0, fail
        csrr    t0, mstatus
        srli    t1, t0, 11
        andi    t1, t1, 3
        CHECK   t1, 3                           /* MPP = M */
        andi    t1, t0, 0x88
        CHECK   t1, 0x80                        /* MPIE = 1, MIE = 0 */
        TEST 2                                  /* ecall from S */
        EXPECT_TRAP 4f
        la      t0, 3f
        j       enter_s
3:      ecall
        j       fail
4:      CHECK   s8, 9
        la      t0, 3b
        bne     s9, t0, fail
        csrr    t0, mstatus
        srli    t1, t0, 11
        andi    t1, t1, 3
        CHECK   t1, 1
        TEST 3                                  /* ecall from U */
        EXPECT_TRAP 6f
        la      t0, 5f
        j       enter_u
5:      ecall
        j       fail
6:      CHECK   s8, 8
        csrr    t0, mstatus
        srli    t1, t0, 11
        andi    t1, t1, 3
        CHECK   t1, 0
        TEST 4                                  /* ebreak */
        EXPECT_TRAP 8f
7:      ebreak
        j       fail
8:      CHECK   s8, 3
        la      t0, 7b
        bne     s9, t0, fail
        TEST 5                                  /* illegal instruction, mtval = instruction */
        EXPECT_TRAP 10f
9:      .word   0xffffffff
        j       fail
10:     CHECK   s8, 2
        la      t0, 9b
        bne     s9, t0, fail
        li      t0, 0xffffffff
        bne     s10, t0, fail
        TEST 6                                  /* mret from S is illegal */
        EXPECT_TRAP 12f
        la      t0, 11f
        j       enter_s
11:     mret
        j       fail
12:     CHECK   s8, 2
        li      t0, 0x30200073
        bne     s10, t0, fail
        TEST 7                                  /* sret from U is illegal */
        EXPECT_TRAP 14f
        la      t0, 13f
        j       enter_u
13:     sret
        j       fail
14:     CHECK   s8, 2
        TEST 8                                  /* wfi from U is illegal */
        EXPECT_TRAP 16f
        la      t0, 15f
        j       enter_u
15:     wfi
        j       fail
16:     CHECK   s8, 2
        TEST 9                                  /* sret with TSR from S is illegal */
        li      t0, 1 << 22
        csrs    mstatus, t0
        EXPECT_TRAP 18f
        la      t0, 17f
        j       enter_s
17:     sret
        j       fail
18:     CHECK   s8, 2
        li      t0, 1 << 22
        csrc    mstatus, t0
        TEST 10                                 /* sfence.vma with TVM from S is illegal, satp too */
        li      t0, 1 << 20
        csrs    mstatus, t0
        EXPECT_TRAP 20f
        la      t0, 19f
        j       enter_s
19:     csrr    a0, satp
        j       fail
20:     CHECK   s8, 2
        li      t0, 1 << 20
        csrc    mstatus, t0
        TEST 11                                 /* sret from M goes to SPP mode */
        li      t0, MSTATUS_SPP
        csrs    mstatus, t0
        la      t0, 21f
        csrw    sepc, t0
        EXPECT_TRAP 22f
        sret
        j       fail
21:     ecall
22:     CHECK   s8, 9
        TEST 12                                 /* vectored mtvec: exceptions still go to base */
        la      t0, catch
        ori     t0, t0, 1
        csrw    mtvec, t0
        la      s11, 23f
        ecall
23:     CHECK   s8, 11
        PASS
