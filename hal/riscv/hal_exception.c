/*
 * hal_exception.c - trap dispatch: interrupts to their handlers, kernel
 * exceptions to a panic report.
 *
 * A kernel exception is a kernel bug: the report names the cause, the
 * faulting address, the pc, every register and the call chain, printed by
 * the first core to panic (the others stop), then the machine powers off
 * with failure (kernel/kern/panic.c).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_trap.h"
#include "hal_core.h"
#include "hal_irq.h"
#include "hal_machine.h"
#include "csr.h"
#include "printk.h"
#include "panic.h"

void hal_irq_timer(void);
void hal_irq_software(void);
void hal_irq_external(void);
void hal_print_backtrace_from(uint64_t fp, uint64_t pc);

static const char *cause_name(uint64_t cause)
{
    switch (cause) {
    case EXC_INST_MISALIGNED:  return "instruction address misaligned";
    case EXC_INST_ACCESS:      return "instruction access fault";
    case EXC_ILLEGAL_INST:     return "illegal instruction";
    case EXC_BREAKPOINT:       return "breakpoint";
    case EXC_LOAD_MISALIGNED:  return "load address misaligned";
    case EXC_LOAD_ACCESS:      return "load access fault";
    case EXC_STORE_MISALIGNED: return "store address misaligned";
    case EXC_STORE_ACCESS:     return "store access fault";
    case EXC_ECALL_U:          return "ecall from U-mode";
    case EXC_ECALL_S:          return "ecall from S-mode";
    case EXC_INST_PAGE_FAULT:  return "instruction page fault";
    case EXC_LOAD_PAGE_FAULT:  return "load page fault";
    case EXC_STORE_PAGE_FAULT: return "store page fault";
    default:                   return "unknown exception";
    }
}

static const char *const reg_names[32] = {
    "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1",
    "a2", "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
    "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
};

static void kernel_exception(hal_trap_frame_t *f)
{
    if (!panic_enter())
        hal_core_halt();
    hal_core_t *core = hal_core_self();
    printk("\n*** KERNEL PANIC in cluster %u core %u (hart %u): %s\n",
           local_cxy, core->lid, core->gid, cause_name(f->scause));
    printk("    scause 0x%lx  stval (faulting address) 0x%lx  sepc (pc) 0x%lx\n",
           f->scause, f->stval, f->sepc);
    printk("    sstatus 0x%lx\n", f->sstatus);
    for (int i = 1; i < 32; i += 4)
        printk("    %-4s %016lx  %-4s %016lx  %-4s %016lx  %-4s %016lx\n",
               reg_names[i], f->x[i], reg_names[i + 1], f->x[i + 1],
               reg_names[i + 2], f->x[i + 2], i + 3 < 32 ? reg_names[i + 3] : "",
               i + 3 < 32 ? f->x[i + 3] : 0);
    hal_print_backtrace_from(f->x[8], f->sepc);
    panic_finish();
}

void hal_trap_handler(hal_trap_frame_t *f)
{
    if (f->scause & CAUSE_INTERRUPT) {
        switch (f->scause & ~CAUSE_INTERRUPT) {
        case IRQ_S_SOFT:  hal_irq_software(); return;
        case IRQ_S_TIMER: hal_irq_timer();    return;
        case IRQ_S_EXT:   hal_irq_external(); return;
        default: break;
        }
    }
    /* User-mode exceptions arrive with the process layer (issue 3); until
     * then every exception is a kernel one. */
    kernel_exception(f);
}
