/* ps - the processes (SYS_PROCESS_INFO), with the cluster of every thread
 * (threads per cluster, over the process's copies).  Ids in decimal, as
 * kill, jobs and the shell take and print them; a pid is the owner
 * cluster times 65536 plus a local id (CXY says which cluster).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "almos.h"

int main(void)
{
    static const char *states[] = { "run", "stop", "zombie", "sleep" };
    struct almos_process_info pi;
    struct almos_config cfg;
    unsigned clusters = almos_get_config(&cfg) == 0 ? cfg.clusters : 0;
    if (clusters > ALMOS_MAX_CLUSTERS)
        clusters = ALMOS_MAX_CLUSTERS;
    printf("%8s %8s %8s %4s %4s %-6s %6s %-16s %s\n", "PID", "PPID", "PGID", "CXY", "THR",
           "STATE", "PAGES", "NAME", "THREADS PER CLUSTER (cluster:threads)");
    for (int i = 0; i < 4096; i++) {
        memset(&pi, 0, sizeof(pi));
        int r = almos_process_info(i, &pi);
        if (r < 0) {
            fprintf(stderr, "ps: %s\n", strerror(errno));
            return 1;
        }
        if (r == 0)
            break;
        pi.name[sizeof(pi.name) - 1] = 0;
        printf("%8d %8d %8d %4u %4u %-6s %6lu %-16s", pi.pid, pi.ppid, pi.pgid, pi.cxy,
               pi.threads, pi.state < 4 ? states[pi.state] : "?",
               (unsigned long)pi.pages, pi.name);
        for (unsigned c = 0; c < clusters; c++)
            if (pi.threads_in[c])
                printf(" %u:%u", c, pi.threads_in[c]);
        printf("\n");
    }
    return 0;
}
