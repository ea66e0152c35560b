/*
 * monitor.c - the kernel console monitor (see monitor.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "monitor.h"
#include "cluster.h"
#include "console.h"
#include "printk.h"
#include "string.h"
#include "hal_remote.h"
#include "hal_machine.h"
#include "panic.h"

#define LINE_MAX 64

static char     line[LINE_MAX];
static uint32_t line_len;

/* Per cluster: memory and free pages; per core: timer ticks and IPIs, all
 * read through the remote window. */
static void monitor_stat(void)
{
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++) {
        uint64_t size = hal_remote_l64(XPTR(c, &LOCAL_CLUSTER->mem_size));
        uint32_t cores = hal_remote_l32(XPTR(c, &LOCAL_CLUSTER->cores_nr));
        printk("cluster %u: %lu MiB, %u free pages, %u cores\n", c,
               (unsigned long)(size >> 20), ppm_remote_free_pages_nr(c), cores);
        for (lid_t l = 0; l < cores; l++) {
            xptr_t core = XPTR(c, &LOCAL_CLUSTER->core_tbl[l]);
            printk("  core %u (hart %u): %lu ticks, %lu IPIs\n", l,
                   hal_remote_l32(core + offsetof(core_t, gid)),
                   (unsigned long)hal_remote_l64(core + offsetof(core_t, ticks)),
                   (unsigned long)hal_remote_l64(core + offsetof(core_t, ipis)));
        }
    }
}

static void monitor_run(const char *cmd)
{
    if (cmd[0] == '\0')
        return;
    if (strcmp(cmd, "help") == 0)
        printk("commands: help, stat (memory, ticks, IPIs per cluster and core), "
               "halt (power off), panic (test the panic path: message, backtrace, "
               "every core stopped, power off with failure)\n");
    else if (strcmp(cmd, "stat") == 0)
        monitor_stat();
    else if (strcmp(cmd, "halt") == 0) {
        printk("almos-rv: halting\n");
        hal_poweroff(0);
    } else if (strcmp(cmd, "panic") == 0) {
        panic("requested from the kernel monitor");
    } else
        printk("unknown command \"%s\"; try help\n", cmd);
}

void monitor_poll(void)
{
    int c;
    while ((c = console_rx_get()) >= 0) {
        char echo = (char)(c == '\r' ? '\n' : c);
        console_write(&echo, 1);
        if (c == '\r' || c == '\n') {
            line[line_len] = '\0';
            line_len = 0;
            monitor_run(line);
            printk("almos-rv> ");
        } else if ((c == 0x7f || c == '\b') && line_len > 0) {
            line_len--;
        } else if (line_len < LINE_MAX - 1 && c >= ' ') {
            line[line_len++] = (char)c;
        }
    }
}
