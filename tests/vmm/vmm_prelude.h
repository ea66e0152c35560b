/*
 * vmm_prelude.h - forced include of the VMM host tests: the libc headers
 * that use pid_t are read first, then the kernel's pid_t (process.h) gets
 * another name so both live in one translation unit; libk names are kept
 * apart from the libc's as in tests/host.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef VMM_PRELUDE_H
#define VMM_PRELUDE_H
#include <sys/types.h>
#include <pthread.h>
#include <signal.h>
#include <unistd.h>
#define pid_t almos_pid_t
#define sched_yield almos_sched_yield
#include "libk_rename.h"
#endif
