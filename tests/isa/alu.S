/* alu.S -- RV64I integer computation: lui, auipc, op-imm, op, and the W forms. */
#include "test.h"
        TEST_START
main:
        TEST 1
        li      a1, 0x123456789abcdef0
        li      a2, -7
        add     a3, a1, a2
        CHECK   a3, 0x123456789abcdee9
        TEST 2
        sub     a3, a2, a1
        CHECK   a3, -0x123456789abcdef7
        TEST 3
        addi    a3, a2, -2048
        CHECK   a3, -2055
        TEST 4
        slti    a3, a2, -6
        CHECK   a3, 1
        sltiu   a3, a2, -6
        CHECK   a3, 1
        sltiu   a3, a1, 5
        CHECK   a3, 0
        TEST 5
        slt     a3, a1, a2
        CHECK   a3, 0
        sltu    a3, a1, a2
        CHECK   a3, 1
        TEST 6
        xori    a3, a1, -1
        CHECK   a3, ~0x123456789abcdef0
        ori     a3, a1, 0x70f
        CHECK   a3, 0x123456789abcdfff
        andi    a3, a1, 0x7f0
        CHECK   a3, 0x6f0
        TEST 7
        slli    a3, a1, 63
        CHECK   a3, 0
        slli    a3, a1, 4
        CHECK   a3, 0x23456789abcdef00
        srli    a3, a2, 60
        CHECK   a3, 0xf
        srai    a3, a2, 1
        CHECK   a3, -4
        TEST 8
        li      a4, 68               /* shift amounts use the low 6 bits */
        sll     a3, a1, a4
        CHECK   a3, 0x23456789abcdef00
        srl     a3, a2, a4
        CHECK   a3, 0x0fffffffffffffff
        sra     a3, a2, a4
        CHECK   a3, -1
        TEST 9
        xor     a3, a1, a2
        CHECK   a3, 0x123456789abcdef0 ^ -7
        or      a3, a1, a2
        CHECK   a3, -7
        and     a3, a1, a2
        CHECK   a3, 0x123456789abcdef0
        TEST 10
        lui     a3, 0x80000
        CHECK   a3, 0xffffffff80000000
        lui     a3, 0x7ffff
        CHECK   a3, 0x7ffff000
        TEST 11
1:      auipc   a3, 0
        la      a4, 1b
        bne     a3, a4, fail
        TEST 12
        addiw   a3, a1, 1
        CHECK   a3, 0xffffffff9abcdef1
        slliw   a3, a1, 4
        CHECK   a3, 0xffffffffabcdef00
        srliw   a3, a1, 4
        CHECK   a3, 0x09abcdef
        sraiw   a3, a1, 4
        CHECK   a3, 0xfffffffff9abcdef
        TEST 13
        addw    a3, a1, a1
        CHECK   a3, 0x3579bde0
        subw    a3, a2, a1
        CHECK   a3, 0x65432109
        li      a4, 36
        sllw    a3, a1, a4
        CHECK   a3, 0xffffffffabcdef00
        srlw    a3, a1, a4
        CHECK   a3, 0x09abcdef
        sraw    a3, a1, a4
        CHECK   a3, 0xfffffffff9abcdef
        TEST 14
        add     x0, a1, a1
        bnez    x0, fail
        PASS
