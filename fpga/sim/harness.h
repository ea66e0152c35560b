// harness.h -- what the two Verilator harnesses share (sim_main.cpp: the
// SoC, board_main.cpp: the board top): the user's terminal, a clock for the
// progress lines, the number syntax of the options.
//
// The terminal: while a simulation runs, stdin feeds the SoC's UART a byte
// at a time, so the terminal is put out of canonical mode and its echo off
// (the simulated shell echoes); it is restored at exit and on the signals
// that end the run.
#pragma once

#include <poll.h>
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <deque>

namespace harness {

static struct termios saved_tio;
static bool tio_saved;

static inline void restore_tty()
{
    if (tio_saved) tcsetattr(0, TCSANOW, &saved_tio);
}

static inline void on_signal(int sig)
{
    restore_tty();
    signal(sig, SIG_DFL);
    raise(sig);
}

// Byte-at-a-time input without echo when stdin is a terminal; nothing
// otherwise (a pipe or /dev/null is read as it is).
static inline void terminal_raw()
{
    if (!isatty(0) || tcgetattr(0, &saved_tio) != 0) return;
    struct termios t = saved_tio;
    t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    tio_saved = true;
    atexit(restore_tty);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    tcsetattr(0, TCSANOW, &t);
}

// Move what stdin has ready (at most `room` bytes queued) into rx, without
// blocking; *eof is set once stdin has ended.
static inline void poll_stdin(std::deque<uint8_t> &rx, bool *eof, size_t room = 4096)
{
    struct pollfd p = {0, POLLIN, 0};
    while (!*eof && rx.size() < room && poll(&p, 1, 0) == 1) {
        uint8_t c;
        if (read(0, &c, 1) != 1) { *eof = true; break; }
        rx.push_back(c);
    }
}

// Seconds on the monotonic clock (the rates of the progress lines).
static inline double now()
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

// A number as the options take it: C syntax, with a k/M/G suffix
// (decimal: --max-cycles 200M).
static inline uint64_t parse_num(const char *s)
{
    char *e;
    uint64_t v = strtoull(s, &e, 0);
    switch (*e) {
    case 'k': case 'K': v *= 1000; break;
    case 'm': case 'M': v *= 1000000; break;
    case 'g': case 'G': v *= 1000000000ULL; break;
    }
    return v;
}

}  // namespace harness
