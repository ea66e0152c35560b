/* rvc.S -- every RV64C instruction, written explicitly as c.* */
#include "test.h"
        TEST_START
main:
        .option push
        .option rvc
        la      s0, buf
        TEST 1
        c.li    a0, -32
        CHECK   a0, -32
        c.li    a0, 31
        c.addi  a0, -1
        CHECK   a0, 30
        c.addiw a0, 1
        CHECK   a0, 31
        c.lui   a1, 0xfffe1
        CHECK   a1, 0xfffffffffffe1000
        c.lui   a1, 1
        CHECK   a1, 0x1000
        TEST 2
        mv      t0, sp
        c.addi16sp sp, -64
        addi    t1, t0, -64
        bne     sp, t1, fail
        c.addi4spn a2, sp, 8
        addi    t1, sp, 8
        bne     a2, t1, fail
        c.addi16sp sp, 64
        bne     sp, t0, fail
        TEST 3
        li      a0, 0x0f0f
        li      a1, 0x00ff
        c.mv    a2, a0
        c.and   a2, a1
        CHECK   a2, 0x000f
        c.mv    a2, a0
        c.or    a2, a1
        CHECK   a2, 0x0fff
        c.mv    a2, a0
        c.xor   a2, a1
        CHECK   a2, 0x0ff0
        c.mv    a2, a0
        c.sub   a2, a1
        CHECK   a2, 0x0e10
        c.mv    a2, a0
        c.add   a2, a1
        CHECK   a2, 0x100e
        TEST 4
        li      a0, 0x7fffffff
        li      a1, 1
        c.mv    a2, a0
        c.addw  a2, a1
        CHECK   a2, 0xffffffff80000000
        li      a2, 0
        c.subw  a2, a1
        CHECK   a2, -1
        TEST 5
        li      a0, -16
        c.srli  a0, 60
        CHECK   a0, 0xf
        li      a0, -16
        c.srai  a0, 2
        CHECK   a0, -4
        li      a0, 0x55
        c.andi  a0, -4
        CHECK   a0, 0x54
        li      a0, 3
        c.slli  a0, 62
        CHECK   a0, 0xc000000000000000
        TEST 6                                  /* loads/stores */
        li      a0, 0x1122334455667788
        c.sd    a0, 8(s0)
        c.ld    a1, 8(s0)
        bne     a0, a1, fail
        c.sw    a0, 16(s0)
        c.lw    a1, 16(s0)
        CHECK   a1, 0x55667788
        li      a0, 0x87654321
        c.sw    a0, 20(s0)
        c.lw    a1, 20(s0)
        CHECK   a1, 0xffffffff87654321
        TEST 7                                  /* sp-relative */
        addi    sp, sp, -32
        c.sdsp  a0, 8(sp)
        c.ldsp  a1, 8(sp)
        CHECK   a1, 0x87654321
        c.swsp  a0, 16(sp)
        c.lwsp  a1, 16(sp)
        CHECK   a1, 0xffffffff87654321
        addi    sp, sp, 32
        TEST 8                                  /* control flow */
        li      a0, 0
        c.beqz  a0, 1f
        j       fail
1:      c.bnez  a0, fail2
        li      a0, 5
        c.bnez  a0, 1f
        j       fail
1:      c.j     1f
        j       fail
1:      la      a1, 2f
        c.jr    a1
        j       fail
2:      la      a1, 3f
        c.jalr  a1
4:      j       fail
3:      la      a2, 4b
        bne     ra, a2, fail
        TEST 9                                  /* c.nop, c.ebreak traps */
        c.nop
        la      t0, 5f
        csrw    mtvec, t0
        c.ebreak
        j       fail
        .align 2
5:      csrr    t0, mcause
        CHECK   t0, 3
        TEST 10                                 /* illegal all-zero halfword: mtval = 0 */
        la      t0, 6f
        csrw    mtvec, t0
        .2byte  0
        .2byte  0
        j       fail
        .align 2
6:      csrr    t0, mcause
        CHECK   t0, 2
        csrr    t0, mtval
        CHECK   t0, 0
        PASS
fail2:  j       fail
        .option pop
        .data
        .align 4
buf:    .skip 64
