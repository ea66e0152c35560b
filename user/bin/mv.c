/* mv SOURCE DEST | mv SOURCE... DIRECTORY - moves files.  The file
 * system has no rename: a file is copied, then the source removed (not
 * when the copy failed).  Directories are not moved.  GPL-2.0. */
#define CP_NO_MAIN
#include "cp.c"

int main(int argc, char **argv)
{
    return copy_main("mv", 1, argc, argv);
}
