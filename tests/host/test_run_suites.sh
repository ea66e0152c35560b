#!/bin/sh
# test_run_suites.sh - tools/run-suites.sh, with a stand-in for make:
# a suite whose make fails is a failure even when its summary line says
# "0 failed" (make's status must survive the pipe into tee), a suite
# without a summary line is one failure, and the totals and the exit
# status follow.  Reports like a cmocka binary, for run_tests.sh.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
top=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/make" <<'EOS'
#!/bin/sh
case "$2" in
ok)   echo "ok: 3 passed, 0 failed"; exit 0 ;;
lie)  echo "lie: 2 passed, 0 failed"; exit 2 ;;
none) exit 1 ;;
bad)  echo "bad: 1 passed, 4 failed"; exit 2 ;;
esac
EOS
chmod +x "$dir/make"
total=0 ok=0
check() {                      # NAME CONDITION-RESULT
    total=$((total + 1))
    if [ "$2" = 0 ]; then
        ok=$((ok + 1))
        echo "[       OK ] $1"
    else
        echo "[  FAILED  ] $1"
    fi
}
out=$(sh "$top/tools/run-suites.sh" "$dir/make" ok lie none bad 2>&1)
rc=$?
echo "$out" | grep -q '^lie: make exited with status 2: counted as 1 failure$'
check "a failing make with a clean summary counts as a failure" $?
echo "$out" | grep -q '^none: no summary line: counted as 1 failure$'
check "a suite without a summary counts as a failure" $?
echo "$out" | tail -n 1 | grep -qx '6 passed, 6 failed'
check "totals" $?
[ "$rc" != 0 ]
check "non-zero exit on failures" $?
sh "$top/tools/run-suites.sh" "$dir/make" ok > /dev/null 2>&1
check "zero exit when all pass" $?
echo "[==========] Running $total test(s)."
echo "[  PASSED  ] $ok test(s)."
[ "$ok" = "$total" ]
