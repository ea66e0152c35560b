/* start.S -- entry of sdbench (a0 = hart id, a1 = device tree): a stack,
 * then main(hartid).  As OpenSBI's payload (0x80200000, S-mode) one hart
 * comes here; built with -DPARK_OTHERS as the firmware (0x80000000, from
 * the boot ROM, M-mode) every hart does, and all but hart 0 wait in wfi. */
        .section .text.start
        .globl _start
_start:
#ifdef PARK_OTHERS
        bnez    a0, 1f
#endif
        la      sp, stack_top
        call    main
1:      wfi
        j       1b

        .bss
        .balign 16
        .space  4096
stack_top:
