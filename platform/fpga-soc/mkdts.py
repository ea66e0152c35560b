#!/usr/bin/env python3
"""mkdts.py -- emit the fpga-soc device tree source (DESIGN.md section 8).

    mkdts.py --clusters N --harts M --mem SIZE [--bootargs STR]
             [--initrd-start ADDR --initrd-end ADDR] [--uart-clock HZ]
             [--timebase HZ] > soc.dts
    dtc -I dts -O dtb -o soc.dtb soc.dts

N clusters of M harts; hart c*M+j is core j of cluster c.  Cluster c owns
one RAM bank of SIZE bytes at 0x80000000 + c*SIZE, NUMA node c.  Devices sit
at the QEMU virt addresses (see README.md).  The simulator tools/iss runs this
script when it is not given --dtb.
"""
import argparse

RAM_BASE = 0x80000000
TIMEBASE = 10000000


def size(s):
    s = s.strip().upper()
    mul = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if s and s[-1] in mul:
        return int(s[:-1], 0) * mul[s[-1]]
    return int(s, 0)


def cells(v):
    return "0x%x 0x%x" % (v >> 32, v & 0xffffffff)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--clusters", type=int, default=2)
    ap.add_argument("--harts", type=int, default=2, help="harts per cluster")
    ap.add_argument("--mem", type=size, default=size("128M"), help="RAM bank size per cluster")
    ap.add_argument("--bootargs", default=None)
    ap.add_argument("--no-sswi", dest="sswi", action="store_false",
                    help="leave the ACLINT SSWI out of the tree (the kernel then sends IPIs through SBI)")
    ap.add_argument("--initrd-start", type=lambda s: int(s, 0), default=None)
    ap.add_argument("--initrd-end", type=lambda s: int(s, 0), default=None)
    ap.add_argument("--uart-clock", type=int, default=3686400,
                    help="the UART's clock-frequency (the FPGA board: its core clock)")
    ap.add_argument("--timebase", type=int, default=TIMEBASE,
                    help="mtime's rate (the FPGA board: its core clock / MTIME_DIV)")
    a = ap.parse_args()
    n = a.clusters * a.harts
    out = []
    w = out.append
    w("/dts-v1/;")
    w("")
    w("/ {")
    w("\t#address-cells = <2>;")
    w("\t#size-cells = <2>;")
    w('\tcompatible = "almos-rv,fpga-soc";')
    w('\tmodel = "almos-rv fpga-soc %dx%d";' % (a.clusters, a.harts))
    w("")
    w("\tchosen {")
    if a.bootargs is not None:
        w('\t\tbootargs = "%s";' % a.bootargs.replace("\\", "\\\\").replace('"', '\\"'))
    w('\t\tstdout-path = "/soc/serial@10000000";')
    if a.initrd_start is not None:
        w("\t\tlinux,initrd-start = <%s>;" % cells(a.initrd_start))
        w("\t\tlinux,initrd-end = <%s>;" % cells(a.initrd_end))
    w("\t};")
    w("")
    w("\tcpus {")
    w("\t\t#address-cells = <1>;")
    w("\t\t#size-cells = <0>;")
    w("\t\ttimebase-frequency = <%d>;" % a.timebase)
    for h in range(n):
        w("")
        w("\t\tcpu%d: cpu@%x {" % (h, h))
        w('\t\t\tdevice_type = "cpu";')
        w("\t\t\treg = <%d>;" % h)
        w('\t\t\tstatus = "okay";')
        w('\t\t\tcompatible = "riscv";')
        w('\t\t\triscv,isa = "rv64imac_zicsr_zifencei";')
        w('\t\t\tmmu-type = "riscv,sv39";')
        w("\t\t\tnuma-node-id = <%d>;" % (h // a.harts))
        w("")
        w("\t\t\tcpu%d_intc: interrupt-controller {" % h)
        w("\t\t\t\t#interrupt-cells = <1>;")
        w("\t\t\t\tinterrupt-controller;")
        w('\t\t\t\tcompatible = "riscv,cpu-intc";')
        w("\t\t\t};")
        w("\t\t};")
    w("")
    w("\t\tcpu-map {")
    for c in range(a.clusters):
        w("\t\t\tcluster%d {" % c)
        for j in range(a.harts):
            w("\t\t\t\tcore%d {" % j)
            w("\t\t\t\t\tcpu = <&cpu%d>;" % (c * a.harts + j))
            w("\t\t\t\t};")
        w("\t\t\t};")
    w("\t\t};")
    w("\t};")
    for c in range(a.clusters):
        base = RAM_BASE + c * a.mem
        w("")
        w("\tmemory@%x {" % base)
        w('\t\tdevice_type = "memory";')
        w("\t\treg = <%s %s>;" % (cells(base), cells(a.mem)))
        w("\t\tnuma-node-id = <%d>;" % c)
        w("\t};")
    if a.clusters > 1:
        w("")
        w("\tdistance-map {")
        w('\t\tcompatible = "numa-distance-map-v1";')
        m = []
        for i in range(a.clusters):
            for j in range(a.clusters):
                m.append("%d %d %d" % (i, j, 10 if i == j else 20))
        w("\t\tdistance-matrix = <%s>;" % " ".join(m))
        w("\t};")
    w("")
    w("\tsoc {")
    w("\t\t#address-cells = <2>;")
    w("\t\t#size-cells = <2>;")
    w('\t\tcompatible = "simple-bus";')
    w("\t\tranges;")
    w("")
    w("\t\ttest: test@100000 {")
    w('\t\t\tcompatible = "sifive,test1", "sifive,test0", "syscon";')
    w("\t\t\treg = <0x0 0x100000 0x0 0x1000>;")
    w("\t\t};")
    w("")
    w("\t\tpoweroff {")
    w('\t\t\tcompatible = "syscon-poweroff";')
    w("\t\t\tregmap = <&test>;")
    w("\t\t\toffset = <0x0>;")
    w("\t\t\tvalue = <0x5555>;")
    w("\t\t};")
    w("")
    w("\t\treboot {")
    w('\t\t\tcompatible = "syscon-reboot";')
    w("\t\t\tregmap = <&test>;")
    w("\t\t\toffset = <0x0>;")
    w("\t\t\tvalue = <0x7777>;")
    w("\t\t};")
    w("")
    w("\t\tclint@2000000 {")
    w('\t\t\tcompatible = "sifive,clint0", "riscv,clint0";')
    w("\t\t\treg = <0x0 0x2000000 0x0 0x10000>;")
    w("\t\t\tinterrupts-extended = <%s>;" % " ".join("&cpu%d_intc 3 &cpu%d_intc 7" % (h, h) for h in range(n)))
    w("\t\t};")
    w("")
    # ACLINT SSWI: S-mode IPIs without the firmware (register h: hart h)
    if a.sswi:
        w("\t\tsswi@2f00000 {")
        w('\t\t\tcompatible = "riscv,aclint-sswi";')
        w("\t\t\treg = <0x0 0x2f00000 0x0 0x4000>;")
        w("\t\t\t#interrupt-cells = <0>;")
        w("\t\t\tinterrupt-controller;")
        w("\t\t\tinterrupts-extended = <%s>;" % " ".join("&cpu%d_intc 1" % h for h in range(n)))
        w("\t\t};")
        w("")
    w("\t\tplic: interrupt-controller@c000000 {")
    w('\t\t\tcompatible = "sifive,plic-1.0.0", "riscv,plic0";')
    w("\t\t\treg = <0x0 0xc000000 0x0 0x4000000>;")
    w("\t\t\t#address-cells = <0>;")
    w("\t\t\t#interrupt-cells = <1>;")
    w("\t\t\tinterrupt-controller;")
    w("\t\t\triscv,ndev = <95>;")
    w("\t\t\tinterrupts-extended = <%s>;" % " ".join("&cpu%d_intc 11 &cpu%d_intc 9" % (h, h) for h in range(n)))
    w("\t\t};")
    w("")
    w("\t\tserial@10000000 {")
    w('\t\t\tcompatible = "ns16550a";')
    w("\t\t\treg = <0x0 0x10000000 0x0 0x100>;")
    w("\t\t\tclock-frequency = <%d>;" % a.uart_clock)
    w("\t\t\tinterrupt-parent = <&plic>;")
    w("\t\t\tinterrupts = <10>;")
    w("\t\t};")
    w("\t};")
    w("};")
    print("\n".join(out))


if __name__ == "__main__":
    main()
