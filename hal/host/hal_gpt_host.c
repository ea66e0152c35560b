/*
 * hal_gpt_host.c - the Sv39 GPT code of hal/riscv, built for the host HAL.
 *
 * hal/riscv/hal_gpt.c and hal_vmm.c are plain C over the remote accessors,
 * so the host runs them unchanged on simulated clusters.  The host
 * hal_kernel_types.h is included first: its include guard then hides the
 * RISC-V one that the included files would otherwise find beside them.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "../riscv/hal_gpt.c"
