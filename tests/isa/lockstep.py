#!/usr/bin/env python3
"""lockstep.py -- find the first instruction where the model and QEMU differ.

    lockstep.py prog.elf [--iss build/iss/iss] [--qemu qemu-system-riscv64]

Runs a bare-metal program (one hart) on the model with --commit-log and on
QEMU with `-singlestep -d cpu` (the full register file before every
instruction), replays the model's commit log over the register file and
compares it with QEMU's at every step.  Prints the first divergence (pc,
instruction, registers) or "identical for N steps".  A debugging aid for a
failing differential seed; interrupts (asynchronous traps) are not expected.
The comparison starts at `main` (--start SYMBOL).
"""
import argparse
import os
import re
import subprocess
import tempfile


def qemu_trace(qemu, elf, log):
    subprocess.run([qemu, "-machine", "virt", "-smp", "1", "-m", "128M", "-bios", "none", "-nographic",
                    "-monitor", "none", "-serial", "stdio", "-kernel", elf, "-singlestep", "-d", "cpu,nochain",
                    "-D", log], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=60)
    steps, pc, regs = [], None, {}
    for line in open(log, errors="replace"):
        m = re.match(r"\s*pc\s+([0-9a-f]+)", line)
        if m:
            if pc is not None and len(regs) == 32:
                steps.append((pc, [regs[i] for i in range(32)]))
            pc, regs = int(m.group(1), 16), {}
            continue
        for m in re.finditer(r"x(\d+)/\w+\s+([0-9a-f]+)", line):
            regs[int(m.group(1))] = int(m.group(2), 16)
    if pc is not None and len(regs) == 32:
        steps.append((pc, [regs[i] for i in range(32)]))
    return steps


def model_trace(iss, elf, log):
    subprocess.run([iss, "-q", "--harts", "1", "--max-insns", "50M", "--bare", elf, "--commit-log", log],
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=120)
    steps = []
    for line in open(log):
        f = line.split()
        pc = int(f[2], 16)
        if f[3] == "trap":
            steps.append((pc, "trap %s tval %s" % (f[4], f[5]), None))
            continue
        rd = None
        for x in f[4:]:
            m = re.match(r"x(\d+)=([0-9a-f]+)", x)
            if m:
                rd = (int(m.group(1)), int(m.group(2), 16))
        steps.append((pc, f[3], rd))
    return steps


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("elf")
    ap.add_argument("--iss", default="build/iss/iss")
    ap.add_argument("--qemu", default="qemu-system-riscv64")
    ap.add_argument("--nm", default="riscv64-unknown-elf-nm")
    ap.add_argument("--start", default="main", help="symbol where the comparison starts")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        q = qemu_trace(a.qemu, a.elf, os.path.join(d, "q.log"))
        m = model_trace(a.iss, a.elf, os.path.join(d, "m.log"))
    # the boot ROMs differ (QEMU's reset vector vs ours), and so does the
    # PMP set-up of test.h: start at `main`, from QEMU's register file there
    nm = subprocess.run([a.nm, a.elf], capture_output=True, text=True).stdout
    start = int(next(l.split()[0] for l in nm.splitlines() if l.split()[-1] == a.start), 16)
    q = q[next(i for i, st in enumerate(q) if st[0] == start):]
    m = m[next(i for i, st in enumerate(m) if st[0] == start):]
    regs = list(q[0][1])
    prev = None
    i = j = 0
    while i < len(q) and j < len(m):
        qpc, qregs = q[i]
        mpc, what, rd = m[j]
        if qpc != mpc and what.startswith("trap"):
            # a fetch fault: QEMU logs nothing for a block it could not fetch
            prev = "pc 0x%x %s" % (mpc, what)
            j += 1
            continue
        if qpc != mpc:
            print("step %d: pc differs: model 0x%x, qemu 0x%x (after %s)" % (j, mpc, qpc, prev))
            return 1
        bad = [r for r in range(1, 32) if regs[r] != qregs[r]]
        if bad:
            print("step %d at pc 0x%x: registers differ after %s" % (j, mpc, prev))
            for r in bad:
                print("  x%-2d model %016x qemu %016x" % (r, regs[r], qregs[r]))
            return 1
        if rd:
            regs[rd[0]] = rd[1]
        prev = "pc 0x%x %s" % (mpc, what)
        i += 1
        j += 1
    print("identical for %d steps (model %d, qemu %d)" % (i, len(m), len(q)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
