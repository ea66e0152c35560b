/* misaligned.S -- misaligned loads and stores.  The model traps (cause 4/6,
 * mtval = address; OpenSBI emulates them for S/U); QEMU 7.2 performs them in
 * hardware.  The test accepts both and says which it saw. */
#include "test.h"
        TEST_START
main:
        la      s0, buf
        li      t0, 0x0807060504030201
        sd      t0, 0(s0)
        li      t0, 0x100f0e0d0c0b0a09
        sd      t0, 8(s0)
        TEST 1                                  /* ld at +3 */
        EXPECT_TRAP 1f
        ld      a0, 3(s0)
        /* no trap: check the value */
        CHECK   a0, 0x0b0a090807060504
        li      s5, 1
        j       2f
1:      CHECK   s8, 4
        addi    t0, s0, 3
        bne     s10, t0, fail
        li      s5, 0
2:      TEST 2                                  /* lw at +1, lhu at +7 */
        EXPECT_TRAP 3f
        lw      a0, 1(s0)
        CHECK   a0, 0x05040302
        lhu     a0, 7(s0)
        CHECK   a0, 0x0908
        beqz    s5, fail                        /* consistent with test 1 */
        j       4f
3:      CHECK   s8, 4
        bnez    s5, fail
4:      TEST 3                                  /* sd at +5 */
        EXPECT_TRAP 5f
        li      a1, 0x1122334455667788
        sd      a1, 5(s0)
        ld      a0, 8(s0)
        CHECK   a0, 0x100f0e1122334455
        beqz    s5, fail
        j       6f
5:      CHECK   s8, 6
        addi    t0, s0, 5
        bne     s10, t0, fail
        bnez    s5, fail
        ld      a0, 8(s0)                       /* memory unchanged */
        CHECK   a0, 0x100f0e0d0c0b0a09
6:      beqz    s5, 7f
        PUTS    note_hw
        PASS
7:      PUTS    note_trap
        PASS
        .data
note_hw:   .asciz "note: misaligned accesses performed in hardware (QEMU behaviour)\n"
note_trap: .asciz "note: misaligned accesses trap (cause 4/6, mtval = address; the SoC's behaviour)\n"
        .align 4
buf:    .skip 32
