/*
 * hal_remote.c - remote access for the host HAL: the RISC-V HAL's own code,
 * since both reach cluster <c> at a window base + (c << CLUSTER_SPAN_SHIFT)
 * (HAL_XPTR_VADDR) and both use GCC's __atomic builtins.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_remote.h"
/* the accessors out of line here (the RISC-V HAL has them inline) */
#define HAL_REMOTE_FN
#include "../riscv/hal_remote_access.h"
#include "../riscv/hal_remote.c"
