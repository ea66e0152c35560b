#!/bin/sh
# fuzz.sh - the system-call fuzzer (user/bin/sysfuzz) on QEMU, on several
# topologies: a kernel panic, a hang (a batch that outlives SIGKILL, or a
# boot that ends in the timeout) or a shell that does not come back fails
# the run.  Prints, per machine, the calls made and the calls per second of
# wall time.
#
#   fuzz.sh [CALLS] [SEED] [TOPOLOGIES]     defaults: 1000000, 1, "1x1 1x2 2x2 4x2"
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -u
cd "$(dirname "$0")/.."
calls=${1:-1000000}
seed=${2:-1}
topos=${3:-"1x1 1x2 2x2 4x2"}
OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
OUT=build/fuzz
TIMEOUT=${FUZZ_TIMEOUT:-$((calls / 20 + 300))}
mkdir -p "$OUT"
failed=0
for t in $topos; do
    c=${t%x*} h=${t#*x}
    log="$OUT/sysfuzz-$t-seed$seed.log"
    CMD="sysfuzz -s $seed -n $calls; echo fuzz: shell alive, sysfuzz status \$?" \
        sh tools/initrd-cmd.sh build/initrd.cpio "$OUT/fuzz.cpio"
    start=$(date +%s)
    # shellcheck disable=SC2046
    timeout "$TIMEOUT" qemu-system-riscv64 $(sh platform/qemu-virt/qemu-args.sh "$c" "$h" 128M) \
        -nographic -bios "$OPENSBI" -kernel build/kernel.bin -initrd "$OUT/fuzz.cpio" \
        -append scripted < /dev/null > "$log" 2>&1
    status=$?
    secs=$(( $(date +%s) - start ))
    made=$(sed -n 's/^sysfuzz: \([0-9]*\) calls counted.*/\1/p' "$log" | tail -n 1)
    if [ "$status" = 0 ] && grep -aq "^fuzz: shell alive, sysfuzz status 0" "$log"; then
        echo "fuzz $t seed $seed: ${made:-0} calls in ${secs}s ($(( ${made:-0} / (secs > 0 ? secs : 1) )) calls/s), panics 0, hangs 0"
    else
        failed=$((failed + 1))
        why="exit status $status"
        [ "$status" = 124 ] && why="hang: no end after ${TIMEOUT}s"
        grep -aq 'KERNEL PANIC' "$log" && why="kernel panic"
        grep -aq 'sysfuzz: HANG' "$log" && why="a batch outlived SIGKILL"
        echo "fuzz $t seed $seed: FAILED ($why); log $log:"
        grep -a -A14 -E 'KERNEL PANIC|sysfuzz: HANG' "$log" | grep -av 'killed by signal' | sed 's/^/    /' | head -20
    fi
done
[ "$failed" = 0 ]
