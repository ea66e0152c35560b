/* t_shell - /bin/sh -c: commands, ';', pipes, '>' and '>>' redirection,
 * exit status, quoting, background jobs, builtins.  GPL-2.0. */
#include "tlib.h"

/* runs sh -c line, captures its stdout; returns the wait status */
static int sh(const char *line, char *out, size_t size)
{
    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork");
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        close(p[1]);
        char *argv[] = { "sh", "-c", (char *)line, NULL };
        execv("/bin/sh", argv);
        _exit(127);
    }
    close(p[1]);
    size_t len = 0;
    ssize_t n;
    while (len + 1 < size && (n = read(p[0], out + len, size - 1 - len)) > 0)
        len += (size_t)n;
    out[len] = 0;
    close(p[0]);
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    return st;
}

#define EXPECT(line, want_out, want_code)                                 \
    do {                                                                  \
        int st_ = sh(line, out, sizeof(out));                             \
        CHECK(WIFEXITED(st_) && WEXITSTATUS(st_) == (want_code),          \
              "sh -c '%s': %s, expected exit %d", line, tl_status(st_), want_code); \
        CHECK(strcmp(out, want_out) == 0, "sh -c '%s' printed '%s', expected '%s'", \
              line, out, want_out);                                       \
    } while (0)

int main(void)
{
    static char out[1024];
    EXPECT("echo hello", "hello\n", 0);
    EXPECT("echo a; echo b", "a\nb\n", 0);
    EXPECT("exit 3", "", 3);
    EXPECT("echo x; exit 7; echo y", "x\n", 7);
    EXPECT("echo 'two  words' \"and $?\"", "two  words and 0\n", 0);
    EXPECT("echo one | cat", "one\n", 0);
    EXPECT("echo abc | cat | cat | cat", "abc\n", 0);
    EXPECT("echo first > /tmp/t_shell.txt; echo second >> /tmp/t_shell.txt; cat /tmp/t_shell.txt",
           "first\nsecond\n", 0);
    EXPECT("cat < /tmp/t_shell.txt | cat", "first\nsecond\n", 0);
    EXPECT("rm /tmp/t_shell.txt; cat /tmp/t_shell.txt; echo $?", "1\n", 0);
    EXPECT("no-such-command", "", 127);
    EXPECT("no-such-command; echo $?", "127\n", 0);
    EXPECT("cd /tmp; pwd", "/tmp\n", 0);
    EXPECT("pwd > /tmp/t_shell.pwd; cat /tmp/t_shell.pwd; rm /tmp/t_shell.pwd", "/\n", 0);
    EXPECT("echo bg & wait", "bg\n", 0);
    EXPECT("help > /tmp/t_shell.h; jobs; rm /tmp/t_shell.h", "", 0);
    return 0;
}
