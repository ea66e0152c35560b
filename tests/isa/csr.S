/* csr.S -- Zicsr instructions, misa, mhartid, time, illegal CSR accesses. */
#include "test.h"
        TEST_START
main:
        TEST 1
        li      a0, 0x1234
        csrw    mscratch, a0
        csrr    a1, mscratch
        CHECK   a1, 0x1234
        csrrw   a1, mscratch, x0
        CHECK   a1, 0x1234
        csrr    a1, mscratch
        CHECK   a1, 0
        TEST 2
        li      a0, 0xf0
        csrrs   a1, mscratch, a0
        CHECK   a1, 0
        li      a0, 0x30
        csrrc   a1, mscratch, a0
        CHECK   a1, 0xf0
        csrr    a1, mscratch
        CHECK   a1, 0xc0
        TEST 3
        csrrwi  a1, mscratch, 31
        CHECK   a1, 0xc0
        csrrsi  a1, mscratch, 0x20 >> 1
        CHECK   a1, 31
        csrrci  a1, mscratch, 1
        CHECK   a1, 31
        csrr    a1, mscratch
        CHECK   a1, 30
        li      a1, 0x55                        /* swap with rd == rs1, as trap entries do */
        csrrw   a1, mscratch, a1
        CHECK   a1, 30
        csrr    a1, mscratch
        CHECK   a1, 0x55
        TEST 4                                  /* misa: RV64 with I M A C S U */
        csrr    a0, misa
        srli    a1, a0, 62
        CHECK   a1, 2
        li      a2, (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20)
        and     a1, a0, a2
        bne     a1, a2, fail
        TEST 5
        csrr    a0, mhartid
        CHECK   a0, 0
        TEST 6                                  /* time advances */
        rdtime  a0
        li      a1, 20000
1:      addi    a1, a1, -1
        bnez    a1, 1b
        rdtime  a1
        bgeu    a0, a1, fail
        rdinstret a2
        rdcycle a3
        beqz    a2, fail
        TEST 7                                  /* write to a read-only CSR: illegal, mtval = bits */
        EXPECT_TRAP 2f
        csrw    mhartid, a0
        j       fail
2:      CHECK   s8, 2
        li      t0, 0xf1451073                  /* csrw mhartid, a0 */
        bne     s10, t0, fail
        TEST 8                                  /* nonexistent CSR */
        EXPECT_TRAP 3f
        csrr    a0, 0x7c0
        j       fail
3:      CHECK   s8, 2
        li      t0, 0x7c002573
        bne     s10, t0, fail
        TEST 9                                  /* reading mstatus from U is illegal */
        la      t0, 4f
        EXPECT_TRAP 5f
        la      t0, 4f
        j       enter_u
4:      csrr    a0, mstatus
        j       fail
5:      CHECK   s8, 2
        TEST 10                                 /* U reads time only if mcounteren/scounteren allow */
        csrw    mcounteren, x0
        EXPECT_TRAP 7f
        la      t0, 6f
        j       enter_u
6:      rdtime  a0
        j       fail
7:      CHECK   s8, 2
        li      t0, 7
        csrw    mcounteren, t0
        csrw    scounteren, t0
        EXPECT_TRAP 9f
        la      t0, 8f
        j       enter_u
8:      rdtime  a0
        ecall
9:      CHECK   s8, 8
        PASS
