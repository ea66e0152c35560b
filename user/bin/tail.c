/* tail [-n N | -N] [file] - the last N lines (10) of a file or of stdin.
 * The input is read whole (files and pipes alike), then its end is
 * printed.  GPL-2.0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    long n = 10;
    int i = 1;
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
    if (argc - i > 1)
        goto bad;
    const char *name = i < argc ? argv[i] : "stdin";
    int fd = i < argc ? open(name, O_RDONLY) : 0;
    if (fd < 0) {
        fprintf(stderr, "tail: %s: %s\n", name, strerror(errno));
        return 1;
    }
    size_t size = 0, cap = 4096;
    char *text = malloc(cap);
    ssize_t r;
    while (text && (r = read(fd, text + size, cap - size)) > 0) {
        size += (size_t)r;
        if (size == cap) {
            char *more = realloc(text, cap * 2);
            if (!more)
                break;
            text = more;
            cap *= 2;
        }
    }
    if (!text) {
        fprintf(stderr, "tail: out of memory\n");
        return 1;
    }
    /* back from the end over n newlines (a last line without one counts) */
    size_t start = size;
    long lines = 0;
    if (start > 0 && text[start - 1] == '\n')
        start--;
    while (start > 0) {
        if (text[start - 1] == '\n' && ++lines == n)
            break;
        start--;
    }
    if (n == 0)
        start = size;
    write(1, text + start, size - start);
    return 0;
bad:
    fprintf(stderr, "usage: tail [-n N | -N] [file]\n");
    return 2;
}
