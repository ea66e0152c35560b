/*
 * hal_special.c - counters, sleep, relax (the core's identity, fences and
 * interrupt masking are inline: hal_special_arch.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_special.h"
#include "hal_core.h"
#include "csr.h"
#include "hal_tlb.h"

uint64_t hal_get_cycles(void)
{
    /* Under QEMU -icount both cycle and instret count instructions. */
    return csr_read(cycle);
}

uint64_t hal_get_time(void)
{
    return csr_read(time);
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
