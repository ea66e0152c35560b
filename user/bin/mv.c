/* mv SOURCE DEST | mv SOURCE... DIRECTORY - moves files.  The file
 * system has no rename: a file is copied, then the source removed (not
 * when the copy failed).  Directories are not moved.  GPL-2.0. */
#define CP_NO_MAIN
#include "cp.c"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: mv SOURCE DEST | mv SOURCE... DIRECTORY\n");
        return 2;
    }
    const char *last = argv[argc - 1];
    struct stat st;
    int to_dir = stat(last, &st) == 0 && S_ISDIR(st.st_mode);
    if (argc > 3 && !to_dir) {
        fprintf(stderr, "mv: %s is not a directory\n", last);
        return 1;
    }
    int rc = 0;
    for (int i = 1; i < argc - 1; i++) {
        char dst[256];
        if (to_dir)
            into_dir(dst, sizeof(dst), last, argv[i]);
        else
            snprintf(dst, sizeof(dst), "%s", last);
        if (copy_file("mv", argv[i], dst)) {
            rc = 1;
            continue;
        }
        if (unlink(argv[i]) < 0) {
            fprintf(stderr, "mv: %s: %s\n", argv[i], strerror(errno));
            rc = 1;
        }
    }
    return rc;
}
