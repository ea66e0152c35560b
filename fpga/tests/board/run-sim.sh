#!/bin/sh
# run-sim.sh -- the short simulation of the ULX3S board top under Verilator
# (make sim-test, part "board"), two boots from the flash:
#
#   1. sdbench as the firmware (M-mode, from the boot ROM): flash image ->
#      flash twin -> board_flash_loader -> SDRAM twin (timings checked) ->
#      the harts leave reset -> boot ROM -> sdbench: a memory test over both
#      banks through the bank caches (4 x their size: every line is
#      replaced, dirty victims written back), load latency and bandwidth
#      local vs remote -> finisher 0x5555 when no word was wrong;
#   2. Debian's OpenSBI fw_dynamic as the firmware, to its banner.
#
# Each passes when the board says the image is good, the run prints what it
# must, and it exits 0 (an SDRAM / flash protocol error, a cache integration
# error, a refused image end the run with 121 / 122 / 123).  The full chain
# OpenSBI -> S-mode payload (sdbench at 0x80200000) is what `make sim
# BOARD=ulx3s` does with the kernel; it is ~40 M cycles, too long here.
#
#   usage: run-sim.sh VBOARD OUTDIR [OPENSBI]
# Prints "ok|FAIL board-top: ..." lines and the figures; exit status 1 on failure.
set -u
vboard=${1:?usage: run-sim.sh VBOARD OUTDIR [OPENSBI]}
out=${2:?output directory}
fw=${3:-/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
mkdir -p "$out"
b=$here/sdbench
img() { python3 "$top/tools/fpga-image.py" build --clusters 2 --harts 1 --mem 16M --uart-clock 40000000 "$@"; }
{
    riscv64-unknown-elf-gcc -O2 -nostdlib -nostartfiles -ffreestanding -march=rv64imac_zicsr -mabi=lp64 \
        -mcmodel=medany -Wall -Wextra -T "$b/sdbench.ld" -Wl,--no-warn-rwx-segments -DPARK_OTHERS \
        -Wl,--defsym=LOAD_ADDR=0x80000000 -o "$out/sdbench.elf" "$b/start.S" "$b/sdbench.c" &&
    riscv64-unknown-elf-objcopy -O binary "$out/sdbench.elf" "$out/sdbench.bin" &&
    head -c 4096 /dev/zero > "$out/nokernel.bin" &&
    img -o "$out/sdbench.img" --fw "$out/sdbench.bin" --kernel "$out/nokernel.bin" &&
    img -o "$out/opensbi.img" --fw "$fw" --kernel "$out/nokernel.bin"
} >"$out/build.log" 2>&1 || { echo "FAIL board-top: building the images (see $out/build.log)"; exit 1; }

fails=0
# run NAME IMAGE MAXCYCLES WHAT [Vboard args...] -- then the lines that must appear follow in $must
run() {
    name=$1; image=$2; max=$3; what=$4; shift 4
    log=$out/$name.log
    s=$(date +%s)
    "$vboard" --image "$image" --max-cycles "$max" "$@" </dev/null >"$log.out" 2>"$log"
    rc=$?
    secs=$(( $(date +%s) - s ))
    good=1
    [ $rc = 0 ] || good=0
    echo "$must" | while IFS= read -r m; do [ -z "$m" ] || grep -aqF -- "$m" "$log.out" || echo "missing: $m"; done >"$log.missing"
    [ -s "$log.missing" ] && good=0
    if [ $good = 1 ]; then
        echo "ok   board-top: $what ($(grep -a '^sim: exit' "$log" | sed 's/.*after \([0-9]*\) cycles.*/\1 cycles/'), ${secs} s)"
    else
        echo "FAIL board-top: $what: exit $rc after ${secs} s, see $log"
        sed 's/^/       /' "$log.missing"
        grep -a 'ERROR\|MISMATCH\|refused\|integration' "$log" "$log.out" | head -5 | sed 's/^/       /'
        tail -3 "$log" | sed 's/^/       /'
        fails=$((fails + 1))
    fi
    grep -a '^sdbench: \|^sim: loader\|^sim: mark\|^sim: bank' "$log.out" "$log" | sed 's/^[^:]*log[.a-z]*://; s/^/       /'
}

must="boot image ok, starting the harts
sdbench: memory test over 2 x 256 KiB: 0 errors
sdbench: done"
run sdbench "$out/sdbench.img" 30M "flash -> loader -> SDRAM -> sdbench (M-mode): memory test, latency"
must="boot image ok, starting the harts
OpenSBI v"
run opensbi "$out/opensbi.img" 30M "flash -> loader -> SDRAM -> OpenSBI banner" --exit-on-uart "OpenSBI v"
[ $fails = 0 ]
