#!/bin/sh
# make-dtbs.sh - regenerates the device-tree fixtures of the platform unit
# tests from QEMU's own virt machine (dumpdtb), plus dtc-edited variants
# for machines QEMU will not make.  The fixtures are committed so the tests
# do not change when QEMU does; rerun this after a QEMU upgrade.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -eu
cd "$(dirname "$0")"
args=../../platform/qemu-virt/qemu-args.sh
dump() {   # name, then qemu-args.sh arguments (env passes through)
    name=$1
    shift
    # shellcheck disable=SC2046
    qemu-system-riscv64 $(sh $args "$@") -nographic -machine dumpdtb=dtb/$name.raw \
        > /dev/null 2>&1
    # QEMU pads its blob to 1 MiB: keep the tree, not the padding.
    dtc -q -I dtb -O dtb -o "dtb/$name.dtb" "dtb/$name.raw"
    rm -f "dtb/$name.raw"
}
edit() {   # name, source, sed script
    dtc -q -I dtb -O dts "dtb/$2.dtb" | sed "$3" | dtc -q -I dts -O dtb -o "dtb/$1.dtb"
}
dump virt-1x1 1 1 128M
dump virt-2x2 2 2 128M
dump virt-4x2 4 2 128M
ACLINT=1 dump virt-2x2-aclint 2 2 128M
NODE_HARTS=1,2,1 NODE_MEMS=64M,128M,96M dump virt-uneven 3 1 64M
NUMA=0 dump virt-nonuma-4 1 4 256M
edit virt-nonuma-4-clusters2 virt-nonuma-4 's|chosen {|chosen {\n bootargs = "console clusters=2 selftest";|'
edit virt-nonuma-4-clusters5 virt-nonuma-4 's|chosen {|chosen {\n bootargs = "clusters=5";|'
edit virt-aclint-sswi-short virt-2x2-aclint 's|reg = <0x00 0x2f04000 0x00 0x4000>|reg = <0x00 0x2f04000 0x00 0x04>|'
edit virt-no-sstc virt-2x2 's|_zbs_sstc"|_zbs_sstcx"|'
edit virt-no-memory virt-1x1 '/memory@80000000 {/,/};/d'
edit virt-no-cpus virt-1x1 's|device_type = "cpu";|device_type = "cpx";|'
edit virt-no-uart virt-1x1 '/serial@10000000 {/,/};/d'
edit virt-initrd virt-2x2 's|chosen {|chosen {\n linux,initrd-start = <0x00 0x88000000>;\n linux,initrd-end = <0x00 0x88100000>;|'
edit virt-memory-only-node virt-2x2 's|numa-node-id = <0x01>;\n\t\tdevice_type = "memory"|XX|; /memory@88000000 {/,/};/s|numa-node-id = <0x01>|numa-node-id = <0x07>|'
edit virt-memory-overlap virt-2x2 's|reg = <0x00 0x88000000 0x00 0x8000000>|reg = <0x00 0x84000000 0x00 0x8000000>|'
edit virt-memory-on-uart virt-1x1 's|reg = <0x00 0x80000000 0x00 0x8000000>|reg = <0x00 0x10000000 0x00 0x8000000>|'
edit virt-address-cells-3 virt-1x1 's|^\t#address-cells = <0x02>;|\t#address-cells = <0x03>;|'
edit virt-size-cells-0 virt-1x1 's|^\t#size-cells = <0x02>;|\t#size-cells = <0x00>;|'
ls -l dtb
