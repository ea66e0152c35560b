/*
 * kbench.h - SYS_BENCH: kernel-side measurements for the bench programs.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef KBENCH_H
#define KBENCH_H

#include "hal_kernel_types.h"

/* (op, arg, n, samples): see ALMOS_BENCH_* in shared_syscalls.h. */
reg_t sys_bench(reg_t op, reg_t arg, reg_t n, reg_t usamples, reg_t a4, reg_t a5);

#endif
