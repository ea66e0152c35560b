/*
 * sh - the almos-rv shell.
 *
 *   sh                 interactive (prompt when stdin is a tty), reads fd 0
 *   sh -c 'line'       runs one command line, exits with its status
 *   sh file            runs the file's lines, exits with the last status
 *
 * A line is a list of pipelines separated by ';' or '&' (background);
 * a pipeline is commands separated by '|'; a command has words and
 * redirections '< file', '> file', '>> file'.  Words may be quoted with
 * '...' or "..." or escaped with '\'; '$?' is the last status, '$NAME' an
 * environment variable; '#' starts a comment.  Builtins: cd, pwd,
 * exit [n], help, jobs, wait.  A foreground command killed by a signal
 * gives status 128 + signal.
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

#define MAX_LINE   1024
#define MAX_WORDS  64
#define MAX_CMDS   8
#define MAX_JOBS   16

static int last_status;
static int interactive;

/* ---------------------------------------------------------- parsing -- */

enum { T_WORD, T_PIPE, T_AMP, T_SEMI, T_IN, T_OUT, T_APPEND, T_END, T_ERR };

struct lexer {
    const char *p;
    char buf[MAX_LINE * 2];
    size_t used;
};

static void put_str(struct lexer *lx, char **pos, const char *s)
{
    while (*s && lx->used + 1 < sizeof(lx->buf)) {
        *(*pos)++ = *s++;
        lx->used++;
    }
}

static void put_ch(struct lexer *lx, char **pos, char c)
{
    if (lx->used + 1 < sizeof(lx->buf)) {
        *(*pos)++ = c;
        lx->used++;
    }
}

static void expand_var(struct lexer *lx, char **pos)
{
    const char *p = lx->p;          /* after '$' */
    char num[16];
    if (*p == '?') {
        snprintf(num, sizeof(num), "%d", last_status);
        put_str(lx, pos, num);
        lx->p = p + 1;
        return;
    }
    if (*p == '$') {
        snprintf(num, sizeof(num), "%d", (int)getpid());
        put_str(lx, pos, num);
        lx->p = p + 1;
        return;
    }
    char name[64];
    size_t n = 0;
    while ((*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
            (*p >= '0' && *p <= '9')) && n + 1 < sizeof(name))
        name[n++] = *p++;
    name[n] = 0;
    if (n == 0) {
        put_ch(lx, pos, '$');
        return;
    }
    const char *v = getenv(name);
    if (v)
        put_str(lx, pos, v);
    lx->p = p;
}

/* next token; a word's text is stored in lx->buf and returned in *word */
static int next_token(struct lexer *lx, char **word)
{
    while (*lx->p == ' ' || *lx->p == '\t' || *lx->p == '\n' || *lx->p == '\r')
        lx->p++;
    switch (*lx->p) {
    case 0:   return T_END;
    case '#': while (*lx->p) lx->p++; return T_END;
    case '|': lx->p++; return T_PIPE;
    case '&': lx->p++; return T_AMP;
    case ';': lx->p++; return T_SEMI;
    case '<': lx->p++; return T_IN;
    case '>':
        lx->p++;
        if (*lx->p == '>') {
            lx->p++;
            return T_APPEND;
        }
        return T_OUT;
    }
    char *start = lx->buf + lx->used, *pos = start;
    for (;;) {
        char c = *lx->p;
        if (c == 0 || c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
            c == '|' || c == '&' || c == ';' || c == '<' || c == '>')
            break;
        lx->p++;
        if (c == '\\') {
            if (*lx->p)
                put_ch(lx, &pos, *lx->p++);
        } else if (c == '\'') {
            while (*lx->p && *lx->p != '\'')
                put_ch(lx, &pos, *lx->p++);
            if (!*lx->p)
                return T_ERR;
            lx->p++;
        } else if (c == '"') {
            while (*lx->p && *lx->p != '"') {
                if (*lx->p == '\\' && (lx->p[1] == '"' || lx->p[1] == '\\' ||
                                       lx->p[1] == '$')) {
                    put_ch(lx, &pos, lx->p[1]);
                    lx->p += 2;
                } else if (*lx->p == '$') {
                    lx->p++;
                    expand_var(lx, &pos);
                } else {
                    put_ch(lx, &pos, *lx->p++);
                }
            }
            if (!*lx->p)
                return T_ERR;
            lx->p++;
        } else if (c == '$') {
            expand_var(lx, &pos);
        } else {
            put_ch(lx, &pos, c);
        }
    }
    *pos = 0;
    lx->used++;
    *word = start;
    return T_WORD;
}

struct cmd {
    char *argv[MAX_WORDS + 1];
    int argc;
    char *in, *out;
    int append;
};

struct pipeline {
    struct cmd cmds[MAX_CMDS];
    int n;
    int background;
};

/* parses one pipeline; returns its terminator (T_SEMI, T_AMP, T_END) or
 * T_ERR after printing the error */
static int parse_pipeline(struct lexer *lx, struct pipeline *pl)
{
    memset(pl, 0, sizeof(*pl));
    struct cmd *c = &pl->cmds[0];
    pl->n = 1;
    for (;;) {
        char *w = NULL;
        int t = next_token(lx, &w);
        switch (t) {
        case T_WORD:
            if (c->argc >= MAX_WORDS) {
                fprintf(stderr, "sh: too many words\n");
                return T_ERR;
            }
            c->argv[c->argc++] = w;
            break;
        case T_IN: case T_OUT: case T_APPEND: {
            char *f = NULL;
            if (next_token(lx, &f) != T_WORD) {
                fprintf(stderr, "sh: redirection without a file name\n");
                return T_ERR;
            }
            if (t == T_IN)
                c->in = f;
            else {
                c->out = f;
                c->append = t == T_APPEND;
            }
            break;
        }
        case T_PIPE:
            if (c->argc == 0 || pl->n >= MAX_CMDS) {
                fprintf(stderr, "sh: syntax error near '|'\n");
                return T_ERR;
            }
            c = &pl->cmds[pl->n++];
            break;
        case T_AMP: case T_SEMI: case T_END:
            if (c->argc == 0 && (pl->n > 1 || c->in || c->out)) {
                fprintf(stderr, "sh: syntax error: empty command\n");
                return T_ERR;
            }
            if (c->argc == 0 && t == T_AMP) {
                fprintf(stderr, "sh: syntax error near '&'\n");
                return T_ERR;
            }
            pl->background = t == T_AMP;
            return t;
        default:
            fprintf(stderr, "sh: unterminated quote\n");
            return T_ERR;
        }
    }
}

/* ------------------------------------------------------------- jobs -- */

struct job {
    int used;
    int id;
    int npids;
    int pids[MAX_CMDS];
    int live;
    char text[64];
};
static struct job jobs[MAX_JOBS];
static int next_job_id = 1;

static int status_code(int st)
{
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    return WEXITSTATUS(st);
}

static const char *sig_name(int sig)
{
    switch (sig) {
    case ALMOS_SIGKILL: return "Killed";
    case ALMOS_SIGSEGV: return "Segmentation fault";
    case ALMOS_SIGILL:  return "Illegal instruction";
    case ALMOS_SIGBUS:  return "Bus error";
    default:            return "Signal";
    }
}

/* a background pid ended: mark it in its job */
static int job_reaped(int pid, int st)
{
    for (int j = 0; j < MAX_JOBS; j++) {
        if (!jobs[j].used)
            continue;
        for (int k = 0; k < jobs[j].npids; k++) {
            if (jobs[j].pids[k] == pid) {
                jobs[j].pids[k] = 0;
                if (--jobs[j].live == 0) {
                    if (interactive || WIFSIGNALED(st))
                        printf("[%d] done (%d)  %s\n", jobs[j].id,
                               status_code(st), jobs[j].text);
                    jobs[j].used = 0;
                }
                return 1;
            }
        }
    }
    return 0;
}

static void reap_background(void)
{
    int st, pid;
    while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
        job_reaped(pid, st);
}

/* waits for the foreground pids; the status is that of the last one */
static int wait_foreground(int *pids, int n)
{
    int status = 0, left = n;
    while (left > 0) {
        int st;
        int pid = waitpid(-1, &st, 0);
        if (pid < 0) {
            if (errno == ECHILD)
                break;
            continue;
        }
        int mine = 0;
        for (int k = 0; k < n; k++) {
            if (pids[k] == pid) {
                pids[k] = 0;
                left--;
                mine = 1;
                if (k == n - 1) {
                    status = status_code(st);
                    if (WIFSIGNALED(st))
                        fprintf(stderr, "%s (pid %d)\n", sig_name(WTERMSIG(st)), pid);
                }
            }
        }
        if (!mine)
            job_reaped(pid, st);
    }
    return status;
}

/* --------------------------------------------------------- builtins -- */

static int bi_cd(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : getenv("HOME");
    if (!dir)
        dir = "/";
    if (chdir(dir) < 0) {
        fprintf(stderr, "cd: %s: %s\n", dir, strerror(errno));
        return 1;
    }
    return 0;
}

static int bi_pwd(int argc, char **argv)
{
    (void)argc; (void)argv;
    char buf[256];
    if (!getcwd(buf, sizeof(buf))) {
        fprintf(stderr, "pwd: %s\n", strerror(errno));
        return 1;
    }
    printf("%s\n", buf);
    return 0;
}

static int bi_exit(int argc, char **argv)
{
    almos_flush_stdio();
    exit(argc > 1 ? atoi(argv[1]) : last_status);
}

static int bi_help(int argc, char **argv)
{
    (void)argc; (void)argv;
    printf("builtins: cd [dir], pwd, exit [n], help, jobs, wait\n"
           "syntax:   cmd args; cmd | cmd | cmd; cmd &; cmd > file; cmd >> file;"
           " cmd < file; $? $NAME '...' \"...\"\n"
           "programs: ls /bin\n");
    return 0;
}

static int bi_jobs(int argc, char **argv)
{
    (void)argc; (void)argv;
    reap_background();
    for (int j = 0; j < MAX_JOBS; j++) {
        if (!jobs[j].used)
            continue;
        printf("[%d] running  %s  (pids", jobs[j].id, jobs[j].text);
        for (int k = 0; k < jobs[j].npids; k++)
            if (jobs[j].pids[k])
                printf(" %d", jobs[j].pids[k]);
        printf(")\n");
    }
    return 0;
}

static int bi_wait(int argc, char **argv)
{
    (void)argc; (void)argv;
    int st, pid;
    while ((pid = waitpid(-1, &st, 0)) > 0)
        job_reaped(pid, st);
    return 0;
}

struct builtin {
    const char *name;
    int (*fn)(int argc, char **argv);
};
static const struct builtin builtins[] = {
    { "cd", bi_cd }, { "pwd", bi_pwd }, { "exit", bi_exit },
    { "help", bi_help }, { "jobs", bi_jobs }, { "wait", bi_wait },
};

static const struct builtin *find_builtin(const char *name)
{
    for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
        if (strcmp(builtins[i].name, name) == 0)
            return &builtins[i];
    return NULL;
}

/* -------------------------------------------------------- execution -- */

/* opens c's redirections onto fds 0/1; -1 on error (message printed) */
static int redirect(struct cmd *c)
{
    if (c->in) {
        int fd = open(c->in, O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", c->in, strerror(errno));
            return -1;
        }
        if (fd != 0) {
            dup2(fd, 0);
            close(fd);
        }
    }
    if (c->out) {
        int fd = open(c->out, O_WRONLY | O_CREAT | (c->append ? O_APPEND : O_TRUNC), 0644);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", c->out, strerror(errno));
            return -1;
        }
        if (fd != 1) {
            dup2(fd, 1);
            close(fd);
        }
    }
    return 0;
}

static void child_exec(struct cmd *c) __attribute__((noreturn));
static void child_exec(struct cmd *c)
{
    if (redirect(c) < 0)
        _exit(1);
    const struct builtin *b = find_builtin(c->argv[0]);
    if (b) {
        int r = b->fn(c->argc, c->argv);
        almos_flush_stdio();
        _exit(r);
    }
    execvp(c->argv[0], c->argv);
    int e = errno;
    fprintf(stderr, "sh: %s: %s\n", c->argv[0],
            e == ENOENT ? "command not found" : strerror(e));
    almos_flush_stdio();
    _exit(e == ENOENT ? 127 : 126);
}

static void job_text(struct pipeline *pl, char *buf, size_t size)
{
    buf[0] = 0;
    for (int i = 0; i < pl->n; i++) {
        for (int k = 0; k < pl->cmds[i].argc; k++) {
            strncat(buf, pl->cmds[i].argv[k], size - strlen(buf) - 1);
            strncat(buf, " ", size - strlen(buf) - 1);
        }
        if (i + 1 < pl->n)
            strncat(buf, "| ", size - strlen(buf) - 1);
    }
    size_t n = strlen(buf);
    if (n && buf[n - 1] == ' ')
        buf[n - 1] = 0;
}

static int run_pipeline(struct pipeline *pl)
{
    if (pl->cmds[0].argc == 0)
        return last_status;

    /* one builtin in the foreground runs in the shell itself */
    const struct builtin *b = find_builtin(pl->cmds[0].argv[0]);
    if (pl->n == 1 && b && !pl->background) {
        struct cmd *c = &pl->cmds[0];
        int save0 = -1, save1 = -1;
        almos_flush_stdio();
        if (c->in)
            save0 = dup(0);
        if (c->out)
            save1 = dup(1);
        int r = redirect(c) < 0 ? 1 : b->fn(c->argc, c->argv);
        almos_flush_stdio();
        if (save0 >= 0) {
            dup2(save0, 0);
            close(save0);
        }
        if (save1 >= 0) {
            dup2(save1, 1);
            close(save1);
        }
        return r;
    }

    int pids[MAX_CMDS];
    int prev_read = -1;
    int n = 0;
    for (int i = 0; i < pl->n; i++) {
        int p[2] = { -1, -1 };
        if (i + 1 < pl->n && pipe(p) < 0) {
            fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
            break;
        }
        int pid = fork();
        if (pid < 0) {
            fprintf(stderr, "sh: fork: %s\n", strerror(errno));
            if (p[0] >= 0) {
                close(p[0]);
                close(p[1]);
            }
            break;
        }
        if (pid == 0) {
            if (prev_read >= 0) {
                dup2(prev_read, 0);
                close(prev_read);
            }
            if (p[1] >= 0) {
                dup2(p[1], 1);
                close(p[1]);
                close(p[0]);
            }
            child_exec(&pl->cmds[i]);
        }
        pids[n++] = pid;
        if (prev_read >= 0)
            close(prev_read);
        if (p[1] >= 0)
            close(p[1]);
        prev_read = p[0];
    }
    if (prev_read >= 0)
        close(prev_read);
    if (n == 0)
        return 1;

    if (pl->background) {
        for (int j = 0; j < MAX_JOBS; j++) {
            if (!jobs[j].used) {
                jobs[j].used = 1;
                jobs[j].id = next_job_id++;
                jobs[j].npids = n;
                jobs[j].live = n;
                memcpy(jobs[j].pids, pids, sizeof(int) * n);
                job_text(pl, jobs[j].text, sizeof(jobs[j].text));
                if (interactive)
                    printf("[%d] %d\n", jobs[j].id, pids[n - 1]);
                return 0;
            }
        }
        printf("[?] %d (job table full)\n", pids[n - 1]);
        return 0;
    }
    return wait_foreground(pids, n);
}

static int run_line(const char *line)
{
    struct lexer lx;
    lx.p = line;
    lx.used = 0;
    for (;;) {
        struct pipeline pl;
        int t = parse_pipeline(&lx, &pl);
        if (t == T_ERR) {
            last_status = 2;
            return last_status;
        }
        if (pl.cmds[0].argc > 0)
            last_status = run_pipeline(&pl);
        if (t == T_END)
            return last_status;
    }
}

/* ----------------------------------------------------------- input -- */

/* reads one line from fd with simple editing (backspace, ^U, ^D);
 * returns its length, or -1 at end of input */
static int read_line(int fd, char *line, size_t size)
{
    static char buf[256];
    static int len, off;
    size_t n = 0;
    for (;;) {
        if (off >= len) {
            len = read(fd, buf, sizeof(buf));
            off = 0;
            if (len <= 0) {
                len = 0;
                if (n > 0)
                    break;
                return -1;
            }
        }
        char c = buf[off++];
        if (c == '\n' || c == '\r')
            break;
        if (c == 0x7f || c == '\b') {
            if (n > 0) {
                n--;
                if (interactive)
                    write(1, "\b \b", 3);
            }
            continue;
        }
        if (c == 0x15) {            /* ^U */
            while (interactive && n > 0) {
                n--;
                write(1, "\b \b", 3);
            }
            n = 0;
            continue;
        }
        if (c == 0x04) {            /* ^D */
            if (n == 0)
                return -1;
            continue;
        }
        if (n + 1 < size)
            line[n++] = c;
    }
    line[n] = 0;
    return (int)n;
}

static void prompt(void)
{
    char cwd[128];
    if (!getcwd(cwd, sizeof(cwd)))
        strcpy(cwd, "?");
    printf("almos:%s$ ", cwd);
    fflush(stdout);
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
        if (argc < 3) {
            fprintf(stderr, "sh: -c needs a command line\n");
            return 2;
        }
        run_line(argv[2]);
        bi_wait(0, NULL);
        return last_status;
    }
    int fd = 0;
    if (argc >= 2) {
        fd = open(argv[1], O_RDONLY);
        if (fd < 0) {
            fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
            return 127;
        }
    }
    interactive = fd == 0 && isatty(0);
    char line[MAX_LINE];
    for (;;) {
        reap_background();
        if (interactive)
            prompt();
        if (read_line(fd, line, sizeof(line)) < 0)
            break;
        run_line(line);
    }
    if (interactive)
        printf("\n");
    return last_status;
}
