/*
 * place.h - where new processes and threads go.
 *
 * A flat stand-in for ALMOS-MKH's DQDT: the load of a cluster is the
 * number of threads attached to its cores' schedulers, per core, read
 * through the remote window when needed (no tree, no cached summary: the
 * machines have at most a few clusters).  fork() puts the child in the
 * cluster named by place_fork() if the thread called it, else in the least
 * loaded cluster (the local one on ties); bootarg "place=local" keeps every
 * fork in the parent's cluster.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef PLACE_H
#define PLACE_H

#include "hal_kernel_types.h"
#include "boot_info.h"

struct thread_s;

/* Reads the placement bootargs (each cluster, at boot). */
void place_init(const boot_info_t *bi);

/* Threads attached to the cores of cluster <cxy>, times 1000, per core. */
uint32_t place_cluster_load(cxy_t cxy);

/* The least loaded cluster; the local one on ties. */
cxy_t place_least_loaded(void);

/* Where the next fork() of <t> makes its child (and forgets a pending
 * place_fork()). */
cxy_t place_fork_target(struct thread_s *t);

/* place_fork(): the next fork() of <t> goes to cluster <cxy>; 0 or
 * -EINVAL for a cluster the machine does not have. */
error_t place_fork_set(struct thread_s *t, cxy_t cxy);

#endif
