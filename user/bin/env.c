/* env [-i] [NAME=value...] [command [arg...]] - prints the environment,
 * or runs a command in a modified one (-i: starting empty).  GPL-2.0. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
    int i = 1;
    if (i < argc && strcmp(argv[i], "-i") == 0) {
        static char *empty[] = { NULL };
        environ = empty;
        i++;
    }
    for (; i < argc && strchr(argv[i], '='); i++) {
        char *eq = strchr(argv[i], '=');
        *eq = 0;
        if (eq == argv[i] || setenv(argv[i], eq + 1, 1) < 0) {
            *eq = '=';
            fprintf(stderr, "env: cannot set '%s'\n", argv[i]);
            return 125;
        }
    }
    if (i == argc) {
        for (char **e = environ; e && *e; e++)
            printf("%s\n", *e);
        return 0;
    }
    execvp(argv[i], argv + i);
    fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
    return errno == ENOENT ? 127 : 126;
}
