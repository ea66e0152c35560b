#!/bin/sh
# run-units.sh -- every unit bench under fpga/tests except hart/ (the hart
# has its own, fpga/tests/hart/run.sh):
#   soc/tb_arbiter.cpp   noc_arbiter: reference round-robin, fairness (N = 2, 5)
#   soc/tb_fabric.cpp    soc_fabric: random traffic vs a reference memory,
#                        exact latency, bounded wait (several shapes and
#                        REMOTE_LATENCY 0, 1, 3, 8)
#   soc/tb_devices.v     CLINT, ACLINT SSWI, PLIC, UART, finisher registers
#   soc/tb_soc.cpp       soc_top with hart_core running soc/prog.S (1x1, 2x2)
#   sdram/run.sh         sdram_ctrl against its checking model
#   sdram/tb_twin.cpp    sdram_ctrl against the cycle-based twin of the board
#                        simulation (fpga/sim/sdram_twin.h): datasheet times
#                        pass; a time set too short must be caught by name
# Verilator builds are kept in OUTDIR and redone only when a source is newer.
#
#   usage: run-units.sh [OUTDIR [NAME-PREFIX]]   (default: build/tests/units)
# Ends with "N passed, M failed"; exit status 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rtl=$root/fpga/rtl
soc=$here/soc
out=${1:-$root/build/tests/units}
only=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)
pass=0; fail=0
VFLAGS="--cc --exe --build -j 2 -Wno-fatal -Wno-lint -Wno-style -y $rtl +incdir+$rtl"

# stale BIN FILE...: BIN missing or older than one of the files (or the RTL)
stale() {
    bin=$1; shift
    [ -x "$bin" ] || return 0
    for f in "$@" "$rtl"/*.v "$rtl"/*.vh; do [ "$f" -nt "$bin" ] && return 0; done
    return 1
}

# verilate NAME TOP CPP [verilator args...]: build $out/NAME/tb
verilate() {
    name=$1; vtop=$2; cpp=$3; shift 3
    if stale "$out/$name/tb" "$cpp" "$here/run-units.sh"; then
        rm -rf "$out/$name"
        verilator $VFLAGS --top-module "$vtop" --Mdir "$out/$name" -o tb "$@" "$cpp" \
            >"$out/$name.build.log" 2>&1 || return 1
    fi
    return 0
}

# result NAME STATUS LOG
result() {
    if [ "$2" -eq 0 ]; then echo "ok   $1"; pass=$((pass + 1)); else echo "FAIL $1 (see $3)"; fail=$((fail + 1)); fi
    tail -n 3 "$3" | grep -v '^- ' | sed 's/^/       /'
}

want() { case $1 in "$only"*) return 0 ;; *) return 1 ;; esac; }

arbiter() {   # N
    name=arbiter-$1; want "$name" || return
    if ! verilate "$name" noc_arbiter "$soc/tb_arbiter.cpp" -O1 -GN="$1" -CFLAGS "-O1 -DN=$1" "$rtl/noc_arbiter.v"; then
        result "$name" 1 "$out/$name.build.log"; return
    fi
    "$out/$name/tb" >"$out/$name.log" 2>&1; result "$name" $? "$out/$name.log"
}

fabric() {    # CLUSTERS HPC LATENCY
    name=fabric-$1x$2-L$3; want "$name" || return
    if ! verilate "$name" soc_fabric "$soc/tb_fabric.cpp" -O2 --x-assign unique --x-initial unique \
            -GCLUSTERS="$1" -GHPC="$2" -GMEM="64'd4096" -GLATENCY="$3" \
            -CFLAGS "-O1 -DCLUSTERS=$1 -DHPC=$2 -DMEM=4096 -DLATENCY=$3" "$soc/fabric.vlt" "$rtl/soc_fabric.v"; then
        result "$name" 1 "$out/$name.build.log"; return
    fi
    "$out/$name/tb" >"$out/$name.log" 2>&1; result "$name" $? "$out/$name.log"
}

devices() {
    name=devices; want "$name" || return
    if stale "$out/$name/tb" "$soc/tb_devices.v"; then
        rm -rf "$out/$name"
        verilator --binary -j 2 --timing -Wno-fatal -Wno-lint -Wno-style -O1 -I"$rtl" --top-module tb_devices \
            --Mdir "$out/$name" -o tb "$soc/tb_devices.v" "$rtl/clint.v" "$rtl/aclint_sswi.v" "$rtl/plic.v" "$rtl/uart16550.v" \
            "$rtl/soc_finisher.v" >"$out/$name.build.log" 2>&1 || { result "$name" 1 "$out/$name.build.log"; return; }
    fi
    "$out/$name/tb" >"$out/$name.log" 2>&1
    st=$?; grep -q '0 failed' "$out/$name.log" || st=1
    result "$name" $st "$out/$name.log"
}

soc_run() {   # CLUSTERS HPC
    name=soc-$1x$2; want "$name" || return
    mem=65536
    prog=$out/$name.prog
    mkdir -p "$prog"
    if ! riscv64-unknown-elf-gcc -nostdlib -march=rv64imac_zicsr -mabi=lp64 -DCLUSTERS="$1" -DHPC="$2" -DMEM=$mem \
            -T "$soc/prog.ld" -o "$prog/prog.elf" "$soc/prog.S" >"$out/$name.build.log" 2>&1 ||
       ! riscv64-unknown-elf-objcopy -O binary -j .rom "$prog/prog.elf" "$prog/rom.bin" ||
       ! riscv64-unknown-elf-objcopy -O binary -j .text "$prog/prog.elf" "$prog/ram.bin"; then
        result "$name" 1 "$out/$name.build.log"; return
    fi
    if ! verilate "$name" soc_top "$soc/tb_soc.cpp" -O3 --x-assign fast --x-initial fast \
            -GCLUSTERS="$1" -GHARTS_PER_CLUSTER="$2" -GMEM_PER_CLUSTER="64'd$mem" \
            -CFLAGS "-O1 -DCLUSTERS=$1 -DHPC=$2 -DMEM=$mem" "$soc/fabric.vlt" "$rtl/soc_top.v"; then
        result "$name" 1 "$out/$name.build.log"; return
    fi
    "$out/$name/tb" "$prog/rom.bin" "$prog/ram.bin" >"$out/$name.log" 2>&1; result "$name" $? "$out/$name.log"
}

twin() {      # NAME CLK_PERIOD_PS CAS_LATENCY EXPECT [-Gparam=value...]
    #   EXPECT = PASS, or the rule the twin must report ("SDRAM-TWIN ERROR [rule]")
    name=twin-$1; ps=$2; cl=$3; expect=$4; shift 4
    want "$name" || return
    if ! verilate "$name" sdram_ctrl "$here/sdram/tb_twin.cpp" -O1 -GCLK_PERIOD_PS="$ps" -GCAS_LATENCY="$cl" "$@" \
            -CFLAGS "-O1 -I$root/fpga/sim -DTCK_PS=$ps" "$rtl/sdram_ctrl.v"; then
        result "$name" 1 "$out/$name.build.log"; return
    fi
    "$out/$name/tb" >"$out/$name.log" 2>&1
    st=$?
    if [ "$expect" = PASS ]; then
        [ $st -eq 0 ] && grep -q '^TB PASS' "$out/$name.log" || st=1
    elif [ $st -ne 0 ] && grep -qF "SDRAM-TWIN ERROR [$expect]" "$out/$name.log"; then
        st=0; echo "must fail [$expect]: $(grep -m1 -F 'SDRAM-TWIN ERROR' "$out/$name.log")" >>"$out/$name.log"
    else
        echo "expected a failure [$expect], got exit $st" >>"$out/$name.log"; st=1
    fi
    result "$name" $st "$out/$name.log"
}

arbiter 2
arbiter 5
fabric 2 2 8
fabric 3 2 1
fabric 2 1 0
fabric 1 3 3
devices
soc_run 1 1
soc_run 2 2
twin 40      25000 2 PASS
twin 100     10000 3 PASS
twin trfc    25000 2 tRFC  -GTRFC_NS=20
twin trefi   25000 2 tREFI -GTREFI_NS=20000
twin trcd    10000 3 tRCD  -GTRCD_NS=10
twin trp     10000 3 tRP   -GTRP_NS=10
twin twr     10000 3 tWR   -GTWR_NS=5
if want sdram; then
    "$here/sdram/run.sh" "$out/sdram" >"$out/sdram.log" 2>&1; result sdram $? "$out/sdram.log"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
