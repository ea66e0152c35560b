/* ipi.S -- cross-hart CLINT: hart 0 raises hart 1's msip, hart 1 takes the
 * software interrupt, answers with hart 0's msip, then arms its own
 * mtimecmp (offset 8) and reports its timer interrupt.  Two harts. */
#define HAS_SECONDARY
#include "test.h"
#define MSIP0     (CLINT + 0)
#define MSIP1     (CLINT + 4)
#define MTIMECMP1 (CLINT + 0x4008)
        TEST_START
main:
        la      t0, h0_trap
        csrw    mtvec, t0
        li      t0, 1 << 3
        csrw    mie, t0
        la      s0, flags
        TEST 1                                  /* wait until hart 1 is ready */
1:      lw      t0, 0(s0)
        beqz    t0, 1b
        TEST 2                                  /* IPI to hart 1, answered by an IPI to us */
        li      t0, MSIP1
        li      t1, 1
        sw      t1, 0(t0)
        li      s1, 0
2:      wfi                                     /* MIE = 0: wake on MSIP, take it below */
        csrsi   mstatus, 8
        csrci   mstatus, 8
        beqz    s1, 2b
        lw      t0, 4(s0)
        CHECK   t0, 1                           /* hart 1 saw its software interrupt */
        TEST 3                                  /* hart 1's own timer */
3:      lw      t0, 8(s0)
        beqz    t0, 3b
        CHECK   t0, 7
        li      t0, MTIMECMP1                   /* hart 1 disarmed it */
        ld      t0, 0(t0)
        CHECK   t0, -1
        PASS

        .align 2
h0_trap:
        csrr    t0, mcause
        li      t1, 0x8000000000000003
        bne     t0, t1, fail
        li      t0, MSIP0
        sw      zero, 0(t0)
        li      s1, 1
        mret

secondary:
        la      t0, h1_trap
        csrw    mtvec, t0
        li      t0, MTIMECMP1                   /* QEMU resets mtimecmp to 0 */
        li      t1, -1
        sd      t1, 0(t0)
        li      t0, 1 << 3
        csrw    mie, t0
        la      s0, flags
        li      t0, 1
        sw      t0, 0(s0)                       /* ready */
        csrsi   mstatus, 8
1:      wfi
        lw      t0, 4(s0)
        beqz    t0, 1b
        rdtime  t0                              /* now the timer */
        addi    t0, t0, 200
        li      t1, MTIMECMP1
        sd      t0, 0(t1)
        li      t0, 1 << 7
        csrs    mie, t0
2:      wfi
        lw      t0, 8(s0)
        beqz    t0, 2b
3:      wfi
        j       3b

        .align 2
h1_trap:
        csrr    t0, mcause
        li      t1, 0x8000000000000003
        beq     t0, t1, 4f
        li      t1, 0x8000000000000007
        beq     t0, t1, 5f
        j       fail
4:      li      t0, MSIP1                       /* clear ours, answer hart 0 */
        sw      zero, 0(t0)
        li      t0, 1
        sw      t0, 4(s0)
        fence   w, o
        li      t0, MSIP0
        li      t1, 1
        sw      t1, 0(t0)
        mret
5:      li      t0, MTIMECMP1
        li      t1, -1
        sd      t1, 0(t0)
        fence   o, w
        li      t0, 7
        sw      t0, 8(s0)
        mret

        .data
        .align 6
flags:  .word 0, 0, 0, 0
