/*
 * selftest.c - in-kernel tests of remote access, remote atomics, remote
 * allocation, xlists, IPIs and remote locks, from every core of every
 * cluster to every cluster (bootarg "selftest").
 *
 * Every core runs every test; a test's failures are summed in cluster 0
 * and a test passes when no core saw one.  Cores move from test to test
 * together (selftest_sync).  Cluster 0's core 0 prints one line per test,
 * the measured costs, and "N passed, M failed", then powers off with the
 * verdict as the exit status.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "selftest.h"
#include "cluster.h"
#include "printk.h"
#include "bits.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "hal_irq.h"
#include "hal_machine.h"
#include "hal_gpt.h"

#define ITERATIONS   200       /* per hart, for contended operations */
#define LIST_ITEMS   4         /* per hart */
#define LOAD_LOOPS   1000

typedef struct st_ctx_s {
    uint32_t harts;            /* in the machine */
    uint32_t clusters;
    uint32_t me;               /* this hart's index: cxy * MAX_LOCAL + lid */
    cxy_t    cxy;
    lid_t    lid;
    bool     leader;           /* cluster 0, core 0: prints */
} st_ctx_t;

typedef struct st_item_s {     /* an xlist element, allocated by its hart */
    xlist_entry_t link;
    uint32_t owner;
    uint32_t seq;
} st_item_t;

#define AREA(cxy, field)  XPTR((cxy), &LOCAL_CLUSTER->selftest.field)

/* Every hart waits here until all have arrived (a counter that only grows,
 * zero at boot, so it needs no initialisation). */
static void selftest_sync(const st_ctx_t *ctx)
{
    xptr_t sync = AREA(0, sync);
    uint32_t old = hal_remote_atomic_add(sync, 1);
    uint32_t target = (old / ctx->harts + 1) * ctx->harts;
    while (hal_remote_l32(sync) < target)
        hal_cpu_relax();
}

static uint64_t pattern(uint32_t hart, cxy_t target)
{
    return 0x9e3779b97f4a7c15ULL * (hart + 1) ^ ((uint64_t)target << 56);
}

/* ---------------------------------------------------------------- tests -- */

/* Each hart stores 8, 16, 32, 64 bits and a pointer into its slot of every
 * cluster, then every hart checks, by loads, the slots of its cluster. */
static uint32_t st_remote_load_store(const st_ctx_t *ctx)
{
    uint32_t bad = 0;
    for (cxy_t t = 0; t < ctx->clusters; t++) {
        uint64_t p = pattern(ctx->me, t);
        hal_remote_s64(AREA(t, slot64[ctx->me]), p);
        hal_remote_s32(AREA(t, slot32[ctx->me]), (uint32_t)p);
        hal_remote_s16(AREA(t, slot16[ctx->me]), (uint16_t)p);
        hal_remote_s8(AREA(t, slot8[ctx->me]), (uint8_t)p);
        hal_remote_spt(AREA(t, slotpt[ctx->me]), (void *)(uintptr_t)~p);
        bad += hal_remote_l64(AREA(t, slot64[ctx->me])) != p;
    }
    selftest_sync(ctx);
    for (cxy_t c = 0; c < ctx->clusters; c++)
        for (lid_t l = 0; l < hal_remote_l32(XPTR(c, &LOCAL_CLUSTER->cores_nr)); l++) {
            uint32_t h = c * CONFIG_MAX_LOCAL_CORES + l;
            uint64_t p = pattern(h, ctx->cxy);
            selftest_area_t *a = &LOCAL_CLUSTER->selftest;
            bad += a->slot64[h] != p;
            /* Read back through the remote window of another cluster's
             * view too: the same bytes. */
            bad += hal_remote_l32(AREA(ctx->cxy, slot32[h])) != (uint32_t)p;
            bad += hal_remote_l16(AREA(ctx->cxy, slot16[h])) != (uint16_t)p;
            bad += hal_remote_l8(AREA(ctx->cxy, slot8[h])) != (uint8_t)p;
            bad += hal_remote_lpt(AREA(ctx->cxy, slotpt[h])) != (void *)(uintptr_t)~p;
        }
    return bad;
}

/* Every hart hammers every cluster's counters with add, cas and 64-bit
 * add/cas, and sets then clears its own bit with or/and. */
static uint32_t st_remote_atomics(const st_ctx_t *ctx)
{
    uint32_t bad = 0;
    uint32_t bit = 1u << (ctx->me % 32);
    uint32_t word = ctx->me / 32;
    for (cxy_t t = 0; t < ctx->clusters; t++) {
        for (int i = 0; i < ITERATIONS; i++) {
            hal_remote_atomic_add(AREA(t, counter32), 1);
            hal_remote_atomic_add64(AREA(t, counter64), 1L << 33);
            uint32_t v;
            do { v = hal_remote_l32(AREA(t, cas32)); }
            while (!hal_remote_atomic_cas(AREA(t, cas32), v, v + 1));
            uint64_t w;
            do { w = hal_remote_l64(AREA(t, cas64)); }
            while (!hal_remote_atomic_cas64(AREA(t, cas64), w, w + 3));
        }
        uint32_t old = hal_remote_atomic_or(AREA(t, mask[word]), bit);
        bad += (old & bit) != 0;
    }
    selftest_sync(ctx);
    selftest_area_t *a = &LOCAL_CLUSTER->selftest;
    uint32_t expect = ctx->harts * ITERATIONS;
    bad += a->counter32 != expect;
    bad += a->counter64 != (uint64_t)expect << 33;
    bad += a->cas32 != expect;
    bad += a->cas64 != 3ULL * expect;
    uint32_t bits = 0;
    for (uint32_t w = 0; w < CONFIG_MAX_HARTS / 32; w++)
        bits += bits_popcount(a->mask[w]);
    bad += bits != ctx->harts;
    selftest_sync(ctx);
    for (cxy_t t = 0; t < ctx->clusters; t++) {
        uint32_t old = hal_remote_atomic_and(AREA(t, mask[word]), ~bit);
        bad += (old & bit) == 0;
    }
    selftest_sync(ctx);
    for (uint32_t w = 0; w < CONFIG_MAX_HARTS / 32; w++)
        bad += a->mask[w] != 0;
    return bad;
}

/* memset a buffer in the next cluster, memcpy it into the one after, at
 * odd offsets and lengths, and check both by loads. */
static uint32_t st_remote_memcpy_memset(const st_ctx_t *ctx)
{
    uint32_t bad = 0;
    cxy_t c1 = (ctx->cxy + 1) % ctx->clusters;
    cxy_t c2 = (ctx->cxy + 2) % ctx->clusters;
    size_t size = 3000;
    xptr_t b1 = kmem_remote_alloc(c1, size + 16, AF_NONE);
    xptr_t b2 = kmem_remote_alloc(c2, size + 16, AF_NONE);
    if (b1 == XPTR_NULL || b2 == XPTR_NULL)
        return 1;
    uint8_t v = (uint8_t)(0x5a ^ ctx->me);
    hal_remote_memset(b1, 0, size + 16);
    hal_remote_memset(b1 + 3, v, size);
    hal_remote_memset(b2, 0xee, size + 16);
    hal_remote_memcpy(b2 + 5, b1 + 3, size);
    for (size_t i = 0; i < size + 16; i++) {
        uint8_t e1 = (i >= 3 && i < size + 3) ? v : 0;
        uint8_t e2 = (i >= 5 && i < size + 5) ? v : 0xee;
        bad += hal_remote_l8(b1 + i) != e1;
        bad += hal_remote_l8(b2 + i) != e2;
    }
    /* strcpy / strlen across clusters. */
    hal_remote_memcpy(b1, XPTR(ctx->cxy, "almos-rv remote string"), 23);
    hal_remote_strcpy(b2 + 1, b1);
    bad += hal_remote_strlen(b2 + 1) != 22;
    bad += hal_remote_l8(b2 + 1 + 6) != 'r';
    kmem_remote_free(b1);
    kmem_remote_free(b2);
    return bad;
}

/* Each hart allocates pages of orders 0..3 in every cluster, writes and
 * checks them, frees them; every cluster's free count is back where it
 * started. */
static uint32_t st_remote_pages(const st_ctx_t *ctx)
{
    uint32_t bad = 0;
    if (ctx->leader)
        for (cxy_t t = 0; t < ctx->clusters; t++)
            LOCAL_CLUSTER->selftest.free_before[t] = ppm_remote_free_pages_nr(t);
    selftest_sync(ctx);
    for (cxy_t t = 0; t < ctx->clusters; t++) {
        xptr_t pages[4];
        for (uint32_t order = 0; order < 4; order++) {
            pages[order] = ppm_remote_alloc_pages(t, order);
            if (pages[order] == XPTR_NULL) {
                bad++;
                continue;
            }
            xptr_t base = ppm_page2base(pages[order]);
            bad += GET_CXY(base) != t;
            bad += ppm_base2page(base) != pages[order];
            bad += ppm_ppn2page(ppm_page2ppn(pages[order])) != pages[order];
            size_t bytes = CONFIG_PPM_PAGE_SIZE << order;
            hal_remote_memset(base, (uint8_t)ctx->me, bytes);
            bad += hal_remote_l8(base + bytes - 1) != (uint8_t)ctx->me;
        }
        for (uint32_t order = 0; order < 4; order++)
            if (pages[order] != XPTR_NULL)
                ppm_remote_free_pages(t, GET_PTR(pages[order]));
    }
    selftest_sync(ctx);
    if (ctx->leader)
        for (cxy_t t = 0; t < ctx->clusters; t++)
            bad += ppm_remote_free_pages_nr(t) != LOCAL_CLUSTER->selftest.free_before[t];
    return bad;
}

/* One list in cluster 0; each hart links items allocated in its own
 * cluster, the leader walks and checks it, each hart unlinks its own. */
static uint32_t st_xlist(const st_ctx_t *ctx)
{
    uint32_t bad = 0;
    xptr_t root = AREA(0, list_root);
    xptr_t lock = AREA(0, list_lock);
    if (ctx->leader)
        xlist_root_init(root);
    selftest_sync(ctx);
    xptr_t mine[LIST_ITEMS];
    for (uint32_t i = 0; i < LIST_ITEMS; i++) {
        st_item_t *it = kmem_alloc(sizeof(*it), AF_ZERO);
        if (it == NULL) {
            mine[i] = XPTR_NULL;
            bad++;
            continue;
        }
        it->owner = ctx->me;
        it->seq = i;
        mine[i] = XPTR(local_cxy, it);
        remote_busylock_acquire(lock);
        if (i % 2)
            xlist_add_last(root, XPTR(local_cxy, &it->link));
        else
            xlist_add_first(root, XPTR(local_cxy, &it->link));
        remote_busylock_release(lock);
    }
    selftest_sync(ctx);
    if (ctx->leader) {
        uint32_t n = 0, per_hart[CONFIG_MAX_HARTS] = { 0 };
        xptr_t iter;
        XLIST_FOREACH(root, iter) {
            xptr_t item = XLIST_ELEMENT(iter, st_item_t, link);
            uint32_t owner = hal_remote_l32(item + offsetof(st_item_t, owner));
            uint32_t owner_cxy = owner / CONFIG_MAX_LOCAL_CORES;
            bad += owner >= CONFIG_MAX_HARTS || GET_CXY(item) != owner_cxy;
            if (owner < CONFIG_MAX_HARTS)
                per_hart[owner]++;
            n++;
        }
        bad += n != ctx->harts * LIST_ITEMS;
        for (uint32_t h = 0; h < CONFIG_MAX_HARTS; h++)
            bad += per_hart[h] != 0 && per_hart[h] != LIST_ITEMS;
    }
    selftest_sync(ctx);
    for (uint32_t i = 0; i < LIST_ITEMS; i++) {
        if (mine[i] == XPTR_NULL)
            continue;
        remote_busylock_acquire(lock);
        xlist_unlink(mine[i] + offsetof(st_item_t, link));
        remote_busylock_release(lock);
        kmem_free(GET_PTR(mine[i]));
    }
    selftest_sync(ctx);
    if (ctx->leader)
        bad += !xlist_is_empty(root);
    return bad;
}

/* Readers check that the two words a writer updates under the write lock
 * are always seen equal; writers count their updates. */
static uint32_t st_remote_rwlock(const st_ctx_t *ctx)
{
    uint32_t bad = 0;
    xptr_t lock = AREA(0, rwlock);
    if (ctx->leader)
        remote_rwlock_init(lock);
    selftest_sync(ctx);
    for (int i = 0; i < ITERATIONS; i++) {
        if ((ctx->me + (uint32_t)i) % 4 == 0) {
            remote_rwlock_wr_acquire(lock);
            uint64_t v = hal_remote_l64(AREA(0, rw_a)) + 1;
            hal_remote_s64(AREA(0, rw_a), v);
            for (volatile int d = 0; d < 20; d++)
                ;
            hal_remote_s64(AREA(0, rw_b), v);
            hal_remote_s32(AREA(0, rw_writes), hal_remote_l32(AREA(0, rw_writes)) + 1);
            remote_rwlock_wr_release(lock);
        } else {
            remote_rwlock_rd_acquire(lock);
            uint64_t a = hal_remote_l64(AREA(0, rw_a));
            for (volatile int d = 0; d < 5; d++)
                ;
            bad += hal_remote_l64(AREA(0, rw_b)) != a;
            remote_rwlock_rd_release(lock);
        }
    }
    selftest_sync(ctx);
    if (ctx->leader) {
        uint32_t w = hal_remote_l32(AREA(0, rw_writes));
        bad += hal_remote_l64(AREA(0, rw_a)) != w || hal_remote_l64(AREA(0, rw_b)) != w;
    }
    return bad;
}

/* libk's sense-reversing barrier: nobody leaves an episode before all
 * arrived, over several episodes. */
static uint32_t st_remote_barrier(const st_ctx_t *ctx)
{
    uint32_t bad = 0;
    xptr_t bar = AREA(0, barrier);
    if (ctx->leader)
        remote_barrier_init(bar, ctx->harts);
    selftest_sync(ctx);
    for (uint32_t round = 1; round <= 5; round++) {
        hal_remote_atomic_add(AREA(0, barrier_seen), 1);
        remote_barrier_wait(bar);
        bad += hal_remote_l32(AREA(0, barrier_seen)) < round * ctx->harts;
        remote_barrier_wait(bar);
    }
    return bad;
}

/* What the IPI test measures, on each sending hart. */
typedef struct ipi_cost_s {
    uint64_t trips;
    uint64_t cycles_sum, cycles_min;   /* round trip: ping out, pong back */
    uint64_t ticks_sum;                /* the same in `time` ticks */
    uint64_t send_min;                 /* hal_ipi_send() alone */
} ipi_cost_t;

/* One ping-pong with core <tl> of cluster <tc>; true when answered. */
static bool ipi_round_trip(core_t *me, cxy_t tc, lid_t tl, ipi_cost_t *cost)
{
    uint32_t before = me->pongs;
    hal_remote_s64(XPTR(tc, &LOCAL_CLUSTER->core_tbl[tl].ping_from), XPTR(local_cxy, me));
    uint64_t c0 = hal_get_cycles(), t0 = hal_get_time();
    hal_ipi_send(tc, tl, IPI_PING);
    uint64_t c1 = hal_get_cycles();
    uint64_t spins = 0;
    while (me->pongs == before && ++spins < 500000000ULL)
        hal_cpu_relax();
    uint64_t c2 = hal_get_cycles(), t2 = hal_get_time();
    if (me->pongs != before + 1)
        return false;
    cost->trips++;
    cost->cycles_sum += c2 - c0;
    cost->ticks_sum += t2 - t0;
    if (cost->cycles_min == 0 || c2 - c0 < cost->cycles_min)
        cost->cycles_min = c2 - c0;
    if (cost->send_min == 0 || c1 - c0 < cost->send_min)
        cost->send_min = c1 - c0;
    return true;
}

/* One hart at a time pings every other hart IPI_TRIPS times and waits for
 * each pong; interrupts are on everywhere before the first ping. */
#define IPI_TRIPS 8
static uint32_t st_ipi(const st_ctx_t *ctx, ipi_cost_t *cost)
{
    uint32_t bad = 0;
    core_t *me = core_self();
    reg_t irq;
    hal_enable_irq(&irq);
    selftest_sync(ctx);
    for (cxy_t sc = 0; sc < ctx->clusters; sc++) {
        uint32_t scores = hal_remote_l32(XPTR(sc, &LOCAL_CLUSTER->cores_nr));
        for (lid_t sl = 0; sl < scores; sl++) {
            if (sc == ctx->cxy && sl == ctx->lid) {
                for (cxy_t tc = 0; tc < ctx->clusters; tc++) {
                    uint32_t tcores = hal_remote_l32(XPTR(tc, &LOCAL_CLUSTER->cores_nr));
                    for (lid_t tl = 0; tl < tcores; tl++)
                        for (int k = 0; k < IPI_TRIPS && !(tc == ctx->cxy && tl == ctx->lid); k++)
                            bad += !ipi_round_trip(me, tc, tl, cost);
                }
            }
            selftest_sync(ctx);
        }
    }
    hal_restore_irq(irq);
    return bad;
}

/* ------------------------------------------------ kernel protection -- */

static uint64_t st_data_word = 1;           /* in .data */
static const char st_rodata[] = "read-only";

/* The kernel's table maps its code executable and not writable, its
 * read-only data read-only, and everything else (data, stacks, the rest
 * of the LOCAL window) not executable. */
static uint32_t st_kernel_protection(const st_ctx_t *ctx)
{
    (void)ctx;
    uint64_t stack_word = st_data_word;
    const struct { const void *addr; uint32_t want, deny; } c[] = {
        { (const void *)st_kernel_protection, GPT_EXECUTABLE | GPT_READABLE, GPT_WRITABLE },
        { st_rodata, GPT_READABLE, GPT_WRITABLE | GPT_EXECUTABLE },
        { &st_data_word, GPT_READABLE | GPT_WRITABLE, GPT_EXECUTABLE },
        { &stack_word, GPT_READABLE | GPT_WRITABLE, GPT_EXECUTABLE },
        { LOCAL_CLUSTER, GPT_READABLE | GPT_WRITABLE, GPT_EXECUTABLE },
    };
    uint32_t bad = 0;
    for (uint32_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
        uint32_t attr = hal_kernel_map_attr(c[i].addr);
        if (!(attr & GPT_MAPPED) || (attr & c[i].want) != c[i].want || (attr & c[i].deny)) {
            printk("selftest: hart %u: kernel address %p mapped with attributes 0x%x\n",
                   core_self()->gid, c[i].addr, attr);
            bad++;
        }
    }
    return bad;
}

/* ---------------------------------------------------------- the run -- */

static void report(const st_ctx_t *ctx, uint32_t index, const char *name,
                   uint32_t *passed, uint32_t *failed)
{
    if (!ctx->leader)
        return;
    uint32_t f = LOCAL_CLUSTER->selftest.failures[index];
    printk("selftest: %-24s %s", name, f ? "FAILED" : "ok");
    if (f)
        printk(" (%u failed checks)", f);
    printk("\n");
    if (f) (*failed)++; else (*passed)++;
}

static void record(const st_ctx_t *ctx, uint32_t index, uint32_t bad)
{
    if (bad)
        hal_remote_atomic_add(AREA(0, failures[index]), (int32_t)bad);
    selftest_sync(ctx);
}

/* Costs of a local and a remote 64-bit load, per load, loop included:
 * cycles (instructions under -icount) and time. */
static void measure_loads(const st_ctx_t *ctx)
{
    volatile uint64_t *local = &LOCAL_CLUSTER->selftest.counter64;
    cxy_t far = (ctx->cxy + 1) % ctx->clusters;
    xptr_t remote = AREA(far, counter64);
    uint64_t sum = 0, freq = LOCAL_CLUSTER->timebase_freq;
    uint64_t c0 = hal_get_cycles(), t0 = hal_get_time();
    for (int i = 0; i < LOAD_LOOPS; i++)
        sum += *local;
    uint64_t c1 = hal_get_cycles(), t1 = hal_get_time();
    for (int i = 0; i < LOAD_LOOPS; i++)
        sum += hal_remote_l64(remote);
    uint64_t c2 = hal_get_cycles(), t2 = hal_get_time();
    uint64_t local_c = (c1 - c0) * 100 / LOAD_LOOPS, remote_c = (c2 - c1) * 100 / LOAD_LOOPS;
    uint64_t local_ns = (t1 - t0) * 100000000000ULL / freq / LOAD_LOOPS;
    uint64_t remote_ns = (t2 - t1) * 100000000000ULL / freq / LOAD_LOOPS;
    printk("selftest: 64-bit load, per load with its loop: local %lu.%02lu cycles "
           "%lu.%02lu ns; remote (cluster %u) %lu.%02lu cycles %lu.%02lu ns%s\n",
           local_c / 100, local_c % 100, local_ns / 100, local_ns % 100, far,
           remote_c / 100, remote_c % 100, remote_ns / 100, remote_ns % 100,
           sum == 1 ? " " : "");
}

void selftest_run(uint32_t harts)
{
    core_t *core = core_self();
    st_ctx_t ctx = {
        .harts = harts,
        .clusters = LOCAL_CLUSTER->clusters_nr,
        .cxy = local_cxy,
        .lid = core->lid,
        .me = local_cxy * CONFIG_MAX_LOCAL_CORES + core->lid,
        .leader = local_cxy == 0 && core->lid == 0,
    };
    uint32_t passed = 0, failed = 0;
    if (ctx.leader)
        printk("selftest: %u harts in %u clusters\n", harts, ctx.clusters);
    selftest_sync(&ctx);

    record(&ctx, 0, st_remote_load_store(&ctx));
    report(&ctx, 0, "remote load/store", &passed, &failed);
    record(&ctx, 1, st_remote_atomics(&ctx));
    report(&ctx, 1, "remote atomics", &passed, &failed);
    record(&ctx, 2, st_remote_memcpy_memset(&ctx));
    report(&ctx, 2, "remote memcpy/memset", &passed, &failed);
    record(&ctx, 3, st_remote_pages(&ctx));
    report(&ctx, 3, "remote page alloc/free", &passed, &failed);
    record(&ctx, 4, st_xlist(&ctx));
    report(&ctx, 4, "xlist across clusters", &passed, &failed);
    record(&ctx, 5, st_remote_rwlock(&ctx));
    report(&ctx, 5, "remote rwlock", &passed, &failed);
    record(&ctx, 6, st_remote_barrier(&ctx));
    report(&ctx, 6, "remote barrier", &passed, &failed);

    ipi_cost_t cost = { 0 };
    record(&ctx, 7, st_ipi(&ctx, &cost));
    if (cost.trips)
        printk("selftest: hart %u: IPI round trip mean %lu ns, %lu cycles (min %lu); "
               "hal_ipi_send %lu cycles; %lu trips\n", core->gid,
               cost.ticks_sum * 1000000000UL / LOCAL_CLUSTER->timebase_freq / cost.trips,
               cost.cycles_sum / cost.trips, cost.cycles_min, cost.send_min, cost.trips);
    selftest_sync(&ctx);
    report(&ctx, 7, "IPI every hart to every hart", &passed, &failed);
    record(&ctx, 8, selftest_rpc(harts, ctx.me));
    report(&ctx, 8, "RPC stress", &passed, &failed);
    record(&ctx, 9, st_kernel_protection(&ctx));
    report(&ctx, 9, "kernel memory protection", &passed, &failed);

    if (ctx.leader) {
        measure_loads(&ctx);
        printk("%u passed, %u failed\n", passed, failed);
        hal_poweroff(failed ? 1 : 0);
    }
    hal_core_halt();
}
