/* t_stackovf - a stack overflow into the guard page kills the child only
 * (SIGSEGV); a deep but legal use of the stack (1 MiB) works.  GPL-2.0. */
#include "tlib.h"

static volatile long never;      /* 0: the recursion has no end */

__attribute__((noinline)) static long recurse(long n, volatile char *prev)
{
    volatile char frame[1024];
    if (never && n == never)
        return 0;
    frame[0] = (char)n;
    frame[1023] = prev ? prev[0] : 0;
    return recurse(n + 1, frame) + frame[1];
}

__attribute__((noinline)) static long deep(long n)
{
    volatile char frame[1024];
    frame[0] = 1;
    frame[1023] = 2;
    if (n == 0)
        return frame[0];
    return deep(n - 1) + frame[1023] - 2 + frame[0] - 1;
}

static void overflow(void *arg)
{
    (void)arg;
    recurse(0, NULL);
}

static void legal(void *arg)
{
    (void)arg;
    if (deep(1000) != 1)    /* about 1 MiB */
        _exit(3);
}

int main(void)
{
    int st = tl_run_child(legal, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "1 MiB of stack: %s", tl_status(st));
    tl_expect_signal("stack overflow", overflow, NULL, ALMOS_SIGSEGV);
    /* and again: the kernel and this process are fine */
    tl_expect_signal("second stack overflow", overflow, NULL, ALMOS_SIGSEGV);
    st = tl_run_child(legal, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "after overflows: %s", tl_status(st));
    return 0;
}
