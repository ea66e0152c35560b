/* pgstat - page-fault counters by kind (SYS_GET_STATS).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "almos.h"

int main(void)
{
    struct almos_stats st;
    memset(&st, 0, sizeof(st));
    if (almos_get_stats(&st) < 0) {
        fprintf(stderr, "pgstat: %s\n", strerror(errno));
        return 1;
    }
    printf("page faults:\n");
    printf("  local     %10lu  (private vsegs mapped locally)\n", (unsigned long)st.pf_local);
    printf("  false     %10lu  (PTE copied from the reference GPT)\n", (unsigned long)st.pf_false);
    printf("  true      %10lu  (new page mapped in the reference GPT)\n", (unsigned long)st.pf_true);
    printf("  cow       %10lu  (copy-on-write resolved)\n", (unsigned long)st.pf_cow);
    printf("  cow copy  %10lu  (of which the page was copied)\n", (unsigned long)st.pf_cow_copy);
    printf("  code rep  %10lu  (CODE pages copied into the faulting cluster)\n",
           (unsigned long)st.pf_code_replica);
    printf("syscalls    %10lu\n", (unsigned long)st.syscalls);
    return 0;
}
