#!/bin/sh
# speedup.sh - speedup of the parallel applications (user/apps/: matmul,
# psort, fft) from 1 hart to 2 and 4 harts under QEMU's multi-threaded TCG
# (MTTCG: one host thread per hart).
#
#   tools/speedup.sh            (from the repository root; builds first)
#
# NOTE: the host this was written on has 2 cores.  With MTTCG a guest hart
# is a host thread, so on a 2-core host no application can go faster than
# about 2x, and the 4-hart machine shares 2 host cores between 4 harts (the
# idle harts of the kernel and any other load on the host compete too).
# The script prints the host's core count (nproc) in its output file.
#
# For each machine (LAYOUTS, default "1x1 1x2 1x4 2x1 4x1 2x2":
# CLUSTERSxHARTS_PER_CLUSTER: 1, 2 and 4 harts in one cluster, then 2 and 4
# clusters of one hart, then 2 clusters of 2 harts; the applications place
# worker i in cluster (i / H) % C, core i % H, so with threads = harts there
# is one thread per hart, spread over the clusters), one boot runs
#   make run CLUSTERS=C HARTS_PER_CLUSTER=H CMD='matmul 1 S; matmul 2 S; matmul 4 S; ...'
# every application with 1, 2 and 4 threads, REPEAT times each (default 5);
# the boots of all machines are done ROUNDS times in turn (default 2), and
# the smallest cycle count of each (app, harts, threads) is kept: the run
# least disturbed by other load on the host, and not paying QEMU's first
# translation of the code.
#
# Time: each application prints the cycles of its parallel part (worker 0's
# almos_get_cycle() between the barrier that ends the set-up and the one
# that ends the computation).  Without -icount, QEMU's cycle CSR reads the
# host's time-stamp counter, so cycles are host TSC ticks, i.e. wall time:
# seconds = cycles / TSC_MHZ (default: the "cpu MHz" of /proc/cpuinfo).
# The host clock around each whole boot is recorded as well, with the load
# average and the number of other QEMUs running on the host before it: other
# load on a 2-core host halves what 2 harts can get, so look at those lines
# before trusting a figure (and run again when the host is quiet).
#
# Output: build/speedup.dat
#   index 0: app layout harts threads size cycles(min) seconds   (every run)
#   index 1, 2, ...: one per placement (PLACEMENTS below: "one cluster" =
#            layouts 1xH; "H hart(s) per cluster" = layouts CxH with C > 1),
#            each starting at 1x1: harts, then per app: seconds and speedup,
#            with threads = harts,
#            speedup = time(1x1, 1 thread) / time(layout, h threads)
# and, if gnuplot is installed (Debian: gnuplot-nox; installed with apt-get
# when missing and running as root), build/speedup.png: speedup vs harts,
# one curve per application and placement (colour: application; dash:
# placement), with the ideal line and the host's core count.
#
# A boot that fails before any result line (a boot problem, not an
# application's) is tried again, BOOT_TRIES times in all (default 3); a boot
# that takes longer than TIMEOUT seconds (default 900) is killed and counts
# as failed (applications across clusters have been seen to hang).
#
# Knobs (environment): LAYOUTS, REPEAT, ROUNDS, BOOT_TRIES, TIMEOUT, THREADS (default "1 2 4"),
# APPS (default "matmul:128 psort:262144 fft:15", name:size argument),
# TSC_MHZ, OUT (default build/speedup.dat), PNG (default build/speedup.png).
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -eu

LAYOUTS=${LAYOUTS:-"1x1 1x2 1x4 2x1 4x1 2x2"}
TIMEOUT=${TIMEOUT:-900}
REPEAT=${REPEAT:-5}
ROUNDS=${ROUNDS:-2}
BOOT_TRIES=${BOOT_TRIES:-3}
THREADS=${THREADS:-"1 2 4"}
APPS=${APPS:-"matmul:128 psort:262144 fft:15"}
OUT=${OUT:-build/speedup.dat}
PNG=${PNG:-build/speedup.png}
TSC_MHZ=${TSC_MHZ:-$(awk -F: '/^cpu MHz/ { gsub(/ /, "", $2); print $2; exit }' /proc/cpuinfo 2>/dev/null)}
[ -n "$TSC_MHZ" ] || { echo "speedup: no cpu MHz in /proc/cpuinfo, set TSC_MHZ" >&2; exit 1; }

mkdir -p "$(dirname "$OUT")"
raw=$(mktemp)
trap 'rm -f "$raw" "$raw.log"' EXIT

echo "speedup: building"
make -s kernel user >/dev/null

# the command line of one boot
cmd=""
for a in $APPS; do
    name=${a%%:*} size=${a#*:}
    for t in $THREADS; do
        r=0
        while [ $r -lt "$REPEAT" ]; do
            cmd="$cmd${cmd:+; }$name $t $size"
            r=$((r + 1))
        done
    done
done

round=1
while [ $round -le "$ROUNDS" ]; do
for l in $LAYOUTS; do
    c=${l%x*} h=${l#*x}
    harts=$((c * h))
    echo "speedup: round $round, $c cluster(s) x $h hart(s): $cmd"
    load=$(cut -d' ' -f1-3 /proc/loadavg)
    others=$(pgrep -c -x qemu-system-ris || true)
    t0=$(date +%s.%N)
    try=1
    while ! timeout "$TIMEOUT" make -s run CLUSTERS="$c" HARTS_PER_CLUSTER="$h" CMD="$cmd" > "$raw.log" 2>&1; do
        # an application's own failure is final; a boot that went wrong
        # (no result line at all) is tried again, BOOT_TRIES times in all
        if grep -aq "FAIL\|usage\|panic\| ok[[:cntrl:]]*$" "$raw.log" || [ $try -ge "$BOOT_TRIES" ]; then
            grep -a "FAIL\|usage\|panic\|cannot boot" "$raw.log" >&2 || tail -20 "$raw.log" >&2
            echo "speedup: the run on ${c}x$h failed (log above)" >&2
            exit 1
        fi
        echo "speedup: boot $try on ${c}x$h failed ($(grep -a 'cannot boot' "$raw.log" | head -1 | tr -d '\r')), again" >&2
        echo "# boot ${c}x$h: attempt $try failed: $(grep -a 'cannot boot' "$raw.log" | head -1 | tr -d '\r')" >> "$raw"
        try=$((try + 1))
        load=$(cut -d' ' -f1-3 /proc/loadavg)
        t0=$(date +%s.%N)
    done
    t1=$(date +%s.%N)
    echo "# round $round, boot ${c}x$h: $(echo "$t1 - $t0" | bc) s host wall time, whole boot; load average before: $load; other QEMUs on the host before: $others" >> "$raw"
    # "APP threads=T size=S cycles=C ok" -> "APP CxH HARTS T S C"
    tr -d '\r' < "$raw.log" |
        sed -n "s/^\([a-z]*\) threads=\([0-9]*\) size=\([0-9]*\) cycles=\([0-9]*\) ok\$/\1 ${c}x$h $harts \2 \3 \4/p" >> "$raw"
    tr -d '\r' < "$raw.log" | grep -a ' ok$' | sed 's/^/  /'
done
round=$((round + 1))
done

n=$(grep -vc '^#' "$raw" || true)
want=$(( ROUNDS * $(echo $LAYOUTS | wc -w) * $(echo $APPS | wc -w) * $(echo $THREADS | wc -w) * REPEAT ))
[ "$n" -eq "$want" ] || { echo "speedup: $n result lines, expected $want" >&2; exit 1; }

# placements: "1c" (one cluster: layouts 1xH) or "Hh" (H harts per cluster,
# C > 1 clusters); each curve starts at 1x1
placement() { if [ "${1%x*}" = 1 ]; then echo 1c; else echo "${1#*x}h"; fi; }
placement_title() {
    case $1 in
        1c) echo "one cluster" ;;
        1h) echo "1 hart per cluster" ;;
        *)  echo "${1%h} harts per cluster" ;;
    esac
}
PLACEMENTS=""
for l in $LAYOUTS; do
    p=$(placement "$l")
    case " $PLACEMENTS " in *" $p "*) ;; *) PLACEMENTS="$PLACEMENTS${PLACEMENTS:+ }$p" ;; esac
done

{
    echo "# almos-rv parallel applications under QEMU MTTCG ($(qemu-system-riscv64 --version | head -1))"
    echo "# host: $(nproc) cores ($(awk -F: '/^model name/ { print $2; exit }' /proc/cpuinfo | sed 's/^ *//')), TSC $TSC_MHZ MHz"
    echo "# the host has $(nproc) cores: with MTTCG a hart is a host thread, so speedup is capped near $(nproc)"
    echo "# layouts: $LAYOUTS (CLUSTERSxHARTS_PER_CLUSTER), best of $ROUNDS x $REPEAT runs, apps: $APPS"
    grep '^#' "$raw"
    echo "#"
    echo "# index 0: app layout harts threads size cycles seconds"
    grep -v '^#' "$raw" | awk -v mhz="$TSC_MHZ" '
        { k = $1 " " $2 " " $3 " " $4 " " $5
          if (!(k in best) || $6 < best[k]) best[k] = $6
          if (!(k in seen)) { seen[k] = 1; order[n++] = k } }
        END { for (i = 0; i < n; i++)
                  printf "%s %.0f %.6f\n", order[i], best[order[i]], best[order[i]] / (mhz * 1e6) }'
} > "$OUT.tmp"
idx0=$(grep -v '^#' "$OUT.tmp" | grep .)
i=1
for p in $PLACEMENTS; do
    layouts="1x1"
    for l in $LAYOUTS; do
        [ "$l" != 1x1 ] && [ "$(placement "$l")" = "$p" ] && layouts="$layouts $l"
    done
    {
        echo
        echo
        printf "# index %d: %s (layouts %s): harts" "$i" "$(placement_title "$p")" "$layouts"
        for a in $APPS; do printf " %s_s %s_speedup" "${a%%:*}" "${a%%:*}"; done
        echo "   (threads = harts; speedup vs 1x1, 1 thread)"
        echo "$idx0" | awk -v apps="$(for a in $APPS; do printf '%s ' "${a%%:*}"; done)" -v layouts="$layouts" '
            { if ($3 == $4) t[$1 " " $2] = $7; if ($2 == "1x1" && $4 == 1) base[$1] = $7
              harts[$2] = $3 }
            END { na = split(apps, A, " "); nl = split(layouts, L, " ")
                  for (i = 1; i <= nl; i++) for (j = i + 1; j <= nl; j++)
                      if (harts[L[j]] < harts[L[i]]) { x = L[i]; L[i] = L[j]; L[j] = x }
                  for (i = 1; i <= nl; i++) {
                      if (!(L[i] in harts)) continue
                      line = harts[L[i]]
                      for (a = 1; a <= na; a++) {
                          k = A[a] " " L[i]
                          if ((k in t) && (A[a] in base) && t[k] > 0)
                              line = line sprintf(" %.6f %.3f", t[k], base[A[a]] / t[k])
                          else
                              line = line " NaN NaN"
                      }
                      print line
                  } }'
    } >> "$OUT.tmp"
    i=$((i + 1))
done
mv "$OUT.tmp" "$OUT"
echo "speedup: wrote $OUT"
sed -n '/^# index 1/,$p' "$OUT"

if ! command -v gnuplot >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "speedup: installing gnuplot-nox"
    apt-get install -y -qq gnuplot-nox >/dev/null 2>&1 || true
fi
if command -v gnuplot >/dev/null 2>&1; then
    # colour: application; dash type and point: placement
    plot="" i=1
    for p in $PLACEMENTS; do
        col=3 lc=1
        for a in $APPS; do
            plot="$plot, '$OUT' index $i using 1:$col with linespoints lw 2 lc $lc dt $i pt $((i * 2 + 3)) ps 1.5 title '${a%%:*}, $(placement_title "$p")'"
            col=$((col + 2)) lc=$((lc + 1))
        done
        i=$((i + 1))
    done
    gnuplot <<EOF
set terminal pngcairo size 900,640 dashed
set output '$PNG'
set title "almos-rv: speedup vs harts, one thread per hart (QEMU MTTCG, wall time; host has $(nproc) cores)"
set xlabel 'harts (threads = harts)'
set ylabel 'speedup vs 1 hart (1x1)'
set xrange [0.8:4.2]
set yrange [0:4.2]
set xtics (1, 2, 4)
set key top left
set grid
plot x with lines dt 2 lc rgb 'gray' title 'ideal', \
     $(nproc) with lines dt 3 lc rgb 'red' title 'host cores ($(nproc))'$plot
EOF
    echo "speedup: wrote $PNG"
else
    echo "speedup: gnuplot not installed (apt-get install gnuplot-nox): no plot"
fi
