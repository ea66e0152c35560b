/* wc [-lwc] [file...] - lines, words and bytes of each file (or stdin),
 * and their total when there are several.  GPL-2.0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int show_l, show_w, show_c;

static void print(unsigned long l, unsigned long w, unsigned long c, const char *name)
{
    if (show_l)
        printf("%8lu", l);
    if (show_w)
        printf("%8lu", w);
    if (show_c)
        printf("%8lu", c);
    printf("%s%s\n", name ? " " : "", name ? name : "");
}

int main(int argc, char **argv)
{
    int i = 1, rc = 0, files = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'l') show_l = 1;
            else if (*o == 'w') show_w = 1;
            else if (*o == 'c') show_c = 1;
            else {
                fprintf(stderr, "usage: wc [-lwc] [file...]\n");
                return 2;
            }
        }
    if (!show_l && !show_w && !show_c)
        show_l = show_w = show_c = 1;
    unsigned long tl = 0, tw = 0, tc = 0;
    for (int k = i; k < argc || (k == i && i == argc); k++) {
        const char *name = k < argc ? argv[k] : NULL;
        int fd = name && strcmp(name, "-") ? open(name, O_RDONLY) : 0;
        if (fd < 0) {
            fprintf(stderr, "wc: %s: %s\n", name, strerror(errno));
            rc = 1;
            continue;
        }
        unsigned long l = 0, w = 0, c = 0;
        int inword = 0;
        static char buf[4096];
        ssize_t n;
        while ((n = read(fd, buf, sizeof(buf))) > 0)
            for (ssize_t j = 0; j < n; j++) {
                char ch = buf[j];
                c++;
                if (ch == '\n')
                    l++;
                int space = ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' ||
                            ch == '\v' || ch == '\f';
                if (!space && !inword)
                    w++;
                inword = !space;
            }
        if (n < 0) {
            fprintf(stderr, "wc: %s: %s\n", name ? name : "stdin", strerror(errno));
            rc = 1;
        }
        if (fd > 0)
            close(fd);
        print(l, w, c, name);
        tl += l; tw += w; tc += c;
        files++;
    }
    if (files > 1)
        print(tl, tw, tc, "total");
    return rc;
}
