#!/usr/bin/env python3
"""fpga-image.py -- build (or check) the SPI-flash boot image of the FPGA board.

    fpga-image.py build -o image.bin --fw fw_dynamic.bin --kernel kernel.bin
                  [--initrd initrd.cpio] [--dtb board.dtb | --clusters 2 --harts 1
                  --mem 16M --uart-clock 40000000 [--timebase 10000000] [--bootargs S]]
    fpga-image.py check image.bin        # prints the header, checks every CRC
    fpga-image.py corrupt image.bin OUT --part N | --header   # for tests
    fpga-image.py rom -o bootrom.hex --bootrom bootrom.bin --mem 32M
                  # the bitstream's boot ROM ($readmemh of soc_rom), device tree word set

The image is what fpga/rtl/board_flash_loader.v copies from the flash into
RAM before the harts leave reset (the format is documented there, and in
fpga/boards/ulx3s/README.md).  Load addresses follow the model (tools/iss)
and QEMU: fw_dynamic at 0x80000000, the kernel at 0x80200000, the initrd at
0x80200000 + min(RAM / 2, 128 MiB), the device tree 2 MiB-aligned just below
the end of RAM (capped at 0xC0000000).  The device tree is made with
platform/fpga-soc/mkdts.py + dtc unless --dtb is given.  Parts are stored
8-byte aligned after the 128-byte header.
"""
import argparse
import os
import struct
import subprocess
import sys
import zlib

MAGIC = 0x49565241          # "ARVI"
VERSION = 1
HDR_BYTES = 128
RAM_BASE = 0x80000000
KERNEL_ADDR = 0x80200000
PART_NAMES = ("fw_dynamic", "kernel", "dtb", "initrd")
HERE = os.path.dirname(os.path.abspath(__file__))
MKDTS = os.path.join(HERE, "..", "platform", "fpga-soc", "mkdts.py")


def size_arg(s):
    s = s.strip().upper()
    mul = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    if s and s[-1] in mul:
        return int(s[:-1], 0) * mul[s[-1]]
    return int(s, 0)


def crc32(b):
    return zlib.crc32(b) & 0xffffffff


def layout(ram_size, initrd_len, dtb_len):
    """(initrd_start, dtb_addr) as the model and QEMU place them."""
    initrd = KERNEL_ADDR + min(ram_size // 2, 128 << 20)
    end = min(RAM_BASE + ram_size, 0xC0000000)
    dtb = (end - dtb_len) & ~((2 << 20) - 1)
    return initrd, dtb


def make_dtb(a, initrd_start, initrd_end):
    cmd = [sys.executable, MKDTS, "--clusters", str(a.clusters), "--harts", str(a.harts),
           "--mem", str(a.mem), "--uart-clock", str(a.uart_clock), "--timebase", str(a.timebase)]
    if a.bootargs is not None:
        cmd += ["--bootargs", a.bootargs]
    if initrd_end:
        cmd += ["--initrd-start", hex(initrd_start), "--initrd-end", hex(initrd_end)]
    dts = subprocess.run(cmd, check=True, capture_output=True).stdout
    return subprocess.run(["dtc", "-q", "-I", "dts", "-O", "dtb", "-o", "-", "-"], input=dts,
                          check=True, capture_output=True).stdout


def pack(parts, entry, dtb_addr):
    """parts: list of (data, load address).  Returns the image bytes."""
    body = b""
    table = b""
    off = HDR_BYTES
    for data, load in parts:
        table += struct.pack("<IIII", off, len(data), load, crc32(data))
        pad = (-len(data)) % 8
        body += data + b"\0" * pad
        off += len(data) + pad
    hdr = struct.pack("<IHHII", MAGIC, VERSION, len(parts), entry, dtb_addr) + table
    hdr += b"\0" * (HDR_BYTES - 4 - len(hdr))
    hdr += struct.pack("<I", crc32(hdr))
    return hdr + body


def parse(img):
    """Header fields and parts; raises ValueError on a bad image."""
    if len(img) < HDR_BYTES:
        raise ValueError("shorter than the header")
    magic, ver, nparts, entry, dtb = struct.unpack_from("<IHHII", img, 0)
    if magic != MAGIC or ver != VERSION or not 1 <= nparts <= 4:
        raise ValueError("bad magic/version/nparts (%#x %d %d)" % (magic, ver, nparts))
    if struct.unpack_from("<I", img, 0x7C)[0] != crc32(img[:0x7C]):
        raise ValueError("bad header CRC")
    parts = []
    for i in range(nparts):
        off, size, load, crc = struct.unpack_from("<IIII", img, 0x10 + 16 * i)
        data = img[off:off + size]
        if len(data) != size:
            raise ValueError("part %d beyond the end of the image" % i)
        if crc32(data) != crc:
            raise ValueError("bad CRC in part %d (%s)" % (i, PART_NAMES[i]))
        parts.append((off, size, load, crc))
    return entry, dtb, parts


def cmd_build(a):
    fw = open(a.fw, "rb").read()
    kernel = open(a.kernel, "rb").read()
    initrd = open(a.initrd, "rb").read() if a.initrd else b""
    ram = a.mem * a.clusters
    if a.dtb:
        dtb = open(a.dtb, "rb").read()
        initrd_start, dtb_addr = layout(ram, len(initrd), len(dtb))
    else:
        initrd_start, _ = layout(ram, len(initrd), 0)
        dtb = make_dtb(a, initrd_start, initrd_start + len(initrd) if initrd else 0)
        _, dtb_addr = layout(ram, len(initrd), len(dtb))
    parts = [(fw, RAM_BASE), (kernel, KERNEL_ADDR), (dtb, dtb_addr)]
    if initrd:
        parts.append((initrd, initrd_start))
    # nothing may overlap, nothing may leave RAM
    spans = sorted((load, load + len(d), PART_NAMES[i]) for i, (d, load) in enumerate(parts))
    for (s0, e0, n0), (s1, _, n1) in zip(spans, spans[1:]):
        if e0 > s1:
            sys.exit("fpga-image: %s [%#x, %#x) overlaps %s at %#x" % (n0, s0, e0, n1, s1))
    if spans[-1][1] > RAM_BASE + ram:
        sys.exit("fpga-image: %s ends at %#x, past the end of RAM %#x"
                 % (spans[-1][2], spans[-1][1], RAM_BASE + ram))
    img = pack(parts, RAM_BASE, dtb_addr)
    if a.max_size and len(img) > a.max_size:
        sys.exit("fpga-image: the image is %d bytes, the flash has room for %d" % (len(img), a.max_size))
    with open(a.output, "wb") as f:
        f.write(img)
    if a.dtb_out:
        with open(a.dtb_out, "wb") as f:
            f.write(dtb)
    print("fpga-image: %s, %d bytes (RAM %d MiB = %d x %d MiB; device tree at %#x)"
          % (a.output, len(img), ram >> 20, a.clusters, a.mem >> 20, dtb_addr))
    show(img)


def show(img):
    entry, dtb, parts = parse(img)
    print("  entry %#x, device tree %#x" % (entry, dtb))
    for i, (off, size, load, crc) in enumerate(parts):
        print("  part %d %-10s flash +%#08x  %8d bytes -> %#x  crc %08x"
              % (i, PART_NAMES[i], off, size, load, crc))


def cmd_check(a):
    img = open(a.image, "rb").read()
    try:
        show(img)
    except ValueError as e:
        sys.exit("fpga-image: %s: %s" % (a.image, e))
    print("fpga-image: %s: all CRCs good" % a.image)


def cmd_corrupt(a):
    img = bytearray(open(a.image, "rb").read())
    if a.header:
        img[0x0C] ^= 0x01            # the device tree address: header CRC now wrong
    else:
        off, size = struct.unpack_from("<II", img, 0x10 + 16 * a.part)
        img[off + size // 2] ^= 0x40
    open(a.output, "wb").write(img)


def cmd_rom(a):
    """The boot ROM contents for soc_rom's BOOTROM_HEX: platform/fpga-soc/bootrom.S
    assembled (build/iss/bootrom.bin) with the device tree word (offset 0x28)
    set to where the image puts the device tree for a RAM of --mem bytes, as
    the model patches its ROM; 512 lines of one 64-bit word (little endian)."""
    rom = bytearray(open(a.bootrom, "rb").read())
    if len(rom) > 4096 or len(rom) < 0x30:
        sys.exit("fpga-image: %s: %d bytes, not a boot ROM (0x30..4096 bytes)" % (a.bootrom, len(rom)))
    rom += bytes(4096 - len(rom))
    _, dtb_addr = layout(a.mem, 0, 1)       # any device tree under 2 MiB
    struct.pack_into("<Q", rom, 0x28, dtb_addr)
    with open(a.output, "w") as f:
        for i in range(0, 4096, 8):
            f.write("%016x\n" % struct.unpack_from("<Q", rom, i)[0])
    print("fpga-image: %s (device tree word %#x)" % (a.output, dtb_addr))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build")
    b.add_argument("-o", "--output", required=True)
    b.add_argument("--fw", required=True, help="OpenSBI fw_dynamic.bin")
    b.add_argument("--kernel", required=True)
    b.add_argument("--initrd")
    b.add_argument("--dtb", help="a ready device tree blob (else mkdts.py + dtc)")
    b.add_argument("--dtb-out", help="also write the device tree here")
    b.add_argument("--clusters", type=int, default=2)
    b.add_argument("--harts", type=int, default=1, help="harts per cluster")
    b.add_argument("--mem", type=size_arg, default=size_arg("16M"), help="RAM per cluster")
    b.add_argument("--uart-clock", type=int, default=40000000)
    b.add_argument("--timebase", type=int, default=10000000,
                   help="mtime's rate: the core clock / the SoC's MTIME_DIV")
    b.add_argument("--bootargs")
    b.add_argument("--max-size", type=size_arg, default=0, help="flash room for the image")
    c = sub.add_parser("check")
    c.add_argument("image")
    k = sub.add_parser("corrupt")
    k.add_argument("image")
    k.add_argument("output")
    g = k.add_mutually_exclusive_group(required=True)
    g.add_argument("--part", type=int)
    g.add_argument("--header", action="store_true")
    r = sub.add_parser("rom")
    r.add_argument("-o", "--output", required=True)
    r.add_argument("--bootrom", required=True, help="bootrom.bin (platform/fpga-soc/bootrom.S)")
    r.add_argument("--mem", type=size_arg, default=size_arg("32M"), help="the board's RAM")
    a = ap.parse_args()
    {"build": cmd_build, "check": cmd_check, "corrupt": cmd_corrupt, "rom": cmd_rom}[a.cmd](a)


if __name__ == "__main__":
    main()
