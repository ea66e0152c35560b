/* grep [-cvinlqEhH] PATTERN [file...] - the lines of the files (or stdin)
 * that match PATTERN, a basic regular expression (-E: extended), with
 * picolibc's regcomp/regexec (POSIX, from NetBSD).  -c count, -v the
 * lines that do not match, -i ignore case, -n line numbers, -l names of
 * files with a match, -q nothing (status only), -h/-H without/with file
 * names.  Status 0 when a line was selected, 1 when none, 2 on error.
 * GPL-2.0. */
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int o_count, o_invert, o_number, o_list, o_quiet, o_names = -1;
static regex_t re;

/* Reads the lines of <fd> (any length: the buffer grows); 0 or -1. */
static int grep_fd(int fd, const char *name, long *selected)
{
    static char *line;
    static size_t cap;
    static char buf[4096];
    size_t len = 0;
    long lineno = 0, count = 0;
    ssize_t r = 1;
    size_t off = 0, got = 0;
    for (;;) {
        if (off == got) {
            r = read(fd, buf, sizeof(buf));
            if (r <= 0 && len == 0)
                break;
            off = 0;
            got = r > 0 ? (size_t)r : 0;
        }
        int eol = 0;
        while (off < got && !eol) {
            char c = buf[off++];
            if (c == '\n') {
                eol = 1;
                break;
            }
            if (len + 2 > cap) {
                size_t ncap = cap ? cap * 2 : 256;
                char *more = realloc(line, ncap);
                if (!more) {
                    fprintf(stderr, "grep: out of memory\n");
                    return -1;
                }
                line = more;
                cap = ncap;
            }
            line[len++] = c;
        }
        if (!eol && r > 0)
            continue;                       /* the line goes on */
        if (!line) {
            line = malloc(cap = 256);
            if (!line)
                return -1;
        }
        line[len] = 0;
        lineno++;
        int match = regexec(&re, line, 0, NULL, 0) == 0;
        if (match != o_invert) {
            count++;
            if (o_quiet || o_list)
                break;
            if (!o_count) {
                if (o_names)
                    printf("%s:", name);
                if (o_number)
                    printf("%ld:", lineno);
                printf("%s\n", line);
            }
        }
        len = 0;
        if (r <= 0)
            break;
    }
    if (r < 0) {
        fprintf(stderr, "grep: %s: %s\n", name, strerror(errno));
        return -1;
    }
    if (o_count && !o_quiet && !o_list) {
        if (o_names)
            printf("%s:", name);
        printf("%ld\n", count);
    }
    if (o_list && count && !o_quiet)
        printf("%s\n", name);
    *selected += count;
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1, flags = 0, err = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "--") == 0) {
            i++;
            break;
        }
        for (const char *o = argv[i] + 1; *o; o++)
            switch (*o) {
            case 'c': o_count = 1; break;
            case 'v': o_invert = 1; break;
            case 'i': flags |= REG_ICASE; break;
            case 'n': o_number = 1; break;
            case 'l': o_list = 1; break;
            case 'q': o_quiet = 1; break;
            case 'E': flags |= REG_EXTENDED; break;
            case 'h': o_names = 0; break;
            case 'H': o_names = 1; break;
            default:
                fprintf(stderr, "usage: grep [-cvinlqEhH] PATTERN [file...]\n");
                return 2;
            }
    }
    if (i == argc) {
        fprintf(stderr, "usage: grep [-cvinlqEhH] PATTERN [file...]\n");
        return 2;
    }
    int rerr = regcomp(&re, argv[i++], flags | REG_NOSUB);
    if (rerr) {
        char msg[128];
        regerror(rerr, &re, msg, sizeof(msg));
        fprintf(stderr, "grep: bad pattern: %s\n", msg);
        return 2;
    }
    if (o_names < 0)
        o_names = argc - i > 1;
    long selected = 0;
    if (i == argc)
        err |= grep_fd(0, "(standard input)", &selected) < 0;
    for (; i < argc; i++) {
        int fd = open(argv[i], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
            err = 1;
            continue;
        }
        err |= grep_fd(fd, argv[i], &selected) < 0;
        close(fd);
        if (o_quiet && selected)
            break;
    }
    regfree(&re);
    return err && !(o_quiet && selected) ? 2 : selected ? 0 : 1;
}
