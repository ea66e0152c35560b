/*
 * hal_vmm.h - the architecture-specific part of the VMM.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_VMM_H
#define HAL_VMM_H

#include "hal_kernel_types.h"

struct process_s;

/* Registers the kernel part of the address space in the local <process>:
 * the kernel half of the running kernel table (root entries 256..511 on
 * Sv39: LOCAL, REMOTE and DEVICE windows) is copied into the process GPT
 * root, so user GPTs share the kernel tables.  Returns 0, or -EINVAL when
 * the process has no GPT. */
error_t hal_vmm_kernel_update(struct process_s *process);

/* Prints the VSL of <process> and, with <mapping>, every mapped PTE of
 * each user vseg. */
void hal_vmm_display(struct process_s *process, bool mapping);

#endif
