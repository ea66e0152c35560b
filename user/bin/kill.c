/* kill [-SIGNAL|-N] pid...   kill -l
 * Sends a signal (SIGTERM by default) to each process; a pid below -1
 * names the process group -pid.  Signals by name (INT, KILL, TERM, STOP,
 * CONT, TSTP, HUP, QUIT...) with or without "SIG", or by number (the
 * kernel's, Linux's).  Pids are decimal, as ps and jobs print them.
 * GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "almos.h"

int kill(int pid, int sig);

static const struct { const char *name; int sig; } sigs[] = {
    { "HUP", ALMOS_SIGHUP },   { "INT", ALMOS_SIGINT },   { "QUIT", ALMOS_SIGQUIT },
    { "ILL", ALMOS_SIGILL },   { "ABRT", ALMOS_SIGABRT }, { "BUS", ALMOS_SIGBUS },
    { "KILL", ALMOS_SIGKILL }, { "USR1", ALMOS_SIGUSR1 }, { "SEGV", ALMOS_SIGSEGV },
    { "USR2", ALMOS_SIGUSR2 }, { "PIPE", ALMOS_SIGPIPE }, { "ALRM", ALMOS_SIGALRM },
    { "TERM", ALMOS_SIGTERM }, { "CHLD", ALMOS_SIGCHLD }, { "CONT", ALMOS_SIGCONT },
    { "STOP", ALMOS_SIGSTOP }, { "TSTP", ALMOS_SIGTSTP }, { "TTIN", ALMOS_SIGTTIN },
    { "TTOU", ALMOS_SIGTTOU }, { "URG", ALMOS_SIGURG },   { "WINCH", ALMOS_SIGWINCH },
};
#define NSIGS (int)(sizeof(sigs) / sizeof(sigs[0]))

/* the signal named <s> (after the '-'), or -1 */
static int parse_sig(const char *s)
{
    if (*s >= '0' && *s <= '9') {
        char *end;
        long n = strtol(s, &end, 10);
        return *end || n >= ALMOS_NSIG ? -1 : (int)n;
    }
    if (strncasecmp(s, "SIG", 3) == 0)
        s += 3;
    for (int i = 0; i < NSIGS; i++)
        if (strcasecmp(s, sigs[i].name) == 0)
            return sigs[i].sig;
    return -1;
}

int main(int argc, char **argv)
{
    int sig = ALMOS_SIGTERM, i = 1, rc = 0;
    if (i < argc && strcmp(argv[i], "-l") == 0) {
        for (int k = 0; k < NSIGS; k++)
            printf("%2d %s\n", sigs[k].sig, sigs[k].name);
        return 0;
    }
    if (i < argc && argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") != 0) {
        sig = parse_sig(argv[i] + 1);
        if (sig < 0) {
            fprintf(stderr, "kill: unknown signal %s (kill -l lists them)\n", argv[i] + 1);
            return 2;
        }
        i++;
    }
    if (i < argc && strcmp(argv[i], "--") == 0)
        i++;
    if (i == argc) {
        fprintf(stderr, "usage: kill [-SIGNAL] pid...  (a pid < -1 is a process group)\n");
        return 2;
    }
    for (; i < argc; i++) {
        char *end;
        int hex = (argv[i][0] == '0' && (argv[i][1] == 'x' || argv[i][1] == 'X'));
        long pid = strtol(argv[i], &end, hex ? 16 : 10);
        if (*end || end == argv[i] || pid == 0 || pid == -1) {
            fprintf(stderr, "kill: bad pid %s\n", argv[i]);
            rc = 1;
            continue;
        }
        if (kill((int)pid, sig) < 0) {
            fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
    }
    return rc;
}
