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
#include "hal_tlb.h"
#include "printk.h"
#include "panic.h"
#include "exception.h"
#include "kernel_config.h"

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

extern char hal_uaccess_begin[], hal_uaccess_end[], hal_uaccess_fault[];

#define USER_LIMIT  ((uint64_t)CONFIG_VMM_USER_LIMIT << CONFIG_PPM_PAGE_SHIFT)

/* The kernel's name for a RISC-V exception cause. */
static excp_kind_t kind_of(uint64_t cause)
{
    switch (cause) {
    case EXC_LOAD_PAGE_FAULT:  return EXCP_PAGE_READ;
    case EXC_STORE_PAGE_FAULT: return EXCP_PAGE_WRITE;
    case EXC_INST_PAGE_FAULT:  return EXCP_PAGE_EXEC;
    case EXC_ILLEGAL_INST:     return EXCP_ILLEGAL;
    case EXC_INST_MISALIGNED:
    case EXC_LOAD_MISALIGNED:
    case EXC_STORE_MISALIGNED: return EXCP_MISALIGNED;
    case EXC_INST_ACCESS:
    case EXC_LOAD_ACCESS:
    case EXC_STORE_ACCESS:     return EXCP_ACCESS;
    case EXC_BREAKPOINT:       return EXCP_BREAKPOINT;
    default:                   return EXCP_OTHER;
    }
}

static bool in_uaccess(uint64_t pc)
{
    return pc >= (uint64_t)hal_uaccess_begin && pc < (uint64_t)hal_uaccess_end;
}

void hal_trap_handler(hal_trap_frame_t *f)
{
    bool from_user = !(f->sstatus & SSTATUS_SPP);
    uint64_t cause = f->scause & ~CAUSE_INTERRUPT;

    if (f->scause & CAUSE_INTERRUPT) {
        switch (cause) {
        case IRQ_S_SOFT:  hal_irq_software(); break;
        case IRQ_S_TIMER: hal_irq_timer();    break;
        case IRQ_S_EXT:   hal_irq_external(); break;
        default:          kernel_exception(f);
        }
    } else if (from_user && cause == EXC_ECALL_U) {
        f->sepc += 4;
        csr_set(sstatus, SSTATUS_SIE);          /* system calls are preemptible */
        f->x[10] = syscall_dispatch(f->x[17], f->x[10], f->x[11], f->x[12],
                                    f->x[13], f->x[14], f->x[15]);
    } else if (from_user) {
        csr_set(sstatus, SSTATUS_SIE);
        exception_user(kind_of(cause), f->stval, f->sepc);
        /* A page fault may have been on a translation this hart still
         * caches as invalid while another hart mapped the page (new
         * mappings are not shot down: hal_gpt_set_pte): drop it. */
        if (kind_of(cause) <= EXCP_PAGE_EXEC)
            hal_tlb_flush_page(f->stval);
    } else if (in_uaccess(f->sepc) && f->stval < USER_LIMIT &&
               kind_of(cause) <= EXCP_PAGE_EXEC) {
        /* The kernel touching user memory: map it, or fail the copy. */
        csr_set(sstatus, SSTATUS_SIE);
        if (!exception_uaccess(kind_of(cause), f->stval))
            f->sepc = (uint64_t)hal_uaccess_fault;
        else
            hal_tlb_flush_page(f->stval);
        csr_clear(sstatus, SSTATUS_SIE);
        return;
    } else {
        kernel_exception(f);
    }

    if (from_user) {
        csr_set(sstatus, SSTATUS_SIE);
        exception_return_to_user();
    }
    /* The frame is restored with interrupts masked. */
    csr_clear(sstatus, SSTATUS_SIE);
}
