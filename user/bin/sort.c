/* sort [-rnu] [file...] - the lines of the files (or stdin) in order:
 * byte order (strcmp), -n by leading number, -r reversed, -u one of each
 * run of equal lines.  A last line without a newline gets one.  (The
 * parallel sorting benchmark is psort.)  GPL-2.0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int numeric, reverse, unique;

static int cmp(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int r;
    if (numeric) {
        double dx = strtod(x, NULL), dy = strtod(y, NULL);
        r = dx < dy ? -1 : dx > dy ? 1 : strcmp(x, y);
    } else {
        r = strcmp(x, y);
    }
    return reverse ? -r : r;
}

static char *text;
static size_t size, cap;

static int slurp(int fd, const char *name)
{
    ssize_t r;
    for (;;) {
        if (size + 1 >= cap) {
            size_t ncap = cap ? cap * 2 : 8192;
            char *more = realloc(text, ncap);
            if (!more) {
                fprintf(stderr, "sort: out of memory\n");
                return 1;
            }
            text = more;
            cap = ncap;
        }
        r = read(fd, text + size, cap - size - 1);
        if (r <= 0)
            break;
        size += (size_t)r;
    }
    if (r < 0) {
        fprintf(stderr, "sort: %s: %s\n", name, strerror(errno));
        return 1;
    }
    if (size > 0 && text[size - 1] != '\n')
        text[size++] = '\n';
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1, rc = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'n') numeric = 1;
            else if (*o == 'r') reverse = 1;
            else if (*o == 'u') unique = 1;
            else {
                fprintf(stderr, "usage: sort [-rnu] [file...]\n");
                return 2;
            }
        }
    if (i == argc)
        rc |= slurp(0, "stdin");
    for (; i < argc; i++) {
        int fd = strcmp(argv[i], "-") ? open(argv[i], O_RDONLY) : 0;
        if (fd < 0) {
            fprintf(stderr, "sort: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
            continue;
        }
        rc |= slurp(fd, argv[i]);
        if (fd)
            close(fd);
    }
    size_t n = 0;
    for (size_t k = 0; k < size; k++)
        n += text[k] == '\n';
    char **line = malloc((n + 1) * sizeof(*line));
    if (!line && n) {
        fprintf(stderr, "sort: out of memory\n");
        return 1;
    }
    size_t m = 0;
    for (size_t k = 0, s = 0; k < size; k++)
        if (text[k] == '\n') {
            text[k] = 0;
            line[m++] = text + s;
            s = k + 1;
        }
    qsort(line, m, sizeof(*line), cmp);
    for (size_t k = 0; k < m; k++) {
        if (unique && k > 0 && cmp(&line[k - 1], &line[k]) == 0)
            continue;
        fputs(line[k], stdout);
        putchar('\n');
    }
    return rc;
}
