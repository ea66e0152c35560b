#!/bin/sh
# run.sh - QEMU integration tests: the in-kernel self-tests on several
# topologies, user space and its test suite, the console as a terminal
# (tty.sh), and machines the kernel must refuse with a clear error.
#
# Each case boots build/kernel.bin under Debian's OpenSBI on QEMU virt with
# a timeout, checks the exit status QEMU reports (the test finisher's) and
# a line the console must show.  A failing case prints the console's tail.
# Ends with "qemu: N passed, M failed"; exits non-zero on any failure.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -u
cd "$(dirname "$0")/../.."
KERNEL=build/kernel.bin
OPENSBI=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
OUT=build/qemu-test
TIMEOUT=${QEMU_TEST_TIMEOUT:-300}   # per boot; the user suite takes minutes on a loaded host
mkdir -p "$OUT"
passed=0 failed=0

# boot NAME EXPECT(pass|fail) REGEX CLUSTERS HARTS MEM BOOTARGS [extra qemu args...]
# Environment for qemu-args.sh (NODE_HARTS, NODE_MEMS, NUMA) passes through.
boot() {
    name=$1 expect=$2 regex=$3 clusters=$4 harts=$5 mem=$6 args=$7
    shift 7
    log="$OUT/$name.log"
    machine=$(sh platform/qemu-virt/qemu-args.sh "$clusters" "$harts" "$mem")
    start=$(date +%s)
    # shellcheck disable=SC2086
    : > "$log"
    # With INPUT set, type it at the console once the monitor's prompt is up.
    feed() {
        [ -n "${INPUT:-}" ] || return 0
        i=0
        while ! grep -aq 'monitor ready' "$log" && [ $i -lt $((TIMEOUT * 5)) ]; do
            sleep 0.2; i=$((i + 1))
        done
        printf "$INPUT"
        # Keep stdin open until the machine is off (or the timeout).
        while ! grep -aqE 'halting|KERNEL PANIC' "$log" && [ $i -lt $((TIMEOUT * 5)) ]; do
            sleep 0.2; i=$((i + 1))
        done
    }
    initrd=""
    if [ -n "${RUN_CMD:-}" ]; then
        CMD=$RUN_CMD sh tools/initrd-cmd.sh build/initrd.cpio "$OUT/$name.cpio"
        initrd="-initrd $OUT/$name.cpio"
    fi
    # shellcheck disable=SC2086
    feed | timeout "$TIMEOUT" qemu-system-riscv64 $machine -nographic -bios "$OPENSBI" \
        -kernel "$KERNEL" $initrd -append "$args" "$@" > "$log" 2>&1
    status=$?
    secs=$(( $(date +%s) - start ))
    verdict=ok why=""
    if [ "$status" = 124 ]; then
        verdict=FAIL why="timed out after ${TIMEOUT}s"
    elif [ "$expect" = pass ] && [ "$status" != 0 ]; then
        verdict=FAIL why="exit status $status, expected 0"
    elif [ "${expect#exit}" != "$expect" ] && [ "$status" != "${expect#exit}" ]; then
        verdict=FAIL why="exit status $status, expected ${expect#exit}"
    elif [ "$expect" = fail ] && [ "$status" = 0 ]; then
        verdict=FAIL why="exit status 0, expected a failure"
    elif [ -n "$regex" ] && ! grep -aEq "$regex" "$log"; then
        verdict=FAIL why="console lacks /$regex/"
    fi
    if [ "$verdict" = ok ]; then
        passed=$((passed + 1))
        printf '  [ ok ] %-28s (%ss, exit %s)\n' "$name" "$secs" "$status"
    else
        failed=$((failed + 1))
        printf '  [FAIL] %-28s %s; console tail (%s):\n' "$name" "$why" "$log"
        tail -n 25 "$log" | sed 's/^/         | /'
    fi
}

# log_has NAME REGEX WHAT: the console of boot NAME shows REGEX (a check of
# its own, counted like a boot).
log_has() {
    if grep -aEq "$2" "$OUT/$1.log"; then
        passed=$((passed + 1))
        printf '  [ ok ] %-28s (%s)\n' "$1: $3" "$2"
    else
        failed=$((failed + 1))
        printf '  [FAIL] %-28s console lacks /%s/ (%s)\n' "$1: $3" "$2" "$OUT/$1.log"
    fi
}

# A device tree of QEMU's own, edited with dtc (for machines QEMU cannot
# be told to make): $1 = output, $2 = sed script on the source, rest = machine.
edited_dtb() {
    out=$1 script=$2
    shift 2
    qemu-system-riscv64 "$@" -nographic -machine dumpdtb="$out.orig" > /dev/null 2>&1
    dtc -q -I dtb -O dts "$out.orig" | sed "$script" | dtc -q -I dts -O dtb -o "$out"
}

[ -f "$KERNEL" ] || { echo "qemu: $KERNEL missing (make kernel)"; exit 1; }
echo "qemu: self-test boots (timeout ${TIMEOUT}s each)"
boot selftest-1x1 pass '^[0-9]+ passed, 0 failed' 1 1 128M selftest
boot selftest-1x4 pass '^[0-9]+ passed, 0 failed' 1 4 128M selftest
boot selftest-2x2 pass '^[0-9]+ passed, 0 failed' 2 2 128M selftest
boot selftest-4x1 pass '^[0-9]+ passed, 0 failed' 4 1 128M selftest
boot selftest-4x2 pass '^[0-9]+ passed, 0 failed' 4 2 128M selftest
NODE_HARTS=1,2,1 NODE_MEMS=64M,128M,96M \
boot selftest-uneven-3 pass '^[0-9]+ passed, 0 failed' 3 1 64M selftest
# IPIs: through SBI without ACLINT devices, through the ACLINT SSWI with them
log_has selftest-2x2 'IPIs by SBI,' 'doorbell is SBI'
ACLINT=1 \
boot selftest-2x2-aclint pass '^[0-9]+ passed, 0 failed' 2 2 128M selftest
log_has selftest-2x2-aclint 'IPIs by ACLINT SSWI,' 'doorbell is the SSWI'
ACLINT=1 \
boot selftest-4x2-aclint-aplic pass '^[0-9]+ passed, 0 failed' 4 2 128M selftest
log_has selftest-4x2-aclint-aplic 'IPIs by ACLINT SSWI,' 'doorbell is the SSWI'
NUMA=0 \
boot selftest-split-clusters=2 pass 'clusters=.*split|split by clusters' 2 2 128M "selftest clusters=2"

echo "qemu: console input (UART receive interrupt) through the kernel monitor"
INPUT='stat\rhalt\r' \
boot monitor-plic-2x2 pass 'cluster 1: 128 MiB, [0-9]+ free pages, 2 cores' 2 2 128M ""
# The panic path: the message, a backtrace naming the functions, every
# core stopped, a failing exit status.
INPUT='panic\r' \
boot monitor-panic-backtrace-2x2 exit1 '^      0x[0-9a-f]+ monitor_(run|poll)\+0x[0-9a-f]+' 2 2 128M ""
INPUT='stat\rhalt\r' \
boot monitor-aplic-4x1 pass 'cluster 3: 128 MiB, [0-9]+ free pages, 1 cores' 4 1 128M ""

echo "qemu: user space (init, shell, the user test suite)"
[ -f build/initrd.cpio ] || { echo "qemu: build/initrd.cpio missing (make user)"; exit 1; }
RUN_CMD='ls /bin; echo ok' \
boot shell-ls-echo pass '^ok' 2 2 128M ""
RUN_CMD='exit 3' \
boot shell-exit-3 exit3 'halt \(status 3\)' 2 2 128M ""
RUN_CMD='echo one | cat > /tmp/f; cat /tmp/f; ps; free; pgstat' \
boot shell-pipe-redirect pass '^one' 2 2 128M ""
RUN_CMD='utest' \
boot utest-1x1 pass '^utest: [0-9]+ passed, 0 failed' 1 1 128M ""
RUN_CMD='utest' \
boot utest-2x2 pass '^utest: [0-9]+ passed, 0 failed' 2 2 128M ""
RUN_CMD='utest' \
boot utest-4x1 pass '^utest: [0-9]+ passed, 0 failed' 4 1 128M ""
RUN_CMD='utest' \
boot utest-4x2 pass '^utest: [0-9]+ passed, 0 failed' 4 2 128M ""
RUN_CMD='utest' ACLINT=1 \
boot utest-2x2-aclint pass '^utest: [0-9]+ passed, 0 failed' 2 2 128M ""
# the FPGA board keeps two 16 MiB banks in its SDRAM: the whole user suite
# must run in 16 MiB per cluster
RUN_CMD='utest' \
boot utest-2x2-16M-per-cluster pass '^utest: [0-9]+ passed, 0 failed' 2 2 16M ""
RUN_CMD='utest' NODE_HARTS=1,2,1 NODE_MEMS=64M,128M,96M \
boot utest-uneven-3 pass '^utest: [0-9]+ passed, 0 failed' 3 1 64M ""
# Concurrent forks from 20 threads of one process in one cluster of two
# harts (the whole suite runs them on the machines above): where lock-order
# deadlocks between fork, exit and COW and a lost wake-up in wait() hung
# the machine
RUN_CMD='utest t_forkstorm t_vmmstress' \
boot forkstorm-1x2 pass '^utest: 2 passed, 0 failed' 1 2 128M ""

# The system-call fuzzer, short (make fuzz runs the long one): a fixed
# number of calls from fixed seeds, on the machines where it runs clean
# today.  The verdict is the kernel's survival only: no panic, every batch
# ended by its SIGKILL (-g 0: sysfuzz waits for it however long; a batch
# that never ends is the boot's timeout), the shell back, the machine off
# with status 0.  Not yet on 2x2: with seed 3 the fork of batch 18 fails
# (thread_user_fork: -ENOMEM in cluster 0 after batch 17 was killed) and
# sysfuzz ends with status 1.
RUN_CMD='sysfuzz -s 1 -n 20000 -g 0; echo fuzz: shell alive, sysfuzz status $?' \
boot sysfuzz-1x1-seed1 pass '^fuzz: shell alive, sysfuzz status 0' 1 1 128M ""
RUN_CMD='sysfuzz -s 2 -n 20000 -g 0; echo fuzz: shell alive, sysfuzz status $?' \
boot sysfuzz-1x2-seed2 pass '^fuzz: shell alive, sysfuzz status 0' 1 2 128M ""

# One thread per hart over four clusters (threads in process copies): the
# workers say where they ran; the last app's result line ends the boot.
RUN_CMD='matmul 8; psort 8; fft 8' \
boot apps-8-threads-4x2 pass '^fft threads=8 .* ok' 4 2 128M ""
RUN_CMD='matmul 8' \
boot matmul-8-placed-4x2 pass '^matmul: worker clusters 0 0 1 1 2 2 3 3' 4 2 128M ""

# The TLB-coherence test must fail when the kernel skips its shootdowns.
# Processes stay in cluster 0 (place=local).  Whether the writer's stale
# entry is seen depends on when the harts run: with QEMU's hart threads
# scheduled by the host it shows in some boots only, so the case runs under
# -icount (harts in turns, virtual time: the same run every time, and t_tlb
# catches the leak in every round).  Should a change of timing hide it, the
# case boots up to 4 times and passes at the first boot where t_tlb fails.
tlb_negative() {
    n=1
    while :; do
        RUN_CMD='utest t_tlb' \
        boot tlb-test-fails-without-shootdown fail '\[FAIL\] t_tlb' 2 2 128M "noshootdown place=local" \
            -icount shift=0 > "$OUT/tlb-negative.out"
        if grep -q '\[ ok \]' "$OUT/tlb-negative.out" || [ $n -ge 4 ]; then
            [ $n -gt 1 ] && failed=$((failed - (n - 1)))
            sed "s/(\([0-9]*s\), /(boot $n of up to 4, \1, /" "$OUT/tlb-negative.out"
            return
        fi
        n=$((n + 1))
    done
}
tlb_negative

# A hart whose start the firmware lost is started again while the others
# wait for it at boot.  Bootarg skiphart: the boot hart does not start it;
# stalestart: the boot hart starts it at the image's _start, where OpenSBI
# 1.1 sends a hart that reads its start address too early -- it must stop
# there without touching the boot hart's stack, and be started again.
# OpenSBI's boot-hart lottery can pick hart 5 itself, which then has nothing
# to skip: such a boot is not counted and the machine boots again (4 at most).
lost_hart() {
    name=$1 arg=$2 n=1
    while :; do
        RUN_CMD='echo ok' \
        boot "$name" pass 'hart 5 still stopped in the firmware: started again' 4 2 128M "$arg" \
            > "$OUT/$name.out"
        if ! grep -aq 'boot hart 5 in' "$OUT/$name.log" || [ $n -ge 4 ]; then
            sed "s/(\([0-9]*s\), /(boot $n of up to 4, \1, /" "$OUT/$name.out"
            return
        fi
        grep -q '\[ ok \]' "$OUT/$name.out" && passed=$((passed - 1)) || failed=$((failed - 1))
        n=$((n + 1))
    done
}
lost_hart lost-hart-started-again skiphart=5
lost_hart stale-start-stopped-and-started stalestart=5

echo "qemu: the console as a terminal (tests/qemu/tty.sh, in tmux)"
sh tests/qemu/tty.sh > "$OUT/tty.log" 2>&1
sed -n '2,$p' "$OUT/tty.log" | grep -v '^tty: [0-9]* passed'
tty_line=$(grep -aE '^tty: [0-9]+ passed, [0-9]+ failed' "$OUT/tty.log" | tail -n 1)
if [ -n "$tty_line" ]; then
    passed=$((passed + $(echo "$tty_line" | sed -E 's/^tty: ([0-9]+) passed.*/\1/')))
    failed=$((failed + $(echo "$tty_line" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
else
    failed=$((failed + 1))
    echo "  [FAIL] tty.sh ended without its summary ($OUT/tty.log)"
fi

echo "qemu: machines the kernel must refuse"
NODE_HARTS=1,1 NODE_MEMS=128M,2M \
boot refuse-small-slice fail 'cannot boot: cluster 1: .*cannot hold the kernel copy' 2 1 128M ""
NUMA=0 \
boot refuse-clusters-gt-harts fail 'cannot boot: bootargs: clusters=4 but the machine has only 2 harts' 1 2 128M "clusters=4"
NUMA=0 \
boot refuse-bad-clusters-arg fail 'cannot boot: bootargs: clusters=x2 is not a number' 1 2 128M "clusters=x2"
NUMA=0 \
boot refuse-9-harts-per-cluster fail 'cannot boot: cluster 0 has more than 8 harts' 1 9 128M ""
machine=$(sh platform/qemu-virt/qemu-args.sh 2 1 128M)
# shellcheck disable=SC2086
edited_dtb "$OUT/uart-disabled.dtb" 's|serial@10000000 {|&\n status = "disabled";|' $machine
boot refuse-uart-disabled fail 'cannot boot: device tree: no ns16550a UART' 2 1 128M "" \
    -dtb "$OUT/uart-disabled.dtb"
# Without any UART node OpenSBI itself has no console, so nothing can be
# printed: the run must still end with a failing status, not hang.
# shellcheck disable=SC2086
edited_dtb "$OUT/uart-removed.dtb" '/serial@10000000 {/,/};/d' $machine
boot refuse-uart-removed fail '' 2 1 128M "" -dtb "$OUT/uart-removed.dtb"

# Trees the kernel must refuse with a failing exit status (not SBI's
# shutdown, which QEMU reports as success): overlapping memory, memory over
# a device's registers, cell sizes the reader does not take.
machine=$(sh platform/qemu-virt/qemu-args.sh 2 2 128M)
edited_dtb "$OUT/memory-overlap.dtb" 's|reg = <0x00 0x88000000 0x00 0x8000000>|reg = <0x00 0x84000000 0x00 0x8000000>|' $machine
boot refuse-memory-overlap fail 'cannot boot: device tree: memory .* overlaps memory' 2 2 128M "" \
    -dtb "$OUT/memory-overlap.dtb"
machine=$(sh platform/qemu-virt/qemu-args.sh 1 1 128M)
edited_dtb "$OUT/memory-on-uart.dtb" 's|reg = <0x00 0x80000000 0x00 0x8000000>|reg = <0x00 0x10000000 0x00 0x8000000>|' $machine
boot refuse-memory-on-uart fail 'cannot boot: device tree: memory .* covers the UART' 1 1 128M "" \
    -dtb "$OUT/memory-on-uart.dtb"
edited_dtb "$OUT/address-cells-3.dtb" 's|^\t#address-cells = <0x02>;|\t#address-cells = <0x03>;|' $machine
boot refuse-address-cells-3 fail 'cannot boot: device tree: .*#address-cells must be 1 or 2' 1 1 128M "" \
    -dtb "$OUT/address-cells-3.dtb"

# A scripted run whose initrd is corrupt powers off with a failure instead
# of waiting in the kernel monitor (bootarg "scripted", set by make run CMD=).
{ head -c 4096 build/initrd.cpio; printf 'not a cpio header'; } > "$OUT/corrupt.cpio"
boot scripted-corrupt-initrd exit1 'scripted run and no user space: powering off' 1 1 128M \
    "scripted" -initrd "$OUT/corrupt.cpio"

echo "qemu: $passed passed, $failed failed"
[ "$failed" = 0 ]
