/*
 * core.h - core descriptors and the requests cores send each other.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef CORE_H
#define CORE_H

#include "hal_kernel_types.h"
#include "scheduler.h"

/* Requests carried by an IPI (hal_ipi_send); a set of these bits. */
#define IPI_WAKEUP   (1u << 0)    /* something to schedule */
#define IPI_RPC      (1u << 1)    /* RPC FIFO not empty */
#define IPI_TLB      (1u << 2)    /* drop stale translations */
#define IPI_HALT     (1u << 3)    /* stop for good (panic, poweroff) */
#define IPI_PING     (1u << 4)    /* answer with IPI_PONG to ping_from */
#define IPI_PONG     (1u << 5)    /* answer to an IPI_PING */

typedef struct core_s {
    lid_t    lid;
    gid_t    gid;
    uint64_t ticks;                 /* timer ticks taken */
    uint64_t ipis;                  /* IPIs handled */
    xptr_t   ping_from;             /* core_t of the pinging core */
    volatile uint32_t pongs;        /* IPI_PONG answers received */
    uint32_t pad;
    scheduler_t sched;
} core_t;

/* Initialises core <lid>'s descriptor in the local cluster. */
void core_init(lid_t lid, gid_t gid);
/* The calling core's descriptor. */
core_t *core_self(void);

#endif
