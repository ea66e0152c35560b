/* date [-u] [+FORMAT] - the date and time, through strftime (FORMAT, or
 * "%a %b %e %H:%M:%S UTC %Y").  The kernel reads no real-time clock: the
 * clock starts at the epoch (1970-01-01 00:00:00 UTC) when the machine
 * boots, so date tells the time since boot.  GPL-2.0. */
#include <stdio.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    const char *fmt = "%a %b %e %H:%M:%S UTC %Y";
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '+')
            fmt = argv[i] + 1;
        else if (strcmp(argv[i], "-u") != 0) {
            fprintf(stderr, "usage: date [-u] [+FORMAT]\n");
            return 2;
        }
    }
    time_t now = time(NULL);
    struct tm tm;
    char buf[256];
    if (!gmtime_r(&now, &tm) || strftime(buf, sizeof(buf), fmt, &tm) == 0) {
        if (*fmt) {
            fprintf(stderr, "date: cannot format the date\n");
            return 1;
        }
        buf[0] = 0;
    }
    printf("%s\n", buf);
    return 0;
}
