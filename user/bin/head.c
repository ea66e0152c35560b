/* head [-n N | -N] [file...] - the first N lines (10) of each file or of
 * stdin.  GPL-2.0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int head(int fd, const char *name, long n)
{
    static char buf[4096];
    ssize_t r;
    while (n > 0 && (r = read(fd, buf, sizeof(buf))) > 0) {
        ssize_t k = 0;
        while (k < r && n > 0)
            if (buf[k++] == '\n')
                n--;
        if (write(1, buf, (size_t)k) != k)
            return 1;
    }
    if (n > 0 && r < 0) {
        fprintf(stderr, "head: %s: %s\n", name, strerror(errno));
        return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    long n = 10;
    int i = 1, rc = 0;
    char *end;
    if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
        n = strtol(argv[i + 1], &end, 10);
        if (*end || n < 0)
            goto bad;
        i += 2;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
        n = strtol(argv[i] + 1, &end, 10);
        if (*end)
            goto bad;
        i++;
    } else if (i < argc && argv[i][0] == '-' && argv[i][1]) {
        goto bad;
    }
    if (i == argc)
        return head(0, "stdin", n);
    for (int k = i; k < argc; k++) {
        int fd = open(argv[k], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "head: %s: %s\n", argv[k], strerror(errno));
            rc = 1;
            continue;
        }
        if (argc - i > 1)
            printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
        fflush(stdout);
        rc |= head(fd, argv[k], n);
        close(fd);
    }
    return rc;
bad:
    fprintf(stderr, "usage: head [-n N | -N] [file...]\n");
    return 2;
}
