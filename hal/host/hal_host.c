/*
 * hal_host.c - the simulated clusters' memory and the per-thread state.
 *
 * The window is reserved once with PROT_NONE / MAP_NORESERVE (64 GiB of
 * address space, no memory), aligned on CLUSTER_SPAN so that extended
 * pointers are plain offsets from it; each slice is then mapped read-write
 * in place.  Touching memory outside a slice faults, as it should.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include "hal_host.h"
#include "kernel_config.h"

uintptr_t hal_host_window;
__thread cxy_t local_cxy;

static uint32_t host_clusters_nr;
static size_t   host_slice_size;

static void host_die(const char *what)
{
    perror(what);
    abort();
}

/* Reserves the window of all clusters, once. */
static void host_reserve_window(void)
{
    size_t len = (CONFIG_MAX_CLUSTERS + 1) * CLUSTER_SPAN;
    void *p = mmap(NULL, len, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        host_die("hal_host: reserving the cluster window");
    hal_host_window = ((uintptr_t)p + CLUSTER_SPAN - 1) & ~CLUSTER_OFFSET_MASK;
}

void hal_host_init(uint32_t clusters_nr, size_t slice_size)
{
    if (clusters_nr == 0 || clusters_nr > CONFIG_MAX_CLUSTERS ||
        slice_size == 0 || slice_size > CLUSTER_SPAN ||
        (slice_size & CONFIG_PPM_PAGE_MASK)) {
        fprintf(stderr, "hal_host_init: bad geometry %u x %zu\n",
                clusters_nr, slice_size);
        abort();
    }
    if (hal_host_window == 0)
        host_reserve_window();

    /* drop the slices of a previous run: they become PROT_NONE again */
    for (uint32_t c = 0; c < host_clusters_nr; c++) {
        void *slice = (void *)(hal_host_window + ((uintptr_t)c << CLUSTER_SPAN_SHIFT));
        if (mmap(slice, host_slice_size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS |
                 MAP_NORESERVE | MAP_FIXED, -1, 0) == MAP_FAILED)
            host_die("hal_host: releasing a slice");
    }
    for (uint32_t c = 0; c < clusters_nr; c++) {
        void *slice = (void *)(hal_host_window + ((uintptr_t)c << CLUSTER_SPAN_SHIFT));
        if (mmap(slice, slice_size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED)
            host_die("hal_host: mapping a slice");
    }
    host_clusters_nr = clusters_nr;
    host_slice_size = slice_size;
    hal_host_set_cluster(0);
}

void hal_host_set_cluster(cxy_t cxy)
{
    local_cxy = cxy;
}
