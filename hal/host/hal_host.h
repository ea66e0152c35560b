/*
 * hal_host.h - set-up of the host HAL used by the unit tests.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef HAL_HOST_H
#define HAL_HOST_H

#include "hal_kernel_types.h"

/* (Re)creates <clusters_nr> simulated clusters, each with a zero-filled
 * read-write slice of <slice_size> bytes, and makes the calling thread a core
 * of cluster 0.  May be called again to start from fresh memory. */
void hal_host_init(uint32_t clusters_nr, size_t slice_size);

/* Makes the calling thread a core of cluster <cxy>. */
void hal_host_set_cluster(cxy_t cxy);

/* Sets the hart identifier hal_get_gid() returns in the calling thread. */
void hal_host_set_gid(gid_t gid);

/* True while the calling thread has "interrupts" masked. */
bool hal_host_irq_masked(void);

#endif
