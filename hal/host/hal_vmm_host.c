/*
 * hal_vmm_host.c - hal/riscv/hal_vmm.c built for the host HAL (see
 * hal_gpt_host.c for the include-guard trick).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "../riscv/hal_vmm.c"
