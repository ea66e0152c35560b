/* payload.S -- a stand-in for the kernel at 0x80200000 (S-mode), used by
 * `make iss-run` until build/kernel.bin exists and by `make iss-test`:
 *   - the boot hart prints through the SBI legacy console,
 *   - starts every other hart with SBI HSM hart_start (ids 0..63 tried;
 *     OpenSBI refuses absent ones), each prints "hart N up" and checks in,
 *   - takes one S-mode timer interrupt programmed with SBI set_timer,
 *   - prints "payload: all harts up" and powers off with SBI SRST (exit 0). */
        .equ    SBI_HSM, 0x48534d
        .equ    SBI_TIME, 0x54494d45
        .equ    SBI_SRST, 0x53525354
        .equ    MAXHARTS, 64

        .section .text
        .globl _start
_start:
        mv      s0, a0                          /* hartid */
        la      sp, stacks + 4096
        call    lock
        la      a0, msg_hello
        call    puts
        mv      a0, s0
        call    putdec
        li      a0, '\n'
        call    putc
        call    unlock

        /* start the other harts */
        li      s1, 0                           /* hart id to try */
        li      s2, 0                           /* started */
1:      beq     s1, s0, 2f
        mv      a0, s1
        la      a1, secondary
        li      a2, 0
        li      a6, 0                           /* hart_start */
        li      a7, SBI_HSM
        ecall
        bnez    a0, 2f
        addi    s2, s2, 1
2:      addi    s1, s1, 1
        li      t0, MAXHARTS
        blt     s1, t0, 1b
        la      t0, checked_in
3:      lw      t1, 0(t0)
        bne     t1, s2, 3b

        /* one timer interrupt through SBI set_timer */
        la      t0, trap
        csrw    stvec, t0
        li      t0, 1 << 5
        csrs    sie, t0
        rdtime  a0
        li      t0, 10000                       /* 1 ms */
        add     a0, a0, t0
        li      a6, 0
        li      a7, SBI_TIME
        ecall
        csrsi   sstatus, 2
4:      la      t0, ticks
        lw      t0, 0(t0)
        bnez    t0, 5f
        wfi
        j       4b
5:      csrci   sstatus, 2
        call    lock
        la      a0, msg_timer
        call    puts

        /* misaligned load and store from S: OpenSBI emulates them on the SoC */
        la      t0, mis
        li      t1, 0x1122334455667788
        sd      t1, 3(t0)
        ld      t2, 3(t0)
        bne     t1, t2, 8f
        lw      t2, 5(t0)
        li      t1, 0x33445566
        bne     t1, t2, 8f
        la      a0, msg_mis
        call    puts

        la      a0, msg_up
        call    puts
        addi    a0, s2, 1
        call    putdec
        la      a0, msg_harts
        call    puts
        call    unlock
        li      a7, SBI_SRST
        li      a6, 0                           /* system_reset */
        li      a0, 0                           /* shutdown */
        li      a1, 0
        ecall
6:      wfi
        j       6b

secondary:                                      /* a0 = hartid, S-mode, MMU off */
        mv      s0, a0
        la      sp, stacks + 4096
        addi    t0, a0, 1
        slli    t0, t0, 12
        add     sp, sp, t0
        call    lock
        la      a0, msg_hart
        call    puts
        mv      a0, s0
        call    putdec
        la      a0, msg_hart_up
        call    puts
        call    unlock
        la      t0, checked_in
        li      t1, 1
        amoadd.w zero, t1, (t0)
7:      wfi
        j       7b

        .align 2
trap:                                           /* supervisor timer */
        csrr    t0, scause
        bgez    t0, 8f
        li      a0, -1                          /* disarm */
        li      a6, 0
        li      a7, SBI_TIME
        ecall
        la      t0, ticks
        li      t1, 1
        sw      t1, 0(t0)
        sret
8:      la      a0, msg_exc
        call    puts                            /* without the lock: we are failing */
        li      a7, SBI_SRST
        li      a6, 0
        li      a0, 0
        li      a1, 1                           /* system failure */
        ecall
        j       8b

/* console: callers hold the console lock around whole lines (lock/unlock) */
lock:
        la      t0, conslock
        li      t1, 1
1:      amoswap.w.aq t2, t1, (t0)
        bnez    t2, 1b
        ret
unlock:
        la      t0, conslock
        amoswap.w.rl zero, zero, (t0)
        ret
putc:                                           /* clobbers a0, a6, a7 */
        li      a7, 1                           /* legacy console_putchar */
        li      a6, 0
        ecall
        ret
puts:                                           /* a0 = string */
        addi    sp, sp, -16
        sd      ra, 0(sp)
        sd      s1, 8(sp)
        mv      s1, a0
2:      lbu     a0, 0(s1)
        beqz    a0, 3f
        call    putc
        addi    s1, s1, 1
        j       2b
3:      ld      ra, 0(sp)
        ld      s1, 8(sp)
        addi    sp, sp, 16
        ret
putdec:                                         /* a0 < 100 */
        addi    sp, sp, -32
        sd      ra, 0(sp)
        li      t0, 10
        divu    t1, a0, t0
        remu    t2, a0, t0
        addi    t3, sp, 16                      /* buffer on the stack */
        beqz    t1, 1f
        addi    t1, t1, '0'
        sb      t1, 0(t3)
        addi    t3, t3, 1
1:      addi    t2, t2, '0'
        sb      t2, 0(t3)
        sb      zero, 1(t3)
        addi    a0, sp, 16
        call    puts
        ld      ra, 0(sp)
        addi    sp, sp, 32
        ret

        .section .rodata
msg_hello:   .asciz "payload: S-mode at 0x80200000 reached via SBI, boot hart "
msg_hart:    .asciz "payload: hart "
msg_hart_up: .asciz " up\n"
msg_timer:   .asciz "payload: S-mode timer interrupt via SBI set_timer\n"
msg_up:      .asciz "payload: all harts up ("
msg_harts:   .asciz " harts)\n"
msg_exc:     .asciz "payload: unexpected exception or wrong result\n"
msg_mis:     .asciz "payload: misaligned ld/sd/lw from S-mode ok\n"

        .data
        .align 3
conslock:    .word 0
checked_in:  .word 0
ticks:       .word 0
        .align 3
mis:         .skip 16
        .align 12
stacks:      .skip 4096 * (MAXHARTS + 1)
