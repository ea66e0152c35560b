/* deleg.S -- medeleg/mideleg: exceptions and interrupts delegated to S,
 * sstatus stacking, sret, sip/sie views. */
#include "test.h"
        TEST_START
main:
        la      t0, s_catch
        csrw    stvec, t0
        la      t0, catch
        csrw    mtvec, t0
        TEST 1                                  /* ecall from U delegated to S */
        li      t0, 1 << 8
        csrw    medeleg, t0
        csrr    t1, medeleg
        bne     t0, t1, fail
        la      s11, 2f                         /* s_catch continues there, in S */
        la      t0, 1f
        j       enter_u
1:      ecall
        j       fail
2:      /* now in S-mode */
        csrr    s5, sstatus
        la      s11, 3f                         /* back to M through catch */
        ecall
3:      CHECK   s8, 9                           /* S ecall not delegated: M */
        CHECK   s7, 8                           /* S saw ecall from U */
        la      t0, 1b
        bne     s6, t0, fail
        andi    t0, s5, MSTATUS_SPP
        bnez    t0, fail                        /* SPP = U */
        TEST 2                                  /* illegal in U not delegated: goes to M */
        EXPECT_TRAP 5f
        la      t0, 4f
        j       enter_u
4:      csrr    a0, sstatus
        j       fail
5:      CHECK   s8, 2
        TEST 3                                  /* delegate ecall from S too: S handles its own */
        li      t0, (1 << 8) | (1 << 9)
        csrw    medeleg, t0
        li      s7, -1
        la      s11, 7f
        la      t0, 6f
        j       enter_s
6:      ecall
        j       fail
7:      csrr    s5, sstatus
        andi    t0, s5, MSTATUS_SPP
        beqz    t0, fail                        /* SPP = S */
        la      s11, 8f                         /* back to M: illegal from S */
        csrr    t0, mstatus
8:      CHECK   s7, 9
        CHECK   s8, 2
        csrw    medeleg, x0
        TEST 4                                  /* sret returns to U with SPIE -> SIE */
        li      s7, -1
        la      t0, 9f
        csrw    sepc, t0
        li      t0, MSTATUS_SPP | (1 << 1)      /* SPP = S?  no: clear it */
        csrc    mstatus, t0
        li      t0, (1 << 5)                    /* SPIE = 1 */
        csrs    mstatus, t0
        EXPECT_TRAP 10f
        la      t0, 11f
        j       enter_s
11:     sret                                    /* to U at 9f */
        j       fail
9:      ecall                                   /* from U, not delegated */
        j       fail
10:     CHECK   s8, 8
        csrr    t0, mstatus
        andi    t0, t0, 2
        beqz    t0, fail                        /* SIE = 1 after sret */
        TEST 5                                  /* mideleg: SSIP to S, sip/sie views */
        li      t0, 0x222
        csrw    mideleg, t0
        csrr    t1, mideleg
        andi    t1, t1, 0x222                   /* QEMU may show more read-only bits */
        CHECK   t1, 0x222
        li      t0, 2
        csrw    sie, t0
        csrr    t1, mie
        CHECK   t1, 2
        li      t0, 2
        csrs    mip, t0                         /* SSIP pending, but M-mode: not taken */
        csrr    t1, sip
        CHECK   t1, 2
        li      s7, -1
        la      s11, 13f
        la      t0, 12f
        j       enter_s                         /* SIE is 1 in S: taken at once */
12:     j       12b
13:     li      t0, 0x8000000000000001
        bne     s7, t0, fail
        csrci   sip, 2                          /* S clears its own SSIP */
        csrr    t1, sip
        CHECK   t1, 0
        la      s11, 14f
        ecall
14:     CHECK   s8, 9
        TEST 6                                  /* delegated STIP from U, set by M */
        csrw    sie, x0
        li      t0, 1 << 5
        csrw    sie, t0
        csrs    mip, t0                         /* STIP */
        li      s7, -1
        la      s11, 16f
        la      t0, 15f
        j       enter_u                         /* U: S interrupts always enabled */
15:     j       15b
16:     li      t0, 0x8000000000000005
        bne     s7, t0, fail
        la      s11, 17f
        ecall
17:     CHECK   s8, 9
        li      t0, 1 << 5
        csrc    mip, t0
        TEST 7                                  /* a delegated interrupt is not taken in M */
        li      t0, 2
        csrw    sie, t0
        csrs    mip, t0
        csrsi   mstatus, 8
        nop
        nop
        csrci   mstatus, 8
        csrc    mip, t0
        TEST 8                                  /* PLIC S context (1) -> SEIP, delegated, claimed in S */
        li      t0, 0xc000000
        li      t1, 1
        sw      t1, 40(t0)                      /* priority[10] = 1 */
        li      t0, 0xc002080                   /* enables of context 1 */
        li      t1, 1 << 10
        sw      t1, 0(t0)
        li      t0, 0xc201000                   /* threshold of context 1 */
        sw      zero, 0(t0)
        li      t0, 1 << 9
        csrw    sie, t0
        li      t0, UART0
        li      t1, 2                           /* THR-empty interrupt on */
        sb      t1, 1(t0)
        csrr    t1, mip
        andi    t1, t1, 1 << 9
        beqz    t1, fail                        /* SEIP visible in mip */
        csrsi   mstatus, 2                      /* SIE (cleared by the earlier traps into S) */
        li      s7, -1
        la      s11, 19f
        la      t0, 18f
        j       enter_s
18:     j       18b
19:     li      t0, 0x8000000000000009
        bne     s7, t0, fail
        li      t0, 0xc201004
        lw      t1, 0(t0)                       /* claim, from S */
        CHECK   t1, 10
        li      t2, UART0
        sb      zero, 1(t2)                     /* IER = 0 */
        sw      t1, 0(t0)                       /* complete */
        csrr    t1, sip
        andi    t1, t1, 1 << 9
        bnez    t1, fail
        la      s11, 20f
        csrr    t0, mstatus                     /* back to M */
20:     CHECK   s8, 2
        PASS

        /* S-mode handler: s7 = scause, s6 = sepc, s5 = stval; continue at s11 in S */
        .align 2
s_catch:
        csrr    s7, scause
        csrr    s6, sepc
        csrr    s5, stval
        jr      s11
