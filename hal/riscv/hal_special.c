/*
 * hal_special.c - core identification, counters, fences, IRQ masking.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_special.h"
#include "hal_core.h"
#include "csr.h"
#include "hal_tlb.h"

gid_t hal_get_gid(void)        { return hal_core_self()->gid; }
lid_t hal_get_lid(void)        { return hal_core_self()->lid; }
void *hal_get_current(void)    { return hal_core_self()->current; }
void  hal_set_current(void *c) { hal_core_self()->current = c; }

uint64_t hal_get_cycles(void)
{
    /* Under QEMU -icount both cycle and instret count instructions. */
    return csr_read(cycle);
}

uint64_t hal_get_time(void)
{
    return csr_read(time);
}

void hal_fence(void)
{
    asm volatile("fence rw, rw" ::: "memory");
}

void hal_disable_irq(reg_t *old)
{
    reg_t s = csr_read_clear(sstatus, SSTATUS_SIE);
    if (old)
        *old = s & SSTATUS_SIE;
}

void hal_enable_irq(reg_t *old)
{
    reg_t s = csr_read_set(sstatus, SSTATUS_SIE);
    if (old)
        *old = s & SSTATUS_SIE;
}

void hal_restore_irq(reg_t old)
{
    if (old & SSTATUS_SIE)
        csr_set(sstatus, SSTATUS_SIE);
    else
        csr_clear(sstatus, SSTATUS_SIE);
}

void hal_core_sleep(void)
{
    asm volatile("wfi" ::: "memory");
}

void hal_cpu_relax(void)
{
    /* A hart spinning (maybe with interrupts masked, on a lock held by a
     * hart that waits for it) still serves TLB shootdowns. */
    hal_tlb_serve();
    /* Zihintpause "pause" is a hint encoded as a fence: harmless where
     * unimplemented; spelled out for assemblers that lack the mnemonic. */
    asm volatile(".insn i 0x0f, 0, x0, x0, 0x010" ::: "memory");
}
