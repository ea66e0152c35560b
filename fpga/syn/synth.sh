#!/bin/sh
# synth.sh -- yosys synth_ecp5 of one hart and of a whole SoC; prints the
# resources each uses as a table (LUT4, carry cells, flip-flops, block RAM,
# distributed RAM, 18x18 multipliers).  Debian's yosys is the synthesis
# check; place and route (Fmax) is the FPGA flow's job (make fpga).
#
#   usage: synth.sh OUTDIR [CLUSTERS HARTS_PER_CLUSTER MEM_PER_CLUSTER]
#
# The SoC is synthesized with small RAM banks (MEM_PER_CLUSTER, default
# 64 KiB, block RAM) since the board keeps its real banks in SDRAM.
set -eu
out=${1:?usage: synth.sh OUTDIR [CLUSTERS HARTS MEM]}
clusters=${2:-2}; harts=${3:-2}; mem=${4:-65536}
rtl=$(cd "$(dirname "$0")/../rtl" && pwd)
mkdir -p "$out"
command -v yosys >/dev/null || { echo "synth: yosys not found (make deps installs it)"; exit 1; }

# run TOP LOG [chparam...]: synthesize TOP, keep the log
run() {
    top=$1; log=$2; shift 2
    yosys -q -l "$log" -p "read_verilog -sv -I$rtl $(ls "$rtl"/*.v | tr '\n' ' ');
        $* hierarchy -check -top $top; synth_ecp5 -top $top; stat" >/dev/null
}

# count CELL LOG: the last "CELL N" of the final statistics
count() { awk -v c="$2" '$1 == c { n = $2 } END { print n + 0 }' "$1"; }

row() {
    printf '%-28s %8s %8s %8s %8s %8s %8s\n' "$1" "$(count "$2" LUT4)" "$(count "$2" CCU2C)" \
        "$(count "$2" TRELLIS_FF)" "$(count "$2" DP16KD)" "$(count "$2" TRELLIS_DPR16X4)" \
        "$(count "$2" MULT18X18D)"
}

echo "synth: hart_core (yosys synth_ecp5) ..." >&2
run hart_core "$out/hart.log"
echo "synth: soc_top ${clusters}x${harts}, ${mem} bytes per bank ..." >&2
run soc_top "$out/soc.log" "chparam -set CLUSTERS $clusters -set HARTS_PER_CLUSTER $harts -set MEM_PER_CLUSTER $mem soc_top;"

printf '%-28s %8s %8s %8s %8s %8s %8s\n' "design (ECP5)" LUT4 CCU2C FF DP16KD DPR16X4 MULT18
row "hart_core" "$out/hart.log"
row "soc_top ${clusters}x${harts}" "$out/soc.log"
echo "(CCU2C: 2-bit carry cells, each 2 LUT4 of the slice; logs in $out)"
