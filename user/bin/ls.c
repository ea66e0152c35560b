/* ls [-a] [-l] [path...] - list directories (or name files).  Names that
 * begin with '.' are shown with -a only.  -l: a header, then per entry
 * its type and permissions, links, size in bytes, and the cluster whose
 * memory holds the file (almos-rv keeps each inode in one cluster).
 * GPL-2.0. */
#include <errno.h>
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int longfmt, all;

static char type_char(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR: return 'd';
    case S_IFCHR: return 'c';
    case S_IFIFO: return 'p';
    default:      return '-';
    }
}

static void show(const char *path, const char *name)
{
    if (!longfmt) {
        printf("%s\n", name);
        return;
    }
    struct stat st;
    if (stat(path, &st) < 0) {
        printf("?????????? %5s %8s %7s %s\n", "?", "?", "?", name);
        return;
    }
    printf("%c%c%c%c%c%c%c%c%c%c %5u %8lu %7u %s\n", type_char(st.st_mode),
           st.st_mode & 0400 ? 'r' : '-', st.st_mode & 0200 ? 'w' : '-',
           st.st_mode & 0100 ? 'x' : '-', st.st_mode & 040 ? 'r' : '-',
           st.st_mode & 020 ? 'w' : '-', st.st_mode & 010 ? 'x' : '-',
           st.st_mode & 04 ? 'r' : '-', st.st_mode & 02 ? 'w' : '-',
           st.st_mode & 01 ? 'x' : '-', (unsigned)st.st_nlink,
           (unsigned long)st.st_size, (unsigned)st.st_dev, name);
}

static int list(const char *path, int header)
{
    struct stat st;
    if (stat(path, &st) < 0) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (!S_ISDIR(st.st_mode)) {
        show(path, path);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
        return 1;
    }
    if (header)
        printf("%s:\n", path);
    struct dirent *e;
    char full[256];
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' && !all)
            continue;
        if (longfmt)
            snprintf(full, sizeof(full), "%s%s%s", path,
                     path[strlen(path) - 1] == '/' ? "" : "/", e->d_name);
        show(full, e->d_name);
    }
    closedir(d);
    return 0;
}

int main(int argc, char **argv)
{
    int i = 1, rc = 0;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
        for (const char *o = argv[i] + 1; *o; o++) {
            if (*o == 'l')
                longfmt = 1;
            else if (*o == 'a')
                all = 1;
            else {
                fprintf(stderr, "ls: unknown option -%c\nusage: ls [-a] [-l] [path...]\n", *o);
                return 2;
            }
        }
    if (longfmt)
        printf("%-10s %5s %8s %7s %s\n", "MODE", "LINKS", "SIZE", "CLUSTER", "NAME");
    if (i == argc)
        return list(".", 0);
    int many = argc - i > 1;
    for (; i < argc; i++)
        rc |= list(argv[i], many);
    return rc;
}
