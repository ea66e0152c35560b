#!/bin/sh
# run_tests.sh - runs cmocka test binaries, shows their output and sums
# their test cases up: "SUITE: N passed, M failed" (SUITE from $TEST_SUITE,
# default "host").  A binary that dies
# before reporting counts its unreported cases (at least one) as failed;
# one that runs longer than HOST_TEST_TIMEOUT seconds (a lock that never
# lets go, say) is killed and counted the same way.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.

timeout_s=${HOST_TEST_TIMEOUT:-120}
passed=0
failed=0
for bin in "$@"; do
    echo "== $(basename "$bin")"
    out=$(timeout "$timeout_s" "$bin" 2>&1)
    rc=$?
    printf '%s\n' "$out"
    total=$(printf '%s\n' "$out" | sed -n 's/^\[==========\] Running \([0-9]*\) test.*/\1/p' | head -n1)
    ok=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | head -n1)
    total=${total:-0}
    ok=${ok:-0}
    bad=$((total - ok))
    [ "$rc" -eq 124 ] && echo "$bin: killed after ${timeout_s}s"
    if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
        echo "$bin: exited with status $rc"
        bad=1
    fi
    passed=$((passed + ok))
    failed=$((failed + bad))
done
echo "${TEST_SUITE:-host}: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
