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
 * '...' or "..." or escaped with '\'; '$?' is the last status, '$$' the
 * shell's pid, '$NAME' an environment variable; '#' starts a comment.
 * Builtins: cd, pwd, exit [n], help, jobs, fg [%n], bg [%n], wait,
 * history.  A foreground command killed by a signal gives status
 * 128 + signal.
 *
 * Interactive (stdin a terminal), it does job control as POSIX shells do:
 * it leads its own session, each pipeline is a process group, the
 * foreground one owns the terminal (tcsetpgrp), so that ^C (SIGINT), ^\
 * (SIGQUIT) and ^Z (SIGTSTP) reach that job and not the shell, which
 * ignores them.  A stopped job waits for fg or bg.  The command line is
 * edited in raw mode (termios): left/right, Home/End or ^A/^E, Backspace,
 * Delete or ^D, ^U ^K ^W, ^L, up/down or ^P/^N through the history, ^R
 * searches it, Tab completes command names (first word) and paths, ^C
 * drops the line, ^D on an empty line says how to leave.
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
#include <signal.h>
#include <termios.h>
#include <dirent.h>
#include <sys/stat.h>
#include "almos.h"

#define MAX_LINE   1024
#define MAX_WORDS  64
#define MAX_CMDS   8
#define MAX_JOBS   16
#define MAX_HIST   64

static int last_status;
static int interactive;
static int job_control;            /* interactive on a terminal: own session */
static pid_t shell_pgid;
static struct termios shell_tio;   /* the terminal as commands get it */

/* the signals the interactive shell ignores and its children do not */
static const int job_signals[] = {
    ALMOS_SIGINT, ALMOS_SIGQUIT, ALMOS_SIGTSTP, ALMOS_SIGTTIN, ALMOS_SIGTTOU,
};
#define N_JOB_SIGNALS (int)(sizeof(job_signals) / sizeof(job_signals[0]))

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
    int stopped;
    pid_t pgid;
    char text[64];
};
static struct job jobs[MAX_JOBS];
static int next_job_id = 1;

static int status_code(int st)
{
    if (WIFSIGNALED(st))
        return 128 + WTERMSIG(st);
    if (WIFSTOPPED(st))
        return 128 + WSTOPSIG(st);
    return WEXITSTATUS(st);
}

static const char *sig_name(int sig)
{
    switch (sig) {
    case ALMOS_SIGKILL: return "Killed";
    case ALMOS_SIGSEGV: return "Segmentation fault";
    case ALMOS_SIGILL:  return "Illegal instruction";
    case ALMOS_SIGBUS:  return "Bus error";
    case ALMOS_SIGINT:  return "Interrupt";
    case ALMOS_SIGQUIT: return "Quit";
    case ALMOS_SIGTERM: return "Terminated";
    case ALMOS_SIGHUP:  return "Hangup";
    default:            return "Signal";
    }
}

/* Gives the terminal to process group <pgid> (job control only). */
static void give_terminal(pid_t pgid)
{
    if (job_control && tcsetpgrp(0, pgid) < 0)
        fprintf(stderr, "sh: tcsetpgrp(%d): %s\n", (int)pgid, strerror(errno));
}

/* The job holding <pid>, or NULL. */
static struct job *job_of(int pid)
{
    for (int j = 0; j < MAX_JOBS; j++)
        if (jobs[j].used)
            for (int k = 0; k < jobs[j].npids; k++)
                if (jobs[j].pids[k] == pid)
                    return &jobs[j];
    return NULL;
}

/* A pid of a job ended (or stopped): its job's record follows. */
static int job_reaped(int pid, int st)
{
    struct job *j = job_of(pid);
    if (!j)
        return 0;
    if (WIFSTOPPED(st)) {
        j->stopped = 1;
        return 1;
    }
    for (int k = 0; k < j->npids; k++)
        if (j->pids[k] == pid)
            j->pids[k] = 0;
    if (--j->live == 0) {
        if (interactive || WIFSIGNALED(st))
            printf("[%d] done (%d)  %s\n", j->id, status_code(st), j->text);
        j->used = 0;
    }
    return 1;
}

static void reap_background(void)
{
    int st, pid;
    while ((pid = waitpid(-1, &st, WNOHANG | (job_control ? WUNTRACED : 0))) > 0)
        if (job_reaped(pid, st) && WIFSTOPPED(st) && interactive) {
            struct job *j = job_of(pid);
            printf("[%d]+ Stopped  %s\n", j->id, j->text);
        }
}

/* A new job record for pids[0..n) of group <pgid>; NULL when full. */
static struct job *job_add(const int *pids, int n, pid_t pgid, const char *text)
{
    for (int j = 0; j < MAX_JOBS; j++) {
        if (jobs[j].used)
            continue;
        memset(&jobs[j], 0, sizeof(jobs[j]));
        jobs[j].used = 1;
        jobs[j].id = next_job_id++;
        jobs[j].npids = n;
        jobs[j].live = n;
        jobs[j].pgid = pgid;
        memcpy(jobs[j].pids, pids, sizeof(int) * n);
        snprintf(jobs[j].text, sizeof(jobs[j].text), "%s", text);
        return &jobs[j];
    }
    return NULL;
}

/* Waits for the foreground pids, which own the terminal meanwhile; the
 * status is that of the last one.  A job that stops (^Z) becomes a
 * stopped job of the table (<job>: already there, fg). */
static int wait_foreground(int *pids, int n, pid_t pgid, const char *text, struct job *job)
{
    int status = 0, left = n;
    give_terminal(pgid);
    while (left > 0) {
        int st;
        int pid = waitpid(-1, &st, job_control ? WUNTRACED : 0);
        if (pid < 0) {
            if (errno == ECHILD)
                break;
            continue;
        }
        int k;
        for (k = 0; k < n && pids[k] != pid; k++)
            ;
        if (k == n) {
            job_reaped(pid, st);
            continue;
        }
        if (WIFSTOPPED(st)) {
            /* the whole group stops: it is a job now */
            if (!job) {
                int live[MAX_CMDS], m = 0;
                for (int i = 0; i < n; i++)
                    if (pids[i])
                        live[m++] = pids[i];
                job = job_add(live, m, pgid, text);
            }
            if (job) {
                job->stopped = 1;
                printf("\n[%d]+ Stopped  %s\n", job->id, job->text);
            }
            status = status_code(st);
            break;
        }
        pids[k] = 0;
        left--;
        if (job) {                      /* a job brought back by fg */
            for (int i = 0; i < job->npids; i++)
                if (job->pids[i] == pid)
                    job->pids[i] = 0;
            if (--job->live == 0)
                job->used = 0;
        }
        if (k == n - 1) {
            status = status_code(st);
            if (WIFSIGNALED(st)) {
                if (WTERMSIG(st) == ALMOS_SIGINT)
                    printf("\n");            /* after the ^C echoed */
                else
                    fprintf(stderr, "%s (pid %d)\n", sig_name(WTERMSIG(st)), pid);
            }
        }
    }
    give_terminal(shell_pgid);
    if (job_control)
        tcsetattr(0, TCSADRAIN, &shell_tio);   /* as the job may have left it */
    return status;
}

/* The job named by argv[1] ("%n", "n"), or the most recent one. */
static struct job *find_job(int argc, char **argv, const char *who)
{
    struct job *best = NULL;
    if (argc > 1) {
        const char *s = argv[1][0] == '%' ? argv[1] + 1 : argv[1];
        int id = atoi(s);
        for (int j = 0; j < MAX_JOBS; j++)
            if (jobs[j].used && jobs[j].id == id)
                return &jobs[j];
        fprintf(stderr, "%s: %s: no such job\n", who, argv[1]);
        return NULL;
    }
    for (int j = 0; j < MAX_JOBS; j++)
        if (jobs[j].used && (!best || jobs[j].id > best->id))
            best = &jobs[j];
    if (!best)
        fprintf(stderr, "%s: no current job\n", who);
    return best;
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
    printf("builtins: cd [dir], pwd, exit [n], help, jobs, fg [%%n], bg [%%n], wait, history\n"
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
        printf("[%d] %-8s %s  (pids", jobs[j].id, jobs[j].stopped ? "Stopped" : "Running",
               jobs[j].text);
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

static int bi_fg(int argc, char **argv)
{
    struct job *j = find_job(argc, argv, "fg");
    if (!j)
        return 1;
    printf("%s\n", j->text);
    fflush(stdout);
    int pids[MAX_CMDS], n = j->npids;
    memcpy(pids, j->pids, sizeof(pids));
    give_terminal(j->pgid);
    j->stopped = 0;
    if (kill(-j->pgid, ALMOS_SIGCONT) < 0) {
        fprintf(stderr, "fg: %s\n", strerror(errno));
        give_terminal(shell_pgid);
        return 1;
    }
    /* the last live pid gives the status */
    int last = -1;
    for (int k = 0; k < n; k++)
        if (pids[k])
            last = k;
    if (last < 0)
        return 0;
    int m = last + 1;
    for (int k = 0; k < m; k++)
        if (!pids[k])
            pids[k] = -2;               /* already gone: never matches */
    int st = wait_foreground(pids, m, j->pgid, j->text, j);
    return st;
}

static int bi_bg(int argc, char **argv)
{
    struct job *j = find_job(argc, argv, "bg");
    if (!j)
        return 1;
    if (kill(-j->pgid, ALMOS_SIGCONT) < 0) {
        fprintf(stderr, "bg: %s\n", strerror(errno));
        return 1;
    }
    j->stopped = 0;
    printf("[%d] %s &\n", j->id, j->text);
    return 0;
}

static int bi_history(int argc, char **argv);

struct builtin {
    const char *name;
    int (*fn)(int argc, char **argv);
};
static const struct builtin builtins[] = {
    { "cd", bi_cd }, { "pwd", bi_pwd }, { "exit", bi_exit },
    { "help", bi_help }, { "jobs", bi_jobs }, { "wait", bi_wait },
    { "fg", bi_fg }, { "bg", bi_bg }, { "history", bi_history },
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
    pid_t pgid = 0;                     /* the job's group: its first pid */
    char text[64];
    job_text(pl, text, sizeof(text));
    almos_flush_stdio();
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
            if (job_control) {
                /* set on both sides: whichever runs first */
                setpgid(0, pgid);
                if (!pl->background && i == 0)
                    give_terminal(getpid());
                for (int k = 0; k < N_JOB_SIGNALS; k++)
                    almos_signal(job_signals[k], ALMOS_SIG_DFL);
            }
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
        if (pgid == 0)
            pgid = pid;
        if (job_control)
            setpgid(pid, pgid);
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
        struct job *j = job_add(pids, n, job_control ? pgid : shell_pgid, text);
        if (!j) {
            printf("[?] %d (job table full)\n", pids[n - 1]);
            return 0;
        }
        if (interactive)
            printf("[%d] %d\n", j->id, pids[n - 1]);
        return 0;
    }
    return wait_foreground(pids, n, pgid, text, NULL);
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

/* Reads one line from a file or pipe (not a terminal); its length, or -1
 * at end of input. */
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
        if (c == '\n')
            break;
        if (n + 1 < size)
            line[n++] = c;
    }
    line[n] = 0;
    return (int)n;
}

/* ---------------------------------------------------- line editing -- */

static char *history[MAX_HIST];
static int hist_n;                  /* entries; the oldest first */

static void hist_add(const char *line)
{
    if (!*line || (hist_n > 0 && strcmp(history[hist_n - 1], line) == 0))
        return;
    char *copy = strdup(line);
    if (!copy)
        return;
    if (hist_n == MAX_HIST) {
        free(history[0]);
        memmove(history, history + 1, sizeof(history[0]) * (MAX_HIST - 1));
        hist_n--;
    }
    history[hist_n++] = copy;
}

static int bi_history(int argc, char **argv)
{
    (void)argc; (void)argv;
    for (int i = 0; i < hist_n; i++)
        printf("%5d  %s\n", i + 1, history[i]);
    return 0;
}

struct editor {
    char *buf;
    size_t size;
    int len, pos;                   /* the line and the cursor in it */
    char prompt[160];
    int prompt_len;
};

static void out(const char *s, int n)
{
    if (n > 0)
        write(1, s, (size_t)n);
}

static void outs(const char *s)
{
    out(s, (int)strlen(s));
}

/* Draws prompt and line again, cursor in place. */
static void redraw(struct editor *e)
{
    char seq[32];
    outs("\r");
    out(e->prompt, e->prompt_len);
    out(e->buf, e->len);
    outs("\x1b[K");
    if (e->len > e->pos) {
        snprintf(seq, sizeof(seq), "\x1b[%dD", e->len - e->pos);
        outs(seq);
    }
}

static void insert(struct editor *e, const char *s, int n)
{
    if (e->len + n + 1 > (int)e->size)
        n = (int)e->size - 1 - e->len;
    if (n <= 0)
        return;
    memmove(e->buf + e->pos + n, e->buf + e->pos, (size_t)(e->len - e->pos));
    memcpy(e->buf + e->pos, s, (size_t)n);
    e->len += n;
    e->pos += n;
    e->buf[e->len] = 0;
}

static void delete_range(struct editor *e, int from, int to)
{
    if (from >= to)
        return;
    memmove(e->buf + from, e->buf + to, (size_t)(e->len - to));
    e->len -= to - from;
    if (e->pos > to)
        e->pos -= to - from;
    else if (e->pos > from)
        e->pos = from;
    e->buf[e->len] = 0;
}

static void set_line(struct editor *e, const char *s)
{
    e->len = e->pos = 0;
    e->buf[0] = 0;
    insert(e, s, (int)strlen(s));
}

/* Completion candidates: names starting with <prefix> in directory
 * <dir> (a trailing '/' marks directories), or the builtins and /bin
 * for a command name. */
#define MAX_CAND 128
static char cand[MAX_CAND][66];
static int ncand;

static void cand_add(const char *name, int is_dir)
{
    for (int i = 0; i < ncand; i++)
        if (strncmp(cand[i], name, 64) == 0)
            return;
    if (ncand < MAX_CAND)
        snprintf(cand[ncand++], sizeof(cand[0]), "%s%s", name, is_dir ? "/" : "");
}

static void cand_dir(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    size_t n = strlen(prefix);
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, prefix, n) != 0)
            continue;
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        if (de->d_name[0] == '.' && prefix[0] != '.')
            continue;
        cand_add(de->d_name, de->d_type == DT_DIR);
    }
    closedir(d);
}

static void complete(struct editor *e)
{
    int start = e->pos;
    while (start > 0 && e->buf[start - 1] != ' ' && e->buf[start - 1] != '|' &&
           e->buf[start - 1] != ';' && e->buf[start - 1] != '&' &&
           e->buf[start - 1] != '<' && e->buf[start - 1] != '>')
        start--;
    int first = 1;
    for (int i = start - 1; i >= 0; i--) {
        char c = e->buf[i];
        if (c == '|' || c == ';' || c == '&')
            break;
        if (c != ' ')
            first = 0;
    }
    char word[256];
    int wl = e->pos - start;
    if (wl >= (int)sizeof(word))
        return;
    memcpy(word, e->buf + start, (size_t)wl);
    word[wl] = 0;
    char *slash = strrchr(word, '/');
    const char *prefix = slash ? slash + 1 : word;
    ncand = 0;
    if (first && !slash) {
        for (size_t i = 0; i < sizeof(builtins) / sizeof(builtins[0]); i++)
            if (strncmp(builtins[i].name, word, (size_t)wl) == 0)
                cand_add(builtins[i].name, 0);
        cand_dir("/bin", word);
    } else {
        char dir[256];
        if (!slash)
            strcpy(dir, ".");
        else if (slash == word)
            strcpy(dir, "/");
        else {
            memcpy(dir, word, (size_t)(slash - word));
            dir[slash - word] = 0;
        }
        cand_dir(dir, prefix);
    }
    if (ncand == 0) {
        outs("\a");
        return;
    }
    /* the longest common prefix of the candidates */
    size_t common = strlen(cand[0]);
    for (int i = 1; i < ncand; i++) {
        size_t k = 0;
        while (k < common && cand[i][k] == cand[0][k])
            k++;
        common = k;
    }
    size_t have = strlen(prefix);
    if (common > have) {
        insert(e, cand[0] + have, (int)(common - have));
        if (ncand == 1 && cand[0][common - 1] != '/')
            insert(e, " ", 1);
        redraw(e);
        return;
    }
    if (ncand == 1)
        return;
    outs("\r\n");
    for (int i = 0; i < ncand; i++) {
        outs(cand[i]);
        outs(i + 1 < ncand ? "  " : "\r\n");
    }
    redraw(e);
}

/* Reads a key sequence after ESC; returns a key code. */
enum { K_NONE = 0x100, K_UP, K_DOWN, K_LEFT, K_RIGHT, K_HOME, K_END, K_DEL };

static int read_byte(void)
{
    unsigned char c;
    return read(0, &c, 1) == 1 ? c : -1;
}

static int read_escape(void)
{
    int c = read_byte();
    if (c != '[' && c != 'O')
        return K_NONE;
    int d = read_byte();
    if (d >= '0' && d <= '9') {
        int t = read_byte();
        while (t >= '0' && t <= '9')
            t = read_byte();
        if (t != '~')
            return K_NONE;
        switch (d) {
        case '1': case '7': return K_HOME;
        case '4': case '8': return K_END;
        case '3': return K_DEL;
        default:  return K_NONE;
        }
    }
    switch (d) {
    case 'A': return K_UP;
    case 'B': return K_DOWN;
    case 'C': return K_RIGHT;
    case 'D': return K_LEFT;
    case 'H': return K_HOME;
    case 'F': return K_END;
    default:  return K_NONE;
    }
}

static int is_word_char(char c)
{
    return c != ' ' && c != '/';
}

/* ^R: incremental search back through the history.  Typed characters
 * narrow the query, ^R again finds an older match, Backspace widens it;
 * Enter runs the match, ^G or ^C gives the line back as it was, any other
 * key keeps the match for editing.  Returns the key that ended the search
 * (Enter, or 0 when nothing more is to be done with it). */
static int search_history(struct editor *e)
{
    char query[64] = "", before[MAX_LINE];
    int qlen = 0, at = hist_n;          /* the match: history[at] */
    snprintf(before, sizeof(before), "%s", e->buf);
    for (;;) {
        /* the newest match at or before <at> */
        int found = -1;
        for (int i = at < hist_n ? at : hist_n - 1; i >= 0; i--)
            if (strstr(history[i], query)) {
                found = i;
                break;
            }
        if (found >= 0) {
            at = found;
            set_line(e, history[found]);
        }
        char head[128];
        snprintf(head, sizeof(head), "\r(%ssearch)`%s': ", found < 0 ? "failed " : "", query);
        outs(head);
        out(e->buf, e->len);
        outs("\x1b[K");
        int c = read_byte();
        if (c == 0x12) {                /* ^R: an older one */
            if (found >= 0)
                at = found - 1;
            if (at < 0)
                at = 0;
            continue;
        }
        if (c == 0x7f || c == 0x08) {
            if (qlen > 0)
                query[--qlen] = 0;
            at = hist_n;
            continue;
        }
        if (c >= ' ' && c < 0x7f && qlen + 1 < (int)sizeof(query)) {
            query[qlen++] = (char)c;
            query[qlen] = 0;
            continue;
        }
        if (c == 0x07 || c == 0x03 || c < 0)
            set_line(e, before);
        if (c == 0x1b)
            read_escape();              /* an arrow, say: ends the search */
        e->pos = e->len;
        redraw(e);
        return c == '\r' || c == '\n' ? '\r' : 0;
    }
}

/* Edits one line on the terminal (raw mode while it lasts); its length,
 * or -1 when the terminal is gone. */
static int edit_line(char *line, size_t size, const char *prompt)
{
    struct editor e = { .buf = line, .size = size };
    snprintf(e.prompt, sizeof(e.prompt), "%s", prompt);
    e.prompt_len = (int)strlen(e.prompt);
    line[0] = 0;
    struct termios raw = shell_tio;
    raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO | ISIG | IEXTEN);
    raw.c_iflag &= ~(tcflag_t)(ICRNL | INLCR | IGNCR);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    tcsetattr(0, TCSADRAIN, &raw);
    out(e.prompt, e.prompt_len);
    int hist_pos = hist_n;          /* hist_n: the line being typed */
    char *saved = NULL;             /* that line, while in the history */
    int ret = -1;
    for (;;) {
        int c = read_byte();
        if (c < 0)
            break;
        if (c == 0x1b)
            c = read_escape();
        if (c == 0x12)                  /* ^R */
            c = search_history(&e);
        if (c == '\r' || c == '\n') {
            outs("\r\n");
            ret = e.len;
            break;
        }
        switch (c) {
        case 0x03:                  /* ^C: drop the line */
            outs("^C\r\n");
            set_line(&e, "");
            hist_pos = hist_n;
            out(e.prompt, e.prompt_len);
            continue;
        case 0x04:                  /* ^D */
            if (e.len == 0) {
                outs("\r\n(the shell stays: 'exit' leaves it, 'halt' powers off)\r\n");
                redraw(&e);
            } else if (e.pos < e.len) {
                delete_range(&e, e.pos, e.pos + 1);
                redraw(&e);
            }
            continue;
        case 0x7f: case 0x08:
            if (e.pos > 0) {
                delete_range(&e, e.pos - 1, e.pos);
                redraw(&e);
            }
            continue;
        case K_DEL:
            delete_range(&e, e.pos, e.pos + 1);
            redraw(&e);
            continue;
        case 0x01: case K_HOME:
            e.pos = 0;
            redraw(&e);
            continue;
        case 0x05: case K_END:
            e.pos = e.len;
            redraw(&e);
            continue;
        case 0x02: case K_LEFT:
            if (e.pos > 0)
                e.pos--;
            redraw(&e);
            continue;
        case 0x06: case K_RIGHT:
            if (e.pos < e.len)
                e.pos++;
            redraw(&e);
            continue;
        case 0x0b:                  /* ^K */
            delete_range(&e, e.pos, e.len);
            redraw(&e);
            continue;
        case 0x15:                  /* ^U */
            delete_range(&e, 0, e.pos);
            redraw(&e);
            continue;
        case 0x17: {                /* ^W */
            int p = e.pos;
            while (p > 0 && !is_word_char(e.buf[p - 1]))
                p--;
            while (p > 0 && is_word_char(e.buf[p - 1]))
                p--;
            delete_range(&e, p, e.pos);
            redraw(&e);
            continue;
        }
        case 0x0c:                  /* ^L */
            outs("\x1b[H\x1b[2J");
            redraw(&e);
            continue;
        case '\t':
            complete(&e);
            continue;
        case 0x10: case K_UP:
            if (hist_pos > 0) {
                if (hist_pos == hist_n) {
                    free(saved);
                    saved = strdup(e.buf);
                }
                set_line(&e, history[--hist_pos]);
                redraw(&e);
            } else {
                outs("\a");
            }
            continue;
        case 0x0e: case K_DOWN:
            if (hist_pos < hist_n) {
                hist_pos++;
                set_line(&e, hist_pos == hist_n ? (saved ? saved : "") : history[hist_pos]);
                redraw(&e);
            } else {
                outs("\a");
            }
            continue;
        default:
            if (c >= ' ' && c < 0x7f) {
                char ch = (char)c;
                insert(&e, &ch, 1);
                if (e.pos == e.len)
                    out(&ch, 1);        /* at the end: no redraw */
                else
                    redraw(&e);
            }
            continue;
        }
    }
    free(saved);
    tcsetattr(0, TCSADRAIN, &shell_tio);
    if (ret >= 0)
        hist_add(line);
    return ret;
}

static void make_prompt(char *buf, size_t size)
{
    char cwd[128];
    if (!getcwd(cwd, sizeof(cwd)))
        strcpy(cwd, "?");
    snprintf(buf, size, "almos:%s$ ", cwd);
}

/* The interactive shell takes the terminal: its own session and group
 * in the foreground, the job-control signals ignored. */
static void init_job_control(void)
{
    if (tcgetattr(0, &shell_tio) < 0)
        return;
    setsid();                        /* fails for a group leader: it is one */
    shell_pgid = getpgrp();
    if (tcsetpgrp(0, shell_pgid) < 0) {
        fprintf(stderr, "sh: no job control: %s\n", strerror(errno));
        return;
    }
    for (int k = 0; k < N_JOB_SIGNALS; k++)
        almos_signal(job_signals[k], ALMOS_SIG_IGN);
    /* commands get a cooked terminal whatever the last one left */
    shell_tio.c_lflag |= ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN;
    shell_tio.c_iflag |= ICRNL;
    tcsetattr(0, TCSADRAIN, &shell_tio);
    job_control = 1;
}

int main(int argc, char **argv)
{
    shell_pgid = getpgrp();
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
    if (interactive)
        init_job_control();
    char line[MAX_LINE];
    for (;;) {
        reap_background();
        int n;
        if (job_control) {
            char prompt[160];
            make_prompt(prompt, sizeof(prompt));
            almos_flush_stdio();
            n = edit_line(line, sizeof(line), prompt);
        } else {
            if (interactive) {
                char prompt[160];
                make_prompt(prompt, sizeof(prompt));
                printf("%s", prompt);
                fflush(stdout);
            }
            n = read_line(fd, line, sizeof(line));
        }
        if (n < 0)
            break;
        run_line(line);
    }
    if (interactive)
        printf("\n");
    return last_status;
}
