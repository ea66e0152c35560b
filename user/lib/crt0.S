/*
 * crt0.S - process entry point.
 *
 * Contract with the kernel (ELF entry of the main thread):
 *   sp -> argc (8 bytes), argv[0..argc-1], NULL, envp[0..], NULL, strings
 *   a0 = argc, a1 = argv, a2 = envp (also set, but recomputed from sp here
 *   so that the stack alone is authoritative); tp and gp are ignored.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
    .section .text.start, "ax"
    .globl _start
    .type _start, @function
_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    mv      tp, zero
    ld      a0, 0(sp)               /* argc */
    addi    a1, sp, 8               /* argv */
    addi    t0, a0, 1
    slli    t0, t0, 3
    add     a2, a1, t0              /* envp = argv + argc + 1 */
    andi    sp, sp, -16
    mv      ra, zero
    mv      s0, zero
    call    __almos_start
1:  j       1b                      /* not reached: __almos_start exits */
    .size _start, . - _start

/*
 * __pthread_start - entry of every thread created by pthread_create: the
 * kernel starts it with a0 = the start block, sp = the thread's stack, and
 * no other register defined.  Set gp (small data is addressed through it)
 * and align sp, then go to C (lib/pthread.c), which sets tp and never
 * returns.
 */
    .text
    .globl __pthread_start
    .type __pthread_start, @function
__pthread_start:
    .option push
    .option norelax
    la      gp, __global_pointer$
    .option pop
    andi    sp, sp, -16
    mv      ra, zero
    mv      s0, zero
    call    __pthread_entry
1:  j       1b
    .size __pthread_start, . - __pthread_start
