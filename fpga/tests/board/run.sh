#!/bin/sh
# run.sh -- benches of the board pieces (Icarus Verilog): the UART
# serialiser/deserialiser and the flash boot path (image file -> SPI flash
# model -> board_flash_loader -> sdram_ctrl -> checking SDRAM model -> read
# back and compared).  Images are built with tools/fpga-image.py from small
# random parts (and the real device tree) so a run takes seconds.
#
#   usage: run.sh [OUTDIR [NAME-PREFIX]]      (default /tmp/board-tests)
# Ends with "N passed, M failed"; exit status 1 if any failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
rtl=$top/fpga/rtl
out=${1:-/tmp/board-tests}
only=${2:-}
mkdir -p "$out"
pass=0; fail=0
img="python3 $top/tools/fpga-image.py"

# the images: good, corrupted part 3 / part 0 / header, built for 2 x 32 MiB
# (its device tree lies elsewhere: the loader must refuse it)
head -c 600  /dev/urandom > "$out/fw.bin"
head -c 1000 /dev/urandom > "$out/kernel.bin"
head -c 1501 /dev/urandom > "$out/initrd.bin"
parts="--fw $out/fw.bin --kernel $out/kernel.bin --initrd $out/initrd.bin"
$img build -o "$out/good.img" $parts >"$out/image.log" 2>&1 || { echo "FAIL: fpga-image.py build"; cat "$out/image.log"; exit 1; }
$img build -o "$out/mem32.img" $parts --mem 32M >>"$out/image.log" 2>&1
$img corrupt "$out/good.img" "$out/bad3.img" --part 3
$img corrupt "$out/good.img" "$out/bad0.img" --part 0
$img corrupt "$out/good.img" "$out/badhdr.img" --header
$img check "$out/bad3.img" >/dev/null 2>&1 && { echo "FAIL: fpga-image.py check accepts a corrupted image"; fail=$((fail + 1)); }

# run NAME TOP EXPECT FILES -- [param=value ...]
#   EXPECT = PASS, or an extended regular expression a failing log must match
run() {
    name=$1; tb=$2; expect=$3; files=$4; shift 4
    case $name in "$only"*) ;; *) return ;; esac
    params=""
    for p in "$@"; do params="$params -P$tb.$p"; done
    if ! iverilog -g2012 -o "$out/$name.vvp" $params -s "$tb" $files >"$out/$name.log" 2>&1; then
        echo "FAIL $name: does not compile (see $out/$name.log)"; fail=$((fail + 1)); return
    fi
    (cd "$out" && vvp -n "$name.vvp") >>"$out/$name.log" 2>&1
    rc=$?
    if [ "$expect" = PASS ]; then
        if [ $rc -eq 0 ] && grep -q '^TB PASS' "$out/$name.log"; then
            echo "ok   $name"; pass=$((pass + 1))
            grep '^TB: ' "$out/$name.log" | sed 's/^/       /'
        else
            echo "FAIL $name (exit $rc):"; grep -E 'ERROR|FAIL' "$out/$name.log" | head -3 | sed 's/^/       /'
            fail=$((fail + 1))
        fi
    elif [ $rc -ne 0 ] && grep -qE -- "$expect" "$out/$name.log"; then
        echo "ok   $name (fails as it must: $(grep -m1 -E 'ERROR|FAIL' "$out/$name.log"))"; pass=$((pass + 1))
    else
        echo "FAIL $name: expected a failure with '$expect', got exit $rc"; fail=$((fail + 1))
    fi
}

UART="$rtl/board_uart_tx.v $rtl/board_uart_rx.v $here/tb_uart.v"
LOAD="$rtl/board_flash_loader.v $rtl/board_spi_flash.v $rtl/sdram_ctrl.v $top/fpga/tests/sdram/sdram_model.v $here/spi_flash_model.v $here/tb_loader.v"

run u_40      tb_uart PASS "$UART"
run u_skew_p2 tb_uart PASS "$UART" TX_CLK_HZ=40800000 FRAME_TEST=0
run u_skew_m2 tb_uart PASS "$UART" TX_CLK_HZ=39200000 FRAME_TEST=0
run u_50      tb_uart PASS "$UART" CLK_HZ=50000000 TX_CLK_HZ=50000000
run u_skew_6  tb_uart 'TB FAIL' "$UART" TX_CLK_HZ=42400000 FRAME_TEST=0

run l_good    tb_loader PASS "$LOAD" 'IMAGE_FILE="good.img"'
run l_bad3    tb_loader PASS "$LOAD" 'IMAGE_FILE="bad3.img"' EXPECT_ERR=4 EXPECT_PART=3
run l_bad0    tb_loader PASS "$LOAD" 'IMAGE_FILE="bad0.img"' EXPECT_ERR=4 EXPECT_PART=0
run l_badhdr  tb_loader PASS "$LOAD" 'IMAGE_FILE="badhdr.img"' EXPECT_ERR=2
run l_blank   tb_loader PASS "$LOAD" 'IMAGE_FILE="none.img"' EXPECT_ERR=1
run l_mem32   tb_loader PASS "$LOAD" 'IMAGE_FILE="mem32.img"' EXPECT_ERR=3
# the checkers bite: a loader that corrupts nothing but breaks the flash's
# rules must fail in the flash model
run n_tres1   tb_loader 'ERROR \[tRES1\]' "$LOAD" 'IMAGE_FILE="good.img"' WAKE_NS=1000
run n_fsck    tb_loader 'ERROR \[fsck\]'  "$LOAD" 'IMAGE_FILE="good.img"' CLK_PERIOD_PS=8000 SCK_HALF=1

# the bring-up board top itself (the one make fpga synthesizes), on the board
BOARD="$top/fpga/boards/ulx3s/ulx3s_bringup.v $top/fpga/boards/ulx3s/ulx3s_pll.v $(ls $rtl/board_*.v) $rtl/sdram_ctrl.v $(ls $here/prims/*.v) $top/fpga/tests/sdram/sdram_model.v $here/spi_flash_model.v $here/tb_bringup.v"
run b_good    tb_bringup PASS "$BOARD" 'IMAGE_FILE="good.img"'
run b_bad3    tb_bringup PASS "$BOARD" 'IMAGE_FILE="bad3.img"' EXPECT_OK=0

# two banks' caches on the one SDRAM (the plan for the SoC's RAM on the board)
BANK="$rtl/board_bank_cache.v $rtl/board_sdram_arb.v $rtl/sdram_ctrl.v $top/fpga/tests/sdram/sdram_model.v $here/tb_bank_driver.v $here/tb_bank.v"
run k_bank    tb_bank PASS "$BANK"
run k_bank_1  tb_bank PASS "$BANK" ONE_BANK=1
run k_bank_s2 tb_bank PASS "$BANK" SEED=7 SET_BITS=5 N_OPS=1000

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
