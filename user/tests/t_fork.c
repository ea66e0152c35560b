/* t_fork - after fork, parent and child each see their own writes to data,
 * BSS, heap, stack and private anonymous mappings (copy on write).
 * GPL-2.0. */
#include <sys/mman.h>
#include "tlib.h"

static long gdata = 1;
static long gbss;

int main(void)
{
    volatile long local = 3;
    long *heap = malloc(sizeof(long));
    CHECK(heap, "malloc");
    *heap = 4;
    long *anon = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(anon != MAP_FAILED, "mmap: %s", strerror(errno));
    *anon = 5;
    gbss = 2;

    int p[2];
    CHECK(pipe(p) == 0, "pipe");
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork: %s", strerror(errno));
    if (pid == 0) {
        close(p[0]);
        /* the child sees the parent's values, then its own */
        int bad = gdata != 1 || gbss != 2 || local != 3 || *heap != 4 || *anon != 5;
        gdata = 10; gbss = 20; local = 30; *heap = 40; *anon = 50;
        bad |= gdata != 10 || gbss != 20 || local != 30 || *heap != 40 || *anon != 50;
        CHECK_EQ(getppid() > 0, 1);
        char c = 'x';
        write(p[1], &c, 1);         /* the parent writes now */
        close(p[1]);
        tl_yield(20);
        bad |= gdata != 10 || gbss != 20 || local != 30 || *heap != 40 || *anon != 50;
        _exit(bad ? 7 : 0);
    }
    close(p[1]);
    char c;
    CHECK_EQ(read(p[0], &c, 1), 1);
    close(p[0]);
    CHECK(gdata == 1 && gbss == 2 && local == 3 && *heap == 4 && *anon == 5,
          "parent sees the child's writes: %ld %ld %ld %ld %ld",
          gdata, gbss, (long)local, *heap, *anon);
    gdata = 100; gbss = 200; local = 300; *heap = 400; *anon = 500;
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", tl_status(st));
    CHECK(gdata == 100 && gbss == 200 && local == 300 && *heap == 400 && *anon == 500,
          "parent lost its writes");
    CHECK(pid != getpid(), "child pid == parent pid");
    return 0;
}
