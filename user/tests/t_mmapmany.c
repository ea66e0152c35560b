/*
 * t_mmapmany - the number of mappings of a process is bounded: without a
 * bound, each mmap scans a list that every mmap makes longer, and 4 KiB
 * mmaps after 47 GiB of mappings make no progress for minutes.
 * 47 regions of 1 GiB (never touched), then 4 KiB mmaps until one fails:
 * it must fail with ENOMEM (too many mappings, POSIX) well before 100,000;
 * every mapping made works, and every page comes back once all are
 * unmapped.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <sys/mman.h>
#include "tlib.h"

#define GIB     (1UL << 30)
#define BIG     47
#define SMALL   100000

static char *big[BIG];
static char *small[SMALL];

static void run(void *arg)
{
    (void)arg;
    int nbig = 0, nsmall = 0;
    for (; nbig < BIG; nbig++) {
        big[nbig] = mmap(NULL, GIB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
        CHECK(big[nbig] != MAP_FAILED, "1 GiB mmap %d: %s", nbig, strerror(errno));
    }
    errno = 0;
    for (; nsmall < SMALL; nsmall++) {
        char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
        if (m == MAP_FAILED)
            break;
        small[nsmall] = m;
        if (nsmall % 256 == 0)
            m[0] = 1;                   /* some are touched */
    }
    CHECK(nsmall < SMALL, "%d mmaps of 4 KiB after 47 GiB: no limit", nsmall);
    CHECK(errno == ENOMEM, "mmap %d failed with errno %d, expected ENOMEM", nsmall, errno);
    printf("t_mmapmany: 47 GiB, then %d mappings of 4 KiB, then ENOMEM\n", nsmall);
    big[0][0] = 2;
    CHECK(big[0][0] == 2, "a 1 GiB region does not work");
    for (int i = 0; i < nsmall; i++) {
        if (i % 256 == 0)
            CHECK(small[i][0] == 1, "mapping %d lost its byte", i);
        CHECK(munmap(small[i], 4096) == 0, "munmap %d: %s", i, strerror(errno));
    }
    for (int i = 0; i < nbig; i++)
        CHECK(munmap(big[i], GIB) == 0, "munmap: %s", strerror(errno));
    /* the slots are reusable */
    char *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(m != MAP_FAILED, "mmap after munmap of everything: %s", strerror(errno));
}

static void in_child(void *arg)
{
    int st = tl_run_child(run, arg);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child: %s", tl_status(st));
}

int main(void)
{
    tl_check_pages_back(in_child, NULL);
    return 0;
}
