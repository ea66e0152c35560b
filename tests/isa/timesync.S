/* timesync.S -- time never goes backwards from one hart to another: the
 * harts pass a token back and forth 2000 times, each stamping `time` when it
 * sends and checking, when it receives, that its own `time` is not earlier
 * than the sender's stamp.  Hart 0 works for a varying while before each
 * stamp, so stamps fall anywhere in its scheduling quantum.  Two harts. */
#define HAS_SECONDARY
#include "test.h"
#define ROUNDS 2000
        TEST_START
main:
        la      s0, token
        li      s1, ROUNDS
        TEST 1
1:      li      t3, 37                          /* work for a varying while first */
        mul     t3, t3, s1
        andi    t3, t3, 511
5:      addi    t3, t3, -1
        bgez    t3, 5b
        rdtime  t0
        sd      t0, 8(s0)                       /* stamp, then hand over */
        fence   w, w
        li      t1, 1
        sd      t1, 0(s0)
2:      ld      t1, 0(s0)                       /* wait for the token back */
        bnez    t1, 2b
        fence   r, r
        ld      t2, 8(s0)
        rdtime  t0
        bltu    t0, t2, fail
        addi    s1, s1, -1
        bnez    s1, 1b
        PASS

secondary:
        la      s0, token
3:      ld      t1, 0(s0)
        beqz    t1, 3b
        fence   r, r
        ld      t2, 8(s0)
        rdtime  t0
        bltu    t0, t2, 4f
        sd      t0, 8(s0)
        fence   w, w
        sd      zero, 0(s0)
        j       3b
4:      li      gp, 2                           /* hart 1 saw time go backwards */
        j       fail

        .data
        .align 6
token:  .dword 0, 0
