/*
 * panic.c - the kernel's last words (see panic.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <stdarg.h>
#include "panic.h"
#include "cluster.h"
#include "printk.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "hal_irq.h"
#include "hal_machine.h"

static xptr_t panic_owner_xp(void)
{
    return XPTR(0, &LOCAL_CLUSTER->panic_owner);
}

bool panic_enter(void)
{
    reg_t irq;
    hal_disable_irq(&irq);
    return hal_remote_atomic_cas(panic_owner_xp(), 0, hal_get_gid() + 1);
}

bool panic_owned(void)
{
    return hal_remote_l32(panic_owner_xp()) == hal_get_gid() + 1;
}

void panic_finish(void)
{
    printk("*** stopping every core; powering off with failure\n");
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++) {
        uint32_t n = hal_remote_l32(XPTR(c, &LOCAL_CLUSTER->cores_nr));
        for (lid_t l = 0; l < n; l++)
            if (hal_core_gid(c, l) != hal_get_gid())
                hal_ipi_send(c, l, IPI_HALT);
    }
    hal_poweroff(1);
}

void panic(const char *fmt, ...)
{
    if (!panic_enter())
        hal_core_halt();
    char buf[CONFIG_PRINTK_BUF_SIZE];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printk("\n*** KERNEL PANIC in cluster %u core %u (hart %u): %s\n", local_cxy,
           core_self()->lid, hal_get_gid(), buf);
    hal_backtrace();
    panic_finish();
}
