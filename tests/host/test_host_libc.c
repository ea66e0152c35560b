/*
 * test_host_libc.c - libc services for the tests, compiled WITHOUT
 * libk_rename.h so that the names here are the libc's.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdarg.h>
#include <stdio.h>

int host_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}

void host_print_error(const char *msg)
{
    fprintf(stderr, "panic: %s\n", msg);
}
