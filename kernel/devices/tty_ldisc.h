/*
 * tty_ldisc.h - the terminal line discipline: what a received byte means.
 *
 * The POSIX model, as data and decisions only (no locks, no device, no
 * process), so that it runs the same in the kernel (kernel/devices/tty.c
 * feeds it the console's bytes and acts on its answers) and in the host
 * unit tests.  The attributes are a struct almos_termios (termios):
 *
 *   canonical mode (ICANON): bytes gather in an edit line; VERASE (and
 *     ^H) takes back one character, VKILL the whole line, VWERASE a word
 *     (with IEXTEN); a newline or VEOL ends the line and makes it readable;
 *     VEOF makes the line readable as is, and on an empty line is the end
 *     of file (a read returns 0);
 *   raw mode (~ICANON): every byte is readable at once; a read waits for
 *     one byte when c_cc[VMIN] > 0, and does not wait when it is 0;
 *   ISIG: VINTR, VQUIT and VSUSP are not input but signals (SIGINT,
 *     SIGQUIT, SIGTSTP) for the foreground process group; pending input
 *     is dropped with them unless NOFLSH;
 *   echo (ECHO): what the user types comes back; control characters as
 *     ^X with ECHOCTL; ECHOE erases on screen ("\b \b"); ECHONL echoes the
 *     newline even without ECHO; ICRNL / IGNCR / INLCR translate input.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef TTY_LDISC_H
#define TTY_LDISC_H

#include <stdint.h>
#include <stdbool.h>
#include "shared_syscalls.h"

#define TTY_LINE_MAX   256                 /* edit line, newline included */
#define TTY_QUEUE_SIZE 512                 /* bytes ready for readers */
/* The echo of one input byte, at most: VKILL or VWERASE erasing a whole
 * line of control characters shown as ^X, two columns of "\b \b" each. */
#define TTY_ECHO_MAX   (6 * TTY_LINE_MAX)
#define TTY_EOF_MARK   0x100               /* in the queue: an end of file */

typedef struct tty_ldisc_s {
    struct almos_termios tio;
    char     line[TTY_LINE_MAX];           /* canonical: the line being edited */
    uint32_t line_len;
    uint16_t queue[TTY_QUEUE_SIZE];        /* readable bytes, or TTY_EOF_MARK */
    uint32_t q_head, q_tail;               /* q_tail - q_head entries, ring */
} tty_ldisc_t;

/* Sets <ld> to the usual defaults of a terminal: canonical, echo, signals,
 * ICRNL, ^C ^\ ^? ^U ^D ^Z ^W. */
void tty_ldisc_init(tty_ldisc_t *ld);

/* Takes input byte <c>.  Writes what to echo in <echo> (TTY_ECHO_MAX
 * bytes) and its length in *echo_len.  Returns the signal (ALMOS_SIG*) to
 * send to the foreground process group, or 0. */
int tty_ldisc_input(tty_ldisc_t *ld, uint8_t c, char *echo, uint32_t *echo_len);

/* True when a read would return now (data, an end of file, or VMIN = 0
 * in raw mode). */
bool tty_ldisc_readable(const tty_ldisc_t *ld);

/* Moves up to <count> readable bytes to <buf>: canonical mode stops after
 * a newline and at an end of file (which it consumes: 0 when it comes
 * first).  Returns the number of bytes, or -1 when a reader must wait. */
int64_t tty_ldisc_read(tty_ldisc_t *ld, char *buf, uint64_t count);

/* New attributes <tio>.  Leaving canonical mode makes the edit line
 * readable as it is; <flush> drops all pending input first (TCSAFLUSH). */
void tty_ldisc_set(tty_ldisc_t *ld, const struct almos_termios *tio, bool flush);

/* Drops pending input: the edit line and the readable bytes. */
void tty_ldisc_flush(tty_ldisc_t *ld);

#endif
