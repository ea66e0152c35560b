/* uart.S -- ns16550a receive path: run.sh feeds "abc" on stdin.  'a' is read
 * by polling LSR.DR, 'b' and 'c' through the receive interrupt
 * (IER.ERBFI -> PLIC source 10 -> context 0 -> MEI). */
#include "test.h"
#define PLIC 0xc000000
        TEST_START
main:
        li      s0, UART0
        TEST 1                                  /* polled */
        call    wait_rx
        lbu     a0, 0(s0)
        CHECK   a0, 'a'
        TEST 2                                  /* LSR after a read: THR empty bits set */
        lbu     a0, 5(s0)
        andi    a0, a0, 0x60
        CHECK   a0, 0x60
        TEST 3                                  /* interrupt driven */
        call    wait_rx                         /* 'b' has arrived */
        la      t0, handler
        csrw    mtvec, t0
        li      t0, PLIC
        li      t1, 1
        sw      t1, 40(t0)                      /* priority[10] */
        li      t0, PLIC + 0x2000
        li      t1, 1 << 10
        sw      t1, 0(t0)                       /* enable for context 0 */
        li      t0, PLIC + 0x200000
        sw      zero, 0(t0)                     /* threshold 0 */
        li      t0, 1 << 11
        csrw    mie, t0
        li      s1, 0                           /* characters received */
        la      s2, rxbuf
        li      t0, 1
        sb      t0, 1(s0)                       /* IER: receive data available */
        csrsi   mstatus, 8
        li      s3, 200000000
1:      li      t0, 2
        beq     s1, t0, 2f
        addi    s3, s3, -1
        bnez    s3, 1b
        j       fail
2:      csrci   mstatus, 8
        sb      zero, 1(s0)
        la      t0, rxbuf
        lbu     t1, 0(t0)
        CHECK   t1, 'b'
        lbu     t1, 1(t0)
        CHECK   t1, 'c'
        PASS

wait_rx:                                        /* spin until LSR.DR, bounded */
        li      t1, 200000000
1:      lbu     t0, 5(s0)
        andi    t0, t0, 1
        bnez    t0, 2f
        addi    t1, t1, -1
        bnez    t1, 1b
        j       fail
2:      ret

        .align 2
handler:
        csrr    t0, mcause
        bgez    t0, fail
        li      t1, PLIC + 0x200004
        lw      t2, 0(t1)                       /* claim */
        li      t3, 10
        bne     t2, t3, 3f
        lbu     t3, 2(s0)                       /* IIR: 0x4 = data available */
        andi    t3, t3, 0xf
        li      t4, 4
        bne     t3, t4, fail
        lbu     t3, 0(s0)
        add     t4, s2, s1
        sb      t3, 0(t4)
        addi    s1, s1, 1
3:      sw      t2, 0(t1)                       /* complete */
        mret

        .data
rxbuf:  .skip 16
