/* t_mmapunlink - a file mapped, closed and unlinked stays mapped: its
 * pages are still readable and writable, its content kept, and the end
 * of the process (unmapping them) is clean; meanwhile other files come
 * and go.  GPL-2.0. */
#include <fcntl.h>
#include <sys/mman.h>
#include "tlib.h"

#define PG 4096
#define NPG 4

static void run(void *arg)
{
    (void)arg;
    static char buf[NPG * PG];
    int fd = open("/tmp/t_mmapunlink", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0, "create: %s", strerror(errno));
    memset(buf, 'm', sizeof(buf));
    CHECK(write(fd, buf, sizeof(buf)) == (long)sizeof(buf), "write: %s", strerror(errno));
    char *m = mmap(NULL, NPG * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
    CHECK(m[0] == 'm', "first page");
    close(fd);
    CHECK(unlink("/tmp/t_mmapunlink") == 0, "unlink: %s", strerror(errno));
    /* other files take the memory the old ones had */
    for (int k = 0; k < 8; k++) {
        char name[40];
        snprintf(name, sizeof(name), "/tmp/t_mmapunlink%d", k);
        int f = open(name, O_RDWR | O_CREAT | O_TRUNC, 0644);
        CHECK(f >= 0, "create %s: %s", name, strerror(errno));
        memset(buf, 'a' + k, sizeof(buf));
        CHECK(write(f, buf, sizeof(buf)) == (long)sizeof(buf), "write");
        close(f);
        unlink(name);
    }
    for (int i = 0; i < NPG; i++) {
        CHECK(m[i * PG + 7] == 'm', "page %d of the unlinked file: %d", i, m[i * PG + 7]);
        m[i * PG] = 'w';
    }
}

int main(void)
{
    for (int round = 0; round < 4; round++) {
        int st = tl_run_child(run, NULL);
        CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "round %d: %s", round, tl_status(st));
    }
    return 0;
}
