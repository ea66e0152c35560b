#!/bin/sh
# flash.sh -- write the bitstream and the boot image to the board's SPI flash
# with Debian's openFPGALoader (installed when missing).
#
#   usage: flash.sh BOARD BITSTREAM IMAGE IMAGE_OFFSET
# The bitstream goes to flash offset 0 (the ECP5 configures from it at power
# up), the image to IMAGE_OFFSET, where board_flash_loader reads it.  The
# bitstream must end before IMAGE_OFFSET.  Exit status 3 when no board is
# connected.
set -u
board=$1; bit=$2; img=$3; off=$4
[ -f "$bit" ] || { echo "flash: no bitstream $bit (make fpga BOARD=$board)"; exit 1; }
[ -f "$img" ] || { echo "flash: no boot image $img (make fpga-image BOARD=$board)"; exit 1; }
bsize=$(wc -c <"$bit")
if [ "$bsize" -ge $((off)) ]; then
    echo "flash: the bitstream ($bsize bytes) does not end before the image offset $off"; exit 1
fi
if ! command -v openFPGALoader >/dev/null; then
    echo "flash: installing Debian's openfpgaloader ..."
    apt-get install -y -q openfpgaloader >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q openfpgaloader >/dev/null; } ||
        { echo "flash: cannot install openfpgaloader"; exit 1; }
fi
log=$(mktemp)
if ! openFPGALoader -b "$board" --detect >"$log" 2>&1; then
    echo "flash: no $board board found on USB (openFPGALoader -b $board --detect: $(grep -m1 -iE 'unable|error|fail' "$log"))."
    echo "flash: connect the board's US1 port (the FTDI one) and run make flash again; nothing was written."
    rm -f "$log"; exit 3
fi
rm -f "$log"
echo "flash: writing $bit ($bsize bytes) at flash offset 0 ..."
openFPGALoader -b "$board" -f "$bit" || exit 1
echo "flash: writing $img ($(wc -c <"$img") bytes) at flash offset $off ..."
openFPGALoader -b "$board" -f -o "$off" --file-type bin "$img" || exit 1
echo "flash: done; press the board's PWR button (btn 0) or power-cycle it to boot; serial: 115200 8N1 on /dev/ttyUSB0"
