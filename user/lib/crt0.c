/*
 * crt0.c - C part of the process start: thread pointer (TLS, errno lives
 * there), environment, constructors, main, exit.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdlib.h>
#include <stdio.h>
#include "almos.h"
#include "user_internal.h"

char **environ;
extern int main(int argc, char **argv, char **envp);
extern void __libc_init_array(void);

/* linker script symbols: the main thread's TLS block is the image itself */
extern char __tls_base[];

void __almos_start(int argc, char **argv, char **envp)
    __attribute__((noreturn, used));

void __almos_start(int argc, char **argv, char **envp)
{
    /* .tdata is used in place, .tbss follows it in the zero-filled BSS */
    __asm__ volatile("mv tp, %0" : : "r"(__tls_base));
    environ = envp;
    __almos_stdio_init();
    atexit(almos_flush_stdio);
    __libc_init_array();
    exit(main(argc, argv, envp));
}
