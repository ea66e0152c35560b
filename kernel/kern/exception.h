/*
 * exception.h - what the kernel does with a user thread's exceptions, and
 * the checks on the way back to user mode.  The HAL classifies the
 * machine's causes into these kinds.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef EXCEPTION_H
#define EXCEPTION_H

#include "hal_kernel_types.h"

typedef enum {
    EXCP_PAGE_READ,          /* load from a page not mapped or not readable */
    EXCP_PAGE_WRITE,         /* store: unmapped, read-only, or copy-on-write */
    EXCP_PAGE_EXEC,          /* fetch: unmapped or not executable */
    EXCP_ILLEGAL,            /* illegal instruction */
    EXCP_MISALIGNED,         /* misaligned access */
    EXCP_ACCESS,             /* physical access fault */
    EXCP_BREAKPOINT,
    EXCP_OTHER,
} excp_kind_t;

/* A user thread's exception: resolved (page faults), or the process is
 * killed with the matching signal and the thread does not come back. */
void exception_user(excp_kind_t kind, uintptr_t vaddr, uintptr_t pc);
/* A kernel access to user space faulted at <vaddr>: true when the page
 * could be mapped (retry), false for -EFAULT. */
bool exception_uaccess(excp_kind_t kind, uintptr_t vaddr);
/* Last stop before user mode: kill, stop, reschedule requests. */
void exception_return_to_user(void);
/* The system call <nr>: its result (or -errno). */
reg_t syscall_dispatch(reg_t nr, reg_t a0, reg_t a1, reg_t a2, reg_t a3, reg_t a4, reg_t a5);

#endif
