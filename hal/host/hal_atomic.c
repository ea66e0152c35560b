/*
 * hal_atomic.c - local atomics for the host HAL: the RISC-V HAL's own code
 * (GCC's __atomic builtins serve both).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "../riscv/hal_atomic.c"
