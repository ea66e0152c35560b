/* irq_soft.S -- software interrupts (CLINT msip) and the priority order
 * MEI > MSI > MTI > SSI when several are pending at once.  MEI comes from the
 * UART's THR-empty interrupt through the PLIC (source 10, context 0). */
#include "test.h"
#define PLIC      0xc000000
        TEST_START
main:
        li      s0, CLINT
        li      s1, CLINT + 0x4000              /* mtimecmp of hart 0 */
        TEST 1                                  /* msip -> MSI */
        la      t0, handler
        csrw    mtvec, t0
        la      s4, log
        li      t0, 1 << 3
        csrw    mie, t0
        li      t0, 1
        sw      t0, 0(s0)
        csrsi   mstatus, 8
        nop
        csrci   mstatus, 8
        la      t0, log
        ld      t1, 0(t0)
        CHECK   t1, 3
        TEST 2                                  /* all four at once */
        la      s4, log
        /* PLIC: source 10 priority 1, enabled for context 0 (hart 0 M), threshold 0 */
        li      t0, PLIC
        li      t1, 1
        sw      t1, 40(t0)
        li      t1, 1 << 10
        li      t2, PLIC + 0x2000
        sw      t1, 0(t2)
        li      t2, PLIC + 0x200000
        sw      x0, 0(t2)
        li      t0, UART0
        li      t1, 2                           /* IER: THR empty */
        sb      t1, 1(t0)
        li      t0, 1
        sw      t0, 0(s0)                       /* msip */
        sd      x0, 0(s1)                  /* mtimecmp = 0: MTIP */
        li      t0, 2
        csrs    mip, t0                         /* SSIP, not delegated */
        li      t0, (1 << 11) | (1 << 7) | (1 << 3) | (1 << 1)
        csrw    mie, t0
        csrsi   mstatus, 8
        nop
        nop
        csrci   mstatus, 8
        la      t0, log
        ld      t1, 0(t0)
        li      t2, 1
        beq     t1, t2, qemu_order
        CHECK   t1, 11                          /* the spec's order: MEI MSI MTI SSI */
        ld      t1, 8(t0)
        CHECK   t1, 3
        ld      t1, 16(t0)
        CHECK   t1, 7
        ld      t1, 24(t0)
        CHECK   t1, 1
        ld      t1, 32(t0)
        CHECK   t1, 0
        PUTS    note_spec
        PASS
qemu_order:
        /* QEMU 7.2 without AIA takes the lowest-numbered pending interrupt
         * first (ctz of pending), not the privileged spec's order. */
        ld      t1, 8(t0)
        CHECK   t1, 3
        ld      t1, 16(t0)
        CHECK   t1, 7
        ld      t1, 24(t0)
        CHECK   t1, 11
        ld      t1, 32(t0)
        CHECK   t1, 0
        PUTS    note_qemu
        PASS

        .align 2
handler:
        csrr    t0, mcause
        bgez    t0, fail
        slli    t0, t0, 1
        srli    t0, t0, 1
        sd      t0, 0(s4)
        addi    s4, s4, 8
        li      t1, 3
        beq     t0, t1, 1f
        li      t1, 7
        beq     t0, t1, 2f
        li      t1, 1
        beq     t0, t1, 3f
        li      t1, 11
        beq     t0, t1, 4f
        j       fail
1:      sw      x0, 0(s0)
        mret
2:      li      t1, -1
        sd      t1, 0(s1)
        mret
3:      li      t1, 2
        csrc    mip, t1
        mret
4:      li      t1, PLIC + 0x200004
        lw      t2, 0(t1)                       /* claim */
        li      t3, 10
        bne     t2, t3, fail
        li      t3, UART0
        sb      x0, 1(t3)                       /* IER = 0: line drops */
        sw      t2, 0(t1)                       /* complete */
        mret

        .data
note_spec: .asciz "note: interrupt priority MEI > MSI > MTI > SSI (privileged spec order)\n"
note_qemu: .asciz "note: interrupt order SSI, MSI, MTI, MEI: lowest number first (QEMU 7.2 without AIA ignores the spec order)\n"
        .align 3
log:    .skip 64
