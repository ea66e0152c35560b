/* free - free and total memory per cluster (SYS_GET_STATS).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "almos.h"

int main(void)
{
    struct almos_stats st;
    memset(&st, 0, sizeof(st));
    if (almos_get_stats(&st) < 0) {
        fprintf(stderr, "free: %s\n", strerror(errno));
        return 1;
    }
    printf("%7s %10s %10s %10s\n", "cluster", "total KiB", "used KiB", "free KiB");
    for (uint32_t c = 0; c < st.clusters && c < ALMOS_MAX_CLUSTERS; c++)
        printf("%7u %10lu %10lu %10lu\n", (unsigned)c,
               (unsigned long)st.total_pages[c] * 4,
               (unsigned long)(st.total_pages[c] - st.free_pages[c]) * 4,
               (unsigned long)st.free_pages[c] * 4);
    uint64_t t = almos_total_pages(&st), f = almos_free_pages(&st);
    printf("%7s %10lu %10lu %10lu\n", "all", (unsigned long)t * 4,
           (unsigned long)(t - f) * 4, (unsigned long)f * 4);
    return 0;
}
