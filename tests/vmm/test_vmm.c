/*
 * test_vmm.c - host tests of the Sv39 GPT and of the VMM: vsegs, the MMAP
 * and STACK allocators, page faults, copy-on-write fork, munmap cuts, and
 * page accounting (every page comes back).
 *
 * Processes are fake process_t descriptors in simulated cluster memory,
 * registered in their owner's pmgr copies list; the calling host thread
 * plays a core of cluster 0 and a thread of the process under test.
 *
 * Copyright (c) 2026 the almos-rv authors.  GPL-2.0.
 */
#include "test_env.h"
#include "hal_kernel_types.h"
#include "hal_remote.h"
#include "hal_special.h"
#include "hal_gpt.h"
#include "sv39.h"
#include "cluster.h"
#include "ppm.h"
#include "page.h"
#include "kmem.h"
#include "process.h"
#include "thread.h"
#include "vseg.h"
#include "vmm.h"
#include "string.h"
#include <errno.h>

#define PG CONFIG_PPM_PAGE_SIZE
#define NCL 4

static thread_t fake_thread;
static uint32_t free_at_start[NCL];

static uint32_t total_free(void)
{
    uint32_t n = 0;
    for (cxy_t c = 0; c < NCL; c++)
        n += ppm_remote_free_pages_nr(c);
    return n;
}

static void pmgr_setup(void)
{
    for (cxy_t c = 0; c < NCL; c++) {
        hal_host_set_cluster(c);
        pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
        xlist_root_init(XPTR(c, &pm->local_root));
        remote_busylock_init(XPTR(c, &pm->local_lock));
        for (int i = 0; i < CONFIG_MAX_PROCESS_PER_CLUSTER; i++) {
            xlist_root_init(XPTR(c, &pm->copies_root[i]));
            remote_busylock_init(XPTR(c, &pm->copies_lock[i]));
        }
    }
    hal_host_set_cluster(0);
}

static int setup(void **state)
{
    (void)state;
    test_boot_clusters(NCL);
    pmgr_setup();
    /* the object allocators keep their first block: take it before counting */
    for (cxy_t c = 0; c < NCL; c++) {
        kmem_remote_free(kmem_remote_alloc(c, sizeof(vseg_t), 0));
        kmem_remote_free(kmem_remote_alloc(c, sizeof(gpt_t), 0));
    }
    for (cxy_t c = 0; c < NCL; c++)
        free_at_start[c] = ppm_remote_free_pages_nr(c);
    memset(&fake_thread, 0, sizeof(fake_thread));
    hal_set_current(&fake_thread);
    return 0;
}

/* A zeroed process descriptor in the local cluster, registered as lpid. */
static process_t *proc_alloc(uint32_t lpid)
{
    uint32_t order = 0;
    while ((PG << order) < sizeof(process_t))
        order++;
    xptr_t pg = ppm_remote_alloc_pages(local_cxy, order);
    assert_true(pg != XPTR_NULL);
    process_t *p = GET_PTR(ppm_page2base(pg));
    memset(p, 0, sizeof(*p));
    p->pid = PID(local_cxy, lpid);
    p->ref_xp = p->owner_xp = XPTR(local_cxy, p);
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;
    xlist_add_last(XPTR(local_cxy, &pm->copies_root[lpid]), XPTR(local_cxy, &p->copies_list));
    xlist_add_last(XPTR(local_cxy, &pm->local_root), XPTR(local_cxy, &p->local_list));
    return p;
}

static void proc_free(process_t *p)
{
    xlist_unlink(XPTR(local_cxy, &p->copies_list));
    xlist_unlink(XPTR(local_cxy, &p->local_list));
    xptr_t pg = ppm_base2page(XPTR(local_cxy, p));
    ppm_remote_free_pages(GET_CXY(pg), GET_PTR(pg));
}

static process_t *proc_new(uint32_t lpid)
{
    process_t *p = proc_alloc(lpid);
    assert_int_equal(hal_gpt_create(&p->vmm.gpt), 0);
    assert_int_equal(vmm_user_init(p), 0);
    fake_thread.process = p;
    return p;
}

static void proc_delete(process_t *p)
{
    vmm_destroy(p);
    proc_free(p);
}

static xptr_t gpt_of(process_t *p)
{
    return XPTR(local_cxy, &p->vmm.gpt);
}

static void pte(process_t *p, vpn_t vpn, uint32_t *attr, ppn_t *ppn)
{
    hal_gpt_get_pte(gpt_of(p), vpn, attr, ppn);
}

/* Byte <off> of the page mapped at <vpn>. */
static uint8_t *page_ptr(process_t *p, vpn_t vpn)
{
    uint32_t attr;
    ppn_t ppn;
    pte(p, vpn, &attr, &ppn);
    assert_true(attr & GPT_MAPPED);
    return (uint8_t *)HAL_XPTR_VADDR(ppm_ppn2base(ppn));
}

static void check_no_leak(void)
{
    for (cxy_t c = 0; c < NCL; c++) {
        assert_int_equal(ppm_remote_free_pages_nr(c), free_at_start[c]);
        assert_int_equal(ppm_remote_check(c), 0);
    }
}

/* ------------------------------------------------------------ GPT -- */

static void test_gpt_remote_cluster(void **state)
{
    (void)state;
    /* a GPT in cluster 2, driven from cluster 0 */
    xptr_t g_xp = kmem_remote_alloc(2, sizeof(gpt_t), AF_ZERO);
    assert_true(g_xp != XPTR_NULL);
    uint32_t free2 = ppm_remote_free_pages_nr(2);
    hal_host_set_cluster(2);
    assert_int_equal(hal_gpt_create(GET_PTR(g_xp)), 0);
    hal_host_set_cluster(0);
    assert_int_equal(ppm_remote_free_pages_nr(2), free2 - 1);

    uint32_t attr;
    ppn_t ppn;
    vpn_t v = 0x12345;
    assert_int_equal(hal_gpt_lock_pte(g_xp, v, &attr, &ppn), 0);
    assert_int_equal(attr, 0);
    /* two intermediate tables were allocated in cluster 2 */
    assert_int_equal(ppm_remote_free_pages_nr(2), free2 - 3);
    ppn_t target = ppm_page2ppn(ppm_remote_alloc_pages(1, 0));
    hal_gpt_set_pte(g_xp, v, GPT_MAPPED | GPT_SMALL | GPT_READABLE | GPT_WRITABLE | GPT_USER, target);
    hal_gpt_get_pte(g_xp, v, &attr, &ppn);
    assert_int_equal(ppn, target);
    assert_true(attr & GPT_MAPPED);
    assert_true(attr & GPT_WRITABLE);
    assert_true(attr & GPT_USER);
    assert_true((attr & (GPT_ACCESSED | GPT_DIRTY)) == (GPT_ACCESSED | GPT_DIRTY));
    assert_false(attr & GPT_LOCKED);

    /* lock, see the lock bit (RSW1) in the raw PTE, unlock */
    assert_int_equal(hal_gpt_lock_pte(g_xp, v, &attr, &ppn), 0);
    assert_int_equal(ppn, target);
    hal_gpt_get_pte(g_xp, v, &attr, &ppn);
    assert_true(attr & GPT_MAPPED);
    hal_gpt_unlock_pte(g_xp, v);

    /* set_cow over [v-1, v+2): only the writable mapped entry changes */
    hal_gpt_lock_pte(g_xp, v + 1, &attr, &ppn);
    hal_gpt_set_pte(g_xp, v + 1, GPT_MAPPED | GPT_READABLE | GPT_USER, target);
    hal_gpt_set_cow(g_xp, v - 1, 3);
    hal_gpt_get_pte(g_xp, v, &attr, &ppn);
    assert_true(attr & GPT_COW);
    assert_false(attr & GPT_WRITABLE);
    assert_true(attr & GPT_READABLE);
    hal_gpt_get_pte(g_xp, v + 1, &attr, &ppn);
    assert_false(attr & GPT_COW);
    hal_gpt_get_pte(g_xp, v - 1, &attr, &ppn);
    assert_int_equal(attr, 0);

    /* pte_copy into a local GPT, with and without cow */
    gpt_t *lg = kmem_alloc(sizeof(gpt_t), AF_ZERO);
    uint32_t free0 = ppm_remote_free_pages_nr(0);
    assert_int_equal(hal_gpt_create(lg), 0);
    bool mapped;
    assert_int_equal(hal_gpt_pte_copy(lg, 7, g_xp, v, true, &ppn, &mapped), 0);
    assert_true(mapped);
    assert_int_equal(ppn, target);
    assert_int_equal(hal_gpt_pte_copy(lg, 8, g_xp, v + 1, true, &ppn, &mapped), 0);
    assert_int_equal(hal_gpt_pte_copy(lg, 9, g_xp, v + 5, true, &ppn, &mapped), 0);
    assert_false(mapped);
    hal_gpt_get_pte(XPTR(0, lg), 7, &attr, &ppn);
    assert_true((attr & (GPT_COW | GPT_WRITABLE)) == GPT_COW);
    hal_gpt_get_pte(XPTR(0, lg), 8, &attr, &ppn);
    assert_true(attr & GPT_MAPPED);
    assert_false(attr & (GPT_COW | GPT_WRITABLE));
    hal_gpt_get_pte(XPTR(0, lg), 9, &attr, &ppn);
    assert_int_equal(attr, 0);

    /* update_pte keeps unmapped entries unmapped */
    hal_gpt_update_pte(g_xp, v + 7, GPT_MAPPED | GPT_READABLE, target);
    hal_gpt_get_pte(g_xp, v + 7, &attr, &ppn);
    assert_int_equal(attr, 0);
    hal_gpt_update_pte(g_xp, v, GPT_MAPPED | GPT_READABLE | GPT_WRITABLE, target);
    hal_gpt_get_pte(g_xp, v, &attr, &ppn);
    assert_true(attr & GPT_WRITABLE);
    assert_false(attr & GPT_COW);

    /* reset */
    hal_gpt_reset_pte(g_xp, v);
    hal_gpt_get_pte(g_xp, v, &attr, &ppn);
    assert_int_equal(attr, 0);
    assert_int_equal(ppn, 0);

    hal_gpt_destroy(lg);
    assert_int_equal(ppm_remote_free_pages_nr(0), free0);
    kmem_free(lg);
    hal_host_set_cluster(2);
    hal_gpt_destroy(GET_PTR(g_xp));
    hal_host_set_cluster(0);
    assert_int_equal(ppm_remote_free_pages_nr(2), free2);
    ppm_remote_free_pages(1, GET_PTR(ppm_ppn2page(target)));
    kmem_remote_free(g_xp);
    check_no_leak();
}

/* Sv39 encoding: the raw PTE of a COW user page. */
static void test_gpt_sv39_bits(void **state)
{
    (void)state;
    gpt_t *gp = kmem_alloc(sizeof(gpt_t), AF_ZERO);
    uint32_t attr;
    ppn_t ppn;
    assert_int_equal(hal_gpt_create(gp), 0);
    xptr_t g_xp = XPTR(0, gp);
    hal_gpt_lock_pte(g_xp, 0x401, &attr, &ppn);
    hal_gpt_set_pte(g_xp, 0x401, GPT_MAPPED | GPT_READABLE | GPT_USER | GPT_COW, 0x80123);
    /* walk by hand */
    uint64_t *root = gp->ptr;
    uint64_t l1 = root[0];
    assert_true((l1 & PTE_V) && !(l1 & PTE_LEAF_MASK));
    uint64_t *t1 = (uint64_t *)HAL_XPTR_VADDR(ppm_ppn2base(pte_pa(l1) >> 12));
    uint64_t *t0 = (uint64_t *)HAL_XPTR_VADDR(ppm_ppn2base(pte_pa(t1[2]) >> 12));
    uint64_t e = t0[1];
    assert_true(e & PTE_V);
    assert_true(e & PTE_R);
    assert_false(e & PTE_W);
    assert_true(e & PTE_U);
    assert_true(e & PTE_A);
    assert_true(e & PTE_D);
    assert_true(e & PTE_RSW0);      /* COW */
    assert_false(e & PTE_RSW1);     /* not locked */
    assert_int_equal(pte_pa(e) >> 12, 0x80123);
    /* lock on an unmapped PTE: V stays 0, RSW1 set */
    hal_gpt_lock_pte(g_xp, 0x402, &attr, &ppn);
    assert_int_equal(t0[2], PTE_RSW1);
    hal_gpt_unlock_pte(g_xp, 0x402);
    assert_int_equal(t0[2], 0);
    hal_gpt_destroy(gp);
    kmem_free(gp);
    check_no_leak();
}

struct lock_arg { xptr_t gpt_xp; volatile uint64_t *counter; };

static void *lock_worker(void *p)
{
    struct lock_arg *a = p;
    for (int i = 0; i < 2000; i++) {
        uint32_t attr;
        ppn_t ppn;
        hal_gpt_lock_pte(a->gpt_xp, 0x77, &attr, &ppn);
        uint64_t v = *a->counter;
        *a->counter = v + 1;
        hal_gpt_unlock_pte(a->gpt_xp, 0x77);
    }
    return NULL;
}

static void test_gpt_lock_exclusion(void **state)
{
    (void)state;
    xptr_t g_xp = kmem_remote_alloc(1, sizeof(gpt_t), AF_ZERO);
    hal_host_set_cluster(1);
    assert_int_equal(hal_gpt_create(GET_PTR(g_xp)), 0);
    hal_host_set_cluster(0);
    volatile uint64_t counter = 0;
    struct lock_arg a = { g_xp, &counter };
    void *args[4] = { &a, &a, &a, &a };
    cxy_t cxys[4] = { 0, 1, 2, 3 };
    test_run_threads(4, cxys, lock_worker, args);
    assert_int_equal(counter, 8000);
    hal_host_set_cluster(1);
    hal_gpt_destroy(GET_PTR(g_xp));
    hal_host_set_cluster(0);
    kmem_remote_free(g_xp);
    check_no_leak();
}

/* ----------------------------------------------------------- vsegs -- */

static void test_vseg_create_conflict_remove(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    /* args and envs are there, in pages */
    assert_int_equal(p->vmm.vsegs_nr, 2);
    assert_int_equal(p->vmm.args_vpn_base, CONFIG_VMM_UTILS_BASE);
    intptr_t base = (intptr_t)CONFIG_VMM_ELF_BASE << 12;
    vseg_t *code = vmm_create_vseg(p, VSEG_TYPE_CODE, base, 3 * PG, 0, 3 * PG, XPTR_NULL, 0);
    assert_non_null(code);
    assert_int_equal(code->vpn_base, CONFIG_VMM_ELF_BASE);
    assert_int_equal(code->vpn_size, 3);
    assert_true(code->flags & VSEG_EXEC);
    assert_false(code->flags & VSEG_WRITE);
    /* overlapping by one page */
    assert_null(vmm_create_vseg(p, VSEG_TYPE_DATA, base + 2 * PG, PG, 0, 0, XPTR_NULL, 0));
    assert_ptr_equal(vmm_check_conflict(p, CONFIG_VMM_ELF_BASE + 2, 4), code);
    assert_null(vmm_check_conflict(p, CONFIG_VMM_ELF_BASE + 3, 4));
    vseg_t *data = vmm_create_vseg(p, VSEG_TYPE_DATA, base + 3 * PG + 100, PG, 0, 0, XPTR_NULL, 0);
    assert_non_null(data);
    assert_int_equal(data->vpn_size, 2);     /* straddles a page boundary */
    assert_ptr_equal(vmm_vseg_from_vaddr(&p->vmm, base + 4 * PG), data);
    assert_null(vmm_vseg_from_vaddr(&p->vmm, base + 6 * PG));
    /* outside user space */
    assert_null(vmm_create_vseg(p, VSEG_TYPE_DATA, (intptr_t)CONFIG_VMM_USER_LIMIT << 12, PG, 0, 0, XPTR_NULL, 0));
    vseg_t *found;
    assert_int_equal(vmm_get_vseg(p, base + 1, &found), 0);
    assert_ptr_equal(found, code);
    assert_int_equal(vmm_get_vseg(p, base + 8 * PG, &found), -EINVAL);
    vmm_remove_vseg(p, code);
    assert_null(vmm_vseg_from_vaddr(&p->vmm, base));
    assert_int_equal(vmm_delete_vseg(p->pid, base + 4 * PG), 0);
    assert_int_equal(vmm_delete_vseg(p->pid, base + 4 * PG), -EINVAL);
    assert_int_equal(vmm_delete_vseg(PID(0, 33), base), -ESRCH);
    assert_int_equal(p->vmm.vsegs_nr, 2);
    proc_delete(p);
    check_no_leak();
}

static void test_mmap_allocator(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 3 * PG, 0, 0, XPTR_NULL, 0);
    assert_non_null(a);
    assert_int_equal(a->vpn_size, 4);        /* rounded to a power of two */
    assert_int_equal(a->vpn_base, CONFIG_VMM_HEAP_BASE);
    vseg_t *b = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 1, 0, 0, XPTR_NULL, 0);
    assert_int_equal(b->vpn_size, 1);
    vseg_t *c = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 16 * PG, 0, 0, XPTR_NULL, 0);
    assert_int_equal(c->vpn_size, 16);
    assert_int_equal(c->vpn_base % 16, 0);   /* aligned on its size */
    assert_true(c->vpn_base >= b->vpn_base + 1);
    assert_int_equal((uintptr_t)c->min, c->vpn_base << 12);
    vseg_t *big = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 4096 * PG, 0, 0, XPTR_NULL, 0);
    assert_int_equal(big->vpn_base % 512, 0);  /* alignment capped at 2 MiB */
    vpn_t c_base = c->vpn_base;
    /* zombi reuse: same order gives the same place back */
    vmm_remove_vseg(p, c);
    vseg_t *d = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 9 * PG, 0, 0, XPTR_NULL, 0);
    assert_int_equal(d->vpn_base, c_base);
    assert_int_equal(d->vpn_size, 16);
    /* overflow: an error, and the allocator lock is free afterwards */
    assert_null(vmm_create_vseg(p, VSEG_TYPE_ANON, 0, (uint64_t)CONFIG_VMM_HEAP_SIZE * PG, 0, 0, XPTR_NULL, 0));
    assert_null(vmm_create_vseg(p, VSEG_TYPE_ANON, 0, (uint64_t)(CONFIG_VMM_HEAP_SIZE * 2 / 3 + 1) * PG, 0, 0, XPTR_NULL, 0));
    assert_non_null(vmm_create_vseg(p, VSEG_TYPE_ANON, 0, (uint64_t)(CONFIG_VMM_HEAP_SIZE * 2 / 3) * PG, 0, 0, XPTR_NULL, 0));
    assert_null(vmm_create_vseg(p, VSEG_TYPE_ANON, 0, (uint64_t)(CONFIG_VMM_HEAP_SIZE * 2 / 3) * PG, 0, 0, XPTR_NULL, 0));
    assert_false(busylock_is_locked(&p->vmm.mmap_mgr.lock));
    vseg_t *e = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, PG, 0, 0, XPTR_NULL, 0);
    assert_non_null(e);
    /* FILE keeps the offset in the first page */
    vseg_t *f = vmm_create_vseg(p, VSEG_TYPE_FILE, 0, PG, 0x1234, PG, 0x5000, 0);
    assert_int_equal(f->vpn_size, 2);
    assert_int_equal(f->min & 0xfff, 0x234);
    proc_delete(p);
    check_no_leak();
}

static void test_stack_slots(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *s3 = vmm_create_vseg(p, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 0);
    assert_non_null(s3);
    vpn_t slot = CONFIG_VMM_STACK_BASE + 3 * CONFIG_VMM_STACK_SIZE;
    assert_int_equal(s3->vpn_base, slot + 1);              /* guard page */
    assert_int_equal(s3->vpn_size, CONFIG_VMM_STACK_SIZE - 1);
    /* slot (cluster, ltid) taken (a forked thread's stack stays at its
     * parent's address): the first free slot */
    vseg_t *again = vmm_create_vseg(p, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 0);
    assert_non_null(again);
    assert_int_equal(again->vpn_base, CONFIG_VMM_STACK_BASE + 1);
    vmm_remove_vseg(p, again);
    assert_null(vmm_create_vseg(p, VSEG_TYPE_STACK, CONFIG_THREADS_MAX_PER_CLUSTER, 0, 0, 0, XPTR_NULL, 0));
    vseg_t *s0 = vmm_create_vseg(p, VSEG_TYPE_STACK, 0, 0, 0, 0, XPTR_NULL, 0);
    assert_int_equal(s0->max, s0->min + (intptr_t)(CONFIG_VMM_STACK_SIZE - 1) * PG);
    /* the guard page faults as a user error, the stack page locally */
    assert_int_equal(vmm_handle_page_fault(p, slot), EXCP_USER_ERROR);
    assert_int_equal(vmm_handle_page_fault(p, s3->vpn_base + s3->vpn_size - 1), EXCP_NON_FATAL);
    assert_int_equal(p->stats.pf_local, 1);
    uint32_t attr;
    ppn_t ppn;
    pte(p, slot, &attr, &ppn);
    assert_int_equal(attr, 0);
    /* free and reuse the slot */
    vmm_remove_vseg(p, s3);
    s3 = vmm_create_vseg(p, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 0);
    assert_non_null(s3);
    proc_delete(p);
    check_no_leak();
}

/* ------------------------------------------------------ page faults -- */

static void test_fault_anon_zeroed(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    /* dirty a page, free it, so the allocator hands out garbage */
    xptr_t junk = ppm_remote_alloc_pages(0, 0);
    hal_remote_memset(ppm_page2base(junk), 0xA5, PG);
    ppm_remote_free_pages(0, GET_PTR(junk));
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 2 * PG, 0, 0, XPTR_NULL, 0);
    a->flags &= ~VSEG_DISTRIB;               /* pages in cluster 0 */
    assert_int_equal(vmm_handle_page_fault(p, a->vpn_base), EXCP_NON_FATAL);
    assert_int_equal(p->stats.pf_true, 1);
    uint32_t attr;
    ppn_t ppn;
    pte(p, a->vpn_base, &attr, &ppn);
    assert_true(attr & GPT_WRITABLE);
    assert_true(attr & GPT_USER);
    assert_false(attr & GPT_EXECUTABLE);
    uint8_t *b = page_ptr(p, a->vpn_base);
    for (unsigned i = 0; i < PG; i++)
        assert_int_equal(b[i], 0);
    assert_int_equal(page_remote_refcount(ppm_ppn2page(ppn)), 1);
    /* a second fault on the mapped page is harmless */
    assert_int_equal(vmm_handle_page_fault(p, a->vpn_base), EXCP_NON_FATAL);
    /* outside any vseg */
    assert_int_equal(vmm_handle_page_fault(p, a->vpn_base + 5000), EXCP_USER_ERROR);
    /* cow on a page that is not COW: user error */
    hal_gpt_update_pte(gpt_of(p), a->vpn_base, GPT_MAPPED | GPT_READABLE | GPT_USER, ppn);
    assert_int_equal(vmm_handle_cow(p, a->vpn_base), EXCP_USER_ERROR);
    proc_delete(p);
    check_no_leak();
}

static void test_fault_distributed_data(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    intptr_t base = (intptr_t)CONFIG_VMM_ELF_BASE << 12;
    vseg_t *d = vmm_create_vseg(p, VSEG_TYPE_DATA, base, 4 * PG, 0, 0, XPTR_NULL, 0);
    for (vpn_t v = d->vpn_base; v < d->vpn_base + 4; v++) {
        assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
        uint32_t attr;
        ppn_t ppn;
        pte(p, v, &attr, &ppn);
        assert_int_equal(GET_CXY(ppm_ppn2page(ppn)), v % NCL);
    }
    proc_delete(p);
    check_no_leak();
}

/* -------------------------------------------------------------- COW -- */

static process_t *fork_of(process_t *parent, uint32_t lpid)
{
    process_t *c = proc_alloc(lpid);
    fake_thread.process = parent;
    assert_int_equal(vmm_fork_copy(c, XPTR(local_cxy, parent), fake_thread.u_stack_base), 0);
    vmm_set_cow(parent);
    return c;
}

static void test_cow(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 2 * PG, 0, 0, XPTR_NULL, 0);
    vpn_t v = a->vpn_base;
    assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
    page_ptr(p, v)[10] = 42;
    process_t *c = fork_of(p, 2);

    uint32_t pa, ca;
    ppn_t pp, cp;
    pte(p, v, &pa, &pp);
    pte(c, v, &ca, &cp);
    assert_int_equal(pp, cp);
    assert_true((pa & (GPT_COW | GPT_WRITABLE | GPT_MAPPED)) == (GPT_COW | GPT_MAPPED));
    assert_true((ca & (GPT_COW | GPT_WRITABLE | GPT_MAPPED)) == (GPT_COW | GPT_MAPPED));
    xptr_t page = ppm_ppn2page(pp);
    assert_int_equal(page_remote_forks(page), 1);
    assert_int_equal(page_remote_refcount(page), 2);
    /* unmapped page of the vseg: nothing in the child */
    pte(c, v + 1, &ca, &cp);
    assert_int_equal(ca, 0);

    /* child writes first: a copy */
    fake_thread.process = c;
    assert_int_equal(vmm_handle_cow(c, v), EXCP_NON_FATAL);
    assert_int_equal(c->stats.pf_cow, 1);
    assert_int_equal(c->stats.pf_cow_copy, 1);
    pte(c, v, &ca, &cp);
    assert_true(cp != pp);
    assert_true((ca & (GPT_COW | GPT_WRITABLE)) == GPT_WRITABLE);
    assert_int_equal(page_ptr(c, v)[10], 42);
    assert_int_equal(page_remote_forks(page), 0);
    assert_int_equal(page_remote_refcount(page), 1);
    page_ptr(c, v)[10] = 7;

    /* parent writes then: no copy */
    fake_thread.process = p;
    assert_int_equal(vmm_handle_cow(p, v), EXCP_NON_FATAL);
    assert_int_equal(p->stats.pf_cow, 1);
    assert_int_equal(p->stats.pf_cow_copy, 0);
    pte(p, v, &pa, &pp);
    assert_int_equal(ppm_page2ppn(page), pp);
    assert_true((pa & (GPT_COW | GPT_WRITABLE)) == GPT_WRITABLE);
    assert_int_equal(page_ptr(p, v)[10], 42);
    /* a COW fault on an already writable page is spurious, not an error */
    assert_int_equal(vmm_handle_cow(p, v), EXCP_NON_FATAL);

    proc_delete(c);
    proc_delete(p);
    check_no_leak();
}

/* The child's share of a page is counted before the parent's PTE turns
 * copy-on-write: a parent thread faulting on it right after vmm_set_cow
 * must copy, never write in place into the page the child now maps.  (It
 * was counted inside vmm_set_cow, after the PTE change: t_tlb caught a
 * writer thread slipping through that window.)  A fork given up before
 * vmm_set_cow gives the count back. */
static void test_fork_counted_before_cow(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, PG, 0, 0, XPTR_NULL, 0);
    vpn_t v = a->vpn_base;
    assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
    uint32_t pa;
    ppn_t pp;
    pte(p, v, &pa, &pp);
    xptr_t page = ppm_ppn2page(pp);

    process_t *c = proc_alloc(2);
    fake_thread.process = p;
    assert_int_equal(vmm_fork_copy(c, XPTR(local_cxy, p), fake_thread.u_stack_base), 0);
    assert_int_equal(page_remote_forks(page), 1);
    pte(p, v, &pa, &pp);
    assert_true(pa & GPT_WRITABLE);             /* parent untouched so far */
    proc_delete(c);                             /* the fork given up */
    assert_int_equal(page_remote_forks(page), 0);
    assert_int_equal(page_remote_refcount(page), 1);

    /* a page already copy-on-write (forks 0 once the first child copied
     * it) is counted again by the next fork */
    c = fork_of(p, 2);
    fake_thread.process = c;
    assert_int_equal(vmm_handle_cow(c, v), EXCP_NON_FATAL);
    assert_int_equal(page_remote_forks(page), 0);
    process_t *c2 = proc_alloc(3);
    fake_thread.process = p;
    assert_int_equal(vmm_fork_copy(c2, XPTR(local_cxy, p), fake_thread.u_stack_base), 0);
    assert_int_equal(page_remote_forks(page), 1);
    vmm_set_cow(p);
    assert_int_equal(page_remote_forks(page), 1);
    assert_int_equal(vmm_handle_cow(p, v), EXCP_NON_FATAL);
    assert_int_equal(p->stats.pf_cow_copy, 1);  /* the parent copied */
    proc_delete(c2);
    proc_delete(c);
    proc_delete(p);
    check_no_leak();
}

static void test_fork_copy_data_anon(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    intptr_t base = (intptr_t)CONFIG_VMM_ELF_BASE << 12;
    vseg_t *code = vmm_create_vseg(p, VSEG_TYPE_CODE, base, PG, 0, PG, XPTR_NULL, 0);
    vseg_t *data = vmm_create_vseg(p, VSEG_TYPE_DATA, base + PG, 3 * PG, 0, 0, XPTR_NULL, 0);
    vseg_t *anon = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 4 * PG, 0, 0, XPTR_NULL, 0);
    (void)code;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(vmm_handle_page_fault(p, data->vpn_base + i), EXCP_NON_FATAL);
        page_ptr(p, data->vpn_base + i)[0] = (uint8_t)(i + 1);
    }
    assert_int_equal(vmm_handle_page_fault(p, anon->vpn_base + 2), EXCP_NON_FATAL);
    page_ptr(p, anon->vpn_base + 2)[100] = 99;
    p->vmm.entry_point = 0x10078;

    process_t *c = fork_of(p, 2);
    assert_int_equal(c->vmm.vsegs_nr, p->vmm.vsegs_nr);
    assert_int_equal(c->vmm.entry_point, 0x10078);
    assert_int_equal(c->vmm.args_vpn_base, p->vmm.args_vpn_base);
    for (int i = 0; i < 3; i++)
        assert_int_equal(page_ptr(c, data->vpn_base + i)[0], i + 1);
    assert_int_equal(page_ptr(c, anon->vpn_base + 2)[100], 99);
    /* child's mmap continues after the parent's */
    vseg_t *na = vmm_create_vseg(c, VSEG_TYPE_ANON, 0, PG, 0, 0, XPTR_NULL, 0);
    assert_true(na->vpn_base >= anon->vpn_base + anon->vpn_size);
    /* the grandchild */
    fake_thread.process = c;
    process_t *g = fork_of(c, 3);
    uint32_t attr;
    ppn_t ppn;
    pte(g, data->vpn_base, &attr, &ppn);
    assert_int_equal(page_remote_forks(ppm_ppn2page(ppn)), 2);
    assert_int_equal(page_remote_refcount(ppm_ppn2page(ppn)), 3);
    fake_thread.process = g;
    assert_int_equal(vmm_handle_cow(g, data->vpn_base), EXCP_NON_FATAL);
    assert_int_equal(page_remote_forks(ppm_ppn2page(ppn)), 1);
    proc_delete(g);
    /* g's exit does not touch the others; c's exit drops its fork */
    proc_delete(c);
    assert_int_equal(page_remote_forks(ppm_ppn2page(ppn)), 0);
    assert_int_equal(page_remote_refcount(ppm_ppn2page(ppn)), 1);
    fake_thread.process = p;
    assert_int_equal(vmm_handle_cow(p, data->vpn_base), EXCP_NON_FATAL);
    assert_int_equal(p->stats.pf_cow_copy, 0);
    proc_delete(p);
    check_no_leak();
}

static void test_fork_stack_of_forking_thread(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *s = vmm_create_vseg(p, VSEG_TYPE_STACK, 2, 0, 0, 0, XPTR_NULL, 0);
    vseg_t *other = vmm_create_vseg(p, VSEG_TYPE_STACK, 5, 0, 0, 0, XPTR_NULL, 0);
    vpn_t top = s->vpn_base + s->vpn_size - 1;
    assert_int_equal(vmm_handle_page_fault(p, top), EXCP_NON_FATAL);
    page_ptr(p, top)[5] = 5;
    fake_thread.u_stack_base = s->min;
    process_t *c = fork_of(p, 2);
    assert_non_null(vmm_vseg_from_vaddr(&c->vmm, s->min));
    assert_null(vmm_vseg_from_vaddr(&c->vmm, other->min));
    uint32_t attr;
    ppn_t ppn;
    pte(p, top, &attr, &ppn);
    assert_true(attr & GPT_COW);
    fake_thread.process = c;
    assert_int_equal(vmm_handle_cow(c, top), EXCP_NON_FATAL);
    assert_int_equal(c->stats.pf_cow_copy, 1);
    assert_int_equal(page_ptr(c, top)[5], 5);
    fake_thread.u_stack_base = 0;
    proc_delete(c);
    proc_delete(p);
    check_no_leak();
}

/* ----------------------------------------------------------- resize -- */

static void test_resize_three_way(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 8 * PG, 0, 0, XPTR_NULL, 0);
    vpn_t b = a->vpn_base;
    for (int i = 0; i < 8; i++)
        assert_int_equal(vmm_handle_page_fault(p, b + i), EXCP_NON_FATAL);
    uint32_t before = total_free();
    /* cut pages 3..4 */
    assert_int_equal(vmm_resize_vseg(p, (intptr_t)((b + 3) << 12), 2 * PG), 0);
    assert_int_equal(total_free(), before + 2);
    vseg_t *lo = vmm_vseg_from_vaddr(&p->vmm, (intptr_t)(b << 12));
    vseg_t *hi = vmm_vseg_from_vaddr(&p->vmm, (intptr_t)((b + 5) << 12));
    assert_ptr_equal(lo, a);
    assert_non_null(hi);
    assert_true(hi != lo);
    assert_int_equal(lo->vpn_base, b);
    assert_int_equal(lo->vpn_size, 3);
    assert_int_equal(hi->vpn_base, b + 5);
    assert_int_equal(hi->vpn_size, 3);
    assert_int_equal(hi->max, (intptr_t)((b + 8) << 12));
    assert_int_equal(hi->type, VSEG_TYPE_ANON);
    assert_null(vmm_vseg_from_vaddr(&p->vmm, (intptr_t)((b + 3) << 12)));
    for (int i = 0; i < 8; i++) {
        uint32_t attr;
        ppn_t ppn;
        pte(p, b + i, &attr, &ppn);
        if (i == 3 || i == 4)
            assert_int_equal(attr, 0);
        else
            assert_true(attr & GPT_MAPPED);
    }
    /* the low end of hi, the high end of lo, then a bad range */
    assert_int_equal(vmm_resize_vseg(p, (intptr_t)((b + 5) << 12), PG), 0);
    assert_int_equal(hi->vpn_base, b + 6);
    assert_int_equal(vmm_resize_vseg(p, (intptr_t)((b + 2) << 12), PG), 0);
    assert_int_equal(lo->vpn_size, 2);
    assert_int_equal(total_free(), before + 4);
    assert_int_equal(vmm_resize_vseg(p, (intptr_t)((b + 1) << 12), 4 * PG), -EINVAL);
    assert_int_equal(vmm_resize_vseg(p, (intptr_t)((b + 3) << 12), PG), -EINVAL);
    /* whole */
    assert_int_equal(vmm_resize_vseg(p, (intptr_t)((b + 6) << 12), 2 * PG), 0);
    assert_null(vmm_vseg_from_vaddr(&p->vmm, (intptr_t)((b + 6) << 12)));
    proc_delete(p);
    check_no_leak();
}

/* --------------------------------------------------- accounting -- */

static void test_destroy_returns_everything(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    intptr_t base = (intptr_t)CONFIG_VMM_ELF_BASE << 12;
    vseg_t *data = vmm_create_vseg(p, VSEG_TYPE_DATA, base, 16 * PG, 0, 0, XPTR_NULL, 0);
    vseg_t *anon = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 64 * PG, 0, 0, XPTR_NULL, 0);
    vseg_t *stk = vmm_create_vseg(p, VSEG_TYPE_STACK, 0, 0, 0, 0, XPTR_NULL, 0);
    for (int i = 0; i < 16; i++)
        vmm_handle_page_fault(p, data->vpn_base + i);
    for (int i = 0; i < 64; i += 3)
        vmm_handle_page_fault(p, anon->vpn_base + i);
    vmm_handle_page_fault(p, stk->vpn_base + stk->vpn_size - 1);
    /* far apart pages: several level-1 and level-0 tables */
    vseg_t *far = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, (uint64_t)1 << 30, 0, 0, XPTR_NULL, 0);
    assert_non_null(far);
    vmm_handle_page_fault(p, far->vpn_base);
    vmm_handle_page_fault(p, far->vpn_base + far->vpn_size - 1);
    vmm_remove_vseg(p, anon);     /* into a zombi list */
    fake_thread.u_stack_base = stk->min;
    for (int round = 0; round < 200; round++) {
        process_t *c = fork_of(p, 2);
        fake_thread.process = c;
        if (round & 1)
            vmm_handle_cow(c, data->vpn_base + (round % 16));
        else
            vmm_handle_cow(c, stk->vpn_base + stk->vpn_size - 1);
        fake_thread.process = p;
        if (round % 3 == 0)
            vmm_handle_cow(p, data->vpn_base + (round % 16));
        proc_delete(c);
    }
    fake_thread.u_stack_base = 0;
    vmm_user_reset(p);
    assert_int_equal(p->vmm.vsegs_nr, 0);
    proc_delete(p);
    check_no_leak();
}


/* ------------------------------------------------- process copies -- */

extern unsigned long hal_host_shootdowns;

/* A copy of the reference <ref> (a process of the local cluster) in
 * cluster <cxy>, registered in the owner's copies list as
 * process_copy_get() does. */
static process_t *proc_copy(process_t *ref, cxy_t cxy)
{
    cxy_t saved = local_cxy;
    hal_host_set_cluster(cxy);
    uint32_t order = 0;
    while ((PG << order) < sizeof(process_t))
        order++;
    xptr_t pg = ppm_remote_alloc_pages(cxy, order);
    assert_true(pg != XPTR_NULL);
    process_t *c = GET_PTR(ppm_page2base(pg));
    memset(c, 0, sizeof(*c));
    c->pid = ref->pid;
    c->ref_xp = XPTR(saved, ref);
    c->owner_xp = ref->owner_xp;
    assert_int_equal(vmm_copy_init(c), 0);
    pmgr_t *pm = &LOCAL_CLUSTER->pmgr;     /* same address in every cluster */
    xlist_add_last(XPTR(CXY_FROM_PID(ref->pid), &pm->copies_root[LPID_FROM_PID(ref->pid)]),
                   XPTR(cxy, &c->copies_list));
    xlist_add_last(XPTR(cxy, &pm->local_root), XPTR(cxy, &c->local_list));
    hal_host_set_cluster(saved);
    return c;
}

static void proc_copy_delete(process_t *c, cxy_t cxy)
{
    cxy_t saved = local_cxy;
    hal_host_set_cluster(cxy);
    vmm_destroy(c);
    proc_free(c);
    hal_host_set_cluster(saved);
}

/* PTE <vpn> of the copy <c> in cluster <cxy>. */
static void pte_in(process_t *c, cxy_t cxy, vpn_t vpn, uint32_t *attr, ppn_t *ppn)
{
    hal_gpt_get_pte(XPTR(cxy, &c->vmm.gpt), vpn, attr, ppn);
}

/* Fault on <vpn> in copy <c> as a thread of cluster <cxy>. */
static excp_result_t fault_in(process_t *c, cxy_t cxy, vpn_t vpn, bool cow)
{
    cxy_t saved = local_cxy;
    hal_host_set_cluster(cxy);
    fake_thread.process = c;
    excp_result_t r = cow ? vmm_handle_cow(c, vpn) : vmm_handle_page_fault(c, vpn);
    hal_host_set_cluster(saved);
    return r;
}

/* munmap from a thread of a copy in cluster 1: done in the reference,
 * and no copy maps the range afterwards; one shootdown per GPT. */
static void test_copy_munmap_reaches_every_copy(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 8 * PG, 0, 0, XPTR_NULL, 0);
    vpn_t b = a->vpn_base;
    process_t *c1 = proc_copy(p, 1), *c2 = proc_copy(p, 2);
    for (int i = 0; i < 8; i++)
        assert_int_equal(fault_in(c1, 1, b + i, false), EXCP_NON_FATAL);   /* true faults */
    for (int i = 0; i < 4; i++)
        assert_int_equal(fault_in(c2, 2, b + i, false), EXCP_NON_FATAL);   /* false faults */
    uint32_t attr;
    ppn_t ppn;
    pte(p, b + 3, &attr, &ppn);
    assert_true(attr & GPT_MAPPED);
    uint32_t before = total_free();
    unsigned long shots = hal_host_shootdowns;

    hal_host_set_cluster(1);
    assert_int_equal(vmm_munmap(c1, (intptr_t)((b + 3) << 12), 2 * PG), 0);
    hal_host_set_cluster(0);
    /* 3 GPTs held a page of the range: 3 shootdowns, not 3 per page */
    assert_int_equal(hal_host_shootdowns - shots, 3);
    assert_int_equal(total_free(), before + 2);
    for (int i = 0; i < 8; i++) {
        uint32_t a0, a1, a2;
        pte(p, b + i, &a0, &ppn);
        pte_in(c1, 1, b + i, &a1, &ppn);
        pte_in(c2, 2, b + i, &a2, &ppn);
        if (i == 3 || i == 4) {
            assert_int_equal(a0, 0);
            assert_int_equal(a1, 0);
            assert_int_equal(a2, 0);
        } else {
            assert_true(a0 & GPT_MAPPED);
            assert_true(a1 & GPT_MAPPED);
        }
    }
    /* the copies forgot the old vseg: the hole faults, both pieces fetch */
    assert_int_equal(c1->vmm.vsegs_nr, 0);
    assert_int_equal(fault_in(c1, 1, b + 3, false), EXCP_USER_ERROR);
    assert_int_equal(fault_in(c2, 2, b + 6, false), EXCP_NON_FATAL);
    assert_int_equal(c2->vmm.vsegs_nr, 1);
    /* STACK and CODE cannot be cut, from any cluster */
    vseg_t *code = vmm_create_vseg(p, VSEG_TYPE_CODE, (intptr_t)CONFIG_VMM_ELF_BASE << 12,
                                   4 * PG, 0, 0, XPTR_NULL, 0);
    vseg_t *stk = vmm_create_vseg(p, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 0);
    hal_host_set_cluster(1);
    assert_int_equal(vmm_munmap(c1, code->min + PG, PG), -EINVAL);
    assert_int_equal(vmm_munmap(c1, stk->min + PG, PG), -EINVAL);
    hal_host_set_cluster(0);
    assert_int_equal(vmm_munmap(p, stk->min, stk->max - stk->min), -EINVAL);

    proc_copy_delete(c1, 1);
    proc_copy_delete(c2, 2);
    proc_delete(p);
    check_no_leak();
}

/* mmap from a copy takes its place from the reference's allocator. */
static void test_copy_mmap_in_reference(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    process_t *c1 = proc_copy(p, 1);
    intptr_t mine, theirs;
    assert_int_equal(vmm_mmap(p, VSEG_TYPE_ANON, 4 * PG, 0, 0, XPTR_NULL, 0, VSEG_WRITE,
                              &mine), 0);
    hal_host_set_cluster(1);
    assert_int_equal(vmm_mmap(c1, VSEG_TYPE_ANON, 4 * PG, 0, 0, XPTR_NULL, 1, VSEG_WRITE,
                              &theirs), 0);
    hal_host_set_cluster(0);
    assert_true(theirs >= mine + (intptr_t)(4 * PG) || theirs + (intptr_t)(4 * PG) <= mine);
    assert_non_null(vmm_vseg_from_vaddr(&p->vmm, theirs));
    assert_int_equal(c1->vmm.vsegs_nr, 0);      /* fetched on demand */
    vpn_t v = (vpn_t)theirs >> 12;
    assert_int_equal(fault_in(c1, 1, v, false), EXCP_NON_FATAL);
    uint32_t attr;
    ppn_t ppn, ppn1;
    pte(p, v, &attr, &ppn);
    assert_true(attr & GPT_WRITABLE);
    pte_in(c1, 1, v, &attr, &ppn1);
    assert_int_equal(ppn, ppn1);
    /* read-only and PROT_NONE mappings */
    intptr_t ro, none;
    assert_int_equal(vmm_mmap(p, VSEG_TYPE_ANON, PG, 0, 0, XPTR_NULL, 0, 0, &ro), 0);
    assert_int_equal(vmm_mmap(p, VSEG_TYPE_ANON, PG, 0, 0, XPTR_NULL, 0, VSEG_NOACCESS,
                              &none), 0);
    assert_int_equal(fault_in(p, 0, (vpn_t)ro >> 12, false), EXCP_NON_FATAL);
    pte(p, (vpn_t)ro >> 12, &attr, &ppn);
    assert_false(attr & GPT_WRITABLE);
    assert_int_equal(fault_in(p, 0, (vpn_t)ro >> 12, true), EXCP_USER_ERROR);
    assert_int_equal(fault_in(p, 0, (vpn_t)none >> 12, false), EXCP_USER_ERROR);
    assert_int_equal(vmm_mmap(p, VSEG_TYPE_DATA, PG, 0, 0, XPTR_NULL, 0, 0, &ro), -EINVAL);
    proc_copy_delete(c1, 1);
    proc_delete(p);
    check_no_leak();
}

/* COW fault in a copy whose reference is in another cluster: every copy
 * gets the new page, the forked child keeps the old one. */
static void test_cow_remote_reference(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 2 * PG, 0, 0, XPTR_NULL, 0);
    vpn_t v = a->vpn_base;
    assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
    page_ptr(p, v)[0] = 42;
    process_t *c1 = proc_copy(p, 1);
    assert_int_equal(fault_in(c1, 1, v, false), EXCP_NON_FATAL);
    process_t *child = fork_of(p, 2);
    uint32_t attr;
    ppn_t old, ppn, ppn1, cppn;
    pte(p, v, &attr, &old);
    assert_true(attr & GPT_COW);
    pte_in(c1, 1, v, &attr, &ppn1);
    assert_true(attr & GPT_COW);

    assert_int_equal(fault_in(c1, 1, v, true), EXCP_NON_FATAL);
    pte(p, v, &attr, &ppn);
    assert_true((attr & (GPT_WRITABLE | GPT_COW)) == GPT_WRITABLE);
    assert_true(ppn != old);
    pte_in(c1, 1, v, &attr, &ppn1);
    assert_true((attr & (GPT_WRITABLE | GPT_COW)) == GPT_WRITABLE);
    assert_int_equal(ppn1, ppn);
    pte(child, v, &attr, &cppn);
    assert_int_equal(cppn, old);
    assert_int_equal(((uint8_t *)HAL_XPTR_VADDR(ppm_ppn2base(ppn)))[0], 42);
    assert_int_equal(page_remote_forks(ppm_ppn2page(old)), 0);
    assert_int_equal(page_remote_refcount(ppm_ppn2page(old)), 1);
    assert_int_equal(page_remote_refcount(ppm_ppn2page(ppn)), 1);
    proc_delete(child);
    proc_copy_delete(c1, 1);
    proc_delete(p);
    check_no_leak();
}

/* mprotect from a copy: done in the reference (the vseg split in three),
 * every copy faults the range back with the new rights. */
static void test_copy_mprotect(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 4 * PG, 0, 0, XPTR_NULL, 0);
    vpn_t b = a->vpn_base;
    process_t *c1 = proc_copy(p, 1);
    for (int i = 0; i < 4; i++)
        assert_int_equal(fault_in(c1, 1, b + i, false), EXCP_NON_FATAL);
    uint32_t vsegs = p->vmm.vsegs_nr;
    unsigned long shots = hal_host_shootdowns;
    hal_host_set_cluster(1);
    assert_int_equal(vmm_mprotect(c1, (intptr_t)((b + 1) << 12), 2 * PG, 0), 0);
    hal_host_set_cluster(0);
    assert_int_equal(hal_host_shootdowns - shots, 2);     /* one per GPT */
    assert_int_equal(p->vmm.vsegs_nr, vsegs + 2);
    for (int i = 0; i < 4; i++) {
        uint32_t attr;
        ppn_t ppn;
        bool rw = i == 0 || i == 3;
        pte(p, b + i, &attr, &ppn);
        assert_true(attr & GPT_MAPPED);
        assert_int_equal(!!(attr & GPT_WRITABLE), rw);
        pte_in(c1, 1, b + i, &attr, &ppn);
        if (!rw) {
            assert_int_equal(attr, 0);
            assert_int_equal(fault_in(c1, 1, b + i, false), EXCP_NON_FATAL);
            pte_in(c1, 1, b + i, &attr, &ppn);
            assert_true(attr & GPT_MAPPED);
            assert_false(attr & GPT_WRITABLE);
            assert_int_equal(fault_in(c1, 1, b + i, true), EXCP_USER_ERROR);
        }
    }
    /* back to writable, PROT_NONE, errors */
    assert_int_equal(vmm_mprotect(p, (intptr_t)((b + 1) << 12), PG, VSEG_WRITE), 0);
    uint32_t attr;
    ppn_t ppn;
    pte(p, b + 1, &attr, &ppn);
    assert_true(attr & GPT_WRITABLE);
    assert_int_equal(vmm_mprotect(p, (intptr_t)((b + 2) << 12), PG, VSEG_NOACCESS), 0);
    pte(p, b + 2, &attr, &ppn);
    assert_false(attr & GPT_USER);
    assert_int_equal(fault_in(c1, 1, b + 2, false), EXCP_USER_ERROR);
    assert_int_equal(vmm_mprotect(p, (intptr_t)((b + 3) << 12), 2 * PG, 0), -ENOMEM);
    assert_int_equal(vmm_mprotect(p, (intptr_t)((b + 3) << 12) + 1, PG, 0), -EINVAL);
    proc_copy_delete(c1, 1);
    proc_delete(p);
    check_no_leak();
}

/* Stacks are unique in the process: ltid 3 in cluster 1 and in cluster 0
 * get different slots, from the reference's allocator; a thread of
 * cluster 2 reaching the stack of cluster 1's thread maps the same page,
 * and loses it when that stack goes. */
static void test_stacks_unique_and_shared(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    process_t *c1 = proc_copy(p, 1), *c2 = proc_copy(p, 2);
    vseg_t *s0 = vmm_create_vseg(p, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 0);
    hal_host_set_cluster(1);
    vseg_t *s1 = vmm_create_vseg(c1, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 1);
    hal_host_set_cluster(0);
    assert_non_null(s0);
    assert_non_null(s1);
    assert_int_equal(s0->vpn_base, CONFIG_VMM_STACK_BASE + 3 * CONFIG_VMM_STACK_SIZE + 1);
    assert_int_equal(s1->vpn_base, CONFIG_VMM_STACK_BASE +
                     (CONFIG_THREADS_MAX_PER_CLUSTER + 3) * CONFIG_VMM_STACK_SIZE + 1);
    vpn_t v = s1->vpn_base + s1->vpn_size - 1;
    assert_int_equal(fault_in(c1, 1, v, false), EXCP_NON_FATAL);
    uint32_t attr;
    ppn_t ppn1, ppn2, ppn0;
    pte_in(c1, 1, v, &attr, &ppn1);
    /* cluster 2 and the reference reach it: the same page */
    assert_int_equal(fault_in(c2, 2, v, false), EXCP_NON_FATAL);
    pte_in(c2, 2, v, &attr, &ppn2);
    assert_int_equal(ppn2, ppn1);
    assert_int_equal(fault_in(p, 0, v - 1, false), EXCP_NON_FATAL);   /* never touched */
    pte_in(p, 0, v - 1, &attr, &ppn0);
    pte_in(c1, 1, v - 1, &attr, &ppn1);
    assert_int_equal(ppn0, ppn1);
    assert_int_equal(GET_CXY(ppm_ppn2page(ppn0)), 1);
    /* the guard page and unused slots stay errors */
    assert_int_equal(fault_in(c2, 2, s1->vpn_base - 1, false), EXCP_USER_ERROR);
    assert_int_equal(fault_in(c2, 2, s1->vpn_base + 2 * CONFIG_VMM_STACK_SIZE, false),
                     EXCP_USER_ERROR);
    /* the thread of cluster 1 exits: nobody maps its pages any more */
    hal_host_set_cluster(1);
    vmm_remove_vseg(c1, s1);
    hal_host_set_cluster(0);
    pte_in(c2, 2, v, &attr, &ppn2);
    assert_int_equal(attr, 0);
    pte(p, v - 1, &attr, &ppn0);
    assert_int_equal(attr, 0);
    vmm_remove_vseg(p, s0);
    proc_copy_delete(c1, 1);
    proc_copy_delete(c2, 2);
    proc_delete(p);
    check_no_leak();
}

/* hal_gpt_unmap_range() does not take a PTE a fault holds locked. */
struct unmap_arg { xptr_t gpt_xp; vpn_t vpn; volatile int started, done; };

static void *unmap_worker(void *arg)
{
    struct unmap_arg *u = arg;
    u->started = 1;
    hal_gpt_unmap_range(u->gpt_xp, u->vpn, u->vpn + 1, NULL, NULL);
    u->done = 1;
    return NULL;
}

static void test_unmap_respects_pte_lock(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, PG, 0, 0, XPTR_NULL, 0);
    vpn_t v = a->vpn_base;
    assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
    uint32_t attr;
    ppn_t ppn;
    assert_int_equal(hal_gpt_lock_pte(gpt_of(p), v, &attr, &ppn), 0);
    struct unmap_arg u = { gpt_of(p), v, 0, 0 };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, unmap_worker, &u), 0);
    while (!u.started)
        hal_cpu_relax();
    for (int i = 0; i < 2000; i++)
        hal_cpu_relax();
    /* still mapped, and the unmap still waiting */
    assert_int_equal(u.done, 0);
    pte(p, v, &attr, &ppn);
    assert_true(attr & GPT_MAPPED);
    ppn_t mapped = ppn;
    hal_gpt_unlock_pte(gpt_of(p), v);
    pthread_join(th, NULL);
    assert_int_equal(u.done, 1);
    pte(p, v, &attr, &ppn);
    assert_int_equal(attr, 0);
    /* no release callback: the page is given back here */
    xptr_t page = ppm_ppn2page(mapped);
    page_remote_refcount_down(page);
    ppm_remote_free_pages(GET_CXY(page), GET_PTR(page));
    proc_delete(p);
    check_no_leak();
}

/* Faults in three copies (clusters 1-3) and in the reference race with
 * munmap + mmap of the same place (reused from the zombi list) done by
 * cluster 0: a fault never maps a page in a range already unmapped, so
 * every page comes back. */
#define RACE_PAGES  16
#define RACE_ROUNDS 150
/* cmocka's asserts work in the test's own thread only */
static volatile int race_failed_line;
#define RACE_CHECK(c) do { if (!(c) && !race_failed_line) race_failed_line = __LINE__; } while (0)

struct race { process_t *proc; volatile vpn_t *base; volatile int *stop; unsigned seed; };

static void *race_faulter(void *arg)
{
    struct race *r = arg;
    while (!*r->stop) {
        r->seed = r->seed * 1103515245u + 12345u;
        vpn_t v = *r->base + (r->seed >> 16) % RACE_PAGES;
        excp_result_t e = vmm_handle_page_fault(r->proc, v);
        RACE_CHECK(e == EXCP_NON_FATAL || e == EXCP_USER_ERROR);
    }
    return NULL;
}

struct race_unmapper { process_t *p; volatile vpn_t *base; volatile int *stop; };

/* Unmaps the region (whole, or cut in the middle and then both pieces),
 * maps a new one, tells the faulters where. */
static void *race_unmapper(void *arg)
{
    struct race_unmapper *u = arg;
    for (int i = 0; i < RACE_ROUNDS; i++) {
        intptr_t addr = (intptr_t)(*u->base << 12);
        if (i % 4) {
            RACE_CHECK(vmm_resize_vseg(u->p, addr, RACE_PAGES * PG) == 0);
        } else {
            RACE_CHECK(vmm_resize_vseg(u->p, addr + 4 * PG, 2 * PG) == 0);
            RACE_CHECK(vmm_resize_vseg(u->p, addr, 4 * PG) == 0);
            RACE_CHECK(vmm_resize_vseg(u->p, addr + 6 * PG, (RACE_PAGES - 6) * PG) == 0);
        }
        intptr_t again;
        RACE_CHECK(vmm_mmap(u->p, VSEG_TYPE_ANON, RACE_PAGES * PG, 0, 0, XPTR_NULL, 0,
                            VSEG_WRITE, &again) == 0);
        *u->base = (vpn_t)again >> 12;
    }
    *u->stop = 1;
    return NULL;
}

static struct race_unmapper *race_u;

/* test_run_threads runs one function: the unmapper's argument is known */
static void *race_dispatch(void *arg)
{
    return arg == race_u ? race_unmapper(arg) : race_faulter(arg);
}

static void test_fault_munmap_race(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    intptr_t addr;
    assert_int_equal(vmm_mmap(p, VSEG_TYPE_ANON, RACE_PAGES * PG, 0, 0, XPTR_NULL, 0,
                              VSEG_WRITE, &addr), 0);
    volatile vpn_t base = (vpn_t)addr >> 12;
    process_t *c[NCL];
    c[0] = p;
    for (cxy_t x = 1; x < NCL; x++)
        c[x] = proc_copy(p, x);
    volatile int stop = 0;
    struct race r[NCL];
    struct race_unmapper u = { p, &base, &stop };
    void *args[NCL + 1];
    cxy_t cxys[NCL + 1];
    for (cxy_t x = 0; x < NCL; x++) {
        r[x] = (struct race){ c[x], &base, &stop, 7u * x + 1 };
        args[x] = &r[x];
        cxys[x] = x;
    }
    /* the unmapper plays a thread of the reference's cluster */
    args[NCL] = &u;
    race_u = &u;
    cxys[NCL] = 0;
    race_failed_line = 0;
    test_run_threads(NCL + 1, cxys, race_dispatch, args);
    assert_int_equal(race_failed_line, 0);
    assert_int_equal(vmm_resize_vseg(p, (intptr_t)(base << 12), RACE_PAGES * PG), 0);
    for (cxy_t x = 1; x < NCL; x++)
        proc_copy_delete(c[x], x);
    proc_delete(p);
    check_no_leak();
}

/* A thread of a copy in cluster 1 forks (the process's DATA page already
 * copy-on-write from an earlier fork, made private again by that thread's
 * store): the child's store to the page stays the child's, the parent's
 * copies and reference keep theirs (the case t_forkstorm reaches). */
static void test_fork_from_copy_after_cow(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 2 * PG, 0, 0, XPTR_NULL, 0);
    vpn_t v = a->vpn_base;
    assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
    page_ptr(p, v)[0] = 1;
    process_t *m = fork_of(p, 2);                  /* the page COW, forks 1 */
    process_t *c1 = proc_copy(p, 1);
    assert_int_equal(fault_in(c1, 1, v, false), EXCP_NON_FATAL);
    assert_int_equal(fault_in(c1, 1, v, true), EXCP_NON_FATAL);   /* own copy now */
    uint32_t attr;
    ppn_t pp, cp, kp, mp;
    pte(p, v, &attr, &pp);
    assert_true((attr & (GPT_WRITABLE | GPT_COW)) == GPT_WRITABLE);
    ((uint8_t *)HAL_XPTR_VADDR(ppm_ppn2base(pp)))[0] = 7;
    /* fork by a thread of the copy in cluster 1 */
    hal_host_set_cluster(1);
    fake_thread.process = c1;
    process_t *k = proc_alloc(3);
    assert_int_equal(vmm_fork_copy(k, XPTR(1, c1), fake_thread.u_stack_base), 0);
    vmm_set_cow(c1);
    hal_host_set_cluster(0);
    pte(p, v, &attr, &pp);
    assert_true(attr & GPT_COW);
    pte_in(c1, 1, v, &attr, &cp);
    assert_true(attr & GPT_COW);
    assert_int_equal(cp, pp);
    pte_in(k, 1, v, &attr, &kp);          /* the child lives in cluster 1 */
    assert_int_equal(kp, pp);
    assert_int_equal(page_remote_forks(ppm_ppn2page(pp)), 1);
    /* the child stores */
    assert_int_equal(fault_in(k, 1, v, true), EXCP_NON_FATAL);
    pte_in(k, 1, v, &attr, &kp);
    assert_true(kp != pp);
    ((uint8_t *)HAL_XPTR_VADDR(ppm_ppn2base(kp)))[0] = 0xff;
    pte(p, v, &attr, &pp);
    pte_in(c1, 1, v, &attr, &cp);
    assert_int_equal(cp, pp);
    assert_int_equal(((uint8_t *)HAL_XPTR_VADDR(ppm_ppn2base(pp)))[0], 7);
    pte(m, v, &attr, &mp);
    assert_int_equal(((uint8_t *)HAL_XPTR_VADDR(ppm_ppn2base(mp)))[0], 1);
    fake_thread.process = p;
    proc_copy_delete(k, 1);
    proc_delete(m);
    proc_copy_delete(c1, 1);
    proc_delete(p);
    check_no_leak();
}

/* ------------------------------------------------------ lock order -- */

/* The documented lock order is: reference VSL, copies lock, a copy's VSL,
 * a PTE lock.  The tests below hold one of these locks in the test's
 * thread as a concurrent fork, munmap or fault would, start a thread
 * doing the operation under test, wait until it is seen queued on the
 * held lock, and check that it holds nothing it may not hold while it
 * waits there (had it, the two would wait for each other forever). */

static xptr_t copies_lock_of(process_t *p)
{
    return XPTR(CXY_FROM_PID(p->pid), &LOCAL_CLUSTER->pmgr.copies_lock[PID_SLOT(p->pid)]);
}

/* Waits until a second thread queued on the remote rwlock / busylock at
 * <lock_xp> (its ticket counter moved past <ticket>). */
static void wait_ticket_past(xptr_t lock_xp, size_t ticket_off, uint32_t ticket)
{
    while (hal_remote_l32(lock_xp + ticket_off) == ticket)
        hal_cpu_relax();
}

/* The raw Sv39 entry of <vpn> in the GPT at <gpt_xp>, 0 when its tables
 * do not exist. */
static uint64_t raw_pte(xptr_t gpt_xp, vpn_t vpn)
{
    gpt_t *g = (gpt_t *)HAL_XPTR_VADDR(gpt_xp);
    uint64_t *t = (uint64_t *)HAL_XPTR_VADDR(ppm_ppn2base(g->ppn));
    for (int level = 2; level > 0; level--) {
        uint64_t e = t[(vpn >> (9 * level)) & 511];
        if (!(e & PTE_V))
            return 0;
        t = (uint64_t *)HAL_XPTR_VADDR(ppm_ppn2base(pte_pa(e) >> 12));
    }
    return t[vpn & 511];
}

struct order_arg { process_t *proc; vseg_t *vseg; vpn_t vpn; cxy_t cxy;
                   process_t *child; xptr_t parent_xp; int op; volatile int done;
                   volatile excp_result_t result; };
enum { OP_STACK_EXIT, OP_FOREIGN_FAULT, OP_COW, OP_FORK };

static void *order_worker(void *arg)
{
    struct order_arg *a = arg;
    static __thread thread_t me;
    hal_host_set_cluster(a->cxy);
    me.process = a->proc;
    hal_set_current(&me);
    switch (a->op) {
    case OP_STACK_EXIT:
        vmm_remove_vseg(a->proc, a->vseg);
        break;
    case OP_FOREIGN_FAULT:
        a->result = vmm_handle_page_fault(a->proc, a->vpn);
        break;
    case OP_COW:
        a->result = vmm_handle_cow(a->proc, a->vpn);
        break;
    case OP_FORK:
        a->result = vmm_fork_copy(a->child, a->parent_xp, 0) ? EXCP_USER_ERROR
                                                               : EXCP_NON_FATAL;
        break;
    }
    a->done = 1;
    return NULL;
}

/* A thread exits (its STACK vseg goes, from every copy that maps a page
 * of it) while a munmap write-locks the reference's VSL: the exit waits
 * for that lock before it takes the copies lock, which the munmap takes
 * next (it took it first and then waited for the VSL: t_forkstorm hung,
 * a fork holding the reference's VSL, an exit the copies lock).  Once
 * for a thread of the reference, once for a thread of a copy. */
static void test_stack_exit_lock_order(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    process_t *c1 = proc_copy(p, 1);
    vseg_t *s0 = vmm_create_vseg(p, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 0);
    hal_host_set_cluster(1);
    vseg_t *s1 = vmm_create_vseg(c1, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 1);
    hal_host_set_cluster(0);
    assert_non_null(s0);
    assert_non_null(s1);
    /* each stack has a page, mapped in the other copy too */
    vpn_t v0 = s0->vpn_base + s0->vpn_size - 1, v1 = s1->vpn_base + s1->vpn_size - 1;
    assert_int_equal(fault_in(p, 0, v0, false), EXCP_NON_FATAL);
    assert_int_equal(fault_in(c1, 1, v0, false), EXCP_NON_FATAL);
    assert_int_equal(fault_in(c1, 1, v1, false), EXCP_NON_FATAL);
    assert_int_equal(fault_in(p, 0, v1, false), EXCP_NON_FATAL);
    fake_thread.process = p;
    xptr_t vsl_xp = XPTR(0, &p->vmm.vsl_lock);
    struct order_arg cases[2] = {
        { .proc = p, .vseg = s0, .cxy = 0, .op = OP_STACK_EXIT },
        { .proc = c1, .vseg = s1, .cxy = 1, .op = OP_STACK_EXIT },
    };
    for (int i = 0; i < 2; i++) {
        struct order_arg *a = &cases[i];
        remote_rwlock_wr_acquire(vsl_xp);
        uint32_t ticket = hal_remote_l32(vsl_xp + offsetof(remote_rwlock_t, ticket));
        pthread_t th;
        assert_int_equal(pthread_create(&th, NULL, order_worker, a), 0);
        wait_ticket_past(vsl_xp, offsetof(remote_rwlock_t, ticket), ticket);
        assert_false(remote_busylock_is_locked(copies_lock_of(p)));
        assert_int_equal(a->done, 0);
        remote_rwlock_wr_release(vsl_xp);
        pthread_join(th, NULL);
        assert_int_equal(a->done, 1);
    }
    /* both stacks gone from both copies */
    uint32_t attr;
    ppn_t ppn;
    pte(p, v1, &attr, &ppn);
    assert_int_equal(attr, 0);
    pte_in(c1, 1, v0, &attr, &ppn);
    assert_int_equal(attr, 0);
    proc_copy_delete(c1, 1);
    proc_delete(p);
    check_no_leak();
}

/* A fault on another cluster's thread's stack page (a pointer to a stack
 * variable) while a munmap write-locks the reference's VSL: the fault
 * waits for it without holding the copies lock. */
static void test_foreign_stack_fault_lock_order(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    process_t *c1 = proc_copy(p, 1), *c2 = proc_copy(p, 2);
    hal_host_set_cluster(1);
    vseg_t *s1 = vmm_create_vseg(c1, VSEG_TYPE_STACK, 3, 0, 0, 0, XPTR_NULL, 1);
    hal_host_set_cluster(0);
    assert_non_null(s1);
    vpn_t v = s1->vpn_base + s1->vpn_size - 1;
    assert_int_equal(fault_in(c1, 1, v, false), EXCP_NON_FATAL);
    xptr_t vsl_xp = XPTR(0, &p->vmm.vsl_lock);
    struct order_arg a = { .proc = c2, .vpn = v, .cxy = 2, .op = OP_FOREIGN_FAULT };
    remote_rwlock_wr_acquire(vsl_xp);
    uint32_t ticket = hal_remote_l32(vsl_xp + offsetof(remote_rwlock_t, ticket));
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, order_worker, &a), 0);
    wait_ticket_past(vsl_xp, offsetof(remote_rwlock_t, ticket), ticket);
    assert_false(remote_busylock_is_locked(copies_lock_of(p)));
    remote_rwlock_wr_release(vsl_xp);
    pthread_join(th, NULL);
    assert_int_equal(a.result, EXCP_NON_FATAL);
    uint32_t attr;
    ppn_t p1, p2;
    pte_in(c1, 1, v, &attr, &p1);
    pte_in(c2, 2, v, &attr, &p2);
    assert_int_equal(p1, p2);
    hal_host_set_cluster(1);
    vmm_remove_vseg(c1, s1);
    hal_host_set_cluster(0);
    proc_copy_delete(c1, 1);
    proc_copy_delete(c2, 2);
    proc_delete(p);
    check_no_leak();
}

/* A COW fault in a copy while the copies lock is held (by a fork's
 * vmm_set_cow, or a munmap purging the copies): the fault queues on the
 * copies lock before it locks the reference PTE (holding that PTE, it
 * blocked the faults of the copy the munmap waits for). */
static void test_cow_lock_order(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, PG, 0, 0, XPTR_NULL, 0);
    vpn_t v = a->vpn_base;
    assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
    page_ptr(p, v)[0] = 5;
    process_t *k = fork_of(p, 2);
    process_t *c1 = proc_copy(p, 1);
    assert_int_equal(fault_in(c1, 1, v, false), EXCP_NON_FATAL);
    xptr_t cl_xp = copies_lock_of(p);
    struct order_arg o = { .proc = c1, .vpn = v, .cxy = 1, .op = OP_COW };
    remote_busylock_acquire(cl_xp);
    uint32_t ticket = hal_remote_l32(cl_xp + offsetof(remote_busylock_t, ticket));
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, order_worker, &o), 0);
    wait_ticket_past(cl_xp, offsetof(remote_busylock_t, ticket), ticket);
    assert_false(raw_pte(gpt_of(p), v) & PTE_RSW1);     /* the PTE lock */
    remote_busylock_release(cl_xp);
    pthread_join(th, NULL);
    assert_int_equal(o.result, EXCP_NON_FATAL);
    /* the copy and the reference write a page of their own */
    uint32_t attr;
    ppn_t pp, cp, kp;
    pte(p, v, &attr, &pp);
    assert_true(attr & GPT_WRITABLE);
    pte_in(c1, 1, v, &attr, &cp);
    assert_int_equal(cp, pp);
    pte(k, v, &attr, &kp);
    assert_true(kp != pp);
    assert_int_equal(((uint8_t *)HAL_XPTR_VADDR(ppm_ppn2base(pp)))[0], 5);
    proc_copy_delete(c1, 1);
    proc_delete(k);
    proc_delete(p);
    check_no_leak();
}

/* A fork copies and counts each page of the parent under the parent's
 * PTE lock, which a COW fault holds while it replaces the page and until
 * it drops the old one: the fork of page v+1, locked here as by such a
 * fault, waits (it counted a page the fault was freeing: a reference
 * dropped twice, t_forkstorm on 4x2). */
static void test_fork_waits_for_pte_lock(void **state)
{
    (void)state;
    process_t *p = proc_new(1);
    vseg_t *a = vmm_create_vseg(p, VSEG_TYPE_ANON, 0, 2 * PG, 0, 0, XPTR_NULL, 0);
    vpn_t v = a->vpn_base;
    assert_int_equal(vmm_handle_page_fault(p, v), EXCP_NON_FATAL);
    assert_int_equal(vmm_handle_page_fault(p, v + 1), EXCP_NON_FATAL);
    uint32_t attr;
    ppn_t ppn;
    assert_int_equal(hal_gpt_lock_pte(gpt_of(p), v + 1, &attr, &ppn), 0);
    xptr_t page = ppm_ppn2page(ppn);
    assert_int_equal(page_remote_refcount(page), 1);
    process_t *k = proc_alloc(2);
    struct order_arg o = { .proc = p, .child = k, .parent_xp = XPTR(0, p), .cxy = 0,
                           .op = OP_FORK };
    pthread_t th;
    assert_int_equal(pthread_create(&th, NULL, order_worker, &o), 0);
    /* the fork reached page v (the child maps it), then... */
    for (;;) {
        uint32_t kattr;
        ppn_t kppn;
        if (k->vmm.gpt.ptr) {
            pte(k, v, &kattr, &kppn);
            if (kattr & GPT_MAPPED)
                break;
        }
        hal_cpu_relax();
    }
    for (int i = 0; i < 20000; i++)
        hal_cpu_relax();
    /* ...waits for page v+1: neither mapped in the child nor counted */
    assert_int_equal(o.done, 0);
    assert_int_equal(page_remote_refcount(page), 1);
    hal_gpt_unlock_pte(gpt_of(p), v + 1);
    pthread_join(th, NULL);
    assert_int_equal(o.result, EXCP_NON_FATAL);
    assert_int_equal(page_remote_refcount(page), 2);
    assert_int_equal(page_remote_forks(page), 1);
    fake_thread.process = p;
    vmm_set_cow(p);
    proc_delete(k);
    proc_delete(p);
    check_no_leak();
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup(test_gpt_remote_cluster, setup),
        cmocka_unit_test_setup(test_gpt_sv39_bits, setup),
        cmocka_unit_test_setup(test_gpt_lock_exclusion, setup),
        cmocka_unit_test_setup(test_vseg_create_conflict_remove, setup),
        cmocka_unit_test_setup(test_mmap_allocator, setup),
        cmocka_unit_test_setup(test_stack_slots, setup),
        cmocka_unit_test_setup(test_fault_anon_zeroed, setup),
        cmocka_unit_test_setup(test_fault_distributed_data, setup),
        cmocka_unit_test_setup(test_cow, setup),
        cmocka_unit_test_setup(test_fork_counted_before_cow, setup),
        cmocka_unit_test_setup(test_fork_copy_data_anon, setup),
        cmocka_unit_test_setup(test_fork_stack_of_forking_thread, setup),
        cmocka_unit_test_setup(test_resize_three_way, setup),
        cmocka_unit_test_setup(test_destroy_returns_everything, setup),
        cmocka_unit_test_setup(test_copy_munmap_reaches_every_copy, setup),
        cmocka_unit_test_setup(test_copy_mmap_in_reference, setup),
        cmocka_unit_test_setup(test_cow_remote_reference, setup),
        cmocka_unit_test_setup(test_copy_mprotect, setup),
        cmocka_unit_test_setup(test_stacks_unique_and_shared, setup),
        cmocka_unit_test_setup(test_unmap_respects_pte_lock, setup),
        cmocka_unit_test_setup(test_fault_munmap_race, setup),
        cmocka_unit_test_setup(test_fork_from_copy_after_cow, setup),
        cmocka_unit_test_setup(test_stack_exit_lock_order, setup),
        cmocka_unit_test_setup(test_foreign_stack_fault_lock_order, setup),
        cmocka_unit_test_setup(test_cow_lock_order, setup),
        cmocka_unit_test_setup(test_fork_waits_for_pte_lock, setup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
