/*
 * panic.h - stopping the machine on a kernel bug.
 *
 * The first core to panic, in any cluster, prints the report; every other
 * core stops silently.  panic_finish() stops the other cores with
 * IPI_HALT and powers off with failure.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef PANIC_H
#define PANIC_H

#include <stdbool.h>

/* True for the first core to call it; the caller then prints the report. */
bool panic_enter(void);
/* True while the calling core owns the panic (console bypasses its lock). */
bool panic_owned(void);
/* Stops every other core, powers off with failure. */
void panic_finish(void) __attribute__((noreturn));
void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

#endif
