/*
 * usync.h - the kernel side of user mutexes, condition variables,
 * barriers and semaphores.  A user object is named by its user address;
 * the kernel object lives in the process's reference cluster, in the
 * process's sync list.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef USYNC_H
#define USYNC_H

#include "hal_kernel_types.h"

struct process_s;

/* One call per user object kind; <op> is a SYNC_* of shared_syscalls.h.
 * Return 0 (or the value asked), or -errno: SYNC_INIT gives -EFAULT for an
 * address outside user space, -EBUSY for an object that exists, -EAGAIN
 * past CONFIG_PROCESS_SYNC_MAX objects per process; a semaphore's value
 * stays within CONFIG_SEM_VALUE_MAX (-EINVAL at init, -EOVERFLOW at post);
 * an operation on an object never initialised gives -EINVAL. */
int usync_mutex(uintptr_t uaddr, int op);
int usync_condvar(uintptr_t uaddr, int op, uintptr_t mutex_uaddr);
int usync_barrier(uintptr_t uaddr, int op, uint32_t count);
int usync_sem(uintptr_t uaddr, int op, uint32_t value);
/* Frees every object of <process> (exit, exec). */
void usync_destroy_all(struct process_s *process);

#endif
