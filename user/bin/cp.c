/* cp SOURCE DEST | cp SOURCE... DIRECTORY - copies files (not
 * directories); DEST is replaced.  GPL-2.0. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

/* Copies file <src> to <dst>; 0 or 1 (message printed). */
int copy_file(const char *prog, const char *src, const char *dst)
{
    struct stat st;
    if (stat(src, &st) < 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, src, strerror(errno));
        return 1;
    }
    if (S_ISDIR(st.st_mode)) {
        fprintf(stderr, "%s: %s is a directory (not copied)\n", prog, src);
        return 1;
    }
    struct stat d;
    if (stat(dst, &d) == 0 && d.st_ino == st.st_ino && d.st_dev == st.st_dev) {
        fprintf(stderr, "%s: %s and %s are the same file\n", prog, src, dst);
        return 1;
    }
    int in = open(src, O_RDONLY);
    if (in < 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, src, strerror(errno));
        return 1;
    }
    int out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, st.st_mode & 0777);
    if (out < 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, dst, strerror(errno));
        close(in);
        return 1;
    }
    static char buf[4096];
    ssize_t n;
    int rc = 0;
    while ((n = read(in, buf, sizeof(buf))) > 0)
        if (write(out, buf, (size_t)n) != n) {
            fprintf(stderr, "%s: %s: %s\n", prog, dst, strerror(errno));
            rc = 1;
            break;
        }
    if (n < 0) {
        fprintf(stderr, "%s: %s: %s\n", prog, src, strerror(errno));
        rc = 1;
    }
    close(in);
    close(out);
    return rc;
}

/* <dir>/<basename of src> in <buf>. */
void into_dir(char *buf, size_t size, const char *dir, const char *src)
{
    const char *base = strrchr(src, '/');
    base = base ? base + 1 : src;
    size_t n = strlen(dir);
    snprintf(buf, size, "%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/", base);
}

/* cp and mv (mv includes this file): each SOURCE copied to DEST, or into
 * DIRECTORY; with <move>, a source copied without error is then removed. */
int copy_main(const char *name, int move, int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s SOURCE DEST | %s SOURCE... DIRECTORY\n", name, name);
        return 2;
    }
    const char *last = argv[argc - 1];
    struct stat st;
    int to_dir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
    if (argc > 3 && !to_dir) {
        fprintf(stderr, "%s: %s is not a directory\n", name, last);
        return 1;
    }
    int rc = 0;
    for (int i = 1; i < argc - 1; i++) {
        char dst[256];
        if (to_dir)
            into_dir(dst, sizeof(dst), last, argv[i]);
        else
            snprintf(dst, sizeof(dst), "%s", last);
        if (copy_file(name, argv[i], dst)) {
            rc = 1;
            continue;
        }
        if (move && unlink(argv[i]) < 0) {
            fprintf(stderr, "%s: %s: %s\n", name, argv[i], strerror(errno));
            rc = 1;
        }
    }
    return rc;
}

#ifndef CP_NO_MAIN
int main(int argc, char **argv)
{
    return copy_main("cp", 0, argc, argv);
}
#endif
