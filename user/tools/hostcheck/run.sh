#!/bin/sh
# hostcheck/run.sh - build the monitor and run user programs on it under
# qemu-system-riscv64 (no kernel needed): the probe, echo and
# t_exec_helper (its argv/envp check).  Run from the repository root after
# `make -f user/user.mk user`.  Prints "hostcheck: N passed, M failed".
set -u
OUT=build/user/hostcheck
SRC=user/tools/hostcheck
mkdir -p $OUT
CC=riscv64-unknown-elf-gcc
ARCH="-march=rv64imac_zicsr -mabi=lp64 -mcmodel=medany"
$CC $ARCH -O2 -Wall -Wextra -Werror -ffreestanding -nostdlib -Ikernel/syscalls \
    -T $SRC/mon.ld -Wl,--no-warn-rwx-segments -o $OUT/mon.elf $SRC/mon.S $SRC/mon.c || exit 1
# the programs, linked at 0x80200000 (RAM) instead of 0x10000
sed 's/\. = 0x10000 + SIZEOF_HEADERS;/. = 0x80200000 + SIZEOF_HEADERS;/' user/lib/user.ld > $OUT/user.ld
PICO=/usr/lib/picolibc/riscv64-unknown-elf
UFLAGS="-march=rv64imac -mabi=lp64 -mcmodel=medany -O2 -Wall -Wextra -Werror -ftls-model=local-exec \
  -Iuser/include -Ikernel/syscalls -Iuser/lib -nostdinc -isystem $PICO/include \
  -isystem $($CC -print-file-name=include)"
$CC $UFLAGS -c $SRC/probe.c -o $OUT/probe.o || exit 1
LIBOBJS="build/user/obj/lib/crt0_S.o build/user/obj/lib/crt0.o build/user/obj/lib/syscalls.o build/user/obj/lib/stdio.o build/user/obj/lib/pthread.o"
link() {
    $CC -march=rv64imac -mabi=lp64 -static -nostdlib -nostartfiles -T $OUT/user.ld \
        -Wl,--gc-sections -Wl,-z,max-page-size=4096 -o $OUT/$1 $LIBOBJS $2 \
        -Wl,--start-group $PICO/lib/release/rv64imac/lp64/libc.a -lgcc -Wl,--end-group
}
link probe $OUT/probe.o || exit 1
link echo build/user/obj/bin/echo.o || exit 1
link t_exec_helper build/user/obj/tests/t_exec_helper.o || exit 1
link sh build/user/obj/bin/sh.o || exit 1
for t in t_thread t_mutex t_condvar t_barrier t_sem; do
    link $t build/user/obj/tests/$t.o || exit 1
done

pass=0; fail=0
# run NAME EXPECTED_STATUS GREP_PATTERN argv... -- envp...
run() {
    name=$1; want=$2; pattern=$3; shift 3
    python3 - "$OUT/$name" "$OUT/$name.args" "$@" <<'PY'
import os, struct, sys
img, out, rest = sys.argv[1], sys.argv[2], sys.argv[3:]
argv, envp = (rest[:rest.index('--')], rest[rest.index('--') + 1:]) if '--' in rest else (rest, [])
blob = struct.pack('<QQQ', os.path.getsize(img), len(argv), len(envp))
for s in argv + envp:
    blob += s.encode() + b'\0'
open(out, 'wb').write(blob)
PY
    timeout 20 qemu-system-riscv64 -machine virt -bios none -m 1G -nographic -monitor none \
        -serial stdio -kernel $OUT/mon.elf \
        -device loader,file=$OUT/$name,addr=0x81000000,force-raw=on \
        -device loader,file=$OUT/$name.args,addr=0x80f00000,force-raw=on > $OUT/$name.log 2>&1
    st=$?
    if [ $st -eq $want ] && grep -q -- "$pattern" $OUT/$name.log; then
        echo "[ ok ] $name"; pass=$((pass + 1))
    else
        echo "[FAIL] $name (status $st, expected $want)"; sed 's/^/    /' $OUT/$name.log; fail=$((fail + 1))
    fi
}
run probe 0 "atexit handler ran, no newline" probe alpha "beta gamma" -- HOME=/ X=1
run echo 0 "hello from echo" echo hello from echo
run t_exec_helper 0 "exit 0x0000000000000000" t_exec_helper one "two words" "" \
    a-much-longer-argument-0123456789-0123456789 -- FOO=bar EMPTY= PATH=/bin:/tests
run t_exec_helper 3 "exit 0x0000000000000003" t_exec_helper exit 3
run sh 5 "builtins: cd" sh -c 'help; exit 5'
run sh 7 "exit 0x0000000000000007" sh -c "exit '7' ; exit 8"
run sh 1 "sh: fork: Function not implemented" sh -c 'echo needs fork'
run sh 2 "unterminated quote" sh -c "echo 'oops"
for t in t_thread t_mutex t_condvar t_barrier t_sem; do
    run $t 0 "exit 0x0000000000000000" $t
done
echo "hostcheck: $pass passed, $fail failed"
[ $fail -eq 0 ]
