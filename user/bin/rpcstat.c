/* rpcstat - per cluster: RPCs sent and served, TLB shootdown IPIs sent and
 * served (SYS_GET_STATS).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "almos.h"

int main(void)
{
    struct almos_stats st;
    memset(&st, 0, sizeof(st));
    if (almos_get_stats(&st) < 0) {
        fprintf(stderr, "rpcstat: %s\n", strerror(errno));
        return 1;
    }
    printf("cluster  rpc sent  rpc served  shootdowns sent  shootdowns served\n");
    for (unsigned c = 0; c < st.clusters && c < ALMOS_MAX_CLUSTERS; c++)
        printf("%7u  %8lu  %10lu  %15lu  %17lu\n", c, (unsigned long)st.rpc_sent[c],
               (unsigned long)st.rpc_served[c], (unsigned long)st.tlb_sent[c],
               (unsigned long)st.tlb_served[c]);
    return 0;
}
