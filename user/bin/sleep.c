/* sleep SECONDS - waits that long (a decimal number: 0.5 is half a
 * second; the resolution is the kernel's timer tick).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "almos.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: sleep SECONDS\n");
        return 2;
    }
    char *end;
    double s = strtod(argv[1], &end);
    if (*end || end == argv[1] || s < 0 || s > 1e9) {
        fprintf(stderr, "sleep: invalid time '%s'\n", argv[1]);
        return 2;
    }
    uint64_t us = (uint64_t)(s * 1e6 + 0.5);
    const uint64_t day = 86400ULL * 1000000;   /* the kernel's limit per call */
    for (; us > day; us -= day)
        if (almos_sleep_us(day) < 0)
            return 1;
    if (almos_sleep_us(us) < 0) {
        fprintf(stderr, "sleep: %s\n", strerror(errno));
        return 1;
    }
    return 0;
}
