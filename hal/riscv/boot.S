/*
 * boot.S - first instructions of every hart.
 *
 * _start: the hart OpenSBI chose (the lottery winner) arrives here in
 * S-mode with the MMU off, a0 = hart id, a1 = device tree.  It runs
 * early_boot() on the scratch stack (any later arrival stops at once), which prepares every cluster and
 * never returns: it ends by jumping to _hart_entry in its own cluster's
 * copy.
 *
 * _hart_entry: every hart (the boot hart included) arrives here in its own
 * cluster's kernel copy, at that copy's physical address, with a0 = hart id
 * and a1 = its local index (lid).  It turns the MMU on with the cluster's
 * table (boot_satp of this copy) and continues at the same code in the
 * LOCAL window.  There is no identity mapping: the first fetch after the
 * satp write faults, and stvec, already holding the virtual address of the
 * next instruction, takes the hart there.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "kernel_config.h"

    .section .text.entry, "ax"
    .globl _start
_start:
    csrw    sie, zero
    /* Only the first hart to come here boots.  Another one (a start the
     * firmware sent to the stale address) must not touch early_stack, the
     * boot hart's stack: it stops itself in the firmware at once (SBI HSM
     * hart_stop), and the boot hart starts it again like a lost one. */
    .option push
    .option norelax
    lla     t0, early_entrants
    li      t1, 1
    amoadd.w.aqrl t1, t1, (t0)
    bnez    t1, .Lsecond_entrant
    csrw    sip, zero
    lla     sp, early_stack
    li      t0, 16384               /* EARLY_STACK_SIZE of hal_early.c */
    add     sp, sp, t0
    .option pop
    li      fp, 0
    call    early_boot
1:  wfi
    j       1b

.Lsecond_entrant:
    li      a7, 0x48534D            /* SBI extension HSM */
    li      a6, 1                   /* hart_stop: does not return */
    ecall
2:  wfi
    j       2b

    .globl _hart_entry
    .align 2
_hart_entry:
    csrw    sie, zero
    fence.i                 /* this copy was just written by the boot hart */
    mv      s2, a0
    mv      s1, a1
    lla     t0, boot_satp
    ld      t0, 0(t0)
    ld      t1, .Lvirtual_entry
    csrw    stvec, t1
    sfence.vma
    csrw    satp, t0
    /* Not reached with the MMU on: the fetch faults into stvec. */
    j       .
    .align 3
.Lvirtual_entry:
    .dword  2f

    .align 2
2:  sfence.vma
    .option push
    .option norelax
    lla     t0, hal_trap_entry
    .option pop
    csrw    stvec, t0
    csrw    sscratch, zero
    /* sp = top of this core's boot stack in the LOCAL window. */
    lla     sp, core_boot_stacks
    li      t0, CONFIG_KERNEL_STACK_SIZE
    addi    t1, s1, 1
    mul     t0, t0, t1
    add     sp, sp, t0
    li      fp, 0
    mv      a0, s2
    mv      a1, s1
    call    hal_kernel_entry
3:  wfi
    j       3b
