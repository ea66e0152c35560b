/*
 * place.c - where new processes and threads go (see place.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "place.h"
#include "cluster.h"
#include "thread.h"
#include "hal_remote.h"
#include "errno.h"

static bool place_local_only;      /* bootarg place=local */

void place_init(const boot_info_t *bi)
{
    char arg[16];
    place_local_only = boot_info_arg(bi, "place", arg, sizeof(arg)) == 0 &&
                       arg[0] == 'l';
}

uint32_t place_cluster_load(cxy_t cxy)
{
    xptr_t cl = XPTR(cxy, LOCAL_CLUSTER);
    uint32_t cores = hal_remote_l32(cl + offsetof(cluster_t, cores_nr));
    uint32_t threads = 0;
    for (uint32_t l = 0; l < cores; l++)
        threads += hal_remote_l32(cl + offsetof(cluster_t, core_tbl) + l * sizeof(core_t) +
                                  offsetof(core_t, sched) + offsetof(scheduler_t, threads_nr));
    return cores ? threads * 1000 / cores : UINT32_MAX;
}

cxy_t place_least_loaded(void)
{
    cxy_t best = local_cxy;
    uint32_t best_load = place_cluster_load(local_cxy);
    for (cxy_t c = 0; c < LOCAL_CLUSTER->clusters_nr; c++) {
        uint32_t load = c == local_cxy ? best_load : place_cluster_load(c);
        if (load < best_load) {
            best = c;
            best_load = load;
        }
    }
    return best;
}

cxy_t place_fork_target(thread_t *t)
{
    if (t->fork_place) {
        cxy_t c = t->fork_place - 1;
        t->fork_place = 0;
        return c;
    }
    return place_local_only ? local_cxy : place_least_loaded();
}

error_t place_fork_set(thread_t *t, cxy_t cxy)
{
    if (cxy >= LOCAL_CLUSTER->clusters_nr)
        return -EINVAL;
    t->fork_place = cxy + 1;
    return 0;
}
