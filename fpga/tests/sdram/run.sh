#!/bin/sh
# run.sh -- sdram_ctrl against the checking SDRAM model (Icarus Verilog).
#
# Positive runs: the controller with the datasheet timings at several
# clocks must pass the whole bench (prints TB PASS, exit 0).
# Negative runs: the controller with one timing or the init sequence made
# wrong, or the read capture / chip clock phase wrong, must FAIL, and fail
# for the expected reason (the model's rule name or the bench's data check
# appears in the log); a negative run that passes is a failed test.
#
#   usage: run.sh [OUTDIR [NAME-PREFIX]]   (default: /tmp/sdram-tests, all runs)
# Ends with "N passed, M failed"; exit status 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
rtl=$(cd "$here/../../rtl" && pwd)
out=${1:-/tmp/sdram-tests}
only=${2:-}
mkdir -p "$out"
pass=0; fail=0

# run NAME EXPECT [param=value ...]
#   EXPECT = PASS, or an extended regular expression a failing run's log must match
run() {
    name=$1; expect=$2; shift 2
    case $name in "$only"*) ;; *) return ;; esac
    params=""
    for p in "$@"; do params="$params -Ptb_sdram.$p"; done
    if ! iverilog -g2012 -o "$out/$name.vvp" $params -s tb_sdram \
            "$rtl/sdram_ctrl.v" "$here/sdram_model.v" "$here/tb_sdram.v" >"$out/$name.log" 2>&1; then
        echo "FAIL $name: does not compile (see $out/$name.log)"; fail=$((fail + 1)); return
    fi
    vvp -n "$out/$name.vvp" >>"$out/$name.log" 2>&1
    rc=$?
    if [ "$expect" = PASS ]; then
        if [ $rc -eq 0 ] && grep -q '^TB PASS' "$out/$name.log"; then
            echo "ok   $name"; pass=$((pass + 1))
            grep '^TB: ' "$out/$name.log" | sed 's/^/       /'
        else
            echo "FAIL $name (exit $rc):"; grep -E 'ERROR|FAIL' "$out/$name.log" | head -3 | sed 's/^/       /'
            fail=$((fail + 1))
        fi
    else
        if [ $rc -ne 0 ] && grep -qE -- "$expect" "$out/$name.log"; then
            echo "ok   $name (fails as it must: $(grep -m1 -E 'ERROR|FAIL' "$out/$name.log"))"
            pass=$((pass + 1))
        else
            echo "FAIL $name: expected a failure with '$expect', got exit $rc:"
            grep -E 'ERROR|FAIL|PASS' "$out/$name.log" | head -3 | sed 's/^/       /'
            fail=$((fail + 1))
        fi
    fi
}

# runm NAME EXPECT CASE: one directed case of tb_model (the checker itself)
runm() {
    name=$1; expect=$2; case_n=$3
    case $name in "$only"*) ;; *) return ;; esac
    if ! iverilog -g2012 -o "$out/$name.vvp" -Ptb_model.CASE=$case_n -s tb_model \
            "$here/sdram_model.v" "$here/tb_model.v" >"$out/$name.log" 2>&1; then
        echo "FAIL $name: does not compile (see $out/$name.log)"; fail=$((fail + 1)); return
    fi
    vvp -n "$out/$name.vvp" >>"$out/$name.log" 2>&1
    rc=$?
    if [ "$expect" = PASS ]; then
        if [ $rc -eq 0 ] && grep -q '^MODEL-TB PASS' "$out/$name.log" && ! grep -q ERROR "$out/$name.log"; then
            echo "ok   $name"; pass=$((pass + 1))
        else
            echo "FAIL $name (exit $rc):"; grep -E 'ERROR' "$out/$name.log" | head -3 | sed 's/^/       /'
            fail=$((fail + 1))
        fi
    elif [ $rc -ne 0 ] && grep -qE -- "$expect" "$out/$name.log"; then
        echo "ok   $name (fails as it must: $(grep -m1 ERROR "$out/$name.log"))"; pass=$((pass + 1))
    else
        echo "FAIL $name: expected '$expect', got exit $rc: $(grep -m1 -E 'ERROR|END' "$out/$name.log")"
        fail=$((fail + 1))
    fi
}

SMALL="SEQ_N=256 RND_N=256 N_RANDOM=2000 IDLE_US=100"

# --- positive: datasheet timings ------------------------------------------
run p40_cl2   PASS CLK_PERIOD_PS=25000 CL=2
run p50_cl2   PASS CLK_PERIOD_PS=20000 CL=2
run p50_cl3   PASS CLK_PERIOD_PS=20000 CL=3 N_RANDOM=5000 IDLE_US=300
run p100_cl3  PASS CLK_PERIOD_PS=10000 CL=3 SDCLK_LAG_PS=2500
run p133_cl3  PASS CLK_PERIOD_PS=7500  CL=3 SDCLK_LAG_PS=1800 N_RANDOM=5000 IDLE_US=300

# --- negative: the checker must bite ------------------------------------------
# (at 40-50 MHz tRCD, tRP and tWR are one cycle whatever the setting, so the
#  timing violations are provoked at 100 MHz where they span several cycles)
run n_trcd    'ERROR \[tRCD\]'  CLK_PERIOD_PS=10000 CL=3 SDCLK_LAG_PS=2500 C_TRCD_NS=10 $SMALL
run n_trp     'ERROR \[tRP\]'   CLK_PERIOD_PS=10000 CL=3 SDCLK_LAG_PS=2500 C_TRP_NS=10 $SMALL
run n_twr     'ERROR \[tWR\]'   CLK_PERIOD_PS=10000 CL=3 SDCLK_LAG_PS=2500 C_TWR_NS=5 $SMALL
run n_trfc    'ERROR \[tRFC\]'  CLK_PERIOD_PS=10000 CL=3 SDCLK_LAG_PS=2500 C_TRFC_NS=30 $SMALL
run n_trefi   'ERROR \[tREFI\]' CLK_PERIOD_PS=25000 CL=2 C_TREFI_NS=16000 $SMALL
# 1 % too slow: the owed refreshes pile up; the model checks the average rate
run n_trefi_slow 'ERROR \[tREFI\]' CLK_PERIOD_PS=25000 CL=2 C_TREFI_NS=7900 SEQ_N=256 RND_N=256 N_RANDOM=2000 IDLE_US=2000
run n_init    'ERROR \[init\].*NOPs'  CLK_PERIOD_PS=25000 CL=2 C_T_INIT_NS=100000 $SMALL
run n_initref 'ERROR \[init\].*AUTO REFRESH'  CLK_PERIOD_PS=25000 CL=2 C_INIT_REFS=1 $SMALL
run n_tck     'ERROR \[tCK\]'   CLK_PERIOD_PS=7500  CL=2 SDCLK_LAG_PS=1800 $SMALL
run n_phase   'ERROR \[(setup|hold)\]' CLK_PERIOD_PS=25000 CL=2 SDCLK_LAG_PS=0 $SMALL
run n_capture 'TB FAIL: DATA MISMATCH' CLK_PERIOD_PS=25000 CL=2 RD_EXTRA=1 $SMALL

# --- the checker on its own: directed command sequences (tb_model.v) ----------
runm m00_legal    PASS                              0
runm m01_tras     'ERROR \[tRAS\]'                  1
runm m02_trc      'ERROR \[tRC\]'                   2
runm m03_trrd     'ERROR \[tRRD\]'                  3
runm m04_tmrd     'ERROR \[tMRD\]'                  4
runm m05_rd_idle  'ERROR \[cmd\].*READ to bank 0 which is idle' 5
runm m06_act_act  'ERROR \[cmd\].*already active'   6
runm m07_ref_act  'ERROR \[cmd\].*AUTO REFRESH while' 7
runm m08_rd_rd    'ERROR \[burst\].*interrupts'     8
runm m09_pre_rd   'ERROR \[burst\].*truncates'      9
runm m10_wr_rd    'ERROR \[burst\].*read data'      10
runm m11_dq       'ERROR \[dq\].*contention'        11
runm m12_wdata    'ERROR \[dq\].*undriven'          12
runm m13_mode     'ERROR \[mode\]'                  13
runm m14_init     'ERROR \[init\].*before the mode' 14
runm m15_trefi    'ERROR \[tREFI\]'                 15
runm m16_trasmax  'ERROR \[tRAS\].*max'             16
runm m17_cke      'ERROR \[cke\]'                   17
runm m18_bst      'ERROR \[cmd\].*BURST TERMINATE'  18
runm m19_autopre  'ERROR \[cmd\].*auto precharge'   19
runm m20_init     'ERROR \[init\].*NOPs'            20
runm m21_trcd     'ERROR \[tRCD\]'                  21

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
