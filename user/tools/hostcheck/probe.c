/* probe - run by hostcheck (not part of the initrd): checks the start
 * code, stdio, malloc over mmap, errno in TLS, atexit.  Exits 0 when all
 * hold, otherwise the number of the failed check.  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "almos.h"

static int constructed;
__attribute__((constructor)) static void ctor(void) { constructed = 42; }
static int initialised = 7;
static int zeroed[1000];
static __thread int tls_var = 5;
static __thread int tls_zero;

static void bye(void) { printf("probe: atexit handler ran, no newline"); }

int main(int argc, char **argv, char **envp)
{
    printf("probe: argc=%d argv[0]=%s", argc, argv[0]);
    for (int i = 1; i < argc; i++)
        printf(" [%s]", argv[i]);
    printf("\n");
    for (int i = 0; envp[i]; i++)
        printf("probe: env %s\n", envp[i]);
    if (argc != 3 || strcmp(argv[1], "alpha") || strcmp(argv[2], "beta gamma"))
        return 1;
    if (!getenv("HOME") || strcmp(getenv("HOME"), "/") != 0)
        return 2;
    if (constructed != 42 || initialised != 7)
        return 3;
    for (int i = 0; i < 1000; i++)
        if (zeroed[i])
            return 4;
    if (tls_var != 5 || tls_zero != 0)
        return 5;
    void *tp;
    __asm__ volatile("mv %0, tp" : "=r"(tp));
    if ((char *)&errno < (char *)tp || (char *)&errno >= (char *)tp + 64)
        return 6;
    errno = 0;
    if (close(5) != -1 || errno != ENOSYS)      /* the monitor says ENOSYS (38) */
        return 7;
    char *big = malloc(3 << 20);
    if (!big)
        return 8;
    memset(big, 0xab, 3 << 20);
    char *small = malloc(100);
    if (!small || small == big)
        return 9;
    free(big);
    free(small);
    char buf[64];
    snprintf(buf, sizeof(buf), "%d %s %lx %5.2f", -12, "str", 0xbeefUL, 3.14159);
    printf("probe: snprintf -> '%s'\n", buf);
    if (strcmp(buf, "-12 str beef  3.14") != 0 && strcmp(buf, "-12 str beef     ?") != 0)
        return 10;
    if (strtol("0x1f", NULL, 0) != 31)
        return 11;
    uint64_t c0 = almos_cycles(), c1 = almos_cycles();
    if (c1 <= c0)
        return 12;
    fprintf(stderr, "probe: stderr works\n");
    atexit(bye);
    printf("probe: all checks passed\n");
    return 0;
}
