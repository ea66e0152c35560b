#!/bin/sh
# run.sh - runs the parser fuzzers of fuzz.mk, each for a fixed number of
# inputs from a fixed seed, and ends with "fuzz-parsers: N passed, M failed"
# (one case per target: passed when libFuzzer ran all its inputs without a
# crash, a sanitizer report, a timeout or a leak).
#
#   run.sh RUNS SEED TARGET...
#
# The corpus each target starts from is the repository's (see fuzz.mk)
# plus build/fuzz-parsers/corpus-<target>, where libFuzzer adds the inputs that
# reach new code.  With FUZZ_FRESH=1 (the short run of make test) that
# directory is emptied first, so each run starts from the repository's
# corpus alone (the mutations after it vary a little from run to run:
# libFuzzer is not bit-reproducible).
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -u
cd "$(dirname "$0")/../.."
runs=$1 seed=$2
shift 2
OUT=build/fuzz-parsers
passed=0 failed=0
for t in "$@"; do
    work=$OUT/corpus-$t
    [ "${FUZZ_FRESH:-0}" = 1 ] && rm -rf "$work"
    mkdir -p "$work"
    seeds=""
    [ -d tests/fuzz/corpus/$t ] && seeds=tests/fuzz/corpus/$t
    [ "$t" = fdt ] && seeds="$seeds tests/platform/dtb"
    log=$OUT/fuzz_$t.log
    # -timeout: an input that keeps the parser busy this long is a hang;
    # -max_len: room for a real device tree or a small archive.
    # shellcheck disable=SC2086
    "$OUT/fuzz_$t" -runs="$runs" -seed="$seed" -timeout=120 -max_len=65536 \
        -artifact_prefix="$OUT/crash-$t-" -print_final_stats=1 \
        "$work" $seeds > "$log" 2>&1
    status=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log")
    if [ "$status" = 0 ]; then
        passed=$((passed + 1))
        printf '  [ ok ] fuzz_%-5s %s inputs, seed %s, 0 crashes (%ss)\n' "$t" "${execs:-?}" "$seed" "${secs:-?}"
    else
        failed=$((failed + 1))
        printf '  [FAIL] fuzz_%-5s exit %s after %s inputs; input kept as %s; log %s:\n' \
            "$t" "$status" "${execs:-?}" "$(ls "$OUT"/crash-"$t"-* 2>/dev/null | tail -n 1)" "$log"
        grep -aE 'ERROR|SUMMARY|panic|runtime error|#[0-9]+ 0x' "$log" | head -n 20 | sed 's/^/         | /'
    fi
done
echo "fuzz-parsers: $passed passed, $failed failed"
[ "$failed" = 0 ]
