/*
 * test_env.c - common set-up of the host unit tests (see test_env.h).
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include <pthread.h>
#include "test_env.h"
#include "cluster.h"
#include "ppm.h"
#include "kmem.h"
#include "string.h"
#include "printk.h"
#include "hal_special.h"

char    test_console_buf[16384];
size_t  test_console_len;
jmp_buf *test_panic_jmp;
char    test_panic_msg[512];

static pthread_t test_main_thread;

__attribute__((constructor)) static void test_env_ctor(void)
{
    test_main_thread = pthread_self();
}

void test_console_reset(void)
{
    test_console_len = 0;
    test_console_buf[0] = 0;
}

/* The console of the host tests: a buffer. */
void console_write(const char *buf, size_t len)
{
    static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;

    pthread_mutex_lock(&mutex);
    for (size_t i = 0; i < len && test_console_len + 1 < sizeof(test_console_buf); i++)
        test_console_buf[test_console_len++] = buf[i];
    test_console_buf[test_console_len] = 0;
    pthread_mutex_unlock(&mutex);
}

void host_print_error(const char *msg);

void panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(test_panic_msg, sizeof(test_panic_msg), fmt, ap);
    va_end(ap);
    hal_restore_irq(0);
    if (test_panic_jmp)
        longjmp(*test_panic_jmp, 1);
    host_print_error(test_panic_msg);
    if (pthread_equal(pthread_self(), test_main_thread))
        fail_msg("unexpected panic: %s", test_panic_msg);
    __builtin_trap();
}

uint32_t test_boot_clusters(uint32_t clusters_nr)
{
    paddr_t bases[CONFIG_MAX_CLUSTERS];
    uint64_t sizes[CONFIG_MAX_CLUSTERS];
    uint32_t pages_nr = TEST_SLICE_SIZE >> CONFIG_PPM_PAGE_SHIFT;
    uint32_t first_free = (uint32_t)((TEST_TBL_OFFSET + pages_nr * sizeof(page_t) +
                                      CONFIG_PPM_PAGE_MASK) >> CONFIG_PPM_PAGE_SHIFT);

    /* the manager must fit below the descriptor table */
    assert_true(HAL_HOST_CLUSTER_OFFSET + sizeof(cluster_t) <= TEST_TBL_OFFSET);
    hal_host_init(clusters_nr, TEST_SLICE_SIZE);
    hal_restore_irq(0);
    for (cxy_t c = 0; c < clusters_nr; c++) {
        bases[c] = TEST_PHYS_BASE(c);
        sizes[c] = TEST_SLICE_SIZE;
    }
    for (cxy_t c = 0; c < clusters_nr; c++) {
        hal_host_set_cluster(c);
        ppm_init((page_t *)(LOCAL_BASE + TEST_TBL_OFFSET), pages_nr, bases[c]);
        ppm_set_layout(clusters_nr, bases, sizes);
        ppm_free_range(first_free, pages_nr - first_free);
        kmem_init();
    }
    hal_host_set_cluster(0);
    return first_free;
}

struct test_thread {
    pthread_t tid;
    cxy_t     cxy;
    gid_t     gid;
    void   *(*fn)(void *);
    void     *arg;
};

static void *test_thread_start(void *p)
{
    struct test_thread *t = p;

    hal_host_set_cluster(t->cxy);
    hal_host_set_gid(t->gid);
    return t->fn(t->arg);
}

void test_run_threads(uint32_t n, const cxy_t *cxys, void *(*fn)(void *),
                      void **args)
{
    struct test_thread th[64];

    assert_true(n <= 64);
    for (uint32_t i = 0; i < n; i++) {
        th[i] = (struct test_thread){ .cxy = cxys[i], .gid = i, .fn = fn,
                                      .arg = args ? args[i] : NULL };
        assert_int_equal(pthread_create(&th[i].tid, NULL, test_thread_start, &th[i]), 0);
    }
    for (uint32_t i = 0; i < n; i++)
        pthread_join(th[i].tid, NULL);
}

/* The host has no RPC servers: a call does the server's work at once, as
 * the target cluster, on a descriptor in the caller's cluster as on the
 * machine.  RPC_VMM_GET_VSEG, RPC_VMM_MMAP, _MUNMAP, _MPROTECT (kernel/mm) and
 * RPC_VFS_CALL (kernel/fs, when the suite links it) are known; any other
 * index fails the test. */
#include "rpc.h"
#include "vmm.h"
#include "hal_remote.h"

void rpc_vfs_call_server(xptr_t desc_xp) __attribute__((weak));
void rpc_vmm_mmap_server(xptr_t desc_xp) __attribute__((weak));
void rpc_vmm_munmap_server(xptr_t desc_xp) __attribute__((weak));
void rpc_vmm_mprotect_server(xptr_t desc_xp) __attribute__((weak));

uint64_t rpc_arg(xptr_t desc_xp, uint32_t i)
{
    return hal_remote_l64(desc_xp + offsetof(rpc_desc_t, args) + i * sizeof(uint64_t));
}

void rpc_set_arg(xptr_t desc_xp, uint32_t i, uint64_t value)
{
    hal_remote_s64(desc_xp + offsetof(rpc_desc_t, args) + i * sizeof(uint64_t), value);
}

unsigned long test_rpc_calls[RPC_INDEX_NR];

void rpc_call(cxy_t cxy, rpc_index_t index, const uint64_t *args, uint32_t nargs,
              uint64_t *out)
{
    cxy_t saved = local_cxy;
    assert_true(index < RPC_INDEX_NR);
    __atomic_add_fetch(&test_rpc_calls[index], 1, __ATOMIC_SEQ_CST);
    if (index == RPC_VMM_GET_VSEG) {
        hal_host_set_cluster(cxy);
        xptr_t vseg = XPTR_NULL;
        error_t err = vmm_ref_get_vseg(args[0], (intptr_t)args[1], &vseg);
        hal_host_set_cluster(saved);
        if (out) {
            out[2] = (uint64_t)(int64_t)err;
            out[3] = vseg;
        }
        return;
    }
    rpc_handler_t *handler = index == RPC_VMM_MMAP ? rpc_vmm_mmap_server :
                             index == RPC_VMM_MUNMAP ? rpc_vmm_munmap_server :
                             index == RPC_VMM_MPROTECT ? rpc_vmm_mprotect_server :
                             index == RPC_VFS_CALL ? rpc_vfs_call_server : NULL;
    assert_non_null(handler);
    assert_true(nargs <= RPC_ARGS_NR);
    rpc_desc_t *desc = kmem_alloc(sizeof(*desc), AF_ZERO);
    assert_non_null(desc);
    desc->index = index;
    memcpy(desc->args, args, nargs * sizeof(uint64_t));
    xptr_t desc_xp = XPTR(saved, desc);
    hal_host_set_cluster(cxy);
    handler(desc_xp);
    hal_host_set_cluster(saved);
    if (out)
        memcpy(out, desc->args, sizeof(desc->args));
    kmem_free(desc);
}
