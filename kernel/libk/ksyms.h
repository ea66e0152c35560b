/*
 * ksyms.h - the kernel's own symbol table, for backtraces that name
 * functions (function+offset) without addr2line.
 *
 * The table is generated from the linked kernel by tools/ksyms.py and
 * linked into a second image (see the Makefile): it lives in read-only
 * data, after the text, so adding it moves no function.  An image linked
 * without it (the first link, the host tests) has an empty table.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef KSYMS_H
#define KSYMS_H

#include "hal_kernel_types.h"

/* The name of the function holding address <addr>, and <addr>'s offset in
 * it (in *offset); NULL when <addr> is outside every known function. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);

#endif
