#!/bin/sh
# run-suites.sh - runs each test suite (a make target) in turn, collects
# the "<suite>: N passed, M failed" line each ends with, and closes with
# the sum as one "N passed, M failed" line.  A suite that fails without its
# summary line counts as one failure, and so does a suite whose make fails
# although its summary reports no failure (a build step after the tests,
# say).  Exits non-zero on any failure.
#
#   run-suites.sh MAKE target...
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -u
make=$1
shift
total_pass=0 total_fail=0 bad_suites=""
log=$(mktemp)
status_file=$(mktemp)
for suite in "$@"; do
    echo "==== $suite"
    # make's status, which the pipe into tee would lose (no pipefail in sh)
    { "$make" --no-print-directory "$suite" 2>&1; echo $? > "$status_file"; } | tee "$log"
    status=$(cat "$status_file")
    line=$(grep -aE '^[a-z-]+: [0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
    if [ -z "$line" ]; then
        echo "$suite: no summary line: counted as 1 failure"
        total_fail=$((total_fail + 1))
        bad_suites="$bad_suites $suite"
        continue
    fi
    p=$(echo "$line" | sed -E 's/^[^:]*: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
    f=$(echo "$line" | sed -E 's/^[^:]*: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
    if [ "$f" = 0 ] && [ "$status" != 0 ]; then
        echo "$suite: make exited with status $status: counted as 1 failure"
        f=1
    fi
    total_pass=$((total_pass + p))
    total_fail=$((total_fail + f))
    [ "$f" = 0 ] || bad_suites="$bad_suites $suite"
done
rm -f "$log" "$status_file"
echo "===="
[ -z "$bad_suites" ] || echo "failing suites:$bad_suites"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" = 0 ]
