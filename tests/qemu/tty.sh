#!/bin/sh
# tty.sh - the console as a user meets it: `make run`'s machine (2x2) in a
# tmux terminal, typed at with send-keys and read back with capture-pane.
#
# Each step types something and waits (with a timeout) for what the
# screen must then show; a step that does not see it fails and prints the
# screen.  The steps: the prompt; cat ended by ^D; erase and kill in cat's
# canonical input; ^C ending a running matmul, the shell's next prompt
# and $? = 130; ^C and ^D at the prompt; up-arrow and ^R recalling
# commands; Tab
# completing /bi to /bin/; `ls /bin | sort | head -3` and
# `grep -c init /etc/rc`; ps and jobs showing one pid for one job, kill
# of that pid; ^Z, jobs, bg, fg, then ^C; halt.
# What the terminal showed is kept in build/qemu-test/tty-screen.txt.
# Ends with "tty: N passed, M failed"; exits non-zero on any failure.
#
# Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
set -u
cd "$(dirname "$0")/../.."
OUT=build/qemu-test
mkdir -p "$OUT"
S=almos-tty-test-$$
TIMEOUT=${TTY_TEST_TIMEOUT:-60}
passed=0 failed=0
PROMPT='almos:/\$ '                 # as grep -x / -E read it

command -v tmux > /dev/null || { echo "tty: tmux missing (make deps)"; echo "tty: 0 passed, 1 failed"; exit 1; }
for f in build/kernel.bin build/initrd.cpio; do
    [ -f "$f" ] || { echo "tty: $f missing (make kernel user)"; echo "tty: 0 passed, 1 failed"; exit 1; }
done

machine=$(sh platform/qemu-virt/qemu-args.sh 2 2 128M)
tmux kill-session -t "$S" 2> /dev/null
# shellcheck disable=SC2086
tmux new-session -d -s "$S" -x 132 -y 50 \
    "timeout --foreground 600 qemu-system-riscv64 $machine -nographic \
     -bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin \
     -kernel build/kernel.bin -initrd build/initrd.cpio -append ''; sleep 5"
trap 'tmux kill-session -t "$S" 2> /dev/null' EXIT
trap 'exit 1' INT TERM

screen() {
    tmux capture-pane -p -J -S -400 -t "$S" 2> /dev/null
}

keys() {
    tmux send-keys -t "$S" "$@"
}

# Types literally (no key names).
type_text() {
    tmux send-keys -t "$S" -l "$1"
}

# Starts a new section: the screen so far is added to the transcript, then
# cleared (^L at the prompt), so that checks see only what follows.
mark() {
    sleep 0.5
    screen | grep -v '^$' >> "$OUT/tty-screen.txt"
    keys C-l
    sleep 0.5
    # after the clear: tmux keeps a cleared screen in its history
    tmux clear-history -t "$S"
}

# wait_for REGEX: true once the screen (since the mark) matches.
wait_for() {
    i=0
    while [ $i -lt $((TIMEOUT * 5)) ]; do
        screen | grep -aEq -- "$1" && return 0
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}

# step NAME REGEX: a verdict on what the last keys must have shown.
step() {
    if wait_for "$2"; then
        passed=$((passed + 1))
        printf '  [ ok ] %s\n' "$1"
    else
        failed=$((failed + 1))
        printf '  [FAIL] %s: the screen lacks /%s/; it shows:\n' "$1" "$2"
        screen | grep -v '^$' | tail -n 25 | sed 's/^/         | /'
    fi
}

# The number of lines of the screen matching REGEX.
count() {
    screen | grep -acE -- "$1"
}

# wait_count REGEX N: true once at least N lines of the screen match.
wait_count() {
    i=0
    while [ $i -lt $((TIMEOUT * 5)) ]; do
        [ "$(count "$1")" -ge "$2" ] && return 0
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}

# wait_prompt: true once the shell waits for a command (the last line
# shown is an empty prompt), so that keys typed next are not typed ahead
# of a program still running.
wait_prompt() {
    i=0
    while [ $i -lt $((TIMEOUT * 5)) ]; do
        screen | grep -v '^$' | tail -n 1 | grep -aEq -- "^${PROMPT}?\$" && return 0
        sleep 0.2
        i=$((i + 1))
    done
    return 1
}

# count_step NAME REGEX N: a verdict: at least N lines match REGEX.
count_step() {
    if wait_count "$2" "$3"; then
        passed=$((passed + 1)); echo "  [ ok ] $1"
    else
        failed=$((failed + 1)); echo "  [FAIL] $1:"
        screen | grep -v '^$' | tail -n 10 | sed 's/^/         | /'
    fi
}

: > "$OUT/tty-screen.txt"
echo "tty: a terminal on make run's machine (tmux, timeout ${TIMEOUT}s per step)"
step "boot to the prompt" "^${PROMPT}?\$"

mark
type_text "cat"; keys Enter
sleep 1
type_text "hello tty"; keys Enter
count_step "cat echoes and copies a line" "^hello tty\$" 2
keys C-d
sleep 1                                  # typed ahead, it would be echoed twice
type_text "echo after-cat"; keys Enter
step "^D ends cat, back at the prompt" "^after-cat\$"

mark
type_text "cat"; keys Enter
sleep 1
type_text "abx"; keys BSpace; type_text "c"; keys Enter
count_step "erase in canonical mode (the echo and cat's copy)" "^abc\$" 2
type_text "wrong words"; keys C-u; type_text "right"; keys Enter
count_step "kill-line in canonical mode (the echo and cat's copy)" "^right *\$" 2
keys C-d

mark
type_text "matmul 4 600"; keys Enter
sleep 3
screen | grep -aq 'matmul threads=' && echo "  (matmul ended before ^C: make it bigger)"
keys C-c
step "^C ends matmul and echoes ^C" "^\\^C\$"
sleep 1
type_text 'echo status=$?'; keys Enter
step "the shell survives, \$? = 130 (SIGINT)" "^status=130\$"

mark
type_text "echo never"; keys C-c
type_text "echo dropped-line-ok"; keys Enter
step "^C at the prompt drops the line" "^dropped-line-ok\$"
keys C-d
step "^D at the prompt: the shell says how to leave" "'exit' leaves it"
type_text "echo still-here"; keys Enter
step "and stays" "^still-here\$"

mark
type_text "echo recall-me"; keys Enter
wait_count '^recall-me$' 1 && wait_prompt
keys Up Enter
count_step "up-arrow recalls the last command" '^recall-me$' 2

mark
type_text "echo searched-for"; keys Enter
wait_count '^searched-for$' 1 && wait_prompt
type_text "echo something-else"; keys Enter
wait_count '^something-else$' 1 && wait_prompt
keys C-r; type_text "searched"; sleep 0.5; keys Enter
count_step "^R finds a command in the history" '^searched-for$' 2

mark
type_text "ls /bi"; keys Tab
step "Tab completes /bi to /bin/" "${PROMPT}ls /bin/ ?\$"
keys C-u
type_text "ls /bin | sort | head -3; echo end-of-ls"; keys Enter
if wait_for "^end-of-ls\$" && screen | tr -d '\r' | grep -A3 -x -- "${PROMPT}ls /bin | sort | head -3; echo end-of-ls" |
        tail -n 3 | tr '\n' ' ' | grep -q '^bench cat clear $'; then
    passed=$((passed + 1)); echo "  [ ok ] ... prints bench, cat, clear"
else
    failed=$((failed + 1)); echo "  [FAIL] ls /bin | sort | head -3 does not print bench, cat, clear:"
    screen | grep -v '^$' | tail -n 8 | sed 's/^/         | /'
fi
type_text "grep -c init /etc/rc; grep -c rc /etc/rc"; keys Enter
wait_for "^1\$"
if screen | tr -d '\r' | grep -A2 -x -- "${PROMPT}grep -c init /etc/rc; grep -c rc /etc/rc" |
        tail -n 2 | tr '\n' ' ' | grep -q '^0 1 $'; then
    passed=$((passed + 1)); echo "  [ ok ] grep -c init /etc/rc: 0, grep -c rc /etc/rc: 1"
else
    failed=$((failed + 1)); echo "  [FAIL] grep -c output:"
    screen | grep -v '^$' | tail -n 6 | sed 's/^/         | /'
fi

mark
type_text "sleep 60 &"; keys Enter
step "a background job" "^\\[[0-9]+\\] [0-9]+\$"
jobpid=$(screen | tr -d '\r' | sed -n 's/^\[[0-9]*\] \([0-9]*\)$/\1/p' | tail -n 1)
type_text "jobs; ps"; keys Enter
step "jobs lists it" "Running +sleep 60 +\\(pids ${jobpid:-x}\\)"
step "ps shows the same pid" "^ *${jobpid:-x} +[0-9]+ +${jobpid:-x} .* sleep +"
type_text "kill ${jobpid:-x}"; keys Enter
sleep 1
type_text "jobs"; keys Enter              # the shell reports ended jobs at its next prompt
step "kill with the pid from ps ends it" "done \\(143\\) +sleep 60"

mark
type_text "sleep 30"; keys Enter
sleep 1
keys C-z
step "^Z stops the foreground job" "Stopped +sleep 30"
type_text "jobs"; keys Enter
step "jobs shows it stopped" "Stopped +sleep 30"
type_text "bg"; keys Enter
step "bg continues it in the background" "sleep 30 &\$"
type_text "jobs"; keys Enter
step "jobs shows it running" "Running +sleep 30"
type_text "fg"; keys Enter
sleep 1
keys C-c
type_text 'echo fg-status=$?'; keys Enter
step "fg brings it back; ^C ends it" "^fg-status=130\$"

type_text "halt"; keys Enter
step "halt powers off" "halt \\(status 0\\)"
screen | grep -v '^$' >> "$OUT/tty-screen.txt"
echo "tty: $passed passed, $failed failed"
[ "$failed" = 0 ]
