/*
 * fuzz_tty.c - libFuzzer target of the terminal line discipline
 * (kernel/devices/tty_ldisc.c): what a user types, and the attributes a
 * program sets with tcsetattr(), both untrusted.
 *
 * The input is a program of two-byte operations [op, arg]:
 *   op % 4 == 0   the byte <arg> arrives from the keyboard
 *   op % 4 == 1   a read of <arg> bytes (a program's read())
 *   op % 4 == 2   tcsetattr with the next sizeof(struct almos_termios)
 *                 bytes as attributes, flushing when <arg> is odd
 *   op % 4 == 3   tcflush
 * After each step the discipline must keep its promises: an echo of at
 * most TTY_ECHO_MAX bytes, a signal number or 0, a read of at most what
 * was asked (or -1: wait), an edit line and a queue within their bounds.
 * A crash, a sanitizer report (an echo or a line written past its end, say)
 * or a broken promise aborts.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdlib.h>
#include <stdint.h>
#include <stddef.h>
#include "tty_ldisc.h"
#include "string.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const tty_ldisc_t *ld)
{
    if (ld->line_len > TTY_LINE_MAX || ld->q_tail - ld->q_head > TTY_QUEUE_SIZE)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static tty_ldisc_t ld;
    char *echo = malloc(TTY_ECHO_MAX);        /* exact size: ASan sees overruns */
    char *buf = malloc(256);
    uint32_t echo_len;

    tty_ldisc_init(&ld);
    for (size_t i = 0; i + 1 < size; i += 2) {
        uint8_t op = data[i], arg = data[i + 1];
        switch (op % 4) {
        case 0: {
            echo_len = 0;
            int sig = tty_ldisc_input(&ld, arg, echo, &echo_len);
            if (echo_len > TTY_ECHO_MAX || sig < 0 || sig > 64)
                abort();
            break;
        }
        case 1: {
            int64_t n = tty_ldisc_read(&ld, buf, arg);
            if (n < -1 || n > (int64_t)arg)
                abort();
            break;
        }
        case 2: {
            struct almos_termios tio;
            if (size - (i + 2) < sizeof(tio))
                goto out;
            memcpy(&tio, data + i + 2, sizeof(tio));
            i += sizeof(tio);
            tty_ldisc_set(&ld, &tio, arg & 1);
            break;
        }
        default:
            tty_ldisc_flush(&ld);
            break;
        }
        (void)tty_ldisc_readable(&ld);
        check(&ld);
    }
out:
    free(buf);
    free(echo);
    return 0;
}
