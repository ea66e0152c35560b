/*
 * printk.h - formatted output of the kernel.
 *
 * vsnprintf/snprintf know the conversions %d %i %u %x %X %o %c %s %p %%,
 * the length modifiers l, ll and z, a field width (also '*'), the flags
 * '0' and '-', and a precision for %s.  printk() formats into a stack buffer
 * of CONFIG_PRINTK_BUF_SIZE bytes (longer output is truncated) and sends it
 * to console_write() in one call, so lines of different harts never mix.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef PRINTK_H
#define PRINTK_H

#include <stdarg.h>
#include <stddef.h>

/* Formats into <buf> of <size> bytes, always NUL-terminated when size > 0.
 * Returns the length the full output would have (as C's vsnprintf). */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Formats and writes to the console. */
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the message and stops the kernel (implemented in kernel/kern). */
void panic(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));

#endif
