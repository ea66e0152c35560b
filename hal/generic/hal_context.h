/*
 * hal_context.h - thread contexts, user entry, user-space copies.
 *
 * The contract every HAL fulfils.  A thread's context (the registers a
 * switch preserves) is allocated with the thread; the user registers of a
 * thread that entered the kernel (its "uzone") sit on its kernel stack.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_CONTEXT_H
#define HAL_CONTEXT_H

#include "hal_kernel_types.h"

struct thread_s;

/* Size of the context a thread needs (allocated by the kernel). */
size_t  hal_context_size(void);
/* Prepares <thread> to start, at its first switch, in kernel mode at
 * thread->entry(thread->entry_arg) on its kernel stack. */
void    hal_context_init_kernel(struct thread_s *thread);
/* Prepares <thread> to start in user mode at <pc> with stack <sp> and
 * arguments a0..a2 = <arg0..arg2>. */
void    hal_context_init_user(struct thread_s *thread, uintptr_t pc, uintptr_t sp,
                              uintptr_t arg0, uintptr_t arg1, uintptr_t arg2);
/* Prepares <child> to return to user mode from fork() with the user
 * registers of the thread at <parent_xp> (in the kernel, in fork(); any
 * cluster) and a return value of 0. */
void    hal_context_init_fork(struct thread_s *child, xptr_t parent_xp);
/* Replaces the user registers of the running thread: it returns to user
 * mode at <pc> with <sp> and a0..a2 (exec). */
void    hal_context_set_user(struct thread_s *thread, uintptr_t pc, uintptr_t sp,
                             uintptr_t arg0, uintptr_t arg1, uintptr_t arg2);
/* Leaves the kernel for user mode with the user registers of <thread>
 * (the running thread), as if returning from a trap. */
void    hal_user_start(struct thread_s *thread) __attribute__((noreturn));
/* Saves the running thread's context in <old>'s and resumes <new>. */
void    hal_context_switch(struct thread_s *old, struct thread_s *new_thread);
/* Declares <thread> as the one running on the calling core (its kernel
 * stack receives traps from user mode). */
void    hal_context_enter(struct thread_s *thread);

/* Copies between user and kernel space.  Return 0, or -EFAULT when any
 * byte of the user range is outside user space or cannot be mapped. */
error_t hal_copy_from_uspace(void *kdst, const void *usrc, size_t size);
error_t hal_copy_to_uspace(void *udst, const void *ksrc, size_t size);
/* Copies a NUL-terminated user string of at most <max> bytes (NUL
 * included); returns its length, -EFAULT, or -ENAMETOOLONG. */
int64_t hal_strcpy_from_uspace(char *kdst, const char *usrc, size_t max);
/* True when [uaddr, uaddr + size) lies in user space. */
bool    hal_uspace_range_ok(uintptr_t uaddr, size_t size);

#endif
