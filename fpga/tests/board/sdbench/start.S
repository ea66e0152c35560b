/* start.S -- entry of sdbench, the S-mode payload OpenSBI jumps to at
 * 0x80200000 (a0 = hart id, a1 = device tree): a stack, then main(hartid). */
        .section .text.start
        .globl _start
_start:
        la      sp, stack_top
        call    main
1:      wfi
        j       1b

        .bss
        .balign 16
        .space  4096
stack_top:
