/*
 * tty_ldisc.c - the terminal line discipline (see tty_ldisc.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "tty_ldisc.h"

#define CTRL(c) ((c) & 0x1f)

void tty_ldisc_init(tty_ldisc_t *ld)
{
    struct almos_termios *t = &ld->tio;
    uint8_t *b = (uint8_t *)ld;
    for (uint64_t i = 0; i < sizeof(*ld); i++)
        b[i] = 0;
    t->c_iflag = ALMOS_ICRNL;
    t->c_oflag = ALMOS_OPOST | ALMOS_ONLCR;
    t->c_cflag = ALMOS_CS8 | ALMOS_CREAD | ALMOS_CLOCAL | ALMOS_B115200;
    t->c_lflag = ALMOS_ISIG | ALMOS_ICANON | ALMOS_ECHO | ALMOS_ECHOE | ALMOS_ECHOK |
                 ALMOS_ECHOCTL | ALMOS_ECHOKE | ALMOS_IEXTEN;
    t->c_cc[ALMOS_VINTR] = CTRL('C');
    t->c_cc[ALMOS_VQUIT] = CTRL('\\');
    t->c_cc[ALMOS_VERASE] = 0x7f;
    t->c_cc[ALMOS_VKILL] = CTRL('U');
    t->c_cc[ALMOS_VEOF] = CTRL('D');
    t->c_cc[ALMOS_VMIN] = 1;
    t->c_cc[ALMOS_VSUSP] = CTRL('Z');
    t->c_cc[ALMOS_VWERASE] = CTRL('W');
    t->c_ispeed = t->c_ospeed = ALMOS_B115200;
}

static uint32_t queue_used(const tty_ldisc_t *ld)
{
    return ld->q_tail - ld->q_head;
}

/* Appends <v> (a byte or TTY_EOF_MARK) to the readable queue; false when
 * it is full. */
static bool queue_put(tty_ldisc_t *ld, uint16_t v)
{
    if (queue_used(ld) >= TTY_QUEUE_SIZE)
        return false;
    ld->queue[ld->q_tail % TTY_QUEUE_SIZE] = v;
    ld->q_tail++;
    return true;
}

/* Makes the edit line readable (and empties it); an empty line with
 * <eof> becomes an end of file. */
static void line_push(tty_ldisc_t *ld, bool eof)
{
    if (ld->line_len == 0 && eof) {
        queue_put(ld, TTY_EOF_MARK);
        return;
    }
    for (uint32_t i = 0; i < ld->line_len; i++)
        queue_put(ld, (uint8_t)ld->line[i]);
    ld->line_len = 0;
}

void tty_ldisc_flush(tty_ldisc_t *ld)
{
    ld->line_len = 0;
    ld->q_head = ld->q_tail = 0;
}

/* The echo of one character: itself, or ^X for a control character with
 * ECHOCTL (tab and newline excepted). */
static uint32_t echo_char(const tty_ldisc_t *ld, uint8_t c, char *out)
{
    if ((ld->tio.c_lflag & ALMOS_ECHOCTL) && (c < ' ' || c == 0x7f) && c != '\t' && c != '\n') {
        out[0] = '^';
        out[1] = (char)(c == 0x7f ? '?' : c + '@');
        return 2;
    }
    out[0] = (char)c;
    return 1;
}

/* Takes the last character off the edit line; the echo that erases it
 * (two columns for a control character shown as ^X). */
static uint32_t erase_one(tty_ldisc_t *ld, char *out)
{
    if (ld->line_len == 0)
        return 0;
    uint8_t c = (uint8_t)ld->line[--ld->line_len];
    uint32_t cols = (ld->tio.c_lflag & ALMOS_ECHOCTL) && (c < ' ' || c == 0x7f) && c != '\t'
                    ? 2 : 1;
    if (!(ld->tio.c_lflag & ALMOS_ECHO) || !(ld->tio.c_lflag & ALMOS_ECHOE))
        return 0;
    uint32_t n = 0;
    for (uint32_t i = 0; i < cols; i++) {
        out[n++] = '\b';
        out[n++] = ' ';
        out[n++] = '\b';
    }
    return n;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

int tty_ldisc_input(tty_ldisc_t *ld, uint8_t c, char *echo, uint32_t *echo_len)
{
    const struct almos_termios *t = &ld->tio;
    const uint8_t *cc = t->c_cc;
    uint32_t lflag = t->c_lflag;
    uint32_t n = 0;
    *echo_len = 0;

    if (c == '\r') {
        if (t->c_iflag & ALMOS_IGNCR)
            return 0;
        if (t->c_iflag & ALMOS_ICRNL)
            c = '\n';
    } else if (c == '\n' && (t->c_iflag & ALMOS_INLCR)) {
        c = '\r';
    }

    /* A control character set to 0 is disabled (_POSIX_VDISABLE). */
    if (lflag & ALMOS_ISIG) {
        int sig = 0;
        if (c == cc[ALMOS_VINTR] && c)
            sig = ALMOS_SIGINT;
        else if (c == cc[ALMOS_VQUIT] && c)
            sig = ALMOS_SIGQUIT;
        else if (c == cc[ALMOS_VSUSP] && c)
            sig = ALMOS_SIGTSTP;
        if (sig) {
            if (!(lflag & ALMOS_NOFLSH))
                tty_ldisc_flush(ld);
            if (lflag & ALMOS_ECHO)
                n = echo_char(ld, c, echo);
            *echo_len = n;
            return sig;
        }
    }

    if (!(lflag & ALMOS_ICANON)) {
        if (queue_put(ld, c) && (lflag & ALMOS_ECHO))
            n = echo_char(ld, c, echo);
        *echo_len = n;
        return 0;
    }

    if (c && (c == cc[ALMOS_VERASE] || c == '\b')) {
        *echo_len = erase_one(ld, echo);
        return 0;
    }
    if (c && c == cc[ALMOS_VWERASE] && (lflag & ALMOS_IEXTEN)) {
        while (ld->line_len > 0 && is_space(ld->line[ld->line_len - 1]))
            n += erase_one(ld, echo + n);
        while (ld->line_len > 0 && !is_space(ld->line[ld->line_len - 1]))
            n += erase_one(ld, echo + n);
        *echo_len = n;
        return 0;
    }
    if (c && c == cc[ALMOS_VKILL]) {
        if ((lflag & ALMOS_ECHO) && !(lflag & ALMOS_ECHOE) && (lflag & ALMOS_ECHOK)) {
            ld->line_len = 0;
            echo[n++] = '\n';
        }
        while (ld->line_len > 0)
            n += erase_one(ld, echo + n);
        *echo_len = n;
        return 0;
    }
    if (c && c == cc[ALMOS_VEOF]) {
        line_push(ld, true);
        return 0;
    }
    if (c == '\n' || (c && (c == cc[ALMOS_VEOL] || c == cc[ALMOS_VEOL2]))) {
        if (queue_used(ld) + ld->line_len + 1 > TTY_QUEUE_SIZE) {
            echo[0] = '\a';                /* no room: the line waits */
            *echo_len = 1;
            return 0;
        }
        ld->line[ld->line_len++] = (char)c;
        line_push(ld, false);
        if ((lflag & ALMOS_ECHO) || (c == '\n' && (lflag & ALMOS_ECHONL)))
            echo[n++] = (char)c;
        *echo_len = n;
        return 0;
    }
    /* an ordinary character; one place stays for the newline */
    if (ld->line_len >= TTY_LINE_MAX - 1) {
        echo[0] = '\a';
        *echo_len = 1;
        return 0;
    }
    ld->line[ld->line_len++] = (char)c;
    if (lflag & ALMOS_ECHO)
        n = echo_char(ld, c, echo);
    *echo_len = n;
    return 0;
}

bool tty_ldisc_readable(const tty_ldisc_t *ld)
{
    if (queue_used(ld) > 0)
        return true;
    return !(ld->tio.c_lflag & ALMOS_ICANON) && ld->tio.c_cc[ALMOS_VMIN] == 0;
}

int64_t tty_ldisc_read(tty_ldisc_t *ld, char *buf, uint64_t count)
{
    bool canon = (ld->tio.c_lflag & ALMOS_ICANON) != 0;
    uint64_t n = 0;
    if (!tty_ldisc_readable(ld))
        return -1;
    while (n < count && queue_used(ld) > 0) {
        uint16_t v = ld->queue[ld->q_head % TTY_QUEUE_SIZE];
        if (v == TTY_EOF_MARK) {
            if (n == 0 || !canon)      /* the end of file is read alone */
                ld->q_head++;
            break;
        }
        ld->q_head++;
        buf[n++] = (char)v;
        if (canon && v == '\n')
            break;
    }
    return (int64_t)n;
}

void tty_ldisc_set(tty_ldisc_t *ld, const struct almos_termios *tio, bool flush)
{
    bool was_canon = (ld->tio.c_lflag & ALMOS_ICANON) != 0;
    if (flush)
        tty_ldisc_flush(ld);
    ld->tio = *tio;
    if (was_canon && !(tio->c_lflag & ALMOS_ICANON))
        line_push(ld, false);
}
