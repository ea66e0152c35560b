#!/bin/sh
# run-sim.sh -- the short simulation of the ULX3S board top under Verilator
# (make sim-test, part "board"): the boot ROM path through the board, with
# the payload sdbench instead of the kernel.
#
#   flash image (tools/fpga-image.py: Debian's OpenSBI fw_dynamic + sdbench
#   + the device tree) -> flash twin -> board_flash_loader -> SDRAM twin
#   (timings checked) -> the harts leave reset -> boot ROM -> OpenSBI (its
#   banner) -> sdbench in S-mode: a memory test over both banks through the
#   bank caches, load latency and bandwidth local vs remote -> finisher.
#
# Passes when the board says the image is good, OpenSBI prints its banner,
# sdbench finds 0 errors, and the run exits 0 (no SDRAM/flash protocol
# error, no cache integration error: those end the run with 121 / 122).
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
riscv64-unknown-elf-gcc -O2 -nostdlib -nostartfiles -ffreestanding -march=rv64imac_zicsr -mabi=lp64 \
    -mcmodel=medany -Wall -Wextra -T "$b/sdbench.ld" -Wl,--no-warn-rwx-segments -o "$out/sdbench.elf" \
    "$b/start.S" "$b/sdbench.c" >"$out/sdbench.build.log" 2>&1 &&
riscv64-unknown-elf-objcopy -O binary "$out/sdbench.elf" "$out/sdbench.bin" &&
python3 "$top/tools/fpga-image.py" build -o "$out/sdbench.img" --fw "$fw" --kernel "$out/sdbench.bin" \
    --clusters 2 --harts 1 --mem 16M --uart-clock 40000000 >>"$out/sdbench.build.log" 2>&1 ||
    { echo "FAIL board-top: building the sdbench image (see $out/sdbench.build.log)"; exit 1; }

log=$out/board-sdbench.log
s=$(date +%s)
"$vboard" --image "$out/sdbench.img" --max-cycles ${BOARD_SIM_CYCLES:-100M} --mark "OpenSBI v" \
    --mark "sdbench: hart" </dev/null >"$log.out" 2>"$log"
rc=$?
secs=$(( $(date +%s) - s ))
cat "$log.out" >>"$log"
if [ $rc = 0 ] && grep -aq "boot image ok, starting the harts" "$log.out" && grep -aq "^OpenSBI v" "$log.out" \
   && grep -aq "sdbench: memory test over 2 x 64 KiB: 0 errors" "$log.out" && grep -aq "sdbench: done" "$log.out"; then
    echo "ok   board-top: flash -> loader -> SDRAM -> OpenSBI banner -> sdbench, 0 errors ($(grep -a '^sim: exit' "$log" | sed 's/.*after \([0-9]*\) cycles.*/\1 cycles/'), ${secs} s)"
    grep -a '^sdbench: \|^sim: loader\|^sim: mark\|^sim: bank' "$log" | sed 's/^/       /'
    exit 0
fi
echo "FAIL board-top: exit $rc after ${secs} s, see $log"
grep -a 'ERROR\|MISMATCH\|refused\|integration' "$log" | head -5 | sed 's/^/       /'
tail -3 "$log" | sed 's/^/       /'
exit 1
