/* halt [status] - power the machine off (SYS_HALT).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "almos.h"

int main(int argc, char **argv)
{
    int status = argc > 1 ? atoi(argv[1]) : 0;
    almos_flush_stdio();
    almos_halt(status);
    fprintf(stderr, "halt: %s\n", strerror(errno));
    return 1;
}
