#!/bin/sh
# run-suites.sh - runs each test suite (a make target) in turn, collects
# the "<suite>: N passed, M failed" line each ends with, and closes with
# the sum as one "N passed, M failed" line.  A suite that fails without its
# summary line counts as one failure.  Exits non-zero on any failure.
#
#   run-suites.sh MAKE target...
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -u
make=$1
shift
total_pass=0 total_fail=0 bad_suites=""
log=$(mktemp)
for suite in "$@"; do
    echo "==== $suite"
    "$make" --no-print-directory "$suite" 2>&1 | tee "$log"
    line=$(grep -aE '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "$suite: no summary line: counted as 1 failure"
        total_fail=$((total_fail + 1))
        bad_suites="$bad_suites $suite"
        continue
    fi
    p=$(echo "$line" | sed -E 's/^[^:]*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[^:]*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    [ "$f" = 0 ] || bad_suites="$bad_suites $suite"
done
rm -f "$log"
echo "===="
[ -z "$bad_suites" ] || echo "failing suites:$bad_suites"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
