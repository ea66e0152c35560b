/* payload.S -- a stand-in for the kernel at 0x80200000 (S-mode), used by
 * `make iss-run` until build/kernel.bin exists: prints a line through the
 * SBI legacy console, then powers off with SBI SRST (exit code 0). */
        .section .text
        .globl _start
_start:
        mv      s0, a0                  /* hartid */
        la      s1, msg
1:      lbu     a0, 0(s1)
        beqz    a0, 2f
        li      a7, 1                   /* legacy console_putchar */
        ecall
        addi    s1, s1, 1
        j       1b
2:      addi    a0, s0, '0'
        li      a7, 1
        ecall
        li      a0, '\n'
        li      a7, 1
        ecall
        li      a7, 0x53525354          /* SRST */
        li      a6, 0                   /* system_reset */
        li      a0, 0                   /* shutdown */
        li      a1, 0                   /* no reason */
        ecall
3:      wfi
        j       3b
msg:    .asciz  "payload: S-mode at 0x80200000 reached via SBI, hart "
