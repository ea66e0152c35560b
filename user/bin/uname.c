/* uname [-asnrvm] - the system's name (-s, the default), node (-n),
 * release (-r), version (-v: the kernel's topology), machine (-m);
 * -a all of them.  GPL-2.0. */
#include <stdio.h>
#include <string.h>
#include "almos.h"

int main(int argc, char **argv)
{
    int want[5] = { 0 }, any = 0;
    const char *opts = "snrvm";
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] != '-' || !argv[i][1])
            goto usage;
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'a') {
                for (int k = 0; k < 5; k++)
                    want[k] = 1;
            } else if (strchr(opts, *o)) {
                want[strchr(opts, *o) - opts] = 1;
            } else {
                goto usage;
            }
            any = 1;
        }
    }
    if (!any)
        want[0] = 1;
    struct almos_config cfg;
    char version[64] = "?";
    if (almos_get_config(&cfg) == 0)
        snprintf(version, sizeof(version), "%u clusters, %u harts", cfg.clusters, cfg.harts);
    const char *field[5] = { "almos-rv", "almos", "0.1", version, "riscv64" };
    const char *sep = "";
    for (int k = 0; k < 5; k++)
        if (want[k]) {
            printf("%s%s", sep, field[k]);
            sep = " ";
        }
    printf("\n");
    return 0;
usage:
    fprintf(stderr, "usage: uname [-asnrvm]\n");
    return 2;
}
