/*
 * fs_yield.h - how the file system waits.
 *
 * A tty or pipe operation that cannot go on blocks its thread on the wait
 * queue of the object (waitq.h: THREAD_BLOCKED_IO), and the event that
 * lets it go on (bytes received or written, room made, an end closed)
 * wakes the queue.  The host tests provide their own waitq_* (a yield:
 * the caller checks its condition again) and sched_yield().
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef FS_YIELD_H
#define FS_YIELD_H

#include "scheduler.h"
#include "waitq.h"
#include "thread.h"

#endif
