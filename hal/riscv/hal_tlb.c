/*
 * hal_tlb.c - TLB maintenance and address-space switch, RISC-V.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "hal_kernel_types.h"
#include "hal_tlb.h"
#include "hal_gpt.h"
#include "sv39.h"
#include "csr.h"
#include "cluster.h"
#include "hal_core.h"
#include "hal_irq.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "string.h"

extern uint64_t boot_satp;      /* hal_early.c: this cluster's kernel table */

void hal_tlb_flush_page(uintptr_t vaddr)
{
    __asm__ volatile("sfence.vma %0, zero" : : "r"(vaddr) : "memory");
}

void hal_tlb_flush_all(void)
{
    __asm__ volatile("sfence.vma zero, zero" : : : "memory");
}

static inline void flush_asid(uint64_t asid)
{
    __asm__ volatile("sfence.vma zero, %0" : : "r"(asid) : "memory");
}

static inline void flush_page_asid(uintptr_t vaddr, uint64_t asid)
{
    __asm__ volatile("sfence.vma %0, %1" : : "r"(vaddr), "r"(asid) : "memory");
}

/* ------------------------------------------------------------ ASIDs -- */

/* This cluster's ASID allocator (each cluster's kernel copy has its own:
 * a GPT is only ever active in its own cluster).  gpt->tlb_asid is
 * generation << ASID_GEN_SHIFT | asid; generation 0 is never current, so
 * a zeroed GPT has no ASID yet.  ASID 0 is the kernel table's. */
#define ASID_GEN_SHIFT 16
static uint64_t asid_generation = 1;
static uint64_t asid_next = 1;          /* next free ASID of the generation */
static uint64_t asid_limit;             /* 1 << satp.ASID width (0: not probed) */
static uint32_t asid_lock;

/* The number of ASIDs: the satp.ASID bits that stay written (WARL). */
static uint64_t asid_probe(void)
{
    uint64_t satp = csr_read(satp);
    csr_write(satp, satp | (0xFFFFUL << 44));
    uint64_t bits = (csr_read(satp) >> 44) & 0xFFFF;
    csr_write(satp, satp);
    return bits + 1;
}

/* The ASIDs this cluster hands out: the hart's, or fewer with the bootarg
 * asids=N (N >= 2: ASIDs 1..N-1 for the GPTs; a small N makes generations
 * roll over often, for tests). */
static uint64_t asid_limit_init(void)
{
    uint64_t n = asid_probe();
    char arg[16];
    unsigned long want;
    if (boot_info_arg(&boot_info, "asids", arg, sizeof(arg)) == 0 &&
        kstrtoul(arg, NULL, 0, &want) == 0 && want >= 2 && want < n)
        n = want;
    return n;
}

/* The ASID of <gpt> in the current generation, a new one if it has none.
 * Starting a generation makes every core of the cluster flush once.  A
 * hart without ASIDs (satp.ASID width 0) gives 0 to every GPT. */
static uint64_t asid_get(gpt_t *gpt)
{
    uint64_t a = __atomic_load_n(&gpt->tlb_asid, __ATOMIC_ACQUIRE);
    if (a >> ASID_GEN_SHIFT == __atomic_load_n(&asid_generation, __ATOMIC_ACQUIRE))
        return a & 0xFFFF;
    while (__atomic_exchange_n(&asid_lock, 1, __ATOMIC_ACQUIRE))
        ;
    if (asid_limit == 0)
        asid_limit = asid_limit_init();
    a = gpt->tlb_asid;
    if (asid_limit <= 1) {
        a = 0;
    } else if (a >> ASID_GEN_SHIFT != asid_generation) {
        if (asid_next >= asid_limit) {
            /* every ASID of the generation is taken: start the next one */
            __atomic_store_n(&asid_generation, asid_generation + 1, __ATOMIC_RELEASE);
            asid_next = 1;
            for (lid_t l = 0; l < LOCAL_CLUSTER->cores_nr; l++)
                __atomic_store_n(&hal_cores[l].tlb_flush_all, 1, __ATOMIC_RELEASE);
        }
        a = asid_generation << ASID_GEN_SHIFT | asid_next++;
        __atomic_store_n(&gpt->tlb_asid, a, __ATOMIC_RELEASE);
    }
    __atomic_store_n(&asid_lock, 0, __ATOMIC_RELEASE);
    return a & 0xFFFF;
}

void hal_gpt_activate(gpt_t *gpt)
{
    hal_core_t *me = hal_core_self();
    bool kernel = gpt->ppn == (boot_satp & ((1UL << 44) - 1));
    uint64_t asid = kernel ? 0 : asid_get(gpt);
    bool stale = false;

    me->active_root = gpt->ppn;
    me->active_asid = asid;
    /* active_root before the stale bit: a shooter sets the bit, then reads
     * active_root, so either it sees this core active (and interrupts it)
     * or this core sees the bit */
    hal_fence();
    if (!kernel)
        stale = __atomic_fetch_and(&gpt->tlb_stale, ~(1u << me->lid), __ATOMIC_SEQ_CST) &
                (1u << me->lid);
    csr_write(satp, SATP_MODE_SV39 | asid << 44 | gpt->ppn);
    if (__atomic_load_n(&me->tlb_flush_all, __ATOMIC_ACQUIRE) || (!kernel && asid_limit <= 1)) {
        /* a new generation, or no ASIDs: nothing cached may be kept (the
         * kernel's own mappings are global, and the same in every table) */
        __atomic_store_n(&me->tlb_flush_all, 0, __ATOMIC_RELAXED);
        hal_tlb_flush_all();
    } else if (stale) {
        flush_asid(asid);
    }
}

/* --------------------------------------------------------- shootdowns -- */

/* Serves the flush requests other harts made of this one: the page they
 * named, in the ASID active here (the one they shot at: they only shoot
 * harts that have that GPT active, and a hart that switched since flushes
 * it when it comes back, through gpt->tlb_stale). */
void hal_tlb_serve(void)
{
    hal_core_t *me = hal_core_self();
    uint64_t asked = me->tlb_req;
    if (me->tlb_done >= asked)
        return;
    uint64_t page = __atomic_exchange_n(&me->tlb_page, 0, __ATOMIC_ACQUIRE);
    /* 0: an earlier serve took the request's page and flushed it after
     * the PTE changed, which is all that request needed */
    if (page == TLB_PAGE_ALL)
        flush_asid(me->active_asid);
    else if (page)
        flush_page_asid(page, me->active_asid);
    me->shootdowns_served++;
    __atomic_store_n(&me->tlb_done, asked, __ATOMIC_RELEASE);
}

/* Records page <va> (or TLB_PAGE_ALL) in the request slot of core <core>:
 * two different pages pending make it TLB_PAGE_ALL. */
static void request_page(xptr_t core, uint64_t va)
{
    xptr_t slot = core + offsetof(hal_core_t, tlb_page);
    for (;;) {
        uint64_t old = hal_remote_l64(slot);
        uint64_t want = (old == 0 || old == va) ? va : TLB_PAGE_ALL;
        if (old == want || hal_remote_atomic_cas64(slot, old, want))
            return;
    }
}

/*
 * The local hart flushes the pages at once (in every ASID).  The other
 * cores of the GPT's cluster are marked stale for it; those that have it
 * active get a HAL_IPI_TLB naming the page (or the whole ASID, for a
 * range), and the caller waits for all of them.  Requests are generation
 * numbers, so concurrent shootdowns to one hart are merged, and a waiting
 * hart serves the requests made of itself: two harts shooting at each
 * other cannot deadlock, even with interrupts masked.
 */
void hal_tlb_shootdown_range(xptr_t gpt_xp, vpn_t vpn, vpn_t count)
{
    bool whole = count > HAL_TLB_RANGE_MAX;
    if (whole)
        hal_tlb_flush_all();
    else
        for (vpn_t v = vpn; v < vpn + count; v++)
            hal_tlb_flush_page((uintptr_t)v << 12);
    /* Bootarg "noshootdown": only for showing what goes wrong without. */
    static int disabled = -1;
    if (disabled < 0)
        disabled = boot_info_arg(&boot_info, "noshootdown", NULL, 0) == 0;
    if (disabled)
        return;
    cxy_t cxy = GET_CXY(gpt_xp);
    hal_core_t *me = hal_core_self();
    uint32_t cores = boot_info.cluster[cxy].harts_nr;
    uint32_t others = ((1u << cores) - 1) & ~(cxy == local_cxy ? 1u << me->lid : 0);
    /* every other core may hold translations of this GPT from before:
     * it flushes the ASID when it next activates the GPT */
    hal_remote_atomic_or(gpt_xp + offsetof(gpt_t, tlb_stale), others);
    /* the PTE change and the stale marks before the reads of active_root;
     * hal_gpt_activate orders its side the same way */
    hal_fence();
    uint64_t root = hal_remote_l64(gpt_xp + offsetof(gpt_t, ppn));
    uint64_t wait_gen[CONFIG_MAX_LOCAL_CORES];
    bool any = false;

    for (lid_t l = 0; l < cores; l++) {
        wait_gen[l] = 0;
        if (!(others & (1u << l)))
            continue;
        xptr_t core = XPTR(cxy, &hal_cores[l]);
        if (hal_remote_l64(core + offsetof(hal_core_t, active_root)) != root)
            continue;
        request_page(core, whole || count != 1 ? TLB_PAGE_ALL : (uint64_t)vpn << 12);
        wait_gen[l] = hal_remote_atomic_add64(core + offsetof(hal_core_t, tlb_req), 1) + 1;
        hal_ipi_send(cxy, l, HAL_IPI_TLB);
        me->shootdowns_sent++;
        any = true;
    }
    if (!any)
        return;
    for (lid_t l = 0; l < cores; l++) {
        if (wait_gen[l] == 0)
            continue;
        xptr_t done = XPTR(cxy, &hal_cores[l]) + offsetof(hal_core_t, tlb_done);
        while (hal_remote_l64(done) < wait_gen[l])
            hal_tlb_serve();
    }
}

void hal_tlb_shootdown(xptr_t gpt_xp, vpn_t vpn)
{
    hal_tlb_shootdown_range(gpt_xp, vpn, 1);
}

void *hal_gpt_kernel_root(ppn_t *ppn)
{
    ppn_t root = boot_satp & ((1UL << 44) - 1);
    if (ppn)
        *ppn = root;
    /* the kernel table lives in this cluster's slice */
    return (void *)(LOCAL_BASE + ((root << 12) - LOCAL_CLUSTER->mem_base));
}

void hal_tlb_stats(cxy_t cxy, uint64_t *sent, uint64_t *served)
{
    *sent = *served = 0;
    for (lid_t l = 0; l < boot_info.cluster[cxy].harts_nr; l++) {
        xptr_t core = XPTR(cxy, &hal_cores[l]);
        *sent += hal_remote_l64(core + offsetof(hal_core_t, shootdowns_sent));
        *served += hal_remote_l64(core + offsetof(hal_core_t, shootdowns_served));
    }
}
