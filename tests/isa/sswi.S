/* sswi.S -- the ACLINT SSWI (riscv,aclint-sswi at 0x2f00000; QEMU virt with
 * aclint=on, the SoC): a 32-bit store of 1 into SETSSIP[h] sets hart h's
 * mip.SSIP; 0 does not clear it; reads give 0; other widths fault.  Then
 * the cross-hart S-mode IPI: hart 1 waits in S-mode with SSIP delegated,
 * hart 0 rings it, hart 1's S handler clears sip.SSIP and rings hart 0
 * back from S-mode.  Two harts. */
#define HAS_SECONDARY
#include "test.h"
#define SSWI     0x2f00000
#define SETSSIP0 (SSWI + 0)
#define SETSSIP1 (SSWI + 4)
        TEST_START
main:
        la      s0, flags
        li      s2, SETSSIP0
        TEST 1                                  /* reads return 0 */
        lw      t0, 0(s2)
        CHECK   t0, 0
        lw      t0, 4(s2)
        CHECK   t0, 0
        TEST 2                                  /* a store of 1 sets our own SSIP */
        csrci   mip, 2
        li      t1, 1
        sw      t1, 0(s2)
        csrr    t0, mip
        andi    t0, t0, 2
        CHECK   t0, 2
        lw      t0, 0(s2)                       /* still reads 0 */
        CHECK   t0, 0
        TEST 3                                  /* a store of 0 leaves SSIP set */
        sw      zero, 0(s2)
        csrr    t0, mip
        andi    t0, t0, 2
        CHECK   t0, 2
        TEST 4                                  /* software clears it through mip */
        csrci   mip, 2
        csrr    t0, mip
        andi    t0, t0, 2
        CHECK   t0, 0
        TEST 5                                  /* only bit 0 counts */
        li      t1, 0xfffffffe
        sw      t1, 0(s2)
        csrr    t0, mip
        andi    t0, t0, 2
        CHECK   t0, 0
        TEST 6                                  /* a byte store is an access fault */
        EXPECT_TRAP 1f
        li      t1, 1
        sb      t1, 0(s2)
        j       fail
1:      CHECK   s8, 7
        csrr    t0, mip                         /* and had no effect */
        andi    t0, t0, 2
        CHECK   t0, 0
        TEST 7                                  /* a doubleword load is an access fault */
        EXPECT_TRAP 2f
        ld      t1, 0(s2)
        j       fail
2:      CHECK   s8, 5
        la      t0, default_trap
        csrw    mtvec, t0
        TEST 8                                  /* wait until hart 1 waits in S-mode */
3:      lw      t0, 0(s0)
        beqz    t0, 3b
        TEST 9                                  /* ring hart 1; it answers by ringing us */
        li      t1, 1
        sw      t1, 4(s2)
4:      csrr    t0, mip
        andi    t0, t0, 2
        beqz    t0, 4b
        lw      t0, 4(s0)
        CHECK   t0, 1                           /* hart 1's S handler ran once */
        ld      t0, 16(s0)
        li      t1, 0x8000000000000001
        bne     t0, t1, fail                    /* with scause = S software interrupt */
        lw      t0, 8(s0)
        CHECK   t0, 0                           /* and had cleared its own SSIP */
        csrci   mip, 2
        PASS

secondary:
        la      s0, flags
        li      s2, SETSSIP0
        li      t0, 2
        csrw    mideleg, t0                     /* SSI to S */
        la      t0, h1_s_trap
        csrw    stvec, t0
        csrci   mip, 2
        la      t0, h1_s
        j       enter_s
h1_s:   li      t0, 2
        csrw    sie, t0
        csrsi   sstatus, 2                      /* SIE */
        li      t0, 1
        sw      t0, 0(s0)                       /* waiting */
1:      wfi
        lw      t0, 4(s0)
        beqz    t0, 1b
2:      wfi
        j       2b

        .align 2
h1_s_trap:
        csrr    t0, scause
        sd      t0, 16(s0)
        csrci   sip, 2
        csrr    t0, sip
        andi    t0, t0, 2
        sw      t0, 8(s0)
        li      t0, 1
        sw      t0, 4(s0)
        fence   w, o
        li      t1, 1
        sw      t1, 0(s2)                       /* ring hart 0 */
        sret

        .data
        .align 6
flags:  .word 0, 0, 0, 0                 /* waiting, handled, SSIP after clear, - */
        .dword 0                                /* hart 1's scause */
