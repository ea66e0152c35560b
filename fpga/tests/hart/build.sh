#!/bin/sh
# build.sh -- build the hart bench (build/hart-tb/obj/tb): hart_core under
# Verilator + tb.cpp, linked with the model's library (make iss).
set -eu
root=$(cd "$(dirname "$0")/../../.." && pwd)
out=$root/build/hart-tb
mkdir -p "$out"
make -s -C "$root" -f tools/iss/iss.mk TOP="$root" iss >/dev/null
verilator --cc --exe --build -j 2 -O3 --x-assign fast --x-initial fast --noassert -Wall \
  -I"$root/fpga/rtl" --top-module hart_core -Mdir "$out/obj" ${VFLAGS:-} \
  -CFLAGS "-O2 -I$root/tools/iss -I$root/build/iss" -LDFLAGS "$root/build/iss/libiss.a" \
  "$root"/fpga/rtl/hart_*.v "$root/fpga/tests/hart/tb.cpp" -o tb >"$out/build.log" 2>&1 ||
  { tail -30 "$out/build.log"; exit 1; }
