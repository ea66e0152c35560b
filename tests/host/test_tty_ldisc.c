/*
 * test_tty_ldisc.c - the terminal line discipline: editing, end of file,
 * signals, echo, raw mode and the switch between modes.
 */
#include "test_env.h"
#include "string.h"
#include "tty_ldisc.h"

static tty_ldisc_t ld;
static char echo[TTY_ECHO_MAX + 1];
static char echoed[4096];
static size_t echoed_len;

/* Types <s>; returns the last signal asked for (0 if none); the echo of
 * everything typed gathers in echoed[]. */
static int type(const char *s)
{
    int sig = 0;
    for (; *s; s++) {
        uint32_t n = 99;
        int r = tty_ldisc_input(&ld, (uint8_t)*s, echo, &n);
        assert_true(n <= TTY_ECHO_MAX);
        assert_true(echoed_len + n < sizeof(echoed));
        memcpy(echoed + echoed_len, echo, n);
        echoed_len += n;
        echoed[echoed_len] = 0;
        if (r)
            sig = r;
    }
    return sig;
}

/* Reads with a buffer of <count>; the bytes as a string in buf. */
static int64_t rd(char *buf, uint64_t count)
{
    int64_t n = tty_ldisc_read(&ld, buf, count);
    if (n >= 0)
        buf[n] = 0;
    return n;
}

static int setup(void **state)
{
    (void)state;
    tty_ldisc_init(&ld);
    echoed_len = 0;
    echoed[0] = 0;
    return 0;
}

/* A line is readable only once ended; CR reads as NL; reads stop after
 * the newline; what is typed is echoed. */
static void test_canonical_line(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(type("ls"), 0);
    assert_false(tty_ldisc_readable(&ld));
    assert_int_equal(rd(buf, sizeof(buf)), -1);
    type("\rpwd\n");
    assert_true(tty_ldisc_readable(&ld));
    assert_int_equal(rd(buf, sizeof(buf)), 3);
    assert_string_equal(buf, "ls\n");
    assert_int_equal(rd(buf, 2), 2);
    assert_string_equal(buf, "pw");
    assert_int_equal(rd(buf, sizeof(buf)), 2);
    assert_string_equal(buf, "d\n");
    assert_int_equal(rd(buf, sizeof(buf)), -1);
    assert_string_equal(echoed, "ls\npwd\n");
}

/* Erase (DEL and ^H), word erase (^W), kill (^U): the line read is the
 * edited one, and the screen is erased to match. */
static void test_erase_kill(void **state)
{
    (void)state;
    char buf[64];
    type("cax\x7ft\n");
    assert_int_equal(rd(buf, sizeof(buf)), 4);
    assert_string_equal(buf, "cat\n");
    assert_string_equal(echoed, "cax\b \bt\n");

    echoed_len = 0;
    type("echo junk more\x17\x17hi\n");
    assert_int_equal(rd(buf, sizeof(buf)), 8);
    assert_string_equal(buf, "echo hi\n");

    echoed_len = 0;
    type("rm -rf x\x15ok\b\bfine\n");
    assert_int_equal(rd(buf, sizeof(buf)), 5);
    assert_string_equal(buf, "fine\n");
    /* 8 characters erased on screen by ^U, then 2 by ^H */
    assert_string_equal(echoed, "rm -rf x" "\b \b\b \b\b \b\b \b\b \b\b \b\b \b\b \b"
                                "ok\b \b\b \bfine\n");

    /* erase on an empty line does nothing */
    echoed_len = 0;
    echoed[0] = 0;
    type("\x7f\x7f");
    assert_string_equal(echoed, "");
    assert_int_equal(rd(buf, sizeof(buf)), -1);
}

/* ^D: on an empty line an end of file (a read of 0, read alone), after
 * text the text without a newline. */
static void test_eof(void **state)
{
    (void)state;
    char buf[64];
    type("\x04");
    assert_true(tty_ldisc_readable(&ld));
    assert_int_equal(rd(buf, sizeof(buf)), 0);
    assert_int_equal(rd(buf, sizeof(buf)), -1);     /* consumed */

    type("abc\x04\x04");
    assert_int_equal(rd(buf, sizeof(buf)), 3);
    assert_string_equal(buf, "abc");
    assert_int_equal(rd(buf, sizeof(buf)), 0);
    assert_string_equal(echoed, "abc");             /* ^D is not echoed */

    /* an end of file behind a line is not merged into the line's read */
    type("x\n\x04");
    assert_int_equal(rd(buf, sizeof(buf)), 2);
    assert_int_equal(rd(buf, sizeof(buf)), 0);
}

/* ^C, ^\ and ^Z are signals, not input: pending input is dropped, the
 * character is echoed as ^X; NOFLSH keeps the input; without ISIG they are
 * ordinary bytes. */
static void test_signals(void **state)
{
    (void)state;
    char buf[64];
    assert_int_equal(type("half a line\x03"), ALMOS_SIGINT);
    assert_int_equal(rd(buf, sizeof(buf)), -1);
    assert_string_equal(echoed + strlen("half a line"), "^C");
    assert_int_equal(type("\x1c"), ALMOS_SIGQUIT);
    assert_int_equal(type("\x1a"), ALMOS_SIGTSTP);
    type("ok\n");
    assert_int_equal(rd(buf, sizeof(buf)), 3);
    assert_string_equal(buf, "ok\n");

    ld.tio.c_lflag |= ALMOS_NOFLSH;
    type("keep\n");
    assert_int_equal(type("\x03"), ALMOS_SIGINT);
    assert_int_equal(rd(buf, sizeof(buf)), 5);

    ld.tio.c_lflag &= ~(uint32_t)ALMOS_ISIG;
    assert_int_equal(type("a\x03\n"), 0);
    assert_int_equal(rd(buf, sizeof(buf)), 3);
    assert_memory_equal(buf, "a\x03\n", 3);

    /* a disabled control character (0) is not a signal */
    ld.tio.c_lflag |= ALMOS_ISIG;
    ld.tio.c_cc[ALMOS_VINTR] = 0;
    assert_int_equal(type("\x03"), 0);
}

/* Without ECHO nothing comes back (ECHONL: the newline only); control
 * characters echo as ^X with ECHOCTL, raw without it. */
static void test_echo_flags(void **state)
{
    (void)state;
    char buf[64];
    ld.tio.c_lflag &= ~(uint32_t)ALMOS_ECHO;
    type("secret\n");
    assert_string_equal(echoed, "");
    ld.tio.c_lflag |= ALMOS_ECHONL;
    type("pw\n");
    assert_string_equal(echoed, "\n");
    ld.tio.c_lflag |= ALMOS_ECHO;
    echoed_len = 0;
    type("\x01");
    assert_string_equal(echoed, "^A");
    type("\x7f");                                 /* erases both columns */
    assert_string_equal(echoed, "^A\b \b\b \b");
    ld.tio.c_lflag &= ~(uint32_t)ALMOS_ECHOCTL;
    echoed_len = 0;
    type("\x01");
    assert_string_equal(echoed, "\x01");
    rd(buf, sizeof(buf));
}

/* Raw mode: every byte readable at once, nothing special but the
 * signals (ISIG kept); VMIN 0 reads without waiting; DEL and ^D are data. */
static void test_raw_mode(void **state)
{
    (void)state;
    char buf[64];
    struct almos_termios t = ld.tio;
    t.c_lflag &= ~(uint32_t)(ALMOS_ICANON | ALMOS_ECHO);
    tty_ldisc_set(&ld, &t, false);
    assert_int_equal(rd(buf, sizeof(buf)), -1);    /* VMIN 1: wait */
    type("\x1b[A");
    assert_int_equal(rd(buf, 2), 2);
    assert_string_equal(buf, "\x1b[");
    assert_int_equal(rd(buf, sizeof(buf)), 1);
    assert_string_equal(buf, "A");
    type("\x7f\x04");
    assert_int_equal(rd(buf, sizeof(buf)), 2);
    assert_memory_equal(buf, "\x7f\x04", 2);
    assert_string_equal(echoed, "");
    assert_int_equal(type("\x03"), ALMOS_SIGINT);
    t.c_cc[ALMOS_VMIN] = 0;
    tty_ldisc_set(&ld, &t, false);
    assert_true(tty_ldisc_readable(&ld));
    assert_int_equal(rd(buf, sizeof(buf)), 0);
}

/* Leaving canonical mode makes the edit line readable; TCSAFLUSH drops
 * everything pending. */
static void test_mode_switch(void **state)
{
    (void)state;
    char buf[64];
    struct almos_termios raw = ld.tio, cooked = ld.tio;
    raw.c_lflag &= ~(uint32_t)ALMOS_ICANON;
    type("par");
    tty_ldisc_set(&ld, &raw, false);
    assert_int_equal(rd(buf, sizeof(buf)), 3);
    assert_string_equal(buf, "par");
    tty_ldisc_set(&ld, &cooked, false);
    type("line\nmore");
    tty_ldisc_set(&ld, &cooked, true);
    assert_int_equal(rd(buf, sizeof(buf)), -1);
    type("\n");
    assert_int_equal(rd(buf, sizeof(buf)), 1);     /* "more" was dropped */
}

/* A full edit line takes no more characters (a bell instead) but still
 * its newline; a full queue refuses a line rather than cut it. */
static void test_limits(void **state)
{
    (void)state;
    char buf[TTY_LINE_MAX + 8];
    for (int i = 0; i < TTY_LINE_MAX + 10; i++)
        type("x");
    assert_int_equal(ld.line_len, TTY_LINE_MAX - 1);
    assert_int_equal(echoed[echoed_len - 1], '\a');
    type("\n");
    assert_int_equal(rd(buf, sizeof(buf)), TTY_LINE_MAX);
    assert_int_equal(buf[TTY_LINE_MAX - 1], '\n');

    /* fill the queue with lines of 100 bytes; the line that does not fit
     * stays in the edit line */
    char line[101];
    memset(line, 'y', 99);
    line[99] = '\n';
    line[100] = 0;
    int lines = 0;
    while (ld.q_tail - ld.q_head + 100 <= TTY_QUEUE_SIZE) {
        type(line);
        lines++;
    }
    uint32_t used = ld.q_tail - ld.q_head;
    type(line);
    assert_int_equal(ld.q_tail - ld.q_head, used);
    for (int i = 0; i < lines; i++)
        assert_int_equal(rd(buf, sizeof(buf)), 100);
    type("\n");                          /* the waiting line goes now */
    assert_int_equal(rd(buf, sizeof(buf)), 100);
}

/* Erasing a full line of control characters, each echoed as ^X (two
 * columns, "\b \b" each), is the longest echo of one input byte: it fits
 * TTY_ECHO_MAX.  (fuzz_tty found it 3 times larger than the buffer of
 * 1024 bytes the kernel's tty thread had.) */
static void test_longest_echo(void **state)
{
    (void)state;
    char line[TTY_LINE_MAX + 1];
    memset(line, 0x01, sizeof(line) - 1);                /* ^A: not special */
    line[sizeof(line) - 1] = 0;
    type(line);                                          /* the last one rings */
    assert_int_equal(ld.line_len, TTY_LINE_MAX - 1);
    echoed_len = 0;
    type("\x15");                                        /* VKILL */
    assert_int_equal(echoed_len, 6 * (TTY_LINE_MAX - 1));
    assert_int_equal(ld.line_len, 0);
    type(line);
    echoed_len = 0;
    type("\x17");                                        /* VWERASE: one word */
    assert_int_equal(echoed_len, 6 * (TTY_LINE_MAX - 1));
    assert_int_equal(ld.line_len, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_canonical_line, setup),
        cmocka_unit_test_setup(test_erase_kill, setup),
        cmocka_unit_test_setup(test_eof, setup),
        cmocka_unit_test_setup(test_signals, setup),
        cmocka_unit_test_setup(test_echo_flags, setup),
        cmocka_unit_test_setup(test_raw_mode, setup),
        cmocka_unit_test_setup(test_mode_switch, setup),
        cmocka_unit_test_setup(test_limits, setup),
        cmocka_unit_test_setup(test_longest_echo, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
