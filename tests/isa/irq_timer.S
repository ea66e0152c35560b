/* irq_timer.S -- CLINT mtimecmp -> MTIP, wfi wake-up, vectored mtvec, time CSR. */
#include "test.h"
#define MTIMECMP0 (CLINT + 0x4000)
#define MTIME     (CLINT + 0xbff8)
        TEST_START
main:
        li      s0, MTIMECMP0
        li      s1, MTIME
        TEST 1                                  /* time CSR follows CLINT mtime */
        ld      a0, 0(s1)
        rdtime  a1
        ld      a2, 0(s1)
        bltu    a1, a0, fail
        bltu    a2, a1, fail
        TEST 2                                  /* wfi wakes on pending MTIP even with MIE = 0 */
        li      t0, 1 << 7
        csrw    mie, t0
        rdtime  a0
        addi    a0, a0, 500
        sd      a0, 0(s0)
1:      wfi
        csrr    t0, mip
        andi    t0, t0, 1 << 7
        beqz    t0, 1b
        rdtime  a1
        bltu    a1, a0, fail
        TEST 3                                  /* the interrupt is taken with MIE = 1 */
        li      s2, 0
        la      t0, handler
        csrw    mtvec, t0
        rdtime  a0
        addi    a0, a0, 300
        sd      a0, 0(s0)
2:      wfi                                     /* MIE = 0: no race with the wake-up */
        csrsi   mstatus, 8                      /* take it here */
        csrci   mstatus, 8
        beqz    s2, 2b
        li      t0, 0x8000000000000007
        bne     s3, t0, fail
        TEST 4                                  /* vectored: base + 4 * 7 */
        li      s2, 0
        la      t0, vtable
        ori     t0, t0, 1
        csrw    mtvec, t0
        rdtime  a0
        addi    a0, a0, 300
        sd      a0, 0(s0)
3:      wfi                                     /* MIE = 0: no race with the wake-up */
        csrsi   mstatus, 8                      /* take it here */
        csrci   mstatus, 8
        beqz    s2, 3b
        CHECK   s2, 7
        TEST 5                                  /* csrrs on mip: rd sees MTIP, RMW touches only SSIP */
        csrw    mie, zero
        sd      zero, 0(s0)                     /* mtimecmp = 0: MTIP pending */
1:      csrr    t0, mip
        andi    t0, t0, 1 << 7
        beqz    t0, 1b
        li      t1, 2
        csrrs   t0, mip, t1
        andi    t0, t0, (1 << 7) | 2
        CHECK   t0, 1 << 7
        csrrc   t0, mip, t1
        andi    t0, t0, (1 << 7) | 2
        CHECK   t0, (1 << 7) | 2
        li      t0, -1
        sd      t0, 0(s0)
        PASS

        .align 2
handler:
        csrr    s3, mcause
        li      t0, -1
        sd      t0, 0(s0)                       /* disarm */
        li      s2, 1
        mret

        .align 8
        .option push
        .option norvc                           /* 4-byte entries */
vtable:
        .rept   7
        j       fail
        .endr
        li      t0, -1                          /* entry 7: machine timer */
        sd      t0, 0(s0)
        li      s2, 7
        mret
        .option pop
