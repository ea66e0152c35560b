/*
 * core.c - core descriptors, and what a core does when interrupted by the
 * timer or asked something by another core.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "core.h"
#include "cluster.h"
#include "hal_special.h"
#include "hal_remote.h"
#include "hal_irq.h"
#include "hal_machine.h"
#include "scheduler.h"
#include "busylock.h"
#include "rpc.h"

/* The calling core's lid, from its hart id (a few harts per cluster). */
core_t *core_self(void)
{
    /* the HAL keeps the core's index: no search by hart id */
    return &LOCAL_CLUSTER->core_tbl[hal_get_lid()];
}

void core_init(lid_t lid, gid_t gid)
{
    core_t *core = &LOCAL_CLUSTER->core_tbl[lid];
    core->lid = lid;
    core->gid = gid;
    core->ticks = 0;
    core->ipis = 0;
    core->ping_from = XPTR_NULL;
    core->pongs = 0;
    busylock_init(&core->sched.lock);
    list_root_init(&core->sched.root);
}

void core_timer_tick(void)
{
    core_self()->ticks++;
    sched_tick();
}

void core_ipi_handler(uint32_t what)
{
    core_t *core = core_self();
    core->ipis++;
    if (what & IPI_HALT)
        hal_core_halt();
    if (what & IPI_WAKEUP)
        core->sched.req_resched = 1;
    if (what & IPI_RPC)
        rpc_check();
    if (what & IPI_PING) {
        /* Answer the pinging core: an IPI back, as a round trip. */
        xptr_t from = core->ping_from;
        cxy_t cxy = GET_CXY(from);
        lid_t lid = hal_remote_l32(from + offsetof(core_t, lid));
        hal_ipi_send(cxy, lid, IPI_PONG);
    }
    if (what & IPI_PONG)
        core->pongs++;
}
