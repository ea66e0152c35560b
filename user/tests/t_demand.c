/*
 * t_demand - demand paging: the first touch of code, data, BSS, stack, heap
 * and mmap pages is a page fault the kernel resolves (the fault counters of
 * SYS_GET_STATS move by at least the number of pages touched) and the
 * contents are right (data initialised from the file, the rest zero); ps's
 * PAGES of the process grows by the pages touched, and drops on munmap.
 * GPL-2.0.
 */
#include <sys/mman.h>
#include "tlib.h"

#define PG 4096
#define NPAGES 8

/* code: eight pages of their own, one function at the start of each,
 * never run before the test (nothing else shares these pages) */
__asm__(
    "    .section .text.demand_pages, \"ax\"\n"
    "    .balign 4096\n"
    "    .globl code_page_0\n"
    "code_page_0: addi a0, a0, 0\n ret\n .balign 4096\n"
    "code_page_1: addi a0, a0, 1\n ret\n .balign 4096\n"
    "code_page_2: addi a0, a0, 2\n ret\n .balign 4096\n"
    "code_page_3: addi a0, a0, 3\n ret\n .balign 4096\n"
    "code_page_4: addi a0, a0, 4\n ret\n .balign 4096\n"
    "code_page_5: addi a0, a0, 5\n ret\n .balign 4096\n"
    "code_page_6: addi a0, a0, 6\n ret\n .balign 4096\n"
    "code_page_7: addi a0, a0, 7\n ret\n .balign 4096\n"
    "    .globl code_pages_end\n"
    "code_pages_end:\n"
    "    .text\n");
extern char code_page_0[];
static int call_page(int n, int x)
{
    int (*fn)(int) = (int (*)(int))(void *)(code_page_0 + n * PG);
    return fn(x);
}

/* data: initialised, one value per page */
struct dpage { long v; char pad[PG - sizeof(long)]; };
static struct dpage data_pages[NPAGES] __attribute__((aligned(PG))) = {
    { 100, {0} }, { 101, {0} }, { 102, {0} }, { 103, {0} },
    { 104, {0} }, { 105, {0} }, { 106, {0} }, { 107, {0} },
};

static char bss_pages[NPAGES * PG] __attribute__((aligned(PG)));

static uint64_t delta(struct almos_stats *before)
{
    struct almos_stats now;
    tl_stats(&now);
    return tl_faults(&now) - tl_faults(before);
}

__attribute__((noinline)) static long touch_stack(void)
{
    volatile char big[NPAGES * PG];
    long sum = 0;
    for (int i = 0; i < NPAGES; i++) {
        big[i * PG] = (char)i;
        sum += big[i * PG];
    }
    return sum;
}

/* This process's PAGES as ps shows them (SYS_PROCESS_INFO). */
static long my_pages(void)
{
    struct almos_process_info pi;
    CHECK(tl_process_info(getpid(), &pi), "not in the process list");
    return (long)pi.pages;
}

int main(void)
{
    struct almos_stats s;
    uint64_t d;

    tl_stats(&s);
    long sum = 0;
    for (int i = 0; i < NPAGES; i++)
        sum += call_page(i, 0);
    d = delta(&s);
    CHECK_EQ(sum, 28);
    CHECK(d >= NPAGES, "code: %lu faults for %d pages", (unsigned long)d, NPAGES);
    printf("code:  %lu faults\n", (unsigned long)d);

    tl_stats(&s);
    sum = 0;
    for (int i = 0; i < NPAGES; i++)
        sum += ((volatile struct dpage *)data_pages)[i].v;
    d = delta(&s);
    CHECK_EQ(sum, 100 * NPAGES + 28);
    CHECK(d >= NPAGES, "data: %lu faults for %d pages", (unsigned long)d, NPAGES);
    printf("data:  %lu faults\n", (unsigned long)d);

    tl_stats(&s);
    for (int i = 0; i < NPAGES; i++) {
        CHECK(((volatile char *)bss_pages)[i * PG + 7] == 0, "bss page %d not zero", i);
        bss_pages[i * PG] = 1;
    }
    d = delta(&s);
    CHECK(d >= NPAGES, "bss: %lu faults for %d pages", (unsigned long)d, NPAGES);
    printf("bss:   %lu faults\n", (unsigned long)d);

    tl_stats(&s);
    CHECK_EQ(touch_stack(), 28);
    d = delta(&s);
    CHECK(d >= NPAGES - 1, "stack: %lu faults for %d pages", (unsigned long)d, NPAGES);
    printf("stack: %lu faults\n", (unsigned long)d);

    /* heap: fresh pages at the break (picolibc's malloc writes every page
     * of a new block, so it would touch them before the test does) */
    char *h = sbrk(64 * PG);
    CHECK(h != (char *)-1, "sbrk");
    char *hp = (char *)(((uintptr_t)h + PG - 1) & ~(uintptr_t)(PG - 1));
    tl_stats(&s);
    for (int i = 0; i < NPAGES; i++) {
        CHECK(((volatile char *)hp)[i * PG + 5] == 0, "fresh heap page %d not zero", i);
        hp[i * PG] = 1;
    }
    d = delta(&s);
    CHECK(d >= NPAGES, "heap: %lu faults for %d pages", (unsigned long)d, NPAGES);
    printf("heap:  %lu faults\n", (unsigned long)d);

    char *m = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    CHECK(m != MAP_FAILED, "mmap: %s", strerror(errno));
    CHECK(((uintptr_t)m & (PG - 1)) == 0, "mmap address %p not page aligned", (void *)m);
    struct almos_stats before_free;
    tl_stats(&before_free);
    long pages0 = my_pages();
    tl_stats(&s);
    for (int i = 0; i < NPAGES; i++) {
        CHECK(((volatile char *)m)[i * PG + 9] == 0, "mmap page %d not zero", i);
        m[i * PG] = 1;
    }
    d = delta(&s);
    /* ps's PAGES: exactly those pages more (nothing else runs here) */
    long pages1 = my_pages();
    CHECK(pages1 == pages0 + NPAGES, "ps PAGES %ld -> %ld after touching %d pages", pages0,
          pages1, NPAGES);
    CHECK(d >= NPAGES, "mmap: %lu faults for %d pages", (unsigned long)d, NPAGES);
    printf("mmap:  %lu faults\n", (unsigned long)d);
    /* the pages came from the allocator ... */
    struct almos_stats after;
    tl_stats(&after);
    CHECK(almos_free_pages(&after) + NPAGES <= almos_free_pages(&before_free),
          "free pages %lu -> %lu after touching %d mmap pages",
          (unsigned long)almos_free_pages(&before_free),
          (unsigned long)almos_free_pages(&after), NPAGES);
    /* ... and go back on munmap */
    CHECK(munmap(m, NPAGES * PG) == 0, "munmap: %s", strerror(errno));
    CHECK(my_pages() == pages0, "ps PAGES %ld after munmap, %ld before the mmap",
          my_pages(), pages0);
    tl_stats(&after);
    CHECK(almos_free_pages(&after) + 2 >= almos_free_pages(&before_free),
          "munmap did not give back the pages: %lu -> %lu",
          (unsigned long)almos_free_pages(&before_free),
          (unsigned long)almos_free_pages(&after));
    return 0;
}
