/*
 * scheduler.h - one round-robin scheduler per core.
 *
 * Each core runs the threads attached to it (never migrated) and its idle
 * thread when none is runnable.  A thread is runnable when its blocked set
 * is empty.  Preemption: the timer tick asks for a reschedule, done on the
 * next return to user mode; kernel code yields explicitly.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef SCHEDULER_H
#define SCHEDULER_H

#include "hal_kernel_types.h"
#include "list.h"
#include "busylock.h"

struct thread_s;
struct process_s;

#define SCHED_TICKS_PER_SLICE  2

typedef struct scheduler_s {
    busylock_t         lock;           /* protects root */
    list_entry_t       root;           /* threads of this core, idle excepted */
    uint32_t           threads_nr;
    struct thread_s   *idle;
    struct thread_s   *current;
    struct process_s  *active;         /* whose GPT is active (NULL: the kernel's) */
    volatile uint32_t  req_resched;
    uint32_t           ticks_left;
    uint64_t           switches;
    uint32_t           sleepers;       /* threads in sched_sleep() */
} scheduler_t;

/* Adds <thread> to the scheduler of core <lid> of the local cluster. */
void sched_attach(struct thread_s *thread, lid_t lid);
/* Gives the core to the next runnable thread (maybe the caller again).
 * On the host HAL of the unit tests, kernel code that yields calls the
 * host's POSIX sched_yield instead. */
#ifdef HAL_HOSTED
int sched_yield(void);
#else
void sched_yield(void);
#endif
/* Yields when the timer tick asked for a reschedule.  The kernel is not
 * preempted: a loop that may run for long (a write of gigabytes) calls
 * this between its steps, so the other threads of its core still run. */
void sched_preempt_point(void);
/* Blocks the calling thread (THREAD_BLOCKED_SLEEP) until the time
 * (hal_get_time) reaches <until>: the timer tick of its core wakes it.
 * 0, or -EINTR when it is killed first. */
int sched_sleep(uint64_t until);
/* Called on every timer tick. */
void sched_tick(void);
/* The core with the fewest threads in the local cluster. */
lid_t sched_least_loaded_core(void);
/* Runs forever on each core once the kernel is up (the idle thread). */
void sched_idle_loop(void) __attribute__((noreturn));

#endif
