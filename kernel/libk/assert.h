/*
 * assert.h - checks of kernel invariants.
 *
 * A failed assert() panics with the file, line, function and expression.
 * It is for bugs of the kernel only, never for bad input: what a user or a
 * machine can get wrong gets an error code or a clear message.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef ASSERT_H
#define ASSERT_H

#include "printk.h"

#define assert(expr) \
    ((expr) ? (void)0 : \
     panic("assert failed at %s:%d in %s(): %s", __FILE__, __LINE__, __func__, #expr))

#endif
