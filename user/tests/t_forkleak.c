/* t_forkleak - 200 forks in a loop, each child touching memory (stack,
 * data, heap) before exiting, leak no page: the free pages of every
 * cluster (children are placed by the kernel's load policy) are the same
 * before and after, once every child is reaped.
 * GPL-2.0. */
#include "tlib.h"

#define N 200
static char data[8 * 4096];

static void child(void)
{
    volatile char stack[3 * 4096];
    stack[0] = stack[4096] = stack[8192] = 1;
    for (int i = 0; i < 8; i++)
        data[i * 4096] = 1;
    char *h = malloc(64 * 1024);
    if (h)
        for (int i = 0; i < 16; i++)
            h[i * 4096] = 1;
    _exit(stack[0] + stack[4096] + stack[8192] == 3 ? 0 : 1);
}

static int one(void)
{
    int pid = fork();
    if (pid == 0)
        child();
    if (pid < 0)
        return -1;
    int st;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return -2;
    return 0;
}

static void forks(void *arg)
{
    (void)arg;
    for (int i = 0; i < N; i++) {
        int r = one();
        CHECK(r == 0, "fork %d: %s", i, r == -1 ? strerror(errno) : "child failed");
    }
}

int main(void)
{
    almos_flush_stdio();
    /* warm up: the kernel's caches, our stack and stats blocks */
    for (int i = 0; i < 3; i++)
        CHECK(one() == 0, "warm-up fork %d failed", i);
    struct almos_stats st;
    tl_stats(&st);
    tl_check_pages_back(forks, NULL);
    printf("%d forks: free pages of every cluster as before (%lu in all)\n", N,
           (unsigned long)almos_free_pages(&st));
    return 0;
}
