/* time command [arg...] - runs the command and prints, on stderr, its wall
 * time, then per cluster what the machine did meanwhile: page faults
 * counted by the kernel (all processes), RPCs served, TLB shootdowns
 * served, and the change in free pages.  Exits with the command's status.
 * GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "almos.h"

static struct almos_stats before, after;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: time command [arg...]\n");
        return 2;
    }
    int have = almos_get_stats(&before) == 0;
    uint64_t t0 = almos_clock_ns();
    almos_flush_stdio();
    int pid = fork();
    if (pid < 0) {
        fprintf(stderr, "time: fork: %s\n", strerror(errno));
        return 1;
    }
    if (pid == 0) {
        execvp(argv[1], argv + 1);
        fprintf(stderr, "time: %s: %s\n", argv[1], strerror(errno));
        _exit(errno == ENOENT ? 127 : 126);
    }
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno != ECHILD)
        ;
    uint64_t ns = almos_clock_ns() - t0;
    have &= almos_get_stats(&after) == 0;
    fprintf(stderr, "real %lu.%03lus\n", (unsigned long)(ns / 1000000000),
            (unsigned long)(ns % 1000000000 / 1000000));
    if (have) {
        uint64_t pf = (after.pf_local + after.pf_false + after.pf_true + after.pf_cow) -
                      (before.pf_local + before.pf_false + before.pf_true + before.pf_cow);
        fprintf(stderr, "page faults %lu (all clusters)\n", (unsigned long)pf);
        fprintf(stderr, "%7s %12s %12s %12s\n", "cluster", "rpc served", "tlb served",
                "free pages");
        for (uint32_t c = 0; c < after.clusters && c < ALMOS_MAX_CLUSTERS; c++)
            fprintf(stderr, "%7u %12lu %12lu %+12ld\n", c,
                    (unsigned long)(after.rpc_served[c] - before.rpc_served[c]),
                    (unsigned long)(after.tlb_served[c] - before.tlb_served[c]),
                    (long)after.free_pages[c] - (long)before.free_pages[c]);
    }
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}
