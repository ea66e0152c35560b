/* cosim.c -- the co-simulation API: the model follows the RTL's retire
 * port record by record (iss.h, "co-simulation API").  The RTL is the
 * authority on device loads, time/counter/mip reads, interrupts and SC
 * verdicts; everything else is computed by the model and compared. */
#include <string.h>
#include "iss.h"

static int ok_hart(int hart) { return hart >= 0 && hart < M.nharts; }

void iss_override_load(int hart, u64 val)
{
    if (!ok_hart(hart)) return;
    M.h[hart].ov_load = 1;
    M.h[hart].ov_load_val = val;
}

void iss_override_csr(int hart, u64 val)
{
    if (!ok_hart(hart)) return;
    M.h[hart].ov_csr = 1;
    M.h[hart].ov_csr_val = val;
}

void iss_force_sc(int hart, int fail)
{
    if (!ok_hart(hart)) return;
    M.h[hart].ov_sc = 1;
    M.h[hart].ov_sc_fail = fail != 0;
}

int iss_interrupt(int hart, u64 cause, struct iss_commit *out)
{
    if (!ok_hart(hart) || cause >= 64) return -1;
    struct hart *h = &M.h[hart];
    u64 bit = 1ULL << cause;
    int deleg = (h->mideleg & bit) != 0, allowed;
    if (!(h->mie & bit)) allowed = 0;
    else if (!deleg) allowed = h->priv < PRV_M || (h->mstatus & MS_MIE);
    else allowed = h->priv < PRV_S || (h->priv == PRV_S && (h->mstatus & MS_SIE));
    if (!allowed) return -1;
    h->c.kind = ISS_NONE; h->c.rd = 0; h->c.mem = 0; h->c.csr = 0;
    h->wfi = 0;
    take_trap(h, cause, 0, 1);
    h->c.hart = hart;
    if (out) *out = h->c;
    return 0;
}

void iss_image(u8 **ram, u64 *ram_size, const u8 **rom, u64 *rom_size)
{
    if (ram) *ram = M.ram;
    if (ram_size) *ram_size = M.ram_size;
    if (rom) *rom = M.rom;
    if (rom_size) *rom_size = ROM_SIZE;
}

int iss_is_device(u64 pa)
{
    if (pa >= RAM_BASE && pa - RAM_BASE < M.ram_size) return 0;
    if (pa >= ROM_BASE && pa < ROM_BASE + ROM_SIZE) return 0;
    return 1;
}

static int is_sc(u32 insn) { return (insn & 0x7f) == 0x2f && (insn >> 27) == 3 && ((insn >> 12) & 6) == 2; }

/* a CSR instruction reading one of the RTL-authoritative CSRs into rd */
static int reads_rtl_csr(u32 insn)
{
    if ((insn & 0x7f) != 0x73 || ((insn >> 12) & 7) == 0 || ((insn >> 12) & 7) == 4) return 0;
    switch (insn >> 20) {
    case 0xC00: case 0xC01: case 0xC02: case 0xB00: case 0xB02: case 0x344: case 0x144: return 1;
    }
    return 0;
}

void iss_rvfi_to_commit(const struct iss_rvfi *r, struct iss_commit *c)
{
    memset(c, 0, sizeof *c);
    c->hart = r->hart;
    c->priv = r->mode;
    c->pc = r->pc_rdata;
    if (r->trap) {
        c->kind = ISS_TRAP;
        c->cause = r->cause;
        c->tval = r->tval;
        return;
    }
    c->kind = ISS_RETIRE;
    c->len = r->len;
    c->insn = r->len == 2 ? (r->insn & 0xffff) : r->insn;
    c->rd = r->rd_addr;
    c->rdval = r->rd_addr ? r->rd_wdata : 0;
    if (r->csr_we) { c->csr = r->csr_addr; c->csrval = r->csr_wdata; }
    int mask = r->mem_wmask ? r->mem_wmask : r->mem_rmask;
    if (mask) {
        int size = 0;
        while (size < 8 && (mask >> size) & 1) size++;
        u64 m = size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
        c->mem = r->mem_wmask ? 2 : 1;
        c->maddr = r->mem_addr;
        c->mdata = (r->mem_wmask ? r->mem_wdata : r->mem_rdata) & m;
        c->msize = size;
    }
}

int iss_cosim_step(const struct iss_rvfi *r, struct iss_commit *model, u64 *model_npc)
{
    struct iss_commit rc, mc;
    int diff = 0;
    if (!ok_hart(r->hart)) return CS_KIND;
    struct hart *h = &M.h[r->hart];
    iss_rvfi_to_commit(r, &rc);

    if (r->trap && r->intr) {
        /* the RTL took an interrupt before the instruction at pc_rdata */
        if (h->pc != r->pc_rdata) diff |= CS_PC;
        /* an SSWI store raised SSIP in the RTL; the model's SSWI leaves it
         * to the RTL under co-simulation (dev.c) */
        if ((r->cause & ~(1ULL << 63)) == 1) h->mip_sw |= MIP_SSIP;
        if (iss_interrupt(r->hart, r->cause & ~(1ULL << 63), &mc) < 0) {
            memset(&mc, 0, sizeof mc);
            mc.kind = ISS_NONE; mc.hart = r->hart; mc.pc = h->pc; mc.priv = h->priv;
            diff |= CS_IRQ;
        }
    } else {
        if (!r->trap) {
            /* the source values the RTL read must be the model's registers
             * before the step (a register-file fault that rd does not show) */
            if (r->rs1_addr > 0 && r->rs1_addr < 32 && h->x[r->rs1_addr] != r->rs1_rdata) diff |= CS_RS;
            if (r->rs2_addr > 0 && r->rs2_addr < 32 && h->x[r->rs2_addr] != r->rs2_rdata) diff |= CS_RS;
            if (rc.mem == 1 && iss_is_device(r->mem_addr)) iss_override_load(r->hart, rc.mdata);
            if (r->rd_addr && reads_rtl_csr(r->insn)) iss_override_csr(r->hart, r->rd_wdata);
            if (is_sc(r->insn)) iss_force_sc(r->hart, r->rd_addr ? r->rd_wdata != 0 : r->mem_wmask == 0);
        }
        h->wfi = 0;
        iss_step(r->hart, &mc);
        h->ov_load = h->ov_csr = h->ov_sc = 0;    /* unused overrides do not leak to the next step */
    }
    if (model) *model = mc;
    if (model_npc) *model_npc = h->pc;

    if (mc.kind != rc.kind) diff |= CS_KIND;
    if (mc.pc != rc.pc) diff |= CS_PC;
    if (mc.priv != rc.priv) diff |= CS_MODE;
    if (h->pc != r->pc_wdata) diff |= CS_NPC;
    if (rc.kind == ISS_TRAP && mc.kind == ISS_TRAP) {
        if (mc.cause != rc.cause || mc.tval != rc.tval) diff |= CS_CAUSE;
    } else if (rc.kind == ISS_RETIRE && mc.kind == ISS_RETIRE) {
        if (mc.len != rc.len || mc.insn != rc.insn) diff |= CS_INSN;
        if (mc.rd != rc.rd || (mc.rd && mc.rdval != rc.rdval)) diff |= CS_RD;
        if (mc.mem != rc.mem || (mc.mem && (mc.maddr != rc.maddr || mc.mdata != rc.mdata || mc.msize != rc.msize)))
            diff |= CS_MEM;
        if (mc.csr != rc.csr) diff |= CS_CSR;
        else if (mc.csr) {
            u64 m = ~0ULL;
            /* mip/sip read back: the device-driven bits are the RTL's */
            if (mc.csr == 0x344 || mc.csr == 0x144) m = MIP_SSIP | MIP_STIP;
            if ((mc.csrval ^ rc.csrval) & m) diff |= CS_CSR;
        }
    }
    return diff;
}

void iss_cosim_explain(FILE *f, int diff)
{
    static const char *names[] = { "kind (retire/trap)", "pc", "instruction bits", "privilege", "rd/value",
                                   "memory access", "csr written", "trap cause/tval", "next pc",
                                   "interrupt not enabled in the model", "source register value" };
    const char *sep = "";
    for (int i = 0; i < 11; i++)
        if (diff & (1 << i)) { fprintf(f, "%s%s", sep, names[i]); sep = ", "; }
    fputc('\n', f);
}

void iss_print_regs(FILE *f, int hart)
{
    if (!ok_hart(hart)) return;
    struct hart *h = &M.h[hart];
    for (int i = 0; i < 32; i++)
        fprintf(f, "x%-2d %016llx%s", i, (unsigned long long)h->x[i], i % 4 == 3 ? "\n" : "  ");
    fprintf(f, "pc  %016llx  priv %d\n", (unsigned long long)h->pc, h->priv);
}
