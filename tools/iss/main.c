/* main.c -- the `iss` command: options, terminal, progress and statistics
 * around the library of machine.c. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include "iss.h"

static int quiet;
static double t0, tlast;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec * 1e-9;
}

static struct termios saved_tio;
static int tio_saved;
static void restore_tty(void) { if (tio_saved) tcsetattr(0, TCSANOW, &saved_tio); }
static void on_signal(int sig)
{
    restore_tty();
    signal(sig, SIG_DFL);
    raise(sig);
}

static u64 parse_size(const char *s)
{
    char *e;
    u64 v = strtoull(s, &e, 0);
    switch (*e) {
    case 'k': case 'K': v <<= 10; break;
    case 'm': case 'M': v <<= 20; break;
    case 'g': case 'G': v <<= 30; break;
    }
    return v;
}

static void usage(void)
{
    fprintf(stderr,
        "usage: iss [--clusters N] [--harts M] [--mem-per-cluster SIZE] [--bios fw.bin]\n"
        "           [--kernel kernel.bin] [--initrd file] [--dtb file] [--bootargs STR]\n"
        "           [--commit-log FILE|-] [--max-insns N] [--watch-pc ADDR] [--bare prog.elf|.bin]\n"
        "           [--dump-dtb FILE] [--quantum N] [--watch-uart STR] [--exit-on-uart STR] [-q]\n");
    exit(125);
}

/* called by iss_run after every round: a progress line every 3 s */
static void progress(void)
{
    static unsigned n;
    if (quiet || (++n & 255)) return;
    double t = now();
    if (t - tlast >= 3.0) {
        fprintf(stderr, "iss: %llu instructions, %.1f MIPS\n", (unsigned long long)M.total_insns,
                (double)M.total_insns / (t - t0) / 1e6);
        tlast = t;
    }
}

int main(int argc, char **argv)
{
    struct iss_config cfg = { .clusters = 1, .harts_per_cluster = 1, .mem_per_cluster = 128ULL << 20 };
    const char *commit_log = NULL;
    u64 max_insns = 0;
    M.quantum = 1000;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
#define ARG (i + 1 < argc ? argv[++i] : (usage(), ""))
        if (!strcmp(a, "--clusters")) cfg.clusters = atoi(ARG);
        else if (!strcmp(a, "--harts")) cfg.harts_per_cluster = atoi(ARG);
        else if (!strcmp(a, "--mem-per-cluster")) cfg.mem_per_cluster = parse_size(ARG);
        else if (!strcmp(a, "--bios")) cfg.bios = ARG;
        else if (!strcmp(a, "--kernel")) cfg.kernel = ARG;
        else if (!strcmp(a, "--initrd")) cfg.initrd = ARG;
        else if (!strcmp(a, "--dtb")) cfg.dtb = ARG;
        else if (!strcmp(a, "--bootargs")) cfg.bootargs = ARG;
        else if (!strcmp(a, "--bare")) cfg.bare = ARG;
        else if (!strcmp(a, "--dump-dtb")) cfg.dump_dtb = ARG;
        else if (!strcmp(a, "--commit-log")) commit_log = ARG;
        else if (!strcmp(a, "--max-insns")) max_insns = parse_size(ARG);
        else if (!strcmp(a, "--watch-pc")) M.watch_pc = strtoull(ARG, 0, 0);
        else if (!strcmp(a, "--quantum")) M.quantum = atoi(ARG);
        else if (!strcmp(a, "--watch-uart")) M.watch_uart = ARG;
        else if (!strcmp(a, "--exit-on-uart")) { M.watch_uart = ARG; M.watch_uart_exit = 1; }
        else if (!strcmp(a, "-q")) quiet = 1;
        else usage();
    }
    if (commit_log) {
        M.commit_log = !strcmp(commit_log, "-") ? stderr : fopen(commit_log, "w");
        if (!M.commit_log) iss_die("cannot open %s", commit_log);
    }
    iss_init(&cfg);
    if (isatty(0) && tcgetattr(0, &saved_tio) == 0) {
        struct termios t = saved_tio;
        t.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
        tio_saved = 1;
        atexit(restore_tty);
        signal(SIGINT, on_signal);      /* Ctrl-C: leave the terminal as we found it */
        signal(SIGTERM, on_signal);
        signal(SIGHUP, on_signal);
        tcsetattr(0, TCSANOW, &t);
    }

    t0 = tlast = now();
    int rc = iss_run(max_insns, progress);
    fflush(stdout);
    if (rc == 124 && !M.exit_requested)
        fprintf(stderr, "iss: --max-insns %llu reached\n", (unsigned long long)max_insns);
    if (M.commit_log) fflush(M.commit_log);
    double t = now() - t0;
    if (!quiet)
        fprintf(stderr, "iss: exit %d, %llu instructions in %.2f s (%.1f MIPS)\n", rc,
                (unsigned long long)M.total_insns, t, t > 0 ? (double)M.total_insns / t / 1e6 : 0.0);
    return rc;
}
