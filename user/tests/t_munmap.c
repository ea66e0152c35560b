/* t_munmap - munmap of the middle of a mapping: touching the hole kills a
 * child with SIGSEGV; both ends keep their contents.  GPL-2.0. */
#include <sys/mman.h>
#include "tlib.h"

#define PG 4096
static char *m;

static void touch(void *arg)
{
    volatile char c = m[(long)arg * PG];
    (void)c;
}

int main(void)
{
    m = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
    for (int i = 0; i < 8; i++)
        m[i * PG] = (char)(i + 1);
    /* a hole of pages 3 and 4 */
    CHECK(munmap(m + 3 * PG, 2 * PG) == 0, "munmap middle: %s", strerror(errno));
    tl_expect_signal("page 3 after munmap", touch, (void *)3L, ALMOS_SIGSEGV);
    tl_expect_signal("page 4 after munmap", touch, (void *)4L, ALMOS_SIGSEGV);
    for (int i = 0; i < 8; i++) {
        if (i == 3 || i == 4)
            continue;
        CHECK(m[i * PG] == (char)(i + 1), "page %d lost its value", i);
        m[i * PG + 1] = 1;          /* still writable */
    }
    /* both pieces can go separately */
    CHECK(munmap(m, 3 * PG) == 0, "munmap head: %s", strerror(errno));
    tl_expect_signal("head after munmap", touch, (void *)0L, ALMOS_SIGSEGV);
    CHECK(m[5 * PG] == 6, "tail lost after unmapping the head");
    CHECK(munmap(m + 5 * PG, 3 * PG) == 0, "munmap tail: %s", strerror(errno));
    tl_expect_signal("tail after munmap", touch, (void *)7L, ALMOS_SIGSEGV);
    return 0;
}
