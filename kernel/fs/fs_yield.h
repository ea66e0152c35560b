/*
 * fs_yield.h - how the file system waits: it gives the core away.
 *
 * A blocked tty or pipe operation loops on sched_yield() with no lock held.
 * sched_yield() belongs to the scheduler (kernel/kern/scheduler.h, issue 3);
 * until that header exists it is declared here, with the same prototype.
 * The host tests provide their own.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef FS_YIELD_H
#define FS_YIELD_H

#if defined(__has_include) && __has_include("scheduler.h")
#include "scheduler.h"
#else
/* Gives the core to another ready thread (returns at once when none). */
void sched_yield(void);
#endif

#endif
