#!/bin/sh
# run.sh -- run the ISA tests on the model and on QEMU, then the differential
# runs.  usage: ISS=... QEMU=... OUT=... run.sh test... -- seed... -- vmN...
# (seed N: rvgen.py program; vmN: vmgen.py program; trapN: rvgen.py --traps)
# One line per test; the last line is "iss: N passed, M failed".
pass=0; fail=0
ok() { pass=$((pass + 1)); echo "PASS $*"; }
ko() { fail=$((fail + 1)); echo "FAIL $*"; }
model() { "$ISS" -q --clusters 1 --harts 2 --max-insns 50M --bare "$@"; }
qemu()  { timeout 30 "$QEMU" -machine "${QMACHINE:-virt}" -smp 2 -m 128M -bios none -nographic -monitor none -serial stdio -kernel "$@"; }
notes() { grep -a '^note:' "$1" | tr -d '\r' | sed 's/^/    /' | sort -u; }

mode=tests
for a in "$@"; do
    if [ "$a" = "--" ]; then mode=seeds; continue; fi   # both kinds of seeds alike
    if [ $mode = tests ]; then
        elf=$OUT/isa/$a.elf
        input=""                                # what the UART receives
        [ "$a" = uart ] && input=abc
        QMACHINE=virt                           # QEMU's machine for the test
        [ "$a" = sswi ] && QMACHINE=virt,aclint=on
        printf "$input" | model "$elf" > "$OUT/isa/$a.model.out" 2>&1; rm=$?
        printf "$input" | qemu "$elf" > "$OUT/isa/$a.qemu.out" 2>&1; rq=$?
        if [ $rm = 0 ] && [ $rq = 0 ]; then ok "$a (model, qemu)"
        else ko "$a: model exit $rm, qemu exit $rq (fail code = check number)"; fi
        # the SoC's TLB is ASID-tagged (platform/fpga-soc/README.md): the
        # model must keep another ASID's entry where QEMU may flush it
        if [ "$a" = asid ]; then
            if grep -aq '^note: an entry of ASID 1 survived' "$OUT/isa/$a.model.out"; then
                ok "asid: the model keeps ASID 1's entry across a switch to ASID 2 and back"
            else ko "asid: the model flushed ASID 1's entry on an ASID switch (its TLB must be ASID-tagged)"; fi
        fi
        notes "$OUT/isa/$a.model.out" | sed 's/^/  model/'
        notes "$OUT/isa/$a.qemu.out" | sed 's/^/  qemu /'
    else
        case $a in vm*) what="diff vm seed ${a#vm}"; elf=$OUT/diff/vmseed${a#vm}.elf ;;
                 trap*) what="diff trap seed ${a#trap}"; elf=$OUT/diff/trapseed${a#trap}.elf ;;
                   *) what="diff seed $a"; elf=$OUT/diff/seed$a.elf ;; esac
        model "$elf" < /dev/null > "$OUT/diff/seed$a.model.out" 2>&1; rm=$?
        qemu "$elf" < /dev/null > "$OUT/diff/seed$a.qemu.out" 2>&1; rq=$?
        grep -a '^R' "$OUT/diff/seed$a.model.out" | tr -d '\r' > "$OUT/diff/seed$a.model.regs"
        grep -a '^R' "$OUT/diff/seed$a.qemu.out" | tr -d '\r' > "$OUT/diff/seed$a.qemu.regs"
        n=$(wc -l < "$OUT/diff/seed$a.model.regs")
        if [ $rm = 0 ] && [ $rq = 0 ] && [ "$n" -gt 0 ] && cmp -s "$OUT/diff/seed$a.model.regs" "$OUT/diff/seed$a.qemu.regs"; then
            ok "$what ($n dump lines identical)"
        else
            ko "$what: model exit $rm, qemu exit $rq"
            diff "$OUT/diff/seed$a.model.regs" "$OUT/diff/seed$a.qemu.regs" | head -10
        fi
    fi
done
# instruction-by-instruction comparison with QEMU's -d cpu trace (lockstep.py)
for f in $LOCKSTEP; do
    r=$(python3 "$(dirname "$0")/lockstep.py" --iss "$ISS" --qemu "$QEMU" "$OUT/diff/$f.elf" 2>&1)
    case $r in identical*) ok "lockstep $f: $r" ;; *) ko "lockstep $f: $r" ;; esac
done

# OpenSBI 1.1 on the model (2 clusters x 2 harts) hands over to the S-mode payload
if [ -n "$OPENSBI" ] && [ -n "$PAYLOAD" ]; then
    "$ISS" -q --clusters 2 --harts 2 --bios "$OPENSBI" --kernel "$PAYLOAD" --max-insns 200M --dump-dtb "$OUT/soc-2x2.dtb" \
        < /dev/null > "$OUT/opensbi.out" 2>&1; rm=$?
    if [ $rm = 0 ] && grep -q '^OpenSBI v' "$OUT/opensbi.out" && grep -q '^payload: all harts up (4 harts)' "$OUT/opensbi.out"; then
        ok "opensbi boot 2x2 -> payload: HSM start of 4 harts, SBI timer, SRST (model)"
    else ko "opensbi boot 2x2: model exit $rm, see $OUT/opensbi.out"; fi
    timeout 60 "$QEMU" -machine virt -smp 4 -m 256M -nographic -monitor none -serial stdio \
        -bios "$OPENSBI" -kernel "$PAYLOAD" < /dev/null > "$OUT/opensbi.qemu.out" 2>&1; rq=$?
    if [ $rq = 0 ] && grep -q '^payload: all harts up (4 harts)' "$OUT/opensbi.qemu.out"; then
        ok "opensbi boot smp 4 -> payload (qemu)"
    else ko "opensbi boot on qemu: exit $rq, see $OUT/opensbi.qemu.out"; fi
    # the SoC's device tree on QEMU: same console output but for the hart's own features
    timeout 60 "$QEMU" -machine virt -smp 4 -m 256M -nographic -monitor none -serial stdio \
        -dtb "$OUT/soc-2x2.dtb" -bios "$OPENSBI" -kernel "$PAYLOAD" < /dev/null > "$OUT/opensbi.qemu-socdt.out" 2>&1; rq=$?
    # (QEMU's lottery picks any boot hart, and secondaries print in any order:
    #  drop the lines naming harts and compare sorted lines)
    filt() { tr -d '\r' < "$1" | grep -a -v '^Boot HART \(Priv\|Base\|ISA\|PMP\|MHPM\|MIDELEG\|MEDELEG\|ID\)' \
             | grep -a -v '^Domain0 Boot HART\|^payload: hart \|boot hart' | sort; }
    if [ $rq = 0 ] && filt "$OUT/opensbi.out" > "$OUT/opensbi.m.txt" && filt "$OUT/opensbi.qemu-socdt.out" > "$OUT/opensbi.q.txt" \
       && cmp -s "$OUT/opensbi.m.txt" "$OUT/opensbi.q.txt"; then
        ok "soc device tree on qemu: same OpenSBI + payload output as the model (hart features aside)"
    else ko "soc device tree on qemu: exit $rq, diff $OUT/opensbi.m.txt $OUT/opensbi.q.txt"; fi
fi
# The kernel on the model (1 cluster x 2 harts, the SoC's ASID-tagged TLB):
# t_asid catches a hart using a translation it cached before it switched
# away (QEMU flushes at every ASID change, so only the model can show it).
if [ -n "${KERNEL:-}" ] && [ -f "${KERNEL:-}" ] && [ -n "${UINITRD:-}" ] && [ -f "${UINITRD:-}" ]; then
    CMD='utest t_asid t_tlb' sh "$(dirname "$0")/../../tools/initrd-cmd.sh" "$UINITRD" "$OUT/asid.cpio"
    "$ISS" -q --clusters 1 --harts 2 --bios "$OPENSBI" --kernel "$KERNEL" --initrd "$OUT/asid.cpio" \
        --max-insns 2000M < /dev/null > "$OUT/kernel-asid.out" 2>&1; rm=$?
    if [ $rm = 0 ] && grep -aq '^utest: 2 passed, 0 failed' "$OUT/kernel-asid.out"; then
        ok "kernel on the model 1x2: utest t_asid t_tlb (ASID-tagged TLB, shootdowns, stale marks)"
    else ko "kernel on the model: exit $rm, see $OUT/kernel-asid.out"; fi
fi
echo "iss: $pass passed, $fail failed"
[ $fail = 0 ]
