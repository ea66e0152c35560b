/* kill [-9|-KILL|-HUP|-STOP|-CONT|-N] pid... (pids in decimal or 0x hex, as ps
 * prints them).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "almos.h"

int kill(int pid, int sig);

int main(int argc, char **argv)
{
    int sig = ALMOS_SIGKILL, i = 1, rc = 0;
    if (i < argc && argv[i][0] == '-') {
        const char *s = argv[i] + 1;
        if (!strcmp(s, "KILL") || !strcmp(s, "SIGKILL"))
            sig = ALMOS_SIGKILL;
        else if (!strcmp(s, "HUP") || !strcmp(s, "SIGHUP"))
            sig = ALMOS_SIGHUP;
        else if (!strcmp(s, "STOP") || !strcmp(s, "SIGSTOP"))
            sig = ALMOS_SIGSTOP;
        else if (!strcmp(s, "CONT") || !strcmp(s, "SIGCONT"))
            sig = ALMOS_SIGCONT;
        else if (*s >= '0' && *s <= '9')
            sig = atoi(s);
        else {
            fprintf(stderr, "kill: unknown signal %s\n", s);
            return 2;
        }
        i++;
    }
    if (i == argc) {
        fprintf(stderr, "usage: kill [-9|-HUP|-STOP|-CONT] pid...\n");
        return 2;
    }
    for (; i < argc; i++) {
        char *end;
        long pid = strtol(argv[i], &end, 0);
        if (*end || pid <= 0) {
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
