/*
 * selftest_rpc.c - RPC stress test (self-test "RPC stress").
 *
 * Every hart of every cluster, from a kernel thread of its own (so that
 * blocking RPCs really deschedule the client), sends RST_ROUNDS blocking
 * ECHO RPCs to every cluster, its own included, and checks each answer;
 * then one non-blocking ECHO to every cluster sharing one response
 * counter, and one detached ECHO.  Core 0 of each cluster also multicasts
 * one ECHO to all clusters.  The idle thread of every hart first sends a
 * few blocking ECHOs itself (the polling path).  In the end, the RPCs sent
 * and served over all clusters must both equal the RPCs the test made: no
 * request lost, none served twice.  Each hart prints the mean cycles of a
 * blocking round trip, to its own cluster and to the others.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "selftest.h"
#include "rpc.h"
#include "cluster.h"
#include "thread.h"
#include "scheduler.h"
#include "kmem.h"
#include "printk.h"
#include "string.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "hal_atomic.h"

#define RST_ROUNDS       16     /* blocking ECHOs per hart and target cluster */
#define RST_IDLE_ROUNDS  2      /* the same from the idle thread */
#define RST_NOTICE_S     30     /* a wait longer than this prints a notice */

typedef struct rst_hart_s {
    uint32_t me;
    uint32_t clusters;
    bool     multicast;           /* core 0: one multicast too */
    volatile uint32_t done;       /* the client thread finished */
    volatile uint32_t nb_rsp;     /* shared counter of the non-blocking sends */
    uint32_t bad;
    uint64_t trips[2], cycles[2], min[2];   /* [0] own cluster, [1] others */
} rst_hart_t;

/* Per cluster copy: one per core.  Cluster 0's counter is the barrier. */
static rst_hart_t rst_hart[CONFIG_MAX_LOCAL_CORES];
static volatile uint32_t rst_sync_count;

/* The idle thread waits: runs the threads of its core (RPC servers, its
 * client), then sleeps until an interrupt (a doorbell, a wake-up, the
 * tick) unless <busy> (a thread of the core known to be runnable), so
 * that under QEMU the harts that work get the host's CPUs. */
static void rst_idle_wait(bool busy)
{
    reg_t irq;
    hal_disable_irq(&irq);
    sched_yield();
    if (!busy && !core_self()->sched.req_resched)
        hal_core_sleep();
    hal_restore_irq(irq);
}

/* Every hart waits until all arrived, giving its core to the RPC servers
 * of its core meanwhile. */
static void rst_sync(uint32_t harts)
{
    xptr_t x = XPTR(0, (void *)&rst_sync_count);
    uint32_t old = hal_remote_atomic_add(x, 1);
    uint32_t target = (old / harts + 1) * harts;
    while (hal_remote_l32(x) < target)
        rst_idle_wait(hal_remote_l32(x) + 1 >= target);
}

static uint64_t rst_value(uint32_t me, uint32_t seq)
{
    return ((uint64_t)me << 40) ^ 0x5a5a0000ULL ^ seq;
}

/* One blocking ECHO to <c>; true when the answer is right. */
static bool rst_echo(rst_hart_t *h, cxy_t c, uint32_t seq, bool measure)
{
    rpc_desc_t d;
    memset(&d, 0, sizeof(d));
    d.index = RPC_TEST_ECHO;
    d.blocking = 1;
    d.args[0] = rst_value(h->me, seq);
    uint64_t c0 = hal_get_cycles();
    rpc_send(c, &d);
    uint64_t dt = hal_get_cycles() - c0;
    if (measure) {
        int k = c != local_cxy;
        h->trips[k]++;
        h->cycles[k] += dt;
        if (h->min[k] == 0 || dt < h->min[k])
            h->min[k] = dt;
    }
    return d.args[1] == rst_value(h->me, seq) + 1 && d.args[2] == c && d.done;
}

static void *rst_client(void *arg)
{
    rst_hart_t *h = arg;
    uint32_t seq = 1000;

    for (uint32_t r = 0; r < RST_ROUNDS; r++)
        for (cxy_t c = 0; c < h->clusters; c++)
            h->bad += !rst_echo(h, c, seq++, true);

    /* Non-blocking: one to every cluster, one counter, one wait. */
    rpc_desc_t *descs = kmem_alloc(h->clusters * sizeof(rpc_desc_t), AF_ZERO);
    if (descs == NULL) {
        h->bad++;
    } else {
        h->nb_rsp = h->clusters;
        for (cxy_t c = 0; c < h->clusters; c++) {
            descs[c].index = RPC_TEST_ECHO;
            descs[c].blocking = 0;
            descs[c].rsp_xp = XPTR(local_cxy, (void *)&h->nb_rsp);
            descs[c].args[0] = rst_value(h->me, seq + c);
            rpc_send(c, &descs[c]);
        }
        rpc_wait(&h->nb_rsp, descs, h->clusters);
        for (cxy_t c = 0; c < h->clusters; c++)
            h->bad += descs[c].args[1] != rst_value(h->me, seq + c) + 1 ||
                      descs[c].args[2] != c;
        seq += h->clusters;

        /* Multicast: every cluster answers, the counter reaches zero. */
        if (h->multicast) {
            rpc_desc_t tmpl;
            memset(&tmpl, 0, sizeof(tmpl));
            tmpl.index = RPC_TEST_ECHO;
            tmpl.args[0] = rst_value(h->me, 77777);
            memset(descs, 0, h->clusters * sizeof(rpc_desc_t));
            rpc_multicast(&tmpl, descs);
            for (cxy_t c = 0; c < h->clusters; c++)
                h->bad += descs[c].args[1] != tmpl.args[0] + 1 || descs[c].args[2] != c ||
                          !descs[c].done;
        }
        kmem_free(descs);
    }

    /* Fire and forget, to the next cluster. */
    uint64_t a = rst_value(h->me, 99999);
    h->bad += rpc_post((h->me / CONFIG_MAX_LOCAL_CORES + 1) % h->clusters, RPC_TEST_ECHO,
                       &a, 1) != 0;

    hal_fence();
    h->done = 1;
    return NULL;
}

/* Sum over all clusters of the sent (or served) counters. */
static uint64_t rst_total(bool served)
{
    uint64_t sum = 0;
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++)
        sum += served ? rpc_served(c) : rpc_sent(c);
    return sum;
}

uint32_t selftest_rpc(uint32_t harts, uint32_t me)
{
    core_t *core = core_self();
    uint32_t clusters = LOCAL_CLUSTER->clusters_nr;
    rst_hart_t *h = &rst_hart[core->lid];
    memset(h, 0, sizeof(*h));
    h->me = me;
    h->clusters = clusters;
    h->multicast = core->lid == 0;
    bool leader = local_cxy == 0 && core->lid == 0;

    reg_t irq;
    hal_enable_irq(&irq);              /* doorbells and wake-ups */
    rst_sync(harts);
    uint64_t sent0 = rst_total(false), served0 = rst_total(true);
    rst_sync(harts);

    /* The idle thread: blocking RPCs by polling. */
    for (uint32_t r = 0; r < RST_IDLE_ROUNDS; r++)
        for (cxy_t c = 0; c < clusters; c++)
            h->bad += !rst_echo(h, c, r * clusters + c, false);

    /* A kernel thread on this core: blocking RPCs that deschedule it. */
    thread_t *client = thread_kernel_create(rst_client, h, "rpctest", core->lid);
    if (client == NULL) {
        h->bad++;
    } else {
        /* No verdict on time: a slow host only slows the run.  A lost
         * RPC hangs it, and the harness's own timeout reports that; the
         * notices say which hart waits for what meanwhile. */
        uint64_t t0 = hal_get_time();
        uint64_t every = LOCAL_CLUSTER->timebase_freq * RST_NOTICE_S;
        while (!h->done) {
            rst_idle_wait(h->done || client->blocked == 0);
            if (!h->done && hal_get_time() - t0 >= every) {
                printk("selftest: hart %u: RPC client thread still running after %us\n",
                       core->gid, RST_NOTICE_S);
                t0 = hal_get_time();
            }
        }
    }
    rst_sync(harts);

    /* Everything answered but the detached posts, which may still run:
     * wait until every cluster served what was sent. */
    uint64_t expect = (uint64_t)harts * (clusters * (RST_ROUNDS + RST_IDLE_ROUNDS + 1) + 1) +
                      (uint64_t)clusters * clusters;
    uint64_t t0 = hal_get_time();
    while (rst_total(true) - served0 < expect) {
        sched_yield();
        hal_cpu_relax();
        if (hal_get_time() - t0 >= LOCAL_CLUSTER->timebase_freq * RST_NOTICE_S) {
            printk("selftest: hart %u: %lu of %lu RPCs served so far\n", core->gid,
                   (unsigned long)(rst_total(true) - served0), (unsigned long)expect);
            t0 = hal_get_time();
        }
    }
    rst_sync(harts);
    uint64_t sent = rst_total(false) - sent0, served = rst_total(true) - served0;
    if (sent != expect || served != expect) {
        printk("selftest: hart %u: RPCs sent %lu, served %lu, expected %lu\n", core->gid,
               (unsigned long)sent, (unsigned long)served, (unsigned long)expect);
        h->bad++;
    }
    h->bad += h->nb_rsp != 0;          /* no late duplicate answer */

    uint64_t n0 = h->trips[0] ? h->trips[0] : 1, n1 = h->trips[1] ? h->trips[1] : 1;
    printk("selftest: hart %u: blocking RPC round trip mean %lu cycles (min %lu) own cluster, "
           "%lu cycles (min %lu) other clusters; %lu trips\n", core->gid,
           (unsigned long)(h->cycles[0] / n0), (unsigned long)h->min[0],
           (unsigned long)(h->cycles[1] / n1), (unsigned long)h->min[1],
           (unsigned long)(h->trips[0] + h->trips[1]));
    rst_sync(harts);

    if (leader) {
        printk("selftest: RPC_SCHED_DISPLAY of cluster %u:\n", clusters - 1);
        rpc_call((cxy_t)(clusters - 1), RPC_SCHED_DISPLAY, NULL, 0, NULL);
        printk("selftest: RPCs sent per cluster:");
        for (cxy_t c = 0; c < clusters; c++)
            printk(" %lu", (unsigned long)rpc_sent(c));
        printk("; served:");
        for (cxy_t c = 0; c < clusters; c++)
            printk(" %lu", (unsigned long)rpc_served(c));
        printk("\n");
    }
    rst_sync(harts);
    hal_restore_irq(irq);
    return h->bad;
}
