/* cpu.c -- instruction fetch, compressed expansion, decode and execute.
 * RV64I + M + A + C + Zicsr + Zifencei.  A compressed instruction is first
 * expanded into its 32-bit equivalent and then executed like any other. */
#include "iss.h"

/* ---------- field extraction ---------- */
#define BITS(x, hi, lo) (((x) >> (lo)) & ((1u << ((hi) - (lo) + 1)) - 1))
#define BIT(x, n) (((x) >> (n)) & 1u)

static inline i64 sext(u64 v, int bits) { return (i64)(v << (64 - bits)) >> (64 - bits); }

/* ---------- 32-bit encoders, used by the compressed expander ---------- */
static u32 enc_r(u32 op, u32 rd, u32 f3, u32 rs1, u32 rs2, u32 f7)
{ return op | rd << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | f7 << 25; }
static u32 enc_i(u32 op, u32 rd, u32 f3, u32 rs1, i32 imm)
{ return op | rd << 7 | f3 << 12 | rs1 << 15 | ((u32)imm & 0xfff) << 20; }
static u32 enc_s(u32 op, u32 f3, u32 rs1, u32 rs2, i32 imm)
{ return op | ((u32)imm & 0x1f) << 7 | f3 << 12 | rs1 << 15 | rs2 << 20 | ((u32)imm >> 5 & 0x7f) << 25; }
static u32 enc_b(u32 f3, u32 rs1, u32 rs2, i32 imm)
{
    u32 u = (u32)imm;
    return 0x63 | (u >> 11 & 1) << 7 | (u >> 1 & 0xf) << 8 | f3 << 12 | rs1 << 15 | rs2 << 20 |
           (u >> 5 & 0x3f) << 25 | (u >> 12 & 1) << 31;
}
static u32 enc_j(u32 rd, i32 imm)
{
    u32 u = (u32)imm;
    return 0x6f | rd << 7 | (u >> 12 & 0xff) << 12 | (u >> 11 & 1) << 20 | (u >> 1 & 0x3ff) << 21 |
           (u >> 20 & 1) << 31;
}
static u32 enc_u(u32 op, u32 rd, i32 imm) { return op | rd << 7 | ((u32)imm & 0xfffff000); }

/* Expand a 16-bit instruction; returns 0 for an illegal/reserved encoding. */
static u32 expand_c(u32 c)
{
    u32 op = c & 3, f3 = BITS(c, 15, 13);
    u32 rdp = BITS(c, 4, 2) + 8, rs1p = BITS(c, 9, 7) + 8;   /* rd', rs1'/rd' */
    u32 rd = BITS(c, 11, 7), rs2 = BITS(c, 6, 2);
    i32 imm6 = (i32)sext(BIT(c, 12) << 5 | BITS(c, 6, 2), 6);
    u32 uimm;
    i32 imm;

    switch (op << 3 | f3) {
    /* ---- quadrant 0 ---- */
    case 000: /* c.addi4spn */
        uimm = BITS(c, 12, 11) << 4 | BITS(c, 10, 7) << 6 | BIT(c, 6) << 2 | BIT(c, 5) << 3;
        if (!uimm) return 0;
        return enc_i(0x13, rdp, 0, 2, (i32)uimm);
    case 002: /* c.lw */
        uimm = BITS(c, 12, 10) << 3 | BIT(c, 6) << 2 | BIT(c, 5) << 6;
        return enc_i(0x03, rdp, 2, rs1p, (i32)uimm);
    case 003: /* c.ld */
        uimm = BITS(c, 12, 10) << 3 | BITS(c, 6, 5) << 6;
        return enc_i(0x03, rdp, 3, rs1p, (i32)uimm);
    case 006: /* c.sw */
        uimm = BITS(c, 12, 10) << 3 | BIT(c, 6) << 2 | BIT(c, 5) << 6;
        return enc_s(0x23, 2, rs1p, rdp, (i32)uimm);
    case 007: /* c.sd */
        uimm = BITS(c, 12, 10) << 3 | BITS(c, 6, 5) << 6;
        return enc_s(0x23, 3, rs1p, rdp, (i32)uimm);
    /* ---- quadrant 1 ---- */
    case 010: /* c.addi / c.nop */
        return enc_i(0x13, rd, 0, rd, imm6);
    case 011: /* c.addiw */
        if (!rd) return 0;
        return enc_i(0x1b, rd, 0, rd, imm6);
    case 012: /* c.li */
        return enc_i(0x13, rd, 0, 0, imm6);
    case 013:
        if (rd == 2) { /* c.addi16sp */
            imm = (i32)sext(BIT(c, 12) << 9 | BIT(c, 6) << 4 | BIT(c, 5) << 6 | BITS(c, 4, 3) << 7 |
                            BIT(c, 2) << 5, 10);
            if (!imm) return 0;
            return enc_i(0x13, 2, 0, 2, imm);
        }
        /* c.lui */
        if (!imm6) return 0;
        return enc_u(0x37, rd, imm6 << 12);
    case 014: { /* misc-alu */
        u32 rs2p = rdp, shamt = BIT(c, 12) << 5 | BITS(c, 6, 2);
        switch (BITS(c, 11, 10)) {
        case 0: return enc_i(0x13, rs1p, 5, rs1p, (i32)shamt);              /* c.srli */
        case 1: return enc_i(0x13, rs1p, 5, rs1p, (i32)(shamt | 0x400));    /* c.srai */
        case 2: return enc_i(0x13, rs1p, 7, rs1p, imm6);                    /* c.andi */
        }
        switch (BIT(c, 12) << 2 | BITS(c, 6, 5)) {
        case 0: return enc_r(0x33, rs1p, 0, rs1p, rs2p, 0x20);  /* c.sub */
        case 1: return enc_r(0x33, rs1p, 4, rs1p, rs2p, 0);     /* c.xor */
        case 2: return enc_r(0x33, rs1p, 6, rs1p, rs2p, 0);     /* c.or */
        case 3: return enc_r(0x33, rs1p, 7, rs1p, rs2p, 0);     /* c.and */
        case 4: return enc_r(0x3b, rs1p, 0, rs1p, rs2p, 0x20);  /* c.subw */
        case 5: return enc_r(0x3b, rs1p, 0, rs1p, rs2p, 0);     /* c.addw */
        }
        return 0;
    }
    case 015: /* c.j */
        imm = (i32)sext(BIT(c, 12) << 11 | BIT(c, 11) << 4 | BITS(c, 10, 9) << 8 | BIT(c, 8) << 10 |
                        BIT(c, 7) << 6 | BIT(c, 6) << 7 | BITS(c, 5, 3) << 1 | BIT(c, 2) << 5, 12);
        return enc_j(0, imm);
    case 016: case 017: /* c.beqz, c.bnez */
        imm = (i32)sext(BIT(c, 12) << 8 | BITS(c, 11, 10) << 3 | BITS(c, 6, 5) << 6 | BITS(c, 4, 3) << 1 |
                        BIT(c, 2) << 5, 9);
        return enc_b(f3 == 6 ? 0 : 1, rs1p, 0, imm);
    /* ---- quadrant 2 ---- */
    case 020: /* c.slli */
        return enc_i(0x13, rd, 1, rd, (i32)(BIT(c, 12) << 5 | rs2));
    case 022: /* c.lwsp */
        if (!rd) return 0;
        uimm = BIT(c, 12) << 5 | BITS(c, 6, 4) << 2 | BITS(c, 3, 2) << 6;
        return enc_i(0x03, rd, 2, 2, (i32)uimm);
    case 023: /* c.ldsp */
        if (!rd) return 0;
        uimm = BIT(c, 12) << 5 | BITS(c, 6, 5) << 3 | BITS(c, 4, 2) << 6;
        return enc_i(0x03, rd, 3, 2, (i32)uimm);
    case 024:
        if (!BIT(c, 12)) {
            if (!rs2) return rd ? enc_i(0x67, 0, 0, rd, 0) : 0;     /* c.jr */
            return enc_r(0x33, rd, 0, 0, rs2, 0);                   /* c.mv */
        }
        if (!rd && !rs2) return 0x00100073;                         /* c.ebreak */
        if (!rs2) return enc_i(0x67, 1, 0, rd, 0);                  /* c.jalr */
        return enc_r(0x33, rd, 0, rd, rs2, 0);                      /* c.add */
    case 026: /* c.swsp */
        uimm = BITS(c, 12, 9) << 2 | BITS(c, 8, 7) << 6;
        return enc_s(0x23, 2, 2, rs2, (i32)uimm);
    case 027: /* c.sdsp */
        uimm = BITS(c, 12, 10) << 3 | BITS(c, 9, 7) << 6;
        return enc_s(0x23, 3, 2, rs2, (i32)uimm);
    }
    return 0; /* c.fld, c.fsd, c.fldsp, c.fsdsp, reserved */
}

/* ---------- execute ---------- */

void illegal(struct hart *h, u32 insn) { take_trap(h, EXC_ILLEGAL, insn, 0); }

static inline void wr(struct hart *h, u32 rd, u64 v)
{
    if (rd) { h->x[rd] = v; h->c.rd = (int)rd; h->c.rdval = v; }
}

static u64 alu(u32 f3, u32 f7, u64 a, u64 b, int is_imm)
{
    switch (f3) {
    case 0: return (!is_imm && f7 == 0x20) ? a - b : a + b;
    case 1: return a << (b & 63);
    case 2: return (i64)a < (i64)b;
    case 3: return a < b;
    case 4: return a ^ b;
    case 5: return (f7 & 0x20) ? (u64)((i64)a >> (b & 63)) : a >> (b & 63);
    case 6: return a | b;
    default: return a & b;
    }
}

static u64 muldiv(u32 f3, u64 a, u64 b)
{
    switch (f3) {
    case 0: return a * b;
    case 1: return (u64)(((__int128)(i64)a * (__int128)(i64)b) >> 64);
    case 2: return (u64)(((__int128)(i64)a * (unsigned __int128)b) >> 64);
    case 3: return (u64)(((unsigned __int128)a * (unsigned __int128)b) >> 64);
    case 4: if (!b) return ~0ULL; if ((i64)a == INT64_MIN && (i64)b == -1) return a; return (u64)((i64)a / (i64)b);
    case 5: if (!b) return ~0ULL; return a / b;
    case 6: if (!b) return a; if ((i64)a == INT64_MIN && (i64)b == -1) return 0; return (u64)((i64)a % (i64)b);
    default: if (!b) return a; return a % b;
    }
}

static u64 muldivw(u32 f3, u64 a64, u64 b64)
{
    i32 a = (i32)a64, b = (i32)b64;
    u32 ua = (u32)a64, ub = (u32)b64;
    switch (f3) {
    case 0: return (u64)(i64)(i32)(ua * ub);
    case 4: if (!b) return ~0ULL; if (a == INT32_MIN && b == -1) return (u64)(i64)a; return (u64)(i64)(a / b);
    case 5: if (!ub) return ~0ULL; return (u64)(i64)(i32)(ua / ub);
    case 6: if (!b) return (u64)(i64)a; if (a == INT32_MIN && b == -1) return 0; return (u64)(i64)(a % b);
    case 7: if (!ub) return (u64)(i64)a; return (u64)(i64)(i32)(ua % ub);
    }
    return 0;
}

static int rs2_nonzero(u32 insn) { return BITS(insn, 24, 20) != 0; }

/* A extension; returns 0 if the instruction retired, -1 on trap. */
static int amo(struct hart *h, u32 insn, u32 rd, u64 a, u64 b)
{
    u32 f5 = insn >> 27, f3 = BITS(insn, 14, 12);
    int size = f3 == 2 ? 4 : f3 == 3 ? 8 : 0;
    u64 pa, old;
    static const u32 valid_f5 = 1u << 0x00 | 1u << 0x01 | 1u << 0x02 | 1u << 0x03 | 1u << 0x04 | 1u << 0x08 |
                                1u << 0x0c | 1u << 0x10 | 1u << 0x14 | 1u << 0x18 | 1u << 0x1c;
    if (!size || !((valid_f5 >> f5) & 1)) { illegal(h, insn); return -1; }
    if (f5 == 2) { /* lr */
        if (rs2_nonzero(insn)) { illegal(h, insn); return -1; }
        if (a & (u64)(size - 1)) { take_trap(h, EXC_LADDR_MISAL, a, 0); return -1; }
        if (vm_translate(h, a, ACC_LOAD, &pa) < 0) return -1;
        if (bus_load(pa, size, &old)) { take_trap(h, EXC_LACCESS, a, 0); return -1; }
        if (size == 4) old = (u64)(i64)(i32)old;
        if (h->resv_addr == ~0ULL) M.nresv++;
        h->resv_addr = pa & ~(u64)(RESV_GRANULE - 1);
        h->c.mem = 1; h->c.maddr = pa; h->c.mdata = size == 4 ? (u32)old : old; h->c.msize = size;
        wr(h, rd, old);
        return 0;
    }
    if (a & (u64)(size - 1)) { take_trap(h, EXC_SADDR_MISAL, a, 0); return -1; }
    if (vm_translate(h, a, ACC_STORE, &pa) < 0) return -1;
    if (f5 == 3) { /* sc */
        int ok = h->resv_addr == (pa & ~(u64)(RESV_GRANULE - 1));
        if (h->ov_sc) {                  /* co-simulation: the RTL's verdict */
            if (ok != !h->ov_sc_fail) h->sc_disagree++;
            ok = !h->ov_sc_fail;
            h->ov_sc = 0;
        }
        if (h->resv_addr != ~0ULL) { M.nresv--; h->resv_addr = ~0ULL; }
        if (ok) {
            if (bus_store(pa, size, b)) { take_trap(h, EXC_SACCESS, a, 0); return -1; }
            resv_break(pa, size, h);
            h->c.mem = 2; h->c.maddr = pa; h->c.mdata = size == 4 ? (u32)b : b; h->c.msize = size;
        }
        wr(h, rd, !ok);
        return 0;
    }
    if (bus_load(pa, size, &old)) { take_trap(h, EXC_SACCESS, a, 0); return -1; }
    if (size == 4) { old = (u64)(i64)(i32)old; b = (u64)(i64)(i32)b; }
    u64 n;
    switch (f5) {
    case 0x01: n = b; break;
    case 0x00: n = old + b; break;
    case 0x04: n = old ^ b; break;
    case 0x0c: n = old & b; break;
    case 0x08: n = old | b; break;
    case 0x10: n = (i64)old < (i64)b ? old : b; break;
    case 0x14: n = (i64)old > (i64)b ? old : b; break;
    case 0x18: n = (size == 4 ? (u32)old < (u32)b : old < b) ? old : b; break;
    case 0x1c: n = (size == 4 ? (u32)old > (u32)b : old > b) ? old : b; break;
    default: illegal(h, insn); return -1;
    }
    if (bus_store(pa, size, n)) { take_trap(h, EXC_SACCESS, a, 0); return -1; }
    resv_break(pa, size, h);
    h->c.mem = 2; h->c.maddr = pa; h->c.mdata = size == 4 ? (u32)n : n; h->c.msize = size;
    wr(h, rd, old);
    return 0;
}

static int do_system(struct hart *h, u32 insn, u32 rd, u32 rs1)
{
    u32 f3 = BITS(insn, 14, 12), csr = insn >> 20;
    if (f3 == 0) {
        if (insn == 0x00000073) { /* ecall */
            take_trap(h, h->priv == PRV_U ? EXC_ECALL_U : h->priv == PRV_S ? EXC_ECALL_S : EXC_ECALL_M, 0, 0);
            return -1;
        }
        if (insn == 0x00100073) { take_trap(h, EXC_BREAK, 0, 0); return -1; }  /* ebreak: tval 0, like QEMU */
        if (insn == 0x30200073 && h->priv == PRV_M) { do_mret(h); return 1; }
        if (insn == 0x10200073 && (h->priv == PRV_M || (h->priv == PRV_S && !(h->mstatus & MS_TSR)))) {
            do_sret(h);
            return 1;
        }
        if (insn == 0x10500073 && (h->priv == PRV_M || (h->priv == PRV_S && !(h->mstatus & MS_TW)))) {
            if (!pending_irqs(h)) h->wfi = 1;   /* sleep until mip & mie != 0 */
            return 0;
        }
        if ((insn >> 25) == 0x09 && rd == 0 &&
            (h->priv == PRV_M || (h->priv == PRV_S && !(h->mstatus & MS_TVM)))) {
            u32 rs2 = BITS(insn, 24, 20);    /* sfence.vma rs1, rs2 */
            tlb_sfence(h, rs1 != 0, h->x[rs1], rs2 != 0, h->x[rs2]);
            return 0;
        }
        illegal(h, insn);
        return -1;
    }
    if (f3 == 4) { illegal(h, insn); return -1; }
    u64 src = (f3 & 4) ? rs1 : h->x[rs1];
    int op = f3 & 3;                                    /* 1 rw, 2 rs, 3 rc */
    int write = op == 1 || rs1 != 0;
    int read = op != 1 || rd != 0;
    u64 old = 0;
    if (csr_rw(h, (int)csr, op, src, write, read ? &old : 0, insn) < 0) return -1;
    wr(h, rd, old);
    return 0;
}


/* Execute one (expanded) instruction.  len = 2 or 4, raw = original bits. */
static void execute(struct hart *h, u32 insn, int len, u32 raw)
{
    u32 rd = BITS(insn, 11, 7), rs1 = BITS(insn, 19, 15), rs2 = BITS(insn, 24, 20);
    u32 f3 = BITS(insn, 14, 12), f7 = insn >> 25;
    u64 a = h->x[rs1], b = h->x[rs2];
    i64 imm_i = (i32)insn >> 20;
    u64 npc = h->pc + (u64)len, v;
    int r;

    switch (insn & 0x7f) {
    case 0x37: wr(h, rd, (u64)(i64)(i32)(insn & 0xfffff000)); break;               /* lui */
    case 0x17: wr(h, rd, h->pc + (u64)(i64)(i32)(insn & 0xfffff000)); break;       /* auipc */
    case 0x6f: {                                                                     /* jal */
        i64 off = sext(BIT(insn, 31) << 20 | BITS(insn, 19, 12) << 12 | BIT(insn, 20) << 11 |
                       BITS(insn, 30, 21) << 1, 21);
        wr(h, rd, npc);
        npc = h->pc + (u64)off;
        break;
    }
    case 0x67:                                                                       /* jalr */
        if (f3) goto ill;
        wr(h, rd, npc);
        npc = (a + (u64)imm_i) & ~1ULL;
        break;
    case 0x63: {                                                                     /* branches */
        i64 off = sext(BIT(insn, 31) << 12 | BIT(insn, 7) << 11 | BITS(insn, 30, 25) << 5 |
                       BITS(insn, 11, 8) << 1, 13);
        int t;
        switch (f3) {
        case 0: t = a == b; break;
        case 1: t = a != b; break;
        case 4: t = (i64)a < (i64)b; break;
        case 5: t = (i64)a >= (i64)b; break;
        case 6: t = a < b; break;
        case 7: t = a >= b; break;
        default: goto ill;
        }
        if (t) npc = h->pc + (u64)off;
        break;
    }
    case 0x03: {                                                                     /* loads */
        static const int sz[8] = { 1, 2, 4, 8, 1, 2, 4, 0 };
        if (!sz[f3]) goto ill;
        if (vm_load(h, a + (u64)imm_i, sz[f3], &v) < 0) return;
        if (!(f3 & 4)) v = (u64)sext(v, sz[f3] * 8);
        wr(h, rd, v);
        break;
    }
    case 0x23: {                                                                     /* stores */
        i64 off = (i64)sext(f7 << 5 | rd, 12);
        if (f3 > 3) goto ill;
        if (vm_store(h, a + (u64)off, 1 << f3, b) < 0) return;
        break;
    }
    case 0x13:                                                                       /* op-imm */
        if (f3 == 1 && (insn >> 26)) goto ill;
        if (f3 == 5 && (insn >> 26) & ~0x10u) goto ill;
        wr(h, rd, alu(f3, f7, a, (u64)imm_i, 1));
        break;
    case 0x1b:                                                                       /* op-imm-32 */
        switch (f3) {
        case 0: v = (u64)(i64)(i32)(a + (u64)imm_i); break;
        case 1: if (f7) goto ill; v = (u64)(i64)(i32)((u32)a << rs2); break;
        case 5:
            if (f7 == 0) v = (u64)(i64)(i32)((u32)a >> rs2);
            else if (f7 == 0x20) v = (u64)(i64)((i32)a >> rs2);
            else goto ill;
            break;
        default: goto ill;
        }
        wr(h, rd, v);
        break;
    case 0x33:                                                                       /* op */
        if (f7 == 1) v = muldiv(f3, a, b);
        else if (f7 == 0 || (f7 == 0x20 && (f3 == 0 || f3 == 5))) v = alu(f3, f7, a, b, 0);
        else goto ill;
        wr(h, rd, v);
        break;
    case 0x3b:                                                                       /* op-32 */
        if (f7 == 1) {
            if (f3 >= 1 && f3 <= 3) goto ill;
            v = muldivw(f3, a, b);
        } else if (f7 == 0 || f7 == 0x20) {
            switch (f3) {
            case 0: v = (u64)(i64)(i32)(f7 ? (u32)a - (u32)b : (u32)a + (u32)b); break;
            case 1: if (f7) goto ill; v = (u64)(i64)(i32)((u32)a << (b & 31)); break;
            case 5: v = f7 ? (u64)(i64)((i32)a >> (b & 31)) : (u64)(i64)(i32)((u32)a >> (b & 31)); break;
            default: goto ill;
            }
        } else goto ill;
        wr(h, rd, v);
        break;
    case 0x2f:                                                                       /* amo */
        if (amo(h, insn, rd, a, b) < 0) return;
        break;
    case 0x0f:                                                                       /* fence, fence.i */
        if (f3 > 1) goto ill;
        break;
    case 0x73:
        r = do_system(h, insn, rd, rs1);
        if (r < 0) return;
        if (r > 0) npc = h->pc;   /* xRET set pc */
        break;
    default:
        goto ill;
    }
    h->pc = npc;
    h->instret++;
    h->c.kind = ISS_RETIRE;
    return;
ill:
    illegal(h, raw);
}

/* expansion of every 16-bit pattern, filled once by cpu_init() */
static u32 c_table[65536];

void cpu_init(void)
{
    for (u32 c = 0; c < 65536; c++)
        c_table[c] = (c & 3) == 3 ? 0 : expand_c(c);
}

/* Run one instruction (or take one interrupt) on hart h; h->c tells what
 * happened.  Returns h->c.kind. */
int step(struct hart *h)
{
    u32 raw, insn;
    u64 pc = h->pc;

    h->c.kind = ISS_NONE; h->c.rd = 0; h->c.mem = 0; h->c.csr = 0;
    h->c.pc = pc; h->c.priv = h->priv;
    if ((h->mip_sw | h->mip_hw) & h->mie && !M.cosim && check_interrupts(h)) return h->c.kind;
    if ((pc >> 12) == h->fetch_vpn && (pc & 0xfff) <= 0xffc) {
        const u8 *p = h->fetch_host + (pc & 0xfff);     /* fast path: same RAM page */
        raw = (u32)p[0] | (u32)p[1] << 8;
        if ((raw & 3) == 3) raw |= ((u32)p[2] | (u32)p[3] << 8) << 16;
    } else {
        if (vm_fetch16(h, pc, &raw) < 0) return h->c.kind;
        if ((raw & 3) == 3) {
            u32 hi;
            if (vm_fetch16(h, pc + 2, &hi) < 0) return h->c.kind;
            raw |= hi << 16;
        }
    }
    h->c.insn = raw;
    if ((raw & 3) == 3) {
        h->c.len = 4;
        execute(h, raw, 4, raw);
    } else {
        h->c.len = 2;
        insn = c_table[raw];
        if (!insn) illegal(h, raw);
        else execute(h, insn, 2, raw);
    }
    return h->c.kind;
}
