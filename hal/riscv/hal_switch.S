/*
 * hal_switch.S - context switch and user-space copy loops.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */

/* hal_switch_regs(old, new): saves ra, sp, s0..s11 at <old>, loads them
 * from <new>, returns on <new>'s stack at <new>'s ra. */
    .section .text
    .globl hal_switch_regs
hal_switch_regs:
    sd      ra, 0(a0)
    sd      sp, 8(a0)
    sd      s0, 16(a0)
    sd      s1, 24(a0)
    sd      s2, 32(a0)
    sd      s3, 40(a0)
    sd      s4, 48(a0)
    sd      s5, 56(a0)
    sd      s6, 64(a0)
    sd      s7, 72(a0)
    sd      s8, 80(a0)
    sd      s9, 88(a0)
    sd      s10, 96(a0)
    sd      s11, 104(a0)
    ld      ra, 0(a1)
    ld      sp, 8(a1)
    ld      s0, 16(a1)
    ld      s1, 24(a1)
    ld      s2, 32(a1)
    ld      s3, 40(a1)
    ld      s4, 48(a1)
    ld      s5, 56(a1)
    ld      s6, 64(a1)
    ld      s7, 72(a1)
    ld      s8, 80(a1)
    ld      s9, 88(a1)
    ld      s10, 96(a1)
    ld      s11, 104(a1)
    ret

/*
 * User copies: leaf functions with no stack frame, run with sstatus.SUM
 * set by their callers.  A fault the VMM cannot resolve inside
 * [hal_uaccess_begin, hal_uaccess_end) resumes at hal_uaccess_fault,
 * which returns -EFAULT (hal_exception.c moves sepc there).
 */
    .globl hal_uaccess_begin, hal_uaccess_end, hal_uaccess_fault

/* long hal_uaccess_copy(void *dst, const void *src, size_t n) -> 0 */
    .globl hal_uaccess_copy
hal_uaccess_begin:
hal_uaccess_copy:
    beqz    a2, 2f
1:  lbu     t0, 0(a1)
    sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    bnez    a2, 1b
2:  li      a0, 0
    ret

/* long hal_uaccess_strcpy(char *dst, const char *src, size_t max)
 *   -> length, or -1 when no NUL within max bytes */
    .globl hal_uaccess_strcpy
hal_uaccess_strcpy:
    li      t1, 0
1:  beq     t1, a2, 3f
    lbu     t0, 0(a1)
    sb      t0, 0(a0)
    beqz    t0, 2f
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    t1, t1, 1
    j       1b
2:  mv      a0, t1
    ret
3:  li      a0, -1
    ret
hal_uaccess_end:

hal_uaccess_fault:
    li      a0, -14                 /* -EFAULT */
    ret
