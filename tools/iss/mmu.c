/* mmu.c -- Sv39 address translation, virtual loads/stores/fetches, and the
 * LR/SC reservation bookkeeping.  No hardware A/D update: a leaf with A = 0,
 * or D = 0 on a store, raises a page fault.  Misaligned loads/stores trap. */
#include <string.h>
#include "iss.h"

#define PTE_V (1u << 0)
#define PTE_R (1u << 1)
#define PTE_W (1u << 2)
#define PTE_X (1u << 3)
#define PTE_U (1u << 4)
#define PTE_G (1u << 5)
#define PTE_A (1u << 6)
#define PTE_D (1u << 7)
#define PPN_MASK ((1ULL << 44) - 1)

static const u64 page_fault[3] = { EXC_IPAGE, EXC_LPAGE, EXC_SPAGE };
static const u64 access_fault[3] = { EXC_IACCESS, EXC_LACCESS, EXC_SACCESS };

void tlb_flush(struct hart *h)
{
    memset(h->tlb, 0xff, sizeof h->tlb);
    fetch_flush(h);
}

/* sfence.vma: with rs1 = x0 every page, else the page of <va>; with
 * rs2 = x0 every address space, else only ASID <asid>'s entries, global
 * ones excepted (privileged spec 4.2.1). */
void tlb_sfence(struct hart *h, int by_va, u64 va, int by_asid, u64 asid)
{
    u64 vpn = (va >> 12) & ((1ULL << 52) - 1);
    asid &= (1u << ASID_BITS) - 1;
    for (int k = 0; k < 3; k++)
        for (int i = 0; i < TLB_SIZE; i++) {
            struct tlb_ent *e = &h->tlb[k][i];
            if (e->tag == ~0ULL) continue;
            if (by_va && (e->tag & ((1ULL << 52) - 1)) != vpn) continue;
            if (by_asid && (e->global || e->asid != asid)) continue;
            e->tag = ~0ULL;
        }
    fetch_flush(h);
}

/* The fetch fast path is valid for one privilege/mstatus context only. */
void fetch_flush(struct hart *h)
{
    h->fetch_vpn = ~0ULL;
    h->fetch_host = NULL;
}

/* Translate va for an access of kind acc.  Returns 0 with *pa set, or -1
 * after raising the page/access fault. */
int vm_translate(struct hart *h, u64 va, int acc, u64 *pa)
{
    int priv = h->priv;
    if (acc != ACC_FETCH && (h->mstatus & MS_MPRV)) priv = (int)((h->mstatus & MS_MPP) >> MS_MPP_SHIFT);
    if (priv == PRV_M || (h->satp >> 60) == 0) { *pa = va; return 0; }

    /* TLB entries are tagged with the context that was checked at fill time:
     * effective privilege, SUM, MXR (bits 52+; a Sv39 vpn is below 2^52),
     * and with the address space: satp.ASID, unless the leaf was global.
     * A satp write flushes nothing: an entry of another ASID just does not
     * match (a changed table under the same ASID needs sfence.vma). */
    u64 vpn = va >> 12;
    u64 tag = vpn | (u64)priv << 52 | (h->mstatus & (MS_SUM | MS_MXR)) << (54 - 18);
    u32 asid = (u32)(h->satp >> 44) & ((1u << ASID_BITS) - 1);
    struct tlb_ent *e = &h->tlb[acc][vpn % TLB_SIZE];
    if (e->tag == tag && (e->global || e->asid == asid)) { *pa = e->ppn_base | (va & 0xfff); return 0; }

    if ((u64)((i64)(va << 25) >> 25) != va) goto pf;       /* bits 63:39 must copy bit 38 */
    u64 a = (h->satp & PPN_MASK) << 12, pte = 0;
    int level;
    for (level = 2; ; level--) {
        u64 idx = (va >> (12 + 9 * level)) & 0x1ff;
        if (bus_load(a + idx * 8, 8, &pte)) { take_trap(h, access_fault[acc], va, 0); return -1; }
        if (!(pte & PTE_V) || (!(pte & PTE_R) && (pte & PTE_W))) goto pf;
        if (pte >> 54) goto pf;                              /* reserved, PBMT, N: not implemented */
        if (pte & (PTE_R | PTE_X)) break;                    /* leaf */
        if (level == 0) goto pf;
        a = ((pte >> 10) & PPN_MASK) << 12;
    }
    /* leaf permission checks */
    if (pte & PTE_U) {
        if (priv == PRV_S && (acc == ACC_FETCH || !(h->mstatus & MS_SUM))) goto pf;
    } else if (priv == PRV_U) goto pf;
    switch (acc) {
    case ACC_FETCH: if (!(pte & PTE_X)) goto pf; break;
    case ACC_LOAD:  if (!(pte & PTE_R) && !((h->mstatus & MS_MXR) && (pte & PTE_X))) goto pf; break;
    case ACC_STORE: if (!(pte & PTE_W)) goto pf; break;
    }
    u64 ppn = (pte >> 10) & PPN_MASK;
    if (level > 0 && (ppn & ((1ULL << (9 * level)) - 1))) goto pf;   /* misaligned superpage */
    if (!(pte & PTE_A) || (acc == ACC_STORE && !(pte & PTE_D))) goto pf;
    u64 off_mask = (1ULL << (12 + 9 * level)) - 1;
    *pa = (ppn << 12 & ~off_mask) | (va & off_mask);
    e->tag = tag;
    e->ppn_base = *pa & ~0xfffULL;
    e->asid = asid;
    e->global = (pte & PTE_G) != 0;
    return 0;
pf:
    take_trap(h, page_fault[acc], va, 0);
    return -1;
}

int vm_fetch16(struct hart *h, u64 va, u32 *ins)
{
    u64 pa, v;
    if (vm_translate(h, va, ACC_FETCH, &pa) < 0) return -1;
    u8 *p = ram_ptr(pa, 2);
    if (p) {
        *ins = (u32)p[0] | (u32)p[1] << 8;
        if (ram_ptr(pa & ~0xfffULL, 4096)) {           /* remember the page for step() */
            h->fetch_vpn = va >> 12;
            h->fetch_host = p - (pa & 0xfff);
        }
        return 0;
    }
    if (pa >= ROM_BASE && pa + 2 <= ROM_BASE + ROM_SIZE && !bus_load(pa, 2, &v)) { *ins = (u32)v; return 0; }
    take_trap(h, EXC_IACCESS, va, 0);
    return -1;
}

int vm_load(struct hart *h, u64 va, int size, u64 *val)
{
    u64 pa;
    if (va & (u64)(size - 1)) { take_trap(h, EXC_LADDR_MISAL, va, 0); return -1; }
    if (vm_translate(h, va, ACC_LOAD, &pa) < 0) return -1;
    u8 *p = ram_ptr(pa, size);
    if (p) { *val = 0; memcpy(val, p, (size_t)size); }          /* fast path: RAM */
    else {
        if (bus_load(pa, size, val)) { take_trap(h, EXC_LACCESS, va, 0); return -1; }
        if (h->ov_load && iss_is_device(pa)) { *val = h->ov_load_val; h->ov_load = 0; }  /* co-simulation */
    }
    h->c.mem = 1; h->c.maddr = pa; h->c.mdata = *val; h->c.msize = size;
    return 0;
}

int vm_store(struct hart *h, u64 va, int size, u64 val)
{
    u64 pa;
    if (va & (u64)(size - 1)) { take_trap(h, EXC_SADDR_MISAL, va, 0); return -1; }
    if (vm_translate(h, va, ACC_STORE, &pa) < 0) return -1;
    if (size < 8) val &= (1ULL << (size * 8)) - 1;
    u8 *p = ram_ptr(pa, size);
    if (p) memcpy(p, &val, (size_t)size);                         /* fast path: RAM */
    else if (bus_store(pa, size, val)) { take_trap(h, EXC_SACCESS, va, 0); return -1; }
    resv_break(pa, size, h);
    h->c.mem = 2; h->c.maddr = pa; h->c.mdata = val; h->c.msize = size;
    return 0;
}

/* A store by `self` to [pa, pa+size) breaks every other hart's reservation on
 * that granule. */
void resv_break(u64 pa, int size, struct hart *self)
{
    (void)size;   /* aligned accesses never straddle a granule */
    if (!M.nresv) return;
    u64 g = pa & ~(u64)(RESV_GRANULE - 1);
    for (int i = 0; i < M.nharts; i++) {
        struct hart *o = &M.h[i];
        if (o != self && o->resv_addr == g) { o->resv_addr = ~0ULL; M.nresv--; }
    }
}
