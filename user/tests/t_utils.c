/* t_utils - the text and file utilities through sh -c, output compared
 * byte for byte: wc, grep (basic and extended expressions, -c -v -i -n
 * -l -q, status), head, tail, sort (-n -r -u), cp and mv, env, true and
 * false, sleep, date, uname, time (status and report), ls -a/-l, kill -l,
 * and their errors.  GPL-2.0. */
#include "tlib.h"

/* runs sh -c line, captures its stdout (and stderr with <err>); returns
 * the wait status */
static int sh(const char *line, char *out, size_t size, int err)
{
    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork");
    if (pid == 0) {
        close(p[0]);
        dup2(p[1], 1);
        if (err)
            dup2(p[1], 2);
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

static char out[4096];

#define EXPECT(line, want_out, want_code)                                 \
    do {                                                                  \
        int st_ = sh(line, out, sizeof(out), 0);                          \
        CHECK(WIFEXITED(st_) && WEXITSTATUS(st_) == (want_code),          \
              "sh -c '%s': %s, expected exit %d", line, tl_status(st_), want_code); \
        CHECK(strcmp(out, want_out) == 0, "sh -c '%s' printed '%s', expected '%s'", \
              line, out, want_out);                                       \
    } while (0)

/* the output (stdout and stderr) contains <want> */
#define EXPECT_HAS(line, want, want_code)                                 \
    do {                                                                  \
        int st_ = sh(line, out, sizeof(out), 1);                          \
        CHECK(WIFEXITED(st_) && WEXITSTATUS(st_) == (want_code),          \
              "sh -c '%s': %s, expected exit %d", line, tl_status(st_), want_code); \
        CHECK(strstr(out, want) != NULL, "sh -c '%s' printed '%s', lacking '%s'", \
              line, out, want);                                           \
    } while (0)

#define F "/tmp/t_utils.txt"

int main(void)
{
    /* a file of known lines */
    EXPECT("echo banana > " F "; echo apple >> " F "; echo 10 cherry >> " F
           "; echo 9 date >> " F "; echo apple >> " F "; echo Apple pie >> " F, "", 0);

    EXPECT("wc " F, "       6       9      46 " F "\n", 0);
    EXPECT("wc -l < " F, "       6\n", 0);
    EXPECT("echo one two | wc -w", "       2\n", 0);
    EXPECT("wc -c /tmp/none; echo $?", "1\n", 0);

    EXPECT("grep apple " F, "apple\napple\n", 0);
    EXPECT("grep -c apple " F, "2\n", 0);
    EXPECT("grep -ci apple " F, "3\n", 0);
    EXPECT("grep -n '^[0-9]' " F, "3:10 cherry\n4:9 date\n", 0);
    EXPECT("grep -E 'an+a|^9' " F, "banana\n9 date\n", 0);
    EXPECT("grep 'a\\{2\\}' " F, "", 1);             /* basic: interval */
    EXPECT("grep -v a " F, "10 cherry\nApple pie\n", 0);
    EXPECT("grep -v e " F, "banana\n", 0);
    EXPECT("grep -l pie " F " /etc/rc", F "\n", 0);
    EXPECT("grep -q cherry " F "; echo $?", "0\n", 0);
    EXPECT("grep -c init /etc/rc; grep -c rc /etc/rc", "0\n1\n", 0);
    EXPECT("grep zzz " F, "", 1);
    EXPECT("grep '[' " F "; echo $?", "2\n", 0);

    EXPECT("head -2 " F, "banana\napple\n", 0);
    EXPECT("head -n 1 " F, "banana\n", 0);
    EXPECT("tail -2 " F, "apple\nApple pie\n", 0);
    EXPECT("tail -n 1 < " F, "Apple pie\n", 0);
    EXPECT("echo -n last | tail -1", "last", 0);
    EXPECT("head -x " F "; echo $?", "2\n", 0);

    EXPECT("sort " F, "10 cherry\n9 date\nApple pie\napple\napple\nbanana\n", 0);
    EXPECT("sort -u " F, "10 cherry\n9 date\nApple pie\napple\nbanana\n", 0);
    EXPECT("grep '^[0-9]' " F " | sort -n", "9 date\n10 cherry\n", 0);
    EXPECT("grep '^[0-9]' " F " | sort -rn", "10 cherry\n9 date\n", 0);
    EXPECT("ls /bin | sort | head -3", "bench\ncat\nclear\n", 0);

    EXPECT("cp " F " /tmp/t_utils.2; cat /tmp/t_utils.2 | wc -l", "       6\n", 0);
    EXPECT("cp " F " " F "; echo $?; wc -l < " F, "1\n       6\n", 0);
    EXPECT("mv /tmp/t_utils.2 /tmp/t_utils.3; cat /tmp/t_utils.2; echo $?; "
           "head -1 /tmp/t_utils.3", "1\nbanana\n", 0);
    EXPECT("mkdir /tmp/t_utils.d; cp /tmp/t_utils.3 /tmp/t_utils.d; ls /tmp/t_utils.d",
           "t_utils.3\n", 0);
    EXPECT("mv /tmp/t_utils.d /tmp/x; echo $?", "1\n", 0);
    EXPECT("rm /tmp/t_utils.d/t_utils.3 /tmp/t_utils.3; rm /tmp/t_utils.d", "", 0);

    EXPECT("env -i A=1 B=two /bin/env", "A=1\nB=two\n", 0);
    EXPECT("env -i X=y sh -c 'echo $X'", "y\n", 0);
    EXPECT("true; echo $?; false; echo $?", "0\n1\n", 0);
    EXPECT("sleep 0.1; echo slept", "slept\n", 0);
    EXPECT("sleep x; echo $?", "2\n", 0);
    EXPECT("date +%Y", "1970\n", 0);
    EXPECT("uname; uname -m", "almos-rv\nriscv64\n", 0);
    EXPECT_HAS("time false", "real ", 1);
    EXPECT_HAS("time sh -c 'exit 3'", "cluster", 3);
    EXPECT("ls -a /tmp | head -2", ".\n..\n", 0);
    EXPECT_HAS("ls -l /etc", "MODE       LINKS     SIZE CLUSTER NAME\n-rw", 0);
    EXPECT_HAS("kill -l", "15 TERM", 0);
    EXPECT_HAS("kill -NOPE 1", "unknown signal", 2);
    EXPECT("rm " F, "", 0);
    printf("t_utils: ok\n");
    return 0;
}
