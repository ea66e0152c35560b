/*
 * elf_prog.c - a tiny static riscv64 program: code, initialised data and
 * BSS, so the ELF parser tests see the segments a real linker makes.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
int elf_prog_counter = 5;
volatile char elf_prog_bss[8192];

void _start(void)
{
    elf_prog_counter += elf_prog_bss[100];
    for (;;)
        elf_prog_bss[0]++;
}
