/*
 * trap.S - the supervisor trap vector: save every register, call
 * hal_trap_handler(frame), restore, sret.
 *
 * sscratch is 0 while the core runs in the kernel and holds the core's
 * hal_core_t pointer while it runs in user mode.  A trap from the kernel
 * saves its frame on the current stack; a trap from user mode switches to
 * the core's kernel stack (hal_core_t.kernel_sp) first.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_trap.h"

#define HC_KERNEL_SP  8
#define HC_USER_SP    16

    .section .text
    .globl hal_trap_entry
    .align 4
hal_trap_entry:
    csrrw   tp, sscratch, tp
    bnez    tp, .Lfrom_user
    /* From the kernel: tp was 0 in sscratch; take the kernel's tp back. */
    csrrw   tp, sscratch, zero
    addi    sp, sp, -FRAME_SIZE
    sd      x1, FRAME_X(1)(sp)
    addi    x1, sp, FRAME_SIZE
    sd      x1, FRAME_X(2)(sp)
    j       .Lsave_rest

.Lfrom_user:
    sd      sp, HC_USER_SP(tp)
    ld      sp, HC_KERNEL_SP(tp)
    addi    sp, sp, -FRAME_SIZE
    sd      x1, FRAME_X(1)(sp)
    ld      x1, HC_USER_SP(tp)
    sd      x1, FRAME_X(2)(sp)
    /* The user's tp is in sscratch now; keep it, leave sscratch 0. */
    csrrw   x1, sscratch, zero
    sd      x1, FRAME_X(4)(sp)
    j       .Lsave_gprs

.Lsave_rest:
    sd      x4, FRAME_X(4)(sp)
.Lsave_gprs:
    sd      x3, FRAME_X(3)(sp)
    sd      x5, FRAME_X(5)(sp)
    sd      x6, FRAME_X(6)(sp)
    sd      x7, FRAME_X(7)(sp)
    sd      x8, FRAME_X(8)(sp)
    sd      x9, FRAME_X(9)(sp)
    sd      x10, FRAME_X(10)(sp)
    sd      x11, FRAME_X(11)(sp)
    sd      x12, FRAME_X(12)(sp)
    sd      x13, FRAME_X(13)(sp)
    sd      x14, FRAME_X(14)(sp)
    sd      x15, FRAME_X(15)(sp)
    sd      x16, FRAME_X(16)(sp)
    sd      x17, FRAME_X(17)(sp)
    sd      x18, FRAME_X(18)(sp)
    sd      x19, FRAME_X(19)(sp)
    sd      x20, FRAME_X(20)(sp)
    sd      x21, FRAME_X(21)(sp)
    sd      x22, FRAME_X(22)(sp)
    sd      x23, FRAME_X(23)(sp)
    sd      x24, FRAME_X(24)(sp)
    sd      x25, FRAME_X(25)(sp)
    sd      x26, FRAME_X(26)(sp)
    sd      x27, FRAME_X(27)(sp)
    sd      x28, FRAME_X(28)(sp)
    sd      x29, FRAME_X(29)(sp)
    sd      x30, FRAME_X(30)(sp)
    sd      x31, FRAME_X(31)(sp)
    csrr    t0, sepc
    sd      t0, FRAME_SEPC(sp)
    csrr    t0, sstatus
    sd      t0, FRAME_SSTATUS(sp)
    csrr    t0, scause
    sd      t0, FRAME_SCAUSE(sp)
    csrr    t0, stval
    sd      t0, FRAME_STVAL(sp)

    /* A frame record so backtraces walk through the trap. */
    mv      a0, sp
    mv      fp, sp
    call    hal_trap_handler

    .globl hal_trap_return
hal_trap_return:
    ld      t0, FRAME_SEPC(sp)
    csrw    sepc, t0
    ld      t0, FRAME_SSTATUS(sp)
    csrw    sstatus, t0
    andi    t0, t0, 0x100           /* SPP: back to the kernel? */
    bnez    t0, 1f
    csrw    sscratch, tp            /* back to user: park the core pointer */
1:
    ld      x1, FRAME_X(1)(sp)
    ld      x3, FRAME_X(3)(sp)
    ld      x4, FRAME_X(4)(sp)
    ld      x5, FRAME_X(5)(sp)
    ld      x6, FRAME_X(6)(sp)
    ld      x7, FRAME_X(7)(sp)
    ld      x8, FRAME_X(8)(sp)
    ld      x9, FRAME_X(9)(sp)
    ld      x10, FRAME_X(10)(sp)
    ld      x11, FRAME_X(11)(sp)
    ld      x12, FRAME_X(12)(sp)
    ld      x13, FRAME_X(13)(sp)
    ld      x14, FRAME_X(14)(sp)
    ld      x15, FRAME_X(15)(sp)
    ld      x16, FRAME_X(16)(sp)
    ld      x17, FRAME_X(17)(sp)
    ld      x18, FRAME_X(18)(sp)
    ld      x19, FRAME_X(19)(sp)
    ld      x20, FRAME_X(20)(sp)
    ld      x21, FRAME_X(21)(sp)
    ld      x22, FRAME_X(22)(sp)
    ld      x23, FRAME_X(23)(sp)
    ld      x24, FRAME_X(24)(sp)
    ld      x25, FRAME_X(25)(sp)
    ld      x26, FRAME_X(26)(sp)
    ld      x27, FRAME_X(27)(sp)
    ld      x28, FRAME_X(28)(sp)
    ld      x29, FRAME_X(29)(sp)
    ld      x30, FRAME_X(30)(sp)
    ld      x31, FRAME_X(31)(sp)
    ld      x2, FRAME_X(2)(sp)
    sret
