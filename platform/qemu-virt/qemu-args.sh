#!/bin/sh
# qemu-args.sh - prints the qemu-system-riscv64 arguments of a QEMU virt
# machine with one NUMA node per cluster.
#
#   qemu-args.sh CLUSTERS HARTS_PER_CLUSTER MEM_PER_CLUSTER
#
# Uneven machines: NODE_HARTS="1,2,1" and/or NODE_MEMS="64M,128M,96M" in the
# environment give each node its own hart count / memory (they override the
# arguments; CLUSTERS is then their length).  NUMA=0 makes a machine without
# NUMA nodes (CLUSTERS*HARTS harts, CLUSTERS*MEM memory), for clusters=N.
# With more than two nodes QEMU 7.2 needs the APLIC (aia=aplic): its PLIC
# wiring refuses a third node.  ACLINT=1 gives the machine ACLINT devices
# (aclint=on): per node an MSWI, an MTIMER and an SSWI (riscv,aclint-sswi
# at 0x2f00000 + node x 0x4000), through which the kernel raises S-mode
# IPIs itself instead of asking the firmware.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -eu
clusters=$1 harts=$2 mem=$3

to_mib() {   # 128M, 1G, 64 (MiB) -> MiB
    case $1 in
    *G|*g) echo $(( ${1%?} * 1024 )) ;;
    *M|*m) echo "${1%?}" ;;
    *) echo "$1" ;;
    esac
}

node_harts=${NODE_HARTS:-}
node_mems=${NODE_MEMS:-}
if [ -n "$node_harts" ]; then clusters=$(echo "$node_harts" | tr ',' '\n' | wc -l); fi
if [ -n "$node_mems" ]; then clusters=$(echo "$node_mems" | tr ',' '\n' | wc -l); fi
[ -n "$node_harts" ] || node_harts=$(yes "$harts" | head -n "$clusters" | paste -sd, -)
[ -n "$node_mems" ] || node_mems=$(yes "$mem" | head -n "$clusters" | paste -sd, -)

total_harts=0 total_mib=0 numa_args=""
i=0
for h in $(echo "$node_harts" | tr ',' ' '); do
    m=$(to_mib "$(echo "$node_mems" | cut -d, -f$((i + 1)))")
    first=$total_harts
    last=$((total_harts + h - 1))
    numa_args="$numa_args -object memory-backend-ram,id=mem$i,size=${m}M"
    numa_args="$numa_args -numa node,nodeid=$i,cpus=$first-$last,memdev=mem$i"
    total_harts=$((total_harts + h))
    total_mib=$((total_mib + m))
    i=$((i + 1))
done

machine=virt
if [ "${NUMA:-1}" = 0 ]; then
    numa_args=""
elif [ "$i" -gt 2 ]; then
    machine=virt,aia=aplic
fi
if [ "${ACLINT:-0}" = 1 ]; then
    machine=$machine,aclint=on
fi
echo "-machine $machine -smp $total_harts -m ${total_mib}M $numa_args"
