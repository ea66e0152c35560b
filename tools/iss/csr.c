/* csr.c -- control and status registers, traps, interrupts, mret/sret. */
#include <string.h>
#include "iss.h"

#define MISA_VAL ((2ULL << 62) | (1 << 0) | (1 << 2) | (1 << 8) | (1 << 12) | (1 << 18) | (1 << 20))
#define MSTATUS_WMASK (MS_SIE | MS_MIE | MS_SPIE | MS_MPIE | MS_SPP | MS_MPP | MS_MPRV | MS_SUM | MS_MXR | \
                       MS_TVM | MS_TW | MS_TSR)
#define SSTATUS_MASK  (MS_SIE | MS_SPIE | MS_SPP | MS_SUM | MS_MXR | MS_UXL)
#define SSTATUS_WMASK (MS_SIE | MS_SPIE | MS_SPP | MS_SUM | MS_MXR)
#define MIE_MASK      (MIP_SSIP | MIP_MSIP | MIP_STIP | MIP_MTIP | MIP_SEIP | MIP_MEIP)
#define MIP_WMASK     (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MIDELEG_MASK  (MIP_SSIP | MIP_STIP | MIP_SEIP)
#define MEDELEG_MASK  0xB3FFULL   /* all exceptions but ecall-from-M and reserved ones */

enum {
    CSR_SSTATUS = 0x100, CSR_SIE = 0x104, CSR_STVEC = 0x105, CSR_SCOUNTEREN = 0x106,
    CSR_SSCRATCH = 0x140, CSR_SEPC = 0x141, CSR_SCAUSE = 0x142, CSR_STVAL = 0x143, CSR_SIP = 0x144,
    CSR_SATP = 0x180,
    CSR_MSTATUS = 0x300, CSR_MISA = 0x301, CSR_MEDELEG = 0x302, CSR_MIDELEG = 0x303, CSR_MIE = 0x304,
    CSR_MTVEC = 0x305, CSR_MCOUNTEREN = 0x306, CSR_MCOUNTINHIBIT = 0x320,
    CSR_MSCRATCH = 0x340, CSR_MEPC = 0x341, CSR_MCAUSE = 0x342, CSR_MTVAL = 0x343, CSR_MIP = 0x344,
    CSR_MCYCLE = 0xB00, CSR_MINSTRET = 0xB02,
    CSR_CYCLE = 0xC00, CSR_TIME = 0xC01, CSR_INSTRET = 0xC02,
    CSR_MVENDORID = 0xF11, CSR_MARCHID = 0xF12, CSR_MIMPID = 0xF13, CSR_MHARTID = 0xF14,
};

void hart_reset(struct hart *h, int id)
{
    memset(h, 0, sizeof *h);
    h->id = id;
    h->priv = PRV_M;
    h->pc = ROM_BASE;
    h->misa = MISA_VAL;
    h->mstatus = MS_UXL | MS_SXL;
    h->resv_addr = ~0ULL;
    tlb_flush(h);
}

static u64 mip_read(struct hart *h) { return h->mip_sw | h->mip_hw; }

u64 pending_irqs(struct hart *h) { return mip_read(h) & h->mie; }

/* The readable value of a CSR; -1 if it does not exist or may not be read
 * from the current privilege (rmw: the value used by a read-modify-write). */
static int csr_read(struct hart *h, int csr, int rmw, u64 *out)
{
    u64 v = 0;
    int write = rmw;
    switch (csr) {
    case CSR_SSTATUS:   v = h->mstatus & SSTATUS_MASK; break;
    case CSR_SIE:       v = h->mie & h->mideleg; break;
    case CSR_STVEC:     v = h->stvec; break;
    case CSR_SCOUNTEREN: v = h->scounteren; break;
    case CSR_SSCRATCH:  v = h->sscratch; break;
    case CSR_SEPC:      v = h->sepc; break;
    case CSR_SCAUSE:    v = h->scause; break;
    case CSR_STVAL:     v = h->stval; break;
    case CSR_SIP:       v = (write ? h->mip_sw : mip_read(h)) & h->mideleg; break;
    case CSR_SATP:
        if (h->priv == PRV_S && (h->mstatus & MS_TVM)) return -1;
        v = h->satp;
        break;
    case CSR_MSTATUS:   v = h->mstatus; break;
    case CSR_MISA:      v = h->misa; break;
    case CSR_MEDELEG:   v = h->medeleg; break;
    case CSR_MIDELEG:   v = h->mideleg; break;
    case CSR_MIE:       v = h->mie; break;
    case CSR_MTVEC:     v = h->mtvec; break;
    case CSR_MCOUNTEREN: v = h->mcounteren; break;
    case CSR_MCOUNTINHIBIT: v = h->mcountinhibit; break;
    case CSR_MSCRATCH:  v = h->mscratch; break;
    case CSR_MEPC:      v = h->mepc; break;
    case CSR_MCAUSE:    v = h->mcause; break;
    case CSR_MTVAL:     v = h->mtval; break;
    case CSR_MIP:       v = write ? h->mip_sw : mip_read(h); break;   /* RMW uses the software bits */
    case CSR_MCYCLE: case CSR_MINSTRET: v = h->instret; break;
    case CSR_CYCLE: case CSR_TIME: case CSR_INSTRET: {
        u64 bit = 1ULL << (csr & 31);
        if (h->priv < PRV_M && !(h->mcounteren & bit)) return -1;
        if (h->priv < PRV_S && !(h->scounteren & bit)) return -1;
        v = csr == CSR_TIME ? M.mtime : h->instret;
        break;
    }
    case CSR_MVENDORID: case CSR_MARCHID: case CSR_MIMPID: v = 0; break;
    case CSR_MHARTID:   v = (u64)h->id; break;
    default: return -1;   /* pmp*, menvcfg, mhpm*, stimecmp, tselect, ... are absent */
    }
    *out = v;
    return 0;
}

/* Read (old != NULL) and/or write a CSR.  op: 1 write, 2 set, 3 clear.
 * Returns 0, or -1 after raising an illegal-instruction trap. */
int csr_rw(struct hart *h, int csr, int op, u64 src, int write, u64 *old, u32 insn)
{
    u64 v = 0, nv;

    if (h->priv < ((csr >> 8) & 3)) goto ill;
    if (write && (csr >> 10) == 3) goto ill;
    if (csr_read(h, csr, 0, &v) < 0) goto ill;
    if (h->ov_csr) {        /* co-simulation: the RTL's value of time, counters, mip */
        switch (csr) {
        case CSR_CYCLE: case CSR_TIME: case CSR_INSTRET: case CSR_MCYCLE: case CSR_MINSTRET:
        case CSR_MIP: case CSR_SIP:
            v = h->ov_csr_val;
            if (csr == CSR_MIP || csr == CSR_SIP)   /* the device-driven bits follow the RTL */
                h->mip_hw = (h->mip_hw & ~(MIP_MSIP | MIP_MTIP | MIP_MEIP | MIP_SEIP)) |
                            (v & (MIP_MSIP | MIP_MTIP | MIP_MEIP)) | (v & MIP_SEIP & ~h->mip_sw);
            /* SSIP set by another hart's SSWI store that the RTL performed
             * but whose record the model has not stepped yet (the model
             * never runs ahead of the RTL: it only lags) */
            if (csr == CSR_MIP || (csr == CSR_SIP && (h->mideleg & MIP_SSIP))) h->mip_sw |= v & MIP_SSIP;
            h->ov_csr = 0;
            break;
        }
    }
    if (old) *old = v;
    if (!write) return 0;

    /* mip/sip: only the software-writable bits take part in the read-modify-write */
    csr_read(h, csr, 1, &v);
    nv = op == 1 ? src : op == 2 ? v | src : v & ~src;
    switch (csr) {
    case CSR_SSTATUS:
        h->mstatus = (h->mstatus & ~SSTATUS_WMASK) | (nv & SSTATUS_WMASK);
        fetch_flush(h);
        break;
    case CSR_SIE:       h->mie = (h->mie & ~h->mideleg) | (nv & h->mideleg & MIE_MASK); break;
    case CSR_STVEC:     h->stvec = nv & ~2ULL; break;
    case CSR_SCOUNTEREN: h->scounteren = nv & 0xffffffff; break;
    case CSR_SSCRATCH:  h->sscratch = nv; break;
    case CSR_SEPC:      h->sepc = nv & ~1ULL; break;
    case CSR_SCAUSE:    h->scause = nv; break;
    case CSR_STVAL:     h->stval = nv; break;
    case CSR_SIP: {
        u64 m = h->mideleg & MIP_SSIP;
        h->mip_sw = (h->mip_sw & ~m) | (nv & m);
        break;
    }
    case CSR_SATP: {
        u64 mode = nv >> 60;
        if (mode != 0 && mode != 8) break;      /* unsupported mode: write ignored */
        h->satp = nv & (0xFULL << 60 | ((1ULL << ASID_BITS) - 1) << 44 | ((1ULL << 44) - 1));
        fetch_flush(h);     /* the TLB keeps its entries: they are ASID-tagged */
        break;
    }
    case CSR_MSTATUS: {
        u64 m = (h->mstatus & ~MSTATUS_WMASK) | (nv & MSTATUS_WMASK);
        if (((m & MS_MPP) >> MS_MPP_SHIFT) == 2) m &= ~MS_MPP;   /* WARL: no H mode */
        h->mstatus = m;
        fetch_flush(h);
        break;
    }
    case CSR_MISA: break;   /* WARL, fixed */
    case CSR_MEDELEG:   h->medeleg = nv & MEDELEG_MASK; break;
    case CSR_MIDELEG:   h->mideleg = nv & MIDELEG_MASK; break;
    case CSR_MIE:       h->mie = nv & MIE_MASK; break;
    case CSR_MTVEC:     h->mtvec = nv & ~2ULL; break;
    case CSR_MCOUNTEREN: h->mcounteren = nv & 0xffffffff; break;
    case CSR_MCOUNTINHIBIT: h->mcountinhibit = nv & 5; break;
    case CSR_MSCRATCH:  h->mscratch = nv; break;
    case CSR_MEPC:      h->mepc = nv & ~1ULL; break;
    case CSR_MCAUSE:    h->mcause = nv; break;
    case CSR_MTVAL:     h->mtval = nv; break;
    case CSR_MIP:       h->mip_sw = (h->mip_sw & ~MIP_WMASK) | (nv & MIP_WMASK); break;
    case CSR_MCYCLE: case CSR_MINSTRET: h->instret = nv - 1; break;  /* this insn retires after */
    default: goto ill;
    }
    h->c.csr = csr;                                   /* for the commit log */
    if (csr == CSR_MCYCLE || csr == CSR_MINSTRET) h->c.csrval = nv;
    else csr_read(h, csr, 0, &h->c.csrval);
    return 0;
ill:
    illegal(h, insn);
    return -1;
}

/* Enter a trap: to S if delegated and not coming from M, else to M. */
void take_trap(struct hart *h, u64 cause, u64 tval, int irq)
{
    u64 deleg = irq ? h->mideleg : h->medeleg;
    u64 c = cause | (irq ? 1ULL << 63 : 0);
    h->c.kind = ISS_TRAP; h->c.cause = c; h->c.tval = tval;
    h->c.pc = h->pc; h->c.priv = h->priv; h->c.rd = 0; h->c.mem = 0; h->c.csr = 0;
    h->wfi = 0;
    if (h->priv <= PRV_S && ((deleg >> cause) & 1)) {
        h->scause = c;
        h->sepc = h->pc;
        h->stval = tval;
        h->mstatus = (h->mstatus & ~(MS_SPIE | MS_SPP | MS_SIE)) |
                     ((h->mstatus & MS_SIE) ? MS_SPIE : 0) | (h->priv == PRV_S ? MS_SPP : 0);
        h->priv = PRV_S;
        h->pc = (h->stvec & ~3ULL) + ((irq && (h->stvec & 1)) ? 4 * cause : 0);
    } else {
        h->mcause = c;
        h->mepc = h->pc;
        h->mtval = tval;
        h->mstatus = (h->mstatus & ~(MS_MPIE | MS_MPP | MS_MIE)) |
                     ((h->mstatus & MS_MIE) ? MS_MPIE : 0) | ((u64)h->priv << MS_MPP_SHIFT);
        h->priv = PRV_M;
        h->pc = (h->mtvec & ~3ULL) + ((irq && (h->mtvec & 1)) ? 4 * cause : 0);
    }
    fetch_flush(h);
}

/* Take the highest-priority enabled pending interrupt, if any. */
int check_interrupts(struct hart *h)
{
    static const int order[6] = { IRQ_MEI, IRQ_MSI, IRQ_MTI, IRQ_SEI, IRQ_SSI, IRQ_STI };
    u64 p = pending_irqs(h), avail;
    if (!p) return 0;
    u64 m = p & ~h->mideleg, s = p & h->mideleg;
    int m_on = h->priv < PRV_M || (h->mstatus & MS_MIE);
    int s_on = h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MS_SIE));
    avail = m_on ? m : 0;
    if (!avail) avail = s_on ? s : 0;
    if (!avail) return 0;
    for (int i = 0; i < 6; i++)
        if (avail & (1ULL << order[i])) {
            take_trap(h, (u64)order[i], 0, 1);
            return 1;
        }
    return 0;
}

void do_mret(struct hart *h)
{
    int mpp = (int)((h->mstatus & MS_MPP) >> MS_MPP_SHIFT);
    u64 s = h->mstatus;
    s = (s & ~MS_MIE) | ((s & MS_MPIE) ? MS_MIE : 0);
    s |= MS_MPIE;
    s &= ~MS_MPP;
    if (mpp != PRV_M) s &= ~MS_MPRV;
    h->mstatus = s;
    h->priv = mpp;
    h->pc = h->mepc;
    fetch_flush(h);
}

void do_sret(struct hart *h)
{
    int spp = (h->mstatus & MS_SPP) ? PRV_S : PRV_U;
    u64 s = h->mstatus;
    s = (s & ~MS_SIE) | ((s & MS_SPIE) ? MS_SIE : 0);
    s |= MS_SPIE;
    s &= ~MS_SPP;
    s &= ~MS_MPRV;
    h->mstatus = s;
    h->priv = spp;
    h->pc = h->sepc;
    fetch_flush(h);
}
