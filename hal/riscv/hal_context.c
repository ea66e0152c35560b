/*
 * hal_context.c - thread contexts, user-mode entry, user-space copies.
 *
 * A switch saves the callee-saved registers (ra, sp, s0..s11) in the
 * thread's context; everything else is saved by the caller or is in the
 * trap frame.  A thread entering the kernel from user mode saves its user
 * registers at the top of its kernel stack: thread->uzone.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_context.h"
#include "hal_remote.h"
#include "hal_core.h"
#include "hal_trap.h"
#include "hal_special.h"
#include "kernel_config.h"
#include "thread.h"
#include "errno.h"
#include "string.h"
#include "csr.h"

typedef struct hal_context_s {
    uint64_t ra, sp, s[12];
} hal_context_t;

void hal_switch_regs(hal_context_t *old, hal_context_t *new_ctx);
long hal_uaccess_copy(void *dst, const void *src, size_t n);
long hal_uaccess_strcpy(char *dst, const char *src, size_t max);
extern char hal_trap_return[];

#define USER_LIMIT  ((uintptr_t)CONFIG_VMM_USER_LIMIT << CONFIG_PPM_PAGE_SHIFT)

size_t hal_context_size(void)
{
    return sizeof(hal_context_t);
}

static uintptr_t kstack_top(thread_t *t)
{
    return (uintptr_t)t->kstack + t->kstack_size;
}

static hal_trap_frame_t *uzone_of(thread_t *t)
{
    return (hal_trap_frame_t *)(kstack_top(t) - sizeof(hal_trap_frame_t));
}

void kernel_thread_entry(void);      /* kernel/kern/thread.c */

void hal_context_init_kernel(thread_t *thread)
{
    hal_context_t *ctx = thread->context;
    memset(ctx, 0, sizeof(*ctx));
    ctx->ra = (uintptr_t)kernel_thread_entry;
    ctx->sp = kstack_top(thread);
}

void hal_context_set_user(thread_t *thread, uintptr_t pc, uintptr_t sp,
                          uintptr_t a0, uintptr_t a1, uintptr_t a2)
{
    hal_trap_frame_t *f = uzone_of(thread);
    memset(f, 0, sizeof(*f));
    f->sepc = pc;
    f->x[2] = sp;
    f->x[10] = a0;
    f->x[11] = a1;
    f->x[12] = a2;
    f->sstatus = SSTATUS_SPIE;           /* SPP = 0: user mode, interrupts on */
    thread->uzone = f;
}

void hal_context_init_user(thread_t *thread, uintptr_t pc, uintptr_t sp,
                           uintptr_t a0, uintptr_t a1, uintptr_t a2)
{
    hal_context_set_user(thread, pc, sp, a0, a1, a2);
    hal_context_t *ctx = thread->context;
    memset(ctx, 0, sizeof(*ctx));
    ctx->ra = (uintptr_t)hal_trap_return;  /* restores the uzone, sret */
    ctx->sp = (uintptr_t)thread->uzone;
}

void hal_context_init_fork(thread_t *child, xptr_t parent_xp)
{
    hal_trap_frame_t *f = uzone_of(child);
    void *parent_uzone = hal_remote_lpt(parent_xp + offsetof(thread_t, uzone));
    hal_remote_memcpy(XPTR(local_cxy, f), XPTR(GET_CXY(parent_xp), parent_uzone), sizeof(*f));
    f->x[10] = 0;                         /* fork() returns 0 in the child */
    child->uzone = f;
    hal_context_t *ctx = child->context;
    memset(ctx, 0, sizeof(*ctx));
    ctx->ra = (uintptr_t)hal_trap_return;
    ctx->sp = (uintptr_t)f;
}

void hal_context_enter(thread_t *thread)
{
    hal_core_t *core = hal_core_self();
    core->kernel_sp = kstack_top(thread);
    core->current = thread;
}

void hal_context_switch(thread_t *old, thread_t *new_thread)
{
    hal_context_enter(new_thread);
    hal_switch_regs(old->context, new_thread->context);
}

void hal_user_start(thread_t *thread)
{
    csr_clear(sstatus, SSTATUS_SIE);
    asm volatile("mv sp, %0\n\tj hal_trap_return" :: "r"(thread->uzone) : "memory");
    __builtin_unreachable();
}

/* ------------------------------------------------------ user copies -- */

bool hal_uspace_range_ok(uintptr_t uaddr, size_t size)
{
    return uaddr < USER_LIMIT && size <= USER_LIMIT - uaddr;
}

error_t hal_copy_from_uspace(void *kdst, const void *usrc, size_t size)
{
    if (!hal_uspace_range_ok((uintptr_t)usrc, size))
        return -EFAULT;
    csr_set(sstatus, SSTATUS_SUM);
    long r = hal_uaccess_copy(kdst, usrc, size);
    csr_clear(sstatus, SSTATUS_SUM);
    return (error_t)r;
}

error_t hal_copy_to_uspace(void *udst, const void *ksrc, size_t size)
{
    if (!hal_uspace_range_ok((uintptr_t)udst, size))
        return -EFAULT;
    csr_set(sstatus, SSTATUS_SUM);
    long r = hal_uaccess_copy(udst, ksrc, size);
    csr_clear(sstatus, SSTATUS_SUM);
    return (error_t)r;
}

int64_t hal_strcpy_from_uspace(char *kdst, const char *usrc, size_t max)
{
    uintptr_t u = (uintptr_t)usrc;
    if (u >= USER_LIMIT)
        return -EFAULT;
    if (max > USER_LIMIT - u)
        max = USER_LIMIT - u;
    csr_set(sstatus, SSTATUS_SUM);
    long r = hal_uaccess_strcpy(kdst, usrc, max);
    csr_clear(sstatus, SSTATUS_SUM);
    if (r == -EFAULT)
        return -EFAULT;
    return r < 0 ? -ENAMETOOLONG : r;
}
