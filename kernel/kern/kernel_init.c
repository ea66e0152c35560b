/*
 * kernel_init.c - every core's way from the boot code to running.
 *
 * Each cluster's core 0 initialises its cluster (manager, page allocator,
 * object allocators); every core then sets up its interrupts.  Boot
 * barriers between the steps count arrivals in cluster 0 through the
 * remote window; their counters start at zero, so no core waits for an
 * initialisation.  Cluster 0's core 0 prints what was found.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "cluster.h"
#include "place.h"
#include "boot_info.h"
#include "console.h"
#include "printk.h"
#include "string.h"
#include "selftest.h"
#include "monitor.h"
#include "vfs.h"
#include "thread.h"
#include "scheduler.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "hal_irq.h"
#include "hal_machine.h"
#include "hal_context.h"

void cluster_init(const boot_info_t *bi);

static bool monitor_on;              /* cluster 0: the console belongs to the monitor */
static bool scripted_run;            /* bootarg "scripted": nobody at the console */

/* The console goes to the kernel monitor because user space could not
 * start.  A scripted run (make run CMD=... sets the bootarg) has nobody to
 * type at the monitor: waiting would never end, so it powers off failing. */
void kernel_monitor_enable(void)
{
    if (scripted_run) {
        printk("almos-rv: scripted run and no user space: powering off (status 1)\n");
        hal_poweroff(1);
    }
    monitor_on = true;
    printk("almos-rv: kernel monitor ready; type help\nalmos-rv> ");
}

void kernel_idle_hook(void)
{
    if (monitor_on && local_cxy == 0 && core_self()->lid == 0)
        monitor_poll();
}

/* Cluster 0: the root file system from the initrd, then init; without
 * them the console goes to the kernel monitor. */
static void start_user_space(const boot_info_t *bi)
{
    error_t err = vfs_init();
    if (err) {
        printk("almos-rv: vfs_init failed (%d)\n", err);
        return;
    }
    if (bi->initrd.size == 0) {
        printk("almos-rv: no initrd: no user space\n");
        return;
    }
    int c = boot_info_find_cluster(bi, bi->initrd.base);
    if (c < 0) {
        printk("almos-rv: initrd at 0x%lx is outside memory\n", (unsigned long)bi->initrd.base);
        return;
    }
    xptr_t xp = XPTR((cxy_t)c, LOCAL_BASE + (bi->initrd.base - bi->cluster[c].mem_base));
    const void *data = hal_remote_map(xp, bi->initrd.size);
    err = vfs_load_initrd(data, bi->initrd.size);
    printk("almos-rv: initrd of %lu KiB %s\n", (unsigned long)(bi->initrd.size >> 10),
           err ? "loaded with errors" : "loaded");
    if (process_init_create() == 0)
        monitor_on = false;              /* init owns the console now */
}

/* Waits until every hart of the machine has reached boot barrier <phase>. */
static void boot_barrier(uint32_t phase, uint32_t harts_nr)
{
    xptr_t count = XPTR(0, &LOCAL_CLUSTER->boot_phase[phase]);
    hal_remote_atomic_add(count, 1);
    for (uint32_t spins = 1; hal_remote_l32(count) < harts_nr; spins++) {
        if (phase == 0 && spins % (1u << 20) == 0)
            hal_boot_restart_lost_harts();      /* one may never come */
        hal_cpu_relax();
    }
}

static uint32_t tick_us(const boot_info_t *bi)
{
    char arg[16];
    unsigned long ms = CONFIG_TICK_DEFAULT_MS;
    if (boot_info_arg(bi, "tick", arg, sizeof(arg)) == 0 &&
        (kstrtoul(arg, NULL, 10, &ms) != 0 || ms == 0 || ms > 10000)) {
        printk("bootargs: tick=%s is not a period in ms (1..10000); using %u\n", arg,
               CONFIG_TICK_DEFAULT_MS);
        ms = CONFIG_TICK_DEFAULT_MS;
    }
    return (uint32_t)ms * 1000;
}

static void boot_report(const boot_info_t *bi)
{
    char fw[64];
    hal_firmware_describe(fw, sizeof(fw));
    printk("almos-rv: firmware %s, timebase %lu Hz, bootargs \"%s\"\n", fw,
           (unsigned long)bi->timebase_freq, bi->bootargs);
    printk("almos-rv: %u clusters (%s), %u harts, boot hart %u in cluster %u\n",
           bi->clusters_nr, bi->numa ? "NUMA nodes" : "split by clusters=",
           bi->harts_nr, bi->boot_hartid, bi->boot_cxy);
    for (cxy_t c = 0; c < bi->clusters_nr; c++) {
        const boot_cluster_t *cl = &bi->cluster[c];
        char harts[64];
        size_t n = 0;
        harts[0] = '\0';
        for (uint32_t l = 0; l < cl->harts_nr && n < sizeof(harts); l++)
            n += (size_t)snprintf(harts + n, sizeof(harts) - n, "%s%u", l ? "," : "",
                                  cl->hartid[l]);
        printk("  cluster %u: harts %s, memory [0x%lx, 0x%lx) %lu MiB, kernel copy at 0x%lx, "
               "%u free pages\n", c, harts, (unsigned long)cl->mem_base,
               (unsigned long)(cl->mem_base + cl->mem_size),
               (unsigned long)(cl->mem_size >> 20), (unsigned long)cl->kernel_base,
               ppm_remote_free_pages_nr(c));
    }
    printk("  console ns16550a at 0x%lx irq %u; %s; finisher %s\n",
           (unsigned long)bi->uart.base, bi->uart_irq,
           bi->irqchips_nr == 0 ? "no interrupt controller" :
           bi->irqchip[0].type == IRQCHIP_PLIC ? "PLIC" : "APLIC",
           bi->finisher.size ? "present" : "absent (poweroff through SBI)");
    char irq[96];
    hal_irq_describe(irq, sizeof(irq));
    printk("  %s\n", irq);
    if (bi->initrd.size)
        printk("  initrd [0x%lx, 0x%lx)\n", (unsigned long)bi->initrd.base,
               (unsigned long)(bi->initrd.base + bi->initrd.size));
}

void kernel_init(const boot_info_t *bi, lid_t lid)
{
    uint32_t harts = bi->harts_nr;

    if (lid == 0) {
        hal_console_init();
        cluster_init(bi);
        place_init(bi);
    }
    boot_barrier(0, harts);

    /* This core's idle thread: the boot stack it runs on. */
    size_t stack_size;
    void *stack = hal_boot_stack(lid, &stack_size);
    thread_t *idle = thread_idle_init(lid, stack, stack_size);
    core_self()->sched.idle = idle;
    core_self()->sched.current = idle;
    hal_context_enter(idle);

    hal_core_irq_init(lid, tick_us(bi));
    if (lid == 0)
        hal_console_irq_enable();
    boot_barrier(1, harts);

    if (local_cxy == 0 && lid == 0) {
        boot_report(bi);
        printk("almos-rv: all %u harts of %u clusters are up\n", harts, bi->clusters_nr);
    }
    boot_barrier(2, harts);

    char arg[4];
    if (boot_info_arg(bi, "selftest", arg, sizeof(arg)) == 0)
        selftest_run(harts);     /* powers off */

    if (local_cxy == 0 && lid == 0) {
        scripted_run = boot_info_arg(bi, "scripted", arg, sizeof(arg)) == 0;
        monitor_on = true;
        start_user_space(bi);
        /* The core taking console interrupts (cluster 0, core 0, where the
         * UART's interrupt controller is) runs the monitor. */
        if (monitor_on)
            kernel_monitor_enable();
    }
    sched_idle_loop();
}
