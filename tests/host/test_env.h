/*
 * test_env.h - common set-up of the host unit tests.
 *
 * Boots simulated clusters the way kernel_init will (ppm over the slice,
 * layout, kmem), stubs the console and panic, and runs host threads as
 * cores of given clusters.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#ifndef TEST_ENV_H
#define TEST_ENV_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "hal_kernel_types.h"
#include "hal_host.h"

/* Default geometry: 4 clusters of 8 MiB. */
#define TEST_CLUSTERS     4
#define TEST_SLICE_SIZE   (8UL << 20)
/* Descriptor table offset in each slice (after the cluster manager). */
#define TEST_TBL_OFFSET   0x10000UL
/* Fake physical base of cluster c's slice. */
#define TEST_PHYS_BASE(c) (0x80000000UL + (uint64_t)(c) * TEST_SLICE_SIZE)

/* Fresh memory; in each cluster: ppm with every page after the descriptor
 * table free, layout, kmem.  The caller is left in cluster 0.  Returns the
 * first free page index (the same in every cluster). */
uint32_t test_boot_clusters(uint32_t clusters_nr);

/* Everything written to the console since the last reset. */
extern char   test_console_buf[16384];
extern size_t test_console_len;
void test_console_reset(void);

/* When set, panic() records its message and longjmps there; when not,
 * the running test fails (main thread) or the process aborts. */
extern jmp_buf *test_panic_jmp;
extern char     test_panic_msg[512];

/* Runs <stmt> and fails the test unless it panics. */
#define EXPECT_PANIC(stmt) do {                                   \
        jmp_buf jb_;                                              \
        test_panic_msg[0] = 0;                                    \
        test_panic_jmp = &jb_;                                    \
        if (setjmp(jb_) == 0) {                                   \
            stmt;                                                 \
            test_panic_jmp = NULL;                                \
            fail_msg("no panic from: %s", #stmt);                 \
        }                                                         \
        test_panic_jmp = NULL;                                    \
    } while (0)

/* Runs fn(arg_i) on <n> host threads, thread i as a core of cluster
 * cxys[i] (hart id i); waits for them all. */
void test_run_threads(uint32_t n, const cxy_t *cxys, void *(*fn)(void *),
                      void **args);

/* libc's snprintf, for comparisons (this header renames snprintf). */
int host_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* RPCs made through the host's rpc_call(), per index (rpc.h). */
extern unsigned long test_rpc_calls[];

#endif
