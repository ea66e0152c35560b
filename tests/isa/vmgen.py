#!/usr/bin/env python3
"""vmgen.py -- seeded random Sv39 program for the differential run.

    vmgen.py --seed N [--count K] > prog.S

Builds random Sv39 page tables (random leaf permissions at every level,
invalid entries, reserved W-without-R leaves, misaligned superpages,
non-leaf entries at level 0), then performs K random accesses: loads and
stores of every width from S and U mode, instruction fetches from S and U,
and M-mode loads/stores with MPRV (MPP = S or U), each with random SUM and
MXR, at random virtual addresses (mapped, unmapped, non-canonical).  Every
access ends in a trap that M-mode records: the page fault (mcause, mtval)
or, when the access succeeds, the stub's ecall, with the loaded value.  The
log and a checksum of the data pages are printed as `R...` lines and
compared between the model and QEMU.  All leaves have A = D = 1, so QEMU's
hardware A/D update never makes the two differ.
"""
import argparse
import random

V, R, W, X, U, A, D = 1, 2, 4, 8, 16, 64, 128
NPAGES = 8          # data pages
NL0 = 4             # level-0 tables
NL1 = 8             # level-1 entries used (VA 0xC0000000 + i * 2 MiB)
USER_ALIAS = 0x140000000 - 0x80000000
SUPER_PA = 0x80400000           # 2 MiB leaves point at zeroed RAM from here


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--count", type=int, default=300)
    a = ap.parse_args()
    r = random.Random(a.seed)
    o = []
    e = lambda s: o.append("\t" + s)
    o.append('#include "test.h"')
    o.append("\tTEST_START")
    o.append("main:")
    e("la t0, vmtrap")
    e("csrw mtvec, t0")
    e("la s10, log")

    def setpte(table, index, target, flags, offset=0):
        """table[index] = PTE(target (+offset), flags); target is a label or an address"""
        if isinstance(target, str):
            e("la t2, %s" % target)
            if offset:
                e("li t3, %d" % offset)
                e("add t2, t2, t3")
        else:
            e("li t2, 0x%x" % target)
        e("srli t2, t2, 12")
        e("slli t2, t2, 10")
        e("ori t2, t2, %d" % flags)
        e("la t0, %s" % table)
        e("sd t2, %d(t0)" % (index * 8))

    def leaf_flags():
        rwx = r.choice([R, R | W, R | W, R | X, R | W | X, R | W | X, X, W, W | X])   # W, W|X are reserved
        f = V | A | D | rwx
        if r.random() < 0.4:
            f |= U
        if r.random() < 0.08:
            f &= ~V
        return f

    # root: identity for S stubs, user alias for U stubs, tables, a random gigapage
    setpte("root", 2, 0x80000000, V | R | W | X | A | D)
    setpte("root", 5, 0x80000000, V | R | W | X | U | A | D)
    setpte("root", 3, "l1", V)
    k = r.randrange(3)
    if k == 0:
        setpte("root", 4, 0x80000000, (leaf_flags() & ~(W | X)) | R)  # aligned gigapage over the code: read only
    elif k == 1:
        setpte("root", 4, 0x80200000, leaf_flags())                # misaligned gigapage
    for i in range(NL1):
        k = r.randrange(6)
        if k <= 2:
            setpte("l1", i, "l0_%d" % r.randrange(NL0), V)
        elif k == 3:
            setpte("l1", i, SUPER_PA + r.randrange(8) * 0x200000, leaf_flags())
        elif k == 4:
            setpte("l1", i, SUPER_PA + r.randrange(1, 512) * 0x1000, leaf_flags())  # misaligned
        # else invalid
    for t in range(NL0):
        for i in range(16):
            k = r.randrange(10)
            if k == 0:
                continue                                            # invalid
            if k == 1:
                setpte("l0_%d" % t, i, "page0", V)                 # non-leaf at level 0
            else:
                setpte("l0_%d" % t, i, "page0", leaf_flags(), 4096 * r.randrange(NPAGES))
    e("la t0, root")
    e("srli t0, t0, 12")
    e("li t1, 8 << 60")
    e("or t0, t0, t1")
    e("csrw satp, t0")
    e("sfence.vma")

    def rand_va(size, kind="load"):
        # stores and fetches never reach the program itself (root[4] and the user alias)
        while True:
            k = r.randrange(20)
            if kind == "load" or k > 2 or k == 1:
                break
        if k == 0:
            return 0x100000000 + r.randrange(0, 0x10000, size)      # root[4]
        if k == 1:
            return r.choice([0x4000000000, 0xFFFFFFC000000000 ^ 0x1000, 0x8000000000000000]) + r.randrange(0, 4096, size)
        if k == 2:
            return 0x140000000 + 0x1000 * r.randrange(16) + r.randrange(0, 4096, size)  # user alias of code
        return 0xC0000000 + 0x200000 * r.randrange(NL1) + 0x1000 * r.randrange(16) + r.randrange(0, 4096, size)

    loads = [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4), ("lwu", 4), ("ld", 8)]
    stores = [("sb", 1), ("sh", 2), ("sw", 4), ("sd", 8)]
    for n in range(a.count):
        kind = r.choice(["load", "load", "store", "store", "fetch", "mprv_load", "mprv_store"])
        bits = 0
        if r.random() < 0.5:
            bits |= 1 << 18                                         # SUM
        if r.random() < 0.5:
            bits |= 1 << 19                                         # MXR
        e("li t0, (3 << 11) | (1 << 17) | (1 << 18) | (1 << 19)")   # clear MPP MPRV SUM MXR
        e("csrc mstatus, t0")
        e("li a0, 0")
        e("la s11, 1f")
        mode = r.choice(["s", "u"])
        mpp = (1 << 11) if mode == "s" else 0
        if kind in ("load", "store"):
            op, size = r.choice(loads if kind == "load" else stores)
            e("li a1, 0x%x" % rand_va(size, kind))
            e("li a2, 0x%x" % r.getrandbits(64))
            e("li t0, %d" % (bits | mpp))
            e("csrs mstatus, t0")
            e("la t0, stub_%s" % op)
            if mode == "u":
                e("li t1, 0x%x" % USER_ALIAS)
                e("add t0, t0, t1")
            e("csrw mepc, t0")
            e("mret")
        elif kind == "fetch":
            va = rand_va(4096, "fetch") & ~0xfff                             # page start: ecall, or zeroes
            e("li a1, 0x%x" % va)
            e("li t0, %d" % (bits | mpp))
            e("csrs mstatus, t0")
            e("la t0, stub_jump")
            if mode == "u":
                e("li t1, 0x%x" % USER_ALIAS)
                e("add t0, t0, t1")
            e("csrw mepc, t0")
            e("mret")
        else:
            op, size = r.choice(loads if kind == "mprv_load" else stores)
            e("li a1, 0x%x" % rand_va(size, "load" if kind == "mprv_load" else "store"))
            e("li a2, 0x%x" % r.getrandbits(64))
            e("li t0, %d" % (bits | mpp | (1 << 17)))
            e("csrs mstatus, t0")
            if kind == "mprv_load":
                e("%s a0, 0(a1)" % op)
            else:
                e("%s a2, 0(a1)" % op)
            e("ecall")
        o.append("1:")
    e("li t0, (1 << 17)")
    e("csrc mstatus, t0")
    e("csrw satp, zero")
    e("sfence.vma")
    o.append(DUMP)
    o.append("\t.data")
    o.append("\t.align 12")
    for name in ["root", "l1"] + ["l0_%d" % t for t in range(NL0)]:
        o.append("%s:\t.skip 4096" % name)
    for p in range(NPAGES):
        o.append("page%d:" % p)
        o.append("\t.word 0x00000073, 0x00000073")                 # ecall: fetch target at offset 0
        for i in range(8, 4096, 8):
            o.append("\t.dword 0x%016x" % r.getrandbits(64))
    o.append("\t.align 3")
    o.append("log:\t.skip %d" % (24 * (a.count + 1)))
    o.append("hex:\t.ascii \"0123456789abcdef\"")
    print("\n".join(o))


DUMP = r"""
	/* print the log (3 dwords per access) and a checksum of the data pages */
	li	s2, UART0
	la	s3, log
2:	bgeu	s3, s10, 3f
	ld	a0, 0(s3)
	call	putrec
	ld	a0, 8(s3)
	call	puthex
	ld	a0, 16(s3)
	call	puthex
	li	t0, '\n'
	sb	t0, 0(s2)
	addi	s3, s3, 24
	j	2b
3:	la	s3, page0
	li	s4, 8 * 4096 / 8
	li	a0, 0
4:	ld	t0, 0(s3)
	slli	t1, a0, 7
	srli	a0, a0, 57
	or	a0, a0, t1
	xor	a0, a0, t0
	addi	s3, s3, 8
	addi	s4, s4, -1
	bnez	s4, 4b
	call	putrec
	li	t0, '\n'
	sb	t0, 0(s2)
	j	pass

putrec:	li	t0, 'R'
	sb	t0, 0(s2)
puthex:	li	t0, ' '
	sb	t0, 0(s2)
	li	t2, 60
	la	t3, hex
5:	srl	t0, a0, t2
	andi	t0, t0, 15
	add	t0, t0, t3
	lbu	t0, 0(t0)
	sb	t0, 0(s2)
	addi	t2, t2, -4
	bgez	t2, 5b
	ret

	/* every access ends here: fault, or the stub's ecall */
	.align 2
vmtrap:
	csrr	t0, mcause
	sd	t0, 0(s10)
	csrr	t0, mtval
	sd	t0, 8(s10)
	sd	a0, 16(s10)
	addi	s10, s10, 24
	jr	s11

stub_lb:	lb	a0, 0(a1)
	ecall
stub_lbu:	lbu	a0, 0(a1)
	ecall
stub_lh:	lh	a0, 0(a1)
	ecall
stub_lhu:	lhu	a0, 0(a1)
	ecall
stub_lw:	lw	a0, 0(a1)
	ecall
stub_lwu:	lwu	a0, 0(a1)
	ecall
stub_ld:	ld	a0, 0(a1)
	ecall
stub_sb:	sb	a2, 0(a1)
	ecall
stub_sh:	sh	a2, 0(a1)
	ecall
stub_sw:	sw	a2, 0(a1)
	ecall
stub_sd:	sd	a2, 0(a1)
	ecall
stub_jump:	jr	a1
"""

if __name__ == "__main__":
    main()
