#!/usr/bin/env python3
"""rvgen.py -- seeded random RV64IMAC program generator for the differential
run (model vs QEMU).

    rvgen.py --seed N [--count K] > prog.S

The program (bare metal, M-mode, linked at 0x80000000 with tests/isa/link.ld)
initialises x1..x31 with random and corner-case values, runs K random
instructions covering every RV64IMAC instruction (all compressed forms
included), Zicsr on sscratch, and fences (with --traps also ecall, ebreak, illegal
encodings and access faults, each logged by an M-mode handler as mcause,
mtval, mepc and printed as `RT` lines), then prints the register file and a
checksum of its data area on the UART as lines

    Rnn <16 hex digits>       (x1..x31)
    RSUM <16 hex digits>      (data area checksum)

and ends through the finisher.  Reserved registers: x2 (sp), x3 (gp) and x8
(s0) point into the data area and are never written.  Control flow is forward
only, so every program terminates.  Only hart 0 runs; other harts park.
"""
import argparse
import random

RESERVED = {2, 3, 8}
DATA_SIZE = 4096
GP_OFF, S0_OFF, SP_OFF = 2048, 256, 1024
CORNER = [0, 1, -1, 2, -2, 0x7FFFFFFFFFFFFFFF, -0x8000000000000000, 0x80000000, 0x7FFFFFFF,
          -0x80000000, 0xFFFFFFFF, 0x100000000, 63, 64, 31, 32]


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.out = []

    def emit(self, s):
        self.out.append("\t" + s)

    def rd(self):
        while True:
            x = self.r.randrange(32)
            if x not in RESERVED:
                return x

    def rs(self):
        return self.r.randrange(32)

    def rdc(self):
        """x8..x15 minus reserved (compressed register set)"""
        return self.r.choice([9, 10, 11, 12, 13, 14, 15])

    def rsc(self):
        return self.r.randrange(8, 16)

    def imm(self, bits):
        return self.r.randrange(-(1 << (bits - 1)), 1 << (bits - 1))

    def value(self):
        if self.r.random() < 0.3:
            return self.r.choice(CORNER) & ((1 << 64) - 1)
        return self.r.getrandbits(64)

    # ---- instruction classes ----
    def alu_r(self):
        op = self.r.choice("add sub sll slt sltu xor srl sra or and addw subw sllw srlw sraw "
                           "mul mulh mulhsu mulhu div divu rem remu mulw divw divuw remw remuw".split())
        self.emit("%s x%d, x%d, x%d" % (op, self.rd(), self.rs(), self.rs()))

    def alu_i(self):
        op = self.r.choice("addi slti sltiu xori ori andi slli srli srai addiw slliw srliw sraiw lui auipc".split())
        if op in ("slli", "srli", "srai"):
            self.emit("%s x%d, x%d, %d" % (op, self.rd(), self.rs(), self.r.randrange(64)))
        elif op.endswith("iw") and op != "addiw":
            self.emit("%s x%d, x%d, %d" % (op, self.rd(), self.rs(), self.r.randrange(32)))
        elif op in ("lui", "auipc"):
            self.emit("%s x%d, 0x%x" % (op, self.rd(), self.r.randrange(1 << 20)))
        else:
            self.emit("%s x%d, x%d, %d" % (op, self.rd(), self.rs(), self.imm(12)))

    def mem_off(self, size):
        lo, hi = -GP_OFF, DATA_SIZE - GP_OFF - size
        return self.r.randrange(lo // size, hi // size + 1) * size

    def load(self):
        op, size = self.r.choice([("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4), ("ld", 8)])
        self.emit("%s x%d, %d(x3)" % (op, self.rd(), self.mem_off(size)))

    def store(self):
        op, size = self.r.choice([("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)])
        self.emit("%s x%d, %d(x3)" % (op, self.rs(), self.mem_off(size)))

    def amo(self):
        t = self.rd()
        while t == 0:
            t = self.rd()
        self.emit("addi x%d, x3, %d" % (t, self.mem_off(8)))
        op = self.r.choice("amoswap amoadd amoxor amoand amoor amomin amomax amominu amomaxu".split())
        w = self.r.choice(["w", "d"])
        suf = self.r.choice(["", ".aq", ".rl", ".aqrl"])
        self.emit("%s.%s%s x%d, x%d, (x%d)" % (op, w, suf, self.rd(), self.rs(), t))

    def lrsc(self):
        t = self.rd()
        while t == 0:
            t = self.rd()
        w = self.r.choice(["w", "d"])
        self.emit("addi x%d, x3, %d" % (t, self.mem_off(8)))
        d = self.rd()
        while d == t:
            d = self.rd()
        self.emit("lr.%s x%d, (x%d)" % (w, d, t))
        if self.r.random() < 0.5:
            self.emit("addi x%d, x%d, %d" % (d, d, self.imm(12)))
        res = self.rd()
        while res == t:
            res = self.rd()
        self.emit("sc.%s x%d, x%d, (x%d)" % (w, res, self.rs(), t))
        if self.r.random() < 0.3:   # a second sc has no reservation: fails on both
            self.emit("sc.%s x%d, x%d, (x%d)" % (w, self.rd(), self.rs(), t))

    def branch(self):
        op = self.r.choice("beq bne blt bge bltu bgeu".split())
        self.emit("%s x%d, x%d, 1f" % (op, self.rs(), self.rs()))
        for _ in range(self.r.randrange(1, 4)):
            self.simple()
        self.out.append("1:")

    def jump(self):
        k = self.r.randrange(3)
        if k == 0:
            self.emit("jal x%d, 1f" % self.rd())
            self.simple()
            self.out.append("1:")
        elif k == 1:
            t = self.rd()
            while t == 0:
                t = self.rd()
            self.emit(".option push")
            self.emit(".option norvc")
            self.emit("auipc x%d, 0" % t)
            self.emit("jalr x%d, %d(x%d)" % (self.rd(), 12 + 1, t))   # low bit is cleared
            self.emit("addi x%d, x%d, 1" % (self.rd(), self.rs()))     # skipped
            self.emit(".option pop")
        else:
            t = self.rd()
            while t == 0 or t == 1:
                t = self.rd()
            self.emit("la x%d, 1f" % t)
            self.emit(self.r.choice(["c.jr x%d" % t, "c.jalr x%d" % t]))
            self.simple()
            self.out.append("1:")

    def csr(self):
        op = self.r.choice("csrrw csrrs csrrc csrrwi csrrsi csrrci".split())
        src = ("x%d" % self.rs()) if not op.endswith("i") else str(self.r.randrange(32))
        self.emit("%s x%d, sscratch, %s" % (op, self.rd(), src))

    # instructions that trap the same way on the model and on QEMU (M-mode,
    # mstatus.FS = 0 on QEMU, so FP encodings are illegal there too)
    TRAPS = ["ecall", "ebreak", "c.ebreak",
             ".4byte 0xffffffff", ".2byte 0x0000", ".4byte 0x0000000b", ".4byte 0x0000005b",
             ".2byte 0x0004", ".2byte 0x0018",              # c.addi4spn, nzuimm = 0
             ".2byte 0x4002", ".2byte 0x6002",              # c.lwsp / c.ldsp rd = 0
             ".2byte 0x8002",                               # c.jr rs1 = 0
             ".2byte 0x6101",                               # c.addi16sp 0
             ".2byte 0x6081",                               # c.lui x1, 0
             ".2byte 0x2001",                               # c.addiw x0
             ".2byte 0x2000", ".2byte 0xa000", ".2byte 0x2002", ".2byte 0xa002",  # c.fld c.fsd c.fldsp c.fsdsp
             ".4byte 0x7c102573",                           # csrr a0, 0x7c1 (absent)
             ".4byte 0xf1459073",                           # csrw mhartid, a1 (read-only)
             ]

    def trap(self):
        if self.r.random() < 0.25:                         # access fault at 0x0..0xff
            t = self.nz_rd()
            self.emit("li x%d, %d" % (t, self.r.randrange(0, 256, 8)))
            self.emit("%s x%d, 0(x%d)" % (self.r.choice(["ld", "sd", "lw", "sb"]), self.rs() if False else self.nz_rd(), t))
            return
        self.emit(self.r.choice(self.TRAPS))

    def fence(self):
        self.emit(self.r.choice(["fence", "fence.i", "fence rw, rw", "fence iorw, iorw"]))

    def compressed(self):
        r = self.r
        k = r.randrange(24)
        nz6 = lambda: r.choice([i for i in range(-32, 32) if i])
        if k == 0: self.emit("c.addi x%d, %d" % (self.nz_rd(), nz6()))
        elif k == 1: self.emit("c.addiw x%d, %d" % (self.nz_rd(), self.imm(6)))
        elif k == 2: self.emit("c.li x%d, %d" % (self.nz_rd(), self.imm(6)))
        elif k == 3: self.emit("c.lui x%d, 0x%x" % (self.nz_rd(), r.choice(list(range(1, 32)) + list(range(0xfffe0, 0x100000)))))
        elif k == 4: self.emit("c.slli x%d, %d" % (self.nz_rd(), r.randrange(1, 64)))
        elif k == 5: self.emit("c.srli x%d, %d" % (self.rdc(), r.randrange(1, 64)))
        elif k == 6: self.emit("c.srai x%d, %d" % (self.rdc(), r.randrange(1, 64)))
        elif k == 7: self.emit("c.andi x%d, %d" % (self.rdc(), self.imm(6)))
        elif k == 8:
            op = r.choice("c.sub c.xor c.or c.and c.subw c.addw".split())
            self.emit("%s x%d, x%d" % (op, self.rdc(), self.rsc()))
        elif k == 9: self.emit("c.mv x%d, x%d" % (self.nz_rd(), r.randrange(1, 32)))
        elif k == 10: self.emit("c.add x%d, x%d" % (self.nz_rd(), r.randrange(1, 32)))
        elif k == 11: self.emit("c.lw x%d, %d(x8)" % (self.rdc(), r.randrange(32) * 4))
        elif k == 12: self.emit("c.ld x%d, %d(x8)" % (self.rdc(), r.randrange(32) * 8))
        elif k == 13: self.emit("c.sw x%d, %d(x8)" % (self.rsc(), r.randrange(32) * 4))
        elif k == 14: self.emit("c.sd x%d, %d(x8)" % (self.rsc(), r.randrange(32) * 8))
        elif k == 15: self.emit("c.lwsp x%d, %d(sp)" % (self.nz_rd(), r.randrange(64) * 4))
        elif k == 16: self.emit("c.ldsp x%d, %d(sp)" % (self.nz_rd(), r.randrange(64) * 8))
        elif k == 17: self.emit("c.swsp x%d, %d(sp)" % (self.rs(), r.randrange(64) * 4))
        elif k == 18: self.emit("c.sdsp x%d, %d(sp)" % (self.rs(), r.randrange(64) * 8))
        elif k == 19: self.emit("c.addi4spn x%d, sp, %d" % (self.rdc(), r.randrange(1, 256) * 4))
        elif k == 20:
            v = r.choice([i for i in range(-31, 32) if i]) * 16   # keep both v and -v in -512..496
            self.emit("c.addi16sp sp, %d" % v)     # and back: sp stays reserved
            self.emit("c.addi16sp sp, %d" % -v)
        elif k == 21:
            self.emit("%s x%d, 1f" % (r.choice(["c.beqz", "c.bnez"]), self.rsc()))
            self.simple()
            self.out.append("1:")
        elif k == 22:
            self.emit("c.j 1f")
            self.simple()
            self.out.append("1:")
        else:
            self.emit("c.nop")

    def nz_rd(self):
        x = self.rd()
        while x == 0:
            x = self.rd()
        return x

    def simple(self):
        self.r.choice([self.alu_r, self.alu_i])()

    def program(self, count, traps=False):
        o = self.out
        o.append('#include "test.h"')
        o.append("\tTEST_START")
        o.append("main:")
        self.emit("la x3, data + %d" % GP_OFF)
        self.emit("la x8, data + %d" % S0_OFF)
        self.emit("la x2, data + %d" % SP_OFF)
        self.emit("csrw sscratch, x0")
        if traps:
            self.emit("la t0, trap_log")
            self.emit("csrw mtvec, t0")
        for x in range(1, 32):
            if x not in RESERVED:
                self.emit("li x%d, 0x%x" % (x, self.value()))
        self.emit(".option push")
        self.emit(".option rvc")
        weights = [(self.alu_r, 25), (self.alu_i, 20), (self.load, 10), (self.store, 8), (self.amo, 5),
                   (self.lrsc, 3), (self.branch, 6), (self.jump, 3), (self.csr, 2), (self.fence, 1),
                   (self.compressed, 20)]
        if traps:
            weights.append((self.trap, 4))
        fns = [f for f, w in weights for _ in range(w)]
        for _ in range(count):
            self.r.choice(fns)()
        self.emit(".option pop")
        self.emit("la t0, default_trap")
        self.emit("csrw mtvec, t0")
        # dump x1..x31 into `dump`, then print it and the data checksum
        self.emit("la x3, dump")  # x3 itself is saved as its known value below
        for x in range(1, 32):
            if x != 3:
                self.emit("sd x%d, %d(x3)" % (x, 8 * x))
        self.emit("la x4, data + %d" % GP_OFF)
        self.emit("sd x4, 24(x3)")
        o.append(DUMP_CODE)
        o.append("\t.data")
        o.append("\t.align 12")
        o.append("data:")
        for i in range(0, DATA_SIZE, 8):
            o.append("\t.dword 0x%016x" % self.r.getrandbits(64))
        o.append("\t.align 3")
        o.append("dump:\t.skip 256")
        o.append("tsave:\t.dword 0, 0, tlog")
        o.append("tlog:\t.skip %d" % (24 * count + 8))
        o.append("hex:\t.ascii \"0123456789abcdef\"")
        return "\n".join(o) + "\n"


DUMP_CODE = r"""
	li	s1, 1			/* register number */
	li	s2, UART0
1:	la	s3, dump
	slli	t0, s1, 3
	add	s3, s3, t0
	ld	a0, 0(s3)
	li	t0, 'R'
	sb	t0, 0(s2)
	li	t1, 10
	divu	t0, s1, t1
	addi	t0, t0, '0'
	sb	t0, 0(s2)
	remu	t0, s1, t1
	addi	t0, t0, '0'
	sb	t0, 0(s2)
	call	puthex
	addi	s1, s1, 1
	li	t0, 32
	bne	s1, t0, 1b
	/* checksum of the data area: rotate-xor of its dwords */
	la	s3, data
	li	s4, 4096 / 8
	li	a0, 0
2:	ld	t0, 0(s3)
	slli	t1, a0, 7
	srli	a0, a0, 57
	or	a0, a0, t1
	xor	a0, a0, t0
	addi	s3, s3, 8
	addi	s4, s4, -1
	bnez	s4, 2b
	li	t0, 'R'
	sb	t0, 0(s2)
	li	t0, 'S'
	sb	t0, 0(s2)
	li	t0, 'U'
	sb	t0, 0(s2)
	li	t0, 'M'
	sb	t0, 0(s2)
	call	puthex
	/* the trap log: mcause, mtval, mepc per trap */
	la	s3, tlog
	la	t0, tsave
	ld	s4, 16(t0)
5:	bgeu	s3, s4, 6f
	li	t0, 'R'
	sb	t0, 0(s2)
	li	t0, 'T'
	sb	t0, 0(s2)
	ld	a0, 0(s3)
	call	puthex
	li	t0, 'R'
	sb	t0, 0(s2)
	li	t0, 'T'
	sb	t0, 0(s2)
	ld	a0, 8(s3)
	call	puthex
	li	t0, 'R'
	sb	t0, 0(s2)
	li	t0, 'T'
	sb	t0, 0(s2)
	ld	a0, 16(s3)
	call	puthex
	addi	s3, s3, 24
	j	5b
6:	j	pass

/* record a trap (mcause, mtval, mepc) and step over the instruction */
	.align 2
trap_log:
	csrw	mscratch, t6
	la	t6, tsave
	sd	t5, 0(t6)
	sd	t4, 8(t6)
	ld	t4, 16(t6)
	csrr	t5, mcause
	sd	t5, 0(t4)
	csrr	t5, mtval
	sd	t5, 8(t4)
	csrr	t5, mepc
	sd	t5, 16(t4)
	addi	t4, t4, 24
	sd	t4, 16(t6)
	lhu	t4, 0(t5)
	andi	t4, t4, 3
	addi	t5, t5, 2
	xori	t4, t4, 3
	bnez	t4, 7f
	addi	t5, t5, 2
7:	csrw	mepc, t5
	ld	t5, 0(t6)
	ld	t4, 8(t6)
	csrr	t6, mscratch
	mret

/* print ' ' + a0 as 16 hex digits + '\n' on the UART at s2 */
puthex:
	li	t0, ' '
	sb	t0, 0(s2)
	li	t2, 60
	la	t3, hex
3:	srl	t0, a0, t2
	andi	t0, t0, 15
	add	t0, t0, t3
	lbu	t0, 0(t0)
	sb	t0, 0(s2)
	addi	t2, t2, -4
	bgez	t2, 3b
	li	t0, '\n'
	sb	t0, 0(s2)
	ret
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=3000)
    ap.add_argument("--traps", action="store_true", help="mix in trapping instructions, log mcause/mtval/mepc")
    a = ap.parse_args()
    print(Gen(a.seed).program(a.count, a.traps), end="")


if __name__ == "__main__":
    main()
