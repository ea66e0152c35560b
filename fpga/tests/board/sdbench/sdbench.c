/* sdbench.c -- the SDRAM seen by a hart on the ULX3S board top: a memory
 * test over both clusters' banks, then load latency and bandwidth, local
 * bank vs the other cluster's.  It is the "kernel" of a board image
 * (OpenSBI boots, jumps here in S-mode on one hart) or the firmware itself
 * (linked at 0x80000000, entered from the boot ROM in M-mode by every hart:
 * start.S keeps hart 0 and parks the others), see fpga/tests/board/
 * run-sim.sh.  The results go to the UART; the finisher ends the run:
 * 0x5555 when every word read back right, else 0x3333 | errors << 16.
 *
 * Each bank's RAM on the board is a 64 KiB direct-mapped cache of 64-byte
 * lines (board_bank_cache) in front of the shared SDRAM, so a region of
 * REGION = 256 KiB (4 caches) makes every line a miss when swept once.
 * Times come from rdtime (10 MHz mtime = every CYC_PER_TICK core cycles).
 * A pointer chase (p = *p) measures latency: one load waits for the one
 * before, as a blocking in-order hart does anyway; its loop is two
 * instructions, included in the figures. */
#include <stdint.h>

#ifndef CYC_PER_TICK
#define CYC_PER_TICK 4                      /* 40 MHz core, 10 MHz mtime */
#endif
#ifndef HPC
#define HPC 1                               /* harts per cluster */
#endif
#define BANK_BYTES   (16UL << 20)           /* 32 MiB / 2 clusters */
#define RAM_BASE     0x80000000UL
#define REGION_OFF   (8UL << 20)            /* past OpenSBI, this program, the initrd area */
#define REGION       (256UL << 10)
#define LINE         64
#define UART         ((volatile uint8_t *)0x10000000UL)
#define FINISHER     ((volatile uint32_t *)0x100000UL)

static void putch(char c)
{
    while (!(UART[5] & 0x20))
        ;
    UART[0] = (uint8_t)c;
}
static void puts_(const char *s)
{
    while (*s) putch(*s++);
}
static void putu(uint64_t v)
{
    char b[24];
    int i = 0;
    do b[i++] = (char)('0' + v % 10); while (v /= 10);
    while (i) putch(b[--i]);
}
/* v / 100 with two decimals */
static void putc2(uint64_t v100)
{
    putu(v100 / 100);
    putch('.');
    putch((char)('0' + v100 / 10 % 10));
    putch((char)('0' + v100 % 10));
}
static inline uint64_t ticks(void)
{
    uint64_t t;
    __asm__ volatile("rdtime %0" : "=r"(t));
    return t;
}
static uint64_t pattern(uint64_t a, uint64_t seed)
{
    return (a * 0x9E3779B97F4A7C15ULL) ^ seed;
}

static unsigned long errors;

/* Write a pattern over the region with 64-bit stores, then bytes over its
 * first 4 KiB (byte-masked writes through the cache), and read it all back. */
static void memtest(volatile uint64_t *r, uint64_t seed)
{
    for (unsigned long i = 0; i < REGION / 8; i++) r[i] = pattern((uint64_t)&r[i], seed);
    volatile uint8_t *b = (volatile uint8_t *)r;
    for (unsigned long i = 0; i < 4096; i += 3) b[i] = (uint8_t)(i * 7 + seed);
    for (unsigned long i = 0; i < REGION / 8; i++) {
        uint64_t want = pattern((uint64_t)&r[i], seed);
        if (i < 4096 / 8)
            for (unsigned k = 0; k < 8; k++)
                if ((i * 8 + k) % 3 == 0) {
                    want &= ~(0xFFULL << (8 * k));
                    want |= (uint64_t)(uint8_t)((i * 8 + k) * 7 + seed) << (8 * k);
                }
        if (r[i] != want) {
            if (errors < 4) {
                puts_("sdbench: MISMATCH at ");
                putu((uint64_t)&r[i]);
                puts_("\n");
            }
            errors++;
        }
    }
}

/* A chain through every line of the region (stride LINE); returns cycles
 * per hop over one sweep. */
static void link_chain(volatile uint64_t *r)
{
    for (unsigned long i = 0; i < REGION / 8; i += LINE / 8)
        r[i] = (uint64_t)&r[(i + LINE / 8) % (REGION / 8)];
}
static uint64_t chase(volatile uint64_t *r, unsigned long hops)
{
    uint64_t p = (uint64_t)r, t0 = ticks();
    for (unsigned long n = 0; n < hops; n++) p = *(volatile uint64_t *)p;
    uint64_t t = ticks() - t0;
    if (p == 1) puts_("");                  /* keep p */
    return t * CYC_PER_TICK * 100 / hops;   /* cycles x 100 */
}
/* Sequential 64-bit loads over the region: bytes per 100 cycles. */
static uint64_t stream(volatile uint64_t *r)
{
    uint64_t s = 0, t0 = ticks();
    for (unsigned long i = 0; i < REGION / 8; i++) s += r[i];
    uint64_t t = ticks() - t0;
    if (s == 1) puts_("");
    return REGION * 100 / (t * CYC_PER_TICK);
}

static void report(const char *what, uint64_t local, uint64_t remote, const char *unit)
{
    puts_("sdbench: ");
    puts_(what);
    puts_(": local ");
    putc2(local);
    puts_(", remote ");
    putc2(remote);
    puts_(unit);
    puts_("\n");
}

int main(unsigned long hartid)
{
    unsigned long me = hartid / HPC, other = me ^ 1;
    volatile uint64_t *loc = (volatile uint64_t *)(RAM_BASE + me * BANK_BYTES + REGION_OFF);
    volatile uint64_t *rem = (volatile uint64_t *)(RAM_BASE + other * BANK_BYTES + REGION_OFF);
    errors = 0;                             /* .bss is not cleared: the SDRAM holds garbage */
    puts_("sdbench: hart ");
    putu(hartid);
    puts_(", local bank ");
    putu(me);
    puts_("\n");

    memtest(loc, 0x1234);
    memtest(rem, 0x5678);
    puts_("sdbench: memory test over 2 x 256 KiB: ");
    putu(errors);
    puts_(" errors\n");

    /* hit: one word chained to itself, in the cache after the first hop */
    loc[0] = (uint64_t)&loc[0];
    rem[0] = (uint64_t)&rem[0];
    report("load, cache hit (cycles)", chase(loc, 2000), chase(rem, 2000), "");
    /* misses: the chain through 1024 lines; the first sweep after the memory
     * test writes back a dirty victim per miss, the second finds clean ones */
    link_chain(loc);
    link_chain(rem);
    uint64_t ld = chase(loc, REGION / LINE), rd = chase(rem, REGION / LINE);
    report("load, miss + dirty write-back (cycles)", ld, rd, "");
    uint64_t lc = chase(loc, REGION / LINE), rc = chase(rem, REGION / LINE);
    report("load, miss, clean victim (cycles)", lc, rc, "");
    /* bandwidth: sequential loads over a region not in the cache */
    chase(rem, REGION / LINE);
    uint64_t lb = stream(loc);
    chase(loc, REGION / LINE);
    uint64_t rb = stream(rem);
    report("sequential loads, cold (bytes/cycle)", lb, rb, "");
    puts_("sdbench: done\n");
    *FINISHER = errors ? (uint32_t)(0x3333 | (errors << 16)) : 0x5555;
    for (;;)
        ;
}
