/* t_termios - the terminal's attributes and its process groups, on the
 * console (fd 0 is /dev/tty under utest):
 *   - tcgetattr gives the defaults (canonical, echo, signals, ^C ^D DEL);
 *     tcsetattr changes stick and are read back; a bad action is EINVAL,
 *     a pipe ENOTTY, a closed fd EBADF, a bad pointer EFAULT;
 *   - raw mode with VMIN 0: a read returns at once with nothing typed;
 *   - tcsetpgrp: a new session takes the terminal; another session may
 *     not while that session's leader lives; a group of another session
 *     is refused; a reader outside the foreground group is stopped by
 *     SIGTTIN, and ends with EIO when it ignores SIGTTIN (not tried when
 *     run from an interactive shell: its session holds the terminal).
 * GPL-2.0. */
#include <termios.h>
#include "tlib.h"

static struct termios saved;

static void restore(void)
{
    tcsetattr(0, TCSANOW, &saved);
}

static void attributes(void)
{
    struct termios t;
    CHECK(tcgetattr(0, &t) == 0, "tcgetattr(0): %s", strerror(errno));
    saved = t;
    tl_on_fail = restore;
    CHECK((t.c_lflag & (ICANON | ECHO | ISIG)) == (ICANON | ECHO | ISIG), "lflag %#x",
          t.c_lflag);
    CHECK(t.c_iflag & ICRNL, "iflag %#x lacks ICRNL", t.c_iflag);
    CHECK_EQ(t.c_cc[VINTR], 3);
    CHECK_EQ(t.c_cc[VEOF], 4);
    CHECK_EQ(t.c_cc[VERASE], 0x7f);
    CHECK_EQ(t.c_cc[VSUSP], 26);

    t.c_lflag &= ~(tcflag_t)ECHO;
    t.c_cc[VKILL] = 0x18;
    CHECK(tcsetattr(0, TCSANOW, &t) == 0, "tcsetattr: %s", strerror(errno));
    struct termios u;
    CHECK(tcgetattr(0, &u) == 0, "tcgetattr");
    CHECK(!(u.c_lflag & ECHO) && u.c_cc[VKILL] == 0x18, "changes not kept");
    CHECK(tcsetattr(0, TCSAFLUSH, &saved) == 0, "restore");

    CHECK_ERR(tcsetattr(0, 7, &saved), EINVAL);
    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    CHECK_ERR(tcgetattr(p[0], &t), ENOTTY);
    CHECK_ERR(tcgetpgrp(p[1]), ENOTTY);
    close(p[0]);
    close(p[1]);
    CHECK_ERR(tcgetattr(p[0], &t), EBADF);
    CHECK_ERR(tcgetattr(0, (struct termios *)8), EFAULT);
    CHECK_ERR(tcsetattr(0, TCSANOW, (struct termios *)8), EFAULT);
    CHECK_ERR(tcflush(0, 9), EINVAL);
    printf("attributes: defaults, changes kept, bad calls refused\n");
}

static void raw_read(void)
{
    struct termios t = saved;
    cfmakeraw(&t);
    t.c_cc[VMIN] = 0;
    CHECK(tcsetattr(0, TCSANOW, &t) == 0, "raw: %s", strerror(errno));
    char c;
    uint64_t t0 = almos_clock_ns();
    ssize_t n = read(0, &c, 1);
    uint64_t dt = almos_clock_ns() - t0;
    restore();
    CHECK(n == 0, "raw read with VMIN 0 returned %ld", (long)n);
    CHECK(dt < 2000000000ULL, "raw read with VMIN 0 waited %lu ms",
          (unsigned long)(dt / 1000000));
    printf("raw: a read with VMIN 0 returned at once\n");
}

/* In a new session: takes the terminal, reports to the parent through
 * its exit status; a sibling session is then refused while it lives. */
static void foreground(void)
{
    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    almos_flush_stdio();
    int leader = fork();
    if (leader == 0) {
        close(p[0]);
        int sid = setsid();
        if (sid < 0)
            _exit(1);
        if (tcsetpgrp(0, sid) < 0)
            _exit(2);
        if (tcgetpgrp(0) != sid)
            _exit(3);
        /* a group of another session: refused */
        if (tcsetpgrp(0, 1) != -1 || errno != EPERM)
            _exit(4);
        /* a background member of the session reading: SIGTTIN stops it */
        almos_flush_stdio();
        int bg = fork();
        if (bg == 0) {
            setpgid(0, 0);
            char c;
            read(0, &c, 1);
            _exit(0);
        }
        setpgid(bg, bg);
        int st = 0;
        if (waitpid(bg, &st, WUNTRACED) != bg || !WIFSTOPPED(st) ||
            WSTOPSIG(st) != ALMOS_SIGTTIN)
            _exit(5);
        kill(bg, ALMOS_SIGKILL);
        waitpid(bg, &st, 0);
        /* ignoring SIGTTIN: the read fails with EIO */
        almos_signal(ALMOS_SIGTTIN, ALMOS_SIG_IGN);
        bg = fork();
        if (bg == 0) {
            setpgid(0, 0);
            char c;
            _exit(read(0, &c, 1) == -1 && errno == EIO ? 0 : 1);
        }
        setpgid(bg, bg);
        if (waitpid(bg, &st, 0) != bg || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
            _exit(6);
        write(p[1], "k", 1);                /* the terminal is ours: go */
        for (;;)
            almos_sleep_us(1000000);
    }
    close(p[1]);
    tl_guard_child(leader);
    char c = 0;
    ssize_t n = read(p[0], &c, 1);
    close(p[0]);
    if (n != 1) {
        int st = 0;
        waitpid(leader, &st, 0);
        CHECK(0, "session leader: %s", tl_status(st));
    }
    CHECK_EQ(tcgetpgrp(0), leader);
    /* another session is refused while the first leader lives */
    almos_flush_stdio();
    int other = fork();
    if (other == 0) {
        setsid();
        _exit(tcsetpgrp(0, getpid()) == -1 && errno == EPERM ? 0 : 1);
    }
    int st = 0;
    CHECK(waitpid(other, &st, 0) == other, "waitpid");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a second session took the terminal");
    kill(leader, ALMOS_SIGKILL);
    waitpid(leader, &st, 0);
    tl_guard_child(0);
    /* the leader gone, a new session may take it */
    other = fork();
    if (other == 0) {
        setsid();
        _exit(tcsetpgrp(0, getpid()) == 0 && tcgetpgrp(0) == getpid() ? 0 : 1);
    }
    CHECK(waitpid(other, &st, 0) == other, "waitpid");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the terminal stayed with a dead session");
    printf("foreground: one session at a time, SIGTTIN for background readers\n");
}

int main(void)
{
    if (!isatty(0)) {
        printf("FAIL: fd 0 is not the terminal\n");
        return 1;
    }
    attributes();
    raw_read();
    if (tcgetpgrp(0) == getpgrp() && getpgrp() != 1)
        printf("foreground: not tried: an interactive shell owns the terminal\n");
    else
        foreground();
    printf("t_termios: ok\n");
    return 0;
}
