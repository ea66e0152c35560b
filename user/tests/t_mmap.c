/* t_mmap - mmap/munmap of ANON and FILE: anonymous pages are zero and
 * private to the process; a file mapped MAP_SHARED by two processes shows
 * each one's writes to the other and to read(); munmap'ed pages fault.
 * GPL-2.0. */
#include <fcntl.h>
#include <sys/mman.h>
#include "tlib.h"

#define PG 4096
#define FILE_PATH "/tmp/t_mmap.dat"

static char *gone;

static void touch_gone(void *arg)
{
    (void)arg;
    volatile char c = gone[0];
    (void)c;
}

int main(void)
{
    /* ANON */
    char *a = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(a != MAP_FAILED, "mmap anon: %s", strerror(errno));
    for (int i = 0; i < 16; i++) {
        CHECK(a[i * PG + 100] == 0, "anon page %d not zero", i);
        a[i * PG] = (char)i;
    }
    for (int i = 0; i < 16; i++)
        CHECK(a[i * PG] == (char)i, "anon page %d lost its value", i);
    CHECK(munmap(a, 16 * PG) == 0, "munmap: %s", strerror(errno));
    gone = a;
    tl_expect_signal("touch after munmap", touch_gone, NULL, ALMOS_SIGSEGV);
    /* bad arguments */
    errno = 0;
    CHECK(mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANON, -1, 0) == MAP_FAILED,
          "mmap of 0 bytes succeeded");
    errno = 0;
    CHECK(mmap(NULL, PG, PROT_READ, MAP_SHARED, 77, 0) == MAP_FAILED && errno == EBADF,
          "mmap of a bad fd: errno %d", errno);

    /* FILE: two pages of known content */
    int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "open: %s", strerror(errno));
    static char buf[2 * PG];
    for (int i = 0; i < 2 * PG; i++)
        buf[i] = (char)('a' + i % 26);
    CHECK_EQ(write(fd, buf, sizeof(buf)), sizeof(buf));
    char *f = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(f != MAP_FAILED, "mmap file: %s", strerror(errno));
    CHECK(memcmp(f, buf, sizeof(buf)) == 0, "mapped file differs from its content");

    int sync1[2], sync2[2];
    CHECK(pipe(sync1) == 0 && pipe(sync2) == 0, "pipe");
    almos_flush_stdio();
    int pid = fork();
    CHECK(pid >= 0, "fork");
    if (pid == 0) {
        /* the child maps the file on its own */
        int cfd = open(FILE_PATH, O_RDWR);
        CHECK(cfd >= 0, "child open: %s", strerror(errno));
        char *g = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, cfd, 0);
        CHECK(g != MAP_FAILED, "child mmap: %s", strerror(errno));
        memcpy(g + PG + 10, "from child", 10);
        write(sync1[1], "1", 1);
        char c;
        read(sync2[0], &c, 1);
        CHECK(memcmp(g + 20, "from parent", 11) == 0, "child does not see the parent's write");
        munmap(g, 2 * PG);
        close(cfd);
        almos_flush_stdio();
        _exit(0);
    }
    char c;
    CHECK_EQ(read(sync1[0], &c, 1), 1);
    CHECK(memcmp(f + PG + 10, "from child", 10) == 0,
          "parent does not see the child's write through its own mapping");
    memcpy(f + 20, "from parent", 11);
    CHECK_EQ(write(sync2[1], "2", 1), 1);
    int st;
    CHECK_EQ(waitpid(pid, &st, 0), pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", tl_status(st));

    /* read() sees the mapped writes (one page cache) */
    char rb[16];
    CHECK_EQ(lseek(fd, PG + 10, SEEK_SET), PG + 10);
    CHECK_EQ(read(fd, rb, 10), 10);
    CHECK(memcmp(rb, "from child", 10) == 0, "read() does not see the mapped write");
    /* and a mapping sees write() */
    CHECK_EQ(lseek(fd, 100, SEEK_SET), 100);
    CHECK_EQ(write(fd, "WRITTEN", 7), 7);
    CHECK(memcmp(f + 100, "WRITTEN", 7) == 0, "mapping does not see write()");

    /* an offset mapping: the second page only */
    char *h = mmap(NULL, PG, PROT_READ, MAP_SHARED, fd, PG);
    CHECK(h != MAP_FAILED, "mmap at offset: %s", strerror(errno));
    CHECK(memcmp(h + 10, "from child", 10) == 0, "offset mapping content");
    CHECK(munmap(h, PG) == 0, "munmap offset mapping");

    CHECK(munmap(f, 2 * PG) == 0, "munmap file: %s", strerror(errno));
    close(fd);
    unlink(FILE_PATH);
    return 0;
}
