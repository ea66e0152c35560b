/* t_exec_helper - exec'ed by t_exec: checks its argv and envp, exits 0 if
 * they are what t_exec passes, otherwise 10 + the index of the first
 * difference.  `t_exec_helper exit N` exits N; `t_exec_helper print`
 * prints its arguments and environment; `t_exec_helper cluster` exits
 * with the cluster that owns it (its pid's high half).  GPL-2.0. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv, char **envp)
{
    if (argc == 3 && strcmp(argv[1], "exit") == 0)
        return atoi(argv[2]);
    if (argc == 2 && strcmp(argv[1], "cluster") == 0)
        return getpid() >> 16;
    if (argc >= 2 && strcmp(argv[1], "print") == 0) {
        for (int i = 0; i < argc; i++)
            printf("argv[%d]=%s\n", i, argv[i]);
        for (int i = 0; envp[i]; i++)
            printf("envp[%d]=%s\n", i, envp[i]);
        return 0;
    }
    static const char *want_argv[] = { "t_exec_helper", "one", "two words", "",
                                       "a-much-longer-argument-0123456789-0123456789" };
    static const char *want_env[] = { "FOO=bar", "EMPTY=", "PATH=/bin:/tests" };
    if (argc != 5)
        return 10;
    for (int i = 0; i < 5; i++)
        if (strcmp(argv[i], want_argv[i]) != 0)
            return 11 + i;
    if (argv[5] != NULL)
        return 16;
    for (int i = 0; i < 3; i++)
        if (!envp[i] || strcmp(envp[i], want_env[i]) != 0)
            return 20 + i;
    if (envp[3] != NULL)
        return 23;
    if (environ != envp)
        return 24;
    if (!getenv("FOO") || strcmp(getenv("FOO"), "bar") != 0)
        return 25;
    /* the strings are writable, as in C */
    argv[1][0] = 'O';
    if (strcmp(argv[1], "One") != 0)
        return 26;
    /* argv must be 8-byte aligned, the stack 16-byte aligned */
    if ((unsigned long)argv & 7)
        return 27;
    volatile long probe;
    (void)probe;
    return 0;
}
