#!/bin/sh
# run-tests.sh -- make sim-test: the SoC's RTL under Verilator against the
# reference model.
#
#   1. the unit benches of the RTL owners, when present
#      (fpga/tests/run-units.sh, fpga/tests/hart/run.sh);
#   2. every tests/isa program on 2x1 (2 harts), and those of one hart on 1x1,
#      under --cosim:
#      the RTL's exit status must be the model's, with zero divergences;
#   3. the random programs of rvgen.py / vmgen.py under --cosim: their
#      register dumps (lines "R...") on the RTL's UART identical to the model's;
#   4. Debian's OpenSBI + the kernel + the initrd on 2x1 under --cosim to
#      "all 2 harts of 2 clusters are up", zero divergences;
#   5. the checker bites: --corrupt flips one retired rd value, the run must
#      end in a divergence report and exit 120;
#   6. the ULX3S board top (make sim BOARD=ulx3s's binary): flash image ->
#      loader -> SDRAM -> OpenSBI banner -> sdbench (memory test, latency)
#      (fpga/tests/board/run-sim.sh).
#
# Environment (from sim.mk): MAKE BUILD ISS ISS_OUT OPENSBI KERNEL_BIN INITRD
# ISA_TESTS SEEDS TRAP_SEEDS VM_SEEDS; SIM_TEST_ONLY=isa|diff|boot|neg|units|board
# runs one part (or hart: the hart alone, tests/isa under cosim).  Ends with "sim: N passed, M failed"; exits non-zero on any
# failure.
set -u
cd "$(dirname "$0")/../.."
: "${MAKE:=make}" "${BUILD:=build}" "${ISS:=build/iss/iss}" "${ISS_OUT:=build/iss}"
: "${OPENSBI:=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin}"
: "${KERNEL_BIN:=build/kernel.bin}" "${INITRD:=build/initrd.cpio}"
: "${ISA_TESTS:=alu muldiv ldst branch rvc csr trap deleg irq_timer irq_soft lrsc amo vm misaligned uart ipi timesync sswi asid}"
: "${SEEDS:=1 2 3 4 5 6 7 8}" "${TRAP_SEEDS:=1 2 3 4}" "${VM_SEEDS:=1 2 3 4}"
ONLY=${SIM_TEST_ONLY:-}
OUT=$BUILD/sim-test
MEM=128M
mkdir -p "$OUT"
pass=0 fail=0 skipped=""
ok() { pass=$((pass + 1)); echo "PASS $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
want() { [ -z "$ONLY" ] || [ "$ONLY" = "$1" ]; }
t0=$(date +%s)

# ---- 0. the hart alone (hart_main.cpp: its memory port served by C++,
#      latency 1 and 4 cycles): the one-hart tests/isa programs under cosim
#      (not by default: the SoC runs below cover it; SIM_TEST_ONLY=hart)
if [ "$ONLY" = hart ] && [ -f fpga/rtl/hart_core.v ]; then
    if $MAKE --no-print-directory -s sim-hart BUILD="$BUILD"; then
        # (not uart, deleg, irq_soft: they need the PLIC and the UART's
        #  interrupts; not lrsc, amo, ipi, timesync: they need 2 harts)
        for t in $ISA_TESTS; do
            case $t in uart|deleg|irq_soft|lrsc|amo|ipi|timesync|sswi) continue ;; esac
            for lat in 1 4; do
                log=$OUT/hart-$t-lat$lat
                "$ISS" -q --clusters 1 --harts 1 --mem-per-cluster 16M --max-insns 50M --bare "$ISS_OUT/isa/$t.elf" < /dev/null > "$log.model" 2>&1; rm=$?
                "$BUILD/sim/hart/Vhart" -q --cosim --mem-latency $lat --max-cycles 100000000 --bare "$ISS_OUT/isa/$t.elf" < /dev/null > "$log.rtl" 2>&1; rr=$?
                if [ $rr = $rm ] && ! grep -aq DIVERGENCE "$log.rtl"; then ok "hart alone: isa $t, memory latency $lat, under cosim: exit $rr as the model"
                else
                    ko "hart alone: isa $t, memory latency $lat: rtl exit $rr, model exit $rm, see $log.rtl"
                    grep -a -A3 '^==== cosim: DIVERGENCE' "$log.rtl" | sed 's/^/    /'
                fi
            done
        done
        # the random programs: register dumps identical to the model's
        for p in $(for s in $SEEDS; do echo seed$s; done; for s in $TRAP_SEEDS; do echo trapseed$s; done
                   for s in $VM_SEEDS; do echo vmseed$s; done); do
            log=$OUT/hart-$p
            "$ISS" -q --clusters 1 --harts 1 --mem-per-cluster 16M --max-insns 50M --bare "$ISS_OUT/diff/$p.elf" < /dev/null > "$log.model" 2>&1; rm=$?
            "$BUILD/sim/hart/Vhart" -q --cosim --max-cycles 100000000 --bare "$ISS_OUT/diff/$p.elf" < /dev/null > "$log.rtl" 2>&1; rr=$?
            grep -a '^R' "$log.model" | tr -d '\r' > "$log.model.regs"
            grep -a '^R' "$log.rtl" | tr -d '\r' > "$log.rtl.regs"
            n=$(wc -l < "$log.model.regs")
            if [ $rm = 0 ] && [ $rr = 0 ] && [ "$n" -gt 0 ] && cmp -s "$log.model.regs" "$log.rtl.regs"; then
                ok "hart alone: $p: $n dump lines identical to the model's (cosim, 0 divergences)"
            else
                ko "hart alone: $p: rtl exit $rr, model exit $rm, see $log.rtl"
                grep -a -A3 '^==== cosim: DIVERGENCE' "$log.rtl" | sed 's/^/    /'
            fi
        done
    else ko "verilator build of hart_core (make sim-hart)"; fi
fi

if [ ! -f "${SIM_RTL:-fpga/rtl}/soc_top.v" ]; then
    ko "${SIM_RTL:-fpga/rtl}/soc_top.v does not exist: no SoC to simulate"
    echo "sim: $pass passed, $fail failed"
    exit 1
fi

# ---- 1. the unit benches (the RTL owners' scripts)
if want units; then
    for s in fpga/tests/run-units.sh fpga/tests/hart/run.sh; do
        if [ -f "$s" ]; then
            if sh "$s" > "$OUT/$(echo "$s" | tr / _).log" 2>&1; then
                ok "$s: $(grep -aE '[0-9]+ passed, [0-9]+ failed' "$OUT/$(echo "$s" | tr / _).log" | tail -1)"
            else
                ko "$s: see $OUT/$(echo "$s" | tr / _).log"
                tail -5 "$OUT/$(echo "$s" | tr / _).log" | sed 's/^/    /'
            fi
        else
            skipped="$skipped $s"
        fi
    done
fi

# build the two configurations used below
bin() { echo "$BUILD/sim/$1x$2-$MEM/Vsim"; }
for cfg in "1 1" "2 1"; do
    set -- $cfg
    if ! $MAKE --no-print-directory -s "$(bin "$1" "$2")" BUILD="$BUILD" CLUSTERS="$1" HARTS_PER_CLUSTER="$2" MEM_PER_CLUSTER=$MEM; then
        ko "verilator build of soc_top $1x$2"
        echo "sim: $pass passed, $fail failed"
        exit 1
    fi
done
echo "sim-test: built in $(( $(date +%s) - t0 )) s"

model() { c=$1 h=$2; shift 2; "$ISS" -q --clusters "$c" --harts "$h" --mem-per-cluster $MEM --max-insns 50M --bare "$@"; }
rtl()   { c=$1 h=$2; shift 2; "$(bin "$c" "$h")" -q --cosim --max-cycles 50M --bare "$@"; }

# ---- 2. tests/isa: the same verdicts, zero divergences
if want isa; then
    for cfg in "1 1" "2 1"; do
        set -- $cfg
        for t in $ISA_TESTS; do
            # lrsc, amo, ipi, timesync, sswi need a second hart: 2x1 only
            case $1x$2:$t in 1x1:lrsc|1x1:amo|1x1:ipi|1x1:timesync|1x1:sswi) continue ;; esac
            elf=$ISS_OUT/isa/$t.elf
            input=""
            [ "$t" = uart ] && input=abc
            log=$OUT/isa-$t-$1x$2
            printf "$input" | model "$1" "$2" "$elf" > "$log.model" 2>&1; rm=$?
            printf "$input" | rtl "$1" "$2" "$elf" > "$log.rtl" 2>&1; rr=$?
            if [ $rr = $rm ] && ! grep -aq DIVERGENCE "$log.rtl"; then
                ok "isa $t on $1x$2 under cosim: exit $rr as the model"
            else
                ko "isa $t on $1x$2: rtl exit $rr, model exit $rm, see $log.rtl"
                grep -a -A3 '^==== cosim: DIVERGENCE' "$log.rtl" | sed 's/^/    /'
            fi
        done
    done
fi

# ---- 3. random programs: register dumps identical to the model's
if want diff; then
    progs=""
    for s in $SEEDS; do progs="$progs seed$s"; done
    for s in $TRAP_SEEDS; do progs="$progs trapseed$s"; done
    for s in $VM_SEEDS; do progs="$progs vmseed$s"; done
    for p in $progs; do
        elf=$ISS_OUT/diff/$p.elf
        log=$OUT/diff-$p
        model 1 1 "$elf" < /dev/null > "$log.model" 2>&1; rm=$?
        rtl 1 1 "$elf" < /dev/null > "$log.rtl" 2>&1; rr=$?
        grep -a '^R' "$log.model" | tr -d '\r' > "$log.model.regs"
        grep -a '^R' "$log.rtl" | tr -d '\r' > "$log.rtl.regs"
        n=$(wc -l < "$log.model.regs")
        if [ $rm = 0 ] && [ $rr = 0 ] && [ "$n" -gt 0 ] && cmp -s "$log.model.regs" "$log.rtl.regs"; then
            ok "$p: $n dump lines identical to the model's (cosim, 0 divergences)"
        else
            ko "$p: rtl exit $rr, model exit $rm, see $log.rtl"
            diff "$log.model.regs" "$log.rtl.regs" | head -5 | sed 's/^/    /'
            grep -a -A3 '^==== cosim: DIVERGENCE' "$log.rtl" | sed 's/^/    /'
        fi
    done
fi

# ---- 4. OpenSBI + kernel + initrd on 2x1 under cosim to "all harts up"
if want boot; then
    log=$OUT/boot-2x1-cosim.log
    up="all 2 harts of 2 clusters are up"
    s=$(date +%s)
    "$(bin 2 1)" --cosim --max-cycles ${SIM_BOOT_CYCLES:-2000M} --bios "$OPENSBI" --kernel "$KERNEL_BIN" --initrd "$INITRD" \
        --exit-on-uart "$up" < /dev/null > "$log" 2>&1; rr=$?
    secs=$(( $(date +%s) - s ))
    if [ $rr = 0 ] && grep -aq "$up" "$log" && grep -aq "cosim: .* 0 divergences" "$log"; then
        ok "OpenSBI + kernel on 2x1 under cosim to '$up' ($(grep -a 'UART printed' "$log" | sed 's/.* at //'), ${secs} s, $(grep -ao '[0-9]* records compared' "$log"))"
    else
        ko "OpenSBI + kernel on 2x1 under cosim: exit $rr after ${secs} s, see $log"
        grep -a -A3 '^==== cosim: DIVERGENCE' "$log" | sed 's/^/    /'
        tail -3 "$log" | sed 's/^/    /'
    fi
fi

# ---- 5. the checker bites
if want neg; then
    log=$OUT/neg-corrupt.log
    "$(bin 1 1)" -q --cosim --corrupt 200 --max-cycles 10M --bare "$ISS_OUT/isa/alu.elf" < /dev/null > "$log" 2>&1; rr=$?
    if [ $rr = 120 ] && grep -aq '^==== cosim: DIVERGENCE' "$log" && grep -aq 'differing: rd/value' "$log" \
       && grep -aq '^-- the last' "$log"; then
        ok "negative: --corrupt 200 on alu -> divergence report (rd/value), exit 120"
    else
        ko "negative: --corrupt did not end in a divergence (exit $rr), see $log"
    fi
fi

# ---- 6. the board top: the short simulation (a few minutes)
if want board; then
    if [ -f fpga/boards/ulx3s/ulx3s_top.v ]; then
        if $MAKE --no-print-directory -s sim-board-build BOARD=ulx3s BUILD="$BUILD" > "$OUT/board-build.log" 2>&1; then
            vb=$(ls -d "$BUILD"/sim/board-ulx3s-2x1-40/Vboard)
            if sh fpga/tests/board/run-sim.sh "$vb" "$OUT/board" "$OPENSBI" > "$OUT/board.log" 2>&1; then
                ok "$(head -1 "$OUT/board.log" | sed 's/^ok *//')"
                tail -n +2 "$OUT/board.log"
            else
                ko "$(head -1 "$OUT/board.log" | sed 's/^FAIL *//')"
                tail -n +2 "$OUT/board.log"
            fi
        else
            ko "board top: verilating ulx3s_top failed, see $OUT/board-build.log"
        fi
    else
        skipped="$skipped board"
    fi
fi

[ -z "$skipped" ] || echo "sim-test: skipped (not present):$skipped"
echo "sim-test: $(( $(date +%s) - t0 )) s"
echo "sim: $pass passed, $fail failed"
[ $fail = 0 ]
