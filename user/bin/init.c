/*
 * init - the first process.  The kernel opens /dev/tty as fds 0, 1, 2.
 *
 * 1. runs each line of /etc/rc with /bin/sh -c (empty lines and lines
 *    starting with '#' are skipped), one after the other;
 * 2. with a command (`init -c 'line'`, or the environment variable
 *    INIT_CMD, or CMD): runs it with /bin/sh -c, reaps what is left, and
 *    powers off with the command's exit status (SYS_HALT) - this is how
 *    `make run CMD='...'` scripts the system;
 * 3. otherwise runs the interactive shell /bin/sh, respawns it (saying
 *    so) when it exits, and reaps every orphan (wait(-1)) meanwhile.  If the shell
 *    cannot even start three times in a row, init powers off with 127.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include "almos.h"

static int spawn(char *const argv[])
{
    int pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        fprintf(stderr, "init: cannot exec %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (pid < 0)
        fprintf(stderr, "init: fork: %s\n", strerror(errno));
    return pid;
}

/* waits for pid, reaping any orphan that ends meanwhile; -> wait status */
static int wait_for(int pid)
{
    for (;;) {
        int st;
        int r = wait(&st);
        if (r == pid)
            return st;
        if (r < 0 && errno == ECHILD)
            return -1;
    }
}

static int status_code(int st)
{
    if (st < 0)
        return 127;
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}

static int sh_c(const char *line)
{
    char *argv[] = { "/bin/sh", "-c", (char *)line, NULL };
    int pid = spawn(argv);
    if (pid < 0)
        return 127;
    return status_code(wait_for(pid));
}

static void run_rc(void)
{
    int fd = open("/etc/rc", O_RDONLY);
    if (fd < 0)
        return;
    static char text[4096];
    int n = 0, r;
    while (n < (int)sizeof(text) - 1 && (r = read(fd, text + n, sizeof(text) - 1 - n)) > 0)
        n += r;
    close(fd);
    text[n] = 0;
    char *line = text;
    while (line && *line) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = 0;
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p && *p != '#') {
            int st = sh_c(p);
            if (st)
                fprintf(stderr, "init: /etc/rc: '%s' exited %d\n", p, st);
        }
        line = nl ? nl + 1 : NULL;
    }
}

/* The command line of /etc/cmd (make run CMD='...'), or NULL. */
static const char *read_cmd_file(void)
{
    static char line[1024];
    int fd = open("/etc/cmd", O_RDONLY);
    if (fd < 0)
        return NULL;
    int n = (int)read(fd, line, sizeof(line) - 1);
    close(fd);
    if (n <= 0)
        return NULL;
    line[n] = 0;
    char *nl = strchr(line, '\n');
    if (nl)
        *nl = 0;
    return line;
}

int main(int argc, char **argv)
{
    const char *cmd = read_cmd_file();
    if (argc >= 3 && strcmp(argv[1], "-c") == 0)
        cmd = argv[2];
    else if (cmd == NULL && getenv("INIT_CMD"))
        cmd = getenv("INIT_CMD");
    else if (cmd == NULL && getenv("CMD"))
        cmd = getenv("CMD");

    run_rc();

    if (cmd) {
        int code = sh_c(cmd);
        int st;
        while (waitpid(-1, &st, WNOHANG) > 0)
            ;
        almos_flush_stdio();
        almos_halt(code);
        return code;
    }

    int failures = 0;
    for (;;) {
        char *sh_argv[] = { "/bin/sh", NULL };
        int pid = spawn(sh_argv);
        if (pid < 0) {
            if (++failures >= 3)
                break;
            continue;
        }
        int st = wait_for(pid);
        fprintf(stderr, "init: the shell ended (status %d); starting a new one in /\n",
                status_code(st));
        if (st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 127) {
            if (++failures >= 3)
                break;
        } else {
            failures = 0;
        }
    }
    fprintf(stderr, "init: cannot run /bin/sh, powering off\n");
    almos_flush_stdio();
    almos_halt(127);
    for (;;)
        sched_yield();
}
